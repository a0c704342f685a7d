package dev.facesearch.client.cli;

import dev.facesearch.api.v1.FaceVerification;
import dev.facesearch.api.v1.VerifyRequest;
import dev.facesearch.api.v1.VerifyResponse;
import dev.facesearch.client.FaceSearchClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Decides whether a photo shows an enrolled subject, or the same person as another photo. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "facesearch client verify IMG --subject SUBJECT -c COLLECTION [options]",
      "facesearch client verify IMG1 IMG2 -c COLLECTION [options]",
    },
    description = {
      "Decides whether IMG shows an enrolled subject, or the same person as IMG2's largest face."
          + " Every face of IMG is compared; prints match, distance, similarity and the"
          + " collection's threshold.",
      "The exit status is 0 whether or not they match: the answer is data, not an error. It is 1"
          + " only when the server refused the request (unknown subject or collection, no face in"
          + " IMG2, an unreadable image)."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "IMG",
      arity = "1..2",
      description = "The probe photo, and the reference photo unless --subject is given.")
  List<Path> images;

  @Option(names = "--subject", paramLabel = "SUBJECT", description = "The claimed subject.")
  String subject;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      description = "The collection: its model and match threshold decide.")
  String collection;

  @Mixin DetectionOptions detection;

  @Override
  public Integer call() {
    if ((subject == null) == (images.size() == 1)) {
      throw new ParameterException(
          spec.commandLine(), "give either IMG --subject SUBJECT, or IMG1 IMG2");
    }
    FaceSearchCli cli = FaceSearchCli.root(spec);
    PrintWriter out = spec.commandLine().getOut();
    images.forEach(ImageFiles::checkReadable);
    VerifyRequest.Builder request =
        VerifyRequest.newBuilder()
            .setCollection(collection)
            .setProbe(FaceSearchClient.image(ImageFiles.read(images.get(0))))
            .setDetection(detection.settings());
    if (subject != null) {
      request.setSubjectId(subject);
    } else {
      request.setReferenceInput(FaceSearchClient.image(ImageFiles.read(images.get(1))));
    }
    VerifyResponse response;
    try (FaceSearchClient client = cli.connect()) {
      response = client.verify(request.build());
    }
    if (cli.json()) {
      Output.json(out, response);
    } else {
      print(out, response);
    }
    return ExitCode.OK;
  }

  private void print(PrintWriter out, VerifyResponse response) {
    String reference = subject != null ? "subject " + subject : images.get(1).toString();
    if (response.getFacesCount() == 0) {
      out.println("match:      no (no face found in " + images.get(0) + ")");
    } else {
      out.println("match:      " + (response.getMatch() ? "yes" : "no") + " (" + reference + ")");
      out.printf("distance:   %.4f%n", response.getDistance());
      out.printf("similarity: %.4f%n", response.getSimilarity());
    }
    out.println("threshold:  " + response.getThreshold());
    if (response.getFacesCount() > 1) {
      int n = 1;
      for (FaceVerification face : response.getFacesList()) {
        out.printf(
            "  face %d at %s: %s, distance %.4f%n",
            n++,
            Text.box(face.getBox()),
            face.getMatch() ? "match" : "no match",
            face.getDistance());
      }
    }
  }
}
