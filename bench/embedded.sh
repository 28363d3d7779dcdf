#!/usr/bin/env bash
# Compares embedded-database configurations on the same machine in one run: job_status against the
# same server's trivial answer (10,000 seeded jobs), and intake (prep upload + ~100 KB zip PUT to a final
# sandbox result, bench IntakeBench). Each argument is LABEL=TREE[,VAR=VALUE...]: a built checkout of
# Verdict (target/verdict.jar, target/test-classes) and extra VERDICT_* settings, e.g.
#   bench/embedded.sh sqlite-full=. sqlite-normal=.,VERDICT_SQLITE_SYNCHRONOUS=NORMAL h2=/path/to/h2-checkout
# Usage: bench/embedded.sh CONFIG...   (SECONDS_EACH=10 CLIENTS=8 by default)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_EACH=${SECONDS_EACH:-10}
CLIENTS=${CLIENTS:-8}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
./mvnw -B -q -DskipTests package test-compile >/dev/null
HERE_CP="$PWD/target/test-classes:$PWD/target/verdict.jar:$PWD/target/lib/*"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

start_server() { # tree data-dir log
  VERDICT_DATA_DIR="$2" "$JAVA_HOME/bin/java" -Xmx512m -jar "$1/target/verdict.jar" serve >"$3" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18181/health >/dev/null && return; sleep 0.5; done
  echo "server did not start: $(tail -5 "$3")"; exit 1
}

measure() { # label url lua: prints the figure line, leaves req/s in $work/figure
  wrk -t1 -c64 -d"${SECONDS_EACH}s" -s "$3" "$2" | awk -v label="$1" -v out="$work/figure" '/^RESULT/ {
    printf "  %-24s %9s req/s  p50 %6s ms  p99 %6s ms\n", label, $3, $4, $5; print $3 > out }'
}

echo "Embedded database comparison $(date -u +%FT%TZ) on $(nproc) cores"
for config in "$@"; do
  label=${config%%=*}; rest=${config#*=}; tree=$(cd "${rest%%,*}" && pwd)
  export VERDICT_MODE=sandbox VERDICT_HTTP_PORT=18180 VERDICT_HTTPS_PORT=0 VERDICT_ADMIN_PORT=18181 VERDICT_LOG_LEVEL=WARN
  export VERDICT_MASTER_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= VERDICT_ADMIN_TOKEN=bench-admin-token-0123456789
  unset VERDICT_SQLITE_SYNCHRONOUS VERDICT_SANDBOX_JOB_TYPES
  if [ "$rest" != "${rest%%,*}" ]; then for kv in $(echo "${rest#*,}" | tr ',' ' '); do export "$kv"; done; fi
  echo "== $label ($tree${rest#"${rest%%,*}"})"

  dir="$work/$label-status"; mkdir -p "$dir/data"
  VERDICT_DATA_DIR="$dir/data" VERDICT_SANDBOX_JOB_TYPES=none "$JAVA_HOME/bin/java" \
    -cp "$tree/target/verdict.jar:$tree/target/test-classes:$tree/target/lib/*" dev.verdict.bench.Seed 10000 "$dir" 2>&1 | grep seeded | sed 's/^/  /'
  VERDICT_SANDBOX_JOB_TYPES=none start_server "$tree" "$dir/data" "$dir/server.log"
  wrk -t1 -c64 -d5s -s "$dir/status.lua" http://127.0.0.1:18180 >/dev/null
  measure "trivial (404)" http://127.0.0.1:18180/v1/nothing bench/get.lua; trivial=$(cat "$work/figure")
  measure "job_status" http://127.0.0.1:18180 "$dir/status.lua"; status=$(cat "$work/figure")
  kill $server; wait $server 2>/dev/null || true

  dir="$work/$label-intake"; mkdir -p "$dir/data"
  start_server "$tree" "$dir/data" "$dir/server.log"
  sleep 1
  creds=$(grep -m1 '^{"partner_id"' "$dir/server.log")
  pid=$(echo "$creds" | sed 's/.*"partner_id":"\([0-9]*\)".*/\1/'); key=$(echo "$creds" | sed 's/.*"api_key":"\([^"]*\)".*/\1/')
  "$JAVA_HOME/bin/java" -cp "$HERE_CP" dev.verdict.bench.IntakeBench http://127.0.0.1:18180 http://127.0.0.1:18181 \
    "$VERDICT_ADMIN_TOKEN" "$pid" "$key" "$CLIENTS" "$SECONDS_EACH" 2>"$work/figure" | sed 's/^/  /'
  intake=$(awk '/^RESULT/ {print $3}' "$work/figure")
  kill $server; wait $server 2>/dev/null || true
  awk -v s="$status" -v t="$trivial" -v i="$intake" -v l="$label" \
    'BEGIN { printf "  %s: job_status / trivial %.2f; intake %s jobs/s to a final result\n", l, s/t, i }'
done
