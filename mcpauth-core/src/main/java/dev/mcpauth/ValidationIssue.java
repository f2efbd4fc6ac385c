package dev.mcpauth;

import java.util.Objects;

/**
 * One finding of {@link AuthServerValidator}: a code and a description specific to this finding.
 *
 * @param code the stable code, with its severity
 * @param description what was found, for people
 */
public record ValidationIssue(ValidationCode code, String description) {
  /** Checks that both parts are present. */
  public ValidationIssue {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
  }

  static ValidationIssue of(ValidationCode code) {
    return new ValidationIssue(code, code.description());
  }

  @Override
  public String toString() {
    return code.code() + ": " + description;
  }
}
