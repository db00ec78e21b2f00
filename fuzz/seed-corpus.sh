#!/usr/bin/env bash
# Writes the seed corpora of both fuzz targets (fuzz/corpus is git-ignored):
#
#   corpus/decode_response/  every envelope of tests/fixtures/seed/ (the five documented requests
#                            and responses) and of fuzz/seeds/ (requests of the other seven
#                            operations, written by the generated encoder)
#   corpus/serve_request/    each request (see serve_request.rs for the format): alone without a
#                            SOAPAction, alone with its operation's SOAPAction, and after two
#                            AddInvoice calls (62400001 pending, 62400002 activated) with its
#                            InvoiceNo pointing at the invoice it applies to
#
# Usage: bash fuzz/seed-corpus.sh   (from anywhere; existing corpus files are kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/../tests/fixtures/seed"
extra="$here/seeds"
decode="$here/corpus/decode_response"
serve="$here/corpus/serve_request"
mkdir -p "$decode" "$serve"

cp "$fixtures"/*.xml "$extra"/*.xml "$decode"/

sep=$'\n--next--\n'
add_pending="$(cat "$extra/AddInvoice.request.xml")"
add_activated="$(cat "$extra/AddInvoice.activated.request.xml")"

# Which invoice each operation applies to after the two AddInvoice calls.
target_invoice() {
  case "$1" in
    PartCreditInvoice | CreditInvoice | SendInvoice | ExtendDueDate) echo 62400002 ;;
    *) echo 62400001 ;;
  esac
}

for f in "$fixtures"/*.request.xml "$extra"/*.request.xml; do
  name="$(basename "$f" .request.xml)"       # AddInvoice.activated → operation AddInvoice
  op="${name%%.*}"
  body="$(cat "$f")"
  printf '\n%s' "$body" >"$serve/$name.no-action"
  printf '#%s\n%s' "$op" "$body" >"$serve/$name.action"
  [ "$op" = AddInvoice ] && continue
  no="$(target_invoice "$op")"
  rewritten="$(printf '%s' "$body" | sed -E "s#<pay:InvoiceNo>[0-9]+</pay:InvoiceNo>#<pay:InvoiceNo>$no</pay:InvoiceNo>#")"
  printf '#AddInvoice\n%s%s#AddInvoice\n%s%s#%s\n%s' \
    "$add_pending" "$sep" "$add_activated" "$sep" "$op" "$rewritten" >"$serve/$name.after-add"
done

# A lifecycle: add, part-activate, credit part of the activated invoice, look it up.
printf '#AddInvoice\n%s%s#PartActivateInvoice\n%s%s#PartCreditInvoice\n%s%s#GetInvoiceInformation\n%s' \
  "$add_pending" "$sep" \
  "$(cat "$extra/PartActivateInvoice.request.xml")" "$sep" \
  "$(sed -E 's#<pay:InvoiceNo>[0-9]+</pay:InvoiceNo>#<pay:InvoiceNo>62400001</pay:InvoiceNo>#; s#<pay:Quantity>11</pay:Quantity>#<pay:Quantity>2</pay:Quantity>#' "$fixtures/PartCreditInvoice.request.xml")" "$sep" \
  "$(sed -E 's#62400001#62400002#' "$extra/GetInvoiceInformation.request.xml")" >"$serve/lifecycle"

echo "decode_response: $(ls "$decode" | wc -l) files, serve_request: $(ls "$serve" | wc -l) files"
