#!/usr/bin/env bash
# Issue #25 (API freeze): the same measurement before and after a change, with one command.
#   mcpauth-benchmarks/compare.sh LABEL            e.g. before, after
# Builds the benchmark and Spring demo jars (reactor package, no install), then runs, on loopback:
#   1. JMH: VerifyBenchmark and RejectionBenchmark, short (-f 1 -wi 2 -i 3, 2 s each, -prof gc);
#   2. the HTTP load harness (load/run.sh) on javalin, undertow, spring-webmvc, spring-webflux;
#   3. the Spring Security comparison (load/run.sh spring-security-compare): GET /notes of the Spring
#      demo protected by MCP Auth vs Spring Security's oauth2ResourceServer().jwt() vs unprotected.
# Everything is appended to mcpauth-benchmarks/results/LABEL-YYYY-MM-DD.txt, with the load average
# (uptime) before and after each part. Compare rows within one file, and before/after files only
# when their load averages are alike. Skip parts with PARTS="jmh load compare" (default: all);
# LOAD_SECONDS, WARMUP_SECONDS, CONNECTIONS, TOKENS, JMH_OPTS change the parameters (keep them the
# same between "before" and "after"). SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
label="${1:?usage: compare.sh LABEL (before, after, ...)}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
parts="${PARTS:-jmh load compare}"
seconds="${LOAD_SECONDS:-10}"; connections="${CONNECTIONS:-64}"; tokens="${TOKENS:-2000}"
export WARMUP_SECONDS="${WARMUP_SECONDS:-10}"
jmh_opts="${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc}"
out="$here/results/$label-$(date -u +%Y-%m-%d).txt"
mkdir -p "$here/results"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # package: benchmarks.jar and the demo jar; build-classpath: examples-spring's test class path
  # (Spring Security) for the comparison, written to examples-spring/target/compare-classpath.txt.
  (cd "$root" && mvn -B -o -q package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/compare-classpath.txt \
    -pl mcpauth-benchmarks,examples-spring -am)
fi
note() { echo "## $* -- $(date -u +%FT%TZ) -- $(uptime | sed -E 's/.*(load average)/\1/')"; }
{
  echo "# compare.sh $label: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . || echo ' (uncommitted changes)') on $(hostname), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "# LOAD_SECONDS=$seconds WARMUP_SECONDS=$WARMUP_SECONDS CONNECTIONS=$connections TOKENS=$tokens JMH_OPTS=\"$jmh_opts\""
  case " $parts " in *" jmh "*)
    note "JMH start: java -jar benchmarks.jar \"VerifyBenchmark|RejectionBenchmark\" $jmh_opts"
    # shellcheck disable=SC2086
    java -jar "$here/target/benchmarks.jar" "VerifyBenchmark|RejectionBenchmark" $jmh_opts 2>&1 \
      | sed -n '/^Benchmark /,$p'
    note "JMH end" ;;
  esac
  case " $parts " in *" load "*)
    note "load start: load/run.sh $seconds $connections $tokens"
    "$here/load/run.sh" "$seconds" "$connections" "$tokens" "javalin undertow spring-webmvc spring-webflux"
    note "load end" ;;
  esac
  case " $parts " in *" compare "*)
    note "Spring Security comparison start: load/run.sh $seconds $connections $tokens spring-security-compare"
    "$here/load/run.sh" "$seconds" "$connections" "$tokens" spring-security-compare
    note "Spring Security comparison end" ;;
  esac
} 2>&1 | tee -a "$out"
echo "wrote $out"
