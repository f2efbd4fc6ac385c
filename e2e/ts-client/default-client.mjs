// The official MCP TypeScript SDK client against the demo with its DEFAULT OAuth settings, as the
// SDK's own example client (simpleOAuthClient + InMemoryOAuthClientProvider) has them: no client id
// configured (so it registers itself, RFC 7591), the scope it is challenged for (no openid added),
// every token it receives kept, refresh tokens included. Then a step-up on 403 insufficient_scope.
// Usage: node default-client.mjs <mcp url> <issuer>. Exit 0 only if every check holds.
//
// The "browser" is scripted: it follows the authorization URL unchanged to the redirect and reads
// the code (the development authorization server logs alice in without a page).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [url, issuer] = process.argv.slice(2);
const seen = [];
const authorizationUrls = [];

const recordingFetch = async (input, init = {}) => {
  const target = new URL(typeof input === 'string' ? input : input.url ?? String(input));
  const response = await fetch(input, init);
  seen.push(`${init.method ?? 'GET'} ${target.pathname} ${response.status}`);
  return response;
};

// The SDK example's in-memory provider, member for member; only redirectToAuthorization differs (a
// script instead of a person with a browser).
class InMemoryProvider {
  constructor(redirectUrl, clientMetadata) {
    this._redirectUrl = redirectUrl;
    this._clientMetadata = clientMetadata;
  }
  get redirectUrl() { return this._redirectUrl; }
  get clientMetadata() { return this._clientMetadata; }
  clientInformation() { return this._clientInformation; }
  saveClientInformation(info) { this._clientInformation = info; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  saveCodeVerifier(verifier) { this._codeVerifier = verifier; }
  codeVerifier() {
    if (!this._codeVerifier) throw new Error('No code verifier saved');
    return this._codeVerifier;
  }
  async redirectToAuthorization(authorizationUrl) {
    authorizationUrls.push(new URL(authorizationUrl));
    const response = await fetch(authorizationUrl, { redirect: 'manual' });
    if (response.status !== 302) {
      throw new Error(`authorization answered ${response.status}: ${await response.text()}`);
    }
    const location = new URL(response.headers.get('location'));
    if (location.searchParams.get('error')) {
      throw new Error(`authorization refused: ${location.searchParams.get('error_description')}`);
    }
    this.pendingCode = location.searchParams.get('code');
  }
}

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    console.error(seen.join('\n'));
    process.exit(1);
  }
  console.log(`ok: ${message}`);
}

const provider = new InMemoryProvider('http://localhost:8090/callback', {
  client_name: 'Simple OAuth MCP Client',
  redirect_uris: ['http://localhost:8090/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_post'
});
const newTransport = () => new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch });

async function authorized(transport, operation) {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    await transport.finishAuth(provider.pendingCode);
    return await operation();
  }
}

let client = new Client({ name: 'simple-oauth-client', version: '1.0.0' }, { capabilities: {} });
let transport = newTransport();
try {
  await client.connect(transport);
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
  await transport.finishAuth(provider.pendingCode);
  client = new Client({ name: 'simple-oauth-client', version: '1.0.0' }, { capabilities: {} });
  transport = newTransport();
  await client.connect(transport);
}
check(seen.some(s => s.startsWith('POST /dev/register 201')), 'the client registered itself (RFC 7591)');
const clientId = provider.clientInformation()?.client_id;
check(clientId && clientId !== 'ts-client', `the client uses the client id it was given (${clientId})`);
const firstScope = authorizationUrls[0].searchParams.get('scope');
check(firstScope === 'read:notes', `the first authorization asked for the challenge's scope only, no openid (${firstScope})`);
check(authorizationUrls[0].searchParams.get('code_challenge_method') === 'S256', 'the client used PKCE with S256');

const who = JSON.parse((await client.callTool({ name: 'whoami', arguments: {} })).content[0].text);
check(who.subject === 'alice' && who.client_id === clientId && who.issuer === issuer,
  `whoami answers the caller (${JSON.stringify(who)})`);

const created = await authorized(transport, () =>
  client.callTool({ name: 'create_note', arguments: { text: 'from the SDK with default settings' } }));
check(seen.some(s => s.startsWith('POST /mcp 403')), 'create_note was refused with 403 insufficient_scope first');
const stepUpScope = authorizationUrls.at(-1).searchParams.get('scope');
check(authorizationUrls.length === 2 && stepUpScope === 'read:notes write:notes',
  `the client stepped up through a new authorization with the challenge's scope (${stepUpScope})`);
check(!seen.some(s => s.startsWith('POST /dev/token 4')), 'no token request was refused');
check(!created.isError && created.content[0].text.startsWith('created note'),
  `after stepping up, create_note succeeded (${created.content[0].text})`);
check(provider.tokens().refresh_token === undefined,
  'no refresh token was issued without offline_access, so none could short-circuit the step-up');

await client.close();
console.log('TypeScript SDK client with default settings: all checks passed');
