#!/usr/bin/env bash
# Our codec beside gSOAP and zeep: the same messages, the same WSDL (wsdl/), the same timing
# method, run interleaved RUNS times (default 3), one markdown table on stdout (BENCHMARKS.md,
# "Peers in one run"). Run from anywhere, as root or with sudo for the installs:
#
#     bash scripts/bench-peers.sh            # RUNS=1 bash scripts/bench-peers.sh for one round
#
# What it does (each install and build step only when needed, so a second run installs nothing):
#   1. installs gSOAP from Debian (`apt-get install -y gsoap libgsoap-dev`, and g++) if wsdl2h,
#      soapcpp2, stdsoap2.h or g++ is missing, and zeep (PyPI, $ZEEP) into the venv
#      target/peers-venv if it is missing or does not import;
#   2. gSOAP: copies wsdl/ into target/peers/gsoap, points the two import locations at the local
#      files, runs `wsdl2h -k` (no mustUnderstand on the headers) and `soapcpp2 -1 -C -L -x -w`
#      (SOAP 1.1, client side), drops the `#import "wsse.h"` that wsdl2h adds for the WCF
#      transport-security policy (the service uses no WS-Security), and compiles
#      payment-service/benches/peers/gsoap_bench.cpp with g++ -O2 against libgsoap++;
#      rebuilt only when its inputs change (a hash of them in target/peers/gsoap/inputs.sha256);
#   3. builds our bench (`cargo bench -p payment-service --bench peers --no-run`);
#   4. checks the bulk fixtures are what tests/fixtures/bulk/generate.py writes;
#   5. RUNS rounds; each round runs ours, gSOAP and zeep one after the other (each in a
#      process of its own; the order rotates every round), every bench printing JSON lines;
#      round 1 also dumps each stack's request envelopes, which must match the documented
#      requests (scripts/bench_peers_table.py --check-envelopes);
#   6. prints the machine, the versions and the table (scripts/bench_peers_table.py).
# The raw JSON lines stay in target/peers/results/.
#
# Licences: nothing of gSOAP or zeep is vendored. They are installed from Debian and PyPI on
# the machine that runs this; the code wsdl2h/soapcpp2 generate (GPL-licensed output of the
# Debian gsoap package, see `wsdl2h -l`) lives only under target/ and is never committed.
# The bench sources in payment-service/benches/peers/ are the project's own.
#
# This is a benchmark, not a test: scripts/test.sh does not run it. Its numbers are meaningful
# only as ratios within one run (a noisy shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

RUNS="${RUNS:-3}"
ZEEP="${ZEEP:-zeep==4.3.3}"
VENV="target/peers-venv"
WORK="target/peers"
GSOAP_DIR="$WORK/gsoap"
RESULTS="$WORK/results"
say() { echo "bench-peers: $*" >&2; }

