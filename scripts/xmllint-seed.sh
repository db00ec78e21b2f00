#!/usr/bin/env bash
# Validate the documented seed-operation envelopes against wsdl/PaymentServiceV10.xsd0.xsd.
#
# Run from the repository root, no arguments:   bash scripts/xmllint-seed.sh
#
# For each tests/fixtures/seed/<Op>.request.xml and <Op>.response.xml the SOAP Body's child
# element is extracted (with every namespace declaration in scope copied onto it) into a
# standalone document and validated with `xmllint --noout --schema`. Then negative cases
# (deliberately invalid bodies) must be REJECTED by xmllint. Prints
# `xmllint-seed: N passed, M failed` and exits non-zero if anything failed.
set -euo pipefail

SCHEMA="wsdl/PaymentServiceV10.xsd0.xsd"
FIXTURES="tests/fixtures/seed"
OPS=(CancelInvoice ReplaceInvoice PartCreditInvoice SendInvoice AdjustInvoice)

if ! command -v xmllint >/dev/null 2>&1; then
  echo "xmllint-seed: xmllint not found; install it with: apt-get install -y libxml2-utils" >&2
  echo "  (Debian/Ubuntu; macOS: brew install libxml2)" >&2
  exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "xmllint-seed: python3 not found (needed to extract SOAP bodies)" >&2
  exit 1
fi
if [[ ! -f "$SCHEMA" || ! -d "$FIXTURES" ]]; then
  echo "xmllint-seed: run from the repository root ($SCHEMA / $FIXTURES not found)" >&2
  exit 1
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# extract_body IN OUT [MUTATION]
# MUTATION (optional) is LOCALNAME=VALUE: the text of the first element with that local
# name inside the body is replaced by VALUE (used to build the negative cases).
extract_body() {
  python3 - "$@" <<'PY'
import sys
import xml.dom.minidom as minidom

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
src, dst = sys.argv[1], sys.argv[2]
mutation = sys.argv[3] if len(sys.argv) > 3 else None

doc = minidom.parse(src)
env = doc.documentElement
if env.namespaceURI != SOAP_ENV or env.localName != "Envelope":
    sys.exit(f"{src}: root is not a SOAP 1.1 Envelope")
bodies = [n for n in env.childNodes
          if n.nodeType == n.ELEMENT_NODE and n.namespaceURI == SOAP_ENV and n.localName == "Body"]
if len(bodies) != 1:
    sys.exit(f"{src}: expected exactly one soap:Body")
children = [n for n in bodies[0].childNodes if n.nodeType == n.ELEMENT_NODE]
if len(children) != 1:
    sys.exit(f"{src}: expected exactly one element in soap:Body, found {len(children)}")
payload = children[0]

# Copy namespace declarations that are in scope from the ancestors (Body, Envelope),
# innermost first, unless the payload itself already declares that prefix.
node = payload.parentNode
while node is not None and node.nodeType == node.ELEMENT_NODE:
    for i in range(node.attributes.length):
        attr = node.attributes.item(i)
        if (attr.name == "xmlns" or attr.name.startswith("xmlns:")) and not payload.hasAttribute(attr.name):
            payload.setAttribute(attr.name, attr.value)
    node = node.parentNode

if mutation:
    local, value = mutation.split("=", 1)
    targets = [e for e in payload.getElementsByTagName("*") if e.localName == local]
    if not targets:
        sys.exit(f"{src}: no element {local} to mutate")
    t = targets[0]
    while t.firstChild is not None:
        t.removeChild(t.firstChild)
    t.appendChild(doc.createTextNode(value))

with open(dst, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    f.write(payload.toxml())
    f.write("\n")
PY
}

passed=0
failed=0

# expect_valid NAME FILE
expect_valid() {
  local name="$1" file="$2" rc=0
  xmllint --noout --schema "$SCHEMA" "$file" >"$TMP/out" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then
    echo "PASS  $name (valid)"
    passed=$((passed + 1))
  else
    echo "FAIL  $name: expected valid, xmllint exit $rc"
    sed 's/^/      /' "$TMP/out"
    failed=$((failed + 1))
  fi
}

# expect_invalid NAME FILE  -- xmllint must report a schema validity error (exit code 3)
expect_invalid() {
  local name="$1" file="$2" rc=0
  xmllint --noout --schema "$SCHEMA" "$file" >"$TMP/out" 2>&1 || rc=$?
  if [[ $rc -eq 3 ]]; then
    echo "PASS  $name (rejected: $(grep -m1 'validity error' "$TMP/out" | sed 's/.*validity error : //'))"
    passed=$((passed + 1))
  else
    echo "FAIL  $name: expected a schema validity error (exit 3), xmllint exit $rc"
    sed 's/^/      /' "$TMP/out"
    failed=$((failed + 1))
  fi
}

# extract_or_fail NAME IN OUT [MUTATION] -- returns 1 (and counts a failure) if extraction fails
extract_or_fail() {
  local name="$1"; shift
  if extract_body "$@" 2>"$TMP/extract.err"; then
    return 0
  fi
  echo "FAIL  $name: could not extract the SOAP body"
  sed 's/^/      /' "$TMP/extract.err"
  failed=$((failed + 1))
  return 1
}

# 1. Documented request bodies must validate.
for op in "${OPS[@]}"; do
  out="$TMP/$op.request.body.xml"
  if extract_or_fail "$op request" "$FIXTURES/$op.request.xml" "$out"; then
    expect_valid "$op request" "$out"
  fi
done

# 2. Documented response bodies must validate too.
for op in "${OPS[@]}"; do
  out="$TMP/$op.response.body.xml"
  if extract_or_fail "$op response" "$FIXTURES/$op.response.xml" "$out"; then
    expect_valid "$op response" "$out"
  fi
done

# 3. Negative cases: xmllint must reject them.
# 3a. ReplaceInvoice row with Quantity 0 (documented range 1-99999999).
out="$TMP/neg-quantity-zero.xml"
if extract_or_fail "ReplaceInvoice Quantity=0" "$FIXTURES/ReplaceInvoice.request.xml" "$out" "Quantity=0"; then
  expect_invalid "ReplaceInvoice Quantity=0" "$out"
fi
# 3b. CancelInvoice with a lower-case country code (ISO 3166-1 alpha-2 is upper case).
out="$TMP/neg-country-lower.xml"
if extract_or_fail "CancelInvoice CountryCode=se" "$FIXTURES/CancelInvoice.request.xml" "$out" "CountryCode=se"; then
  expect_invalid "CancelInvoice CountryCode=se" "$out"
fi
# 3c. AdjustInvoice row Description of 51 characters (max 50).
out="$TMP/neg-description-51.xml"
if extract_or_fail "AdjustInvoice Description 51 chars" "$FIXTURES/AdjustInvoice.request.xml" "$out" \
    "Description=$(printf 'x%.0s' {1..51})"; then
  expect_invalid "AdjustInvoice Description 51 chars" "$out"
fi

echo "xmllint-seed: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
