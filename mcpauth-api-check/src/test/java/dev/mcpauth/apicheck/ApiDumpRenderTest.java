package dev.mcpauth.apicheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class ApiDumpRenderTest {

  private static final Path TEST_CLASSES = Path.of("target/test-classes");
  private static final List<String> FIXTURE = List.of("dev.mcpauth.apicheck.fixture");

  private static String fixtureDump() {
    return ApiDump.render(TEST_CLASSES, ApiDumpRenderTest.class.getClassLoader(), FIXTURE);
  }

  @Test
  void rendersEveryPublicTypeAndItsPublicAndProtectedMembers() {
    assertThat(fixtureDump())
        .isEqualTo(
            String.join(
                "\n",
                "public enum dev.mcpauth.apicheck.fixture.Color",
                "  public static final dev.mcpauth.apicheck.fixture.Color GREEN",
                "  public static final dev.mcpauth.apicheck.fixture.Color RED",
                "  public java.lang.String label()",
                "  public static dev.mcpauth.apicheck.fixture.Color valueOf(java.lang.String)",
                "  public static dev.mcpauth.apicheck.fixture.Color[] values()",
                "",
                "public @interface dev.mcpauth.apicheck.fixture.Marker",
                "  public abstract java.lang.String value()",
                "",
                "public sealed interface dev.mcpauth.apicheck.fixture.Shape permits"
                    + " dev.mcpauth.apicheck.fixture.Shape.Circle, dev.mcpauth.apicheck.fixture.Square",
                "  public abstract double area()",
                "",
                "public record dev.mcpauth.apicheck.fixture.Shape.Circle implements"
                    + " dev.mcpauth.apicheck.fixture.Shape",
                "  public dev.mcpauth.apicheck.fixture.Shape.Circle(double)",
                "  public double area()",
                "  public final boolean equals(java.lang.Object)",
                "  public final int hashCode()",
                "  public double radius()",
                "  public final java.lang.String toString()",
                "",
                "public non-sealed class dev.mcpauth.apicheck.fixture.Square implements"
                    + " dev.mcpauth.apicheck.fixture.Shape",
                "  public dev.mcpauth.apicheck.fixture.Square()",
                "  public double area()",
                "",
                "public class dev.mcpauth.apicheck.fixture.Widget<T extends java.lang.Comparable<T>>"
                    + " implements java.lang.Comparable<dev.mcpauth.apicheck.fixture.Widget<T>>",
                "  public static final java.lang.String NAME",
                "  protected int count",
                "  protected dev.mcpauth.apicheck.fixture.Widget(T) throws java.io.IOException",
                "  public dev.mcpauth.apicheck.fixture.Widget()",
                "  public int compareTo(dev.mcpauth.apicheck.fixture.Widget<T>)",
                "  protected void hook()",
                "  public <R> java.util.List<? super R> map(java.util.function.Function<? super T, ?"
                    + " extends R>, java.lang.String...)",
                "  public T value()",
                "",
                "public static final class dev.mcpauth.apicheck.fixture.Widget.Builder",
                "  public dev.mcpauth.apicheck.fixture.Widget.Builder()",
                "  public dev.mcpauth.apicheck.fixture.Widget.Builder name(java.lang.String)",
                "",
                "protected interface dev.mcpauth.apicheck.fixture.Widget.Hook",
                "  public abstract void run()",
                "  public default void twice()",
                ""));
  }

  @Test
  void leavesOutWhatCallersCannotReach() {
    String dump = fixtureDump();

    assertThat(dump)
        .doesNotContain("Hidden") // package-private type
        .doesNotContain("notApi") // public methods of unreachable types
        .doesNotContain("PackagePrivateNested")
        .doesNotContain("Deeper") // public, nested in a private class
        .doesNotContain(".internal.") // internal package
        .doesNotContain("packagePrivate")
        .doesNotContain("secret")
        .doesNotContain("hidden")
        .doesNotContain("Widget(int)")
        .doesNotContain("compareTo(java.lang.Object)") // bridge
        .doesNotContain("$"); // anonymous enum constant body, synthetic members
  }

  @Test
  void theOrderIsStable() {
    String dump = fixtureDump();
    assertThat(fixtureDump()).isEqualTo(dump);

    List<String> typeNames =
        Arrays.stream(dump.split("\n"))
            .filter(line -> !line.isEmpty() && !line.startsWith(" "))
            .map(
                line ->
                    line.replaceAll("^.*?(class|interface|enum|record) (\\S+?)(<.*| .*)?$", "$2"))
            .collect(Collectors.toList());
    assertThat(typeNames).isSorted().hasSize(8);
  }

  @Test
  void aNewPublicMethodChangesTheDumpAndAPackagePrivateOneDoesNot(@TempDir Path dir)
      throws IOException {
    String before = compileAndRender(dir.resolve("v1"), "");
    String withPublic =
        compileAndRender(dir.resolve("v2"), "public int added(int x) { return x; }");
    String withPackagePrivate =
        compileAndRender(dir.resolve("v3"), "int added(int x) { return x; }");

    assertThat(withPackagePrivate).isEqualTo(before);
    assertThat(withPublic).isNotEqualTo(before);
    assertThat(ApiDump.diff(before, withPublic))
        .isEqualTo("@@ public final class p.Api\n+   public int added(int)\n");
    assertThat(ApiDump.diff(withPublic, before))
        .isEqualTo("@@ public final class p.Api\n-   public int added(int)\n");
  }

  @Test
  void theCheckFailsWithTheDiffAndTheUpdateCommand(@TempDir Path module) throws IOException {
    compile(module.resolve("target/classes"), "public int added(int x) { return x; }");
    Path file = module.resolve("api/p-module.api");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "public final class p.Api\n  public p.Api()\n");

    try (URLClassLoader loader = loader(module.resolve("target/classes"))) {
      assertThatThrownBy(() -> ApiDump.assertMatchesFile(module, "p-module", loader, "p"))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageStartingWith(
              "the public API changed: review the diff, then run mvn -B test -pl p-module -am"
                  + " -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true"
                  + " and commit api/p-module.api with the change")
          .hasMessageEndingWith("@@ public final class p.Api\n+   public int added(int)\n");
    }
  }

  @Test
  void theUpdatePropertyRewritesTheFile(@TempDir Path module) throws IOException {
    compile(module.resolve("target/classes"), "");
    Path file = module.resolve("api/p-module.api");
    try (URLClassLoader loader = loader(module.resolve("target/classes"))) {
      assertThatThrownBy(() -> ApiDump.assertMatchesFile(module, "p-module", loader, "p"))
          .hasMessageStartingWith("no recorded API");

      System.setProperty(ApiDump.UPDATE_PROPERTY, "true");
      try {
        ApiDump.assertMatchesFile(module, "p-module", loader, "p");
      } finally {
        System.clearProperty(ApiDump.UPDATE_PROPERTY);
      }
      assertThat(Files.readString(file, StandardCharsets.UTF_8))
          .isEqualTo("public final class p.Api\n  public p.Api()\n");
      ApiDump.assertMatchesFile(module, "p-module", loader, "p"); // now passes
    }
  }

  private static String compileAndRender(Path classes, String extraMember) throws IOException {
    compile(classes, extraMember);
    try (URLClassLoader loader = loader(classes)) {
      return ApiDump.render(classes, loader, List.of("p"));
    }
  }

  /** Compiles {@code p.Api} (plus one member) and a package-private {@code p.Impl} into classes. */
  private static void compile(Path classes, String extraMember) throws IOException {
    Path sources = Files.createDirectories(classes.resolveSibling(classes.getFileName() + "-src"));
    Files.createDirectories(classes);
    Path api = sources.resolve("Api.java");
    Files.writeString(api, "package p; public final class Api { " + extraMember + " }");
    Path impl = sources.resolve("Impl.java");
    Files.writeString(impl, "package p; class Impl { public void notApi() {} }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", classes.toString()));
    args.add(api.toString());
    args.add(impl.toString());
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
  }

  private static URLClassLoader loader(Path classes) throws IOException {
    return new URLClassLoader(
        new URL[] {classes.toUri().toURL()}, ApiDumpRenderTest.class.getClassLoader());
  }
}
