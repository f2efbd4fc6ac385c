#!/usr/bin/env bash
# HTTP load on loopback with wrk (apt-get install wrk): GET /notes unprotected vs protected, one token
# vs many distinct tokens, verified-token cache off and on, on Javalin and Undertow; then the key
# rotation storm (Java driver). Prints a Markdown table. Usage: run.sh [seconds] [connections] [tokens]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/benchmarks.jar"
seconds="${1:-30}"; connections="${2:-64}"; tokens="${3:-2000}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$jar" ] || { echo "missing $jar: mvn -q -B package -DskipTests" >&2; exit 1; }
echo "| adapter | scenario | requests/s | p50 (µs) | p99 (µs) | errors | vs unprotected |"
echo "|---|---|---|---|---|---|---|"
for adapter in javalin undertow; do
  for cache in off on; do
    dir=$(mktemp -d)
    java -cp "$jar" dev.mcpauth.bench.LoadServer --adapter "$adapter" --cache "$cache" --tokens "$tokens" --out "$dir" \
      >"$dir/server.log" 2>&1 &
    pid=$!
    base_rps=""
    for _ in $(seq 1 120); do [ -f "$dir/port" ] && break; sleep 0.5; done
    [ -f "$dir/port" ] || { cat "$dir/server.log"; exit 1; }
    port=$(cat "$dir/port")
    run() { # name path token-count
      TOKEN_FILE="$dir/tokens.txt" TOKENS="$3" wrk -t2 -c"$connections" -d5s --latency -s "$here/${4:-tokens}.lua" "http://127.0.0.1:$port$2" >/dev/null 2>&1 || true
      line=$(TOKEN_FILE="$dir/tokens.txt" TOKENS="$3" wrk -t2 -c"$connections" -d"${seconds}s" --latency \
        -s "$here/${4:-tokens}.lua" "http://127.0.0.1:$port$2" | grep RESULT)
      rps=$(echo "$line" | sed -E 's/.*rps=([0-9]+).*/\1/')
      p50=$(echo "$line" | sed -E 's/.*p50=([0-9]+).*/\1/')
      p99=$(echo "$line" | sed -E 's/.*p99=([0-9]+).*/\1/')
      errors=$(echo "$line" | sed -E 's/.*errors=([0-9]+).*/\1/')
      if [ "$2" = /public/notes ]; then base_rps="$rps"; fi
      ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')
      echo "| $adapter | $1 | $rps | $p50 | $p99 | $errors | $ratio |"
    }
    export TOKEN_FILE="$dir/tokens.txt"
    # Each protected row is measured right after its baseline in the same server process: the same
    # Authorization headers (one token, or the same rotation over many) sent to an unprotected route,
    # so both sides parse and carry the same bytes and only the authorization work differs.
    run "unprotected, one token" /public/notes 1
    run "protected, one token, cache $cache" /notes 1
    run "unprotected, $tokens tokens" /public/notes 0
    run "protected, $tokens tokens, cache $cache" /notes 0
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
  done
done
echo
java -cp "$jar" dev.mcpauth.bench.LoadTest --rotation-only --seconds "$seconds" --connections "$connections" 2>/dev/null \
  | grep "rotation storm"
