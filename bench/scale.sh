#!/usr/bin/env bash
# Verdict benchmark, the DESIGN §7 figures beyond bench/run.sh, measured in one run on one machine:
#   HTTPS      job_status over HTTPS against the same server's trivial answer over HTTPS (wrk, keep-alive);
#   intake     jobs/s from prep upload + PUT of a ~100 KB zip to a final sandbox result, against the same
#              server merely storing the same PUTs (VERDICT_SANDBOX_JOB_TYPES=none);
#   callbacks  deliveries/s to a local receiver, against the same client library (CallbackSender) posting
#              the same bodies to the same receiver directly;
#   each on SQLite and PostgreSQL; and on PostgreSQL
#   many nodes job_status through HAProxy to three nodes against one node directly.
# bench/run.sh runs it after its own figures (SCALE=0 skips it there).
# Usage: bench/scale.sh [JOBS] [SECONDS]   (defaults 10000 15; CALLBACKS=5000 CALLBACK_WARMUP=2*CALLBACKS INTAKE_CLIENTS=8 CALLBACK_WORKERS=4 WARMUP=20
#        PARTS="https intake callbacks nodes" to run some only)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PGOPTIONS="-c client_min_messages=warning"
JOBS=${1:-10000}
SECONDS_EACH=${2:-15}
CALLBACKS=${CALLBACKS:-5000}
# deliveries (and direct posts) before the measured ones: a delivering node takes about 20 s to settle
CALLBACK_WARMUP=${CALLBACK_WARMUP:-$((2 * CALLBACKS))}
INTAKE_CLIENTS=${INTAKE_CLIENTS:-8}
CALLBACK_WORKERS=${CALLBACK_WORKERS:-4}
WARMUP=${WARMUP:-20}
PARTS=${PARTS:-https intake callbacks nodes}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { apt-get update -qq && apt-get install -y -qq haproxy; }
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
[ -n "${VERDICT_BENCH_BUILT:-}" ] || ./mvnw -B -q -DskipTests package test-compile >/dev/null
CP="target/verdict.jar:target/test-classes:target/lib/*"
work=$(mktemp -d)
figures="$work/figures"
: >"$figures"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

progress() { echo "   .. $*"; }

node_env() { # node number 1..3: its ports
  local n=$1
  export VERDICT_MODE=sandbox VERDICT_LOG_LEVEL=WARN
  export VERDICT_HTTP_PORT=$((18080 + 100 * n)) VERDICT_HTTPS_PORT=$((18343 + 100 * n)) VERDICT_ADMIN_PORT=$((18081 + 100 * n))
  export VERDICT_MASTER_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= VERDICT_ADMIN_TOKEN=bench-admin-token-0123456789
}

use_backend() { # backend name: a fresh data directory, and a fresh database on PostgreSQL
  local backend=$1 name=$2
  dir="$work/$backend-$name"
  mkdir -p "$dir/data"
  export VERDICT_DATA_DIR="$dir/data"
  unset VERDICT_SANDBOX_JOB_TYPES VERDICT_CALLBACK_WORKERS
  if [ "$backend" = pg ]; then
    db="verdict_scale_$$_${name//-/_}"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    export VERDICT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db" VERDICT_DB_USER=postgres VERDICT_IMAGE_STORE=database
  else
    unset VERDICT_DB_URL VERDICT_DB_USER VERDICT_IMAGE_STORE
  fi
}

drop_backend() {
  if [ -n "${VERDICT_DB_URL:-}" ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  fi
}

start_node() { # node-number log: starts a server with this node's ports, waits for /health
  node_env "$1"
  progress "starting node $1"
  VERDICT_DATA_DIR="$VERDICT_DATA_DIR-$1" "$JAVA" -Xmx512m -jar target/verdict.jar serve >"$2" 2>&1 &
  server=$!
  servers="${servers:-} $server"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$VERDICT_ADMIN_PORT/health" >/dev/null && return; sleep 0.5; done
  echo "node $1 did not start: $(tail -5 "$2")"; exit 1
}

stop_nodes() {
  for pid in ${servers:-}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  servers=""
}

measure() { # key label url lua [-s]: one wrk run; the figure line on stdout, "key req/s p50 p99" into $figures
  progress "measuring $2 for ${SECONDS_EACH}s"
  wrk -t1 -c64 -d"${SECONDS_EACH}s" -s "$4" "$3" | awk -v key="$1" -v label="$2" -v out="$figures" '/^RESULT/ {
    printf "%-36s %9s req/s  p50 %6s ms  p99 %6s ms  non-2xx %s\n", label, $3, $4, $5, $6
    print key, $3, $4, $5 >> out }'
}

