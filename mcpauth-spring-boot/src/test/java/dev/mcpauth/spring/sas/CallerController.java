package dev.mcpauth.spring.sas;

import dev.mcpauth.AuthInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST routes of the protected resource that show who called: {@code /sas/read} (needs {@code
 * read:notes}) and {@code /sas/write} (needs {@code write:notes}), each protected by {@code
 * mcpauth.protected-paths} and answering with what MCP Auth verified.
 */
@RestController
public class CallerController {

  /** The caller as MCP Auth saw it. */
  @GetMapping("/sas/read")
  public Map<String, Object> read(@RequestAttribute(AuthInfo.KEY) AuthInfo caller) {
    return describe(caller);
  }

  /** The same, on a route needing the write scope. */
  @PostMapping("/sas/write")
  public Map<String, Object> write(@RequestAttribute(AuthInfo.KEY) AuthInfo caller) {
    return describe(caller);
  }

  private static Map<String, Object> describe(AuthInfo caller) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("issuer", caller.issuer());
    out.put("subject", caller.subject().orElse(""));
    out.put("clientId", caller.clientId().orElse(""));
    out.put("scopes", caller.scopes());
    out.put("audiences", caller.audiences());
    out.put("cnf", caller.confirmation().orElse(Map.of()));
    return out;
  }
}
