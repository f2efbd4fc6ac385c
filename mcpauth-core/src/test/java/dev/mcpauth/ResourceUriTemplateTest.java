package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Resource templates are matched as the MCP Java SDK's dispatcher matches them (issue #24, item 6):
 * a variable is one or more characters other than '/', whole-string match, literals taken
 * literally. mcpauth-mcp-sdk's differential test checks this against the SDK's own class; here the
 * rule is checked against a copy of the SDK's regex, on fixed cases and on random ones.
 */
class ResourceUriTemplateTest {

  /** The SDK's rule, as {@code DefaultMcpUriTemplateManager.matches} builds it (2.0 to 2.2). */
  private static boolean sdkRule(String template, String uri) {
    Matcher variable = Pattern.compile("\\{([^/]+?)\\}").matcher(template);
    if (!variable.find()) {
      return uri.equals(template);
    }
    variable.reset();
    StringBuilder regex = new StringBuilder("^");
    int last = 0;
    while (variable.find()) {
      regex.append(Pattern.quote(template.substring(last, variable.start()))).append("([^/]+?)");
      last = variable.end();
    }
    if (last < template.length()) {
      regex.append(Pattern.quote(template.substring(last)));
    }
    return Pattern.compile(regex.append('$').toString()).matcher(uri).matches();
  }

  private static boolean matches(String template, String uri) {
    return ResourceUriTemplate.parse(template).matches(uri);
  }

  @Test
  void aVariableIsAnythingButASlashSoQueriesFragmentsAndEncodedSlashesAreValues() {
    assertThat(matches("notes://{id}", "notes://1")).isTrue();
    assertThat(matches("notes://{id}", "notes://1?x=1")).isTrue();
    assertThat(matches("notes://{id}", "notes://1#x")).isTrue();
    assertThat(matches("notes://{id}", "notes://1%2Fsecret")).isTrue();
    assertThat(matches("notes://{id}", "notes://..")).isTrue();
    assertThat(matches("notes://{id}", "notes://1/2")).isFalse();
    assertThat(matches("notes://{id}", "notes://")).isFalse();
    assertThat(matches("notes://{id}", "notes://1\n")).isTrue(); // '$' is the end: matches()
  }

  @Test
  void literalsAreLiteralEvenWithRegexMetacharacters() {
    assertThat(matches("a.b://{x}", "a.b://1")).isTrue();
    assertThat(matches("a.b://{x}", "aXb://1")).isFalse();
    assertThat(matches("x+y://{id}", "x+y://1")).isTrue();
    assertThat(matches("x+y://{id}", "xxy://1")).isFalse();
    assertThat(matches("q://{a}\\E.*{b}", "q://1\\E.*2")).isTrue();
    assertThat(matches("q://{a}\\E.*{b}", "q://1\\Ezz2")).isFalse();
    assertThat(matches("plain://no-variables", "plain://no-variables")).isTrue();
    assertThat(matches("plain://no.variables", "plain://noXvariables")).isFalse();
  }

  @Test
  void severalVariablesAndLiteralsWithSlashes() {
    String t = "notes://{id}/attachments/{name}";
    assertThat(matches(t, "notes://42/attachments/a.png")).isTrue();
    assertThat(matches(t, "notes://42/attachments/a/b")).isFalse();
    assertThat(matches(t, "notes://42/x/attachments/a")).isFalse();
    assertThat(matches(t, "notes:///attachments/a")).isFalse();
    assertThat(matches("r://{a}-{b}", "r://1-2-3")).isTrue(); // a=1, b=2-3 (or a=1-2, b=3)
    assertThat(matches("r://{a}{b}", "r://1")).isFalse(); // two non-empty values need two chars
    assertThat(matches("r://{a}{b}", "r://12")).isTrue();
    assertThat(matches("{a}", "anything?at#all")).isTrue();
    assertThat(matches("{a}://x", "s://x")).isTrue();
  }

  @Test
  void templatesThatCouldBeReadTwoWaysAreRefused() {
    for (String bad :
        List.of(
            "notes://{id",
            "notes://id}",
            "notes://{}",
            "notes://{a/b}",
            "notes://{a{b}",
            "notes://{}}",
            "notes://{{id}}",
            " ",
            "notes://\uD800{id}")) {
      assertThatThrownBy(() -> ResourceUriTemplate.parse(bad), bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ResourceUriTemplate.hasVariables("notes://{id}")).isTrue();
    assertThat(ResourceUriTemplate.hasVariables("notes://{a/b}")).isFalse();
  }

  @Test
  void agreesWithTheSdkRuleOnRandomTemplatesAndUris() {
    Random random = new Random(24);
    // URIs also carry braces, an emoji (a surrogate pair) and lone surrogates
    String[] alphabet = {
      "a", "b", "/", "-", ".", "?", "#", "%", "{", "}", "\u00e9", "\uD83D\uDE00", "\uD83D", "\uDE00"
    };
    String[] literalParts = {"", "a", "b", "/", "-", ".", "a/", "/b", "a.b", "?", "#", "%2F"};
    int checked = 0;
    for (int t = 0; t < 400; t++) {
      StringBuilder template = new StringBuilder(literalParts[random.nextInt(literalParts.length)]);
      int variables = 1 + random.nextInt(3);
      for (int v = 0; v < variables; v++) {
        template.append("{v").append(v).append('}');
        template.append(literalParts[random.nextInt(literalParts.length)]);
      }
      String tpl = template.toString();
      ResourceUriTemplate compiled = ResourceUriTemplate.parse(tpl);
      for (int u = 0; u < 60; u++) {
        String uri = randomUri(random, tpl, alphabet);
        assertThat(compiled.matches(uri))
            .as("%s against %s", tpl, uri)
            .isEqualTo(sdkRule(tpl, uri));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(24_000);
  }

  /** Half mutations of an instance of the template (near misses), half random strings. */
  private static String randomUri(Random random, String template, String[] alphabet) {
    StringBuilder uri = new StringBuilder();
    if (random.nextBoolean()) {
      for (int i = 0; i < 1 + random.nextInt(12); i++) {
        uri.append(alphabet[random.nextInt(alphabet.length)]);
      }
      return uri.toString();
    }
    Matcher variable = Pattern.compile("\\{([^/]+?)\\}").matcher(template);
    int last = 0;
    while (variable.find()) {
      uri.append(template, last, variable.start());
      for (int i = random.nextInt(4); i >= 0; i--) {
        uri.append(alphabet[random.nextInt(alphabet.length)]);
      }
      if (random.nextInt(4) == 0) {
        uri.setLength(Math.max(0, uri.length() - 1 - random.nextInt(2)));
      }
      last = variable.end();
    }
    uri.append(template, last, template.length());
    return uri.toString();
  }

  @Test
  void decidesA100KbAdversarialUriInLinearTime() {
    // The SDK's regex backtracks polynomially here; the gate must not.
    String uri = "r://" + "-".repeat(100_000) + "/";
    ResourceUriTemplate template = ResourceUriTemplate.parse("r://{a}-{b}-{c}-{d}");
    assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> assertThat(template.matches(uri)).isFalse());
    assertThat(template.matches("r://" + "-".repeat(100_000))).isTrue();
  }
}
