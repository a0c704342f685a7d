package dev.facesearch.server.auth;

import dev.facesearch.api.v1.AnalyzeFacesRequest;
import dev.facesearch.api.v1.CompactCollectionRequest;
import dev.facesearch.api.v1.CreateCollectionRequest;
import dev.facesearch.api.v1.DeleteCollectionRequest;
import dev.facesearch.api.v1.DeleteFaceRequest;
import dev.facesearch.api.v1.DeleteSubjectRequest;
import dev.facesearch.api.v1.DetectRequest;
import dev.facesearch.api.v1.EnrollRequest;
import dev.facesearch.api.v1.FaceSearchGrpc;
import dev.facesearch.api.v1.GetCollectionRequest;
import dev.facesearch.api.v1.GetSubjectRequest;
import dev.facesearch.api.v1.IdentifyRequest;
import dev.facesearch.api.v1.ListCollectionsRequest;
import dev.facesearch.api.v1.ListSubjectsRequest;
import dev.facesearch.api.v1.VerifyRequest;
import io.grpc.MethodDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one table of what each FaceSearch method needs: a permission, and where the request names its
 * collection.
 *
 * <p>A method whose request names no collection (ListCollections, or Detect and AnalyzeFaces
 * without one) touches no gallery, so any valid key may call it. A method missing from the table is
 * refused to every key, so a new RPC is closed until it gets a rule.
 */
public final class AccessRules {
  /** What one method needs, and how to find the collection in its request. */
  public record Rule(String method, Permission permission, Function<Object, String> collection) {
    /** Whether {@code key} may make this call with this request. */
    boolean allows(ApiKey key, Object request) {
      String name = collection.apply(request);
      return name.isEmpty() ? !key.scopes().isEmpty() : key.allows(permission, name);
    }
  }

  private static final Map<String, Rule> RULES = new LinkedHashMap<>();

  static {
    rule(
        FaceSearchGrpc.getCreateCollectionMethod(),
        CreateCollectionRequest.class,
        Permission.ADMIN,
        CreateCollectionRequest::getName);
    rule(
        FaceSearchGrpc.getDeleteCollectionMethod(),
        DeleteCollectionRequest.class,
        Permission.ADMIN,
        DeleteCollectionRequest::getName);
    rule(
        FaceSearchGrpc.getCompactCollectionMethod(),
        CompactCollectionRequest.class,
        Permission.ADMIN,
        CompactCollectionRequest::getName);
    rule(
        FaceSearchGrpc.getGetCollectionMethod(),
        GetCollectionRequest.class,
        Permission.READ,
        GetCollectionRequest::getName);
    rule(
        FaceSearchGrpc.getListCollectionsMethod(),
        ListCollectionsRequest.class,
        Permission.READ,
        r -> "");
    rule(
        FaceSearchGrpc.getEnrollMethod(),
        EnrollRequest.class,
        Permission.WRITE,
        EnrollRequest::getCollection);
    rule(
        FaceSearchGrpc.getDeleteSubjectMethod(),
        DeleteSubjectRequest.class,
        Permission.WRITE,
        DeleteSubjectRequest::getCollection);
    rule(
        FaceSearchGrpc.getDeleteFaceMethod(),
        DeleteFaceRequest.class,
        Permission.WRITE,
        DeleteFaceRequest::getCollection);
    rule(
        FaceSearchGrpc.getIdentifyMethod(),
        IdentifyRequest.class,
        Permission.READ,
        IdentifyRequest::getCollection);
    rule(
        FaceSearchGrpc.getVerifyMethod(),
        VerifyRequest.class,
        Permission.READ,
        VerifyRequest::getCollection);
    rule(
        FaceSearchGrpc.getGetSubjectMethod(),
        GetSubjectRequest.class,
        Permission.READ,
        GetSubjectRequest::getCollection);
    rule(
        FaceSearchGrpc.getListSubjectsMethod(),
        ListSubjectsRequest.class,
        Permission.READ,
        ListSubjectsRequest::getCollection);
    rule(
        FaceSearchGrpc.getDetectMethod(),
        DetectRequest.class,
        Permission.READ,
        DetectRequest::getCollection);
    rule(
        FaceSearchGrpc.getAnalyzeFacesMethod(),
        AnalyzeFacesRequest.class,
        Permission.READ,
        AnalyzeFacesRequest::getCollection);
  }

  private AccessRules() {}

  private static <T> void rule(
      MethodDescriptor<T, ?> method,
      Class<T> requestType,
      Permission permission,
      Function<T, String> collection) {
    String name = method.getFullMethodName();
    RULES.put(
        name, new Rule(name, permission, request -> collection.apply(requestType.cast(request))));
  }

  /** The rule of a method, by its full name ("facesearch.v1.FaceSearch/Enroll"). */
  public static Optional<Rule> of(String fullMethodName) {
    return Optional.ofNullable(RULES.get(fullMethodName));
  }

  /** Every rule, in the order of the table. */
  public static Map<String, Rule> all() {
    return java.util.Collections.unmodifiableMap(RULES);
  }
}
