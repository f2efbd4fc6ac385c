#!/usr/bin/env bash
# Runs the official MCP TypeScript SDK client against the demo jar on each adapter, and against the
# Spring demo jar on each Spring stack: client.mjs as a pre-registered client, default-client.mjs with
# the SDK's default settings (dynamic client registration, every token kept).
# Needs: examples/target/mcpauth-examples.jar and examples-spring/target/mcpauth-spring-demo.jar
# (mvn -B verify builds both) and Node 20+.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/examples/target/mcpauth-examples.jar"
spring_jar="$root/examples-spring/target/mcpauth-spring-demo.jar"
for j in "$jar" "$spring_jar"; do
  [ -f "$j" ] || { echo "missing $j: run mvn -B verify first" >&2; exit 1; }
done
cd "$here"
if [ ! -d node_modules/@modelcontextprotocol/sdk ]; then
  npm install --no-audit --no-fund --loglevel=error
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

for adapter in javalin undertow servlet spring-webmvc spring-webflux; do
  port=$(free_port)
  log=$(mktemp)
  case "$adapter" in
    spring-*) java -jar "$spring_jar" --port "$port" --stack "${adapter#spring-}" >"$log" 2>&1 & ;;
    *) java -jar "$jar" --port "$port" --adapter "$adapter" >"$log" 2>&1 & ;;
  esac
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  # A Spring Boot jar starts slower than the plain demo, much slower on a loaded machine: wait up to 3 min.
  for _ in $(seq 1 360); do
    grep -q "Press Ctrl+C" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  grep -q "Press Ctrl+C" "$log" || { echo "demo on $adapter did not start"; cat "$log"; exit 1; }
  issuer=$(grep -oE 'http://localhost:[0-9]+/dev' "$log" | head -n 1)
  echo "== TypeScript SDK client against the demo on $adapter (port $port, issuer $issuer)"
  timeout 120 node client.mjs "http://localhost:$port/mcp" "$issuer"
  echo "== TypeScript SDK client with default settings (registers itself, keeps tokens) on $adapter"
  timeout 120 node default-client.mjs "http://localhost:$port/mcp" "$issuer"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  trap - EXIT
  rm -f "$log"
done
