#!/usr/bin/env bash
# HTTP load on loopback with wrk (apt-get install wrk): GET /notes unprotected vs protected, one token
# vs many distinct tokens, verified-token cache off and on, on Javalin, Undertow and the Spring demo
# (WebMVC, WebFlux); then the key rotation storm (Java driver, with javalin or undertow). Prints a
# Markdown table. Usage: run.sh [seconds] [connections] [tokens] [adapters]
# adapters: a space-separated list of javalin undertow spring-webmvc spring-webflux (default: all),
# or spring-security-compare: the Spring demo's GET /notes unprotected, protected by MCP Auth (cache on
# and off) and by Spring Security's oauth2ResourceServer().jwt() (Nimbus), four copies of the demo in
# one JVM with one authorization server and one set of tokens (SpringSecurityCompareServer, from the
# test class path: see compare.sh), measured in ROUNDS (default 2) interleaved rounds after a warm-up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/../target/benchmarks.jar"
spring_jar="$here/../../examples-spring/target/mcpauth-spring-demo.jar"
spring_dir="$here/../../examples-spring/target"
compare_cp="$spring_dir/compare-classpath.txt"
seconds="${1:-30}"; connections="${2:-64}"; tokens="${3:-2000}"
adapters="${4:-javalin undertow spring-webmvc spring-webflux}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
for adapter in $adapters; do
  case "$adapter" in
    javalin|undertow) need="$jar" ;;
    spring-webmvc|spring-webflux) need="$spring_jar" ;;
    spring-security-compare) need="$compare_cp" ;;
    *) echo "unknown adapter $adapter (javalin undertow spring-webmvc spring-webflux spring-security-compare)" >&2; exit 2 ;;
  esac
  [ -f "$need" ] || { echo "missing $need: mvn -q -B package -DskipTests (compare.sh builds all)" >&2; exit 1; }
done
# How to start the load server of an adapter: the benchmarks' LoadServer for Javalin and Undertow;
# the Spring demo jar's SpringLoadServer (same contract) for Spring, so the benchmarks pull no Spring.
server() { # adapter cache dir; runs in the background: exec, so that $! is the java process
  case "$1" in
    spring-*) exec java -cp "$spring_jar" -Dloader.main=dev.mcpauth.examples.springload.SpringLoadServer \
        org.springframework.boot.loader.launch.PropertiesLauncher \
        --stack "${1#spring-}" --cache "$2" --tokens "$tokens" --out "$3" ;;
    *) exec java -cp "$jar" dev.mcpauth.bench.LoadServer --adapter "$1" --cache "$2" --tokens "$tokens" --out "$3" ;;
  esac
}
measure() { # port path token-count (0: all): 5 s warm-up, then sets rps p50 p99 errors
  TOKEN_FILE="$dir/tokens.txt" TOKENS="$3" wrk -t2 -c"$connections" -d5s --latency -s "$here/tokens.lua" "http://127.0.0.1:$1$2" >/dev/null 2>&1 || true
  line=$(TOKEN_FILE="$dir/tokens.txt" TOKENS="$3" wrk -t2 -c"$connections" -d"${seconds}s" --latency \
    -s "$here/tokens.lua" "http://127.0.0.1:$1$2" | grep RESULT)
  rps=$(echo "$line" | sed -E 's/.*rps=([0-9]+).*/\1/')
  p50=$(echo "$line" | sed -E 's/.*p50=([0-9]+).*/\1/')
  p99=$(echo "$line" | sed -E 's/.*p99=([0-9]+).*/\1/')
  errors=$(echo "$line" | sed -E 's/.*errors=([0-9]+).*/\1/')
}
echo "| adapter | scenario | requests/s | p50 (µs) | p99 (µs) | errors | vs unprotected | load 1 min |"
echo "|---|---|---|---|---|---|---|---|"
for adapter in $adapters; do
  [ "$adapter" = spring-security-compare ] && continue
  for cache in off on; do
    dir=$(mktemp -d)
    server "$adapter" "$cache" "$dir" >"$dir/server.log" 2>&1 &
    pid=$!
    base_rps=""
    for _ in $(seq 1 120); do [ -f "$dir/port" ] && break; sleep 0.5; done
    [ -f "$dir/port" ] || { cat "$dir/server.log"; kill "$pid" 2>/dev/null || true; exit 1; }
    port=$(cat "$dir/port")
    run() { # name path token-count
      measure "$port" "$2" "$3"
      if [ "$2" = /public/notes ]; then base_rps="$rps"; fi
      ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')
      echo "| $adapter | $1 | $rps | $p50 | $p99 | $errors | $ratio | $(cut -d' ' -f1 /proc/loadavg) |"
    }
    export TOKEN_FILE="$dir/tokens.txt"
    # A fresh JVM (Spring above all) is still compiling after one 5 s warm-up: warm both routes with
    # many tokens first, so the first rows do not measure the JIT.
    for path in /public/notes /notes; do
      TOKENS=0 wrk -t2 -c"$connections" -d"${WARMUP_SECONDS:-15}s" -s "$here/tokens.lua" \
        "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true
    done
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
case " $adapters " in
  *" spring-security-compare "*)
    dir=$(mktemp -d)
    java -cp "$spring_dir/test-classes:$spring_dir/classes:$(cat "$compare_cp")" \
      dev.mcpauth.examples.springload.SpringSecurityCompareServer --tokens "$tokens" --out "$dir" \
      >"$dir/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 360); do [ -f "$dir/port" ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    [ -f "$dir/port" ] || { cat "$dir/server.log"; kill "$pid" 2>/dev/null || true; exit 1; }
    variants="none mcpauth mcpauth-nocache springsecurity"
    for v in $variants; do # warm every copy with many tokens, so no row measures the JIT
      TOKEN_FILE="$dir/tokens.txt" TOKENS=0 wrk -t2 -c"$connections" -d"${WARMUP_SECONDS:-15}s" -s "$here/tokens.lua" \
        "http://127.0.0.1:$(cat "$dir/port-$v")/notes" >/dev/null 2>&1 || true
    done
    # Interleaved: each protected row right after the unprotected one of its round, same headers.
    for round in $(seq 1 "${ROUNDS:-2}"); do
      for count in 1 0; do
        scenario=$([ "$count" = 1 ] && echo "one token" || echo "$tokens tokens")
        for v in $variants; do
          measure "$(cat "$dir/port-$v")" /notes "$count"
          if [ "$v" = none ]; then base_rps="$rps"; fi
          ratio=$(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }')
          echo "| spring-webmvc-$v | $scenario, round $round | $rps | $p50 | $p99 | $errors | $ratio | $(cut -d' ' -f1 /proc/loadavg) |"
        done
      done
    done
    grep '^check' "$dir/server.log" | sed 's/^/# /'
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -rf "$dir" ;;
esac
case " $adapters " in
  *" javalin "*|*" undertow "*)
    echo
    java -cp "$jar" dev.mcpauth.bench.LoadTest --rotation-only --seconds "$seconds" --connections "$connections" 2>/dev/null \
      | grep "rotation storm" ;;
esac
