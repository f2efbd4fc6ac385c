// DPoP interoperability against a real authorization server. Starts oidc-provider (authorization-server.mjs)
// on 127.0.0.1:<as-port>, obtains DPoP-bound JWT access tokens with the client_credentials grant (proof
// keys ES256 and Ed25519, the latter signing with the fully specified alg "Ed25519"), and calls the Java
// server (dev.mcpauth.examples.interop.DpopInteropServer, already started with --issuer pointing here).
//
// Usage: node interop.mjs --as-port <n> --server http://127.0.0.1:<port> --label <adapter>
// Every check runs; each prints "ok: ..." or "FAILED: ..." with what differed. Exit 0 only if all hold.
import { createHash, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as jose from 'jose';
import { startAuthorizationServer, CLIENTS, SCOPE } from './authorization-server.mjs';

const { values: args } = parseArgs({
  options: { 'as-port': { type: 'string' }, server: { type: 'string' }, label: { type: 'string' } },
});
const server = args.server;
const label = args.label ?? 'server';
if (!args['as-port'] || !server) {
  console.error('Usage: node interop.mjs --as-port <n> --server http://127.0.0.1:<port> [--label <adapter>]');
  process.exit(2);
}
const API = `${server}/api`;
const NONCED = `${server}/nonced`;
const REQUEST_TIMEOUT_MS = 10_000;

// A hard bound on the whole run, whatever hangs.
setTimeout(() => {
  console.error(`FAILED: [${label}] the run did not finish within 45 s`);
  process.exit(1);
}, 45_000).unref();

let failures = 0;
function check(name, condition, differed) {
  if (condition) {
    console.log(`ok: [${label}] ${name}`);
  } else {
    failures += 1;
    console.error(`FAILED: [${label}] ${name}: ${differed}`);
  }
}

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const ath = (token) => b64url(createHash('sha256').update(token, 'ascii').digest());

/** A DPoP proof key: alg is the JWS alg its proofs carry. */
async function proofKey(alg) {
  const { privateKey, publicKey } = await jose.generateKeyPair(alg);
  const jwk = await jose.exportJWK(publicKey);
  return { alg, privateKey, jwk, jkt: await jose.calculateJwkThumbprint(jwk) };
}

/** RFC 9449 §4.2: a dpop+jwt for one request. */
function proof(key, { htm, htu, token, nonce }) {
  return new jose.SignJWT({ htm, htu, ...(token ? { ath: ath(token) } : {}), ...(nonce ? { nonce } : {}) })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.jwk })
    .setJti(randomUUID())
    .setIssuedAt()
    .sign(key.privateKey);
}

async function call(url, headers = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  return {
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate') ?? '',
    nonce: response.headers.get('dpop-nonce'),
    text,
    json: () => JSON.parse(text),
  };
}

/** The auth-params of the first challenge of `scheme` in a WWW-Authenticate value (RFC 9110 §11.6.1). */
function challenge(header, scheme) {
  const at = header.search(new RegExp(`(^|,\\s*)${scheme}(\\s|$)`));
  if (at < 0) return undefined;
  const params = {};
  const re = /\s*([A-Za-z0-9_!#$%&'*+.^`|~-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]+)\s*(,|$)/y;
  re.lastIndex = header.indexOf(scheme, at) + scheme.length;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    params[m[1].toLowerCase()] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2];
    if (/^\s*[A-Za-z0-9_-]+\s+[^=,]/.test(header.slice(re.lastIndex))) break; // the next challenge begins
  }
  return { scheme, params };
}

const summary = (r) => `status ${r.status}, WWW-Authenticate ${JSON.stringify(r.wwwAuthenticate)}, body ${r.text.slice(0, 300)}`;

function expectOk(name, response, route, key) {
  let body;
  try {
    body = response.json();
  } catch {
    body = {};
  }
  check(name, response.status === 200 && body.route === route && body.jkt === key.jkt,
    `expected 200 from route ${route} with jkt ${key.jkt}; got ${summary(response)}`);
}

function expectRefused(name, response, { error, descriptionHas, descriptionLacks }) {
  const dpop = challenge(response.wwwAuthenticate, 'DPoP');
  const description = dpop?.params.error_description ?? '';
  check(name,
    response.status === 401 && dpop?.params.error === error && description.includes(descriptionHas)
      && (!descriptionLacks || !description.includes(descriptionLacks)),
    `expected 401 with a DPoP challenge error="${error}" whose error_description contains "${descriptionHas}"`
      + `${descriptionLacks ? ` and not "${descriptionLacks}"` : ''}; got ${summary(response)}`);
}

