package dev.mcpauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource URI template matched exactly the way the MCP Java SDK's dispatcher matches it, so the
 * scope decision and the handler the request reaches can never disagree.
 *
 * <p>The SDK ({@code io.modelcontextprotocol.util.DefaultMcpUriTemplateManager}, the default for
 * {@code resources/read} of both resources and resource templates, also used by Spring AI's MCP
 * server) finds variables with {@code \{([^/]+?)\}}, quotes every other part with {@code
 * Pattern.quote}, turns each variable into {@code ([^/]+?)} and matches the whole URI; a template
 * without a variable matches only the identical string. So a variable is one or more characters
 * other than {@code /} — {@code ?}, {@code #}, {@code %2F}, {@code .}, anything — and {@code
 * notes://{id}} covers {@code notes://1?x=1} and {@code notes://1#x}: the template's scopes must
 * apply to them too.
 *
 * <p>The same language is decided here without a backtracking regex (the SDK's pattern is
 * polynomial in the URI's length for templates with several variables): literals are placed left to
 * right at their earliest possible position, which is exact because a variable may not contain
 * {@code /} (a literal with a {@code /} has one possible position, the first slash after the
 * variable's start; for a literal without one, an earlier placement leaves every later choice
 * open). Time is linear in the URI's length times the template's.
 *
 * <p>Templates that a reader could parse differently are refused when the policy is built (fail
 * closed, a configuration error rather than a silent mismatch): a brace outside a variable, a
 * variable name with a brace (the SDK reads {@code {a/b}} and {@code {}} as literal text, an RFC
 * 6570 reader would not), and unpaired UTF-16 surrogates.
 *
 * <p>Values are sequences of code points, as in the regex: a template's literals are well-formed
 * UTF-16, so a non-empty literal never starts inside a surrogate pair of the URI, and only two
 * adjacent variables ({@code {a}{b}}) need the boundary placed after a whole code point.
 */
final class ResourceUriTemplate {
  /** The SDK's own variable pattern, verbatim. */
  private static final Pattern VARIABLE = Pattern.compile("\\{([^/]+?)\\}");

  private final String template;

  /** The literal text around the variables: {@code literals.size() == variables + 1}. */
  private final List<String> literals;

  /** The variables' names, in order. */
  private final List<String> names;

  private ResourceUriTemplate(String template, List<String> literals, List<String> names) {
    this.template = template;
    this.literals = literals;
    this.names = names;
  }

  /** The variables' names, in order of appearance. */
  List<String> variableNames() {
    return names;
  }

  /** Whether the MCP SDK treats {@code uri} as a template (it has a {@code {name}} variable). */
  static boolean hasVariables(String uri) {
    return VARIABLE.matcher(uri).find();
  }

  /**
   * Parses a template the way the SDK does.
   *
   * @throws IllegalArgumentException for a blank template, a brace outside a variable, a brace in a
   *     variable's name, or an unpaired surrogate
   */
  static ResourceUriTemplate parse(String template) {
    if (template.isBlank()) {
      throw new IllegalArgumentException("blank resource template");
    }
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < template.length()
          && Character.isLowSurrogate(template.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("unpaired surrogate in resource template " + template);
      }
    }
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Matcher variable = VARIABLE.matcher(template);
    int last = 0;
    while (variable.find()) {
      String name = variable.group(1);
      if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "brace in a variable name of resource template " + template);
      }
      literals.add(literal(template, template.substring(last, variable.start())));
      names.add(name);
      last = variable.end();
    }
    literals.add(literal(template, template.substring(last)));
    return new ResourceUriTemplate(template, List.copyOf(literals), List.copyOf(names));
  }

  private static String literal(String template, String text) {
    if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "unbalanced, empty or unreadable {} in resource template "
              + template
              + " (a variable is {name}, a name without '/', '{' or '}')");
    }
    return text;
  }

  /** Whether the MCP SDK's dispatcher would route {@code uri} to this template. */
  boolean matches(String uri) {
    return match(uri).isPresent();
  }

  /**
   * The variables' values when the MCP SDK's dispatcher would route {@code uri} to this template
   * (the values its lazy regex would capture: each literal at its earliest possible place), in
   * template order; empty when it would not. A name used twice keeps its first value.
   */
  Optional<Map<String, String>> match(String uri) {
    int variables = literals.size() - 1;
    if (variables == 0) {
      return uri.equals(template) ? Optional.of(Map.of()) : Optional.empty();
    }
    String first = literals.get(0);
    if (!uri.startsWith(first)) {
      return Optional.empty();
    }
    int[] starts = new int[variables];
    int[] ends = new int[variables];
    int pos = first.length(); // where the next variable starts
    for (int k = 1; k < variables; k++) {
      starts[k - 1] = pos;
      int slash = slashOrEnd(uri, pos);
      if (slash <= pos) {
        return Optional.empty(); // a variable is one or more characters, none of them '/'
      }
      String literal = literals.get(k);
      int slashInLiteral = literal.indexOf('/');
      int at;
      if (slashInLiteral >= 0) {
        // the variable ends before the first '/', so that '/' is the literal's first one
        at = slash - slashInLiteral;
        if (slash == uri.length() || at <= pos || !uri.startsWith(literal, at)) {
          return Optional.empty();
        }
      } else if (literal.isEmpty()) {
        // two adjacent variables: the first takes one code point (the SDK's regex, like every
        // java.util.regex pattern, never splits a surrogate pair)
        at = pos + Character.charCount(uri.codePointAt(pos));
        if (at > slash) {
          return Optional.empty();
        }
      } else {
        at = uri.indexOf(literal, pos + 1);
        if (at < 0 || at > slash) {
          return Optional.empty();
        }
      }
      ends[k - 1] = at;
      pos = at + literal.length();
    }
    String tail = literals.get(variables);
    int at = uri.length() - tail.length();
    if (!(at > pos && uri.startsWith(tail, at) && slashOrEnd(uri, pos) >= at)) {
      return Optional.empty();
    }
    starts[variables - 1] = pos;
    ends[variables - 1] = at;
    Map<String, String> values = new LinkedHashMap<>();
    for (int k = 0; k < variables; k++) {
      values.putIfAbsent(names.get(k), uri.substring(starts[k], ends[k]));
    }
    return Optional.of(values);
  }

  private static int slashOrEnd(String uri, int from) {
    int slash = uri.indexOf('/', from);
    return slash < 0 ? uri.length() : slash;
  }

  @Override
  public String toString() {
    return template;
  }
}
