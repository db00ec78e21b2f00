#!/usr/bin/env bash
# Instructions per decode and per encode of the five seed messages, counted by callgrind on
# the codec bench (`payment-service/benches/codec.rs`): a count, not a time, so it is the same
# on a loaded machine and tells two builds apart where timings on a shared 2-core VM cannot.
# Each op runs under valgrind in criterion's profile mode for 1 s; the figure is the inclusive
# instruction count of `decode_response` (or `encode_request`) divided by its number of calls.
#
#   bash scripts/bench-instructions.sh            # this checkout
#   BIN=target/release/deps/codec-<hash> bash scripts/bench-instructions.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
BIN="${BIN:-$(cargo bench -p payment-service --bench codec --no-run 2>&1 | grep -o 'target/release/deps/codec-[0-9a-f]*' | head -1)}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
echo "| operation | decode instructions | encode instructions |"
echo "|---|---|---|"
for op in CancelInvoice ReplaceInvoice PartCreditInvoice SendInvoice AdjustInvoice; do
  row="| $op"
  for dir in decode encode; do
    fn=$([ "$dir" = decode ] && echo 'envelope::decode_response$' || echo 'envelope::encode_request$')
    (cd payment-service && valgrind --tool=callgrind --callgrind-out-file="$OUT/$op.$dir" \
      "../$BIN" --bench "^$dir/$op\$" --profile-time 1 >/dev/null 2>&1)
    row="$row | $(python3 scripts/callgrind_per_call.py "$OUT/$op.$dir" "$fn")"
  done
  echo "$row |"
done
