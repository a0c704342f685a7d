package dev.facesearch.server.gallery;

import java.util.List;
import java.util.Optional;

/**
 * A page of subjects.
 *
 * @param subjects the subjects, in subject id order
 * @param lastOfPage the last subject id of this page when more pages follow
 */
public record SubjectPage(List<Subject> subjects, Optional<String> lastOfPage) {
  public SubjectPage {
    subjects = List.copyOf(subjects);
  }
}
