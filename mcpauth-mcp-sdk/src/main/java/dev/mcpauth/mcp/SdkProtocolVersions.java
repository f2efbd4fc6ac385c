package dev.mcpauth.mcp;

import dev.mcpauth.McpGate;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP protocol versions the MCP Java SDK on the classpath speaks, read at run time from its
 * {@code io.modelcontextprotocol.spec.ProtocolVersions} constants: a newer SDK that adds a version
 * is accepted without a change here. The SDK adapters ({@link
 * dev.mcpauth.mcp.servlet.McpAuthFilter}, the Undertow and Spring adapters) narrow their {@link
 * McpGate} to these ({@link McpGate#restrictedTo}), so the gate never accepts an {@code
 * MCP-Protocol-Version} the server behind it would answer in another version's shapes.
 */
public final class SdkProtocolVersions {
  private static final Logger LOG = LoggerFactory.getLogger(SdkProtocolVersions.class);
  private static final String CONSTANTS = "io.modelcontextprotocol.spec.ProtocolVersions";
  private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /**
   * The versions MCP Java SDK 2.2 speaks, taken when no SDK is on the classpath (then the filter
   * fronts something else, and nothing newer than this is assumed).
   */
  static final List<String> WITHOUT_SDK =
      List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

  private static final List<String> SUPPORTED = read();

  private SdkProtocolVersions() {}

  /** The protocol versions of the MCP Java SDK on the classpath, oldest first; never empty. */
  public static List<String> supported() {
    return SUPPORTED;
  }

  /** {@code gate}, narrowed to the versions the SDK on the classpath speaks. */
  public static McpGate restrict(McpGate gate) {
    return gate.restrictedTo(SUPPORTED);
  }

  private static List<String> read() {
    Class<?> constants;
    try {
      constants = Class.forName(CONSTANTS, false, SdkProtocolVersions.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("no MCP Java SDK on the classpath; assuming protocol versions {}", WITHOUT_SDK);
      return WITHOUT_SDK;
    }
    return versionsOf(constants);
  }

  /** The {@code public static final String} fields of {@code constants} that name a version. */
  static List<String> versionsOf(Class<?> constants) {
    TreeSet<String> versions = new TreeSet<>();
    for (Field field : constants.getFields()) {
      int m = field.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == String.class) {
        try {
          Object value = field.get(null);
          if (value instanceof String v && VERSION.matcher(v).matches()) {
            versions.add(v);
          }
        } catch (IllegalAccessException e) {
          // a constant we cannot read is a version we do not accept
        }
      }
    }
    return versions.isEmpty() ? WITHOUT_SDK : List.copyOf(versions);
  }
}
