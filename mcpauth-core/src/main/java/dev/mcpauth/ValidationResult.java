package dev.mcpauth;

import java.util.List;

/**
 * What {@link AuthServerValidator#validate} found.
 *
 * @param errors findings that make the server unusable for MCP clients
 * @param warnings limitations worth reporting
 * @param successes passed checks, filled only in verbose mode
 */
public record ValidationResult(
    List<ValidationIssue> errors, List<ValidationIssue> warnings, List<ValidationIssue> successes) {

  /** Copies the lists so the result is immutable. */
  public ValidationResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    successes = List.copyOf(successes);
  }

  /** True when there are no errors (warnings do not count). */
  public boolean isValid() {
    return errors.isEmpty();
  }
}
