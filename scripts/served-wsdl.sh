#!/usr/bin/env bash
# The drop-in proof, end to end: in a scratch copy of the repository, the WSDL the way WCF serves
# it (tests/fixtures/wcf-served: no facets, every member optional, codes as xs:int, no docs)
# replaces the WSDL and XSD files of wsdl/; the rules overlay (wsdl/PaymentServiceV10.rules.toml)
# stays. Then everything builds, the quickstart, the checkout example and the facet tests pass, and `payment-service
# call` refuses four documented violations, naming the field, without opening a connection.
#
# Run from anywhere:   bash scripts/served-wsdl.sh
# Prints `served-wsdl: N passed, M failed`; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

say() { echo "served-wsdl: $*" >&2; }

SCRATCH="$(mktemp -d)"
LISTENER_PID=""
cleanup() {
    [ -n "$LISTENER_PID" ] && kill "$LISTENER_PID" 2>/dev/null || true
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

tar --exclude=./target --exclude=./.git --exclude=./fuzz/target -cf - . | tar -xf - -C "$SCRATCH"
rm -f "$SCRATCH"/wsdl/*.wsdl "$SCRATCH"/wsdl/*.xsd
cp tests/fixtures/wcf-served/*.wsdl tests/fixtures/wcf-served/*.xsd "$SCRATCH/wsdl/"
say "wsdl/ of the scratch copy: $(cd "$SCRATCH/wsdl" && ls | tr '\n' ' ')"

# A target directory of its own: Cargo names the artifacts of workspace members by their path
# relative to the workspace root, so a shared one would mix this copy's builds with the main
# one's (and leave test binaries pointing into the deleted scratch copy).
export CARGO_TARGET_DIR="$ROOT/target/served-wsdl"
cd "$SCRATCH"

passed=0
failed=0
check() {
    local name="$1"
    shift
    if "$@"; then
        passed=$((passed + 1))
        say "ok: $name"
    else
        failed=$((failed + 1))
        say "FAILED: $name"
    fi
}

check "cargo build --workspace --all-targets --all-features" \
    cargo build -q --workspace --all-targets --all-features
check "cargo run --example quickstart" \
    bash -c 'cargo run -q --example quickstart >"$0/quickstart.log" 2>&1 || { cat "$0/quickstart.log"; exit 1; }' "$SCRATCH"
check "cargo run --example checkout" \
    bash -c 'cargo run -q --example checkout >"$0/checkout.log" 2>&1 || { cat "$0/checkout.log"; exit 1; }' "$SCRATCH"
check "facet tests" cargo test -q -p integration-tests --test facets --test served_wsdl

# A listener that records every connection: an invalid request must never reach it.
CONNECTIONS="$SCRATCH/connections.log"
: >"$CONNECTIONS"
PORT_FILE="$SCRATCH/port"
python3 - "$PORT_FILE" "$CONNECTIONS" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
while True:
    c, _ = s.accept()
    open(sys.argv[2], "a").write("connection\n")
    c.close()
PY
LISTENER_PID=$!
for _ in $(seq 50); do [ -s "$PORT_FILE" ] && break; sleep 0.1; done
ENDPOINT="http://127.0.0.1:$(cat "$PORT_FILE")/PaymentServiceV10.svc"
BIN="$CARGO_TARGET_DIR/debug/payment-service"

refused() {
    local op="$1" json="$2" expected="$3" err
    err="$(printf '%s' "$json" | "$BIN" call "$op" --endpoint "$ENDPOINT" --request - \
        --username merchant --password "s3cret-pass" 2>&1 >/dev/null)" && { echo "$op was accepted"; return 1; }
    case "$err" in
        *"$expected"*"nothing was sent"* | *"nothing was sent"*"$expected"*) ;;
        *) echo "expected \"$expected\" and \"nothing was sent\" in: $err"; return 1 ;;
    esac
    [ ! -s "$CONNECTIONS" ] || { echo "a connection was opened"; return 1; }
}
row() { printf '{"CorrelationId":"c","CountryCode":"SE","InvoiceNo":"1","StoreId":1,"InvoiceRows":[{"ArticleId":"A","Description":"d","Quantity":%s,"UnitPrice":"%s","VAT":"25"}]}' "$1" "$2"; }
cancel() { printf '{"CorrelationId":"%s","CountryCode":"%s","InvoiceNo":"1","StoreId":1}' "$1" "$2"; }
long="$(printf 'c%.0s' $(seq 51))"
check "call refuses Quantity 0" \
    refused AdjustInvoice "$(row 0 10)" "InvoiceRows[0].Quantity: 0 is below 1"
check "call refuses CountryCode \"sweden\"" \
    refused CancelInvoice "$(cancel c sweden)" 'CountryCode: "sweden" does not match the pattern [A-Z]{2}'
check "call refuses a 51-character CorrelationId" \
    refused CancelInvoice "$(cancel "$long" SE)" "CorrelationId: is 51 characters long; at most 50 allowed"
check "call refuses UnitPrice 11.005" \
    refused AdjustInvoice "$(row 1 11.005)" "InvoiceRows[0].UnitPrice: 11.005 has 3 fraction digits; at most 2 allowed"

echo "served-wsdl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
