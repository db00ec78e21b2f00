"""Inclusive instructions per call of the function matching a regex, from a callgrind file.

Usage: python3 scripts/callgrind_per_call.py CALLGRIND_OUT REGEX
Sums, over every call site of a matching function, the calls and their inclusive cost, and
prints cost / calls (rounded). Exits 1 when no call matched.
"""
import re
import sys

path, pattern = sys.argv[1], re.compile(sys.argv[2])
names, calls, cost = {}, 0, 0
callee, pending = None, None
with open(path) as f:
    for line in f:
        m = re.match(r"^(c?fn)=\((\d+)\)(?: (.*))?$", line.strip())
        if m:
            kind, ident, name = m.groups()
            if name:
                names[ident] = name
            if kind == "cfn":
                callee = names.get(ident, "")
            continue
        m = re.match(r"^calls=(\d+)", line)
        if m:
            pending = int(m.group(1))
            continue
        if pending is not None:
            parts = line.split()
            if len(parts) >= 2 and callee and pattern.search(callee):
                calls += pending
                cost += int(parts[1])
            pending = None
if calls == 0:
    sys.exit(f"no call of {sys.argv[2]} in {path}")
print(f"{cost / calls:,.0f}")