seed() { # seeds JOBS jobs into the current backend (data dir of node 1), status.lua into $dir
  node_env 1
  progress "seeding $JOBS jobs"
  VERDICT_DATA_DIR="$VERDICT_DATA_DIR-1" "$JAVA" -cp "$CP" dev.verdict.bench.Seed "$JOBS" "$dir" 2>&1 | grep seeded | sed 's/^/   .. /'
}

https_figures() { # backend
  local b=$1
  echo "== $b: HTTPS (keep-alive), $JOBS jobs"
  use_backend "$b" https
  seed
  start_node 1 "$dir/server.log"
  # both kinds of answer, each long enough for the JIT: a fresh JVM on 2 cores needs about 20 s of load
  # before its rate settles, and a figure taken earlier measures the compiler, not the server
  progress "warming up (${WARMUP}s of each)"
  wrk -t1 -c64 -d"${WARMUP}s" -s "$dir/status.lua" https://127.0.0.1:18443 >/dev/null
  wrk -t1 -c64 -d"${WARMUP}s" -s bench/get.lua https://127.0.0.1:18443/v1/nothing >/dev/null
  measure "$b-https-trivial" "$b HTTPS trivial (404)" https://127.0.0.1:18443/v1/nothing bench/get.lua
  measure "$b-https-status" "$b HTTPS job_status" https://127.0.0.1:18443 "$dir/status.lua"
  stop_nodes; drop_backend
}

intake_run() { # backend key label [store-only]
  local b=$1 key=$2 label=$3 mode=${4:-}
  use_backend "$b" "intake${mode:+-store}"
  [ -n "$mode" ] && export VERDICT_SANDBOX_JOB_TYPES=none
  start_node 1 "$dir/server.log"
  local creds partner api_key
  for _ in $(seq 1 60); do creds=$(grep -m1 '^{"partner_id"' "$dir/server.log" || true); [ -n "$creds" ] && break; sleep 0.5; done
  partner=$(echo "$creds" | sed 's/.*"partner_id":"\([0-9]*\)".*/\1/')
  api_key=$(echo "$creds" | sed 's/.*"api_key":"\([^"]*\)".*/\1/')
  progress "$label: $INTAKE_CLIENTS clients uploading for ${SECONDS_EACH}s"
  "$JAVA" -cp "$CP" dev.verdict.bench.IntakeBench http://127.0.0.1:18180 http://127.0.0.1:18181 \
    "$VERDICT_ADMIN_TOKEN" "$partner" "$api_key" "$INTAKE_CLIENTS" "$SECONDS_EACH" $mode 2>"$work/intake" | sed 's/^/   /'
  awk -v key="$key" '/^RESULT/ {print key, $3, 0, 0}' "$work/intake" >>"$figures"
  awk -v label="$label" '/^RESULT/ {printf "%-36s %9s jobs/s\n", label, $3}' "$work/intake"
  stop_nodes; drop_backend
}

intake_figures() { # backend
  echo "== $1: intake (prep upload + ~100 KB zip PUT)"
  intake_run "$1" "$1-intake-store" "$1 intake, storing the PUTs only" store-only
  intake_run "$1" "$1-intake-final" "$1 intake to a final result"
}

callback_figures() { # backend
  local b=$1
  echo "== $b: callbacks ($CALLBACKS after $CALLBACK_WARMUP to warm up, $CALLBACK_WORKERS workers)"
  use_backend "$b" callbacks
  node_env 1
  export VERDICT_CALLBACK_WORKERS=$CALLBACK_WORKERS
  progress "posting directly, then seeding $((CALLBACK_WARMUP + CALLBACKS)) results with a callback"
  VERDICT_DATA_DIR="$VERDICT_DATA_DIR-1" "$JAVA" -cp "$CP" dev.verdict.bench.CallbackBench "$CALLBACKS" "$CALLBACK_WORKERS" \
    "$CALLBACK_WARMUP" \
    >"$work/callbacks.out" 2>"$work/callbacks.err" &
  local bench=$!
  tail -f -s 0.2 --pid=$bench "$work/callbacks.out" 2>/dev/null | sed 's/^/   /' &
  local shown=$!
  until grep -q '^seeded' "$work/callbacks.out"; do
    kill -0 $bench 2>/dev/null || { cat "$work/callbacks.err"; exit 1; }
    sleep 0.5
  done
  start_node 1 "$dir/server.log"
  progress "Verdict delivering"
  wait $bench || { cat "$work/callbacks.err"; exit 1; }
  wait $shown 2>/dev/null || true
  awk -v b="$b" '/^RESULT/ {print b "-callbacks-direct", $2, 0, 0; print b "-callbacks-verdict", $3, 0, 0}' \
    "$work/callbacks.err" >>"$figures"
  awk -v b="$b" '/^RESULT/ {printf "%-36s %9s /s\n%-36s %9s /s\n", b " callbacks, CallbackSender directly", $2,
    b " callbacks delivered by Verdict", $3}' "$work/callbacks.err"
  stop_nodes; drop_backend
}

