package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every English page (a template in docs/src) has a Japanese counterpart in docs/src/ja that
 * includes the same compiled examples in the same order, shows the same code blocks (commands, XML,
 * java), and the two link to each other. README.md's counterpart is ja/getting-started.md.
 */
class DocsTranslationsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SRC = ROOT.resolve("docs/src");
  private static final Path JA = SRC.resolve("ja");
  private static final String README = "README.md";
  private static final String README_JA = "getting-started.md";
  private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*@@include ([\\w-]+)@@\\s*$");

  /** A fenced code block, possibly indented in a list item: indent, language, body. */
  private static final Pattern FENCE =
      Pattern.compile("(?ms)^( *)```([\\w-]*)\\n(.*?)\\n\\1```[ \\t]*$");

  private static List<String> englishPages() throws IOException {
    try (Stream<Path> files = Files.list(SRC)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".md"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static String japaneseName(String english) {
    return english.equals(README) ? README_JA : english;
  }

  /** Where render.py writes a template of docs/src. */
  private static Path rendered(Path template) {
    Path relative = SRC.relativize(template);
    return relative.toString().equals(README)
        ? ROOT.resolve(README)
        : ROOT.resolve("docs").resolve(relative);
  }

  private static List<String> matches(Pattern pattern, Path file) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void everyEnglishPageHasAJapaneseCounterpart() throws IOException {
    List<String> english = englishPages();
    assertThat(english).contains(README, "configure-server.md", "bearer-auth.md");
    for (String page : english) {
      assertThat(JA.resolve(japaneseName(page)))
          .as(
              "docs/src/%s has no Japanese counterpart: translate it to docs/src/ja/%s",
              page, japaneseName(page))
          .isRegularFile();
    }
  }

  @Test
  void everyJapanesePageTranslatesAnEnglishOne() throws IOException {
    List<String> expected = new ArrayList<>();
    for (String page : englishPages()) {
      expected.add(japaneseName(page));
    }
    try (Stream<Path> files = Files.list(JA)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")))
          .as("Japanese pages in docs/src/ja without an English original")
          .isSubsetOf(expected);
    }
  }

  @Test
  void aJapaneseTemplateIncludesTheSameExamplesInTheSameOrder() throws IOException {
    int includes = 0;
    for (String page : englishPages()) {
      Path japanese = JA.resolve(japaneseName(page));
      List<String> tags = matches(INCLUDE, SRC.resolve(page));
      includes += tags.size();
      assertThat(matches(INCLUDE, japanese))
          .as(
              "@@include lines of docs/src/ja/%s must be those of docs/src/%s, in the same order",
              japaneseName(page), page)
          .containsExactlyElementsOf(tags);
    }
    assertThat(includes).isGreaterThan(10);
  }

  /** Every fenced block but diagrams (whose labels are translated): java, XML, shell commands. */
  private static List<String> codeBlocks(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = FENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (m.find()) {
      if (!m.group(2).equals("mermaid")) {
        out.add(m.group(2) + "\n" + m.group(3));
      }
    }
    return out;
  }

  @Test
  void renderedCounterpartsShowTheSameCodeBlocks() throws IOException {
    int blocks = 0;
    for (String page : englishPages()) {
      Path english = rendered(SRC.resolve(page));
      Path japanese = rendered(JA.resolve(japaneseName(page)));
      List<String> expected = codeBlocks(english);
      blocks += expected.size();
      assertThat(codeBlocks(japanese))
          .as(
              "code blocks of %s differ from those of %s (java blocks: run python3 docs/src/render.py)",
              ROOT.relativize(japanese), ROOT.relativize(english))
          .containsExactlyElementsOf(expected);
    }
    assertThat(blocks).isGreaterThan(20);
  }

  @Test
  void counterpartsLinkToEachOther() throws IOException {
    for (String page : englishPages()) {
      String japanese = japaneseName(page);
      String toJapanese =
          page.equals(README) ? "](docs/ja/" + japanese + ")" : "](ja/" + japanese + ")";
      String toEnglish = page.equals(README) ? "](../../" + README + ")" : "](../" + page + ")";
      assertThat(Files.readString(SRC.resolve(page), StandardCharsets.UTF_8))
          .as("docs/src/%s links to its Japanese page", page)
          .contains(toJapanese);
      assertThat(Files.readString(JA.resolve(japanese), StandardCharsets.UTF_8))
          .as("docs/src/ja/%s links to its English page", japanese)
          .contains(toEnglish);
    }
  }
}
