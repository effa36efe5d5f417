#!/usr/bin/env bash
# S3 benchmark: PutObject+GetObject round trips of 1.5 MB and 600 KB random objects with our
# client (bench/S3Benchmark, release build) and with boto3, against the same moto server in the
# same run; prints p50/p95 latency, throughput and the Swift/boto3 ratios.
# Usage: bench/s3.sh [--iterations N]   (extra options go to both benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scratch=(--scratch-path "${RADSTREAM_SCRATCH_PATH:-.build}")
echo "==> building S3Benchmark (release)"
swift build "${scratch[@]}" -c release --product S3Benchmark
bin="$(swift build "${scratch[@]}" -c release --show-bin-path)"

port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "==> starting moto_server on 127.0.0.1:$port"
.venv/bin/moto_server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto_pid=$!
trap 'kill -9 "$moto_pid" 2>/dev/null || true' EXIT
.venv/bin/python - "$port" <<'PY' || { echo "error: moto_server did not answer within 30 s (run scripts/setup.sh)" >&2; exit 1; }
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
PY

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
unset AWS_SESSION_TOKEN AWS_ENDPOINT_URL_S3 || true
results="$(mktemp)"
trap 'kill -9 "$moto_pid" 2>/dev/null || true; rm -f "$results"' EXIT
echo "==> Swift (AWSClients over libcurl)"
"$bin/S3Benchmark" --bucket radstream-bench "$@" | tee -a "$results"
echo "==> boto3 $(.venv/bin/python -c 'import boto3; print(boto3.__version__)')"
.venv/bin/python bench/s3_boto3.py --bucket radstream-bench "$@" | tee -a "$results"

table="$(mktemp)"
trap 'kill -9 "$moto_pid" 2>/dev/null || true; rm -f "$results" "$table"' EXIT
.venv/bin/python - "$results" <<'PY' | tee "$table"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
by = {(r["client"], r["size"]): r for r in rows}
print()
print(f"{'object':>10} | {'client':>6} | {'p50 ms':>8} | {'p95 ms':>8} | {'MB/s':>8}")
print("-" * 52)
for size in sorted({r["size"] for r in rows}, reverse=True):
    for client in ("swift", "boto3"):
        r = by.get((client, size))
        if r:
            print(f"{size / 1e6:>8.1f}MB | {client:>6} | {r['p50_ms']:>8.2f} | {r['p95_ms']:>8.2f} | {r['mb_per_s']:>8.1f}")
    s, b = by.get(("swift", size)), by.get(("boto3", size))
    if s and b:
        print(f"{'':>10} | {'ratio':>6} | {b['p50_ms'] / s['p50_ms']:>7.2f}x | {b['p95_ms'] / s['p95_ms']:>7.2f}x | {s['mb_per_s'] / b['mb_per_s']:>7.2f}x"
              "   (boto3 latency / Swift latency; Swift MB/s / boto3 MB/s)")
PY
bench/record-results.sh --from-file "S3: our client vs boto3 against moto" "$table" bench/s3.sh "$@"