const as = await startAuthorizationServer({ port: Number(args['as-port']), resourceOrigin: server });
try {
  const asMetadata = await (await fetch(`${as.issuer}/.well-known/oauth-authorization-server`,
    { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).json();
  const remoteKeys = jose.createRemoteJWKSet(new URL(asMetadata.jwks_uri));

  /** client_credentials at the authorization server, the token bound to `key` when given (RFC 9449 §5). */
  async function accessToken(client, resource, key) {
    const headers = {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
    };
    if (key) headers.dpop = await proof(key, { htm: 'POST', htu: asMetadata.token_endpoint });
    const response = await fetch(asMetadata.token_endpoint, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: SCOPE }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
    // The token is what the resource server will see: an RFC 9068 JWT for `resource`, bound to the key.
    const { payload, protectedHeader } = await jose.jwtVerify(body.access_token, remoteKeys,
      { issuer: as.issuer, audience: resource, typ: 'at+jwt' });
    const expectedType = key ? 'DPoP' : 'Bearer';
    check(`the authorization server issued a ${expectedType} ${protectedHeader.alg} JWT access token for ${resource.slice(server.length)}`
        + `${key ? ` bound to the ${key.alg} key` : ''}`,
      body.token_type === expectedType && payload.cnf?.jkt === key?.jkt && protectedHeader.alg === client.tokenAlg,
      `token_type ${body.token_type}, alg ${protectedHeader.alg}, cnf ${JSON.stringify(payload.cnf)}, expected jkt ${key?.jkt}`);
    return body.access_token;
  }

  const dpopGet = async (url, token, key, { htu = url, nonce, proofKeyOverride } = {}) => call(url, {
    authorization: `DPoP ${token}`,
    dpop: await proof(proofKeyOverride ?? key, { htm: 'GET', htu, token, nonce }),
  });

  // Metadata: RFC 9728 for both resources, advertising the fully specified Ed25519 next to EdDSA.
  for (const resource of [API, NONCED]) {
    const path = new URL(resource).pathname;
    const response = await call(`${server}/.well-known/oauth-protected-resource${path}`);
    let metadata = {};
    try { metadata = response.json(); } catch { /* reported below */ }
    const algs = metadata.dpop_signing_alg_values_supported ?? [];
    check(`metadata of ${path} names the resource and the issuer and lists Ed25519, EdDSA and ES256 in dpop_signing_alg_values_supported`,
      response.status === 200 && metadata.resource === resource && (metadata.authorization_servers ?? []).includes(as.issuer)
        && ['Ed25519', 'EdDSA', 'ES256'].every((a) => algs.includes(a)),
      summary(response));
  }

  const es256 = await proofKey('ES256');
  const ed25519 = await proofKey('Ed25519');

  // 1. Valid proofs, both proof algorithms, both access token algorithms.
  const apiTokenEs = await accessToken(CLIENTS.rs, API, es256);
  expectOk('ES256 proof with an RS256 DPoP-bound token -> 200', await dpopGet(`${API}/echo`, apiTokenEs, es256), 'echo', es256);
  const apiTokenEd = await accessToken(CLIENTS.ed, API, ed25519);
  const edProof = await proof(ed25519, { htm: 'GET', htu: `${API}/echo`, token: apiTokenEd });
  check('the Ed25519 proof carries alg "Ed25519" (RFC 9864), not "EdDSA"',
    jose.decodeProtectedHeader(edProof).alg === 'Ed25519', JSON.stringify(jose.decodeProtectedHeader(edProof)));
  expectOk('alg "Ed25519" proof with an Ed25519-signed DPoP-bound token -> 200',
    await call(`${API}/echo`, { authorization: `DPoP ${apiTokenEd}`, dpop: edProof }), 'echo', ed25519);

  // 2. htu is compared without query and fragment (RFC 9449 §4.3 check 9).
  expectOk('htu carrying the query string of the request -> 200',
    await dpopGet(`${API}/echo?x=1&y=two`, apiTokenEs, es256), 'echo', es256);
  expectOk('htu without the query string of the request -> 200',
    await dpopGet(`${API}/echo?x=1`, apiTokenEs, es256, { htu: `${API}/echo` }), 'echo', es256);
  expectOk('htu with a fragment -> 200',
    await dpopGet(`${API}/echo`, apiTokenEs, es256, { htu: `${API}/echo#part` }), 'echo', es256);
  expectOk('htu with a percent-encoded unreserved character (/ech%6F) -> 200 (RFC 3986 §6.2.2.2)',
    await dpopGet(`${API}/echo`, apiTokenEs, es256, { htu: `${API}/ech%6F` }), 'echo', es256);
  expectRefused('htu naming another path -> 401 invalid_dpop_proof',
    await dpopGet(`${API}/echo`, apiTokenEs, es256, { htu: `${API}/other` }),
    { error: 'invalid_dpop_proof', descriptionHas: 'DPoP proof' });
  expectOk('htu with the scheme in capitals -> 200',
    await dpopGet(`${API}/echo`, apiTokenEs, es256, { htu: `${API}/echo`.replace('http://', 'HTTP://') }), 'echo', es256);

  // 3. A replayed proof.
  const once = { authorization: `DPoP ${apiTokenEs}`, dpop: await proof(es256, { htm: 'GET', htu: `${API}/echo`, token: apiTokenEs }) };
  expectOk('a fresh proof -> 200', await call(`${API}/echo`, once), 'echo', es256);
  expectRefused('the same proof again -> 401 invalid_dpop_proof', await call(`${API}/echo`, once),
    { error: 'invalid_dpop_proof', descriptionHas: 'used before' });

  // 4. Other proof rules (RFC 9449 §4.3): method, access token hash, age.
  expectRefused('a proof for POST on a GET -> 401 invalid_dpop_proof',
    await call(`${API}/echo`, { authorization: `DPoP ${apiTokenEs}`, dpop: await proof(es256, { htm: 'POST', htu: `${API}/echo`, token: apiTokenEs }) }),
    { error: 'invalid_dpop_proof', descriptionHas: 'DPoP proof' });
  expectRefused('a proof whose ath hashes another token -> 401 invalid_dpop_proof',
    await call(`${API}/echo`, { authorization: `DPoP ${apiTokenEs}`, dpop: await proof(es256, { htm: 'GET', htu: `${API}/echo`, token: apiTokenEd }) }),
    { error: 'invalid_dpop_proof', descriptionHas: 'DPoP proof' });
  const stale = await new jose.SignJWT({ htm: 'GET', htu: `${API}/echo`, ath: ath(apiTokenEs) })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: es256.alg, jwk: es256.jwk })
    .setJti(randomUUID())
    .setIssuedAt(Math.floor(Date.now() / 1000) - 600)
    .sign(es256.privateKey);
  expectRefused('a proof issued 10 minutes ago -> 401 invalid_dpop_proof',
    await call(`${API}/echo`, { authorization: `DPoP ${apiTokenEs}`, dpop: stale }),
    { error: 'invalid_dpop_proof', descriptionHas: 'DPoP proof' });

  // 5. A proof by another key than the token's.
  expectRefused('a token bound to the ES256 key with a proof by the Ed25519 key -> 401 naming the key mismatch',
    await dpopGet(`${API}/echo`, apiTokenEs, es256, { proofKeyOverride: ed25519 }),
    { error: 'invalid_token', descriptionHas: "not bound to the DPoP proof's key", descriptionLacks: 'Bearer' });

  // 6. The bound token presented as a Bearer token (RFC 9449 §7.2).
  const asBearer = await call(`${API}/echo`, { authorization: `Bearer ${apiTokenEs}` });
  const bearerDescription = [challenge(asBearer.wwwAuthenticate, 'Bearer'), challenge(asBearer.wwwAuthenticate, 'DPoP')]
    .map((c) => c?.params.error_description ?? '').join(' | ');
  check('the DPoP-bound token sent as Bearer -> 401 "must be presented with a DPoP proof"',
    asBearer.status === 401 && bearerDescription.includes('must be presented with a DPoP proof'), summary(asBearer));

  // 7. An unbound token: accepted as Bearer (DPoP is optional here), refused with the DPoP scheme.
  const unbound = await accessToken(CLIENTS.rs, API);
  const unboundAsBearer = await call(`${API}/echo`, { authorization: `Bearer ${unbound}` });
  check('an unbound token as Bearer -> 200', unboundAsBearer.status === 200, summary(unboundAsBearer));
  expectRefused('an unbound token with the DPoP scheme and a valid proof -> 401 "not DPoP-bound"',
    await dpopGet(`${API}/echo`, unbound, es256), { error: 'invalid_token', descriptionHas: 'not DPoP-bound' });

  // 8. Nonces (RFC 9449 §9): one nonce serves every route of the resource.
  const noncedToken = await accessToken(CLIENTS.rs, NONCED, es256);
  const first = await dpopGet(`${NONCED}/a`, noncedToken, es256);
  expectRefused('no nonce on route A -> 401 use_dpop_nonce', first, { error: 'use_dpop_nonce', descriptionHas: 'nonce' });
  check('the use_dpop_nonce answer carries a DPoP-Nonce header', Boolean(first.nonce), summary(first));
  expectOk('route A with that nonce -> 200', await dpopGet(`${NONCED}/a`, noncedToken, es256, { nonce: first.nonce }), 'a', es256);
  const routeB = await dpopGet(`${NONCED}/b`, noncedToken, es256, { nonce: first.nonce });
  expectOk('route B of the same resource with the nonce from route A -> 200 (no extra round trip)', routeB, 'b', es256);
  expectRefused('route B with a made-up nonce -> 401 use_dpop_nonce',
    await dpopGet(`${NONCED}/b`, noncedToken, es256, { nonce: 'not-a-nonce-of-this-server' }),
    { error: 'use_dpop_nonce', descriptionHas: 'nonce' });

  // 9. Audience: a token for /api is refused by /nonced, even with a good nonce (RFC 8707 resource
  // indicators at oidc-provider put the requested resource in aud).
  expectRefused('a token for /api on /nonced with a valid nonce -> 401 naming the audience',
    await dpopGet(`${NONCED}/b`, apiTokenEs, es256, { nonce: first.nonce }),
    { error: 'invalid_token', descriptionHas: 'not issued for this resource' });
} catch (error) {
  failures += 1;
  console.error(`FAILED: [${label}] ${error.stack ?? error}`);
} finally {
  await as.close();
}
if (failures > 0) {
  console.error(`[${label}] ${failures} check(s) failed`);
  process.exit(1);
}
console.log(`[${label}] all DPoP interoperability checks passed`);
