#!/usr/bin/env bash
# The project's test command: installs what the tests need on a fresh machine, then runs
# the schema conformance script, the zeep client conformance script, the served-WSDL drop-in
# check and the whole workspace test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests that need xmllint fail, instead of skipping, when it is missing (conformance.sh never
# skips: it installs zeep or fails).
export REQUIRE_XMLLINT=1

if ! command -v xmllint >/dev/null 2>&1; then
    echo "test.sh: installing libxml2-utils (xmllint) for schema validation" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq libxml2-utils >/dev/null
fi

# The documented example bodies are valid against wsdl/, and invalid ones are rejected.
bash scripts/xmllint-seed.sh

# An independent client: zeep (in a venv under target/) against `payment-service simulate`.
bash scripts/conformance.sh

# The drop-in proof: the WSDL as WCF serves it, swapped into wsdl/ of a scratch copy.
bash scripts/served-wsdl.sh

# Everything else: generator, snapshot, codec, client, simulator.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite (cargo prints one summary per test binary).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;/) p += $(i-1); if ($i ~ /^failed;/) f += $(i-1) } }
     END { printf "cargo-test: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
