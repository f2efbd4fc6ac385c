// A real authorization server for the DPoP interoperability test: npm oidc-provider with DPoP (RFC 9449),
// the client_credentials grant, resource indicators (RFC 8707: the token's aud is the requested resource)
// and JWT access tokens (RFC 9068, typ at+jwt) signed with a key published in its JWKS.
//
// Two confidential clients authenticate with client_secret_basic. Their access tokens differ only in the
// signing algorithm, so the resource server's key selection is exercised for both:
//   - CLIENTS.rs: tokens signed RS256 (the most common choice);
//   - CLIENTS.ed: tokens signed with the fully specified Ed25519 algorithm (RFC 9864).
import Provider, { errors } from 'oidc-provider';
import * as jose from 'jose';

export const SCOPE = 'mcp:read';
export const CLIENTS = {
  rs: { id: 'interop-rs256', secret: 'interop-rs256-secret', tokenAlg: 'RS256' },
  ed: { id: 'interop-ed25519', secret: 'interop-ed25519-secret', tokenAlg: 'Ed25519' },
};

async function signingKey(alg, kid) {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  return { ...(await jose.exportJWK(privateKey)), kid, alg, use: 'sig' };
}

/**
 * Starts oidc-provider on 127.0.0.1:port. Only resource indicators under resourceOrigin are accepted.
 * Resolves to { issuer, close() } once it listens.
 */
export async function startAuthorizationServer({ port, resourceOrigin }) {
  const issuer = `http://127.0.0.1:${port}`;
  const clientById = new Map(Object.values(CLIENTS).map((c) => [c.id, c]));
  const provider = new Provider(issuer, {
    jwks: { keys: [await signingKey('RS256', 'rs256-key'), await signingKey('Ed25519', 'ed25519-key')] },
    clients: Object.values(CLIENTS).map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: SCOPE,
    })),
    scopes: [SCOPE],
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      dPoP: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, client, oneOf) => oneOf,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resourceIndicator, client) => {
          if (!resourceIndicator.startsWith(`${resourceOrigin}/`)) {
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          }
          return {
            scope: SCOPE,
            audience: resourceIndicator,
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: clientById.get(client.clientId).tokenAlg } },
          };
        },
      },
    },
  });
  const server = provider.listen(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    issuer,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
