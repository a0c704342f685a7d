package dev.facesearch.models.dlib;

import java.io.IOException;

/**
 * Reads the string literals of one C++ function out of its source text, enough of a lexer to find
 * the data dlib embeds in headers.
 *
 * <p>It finds the function's definition (its name and {@code ()} followed by a body, not by the
 * {@code ;} of a declaration), walks the body to its matching brace while skipping comments and
 * character literals, and concatenates the ordinary string literals in it with their escapes
 * resolved (simple, octal and hexadecimal escapes, each one byte as in a narrow literal). Raw and
 * prefixed literals and universal character names are not handled; dlib's data uses none.
 */
final class CppStringLiterals {
  private final String source;
  private int position;

  private CppStringLiterals(String source, int position) {
    this.source = source;
    this.position = position;
  }

  /**
   * The concatenated string literals in the body of {@code function}, a function of no arguments.
   */
  static String inFunctionBody(String source, String function) throws IOException {
    String signature = function + "()";
    for (int at = source.indexOf(signature); at >= 0; at = source.indexOf(signature, at + 1)) {
      int brace = at + signature.length();
      while (brace < source.length() && Character.isWhitespace(source.charAt(brace))) {
        brace++;
      }
      if (brace < source.length() && source.charAt(brace) == '{') {
        return new CppStringLiterals(source, brace + 1).body(function);
      }
    }
    throw new IOException("no definition of " + function + "() found");
  }

  private String body(String function) throws IOException {
    StringBuilder literals = new StringBuilder();
    int depth = 1;
    while (depth > 0) {
      if (position >= source.length()) {
        throw new IOException("the body of " + function + "() does not end");
      }
      char c = source.charAt(position++);
      switch (c) {
        case '{' -> depth++;
        case '}' -> depth--;
        case '"' -> literal('"', literals);
        case '\'' -> literal('\'', new StringBuilder());
        case '/' -> skipComment();
        default -> {}
      }
    }
    return literals.toString();
  }

  /** Reads a literal whose opening quote has been read, appending its characters to {@code out}. */
  private void literal(char quote, StringBuilder out) throws IOException {
    int start = position - 1;
    while (true) {
      if (position >= source.length() || source.charAt(position) == '\n') {
        throw new IOException("unterminated literal at line " + line(start));
      }
      char c = source.charAt(position++);
      if (c == quote) {
        return;
      }
      if (c == '\\' && source.startsWith("\n", position)) {
        position++; // a line continuation, spliced away before the literal is read
      } else if (c == '\\' && source.startsWith("\r\n", position)) {
        position += 2;
      } else {
        out.append(c == '\\' ? escape(start) : c);
      }
    }
  }

  private char escape(int literalStart) throws IOException {
    if (position >= source.length()) {
      throw new IOException("unterminated literal at line " + line(literalStart));
    }
    char c = source.charAt(position++);
    return switch (c) {
      case '\'', '"', '?', '\\' -> c;
      case 'a' -> '\u0007';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> '\u000b';
      case 'x' -> number(16, Integer.MAX_VALUE, literalStart);
      default -> {
        if (c >= '0' && c <= '7') {
          position--;
          yield number(8, 3, literalStart);
        }
        throw new IOException("unsupported escape \\" + c + " at line " + line(literalStart));
      }
    };
  }

  /**
   * Reads up to {@code maxDigits} digits of a numeric escape, a byte value as in a char literal.
   */
  private char number(int radix, int maxDigits, int literalStart) throws IOException {
    int value = 0;
    int digits = 0;
    while (digits < maxDigits && position < source.length()) {
      int digit = Character.digit(source.charAt(position), radix);
      if (digit < 0) {
        break;
      }
      value = Math.min(value * radix + digit, 0x1_0000);
      position++;
      digits++;
    }
    if (digits == 0 || value > 0xFF) {
      throw new IOException("bad numeric escape at line " + line(literalStart));
    }
    return (char) value;
  }

  private void skipComment() throws IOException {
    if (source.startsWith("/", position)) {
      int end = source.indexOf('\n', position);
      position = end < 0 ? source.length() : end + 1;
    } else if (source.startsWith("*", position)) {
      int end = source.indexOf("*/", position + 1);
      if (end < 0) {
        throw new IOException("unterminated comment at line " + line(position));
      }
      position = end + 2;
    }
  }

  private int line(int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
