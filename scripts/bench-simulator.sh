#!/usr/bin/env bash
# Simulator throughput over loopback: `payment-service simulate` (release build) under wrk,
# CONNECTIONS (default 32) concurrent keep-alive connections from THREADS (2) wrk threads, an
# alternating AddInvoice + GetInvoiceInformation mix (scripts/bench-simulator/mix.lua).
#
# The AddInvoice envelope is valid, so every other request really adds an invoice; the
# GetInvoiceInformation one asks for an invoice created just before the run. Both envelopes
# are POSTed once with curl first and must get HTTP 200 without a fault, else the script stops.
# Then: WARMUP (2 s) of the mix, discarded, and RUNS (3) measured runs of DURATION (10 s) each,
# each against a fresh simulator. Per run: calls/s, p50/p90/p99/max latency, non-2xx answers
# (SOAP faults are HTTP 500) and socket errors. Only 127.0.0.1 is contacted.
#
# Run from the repository root:   bash scripts/bench-simulator.sh
# SIMULATOR_BIN=path/to/payment-service runs that binary instead of building this checkout's.
# Installs wrk (Debian package) if it is missing. Results: BENCHMARKS.md.
set -euo pipefail
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-2}"
RUNS="${RUNS:-3}"
DIR="$(cd "$(dirname "$0")/bench-simulator" && pwd)"
WORK="$(mktemp -d)"
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill -TERM "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  (apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; })
fi

if [ -n "${SIMULATOR_BIN:-}" ]; then
  BIN="$SIMULATOR_BIN"   # another build of the binary, for an A/B (nothing is built)
else
  CARGO_INCREMENTAL=0 cargo build -q --release -p payment-service --features cli --bin payment-service
  BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/payment-service"
fi

ACTION="http://schemas.ecommerce.collector.se/v30/PaymentService/IPaymentServiceV10"

start_simulator() {
  "$BIN" simulate --listen 127.0.0.1:0 >"$WORK/sim.log" 2>&1 &
  SIM_PID=$!
  for _ in $(seq 1 100); do
    URL="$(sed -n 's/^PaymentServiceV10 simulator at \(http[^ ]*\) .*/\1/p' "$WORK/sim.log")"
    [ -n "$URL" ] && return 0
    sleep 0.1
  done
  cat "$WORK/sim.log" >&2
  echo "the simulator did not start" >&2
  exit 1
}

stop_simulator() {
  kill -TERM "$SIM_PID"
  wait "$SIM_PID" || true
  SIM_PID=""
}

# POSTs envelope $2 as operation $1; prints the body; fails unless HTTP 200 without a fault.
post() {
  local status
  status="$(curl -s -o "$WORK/body.xml" -w '%{http_code}' -X POST "$URL" \
    -H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: \"$ACTION/$1\"" \
    --data-binary "@$2")"
  if [ "$status" != 200 ] || grep -q ':Fault>' "$WORK/body.xml"; then
    echo "$1: HTTP $status" >&2
    cat "$WORK/body.xml" >&2
    exit 1
  fi
  cat "$WORK/body.xml"
}

echo "simulator throughput: $CONNECTIONS connections, $THREADS wrk threads, ${WARMUP} s warm-up, $RUNS × ${DURATION} s, $(nproc) cores" >&2
for run in $(seq 1 "$RUNS"); do
  start_simulator
  INVOICE_NO="$(post AddInvoice "$DIR/AddInvoice.xml" | sed -n 's/.*<InvoiceNo>\([^<]*\)<\/InvoiceNo>.*/\1/p')"
  [ -n "$INVOICE_NO" ] || { echo "no InvoiceNo in the AddInvoice response" >&2; exit 1; }
  sed "s/@INVOICE_NO@/$INVOICE_NO/" "$DIR/GetInvoiceInformation.xml" >"$WORK/info.xml"
  post GetInvoiceInformation "$WORK/info.xml" >/dev/null
  export BENCH_DIR="$DIR" INVOICE_NO SERVICE_PATH="/PaymentServiceV10.svc"
  BENCH_SUMMARY=/dev/null wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$DIR/mix.lua" "$URL" >/dev/null
  echo "run $run/$RUNS (load before: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  BENCH_SUMMARY="$WORK/summary.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$DIR/mix.lua" "$URL" >"$WORK/wrk$run.txt"
  sed -n '/Latency Distribution/,/^Requests\/sec/p' "$WORK/wrk$run.txt" >&2
  tail -n 1 "$WORK/summary.txt"
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$SIM_PID/status")"
  echo "simulator RSS after the run: ${rss} KiB" >&2
  stop_simulator
done

python3 - "$WORK/summary.txt" <<'PY'
import statistics, sys
runs = [dict(kv.split("=") for kv in line.split()) for line in open(sys.argv[1]) if line.strip()]
def col(k): return [float(r[k]) for r in runs]
def cell(k, f):
    v = col(k)
    return f"{f(statistics.median(v))} [{f(min(v))}–{f(max(v))}]"
print("| calls/s | p50 ms | p99 ms | non-2xx fraction | socket errors |")
print("|---|---|---|---|---|")
print(f"| {cell('calls_per_s', lambda x: f'{x:,.0f}')} | {cell('p50_ms', lambda x: f'{x:.2f}')} | "
      f"{cell('p99_ms', lambda x: f'{x:.2f}')} | {cell('non2xx_fraction', lambda x: f'{x:.4f}')} | "
      f"{int(sum(col('socket_errors')))} |")
print(f"(median [min–max] of {len(runs)} runs)")
PY
