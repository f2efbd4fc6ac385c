// The official MCP TypeScript SDK client against the demo. Its OAuth machinery performs the discovery
// (401 -> resource_metadata -> Protected Resource Metadata -> authorization server metadata), the
// authorization code flow with PKCE for a pre-registered client, the tool calls, and the step-up on
// 403 insufficient_scope. Usage: node client.mjs <mcp url> <issuer>. Exit 0 only if every check holds.
//
// The "browser" is scripted: it follows the authorization URL to the redirect and reads the code. It
// adds the openid scope, as a client that also wants an ID token does (the development authorization
// server does not require it: default-client.mjs runs without).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const [url, issuer] = process.argv.slice(2);
const seen = [];

const recordingFetch = async (input, init = {}) => {
  const target = new URL(typeof input === 'string' ? input : input.url ?? String(input));
  const response = await fetch(input, init);
  seen.push(`${init.method ?? 'GET'} ${target.pathname} ${response.status}`);
  return response;
};

class ScriptedBrowserProvider {
  constructor() {
    this.pendingCode = undefined;
  }
  get redirectUrl() { return 'http://127.0.0.1:9/callback'; }
  get clientMetadata() {
    return { client_name: 'mcpauth-e2e', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code'],
      response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() { return this._client ?? { client_id: 'ts-client' }; } // pre-registered: no DCR
  saveClientInformation(info) { this._client = info; }
  tokens() { return this._tokens; }
  // No refresh token kept: a step-up must go through the authorization endpoint with the new scope.
  saveTokens(tokens) { this._tokens = { ...tokens, refresh_token: undefined }; }
  saveCodeVerifier(verifier) { this._verifier = verifier; }
  codeVerifier() { return this._verifier; }
  async redirectToAuthorization(authorizationUrl) {
    const requested = authorizationUrl.searchParams.get('scope') ?? '';
    this.requestedScopes = (this.requestedScopes ?? []).concat([requested]);
    this.requestedAcrValues = (this.requestedAcrValues ?? []).concat([authorizationUrl.searchParams.get('acr_values')]);
    const browserUrl = new URL(authorizationUrl);
    browserUrl.searchParams.set('scope', `openid ${requested}`.trim());
    const response = await fetch(browserUrl, { redirect: 'manual' });
    const location = new URL(response.headers.get('location'));
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

const provider = new ScriptedBrowserProvider();
const newTransport = () => new StreamableHTTPClientTransport(new URL(url), { authProvider: provider, fetch: recordingFetch });

/** Runs an operation; when the SDK needs the user to authorize, completes the flow and runs it again. */
async function authorized(transport, operation) {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    await transport.finishAuth(provider.pendingCode);
    return await operation();
  }
}

let client = new Client({ name: 'mcpauth-e2e', version: '1.0.0' });
let transport = newTransport();
try {
  await client.connect(transport);
} catch (error) {
  if (!(error instanceof UnauthorizedError)) throw error;
  await transport.finishAuth(provider.pendingCode);
  client = new Client({ name: 'mcpauth-e2e', version: '1.0.0' });
  transport = newTransport();
  await client.connect(transport);
}
check(seen.some(s => s.startsWith('POST /mcp 401')), 'the first request was challenged with 401');
check(seen.some(s => s.includes('/.well-known/oauth-protected-resource/mcp 200')), 'the client fetched the Protected Resource Metadata');
check(seen.some(s => s.includes('/dev/.well-known/') && s.endsWith(' 200')), 'the client discovered the authorization server');
check(provider.requestedScopes[0] === 'read:notes', `the client asked for the challenge's scope (${provider.requestedScopes[0]})`);

const tools = (await client.listTools()).tools.map(t => t.name);
check(tools.includes('whoami') && tools.includes('list_notes') && tools.includes('create_note'),
  `tools/list shows create_note to a read-only caller, so it can step up to it (${tools.join(', ')})`);

const who = JSON.parse((await client.callTool({ name: 'whoami', arguments: {} })).content[0].text);
check(who.subject === 'alice' && who.client_id === 'ts-client' && who.issuer === issuer,
  `whoami answers the caller (${JSON.stringify(who)})`);

const sum = (await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })).content[0].text;
check(Number(sum) === 5, `add works (${sum})`);

const created = await authorized(transport, () =>
  client.callTool({ name: 'create_note', arguments: { text: 'from the TypeScript SDK' } }));
check(seen.some(s => s.startsWith('POST /mcp 403')), 'create_note was refused with 403 insufficient_scope first');
check(provider.requestedScopes.at(-1) === 'read:notes write:notes',
  `the client stepped up with the challenge's scope (${provider.requestedScopes.at(-1)})`);
check(!created.isError && created.content[0].text.startsWith('created note'),
  `after stepping up, create_note succeeded (${created.content[0].text})`);

const notes = JSON.parse((await client.callTool({ name: 'list_notes', arguments: {} })).content[0].text);
check(notes.notes.includes('from the TypeScript SDK'), 'the new note is listed');

// Issue 27: a scope that depends on the request. read_note of the public note 1 needs read:notes; of the
// private note 2 also read:private-notes, decided by the server before the tool runs from the call's
// arguments. The SDK steps up on the 403 with the challenge's scope, exactly as for a fixed scope.
const publicNote = (await client.callTool({ name: 'read_note', arguments: { id: 1 } })).content[0].text;
check(publicNote === 'Welcome to MCP Auth for Java.', `read_note of the public note needs no step-up (${publicNote})`);
const stepUpsBefore = provider.requestedScopes.length;
const privateNote = await authorized(transport, () =>
  client.callTool({ name: 'read_note', arguments: { id: 2 } }));
check(provider.requestedScopes.length === stepUpsBefore + 1
    && provider.requestedScopes.at(-1).split(' ').includes('read:private-notes'),
  `read_note of the private note made the client step up to read:private-notes (${provider.requestedScopes.at(-1)})`);
check(!privateNote.isError && privateNote.content[0].text.startsWith('Private:'),
  `after stepping up, the private note is read (${privateNote.content[0].text})`);

// RFC 9470: purge_notes needs a sign-in with acr mfa at most 300 s ago. The server answers 401
// insufficient_user_authentication with acr_values="mfa" and max_age="300". This SDK version re-authorizes
// on the 401 with the challenge's scope but does not forward acr_values, so the authorization server
// (the demo's, which raises acr to mfa only when asked) issues another pwd token and the call still fails:
// the SDK does not support RFC 9470 step-up. Checked here so a future SDK that does shows up as a change.
const authorizationsBefore = provider.requestedScopes.length;
const seenBefore = seen.length;
let purgeError;
try {
  await authorized(transport, () => client.callTool({ name: 'purge_notes', arguments: {} }));
} catch (error) {
  purgeError = error;
}
check(seen.slice(seenBefore).some(s => s.startsWith('POST /mcp 401')) && provider.requestedScopes.length > authorizationsBefore,
  'purge_notes was answered 401 and the SDK re-authorized');
check(provider.requestedAcrValues.slice(authorizationsBefore).every(v => v === null) && purgeError !== undefined,
  `the SDK sent no acr_values, so purge_notes stays refused (${purgeError})`);

await client.close();
console.log('TypeScript SDK client: all checks passed');
