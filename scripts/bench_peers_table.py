#!/usr/bin/env python3
"""The table of scripts/bench-peers.sh: ours, gSOAP and zeep from the JSON lines of every run.

    python scripts/bench_peers_table.py RESULTS_DIR RUNS [--check-envelopes DUMP_DIR FIXTURES_DIR]

RESULTS_DIR holds `run<N>.<stack>.jsonl` (N = 1..RUNS, stack = ours, gsoap, zeep), one JSON
object a line: {"stack", "op", "dir": "encode"|"decode", "us", "bytes", ...}. Each cell is the
median over the runs of the per-run figure (itself the median of 41 timed batches), with the
[min–max] over the runs; the ratios are of the medians; MB/s = envelope bytes / time, 1 MB = 10^6
bytes, the median over the runs.

--check-envelopes first compares the request envelope each stack encoded (DUMP_DIR/<stack>/
<Op>.request.xml, written once) with the documented request it stands for (FIXTURES_DIR/seed or
bulk/<Op>.request.xml): the same SOAP 1.1 envelope, the same header elements with the same
values (in any order), the same body tree (names, namespaces, order, values, xsi:nil). Values
compare as text, else as decimals (`11` = `11.00`) or as dateTimes (`...T12:00:00` =
`...T12:00:00Z`), and each such difference is listed under the table. Anything else is an error
(exit 1): the stacks would not be doing the same work. Needs lxml (the zeep venv has it).
"""

import argparse
import datetime
import json
import pathlib
import statistics
import sys
from decimal import Decimal, InvalidOperation

STACKS = [("ours", "ours"), ("gsoap", "gSOAP"), ("zeep", "zeep")]
MESSAGES = [
    ("CancelInvoice", "CancelInvoice"),
    ("ReplaceInvoice", "ReplaceInvoice"),
    ("PartCreditInvoice", "PartCreditInvoice"),
    ("SendInvoice", "SendInvoice"),
    ("AdjustInvoice", "AdjustInvoice"),
    ("AddInvoice", "**bulk** AddInvoice, 600 rows"),
    ("GetReservations", "**bulk** GetReservations, 500 reservations"),
]
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def load(results, runs):
    """{(stack, op, dir): [record of run 1, run 2, ...]}"""
    data = {}
    for run in range(1, runs + 1):
        for stack, _ in STACKS:
            path = results / ("run%d.%s.jsonl" % (run, stack))
            if not path.exists():
                sys.exit("bench_peers_table: %s is missing" % path)
            for line in path.read_text().splitlines():
                line = line.strip()
                if line.startswith("{"):
                    r = json.loads(line)
                    data.setdefault((r["stack"], r["op"], r["dir"]), []).append(r)
    return data


def num(x):
    """Three significant figures, no exponent."""
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 1:
        return "%.2f" % x
    return "%.3f" % x


def cell(values):
    if len(values) == 1:
        return num(values[0])
    return "%s [%s–%s]" % (num(statistics.median(values)), num(min(values)), num(max(values)))


def ratio(a, b):
    r = a / b
    return ("%.1f×" % r) if r < 10 else ("%.0f×" % r)


def table(data):
    lines = [
        "| Message | | ours µs | gSOAP µs | zeep µs | gSOAP ÷ ours | zeep ÷ ours | ours MB/s | gSOAP MB/s | zeep MB/s | bytes (ours / gSOAP / zeep) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for op, label in MESSAGES:
        for direction in ("encode", "decode"):
            recs = {s: data.get((s, op, direction)) for s, _ in STACKS}
            if not any(recs.values()):
                continue
            missing = [s for s, r in recs.items() if not r]
            if missing:
                sys.exit("bench_peers_table: no %s %s from %s" % (op, direction, ", ".join(missing)))
            us = {s: [r["us"] for r in recs[s]] for s in recs}
            med = {s: statistics.median(us[s]) for s in us}
            size = {s: recs[s][0]["bytes"] for s in recs}
            mbs = {s: statistics.median(size[s] / u for u in us[s]) for s in us}
            lines.append("| %s | %s | **%s** | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, direction, cell(us["ours"]), cell(us["gsoap"]), cell(us["zeep"]),
                ratio(med["gsoap"], med["ours"]), ratio(med["zeep"], med["ours"]),
                num(mbs["ours"]), num(mbs["gsoap"]), num(mbs["zeep"]),
                " / ".join(str(size[s]) for s, _ in STACKS)))
    return "\n".join(lines)


# ----- envelope comparison ----------------------------------------------------------------------

def parse(path):
    from lxml import etree

    parser = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True)
    return etree.parse(str(path), parser).getroot()


def elements(node):
    return [c for c in node if isinstance(c.tag, str)]