haproxy_config() { # server lines: the test's configuration (docs/operations.md), to the plain HTTP listeners wrk speaks
  cat <<EOF
global
    maxconn 2000
defaults
    mode tcp
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 1s
    retries 3
    option redispatch
frontend verdict
    bind 127.0.0.1:18500
    default_backend verdict_nodes
backend verdict_nodes
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health ver HTTP/1.1 hdr Host verdict
    http-check expect status 200
    default-server inter 200ms fall 2 rise 2
$1
EOF
}

haproxy_figures() {
  echo "== pg: job_status, one node directly, one and three nodes behind HAProxy, $JOBS jobs"
  use_backend pg nodes
  seed
  start_node 1 "$dir/node1.log"
  progress "warming up node 1 (${WARMUP}s)"
  wrk -t1 -c64 -d"${WARMUP}s" -s "$dir/status.lua" http://127.0.0.1:18180 >/dev/null
  measure "pg-one-node-status" "pg job_status, one node" http://127.0.0.1:18180 "$dir/status.lua"
  # the same node through the balancer: what the extra hop costs, apart from the extra nodes
  haproxy_config "    server node1 127.0.0.1:18180 check port 18181" >"$dir/haproxy-one.cfg"
  "$HAPROXY" -db -f "$dir/haproxy-one.cfg" >"$dir/haproxy-one.log" 2>&1 &
  local balancer=$!
  sleep 1
  measure "pg-one-node-haproxy-status" "pg job_status, 1 node via HAProxy" http://127.0.0.1:18500 "$dir/status.lua"
  kill $balancer; wait $balancer 2>/dev/null || true
  start_node 2 "$dir/node2.log"
  start_node 3 "$dir/node3.log"
  haproxy_config "    server node1 127.0.0.1:18180 check port 18181
    server node2 127.0.0.1:18280 check port 18281
    server node3 127.0.0.1:18380 check port 18381" >"$dir/haproxy.cfg"
  "$HAPROXY" -db -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 &
  balancer=$!
  sleep 1
  # nodes 2 and 3 are fresh JVMs that each get a third of the load: three times the warm-up
  progress "warming up three nodes through HAProxy ($((WARMUP * 3))s)"
  wrk -t1 -c64 -d"$((WARMUP * 3))s" -s "$dir/status.lua" http://127.0.0.1:18500 >/dev/null
  measure "pg-three-nodes-status" "pg job_status, 3 nodes via HAProxy" http://127.0.0.1:18500 "$dir/status.lua"
  kill $balancer; wait $balancer 2>/dev/null || true
  stop_nodes; drop_backend
}

echo "Verdict scale benchmark $(date -u +%FT%TZ) on $(nproc) cores; wrk -t1 -c64, ${SECONDS_EACH}s per figure"
wanted() { [[ " $PARTS " == *" $1 "* ]]; }
for backend in sqlite pg; do
  if wanted https; then https_figures $backend; fi
  if wanted intake; then intake_figures $backend; fi
  if wanted callbacks; then callback_figures $backend; fi
done
if wanted nodes; then haproxy_figures; fi

awk '
  { v[$1]=$2 }
  function ratio(label, a, b, target) {
    if ((a in v) && (b in v) && v[b] > 0) printf "  %-35s %.2f  [%s]\n", label ":", v[a]/v[b], target
  }
  END {
    printf "\nRatios (target in brackets)\n"
    ratio("SQLite HTTPS job_status / trivial", "sqlite-https-status", "sqlite-https-trivial", ">= 0.7")
    ratio("PG HTTPS job_status / trivial", "pg-https-status", "pg-https-trivial", ">= 0.7")
    ratio("SQLite intake final / storing only", "sqlite-intake-final", "sqlite-intake-store", ">= 0.5")
    ratio("PG intake final / storing only", "pg-intake-final", "pg-intake-store", ">= 0.5")
    ratio("SQLite callbacks Verdict / direct", "sqlite-callbacks-verdict", "sqlite-callbacks-direct", ">= 0.5")
    ratio("PG callbacks Verdict / direct", "pg-callbacks-verdict", "pg-callbacks-direct", ">= 0.5")
    ratio("PG 3 nodes HAProxy / 1 node", "pg-three-nodes-status", "pg-one-node-status", ">= 0.8")
    printf "\nAnalysis (no target)\n"
    ratio("PG 1 node via HAProxy / directly", "pg-one-node-haproxy-status", "pg-one-node-status", "the hop alone")
    ratio("PG 3 nodes / 1 node, both HAProxy", "pg-three-nodes-status", "pg-one-node-haproxy-status", "the extra nodes alone")
  }' "$figures"
