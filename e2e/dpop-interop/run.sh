#!/usr/bin/env bash
# DPoP interoperability against a real authorization server (npm oidc-provider): for each adapter, starts
# dev.mcpauth.examples.interop.DpopInteropServer from the examples jar, then interop.mjs, which starts
# oidc-provider, obtains DPoP-bound JWT access tokens and checks the server's answers.
# Needs: examples/target/mcpauth-examples.jar (mvn -B verify builds it) and Node 20+.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/examples/target/mcpauth-examples.jar"
[ -f "$jar" ] || { echo "missing $jar: run mvn -B verify first" >&2; exit 1; }
cd "$here"
if [ ! -d node_modules/oidc-provider ] || [ ! -d node_modules/jose ]; then
  npm install --no-audit --no-fund --loglevel=error
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

pid=""
client=""
log=""
# Kills what this script started: the client (timeout forwards the signal to node, and oidc-provider runs
# inside node) and the Java server, each by its process id.
cleanup() {
  if [ -n "$client" ]; then
    kill "$client" 2>/dev/null || true
    wait "$client" 2>/dev/null || true
  fi
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    # bounded: a JVM that ignores SIGTERM for 10 s is killed
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  [ -z "$log" ] || rm -f "$log"
  pid=""
  client=""
  log=""
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for adapter in javalin undertow; do
  port=$(free_port)
  as_port=$(free_port)
  log=$(mktemp)
  java -cp "$jar" dev.mcpauth.examples.interop.DpopInteropServer \
    --issuer "http://127.0.0.1:$as_port" --port "$port" --adapter "$adapter" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do
    grep -q "dpop-interop server ready" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  grep -q "dpop-interop server ready" "$log" || { echo "DpopInteropServer on $adapter did not start"; cat "$log"; exit 1; }
  echo "== DPoP interoperability: oidc-provider (port $as_port) and DpopInteropServer on $adapter (port $port)"
  # In the background and waited for, so that a signal to this script is handled at once.
  timeout 60 node interop.mjs --as-port "$as_port" --server "http://127.0.0.1:$port" --label "$adapter" &
  client=$!
  status=0
  wait "$client" || status=$?
  client=""
  if [ "$status" -ne 0 ]; then
    echo "-- server log ($adapter):"
    cat "$log"
    exit 1
  fi
  cleanup
done
