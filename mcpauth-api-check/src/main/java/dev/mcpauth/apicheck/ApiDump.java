package dev.mcpauth.apicheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * The public API of a module as sorted text, one line per type and per public or protected member:
 * the checked-in {@code api/<artifactId>.api} file each published module's {@code ApiDumpTest}
 * compares with its compiled classes, so that an API change is always a visible change of that file
 * in the same commit (the habit of Kotlin's binary-compatibility-validator and Android's API
 * files).
 *
 * <p>What is listed: every public top-level type, and every public or protected nested type whose
 * enclosing types are all public or protected, in the given packages (a package and its
 * subpackages), except packages with an {@code internal} segment. For each type: one line with its
 * modifiers, kind, name, type parameters, supertypes and permitted subtypes, then one indented line
 * per public or protected field, constructor and method it declares (generic signature, {@code
 * throws} clause). Synthetic and bridge members, and members only inherited from {@code Object},
 * {@code Record} or {@code Enum}, are not listed. Parameter names, annotations and constant values
 * are not part of the dump. Public members a listed type only inherits from a non-public superclass
 * are not listed either (no published module has such a superclass today).
 *
 * <p>The text is rendered from reflection over already compiled classes (loaded without being
 * initialized), with its own type rendering rather than {@code toGenericString}, so that the same
 * classes give the same text on every JDK from 17 on.
 */
public final class ApiDump {

  /**
   * The system property that makes {@link #assertMatchesFile} rewrite the file instead of failing.
   */
  public static final String UPDATE_PROPERTY = "api.update";

  private ApiDump() {}

  /**
   * Renders the public API of the classes compiled under {@code classesDir}.
   *
   * @param classesDir a classes directory such as {@code target/classes}
   * @param loader the class loader that loads those classes (a test's own loader does)
   * @param packages the API packages; each also covers its subpackages
   * @return the dump, one line per type or member, ending with a newline
   */
  public static String render(Path classesDir, ClassLoader loader, List<String> packages) {
    List<Class<?>> types = new ArrayList<>();
    for (String name : classNames(classesDir)) {
      if (!inPackages(name, packages)) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException(
            "cannot load " + name + " from the test class path to read its API: " + e, e);
      }
      if (isApi(type)) {
        types.add(type);
      }
    }
    types.sort(Comparator.comparing(Class::getName));
    StringBuilder out = new StringBuilder();
    for (Class<?> type : types) {
      if (out.length() > 0) {
        out.append('\n'); // a blank line between types
      }
      out.append(typeLine(type)).append('\n');
      for (String member : memberLines(type)) {
        out.append("  ").append(member).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Compares the rendered API of a module with its checked-in file, or rewrites that file when the
   * system property {@value #UPDATE_PROPERTY} is {@code true}.
   *
   * @param moduleDir the module's directory (a test's working directory under Maven)
   * @param artifactId the module's artifact id: the file is {@code api/<artifactId>.api}
   * @param loader the class loader that loads the module's classes
   * @param packages the module's API packages
   * @throws org.opentest4j.AssertionFailedError when the API and the file differ, with the
   *     difference and the command that updates the file
   */
  public static void assertMatchesFile(
      Path moduleDir, String artifactId, ClassLoader loader, String... packages) {
    Path classes = moduleDir.resolve("target/classes");
    Path file = moduleDir.resolve("api").resolve(artifactId + ".api");
    String actual = render(classes, loader, List.of(packages));
    String update =
        "mvn -B test -pl "
            + artifactId
            + " -am -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true";
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        Assertions.fail(
            "no recorded API: "
                + file
                + " does not exist; run "
                + update
                + " and commit api/"
                + artifactId
                + ".api");
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
      if (!expected.equals(actual)) {
        Assertions.fail(
            "the public API changed: review the diff, then run "
                + update
                + " and commit api/"
                + artifactId
                + ".api with the change\n"
                + "(- only in api/"
                + artifactId
                + ".api, + only in the code)\n"
                + diff(expected, actual));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A line diff of two dumps: each changed line with a {@code -} (only in {@code expected}) or
   * {@code +} (only in {@code actual}), under the header of the type it belongs to.
   *
   * @param expected the recorded dump
   * @param actual the rendered dump
   * @return the difference, empty when there is none
   */
  public static String diff(String expected, String actual) {
    String[] a = expected.split("\n", -1);
    String[] b = actual.split("\n", -1);
    // Longest common subsequence, from the end, so the walk below runs forwards.
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] =
            a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    String header = null;
    String printedHeader = null;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        if (isTypeLine(a[i])) {
          header = a[i];
        }
        i++;
        j++;
        continue;
      }
      boolean takeExpected = j == b.length || (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1]);
      String line = takeExpected ? a[i++] : b[j++];
      if (line.isEmpty()) {
        continue;
      }
      if (isTypeLine(line)) {
        header = null;
      } else if (header != null && !header.equals(printedHeader)) {
        out.append("@@ ").append(header).append('\n');
        printedHeader = header;
      }
      out.append(takeExpected ? "- " : "+ ").append(line).append('\n');
    }
    return out.toString();
  }

