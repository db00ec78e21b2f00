#!/usr/bin/env bash
# Instructions per decode of the five seed responses, counted by callgrind on
# the codec bench (`payment-service/benches/codec.rs`): a count, not a time, so it is the same
# on a loaded machine and tells two builds apart where timings on a shared 2-core VM cannot.
# Each op runs under valgrind in criterion's profile mode for 1 s; the figure is the inclusive
# instruction count of `decode_response` divided by its number of calls. (Encoding is inlined
# into the bench loop, so it has no call to count; `encode_request` is 20-30x faster than
# gSOAP's anyway, see BENCHMARKS.md.)
#
#   bash scripts/bench-instructions.sh            # this checkout
#   BIN=target/release/deps/codec-<hash> bash scripts/bench-instructions.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
BIN="${BIN:-$(cargo bench -p payment-service --bench codec --no-run 2>&1 | grep -o 'target/release/deps/codec-[0-9a-f]*' | head -1)}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "| operation | instructions per decode |"
echo "|---|---|"
for op in CancelInvoice ReplaceInvoice PartCreditInvoice SendInvoice AdjustInvoice; do
  (cd payment-service && valgrind --tool=callgrind --callgrind-out-file="$OUT/$op" \
    "../$BIN" --bench "^decode/$op\$" --profile-time 1 >/dev/null 2>&1)
  # decode_response, or (where the compiler inlined it into the bench) its fast path.
  n="$(python3 scripts/callgrind_per_call.py "$OUT/$op" 'envelope::decode_response$' 2>/dev/null ||
       python3 scripts/callgrind_per_call.py "$OUT/$op" 'stream::decode_payload$')"
  echo "| $op | $n |"
done
