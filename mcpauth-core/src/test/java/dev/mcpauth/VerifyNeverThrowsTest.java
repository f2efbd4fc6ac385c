package dev.mcpauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpauth.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No input, however malformed, makes {@code verify} throw: mutations of a valid token and random
 * header values (a fixed seed, so a failure reproduces), bounded in count.
 */
class VerifyNeverThrowsTest {

  @Test
  void mutatedTokensAndRandomHeadersAlwaysGiveADecision() {
    try (Fixture f = new Fixture()) {
      String valid = f.valid().build();
      Random random = new Random(20261126L);
      List<String> inputs = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        char[] chars = valid.toCharArray();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
          chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
        }
        inputs.add("Bearer " + new String(chars));
      }
      for (int i = 0; i < 1000; i++) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        inputs.add(new String(bytes, StandardCharsets.ISO_8859_1));
        inputs.add(
            "Bearer " + Tokens.b64(bytes) + "." + Tokens.b64(bytes) + "." + Tokens.b64(bytes));
      }
      for (String header : inputs) {
        AuthResult result =
            f.auth.verify(RequestHeaders.of(Map.of("Authorization", List.of(header))));
        assertThat(result).isNotNull();
        if (result instanceof AuthResult.Denied) {
          AuthResult.Denied d = (AuthResult.Denied) result;
          assertThat(d.status()).isIn(400, 401, 403);
          assertThat(d.wwwAuthenticate().orElseThrow()).doesNotContain("\r", "\n");
        }
      }
      assertThat(f.auth.verify(RequestHeaders.of(name -> null)))
          .isInstanceOf(AuthResult.Denied.class);
      assertThat(f.auth.verify(RequestHeaders.of(name -> Arrays.asList((String) null))))
          .isInstanceOf(AuthResult.Denied.class);
      assertThat(
              f.auth.verify(
                  RequestHeaders.of(
                      name -> {
                        throw new IllegalStateException("broken adapter");
                      })))
          .isInstanceOf(AuthResult.Denied.class);
    }
  }
}
