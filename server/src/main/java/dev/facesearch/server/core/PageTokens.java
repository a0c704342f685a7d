package dev.facesearch.server.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Page tokens of subject listings: the last subject id of a page, in URL-safe base64. Callers treat
 * them as opaque.
 */
final class PageTokens {
  private PageTokens() {}

  static String encode(String lastSubjectId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastSubjectId.getBytes(StandardCharsets.UTF_8));
  }

  /** The subject id after which the page starts; empty for an empty token. */
  static String decode(String token) {
    if (token.isEmpty()) {
      return "";
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new InvalidInputException("page_token is not one this server issued");
    }
  }
}
