#!/usr/bin/env bash
# Codec benchmarks, the way shared/research/peer-baseline.md measured zeep and gSOAP: RUNS
# separate runs (default 3) of `cargo bench -p payment-service --bench codec`; each cell is the
# median of the per-run criterion medians, [min–max] of them. MB/s = envelope bytes / time (1 MB
# = 10^6 bytes). Run from the repository root:   bash scripts/bench-codec.sh
set -euo pipefail
RUNS="${RUNS:-3}"
FILTER="${FILTER:-^(encode|encode_reuse|decode)/}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

cargo bench -p payment-service --bench codec --no-run
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  if ! cargo bench -q -p payment-service --bench codec -- "$FILTER" >"$OUT/run$run.log" 2>&1; then
    cat "$OUT/run$run.log" >&2
    exit 1
  fi
  python3 - "$OUT/run$run.json" <<'PY'
import json, pathlib, sys
rows = {}
for est in pathlib.Path("target/criterion").glob("*/*/new/estimates.json"):
    bench = json.loads((est.parent / "benchmark.json").read_text())
    ns = json.loads(est.read_text())["median"]["point_estimate"]
    size = (bench.get("throughput") or {}).get("Bytes")
    rows[bench["full_id"]] = {"ns": ns, "bytes": size}
pathlib.Path(sys.argv[1]).write_text(json.dumps(rows))
PY
done

python3 - "$OUT" "$RUNS" <<'PY'
import json, pathlib, re, statistics, sys
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
data = [json.loads((out / f"run{i}.json").read_text()) for i in range(1, runs + 1)]
pattern = re.compile(r"^(encode|encode_reuse|decode)/")
ids = sorted({k for d in data for k in d if pattern.match(k)})
print("| benchmark | bytes | µs/msg median [range] | MB/s median [range] |")
print("|---|---|---|---|")
for i in ids:
    ns = [d[i]["ns"] for d in data if i in d]
    size = next(d[i]["bytes"] for d in data if i in d)
    us = [n / 1000 for n in ns]
    mbs = [size / (n / 1e9) / 1e6 for n in ns] if size else []
    cell = lambda v, f: f"{f(statistics.median(v))} [{f(min(v))}–{f(max(v))}]"
    print(f"| {i} | {size} | {cell(us, lambda x: f'{x:.2f}')} | {cell(mbs, lambda x: f'{x:.0f}') if mbs else '-'} |")
PY