case "$RUNS" in '' | *[!0-9]* | 0) say "RUNS must be a positive number (got '$RUNS')"; exit 2 ;; esac
start_time=$(date +%s)

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_install() {
    command -v apt-get >/dev/null 2>&1 || { say "cannot install $* (no apt-get): install it and rerun"; exit 1; }
    say "installing $* (apt-get)"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ----- 1. gSOAP, g++ and zeep -------------------------------------------------------------------
if ! command -v wsdl2h >/dev/null 2>&1 || ! command -v soapcpp2 >/dev/null 2>&1 ||
    [ ! -e /usr/include/stdsoap2.h ] || [ ! -d /usr/share/gsoap/import ] || ! command -v g++ >/dev/null 2>&1; then
    apt_install gsoap libgsoap-dev g++
fi

venv_ok() { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import zeep, lxml' >/dev/null 2>&1; }
make_venv() { rm -rf "$VENV" && python3 -m venv "$VENV" >/dev/null 2>&1 && [ -x "$VENV/bin/pip" ]; }
if ! venv_ok; then
    command -v python3 >/dev/null 2>&1 || apt_install python3
    make_venv || { apt_install python3-venv; make_venv; } || { say "cannot create a venv with python3 -m venv"; exit 1; }
    say "installing $ZEEP into $VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "$ZEEP"
    venv_ok || { say "zeep does not import after installing it"; exit 1; }
fi
PY="$VENV/bin/python"

# ----- 2. the gSOAP bench -----------------------------------------------------------------------
GSOAP_BIN="$GSOAP_DIR/gsoap_bench"
GSOAP_SRC="payment-service/benches/peers/gsoap_bench.cpp"
inputs_hash() {
    {
        sha256sum wsdl/PaymentServiceV10.wsdl wsdl/PaymentServiceV10.wsdl0.wsdl wsdl/PaymentServiceV10.xsd0.xsd \
            "$GSOAP_SRC" scripts/bench-peers.sh
        dpkg-query -W -f='${Version}\n' gsoap libgsoap-dev 2>/dev/null || true
        g++ --version | head -n 1
    } | sha256sum | cut -d' ' -f1
}
want_hash="$(inputs_hash)"
if [ ! -x "$GSOAP_BIN" ] || [ "$(cat "$GSOAP_DIR/inputs.sha256" 2>/dev/null)" != "$want_hash" ]; then
    say "generating the gSOAP bindings and building $GSOAP_BIN (about a minute)"
    rm -rf "$GSOAP_DIR"
    mkdir -p "$GSOAP_DIR"
    cp wsdl/PaymentServiceV10.wsdl wsdl/PaymentServiceV10.wsdl0.wsdl wsdl/PaymentServiceV10.xsd0.xsd "$GSOAP_DIR/"
    (
        cd "$GSOAP_DIR"
        # The WCF-style imports (…svc?wsdl=wsdl0, …svc?xsd=xsd0) → the local copies.
        sed -i -E 's#location="[^"]*\?wsdl=wsdl0"#location="PaymentServiceV10.wsdl0.wsdl"#' PaymentServiceV10.wsdl
        sed -i -E 's#schemaLocation="[^"]*\?xsd=xsd0"#schemaLocation="PaymentServiceV10.xsd0.xsd"#' PaymentServiceV10.wsdl0.wsdl
        grep -q 'location="PaymentServiceV10.wsdl0.wsdl"' PaymentServiceV10.wsdl
        grep -q 'schemaLocation="PaymentServiceV10.xsd0.xsd"' PaymentServiceV10.wsdl0.wsdl
        wsdl2h -k -o ps.h -t /usr/share/gsoap/WS/typemap.dat PaymentServiceV10.wsdl >wsdl2h.log 2>&1 ||
            { cat wsdl2h.log >&2; exit 1; }
        grep -q '^#import "wsse.h"' ps.h && sed -i '/^#import "wsse.h"/d' ps.h
        soapcpp2 -1 -C -L -x -w -I/usr/share/gsoap/import ps.h >soapcpp2.log 2>&1 || { cat soapcpp2.log >&2; exit 1; }
    )
    g++ -O2 -std=c++17 -I"$GSOAP_DIR" "$GSOAP_SRC" "$GSOAP_DIR/soapC.cpp" -o "$GSOAP_BIN" -lgsoap++
    echo "$want_hash" >"$GSOAP_DIR/inputs.sha256"
fi

# ----- 3. our bench, 4. the fixtures ------------------------------------------------------------
CARGO_INCREMENTAL=0 cargo bench -q -p payment-service --bench peers --no-run
python3 tests/fixtures/bulk/generate.py --check

# ----- 5. the rounds ----------------------------------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS/dump/ours" "$RESULTS/dump/gsoap" "$RESULTS/dump/zeep"
run_stack() { # stack round
    local stack="$1" round="$2" dump=()
    [ "$round" -eq 1 ] && dump=(--dump "$ROOT/$RESULTS/dump/$stack")
    local out="$RESULTS/run$round.$stack.jsonl"
    case "$stack" in
        ours) CARGO_INCREMENTAL=0 cargo bench -q -p payment-service --bench peers -- "${dump[@]}" >"$out" ;;
        gsoap) "$GSOAP_BIN" "$ROOT/tests/fixtures" "${dump[@]}" >"$out" ;;
        zeep) "$PY" payment-service/benches/peers/zeep_bench.py "$ROOT" "${dump[@]}" >"$out" ;;
    esac
}
stacks=(ours gsoap zeep)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$RUNS"); do
    for k in 0 1 2; do
        stack="${stacks[$(((round - 1 + k) % 3))]}"
        say "round $round/$RUNS: $stack (load $(cut -d' ' -f1-3 /proc/loadavg))"
        run_stack "$stack" "$round"
    done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# ----- 6. the table -----------------------------------------------------------------------------
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
zeep_versions="$("$PY" -c 'import sys, zeep, lxml.etree as e; print("zeep %s, lxml %s, libxml2 %s, Python %s" % (zeep.__version__, ".".join(map(str, e.LXML_VERSION)), ".".join(map(str, e.LIBXML_VERSION)), sys.version.split()[0]))')"
echo "Peers in one run: \`RUNS=$RUNS bash scripts/bench-peers.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + local changes')"
echo
echo "* Machine: nproc $(nproc), ${cpu:-unknown CPU}, $(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB; load average $load_before before, $load_after after"
echo "* ours: $(rustc --version), release profile (cargo bench)"
echo "* gSOAP $(dpkg-query -W -f='${Version}' gsoap 2>/dev/null || soapcpp2 -V 2>&1), $(g++ --version | head -n 1), -O2"
echo "* $zeep_versions"
echo "* each cell: median over $RUNS run(s) of the per-run median (41 timed batches of ≥ 20 ms), [min–max] over the runs"
echo
"$PY" scripts/bench_peers_table.py "$RESULTS" "$RUNS" --check-envelopes "$RESULTS/dump" tests/fixtures
say "done in $(($(date +%s) - start_time)) s; JSON lines in $RESULTS/"
