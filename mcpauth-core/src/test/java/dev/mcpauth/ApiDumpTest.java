package dev.mcpauth;

import dev.mcpauth.apicheck.ApiDump;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of mcpauth-core (package {@code dev.mcpauth}) is recorded in {@code
 * api/mcpauth-core.api}: this test fails when the compiled classes and that file differ, so that
 * every API change shows up as a change of the file in the same commit (see {@link ApiDump} for
 * what is listed).
 *
 * <p>After an intended change, review the diff the failure prints, then regenerate the file and
 * commit it with the change:
 *
 * <pre>
 * mvn -B test -pl mcpauth-core -am -Dtest=ApiDumpTest -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true
 * </pre>
 *
 * <p>({@code -am} builds the modules this one depends on; their dumps are regenerated too, and
 * {@code git diff} shows every change.)
 */
class ApiDumpTest {

  @Test
  void thePublicApiIsRecorded() {
    ApiDump.assertMatchesFile(
        Path.of(System.getProperty("basedir", "")),
        "mcpauth-core",
        ApiDumpTest.class.getClassLoader(),
        "dev.mcpauth");
  }
}