  private static boolean isTypeLine(String line) {
    return !line.isEmpty() && !line.startsWith(" ");
  }

  private static List<String> classNames(Path classesDir) {
    if (!Files.isDirectory(classesDir)) {
      throw new IllegalArgumentException("not a classes directory: " + classesDir.toAbsolutePath());
    }
    try (Stream<Path> files = Files.walk(classesDir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".class"))
          .map(
              f ->
                  classesDir
                      .relativize(f)
                      .toString()
                      .replace(f.getFileSystem().getSeparator(), "."))
          .map(n -> n.substring(0, n.length() - ".class".length()))
          .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean inPackages(String className, List<String> packages) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    if (Arrays.asList(pkg.split("\\.")).contains("internal")) {
      return false;
    }
    return packages.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
  }

  /** Public top-level types, and public or protected nested types reachable through such types. */
  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      int m = t.getModifiers();
      boolean visible =
          t.getDeclaringClass() == null
              ? Modifier.isPublic(m)
              : Modifier.isPublic(m) || Modifier.isProtected(m);
      if (!visible) {
        return false;
      }
    }
    return true;
  }

  private static String typeLine(Class<?> type) {
    int m = type.getModifiers();
    List<String> words = new ArrayList<>();
    words.add(Modifier.isPublic(m) ? "public" : "protected");
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
    } else if (type.isInterface()) {
      kind = "interface";
    } else if (type.isEnum()) {
      kind = "enum";
    } else if (type.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    boolean plainClass = kind.equals("class");
    // Implied modifiers (static nested interfaces, enums and records, final records, abstract
    // interfaces, sealed enums with constant bodies) are left out: they are not a choice.
    if (plainClass && type.getDeclaringClass() != null && Modifier.isStatic(m)) {
      words.add("static");
    }
    if (plainClass && Modifier.isAbstract(m)) {
      words.add("abstract");
    }
    if (plainClass && Modifier.isFinal(m)) {
      words.add("final");
    }
    if (!type.isEnum() && type.isSealed()) {
      words.add("sealed");
    } else if (!type.isEnum() && !Modifier.isFinal(m) && hasSealedSupertype(type)) {
      words.add("non-sealed");
    }
    words.add(kind);
    StringBuilder line = new StringBuilder(String.join(" ", words));
    line.append(' ').append(typeName(type)).append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (plainClass && superclass != null && superclass != Object.class) {
      line.append(" extends ").append(typeName(superclass));
    }
    List<String> interfaces =
        Arrays.stream(type.getGenericInterfaces())
            .filter(t -> !(type.isAnnotation() && t == java.lang.annotation.Annotation.class))
            .map(ApiDump::typeName)
            .collect(Collectors.toList());
    if (!interfaces.isEmpty()) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(String.join(", ", interfaces));
    }
    if (!type.isEnum() && type.isSealed()) {
      line.append(" permits ")
          .append(
              Arrays.stream(type.getPermittedSubclasses())
                  .map(ApiDump::typeName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static boolean hasSealedSupertype(Class<?> type) {
    Class<?> superclass = type.getSuperclass();
    return (superclass != null && superclass.isSealed())
        || Arrays.stream(type.getInterfaces()).anyMatch(Class::isSealed);
  }

  private static List<String> memberLines(Class<?> type) {
    List<Member> members = new ArrayList<>();
    members.addAll(Arrays.asList(type.getDeclaredFields()));
    members.addAll(Arrays.asList(type.getDeclaredConstructors()));
    members.addAll(Arrays.asList(type.getDeclaredMethods()));
    return members.stream()
        .filter(mb -> !mb.isSynthetic())
        .filter(mb -> !(mb instanceof Method && ((Method) mb).isBridge()))
        .filter(
            mb -> Modifier.isPublic(mb.getModifiers()) || Modifier.isProtected(mb.getModifiers()))
        .sorted(
            Comparator.comparingInt(ApiDump::memberOrder)
                .thenComparing(Member::getName)
                .thenComparing(ApiDump::memberLine))
        .map(ApiDump::memberLine)
        .collect(Collectors.toList());
  }

  /** Fields, then constructors, then methods. */
  private static int memberOrder(Member member) {
    if (member instanceof Field) {
      return 0;
    }
    return member instanceof Constructor ? 1 : 2;
  }

  private static String memberLine(Member member) {
    int m = member.getModifiers();
    List<String> words = new ArrayList<>();
    words.add(Modifier.isPublic(m) ? "public" : "protected");
    if (member instanceof Method && ((Method) member).isDefault()) {
      words.add("default");
    }
    if (Modifier.isStatic(m)) {
      words.add("static");
    }
    if (!(member instanceof Field) && Modifier.isAbstract(m)) {
      words.add("abstract");
    }
    if (Modifier.isFinal(m)) {
      words.add("final");
    }
    StringBuilder line = new StringBuilder(String.join(" ", words)).append(' ');
    if (member instanceof Field) {
      Field field = (Field) member;
      return line.append(typeName(field.getGenericType()))
          .append(' ')
          .append(field.getName())
          .toString();
    }
    Executable executable = (Executable) member;
    String typeParameters = typeParameters(executable.getTypeParameters());
    if (!typeParameters.isEmpty()) {
      line.append(typeParameters).append(' ');
    }
    if (executable instanceof Method) {
      line.append(typeName(((Method) executable).getGenericReturnType())).append(' ');
      line.append(executable.getName());
    } else {
      line.append(typeName(executable.getDeclaringClass()));
    }
    line.append(parameters(executable));
    Type[] exceptions = executable.getGenericExceptionTypes();
    if (exceptions.length > 0) {
      line.append(" throws ")
          .append(
              Arrays.stream(exceptions).map(ApiDump::typeName).collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static String parameters(Executable executable) {
    // The generic parameter types of some constructors (inner classes, enums) leave out the
    // implicit
    // leading parameters; fall back to the erased types when the counts differ.
    Type[] types = executable.getGenericParameterTypes();
    if (types.length != executable.getParameterCount()) {
      types = executable.getParameterTypes();
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < types.length; k++) {
      String name = typeName(types[k]);
      if (executable.isVarArgs() && k == types.length - 1 && name.endsWith("[]")) {
        name = name.substring(0, name.length() - 2) + "...";
      }
      names.add(name);
    }
    return "(" + String.join(", ", names) + ")";
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables)
        .map(
            v -> {
              List<String> bounds =
                  Arrays.stream(v.getBounds())
                      .filter(b -> b != Object.class)
                      .map(ApiDump::typeName)
                      .collect(Collectors.toList());
              return bounds.isEmpty()
                  ? v.getName()
                  : v.getName() + " extends " + String.join(" & ", bounds);
            })
        .collect(Collectors.joining(", ", "<", ">"));
  }

  /** Source-like names (nested types with dots), independent of the JDK's own toString forms. */
  static String typeName(Type type) {
    if (type instanceof Class) {
      Class<?> c = (Class<?>) type;
      if (c.isArray()) {
        return typeName(c.getComponentType()) + "[]";
      }
      return Objects.requireNonNullElse(c.getCanonicalName(), c.getName());
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      Class<?> raw = (Class<?>) p.getRawType();
      String name =
          p.getOwnerType() instanceof ParameterizedType
              ? typeName(p.getOwnerType()) + "." + raw.getSimpleName()
              : typeName(raw);
      return name
          + Arrays.stream(p.getActualTypeArguments())
              .map(ApiDump::typeName)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      if (w.getLowerBounds().length > 0) {
        return "? super " + typeName(w.getLowerBounds()[0]);
      }
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class
          ? "?"
          : "? extends " + typeName(upper[0]);
    }
    if (type instanceof GenericArrayType) {
      return typeName(((GenericArrayType) type).getGenericComponentType()) + "[]";
    }
    if (type instanceof TypeVariable) {
      return ((TypeVariable<?>) type).getName();
    }
    return type.getTypeName();
  }
}
