#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets (fuzz/corpus is git-ignored):
#
#   corpus/decode_response/  every envelope of tests/fixtures/seed/ (the five documented requests
#                            and responses) and of fuzz/seeds/ (requests of the other seven
#                            operations, written by the generated encoder)
#   corpus/serve_request/    each request (see serve_request.rs for the format): alone without a
#                            SOAPAction, alone with its operation's SOAPAction, and after two
#                            AddInvoice calls (62400001 pending, 62400002 activated) with its
#                            InvoiceNo pointing at the invoice it applies to
#   corpus/generate_wsdl/    every WSDL of tests/wsdl-corpus, wsdl/PaymentServiceV10.wsdl and every
#                            Apache CXF test WSDL of shared/peer-corpora, each with the files it
#                            imports or includes (transitively, as codegen resolves them); and
#                            each xsd-parser feature schema (with its imports) behind a wrapper
#                            WSDL; in the format of generate_wsdl.rs (`--file NAME` lines); and
#                            the hand-written hostile sets of fuzz/seeds/generate_wsdl/ (clashing
#                            and odd names, deep nesting, huge numbers, circular imports, encodings)
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

# --- generate_wsdl ---------------------------------------------------------------------------

# The local files a WSDL/XSD location may name, relative to the importing file's folder: the
# location itself, or for a URL the names WCF/ASMX metadata is saved under (codegen's
# `wcf_candidates`).
location_candidates() {
  local loc="$1"
  if [[ $loc != *://* && $loc != *'?'* ]]; then
    printf '%s\n' "$loc"
    return
  fi
  local path="${loc%%\?*}" query="" last stem key value digits ext
  [[ $loc == *'?'* ]] && query="${loc#*\?}"
  path="${path%/}"
  last="${path##*/}"
  stem="${last%.*}"
  if [[ $query == *=* ]]; then
    key="${query%%=*}" value="${query#*=}"
    ext=wsdl
    [[ ${key,,} == xsd ]] && ext=xsd
    digits="${value//[^0-9]/}"
    printf '%s\n' "$stem.$value.$ext"
    [ -n "$digits" ] && printf '%s\n' "$stem.$digits.$ext"
    printf '%s\n' "$value.$ext"
    [[ $value == *.xsd || $value == *.wsdl ]] && printf '%s\n' "$value"
  elif [ -n "$query" ]; then
    printf '%s\n' "$stem.wsdl"
  elif [ -n "$last" ]; then
    printf '%s\n' "$last"
  fi
}

# The import/include locations written in a file (schemaLocation= and location= values; the
# address of a soap:address matches too, and resolves to no file).
locations_in() {
  grep -oE "(schemaLocation|location)[[:space:]]*=[[:space:]]*(\"[^\"]*\"|'[^']*')" "$1" |
    sed -E 's/^[^=]*=[[:space:]]*.//; s/.$//; s/&amp;/\&/g' || true
}

# closure BASE REL: REL and every file it imports or includes, transitively, as paths relative
# to BASE (files outside BASE are left out), in the order they are first reached. A folder's
# url-to-file.tsv comes along with the files it maps.
closure() {
  local base="$1" i=0 rel dir loc cand r tsv
  local -a queue=("$2")
  local -A seen=(["$2"]=1)
  while [ "$i" -lt "${#queue[@]}" ]; do
    rel="${queue[$i]}"
    i=$((i + 1))
    printf '%s\n' "$rel"
    dir="$(dirname "$rel")"
    tsv="$dir/url-to-file.tsv"
    tsv="${tsv#./}"
    if [ -f "$base/$tsv" ] && [ -z "${seen[$tsv]:-}" ]; then
      seen[$tsv]=1
      printf '%s\n' "$tsv"
      while IFS=$'\t' read -r -a cols; do
        [ "${#cols[@]}" -ge 2 ] || continue
        r="$(realpath -m --relative-to="$base" "$base/$dir/${cols[-1]}")"
        [[ $r != ../* && -f $base/$r && -z ${seen[$r]:-} ]] || continue
        seen[$r]=1
        queue+=("$r")
      done < <(grep -v '^#' "$base/$tsv")
    fi
    while IFS= read -r loc; do
      while IFS= read -r cand; do
        r="$(realpath -m --relative-to="$base" "$base/$dir/$cand")"
        [[ $r != ../* && -f $base/$r ]] || continue
        [ -z "${seen[$r]:-}" ] && seen[$r]=1 && queue+=("$r")
        break
      done < <(location_candidates "$loc")
    done < <(locations_in "$base/$rel")
  done
}

# files BASE FILE...: the generate_wsdl format of these files (relative to BASE), each after
# a newline and its `--file NAME` line; contents byte for byte. The caller drops the first
# newline (or writes a root before them).
files() {
  local base="$1" f
  shift
  for f in "$@"; do
    printf -- '\n--file %s\n' "$f"
    cat "$base/$f"
  done
}

# seed OUT BASE ROOT: ROOT (relative to BASE) and what it imports, in one input.
seed() {
  local -a set
  mapfile -t set < <(closure "$2" "$3")
  files "$2" "${set[@]}" | tail -c +2 >"$1"
}

# The first global xs:element's name, the first global type's name and the targetNamespace of
# a schema (`|`-separated, each empty when there is none), by a tag-depth scan that skips
# comments and the XML declaration; enough for the feature schemas.
schema_head() {
  awk 'BEGIN { RS = "<"; depth = 0; ns = ""; el = ""; ty = "" }
    NR == 1 { next }
    /^[?!]/ { next }
    /^\// { depth--; next }
    {
      tag = $0; sub(/>.*/, "", tag)
      if (depth == 0 && match(tag, /targetNamespace[[:space:]]*=[[:space:]]*["\047][^"\047]*/)) {
        ns = substr(tag, RSTART, RLENGTH); sub(/^[^"\047]*["\047]/, "", ns)
      }
      if (depth == 1 && match(tag, /[[:space:]]name[[:space:]]*=[[:space:]]*["\047][^"\047]*/)) {
        name = substr(tag, RSTART, RLENGTH); sub(/^[^"\047]*["\047]/, "", name)
        if (el == "" && tag ~ /^([A-Za-z_][A-Za-z0-9_.-]*:)?element[[:space:]\/]/) el = name
        if (ty == "" && tag ~ /^([A-Za-z_][A-Za-z0-9_.-]*:)?(complex|simple)Type[[:space:]\/]/) ty = name
      }
      if (tag !~ /\/[[:space:]]*$/) depth++
    }
    END { printf "%s|%s|%s\n", el, ty, ns }' "$1"
}

# A document/literal WSDL importing schema SCHEMA (a file name next to it; its text is at PATH)
# whose one operation sends the schema's first global element; or, when it has none, an
# element of its first global type; or else an element that is not defined (a located error).
wrapper_wsdl() {
  local schema="$1" el ty ns import part t="" inline=""
  IFS='|' read -r el ty ns < <(schema_head "$2")
  if [ -n "$ns" ]; then
    import="<xs:import namespace=\"$ns\" schemaLocation=\"$schema\"/>"
    t="t:"
  else
    import="<xs:import schemaLocation=\"$schema\"/>"
  fi
  if [ -n "$el" ]; then
    part="element=\"$t$el\""
  elif [ -n "$ty" ]; then
    inline="<xs:element name=\"In\" type=\"$t$ty\"/>"
    part="element=\"tns:In\""
  else
    part="element=\"tns:Missing\""
  fi
  cat <<WSDL
<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:wrapper"${ns:+ xmlns:t=\"$ns\"} targetNamespace="urn:wrapper">
  <wsdl:types><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:wrapper">$import$inline</xs:schema></wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" $part/></wsdl:message>
  <wsdl:portType name="P"><wsdl:operation name="Op"><wsdl:input message="tns:In"/></wsdl:operation></wsdl:portType>
  <wsdl:binding name="B" type="tns:P"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op"><soap:operation soapAction="urn:wrapper/Op"/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="Port" binding="tns:B"><soap:address location="http://localhost/s"/></wsdl:port></wsdl:service>
</wsdl:definitions>
WSDL
}

gen="$here/corpus/generate_wsdl"
mkdir -p "$gen"
corpus="$here/../tests/wsdl-corpus"
peers="$here/../../shared/peer-corpora"
[ -d "$peers" ] || peers=/work/shared/peer-corpora

for f in "$extra"/generate_wsdl/*; do
  cp "$f" "$gen/hostile-$(basename "$f")"
done

# Every WSDL of the corpus, PaymentService's, and the Apache CXF test WSDLs, with their imports.
while IFS= read -r rel; do
  seed "$gen/corpus-${rel//\//_}" "$corpus" "$rel"
done < <(cd "$corpus" && find . -name '*.wsdl' | sed 's|^\./||' | LC_ALL=C sort)
seed "$gen/wsdl-PaymentServiceV10.wsdl" "$here/.." wsdl/PaymentServiceV10.wsdl
if [ -d "$peers/apache-cxf" ]; then
  while IFS= read -r rel; do
    seed "$gen/cxf-${rel//\//_}" "$peers/apache-cxf" "$rel"
  done < <(cd "$peers/apache-cxf" && find . -name '*.wsdl' | sed 's|^\./||' | LC_ALL=C sort)
fi

# Each xsd-parser feature schema behind a wrapper WSDL next to it, with what it imports.
if [ -d "$peers/xsd-parser-features" ]; then
  base="$peers/xsd-parser-features"
  while IFS= read -r rel; do
    dir="$(dirname "$rel")"
    name="$(basename "$rel" .xsd)"
    mapfile -t set < <(closure "$base" "$rel")
    {
      printf -- '--file %s/wrapper-%s.wsdl\n' "$dir" "$name"
      wrapper_wsdl "$(basename "$rel")" "$base/$rel"
      files "$base" "${set[@]}"
    } >"$gen/xsd-parser-${rel//\//_}.wsdl"
  done < <(cd "$base" && find . -name '*.xsd' | sed 's|^\./||' | LC_ALL=C sort)
fi

echo "decode_response: $(ls "$decode" | wc -l) files, serve_request: $(ls "$serve" | wc -l) files," \
  "generate_wsdl: $(ls "$gen" | wc -l) files"
