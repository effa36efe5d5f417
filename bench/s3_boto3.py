"""S3 round-trip benchmark with boto3: the reference for bench/S3Benchmark.

Same work as the Swift benchmark (PutObject then GetObject of random bytes, compared), same
endpoint (AWS_ENDPOINT_URL), one JSON line per size. boto3 runs with its defaults, which
include a CRC32 request checksum on PutObject and response checksum validation on GetObject.

Usage: s3_boto3.py --bucket NAME [--iterations N] [--warmup N] [--sizes 1500000,600000]
"""
import argparse
import json
import os
import time

import boto3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bucket", default="radstream-bench")
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--sizes", default="1500000,600000")
    args = parser.parse_args()

    client = boto3.client("s3")  # endpoint, region and credentials from the environment
    try:
        client.create_bucket(Bucket=args.bucket)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    for size in (int(part) for part in args.sizes.split(",")):
        body = os.urandom(size)
        key = f"bench/boto3-{size}.bin"
        latencies = []
        total = 0.0
        for iteration in range(args.warmup + args.iterations):
            started = time.perf_counter()
            client.put_object(Bucket=args.bucket, Key=key, Body=body)
            data = client.get_object(Bucket=args.bucket, Key=key)["Body"].read()
            elapsed = time.perf_counter() - started
            if data != body:
                raise SystemExit(f"GetObject returned different bytes for {size} B")
            if iteration >= args.warmup:
                latencies.append(elapsed * 1000)
                total += elapsed
        latencies.sort()

        def percentile(fraction: float) -> float:
            return latencies[min(max(round(fraction * (len(latencies) - 1)), 0), len(latencies) - 1)]

        print(json.dumps({
            "client": "boto3", "size": size, "iterations": args.iterations,
            "p50_ms": percentile(0.5), "p95_ms": percentile(0.95),
            "mb_per_s": 2 * size * args.iterations / 1e6 / total,
        }), flush=True)


if __name__ == "__main__":
    main()
