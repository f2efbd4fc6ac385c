package dev.mcpauth.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every java code block in README.md and docs/ is a tagged region of the compiled examples. */
class DocsCodeBlocksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern REGION =
      Pattern.compile("// tag::([\\w-]+)\\[\\]\\n(.*?)\\n\\s*// end::\\1\\[\\]", Pattern.DOTALL);
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);

  private static String dedent(String text) {
    List<String> lines = List.of(text.split("\n", -1));
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
        .collect(Collectors.joining("\n"))
        .stripTrailing();
  }

  private static Set<String> regions() throws IOException {
    Set<String> out = new HashSet<>();
    try (Stream<Path> files =
        Stream.concat(
            Files.walk(ROOT.resolve("examples/src/main/java")),
            Files.walk(ROOT.resolve("examples-spring/src/main/java")))) {
      for (Path f :
          files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        Matcher m = REGION.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          out.add(dedent(m.group(2)));
        }
      }
    }
    return out;
  }

  @Test
  void everyJavaBlockInTheDocsIsCompiledSource() throws IOException {
    Set<String> regions = regions();
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files
          .filter(p -> p.toString().endsWith(".md") && !p.startsWith(ROOT.resolve("docs/src")))
          .forEach(docs::add);
    }
    int blocks = 0;
    for (Path doc : docs) {
      Matcher m = BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
      while (m.find()) {
        blocks++;
        assertThat(regions)
            .as(
                "a java block of "
                    + ROOT.relativize(doc)
                    + " is not compiled source:\n"
                    + m.group(1))
            .contains(dedent(m.group(1)));
      }
    }
    assertThat(blocks).isGreaterThan(10);
  }
}
