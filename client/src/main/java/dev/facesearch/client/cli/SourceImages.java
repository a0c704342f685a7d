package dev.facesearch.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The images of a folder for the batch commands: those of its person folders ({@code
 * DIR/<person>/<image>}) and those directly inside it, each with the names its outputs take.
 */
final class SourceImages {
  private SourceImages() {}

  /**
   * An image to analyse.
   *
   * @param person the person folder it is in, if any
   * @param file the image
   * @param relative its path under the folder, with '/' separators, for reports and CSV
   * @param stem its name without extension; the whole name when another image of its folder has the
   *     same stem (a.jpg and a.png), so that outputs named after it do not collide
   */
  record SourceImage(Optional<String> person, Path file, String relative, String stem) {
    /** The subject its faces belong to: the person folder, else the file's stem. */
    String subject() {
      return person.orElse(stem);
    }

    /** Where an output named {@code name} goes under {@code out}, mirroring the person folder. */
    Path output(Path out, String name) {
      return person.map(out::resolve).orElse(out).resolve(name);
    }
  }

  /** Every image directly in {@code dir} and in its person folders, sorted by relative path. */
  static List<SourceImage> list(Path dir) {
    List<SourceImage> images = new ArrayList<>();
    for (Path file : ImageFiles.images(nonEmptyFolder(dir))) {
      images.add(image(Optional.empty(), file, file.getFileName().toString()));
    }
    for (ImageFiles.PersonImage image : ImageFiles.byPerson(dir)) {
      images.add(
          image(
              Optional.of(image.person()),
              image.file(),
              image.person() + "/" + image.file().getFileName()));
    }
    if (images.isEmpty()) {
      throw new CliException(
          ExitCode.LOCAL_INPUT, dir + " holds no images (.jpg .jpeg .png .bmp .webp)");
    }
    images.sort(Comparator.comparing(SourceImage::relative));
    return uniqueStems(images);
  }

  private static Path nonEmptyFolder(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CliException(ExitCode.LOCAL_INPUT, dir + " is not a folder");
    }
    return dir;
  }

  private static SourceImage image(Optional<String> person, Path file, String relative) {
    String name = file.getFileName().toString();
    return new SourceImage(person, file, relative, name.substring(0, name.lastIndexOf('.')));
  }

  private static List<SourceImage> uniqueStems(List<SourceImage> images) {
    Map<String, Integer> counts = new HashMap<>();
    for (SourceImage image : images) {
      counts.merge(key(image), 1, Integer::sum);
    }
    return images.stream()
        .map(i ->
            counts.get(key(i)) == 1
                ? i
                : new SourceImage(
                    i.person(), i.file(), i.relative(), i.file().getFileName().toString()))
        .toList();
  }

  /** Stems compared as a case-insensitive file system would, where A.jpg and a.png collide. */
  private static String key(SourceImage image) {
    return image.person().orElse("") + "/" + image.stem().toLowerCase(Locale.ROOT);
  }
}
