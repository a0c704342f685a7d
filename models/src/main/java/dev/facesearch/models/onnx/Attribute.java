package dev.facesearch.models.onnx;

import com.google.protobuf.ByteString;
import dev.facesearch.models.onnx.proto.AttributeProto;
import java.nio.charset.StandardCharsets;

/** An attribute of an ONNX node, such as {@code strides} or {@code group}. */
public record Attribute(AttributeProto proto) {

  public static Attribute i(String name, long value) {
    return new Attribute(
        AttributeProto.newBuilder()
            .setName(name)
            .setType(AttributeProto.AttributeType.INT)
            .setI(value)
            .build());
  }

  public static Attribute f(String name, float value) {
    return new Attribute(
        AttributeProto.newBuilder()
            .setName(name)
            .setType(AttributeProto.AttributeType.FLOAT)
            .setF(value)
            .build());
  }

  public static Attribute s(String name, String value) {
    return new Attribute(
        AttributeProto.newBuilder()
            .setName(name)
            .setType(AttributeProto.AttributeType.STRING)
            .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8))
            .build());
  }

  public static Attribute ints(String name, long... values) {
    AttributeProto.Builder proto =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      proto.addInts(v);
    }
    return new Attribute(proto.build());
  }

  public static Attribute floats(String name, float... values) {
    AttributeProto.Builder proto =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
    for (float v : values) {
      proto.addFloats(v);
    }
    return new Attribute(proto.build());
  }
}
