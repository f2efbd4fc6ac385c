#!/usr/bin/env bash
# Scale-out with the demo's command line, as an operator would run it: starts a redis-server on a free
# loopback port, two demo processes (A with its embedded development authorization server, B trusting
# A's) sharing it through --store redis://..., both with --dpop required --replay-cache and
# --dpop-nonces (MCPAUTH_DPOP_NONCE_SECRET shared), and drives them with curl and the demo jar's
# dpop-proof command:
#   1. a DPoP proof used at A is refused at B as a replay;
#   2. a nonce issued by A is accepted by B;
#   3. Redis stopped: a request that needs it gets 503 with Retry-After, never 200;
#   4. Redis started again on the same port: requests recover.
# Stops everything it started at the end. Needs: examples/target/mcpauth-examples.jar, redis-server,
# curl, python3 (free ports).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/examples/target/mcpauth-examples.jar"
[ -f "$jar" ] || { echo "missing $jar: run mvn -B verify first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install -y redis-server" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

work=$(mktemp -d)
redis_pid=""
a_pid=""
b_pid=""
stop() { # pid: TERM, then KILL after at most 10 s
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  stop "$b_pid"; stop "$a_pid"; stop "$redis_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "FAIL: $*"
  for f in a b redis; do [ -f "$work/$f.log" ] && { echo "-- $f log:"; tail -40 "$work/$f.log"; }; done
  exit 1
}

redis_port=$(free_port)
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >>"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.2
  done
  fail "redis-server did not start on port $redis_port"
}
start_redis
store="redis://127.0.0.1:$redis_port"

export MCPAUTH_DPOP_NONCE_SECRET="scale-out e2e: a nonce secret shared by both instances"
flags=(--store "$store" --dpop required --replay-cache --dpop-nonces)
wait_for() { # log pattern pid name
  for _ in $(seq 1 120); do
    grep -q "$2" "$1" && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.5
  done
  fail "$4 did not start"
}

port_a=$(free_port)
java -jar "$jar" --port "$port_a" "${flags[@]}" >"$work/a.log" 2>&1 &
a_pid=$!
wait_for "$work/a.log" "Authorization server:" "$a_pid" "instance A"
issuer=$(sed -nE 's/^ *Authorization server: *(http[^ ]+).*/\1/p' "$work/a.log" | head -1)
resource="http://localhost:$port_a/mcp"

port_b=$(free_port)
java -jar "$jar" --port "$port_b" --issuer "$issuer" --resource "$resource" "${flags[@]}" >"$work/b.log" 2>&1 &
b_pid=$!
wait_for "$work/b.log" "REST endpoint" "$b_pid" "instance B"
echo "== scale-out: redis on $redis_port, instance A on $port_a (issuer $issuer), instance B on $port_b"

key="$work/client.jwk"
proof() { java -jar "$jar" dpop-proof "$key" "$@"; }
token_endpoint="$issuer/token"
token=$(curl -s -u demo-client:secret -H "DPoP: $(proof POST "$token_endpoint")" \
  -d grant_type=client_credentials -d scope=read:notes -d resource="$resource" "$token_endpoint" \
  | grep -o '"access_token" *: *"[^"]*"' | cut -d'"' -f4)
[ -n "$token" ] || fail "no DPoP-bound token from $token_endpoint"

# Behind a load balancer every instance serves the resource's URL, so proofs name it (htu).
notes_url="http://localhost:$port_a/notes"
header() { # name: its value in the last response, or "-"
  local v
  v=$(tr -d '\r' <"$work/headers" | grep -i "^$1:" | head -1 | sed -E 's/^[^:]+: *//')
  echo "${v:--}"
}
call() { # base proof -> "status nonce retry-after" ("-" for a missing header)
  curl -s -o /dev/null -D "$work/headers" -w '%{http_code}' \
    -H "Authorization: DPoP $token" -H "DPoP: $2" "$1/notes" >"$work/status" || true
  printf '%s %s %s\n' "$(cat "$work/status")" "$(header DPoP-Nonce)" "$(header Retry-After)"
}
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"

# A nonce from A (a proof without one is answered 401 use_dpop_nonce with DPoP-Nonce).
read -r status nonce _ < <(call "$a" "$(proof GET "$notes_url" "$token")")
[ "$status" = 401 ] && [ "$nonce" != - ] || fail "A should ask for a nonce first (got $status)"
echo "ok: A issues a nonce"

p=$(proof GET "$notes_url" "$token" "$nonce")
read -r status _ _ < <(call "$b" "$p")
[ "$status" = 200 ] || fail "B should accept A's nonce (got $status)"
echo "ok: B accepts the nonce A issued"

read -r status _ _ < <(call "$a" "$p")
[ "$status" = 401 ] || fail "A should refuse the proof B accepted as a replay (got $status)"
echo "ok: the proof used at B is refused at A (replay)"

stop "$redis_pid"; redis_pid=""
read -r status _ retry < <(call "$a" "$(proof GET "$notes_url" "$token" "$nonce")")
[ "$status" = 503 ] && [ "$retry" != - ] || fail "with Redis down A should answer 503 with Retry-After (got $status)"
echo "ok: Redis down: 503 with Retry-After $retry"

start_redis
recovered=""
for _ in $(seq 1 30); do
  read -r status _ _ < <(call "$b" "$(proof GET "$notes_url" "$token" "$nonce")")
  [ "$status" = 200 ] && { recovered=yes; break; }
  [ "$status" = 503 ] || fail "while Redis restarts B answered $status (only 503 or 200 are right)"
  sleep 1
done
[ -n "$recovered" ] || fail "B did not recover after Redis came back"
echo "ok: Redis back: requests recover"
echo "scale-out e2e passed"
