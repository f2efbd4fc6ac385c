// The MCP Inspector (npm @modelcontextprotocol/inspector, the tool MCP server authors try servers
// with) in headless Chromium, driven by playwright-core, against the demo and its development
// authorization server. Usage: node inspector.mjs <inspector url> <mcp url> <screenshots dir>.
// Exit 0 only if every check holds; a screenshot of each step is left in the screenshots dir.
//
// The Inspector's default connection ("Via Proxy"): the browser runs the OAuth flow (discovery,
// dynamic client registration through the proxy, the authorization endpoint as a page, the token
// request), the proxy carries MCP. In that mode the Inspector 0.22 shows a 403 insufficient_scope as
// a tool error and does not step up by itself: the user widens the scope in its Authentication
// settings, clears the OAuth state and reconnects, as done here.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [inspectorUrl, mcpUrl, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const seen = [];
let step = 0;

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    console.error(seen.join('\n'));
    process.exit(1);
  }
  console.log(`ok: ${message}`);
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('response', r => seen.push(`${r.request().method()} ${r.status()} ${r.url()}`));
  const shot = async name => page.screenshot({ path: `${shots}/${String(++step).padStart(2, '0')}-${name}.png`, fullPage: true });
  const authorizations = () => seen.filter(s => /^GET 302 .*\/dev\/authorize\?/.test(s)).map(s => new URL(s.split(' ')[2]));
  const setScope = async scope => {
    const field = page.getByPlaceholder('Scope (space-separated)');
    if (!(await field.isVisible())) await page.getByRole('button', { name: 'Authentication' }).click();
    await field.fill(scope);
  };
  const runTool = async (name, text) => {
    await page.getByRole('tab', { name: 'Tools' }).click();
    const tool = page.getByText(name, { exact: true }).first();
    if (!(await tool.isVisible())) await page.getByRole('button', { name: 'List Tools' }).click();
    await tool.click();
    if (text !== undefined) await page.locator('textarea').first().fill(text);
    await page.getByRole('button', { name: 'Run Tool' }).click();
    await page.getByText(/Tool Result: (Success|Error)/).first().waitFor({ timeout: 20000 });
    const body = await page.locator('body').innerText();
    return body.slice(body.indexOf('Tool Result'), body.indexOf('History', body.indexOf('Tool Result')));
  };

  await page.goto(`${inspectorUrl}&transport=streamable-http&serverUrl=${encodeURIComponent(mcpUrl)}`);
  await page.getByRole('button', { name: 'Connect' }).waitFor();
  await shot('inspector');
  check((await page.locator('#sse-url-input').inputValue()) === mcpUrl, `the Inspector points at ${mcpUrl}`);

  // Its default settings: it registers itself and asks for the scopes the resource advertises.
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByText('Connected', { exact: true }).first().waitFor({ timeout: 30000 });
  await shot('connected-with-default-settings');
  check(seen.some(s => /^POST 201 .*\/fetch$/.test(s)), 'the Inspector registered itself (RFC 7591, through its proxy)');
  const byDefault = authorizations()[0];
  check(byDefault && !byDefault.searchParams.get('scope')?.split(' ').includes('openid'),
    `with default settings it went through the authorization endpoint, no openid (${byDefault?.searchParams.get('scope')})`);
  const everything = await runTool('create_note', 'with default settings');
  check(everything.includes('Success') && everything.includes('created note'), 'with default settings create_note works');

  // A new login for read:notes only, so that create_note needs a step-up.
  await page.getByRole('tab', { name: 'Auth' }).click();
  await page.getByRole('button', { name: 'Clear OAuth State' }).click();
  await setScope('read:notes');
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await page.getByText('Connected', { exact: true }).first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1000);
  await shot('connected-for-read-notes');
  const first = authorizations()[1];
  check(first && first.searchParams.get('scope') === 'read:notes', `the browser went through the authorization endpoint for read:notes, no openid (${first?.searchParams.get('scope')})`);
  check(first.searchParams.get('code_challenge_method') === 'S256', 'with PKCE S256');
  check(seen.some(s => /^POST 200 .*\/dev\/token$/.test(s)), 'the browser exchanged the code for a token');

  await page.getByRole('tab', { name: 'Tools' }).click();
  await page.getByRole('button', { name: 'List Tools' }).click();
  await page.getByText('create_note', { exact: true }).first().waitFor();
  await shot('tools');
  const tools = await page.locator('body').innerText();
  check(['whoami', 'add', 'list_notes', 'create_note'].every(t => tools.includes(t)), 'tools/list shows every tool, create_note included');

  const who = await runTool('whoami');
  await shot('whoami');
  check(who.includes('Success') && who.includes('"alice"') && who.includes('"read:notes"') && !who.includes('"write:notes"'),
    `whoami answers alice with read:notes only (${who.replace(/\s+/g, ' ').slice(0, 200)})`);

  const refused = await runTool('create_note', 'from the Inspector');
  await shot('create-note-refused');
  check(refused.includes('Error') && refused.includes('insufficient_scope'), 'create_note is refused with 403 insufficient_scope');

  // The step-up as the Inspector offers it: a wider scope, the OAuth state cleared, a reconnect.
  await page.getByRole('tab', { name: 'Auth' }).click();
  await page.getByRole('button', { name: 'Clear OAuth State' }).click();
  await setScope('read:notes write:notes');
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await page.getByText('Connected', { exact: true }).first().waitFor({ timeout: 30000 });
  await page.waitForTimeout(1000);
  const again = authorizations().at(-1);
  check(authorizations().length === 3 && again.searchParams.get('scope') === 'read:notes write:notes',
    `the Inspector authorized again for read:notes write:notes (${again?.searchParams.get('scope')})`);
  await shot('reconnected-after-step-up');

  const created = await runTool('create_note', 'from the Inspector, stepped up');
  await shot('create-note-after-step-up');
  check(created.includes('Success') && created.includes('created note'), `after the step-up create_note succeeds (${created.replace(/\s+/g, ' ').slice(0, 120)})`);
  console.log(`MCP Inspector: all checks passed; screenshots in ${shots}`);
} catch (error) {
  console.error(`FAILED: ${error.message.split('\n').slice(0, 4).join(' | ')}`);
  console.error(seen.slice(-40).join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
