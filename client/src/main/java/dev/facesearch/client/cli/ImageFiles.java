package dev.facesearch.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Image files on disk as the original design lays them out: {@code DIR/<person>/<image>}, one
 * folder per person, images with extensions .jpg .jpeg .png .bmp .webp in any case.
 */
final class ImageFiles {
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp");

  private ImageFiles() {}

  /**
   * An image of a person.
   *
   * @param person the folder's name, the subject id
   * @param file the image
   */
  record PersonImage(String person, Path file) {}

  /** Whether a file has one of the image extensions. */
  static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
        && Files.isRegularFile(file);
  }

  /** Every image of every person folder, sorted by person then file name. */
  static List<PersonImage> byPerson(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCode.LOCAL_INPUT, dir + " is not a folder");
    }
    List<PersonImage> images = new ArrayList<>();
    try (Stream<Path> people = Files.list(dir)) {
      for (Path person : people.filter(Files::isDirectory).sorted().toList()) {
        for (Path file : images(person)) {
          images.add(new PersonImage(person.getFileName().toString(), file));
        }
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot list " + dir + ": " + e.getMessage());
    }
    return images;
  }

  /** The images directly in a folder, sorted by name. */
  static List<Path> images(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(ImageFiles::isImage).sorted().toList();
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot list " + folder + ": " + e.getMessage());
    }
  }

  /** Fails with a one-line error unless a file can be read. */
  static void checkReadable(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CliException(
          ExitCode.LOCAL_INPUT,
          "cannot read " + file + (Files.exists(file) ? "" : ": no such file"));
    }
  }

  /** A file's bytes, or a one-line error. */
  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(ExitCode.LOCAL_INPUT, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