def same_value(a, b):
    """'' if equal, a note if equal as a decimal or a dateTime, None if different."""
    if a == b:
        return ""
    try:
        if Decimal(a) == Decimal(b):
            return "decimal %r written %r" % (a, b)
    except InvalidOperation:
        pass
    try:
        da = datetime.datetime.fromisoformat(a.replace("Z", "+00:00"))
        db = datetime.datetime.fromisoformat(b.replace("Z", "+00:00"))
        if da.replace(tzinfo=None) == db.replace(tzinfo=None):
            return "dateTime %r written %r" % (a, b)
    except ValueError:
        pass
    return None


def compare(want, got, path, errors, notes):
    if want.tag != got.tag:
        errors.append("%s: element %s, expected %s" % (path, got.tag, want.tag))
        return
    here = "%s/%s" % (path, want.tag.split("}")[-1])
    if (want.get(XSI_NIL) in ("true", "1")) != (got.get(XSI_NIL) in ("true", "1")):
        errors.append("%s: xsi:nil differs" % here)
    w, g = elements(want), elements(got)
    if not w and not g:
        note = same_value((want.text or "").strip(), (got.text or "").strip())
        if note is None:
            errors.append("%s: value %r, expected %r" % (here, (got.text or "").strip(), (want.text or "").strip()))
        elif note:
            notes.add(note.split(" ")[0] + " " + here.split("/")[-1] + ": " + note.split(" ", 1)[1])
        return
    if [c.tag for c in w] != [c.tag for c in g]:
        errors.append("%s: children %s, expected %s" % (
            here, [c.tag.split("}")[-1] for c in g], [c.tag.split("}")[-1] for c in w]))
        return
    for a, b in zip(w, g):
        compare(a, b, here, errors, notes)


def check_envelope(documented, encoded):
    """(errors, notes) of one encoded envelope against the documented request."""
    errors, notes = [], set()
    want, got = parse(documented), parse(encoded)
    if got.tag != "{%s}Envelope" % SOAP11:
        return ["root is %s, not a SOAP 1.1 Envelope" % got.tag], notes

    def part(root, name):
        found = [c for c in elements(root) if c.tag == "{%s}%s" % (SOAP11, name)]
        return found[0] if found else None

    wh, gh = part(want, "Header"), part(got, "Header")
    whs = sorted(((c.tag, (c.text or "").strip()) for c in elements(wh)) if wh is not None else [])
    ghs = sorted(((c.tag, (c.text or "").strip()) for c in elements(gh)) if gh is not None else [])
    if whs != ghs:
        def show(hs):  # the password's value is never printed
            return ["%s=%s" % (t.split("}")[-1], "***" if t.endswith("}Password") else v) for t, v in hs]
        errors.append("headers %s, expected %s (values may differ where *** is shown)" % (show(ghs), show(whs)))
    wb, gb = part(want, "Body"), part(got, "Body")
    if gb is None or len(elements(gb)) != 1:
        errors.append("no single body element")
    else:
        compare(elements(wb)[0], elements(gb)[0], "Body", errors, notes)
    return errors, notes


def check_envelopes(dumps, fixtures):
    failed, report = False, []
    for op, _ in MESSAGES:
        documented = fixtures / "seed" / (op + ".request.xml")
        if not documented.exists():
            documented = fixtures / "bulk" / (op + ".request.xml")
        if not documented.exists():
            continue  # a decode-only message
        for stack, name in STACKS:
            encoded = dumps / stack / (op + ".request.xml")
            if not encoded.exists():
                print("envelope check: %s wrote no %s" % (name, encoded), file=sys.stderr)
                failed = True
                continue
            errors, notes = check_envelope(documented, encoded)
            for e in errors:
                print("envelope check: %s %s: %s" % (name, op, e), file=sys.stderr)
            failed |= bool(errors)
            if notes:
                shown = sorted(notes)
                report.append("%s %s: %s%s" % (name, op, "; ".join(shown[:3]),
                                                 " (and %d more)" % (len(shown) - 3) if len(shown) > 3 else ""))
    return failed, report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=pathlib.Path)
    parser.add_argument("runs", type=int)
    parser.add_argument("--check-envelopes", nargs=2, type=pathlib.Path, metavar=("DUMP_DIR", "FIXTURES_DIR"))
    args = parser.parse_args()
    notes = []
    if args.check_envelopes:
        failed, notes = check_envelopes(*args.check_envelopes)
        if failed:
            sys.exit("bench_peers_table: an encoded envelope differs from the documented request (above)")
    print(table(load(args.results, args.runs)))
    print()
    print("Envelopes: every stack's request envelope has the documented headers and body "
          "(checked once per script run)%s" % (":" if notes else "."))
    for n in notes:
        print("* " + n)


if __name__ == "__main__":
    main()
