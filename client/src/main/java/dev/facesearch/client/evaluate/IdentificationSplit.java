package dev.facesearch.client.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original design's split of a folder of people: of each person with more than N images, the
 * first N are enrolled and the rest are probes; a person with N or fewer is not enrolled at all,
 * and all their images are probes that should come back as unknown (open-set rejection).
 *
 * @param enroll images to enroll, by person
 * @param probes images of enrolled people to identify, by person
 * @param strangers images of people who are not enrolled, by person
 * @param <T> what an image is (a path, a name)
 */
public record IdentificationSplit<T>(
    Map<String, List<T>> enroll, Map<String, List<T>> probes, Map<String, List<T>> strangers) {

  /**
   * Splits people's images, each person's list already in the order that decides which come first.
   *
   * @param trainPerPerson N, at least 1
   */
  public static <T> IdentificationSplit<T> of(Map<String, List<T>> byPerson, int trainPerPerson) {
    if (trainPerPerson < 1) {
      throw new IllegalArgumentException("images to enroll per person must be at least 1");
    }
    Map<String, List<T>> enroll = new LinkedHashMap<>();
    Map<String, List<T>> probes = new LinkedHashMap<>();
    Map<String, List<T>> strangers = new LinkedHashMap<>();
    byPerson.forEach((person, images) -> {
      if (images.size() > trainPerPerson) {
        enroll.put(person, List.copyOf(images.subList(0, trainPerPerson)));
        probes.put(person, List.copyOf(images.subList(trainPerPerson, images.size())));
      } else if (!images.isEmpty()) {
        strangers.put(person, List.copyOf(images));
      }
    });
    return new IdentificationSplit<>(
        Collections.unmodifiableMap(enroll),
        Collections.unmodifiableMap(probes),
        Collections.unmodifiableMap(strangers));
  }

  static int count(Map<String, ? extends List<?>> images) {
    return images.values().stream().mapToInt(List::size).sum();
  }

  public int enrollCount() {
    return count(enroll);
  }

  public int probeCount() {
    return count(probes);
  }

  public int strangerCount() {
    return count(strangers);
  }
}
