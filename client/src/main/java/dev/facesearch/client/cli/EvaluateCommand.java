package dev.facesearch.client.cli;

import dev.facesearch.client.evaluate.FaceChoice;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks the server's recognition on labelled photos. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    subcommands = {EvaluateVerificationCommand.class, EvaluateIdentificationCommand.class},
    description = "Benchmarks recognition on labelled photos: LFW verification, identification.")
final class EvaluateCommand {
  /** Model options shared by the evaluations: an existing collection's settings, or a model. */
  static final class ModelChoice {
    @CommandLine.Option(
        names = {"-c", "--collection"},
        description = "Use this collection's model and settings (detection, threshold).")
    String collection;

    @CommandLine.Option(
        names = "--model",
        description = "Embedding model without a collection (default resnet128).")
    String model;

    /** The model to use without a collection. */
    String model() {
      return model == null || model.isEmpty() ? "resnet128" : model;
    }

    /** What the embeddings depend on, to label reports and caches. */
    String describe() {
      return collection != null ? "collection=" + collection : "model=" + model();
    }

    /** The group picocli filled in, or the default (resnet128) when no option was given. */
    static ModelChoice orDefault(ModelChoice given) {
      return given != null ? given : new ModelChoice();
    }
  }

  /** Reads "central" or "largest", in any case. */
  static final class FaceChoiceConverter implements CommandLine.ITypeConverter<FaceChoice> {
    @Override
    public FaceChoice convert(String text) {
      try {
        return FaceChoice.valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a face choice: central or largest");
      }
    }
  }

  static String lower(FaceChoice choice) {
    return choice.name().toLowerCase(Locale.ROOT);
  }
}
