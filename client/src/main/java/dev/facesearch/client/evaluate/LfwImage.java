package dev.facesearch.client.evaluate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An image named as LFW names them: a person's name (words joined by '_') and a 1-based number,
 * stored as {@code <Name>_NNNN.jpg}, either in the person's folder (LFW's own layout, {@code
 * <Name>/<Name>_0001.jpg}) or all in one folder.
 *
 * @param name the person, e.g. "George_W_Bush"
 * @param number the image's number, from 1
 */
public record LfwImage(String name, int number) {
  public LfwImage {
    if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
      throw new IllegalArgumentException("not a person's name: '" + name + "'");
    }
    if (number < 1 || number > 9999) {
      throw new IllegalArgumentException("image number out of 1..9999: " + number);
    }
  }

  /** The file name, e.g. "George_W_Bush_0007.jpg". */
  public String fileName() {
    return id() + ".jpg";
  }

  /** The name and zero-padded number, e.g. "George_W_Bush_0007", unique in LFW. */
  public String id() {
    return String.format(Locale.ROOT, "%s_%04d", name, number);
  }

  /** Where the image may be under an images folder: in its person's folder, else at the top. */
  public List<Path> candidates(Path images) {
    return List.of(images.resolve(name).resolve(fileName()), images.resolve(fileName()));
  }

  /** The first candidate that is a file, if any. */
  public Optional<Path> find(Path images) {
    return candidates(images).stream().filter(Files::isRegularFile).findFirst();
  }
}
