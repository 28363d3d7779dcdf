#!/usr/bin/env bash
# Verdict benchmark: job_status throughput and latency against the same server's cheapest answer, on SQLite
# and on PostgreSQL (against pgbench -S on the same database server), history, a large table, and RSS.
# Prints figures and ratios measured in this one run; docs/benchmarks.md records them.
# Then bench/scale.sh, in the same run: HTTPS, intake, callbacks and three nodes behind HAProxy (SCALE=0 skips it).
# Usage: bench/run.sh [JOBS_SMALL] [JOBS_LARGE] [SECONDS]   (defaults 10000 1000000 15)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SMALL=${1:-10000}
LARGE=${2:-1000000}
SECONDS_EACH=${3:-15}
WARMUP=${WARMUP:-20}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
./mvnw -B -q -DskipTests package test-compile >/dev/null
CP="target/verdict.jar:target/test-classes:target/lib/*"
PG_ADMIN=${VERDICT_BENCH_PG:-jdbc:postgresql://127.0.0.1:5432/postgres}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

base_env() {
  export VERDICT_MODE=sandbox VERDICT_HTTP_PORT=18180 VERDICT_HTTPS_PORT=0 VERDICT_ADMIN_PORT=18181
  export VERDICT_MASTER_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= VERDICT_ADMIN_TOKEN=bench-admin-token-0123456789
  export VERDICT_SANDBOX_JOB_TYPES=none VERDICT_LOG_LEVEL=WARN
}

measure() { # key label url lua
  wrk -t1 -c64 -d"${SECONDS_EACH}s" -s "$4" "$3" | awk -v key="$1" -v label="$2" '/^RESULT/ {
    printf "%-30s %9s req/s  p50 %6s ms  p99 %6s ms  non-2xx %s\n", label, $3, $4, $5, $6
    print key, $3, $4, $5 > "/dev/stderr" }'
}

run_backend() { # label jobs size
  local label=$1 jobs=$2 size=$3 dir="$work/$1-$2"
  mkdir -p "$dir/data"
  base_env
  export VERDICT_DATA_DIR="$dir/data"
  if [ "$label" = pg ]; then
    local db="verdict_bench_$$_$jobs"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    export VERDICT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" VERDICT_DB_USER=postgres VERDICT_IMAGE_STORE=database
  else
    unset VERDICT_DB_URL VERDICT_DB_USER VERDICT_IMAGE_STORE
  fi
  "$JAVA_HOME/bin/java" -cp "$CP" dev.verdict.bench.Seed "$jobs" "$dir" 2>&1 | grep seeded
  "$JAVA_HOME/bin/java" -Xmx512m -jar target/verdict.jar serve >"$dir/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18181/health >/dev/null && break; sleep 0.5; done
  # warm-up, discarded: each kind of answer long enough for the JIT (a fresh JVM on 2 cores needs about
  # 20 s of load before its rate settles)
  wrk -t1 -c64 -d"${WARMUP}s" -s "$dir/status.lua" http://127.0.0.1:18180 >/dev/null
  wrk -t1 -c64 -d"${WARMUP}s" -s bench/get.lua http://127.0.0.1:18180/v1/nothing >/dev/null
  echo "== $label, $jobs jobs"
  measure "$label-$size-trivial" "$label trivial (404)" http://127.0.0.1:18180/v1/nothing bench/get.lua
  measure "$label-$size-status" "$label job_status" http://127.0.0.1:18180 "$dir/status.lua"
  measure "$label-$size-history" "$label job_status + history(100)" http://127.0.0.1:18180 "$dir/history.lua"
  echo "$label RSS peak $(awk '/VmHWM/ {print int($2/1024) " MB"}' /proc/$pid/status)"
  kill $pid; wait $pid 2>/dev/null || true
  if [ "$label" = pg ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
  fi
}

pgbench_reference() {
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS verdict_pgbench" -c "CREATE DATABASE verdict_pgbench" >/dev/null
  pgbench -q -i -s 1 -h 127.0.0.1 -U postgres verdict_pgbench >/dev/null 2>&1
  local tps
  tps=$(pgbench -S -M prepared -c 8 -j 2 -T "$SECONDS_EACH" -h 127.0.0.1 -U postgres verdict_pgbench 2>/dev/null \
    | awk '/^tps/ {print int($3)}' | head -n 1)
  printf "%-30s %9s tps\n" "pg pgbench -S (prepared)" "$tps"
  echo "pgbench $tps 0 0" >&2
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE verdict_pgbench" >/dev/null
}

echo "Verdict benchmark $(date -u +%FT%TZ) on $(nproc) cores; wrk -t1 -c64, ${SECONDS_EACH}s per figure"
{
  run_backend sqlite "$SMALL" small
  run_backend sqlite "$LARGE" large
  run_backend pg "$SMALL" small
  pgbench_reference
} 2>"$work/figures"

awk '
  { req[$1]=$2; p99[$1]=$4 }
  END {
    printf "\nRatios (target in brackets)\n"
    printf "  SQLite job_status / trivial:        %.2f  [>= 0.7]\n", req["sqlite-small-status"]/req["sqlite-small-trivial"]
    printf "  PG job_status / pgbench -S:         %.2f  [>= 0.5]\n", req["pg-small-status"]/req["pgbench"]
    printf "  SQLite history(100) / job_status:   %.2f  [>= 0.5]\n", req["sqlite-small-history"]/req["sqlite-small-status"]
    printf "  SQLite p99 large / small table:    %.2f  [<= 1.3]\n", p99["sqlite-large-status"]/p99["sqlite-small-status"]
  }' "$work/figures"

if [ "${SCALE:-1}" != 0 ]; then
  echo
  VERDICT_BENCH_BUILT=1 bench/scale.sh "$SMALL" "$SECONDS_EACH"
fi
