package dev.mcpauth.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Several {@link RequiredClaim} rules on one method (the Java container for the repeat). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiredClaims {
  /** The rules, all of which must pass. */
  RequiredClaim[] value();
}
