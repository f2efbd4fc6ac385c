#!/usr/bin/env bash
# Runs the official MCP conformance suite (npm @modelcontextprotocol/conformance, pinned below)
# against the conformance fixture server on every stack: Javalin, Undertow, plain servlet (the
# examples jar's `conformance` subcommand) and Spring WebMVC / WebFlux (the Spring demo jar's).
# Per stack: the active suite at 2025-11-25 on the streamable (session) transport, then
# dns-rebinding-protection and http-header-validation at 2026-07-28 (--force) on the stateless
# transport (2026-07-28 is stateless; Undertow is stateless throughout). The suite cannot send a
# token, so it talks to token-proxy.mjs, which adds the SEP-2350 full token.
# Every failing check must be listed in expected-failures.txt ("stack scenario@version check
# reason"); an unlisted failure fails the run, and so does a listed one that now passes.
# Needs: examples/target/mcpauth-examples.jar and examples-spring/target/mcpauth-spring-demo.jar,
# Java 17+, python3, npm (Node 22 itself comes from the npm registry into the cache).
# CONFORMANCE_STACKS="javalin undertow" limits the stacks (then only their expectations count).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
suite_version="0.2.0-alpha.12" # the first with the 2026-07-28 http-header-validation scenario
cache="${MCPAUTH_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcpauth-conformance}/$suite_version"
jar="$root/examples/target/mcpauth-examples.jar"
spring_jar="$root/examples-spring/target/mcpauth-spring-demo.jar"
for j in "$jar" "$spring_jar"; do
  [ -f "$j" ] || { echo "missing $j: run mvn -B verify first" >&2; exit 1; }
done
started=$(date +%s)
if [ ! -x "$cache/node_modules/.bin/conformance" ] || [ ! -x "$cache/node_modules/.bin/node" ]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
    node@22 "@modelcontextprotocol/conformance@$suite_version"
fi
export PATH="$cache/node_modules/.bin:$PATH"
node --version | grep -q '^v22\.' || { echo "node 22 expected from $cache" >&2; exit 1; }

out=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_server STACK TRANSPORT: starts the fixture server and the token proxy; sets url, server_pid, proxy_pid
start_server() {
  local stack=$1 transport=$2 port proxy log
  port=$(free_port)
  proxy=$(free_port)
  log="$out/$stack-$transport.log"
  case "$stack" in
    spring-*) java -jar "$spring_jar" conformance --port "$port" --resource "http://localhost:$proxy/mcp" \
                --stack "${stack#spring-}" --transport "$transport" >"$log" 2>&1 & ;;
    *) java -jar "$jar" conformance --port "$port" --resource "http://localhost:$proxy/mcp" \
         --adapter "$stack" --transport "$transport" >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  pids+=("$server_pid")
  node "$here/token-proxy.mjs" "$proxy" "$port" mcp-conformance-scope-full >>"$log" 2>&1 &
  proxy_pid=$!
  pids+=("$proxy_pid")
  for _ in $(seq 1 360); do
    grep -q "Press Ctrl+C" "$log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.5
  done
  grep -q "Press Ctrl+C" "$log" || { echo "fixture server on $stack did not start"; cat "$log"; exit 1; }
  url="http://localhost:$proxy/mcp"
}
stop_server() {
  kill "$server_pid" "$proxy_pid" 2>/dev/null || true
  wait "$server_pid" "$proxy_pid" 2>/dev/null || true
}
# run_suite DIR ARGS...: the suite's exit status is not the verdict (the expectations below are)
run_suite() {
  local dir=$1
  shift
  conformance server --url "$url" -o "$dir" "$@" >"$dir.txt" 2>&1 || true
}

stacks="${CONFORMANCE_STACKS:-javalin undertow servlet spring-webmvc spring-webflux}"
for stack in $stacks; do
  echo "== conformance suite $suite_version on $stack"
  if [ "$stack" = undertow ]; then first=stateless; else first=streamable; fi
  start_server "$stack" "$first"
  mkdir -p "$out/$stack/2025-11-25" "$out/$stack/2026-07-28"
  # 8 s per scenario: every scenario finishes in well under a second unless the server never
  # answers (a known failure), and 30 s each of those would triple the run time
  run_suite "$out/$stack/2025-11-25" --spec-version 2025-11-25 --timeout 8000
  if [ "$first" != stateless ]; then
    stop_server
    start_server "$stack" stateless
  fi
  for scenario in dns-rebinding-protection http-header-validation; do
    run_suite "$out/$stack/2026-07-28" --spec-version 2026-07-28 --scenario "$scenario" --force --timeout 8000
  done
  stop_server
done

status=0
python3 - "$out" "$here/expected-failures.txt" "$stacks" <<'PY' || status=$?
import json, os, sys
out, expected_file, stacks = sys.argv[1], sys.argv[2], sys.argv[3].split()
# check results per (stack, scenario@version, check id); a repeated id counts once, failing if any failed
results, counts = {}, {}
for stack in stacks:
    counts[stack] = [0, 0]
    for version in ("2025-11-25", "2026-07-28"):
        base = os.path.join(out, stack, version)
        for d in sorted(os.listdir(base)) if os.path.isdir(base) else []:
            path = os.path.join(base, d, "checks.json")
            if not d.startswith("server-") or not os.path.exists(path):
                continue
            scenario = d[len("server-"):].rsplit("-", 6)[0]  # strip the -YYYY-MM-DDTHH-MM-SS-mmmZ stamp
            for check in json.load(open(path)):
                status = check.get("status")
                if status not in ("SUCCESS", "FAILURE"):
                    continue  # INFO, WARNING, SKIPPED: not a verdict
                key = (stack, scenario + "@" + version, check["id"])
                failed = status == "FAILURE"
                results[key] = results.get(key, False) or failed
                counts[stack][1 if failed else 0] += 1
expected = {}
for n, line in enumerate(open(expected_file), 1):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    parts = line.split(None, 3)
    if len(parts) < 4:
        sys.exit(f"{expected_file}:{n}: want 'stack scenario@version check reason'")
    expected[tuple(parts[:3])] = parts[3]
unexpected = sorted(k for k, failed in results.items() if failed and k not in expected)
fixed = sorted(k for k in expected if k[0] in stacks and not results.get(k, False))
for k in unexpected:
    print("UNEXPECTED FAILURE:", " ".join(k))
for k in fixed:
    state = "passes now" if k in results else "did not run"
    print(f"LISTED BUT {state.upper()} (remove it from expected-failures.txt):", " ".join(k))
print()
print("%-16s %8s %8s %10s" % ("stack", "passed", "failed", "expected"))
for stack in stacks:
    listed = sum(1 for k in expected if k[0] == stack)
    print("%-16s %8d %8d %10d" % (stack, counts[stack][0], counts[stack][1], listed))
print("(checks: a check id repeated within a scenario counts each time; 'expected' = listed failures)")
sys.exit(1 if unexpected or fixed else 0)
PY
echo "conformance run took $(( $(date +%s) - started )) s"
exit $status
