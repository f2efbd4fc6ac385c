#!/usr/bin/env bash
# Runs the official MCP Python SDK client with its default OAuth settings (it registers itself,
# keeps every token, steps up on 403 insufficient_scope) against the demo jar on Javalin and against
# the Spring demo jar on WebMVC.
# Needs: examples/target/mcpauth-examples.jar and examples-spring/target/mcpauth-spring-demo.jar
# (mvn -B verify builds both) and Python 3.10+. Installs its pinned packages itself, in .venv here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/examples/target/mcpauth-examples.jar"
spring_jar="$root/examples-spring/target/mcpauth-spring-demo.jar"
for j in "$jar" "$spring_jar"; do
  [ -f "$j" ] || { echo "missing $j: run mvn -B verify first" >&2; exit 1; }
done
cd "$here"
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import mcp' 2>/dev/null; then
  # PyPI (or this machine's local wheel mirror, pip's find-links/extra-index-url) is the only source of
  # the Python SDK: where neither is reachable, say so loudly and skip rather than fail CI on the network.
  if ! { python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt; }; then
    echo "Python SDK client: SKIPPED: its pinned packages (requirements.txt) cannot be installed here" >&2
    rm -rf .venv
    exit 0
  fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

for stack in javalin spring-webmvc; do
  port=$(free_port)
  log=$(mktemp)
  case "$stack" in
    spring-*) java -jar "$spring_jar" --port "$port" --stack "${stack#spring-}" >"$log" 2>&1 & ;;
    *) java -jar "$jar" --port "$port" --adapter "$stack" >"$log" 2>&1 & ;;
  esac
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 360); do
    grep -q "Press Ctrl+C" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  grep -q "Press Ctrl+C" "$log" || { echo "demo on $stack did not start"; cat "$log"; exit 1; }
  issuer=$(grep -oE 'http://localhost:[0-9]+/dev' "$log" | head -n 1)
  echo "== Python SDK client with default settings against the demo on $stack (port $port)"
  timeout 120 .venv/bin/python client.py "http://localhost:$port/mcp" "$issuer"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  trap - EXIT
  rm -f "$log"
done
