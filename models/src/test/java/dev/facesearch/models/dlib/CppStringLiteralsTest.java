package dev.facesearch.models.dlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Finding a function's body and reading its string literals as a C++ compiler would. */
class CppStringLiteralsTest {
  @Test
  void inFunctionBody_readsOnlyTheDefinitionsLiterals() throws IOException {
    String source =
        """
        const char* f();  // a declaration: "not this"
        void g() { use(f()); puts("nor this"); }
        const char* f()
        {
            /* a comment with a brace { and a "quote" */
            char quote = '"', brace = '{';
            if (true) { s << "one"; }  // "not this"
            s << "two" "three";
            return "four";
        }
        const char* h() { return "nor this"; }
        """;
    assertEquals("onetwothreefour", CppStringLiterals.inFunctionBody(source, "f"));
  }

  @Test
  void inFunctionBody_resolvesEscapes() throws IOException {
    String source =
        """
        f() { s << "a\\x41\\101\\0\\n\\t\\\\\\"\\'\\?b\\
        c"; }
        """;
    assertEquals("aAA\0\n\t\\\"'?bc", CppStringLiterals.inFunctionBody(source, "f"));
  }

  @Test
  void inFunctionBody_badSource_throws() {
    assertMessage("no definition of f() found", "f();");
    assertMessage("the body of f() does not end", "f() { s << \"x\";");
    assertMessage("unterminated literal at line 2", "f() {\n s << \"x;\n}");
    assertMessage("unsupported escape \\u at line 1", "f() { s << \"\\u00e9\"; }");
    assertMessage("bad numeric escape at line 1", "f() { s << \"\\x141\"; }");
    assertMessage("unterminated comment at line 1", "f() { /* }");
  }

  private static void assertMessage(String expected, String source) {
    IOException e =
        assertThrows(IOException.class, () -> CppStringLiterals.inFunctionBody(source, "f"));
    assertEquals(expected, e.getMessage());
  }
}
