#!/usr/bin/env bash
# Independent-client conformance: zeep (Python) against `payment-service simulate`.
#
# Run from anywhere:   bash scripts/conformance.sh
#
# Builds the binary, installs zeep into a venv under target/conformance-venv (once; python3-venv
# is installed with apt-get when `python3 -m venv` does not work and we are root or have sudo),
# starts the simulator on 127.0.0.1:<free port> with its own credentials, waits until it answers,
# runs scripts/zeep_conformance.py against it and stops it again. Prints
# `zeep-conformance: N passed, M failed`; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="target/conformance-venv"
BIN="target/debug/payment-service"
ZEEP="zeep==4.3.3"
SIM_USER="conformance-user"
SIM_PASSWORD='c0nf&<pass>'

say() { echo "conformance: $*" >&2; }

cargo build -q -p payment-service --features cli --bins

# ----- zeep in a venv --------------------------------------------------------------------------
venv_ok() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import zeep' >/dev/null 2>&1; }
make_venv() { rm -rf "$VENV" && python3 -m venv "$VENV" >/dev/null 2>&1 && [ -x "$VENV/bin/pip" ]; }
if ! venv_ok; then
    command -v python3 >/dev/null 2>&1 || { say "python3 not found"; exit 1; }
    if ! make_venv; then
        # Debian's python3 needs python3-venv (ensurepip) for `python3 -m venv`.
        SUDO=""
        [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        if command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || command -v sudo >/dev/null 2>&1; }; then
            say "installing python3-venv"
            $SUDO apt-get update -qq
            $SUDO apt-get install -y -qq python3-venv >/dev/null
        fi
        make_venv || { say "cannot create a venv with python3 -m venv (install python3-venv)"; exit 1; }
    fi
    say "installing $ZEEP into $VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "$ZEEP"
    venv_ok || { say "zeep does not import after installing it"; exit 1; }
fi

# ----- the simulator ---------------------------------------------------------------------------
LOG="$(mktemp)"
"$BIN" simulate --listen 127.0.0.1:0 --username "$SIM_USER" --password "$SIM_PASSWORD" >"$LOG" 2>&1 &
SIM_PID=$!
cleanup() {
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
    rm -f "$LOG"
}
trap cleanup EXIT

# It prints `... simulator at http://127.0.0.1:PORT/PaymentServiceV10.svc ...` once it listens.
URL=""
for _ in $(seq 1 100); do
    URL="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/PaymentServiceV10\.svc' "$LOG" | head -n 1 || true)"
    [ -n "$URL" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { say "the simulator exited:"; cat "$LOG" >&2; exit 1; }
    sleep 0.1
done
[ -n "$URL" ] || { say "the simulator printed no address within 10 s:"; cat "$LOG" >&2; exit 1; }

# Answers GET ?wsdl.
answers() {
    "$VENV/bin/python" - "$URL" <<'PY' >/dev/null 2>&1
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "?wsdl", timeout=2) as r:
    sys.exit(0 if r.status == 200 and b"definitions" in r.read() else 1)
PY
}
for _ in $(seq 1 50); do
    answers && break
    sleep 0.2
done
answers || { say "the simulator at $URL does not answer:"; cat "$LOG" >&2; exit 1; }
say "simulator at $URL"

# ----- zeep against it -------------------------------------------------------------------------
rc=0
timeout 300 "$VENV/bin/python" scripts/zeep_conformance.py \
    --endpoint "$URL" --wsdl-dir wsdl --username "$SIM_USER" --password "$SIM_PASSWORD" || rc=$?
if [ "$rc" -ne 0 ]; then
    say "failed (exit $rc); simulator output:"
    cat "$LOG" >&2
fi
exit "$rc"
