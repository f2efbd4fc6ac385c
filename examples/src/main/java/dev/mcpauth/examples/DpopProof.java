package dev.mcpauth.examples;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code dpop-proof KEYFILE METHOD URL [ACCESS_TOKEN [NONCE]]}: prints a DPoP proof (RFC 9449 §4)
 * signed with the EC P-256 key in {@code KEYFILE} (created, readable by its owner only, on first
 * use), so the demo's DPoP flags can be tried with curl. For development only: a real client keeps
 * its key in memory.
 */
public final class DpopProof {
  /** How to call it. */
  static final String USAGE =
      "Usage: java -jar mcpauth-examples.jar dpop-proof KEYFILE METHOD URL [ACCESS_TOKEN [NONCE]]";

  private DpopProof() {}

  /**
   * Prints one proof.
   *
   * @return the exit status: 0 printed, 2 bad arguments or an unusable key file
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() < 3 || args.size() > 5) {
      err.println(USAGE);
      return 2;
    }
    try {
      ECKey key = key(Path.of(args.get(0)));
      DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
      URI url = URI.create(args.get(2));
      String method = args.get(1);
      SignedJWT proof =
          switch (args.size()) {
            case 5 ->
                proofs.createDPoPJWT(
                    method, url, new DPoPAccessToken(args.get(3)), new Nonce(args.get(4)));
            case 4 -> proofs.createDPoPJWT(method, url, new DPoPAccessToken(args.get(3)));
            default -> proofs.createDPoPJWT(method, url);
          };
      out.println(proof.serialize());
      return 0;
    } catch (IOException | ParseException | JOSEException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  private static ECKey key(Path file) throws IOException, ParseException, JOSEException {
    if (Files.exists(file)) {
      return ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
    }
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the file keeps its default permissions
    }
    Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
    return key;
  }
}
