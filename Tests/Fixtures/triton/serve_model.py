"""Serves `radstream_classifier` version 1 with NVIDIA PyTriton on loopback, for InferenceTests.

Usage: serve_model.py HTTP_PORT GRPC_PORT METRICS_PORT [WORKSPACE [DELAY_FILE [FAILURE_FILE [OUTPUTS_FILE]]]]
       (or RADSTREAM_TRITON_{HTTP,GRPC,METRICS}_PORT and RADSTREAM_TRITON_WORKSPACE)
WORKSPACE is where PyTriton keeps its model store and Unix sockets (default: a new folder under
~/.cache/pytriton, which a killed server leaves behind; the caller should own and remove it).
DELAY_FILE, when given, is read before every inference: a number of milliseconds to sleep first
(missing or empty: none), so a test can make the running server slow and fast again.
FAILURE_FILE, when given, is read before every inference too: a count N > 0 makes this inference
raise (Triton answers HTTP 500, TRITONSERVER_ERROR_INTERNAL) and leaves N - 1 in the file.
OUTPUTS_FILE, when given, is read once at start-up: the number of logits (4 when missing; more
appends logits W[j] = (0.5, 0.5, 0.5), B[j] = 0), so a test can restart the server with an
updated model whose metadata differs.

The model is deterministic so a test can compute its answer exactly in Swift:
  input  INPUT__0  FP32 [batch, 3, 224, 224]   (dynamic batching, at most 8 per batch)
  output OUTPUT__0 FP32 [batch, 4]
  m[c]        = (sum of channel c's 50176 values, added in float64) / 50176
  logits[j]   = float32(((W[j][0]*m[0] + W[j][1]*m[1]) + W[j][2]*m[2]) + B[j])   (float64, left to right)
With inputs that are multiples of 1/256 and |x| <= 2^20, every float64 sum is exact, so the
order of summation does not matter and Swift reproduces the result bit for bit.

Every listener binds 127.0.0.1: HTTP, gRPC and metrics (Triton's defaults are 0.0.0.0).
SIGTERM or SIGINT stops the server (PyTriton installs its own handlers in serve()).

RADSTREAM_TRITON_CREDENTIAL, when set, makes Triton refuse the metadata, inference and other
non-health APIs without `X-RadStream-Inference-Credential: <value>` (`--http-restricted-api`, as
deploy/k8s configures the deployed server). PyTriton's own token restriction is turned off then:
Triton takes one restriction per API and PyTriton needs model-repository and logging itself.
"""

import logging
import os
import sys
import time

import numpy as np
from pytriton.decorators import batch
from pytriton.model_config import DynamicBatcher, ModelConfig, Tensor
from pytriton.triton import Triton, TritonConfig, TritonSecurityConfig

MODEL_NAME = "radstream_classifier"
MODEL_VERSION = 1
CHANNEL_SIZE = 224 * 224
# Keep in step with Tests/InferenceTests/ReferenceClassifier.swift.
WEIGHTS = [
    [1.0, -2.0, 0.5],
    [-0.25, 0.75, 1.5],
    [2.0, 0.125, -1.0],
    [-1.5, -0.5, 0.25],
]
BIASES = [0.1, -0.2, 0.3, 0.0]


DELAY_FILE = sys.argv[5] if len(sys.argv) > 5 else None
FAILURE_FILE = sys.argv[6] if len(sys.argv) > 6 else None
OUTPUTS_FILE = sys.argv[7] if len(sys.argv) > 7 else None


def output_count() -> int:
    try:
        with open(OUTPUTS_FILE, encoding="ascii") as file:
            return max(len(WEIGHTS), int(file.read().strip()))
    except (TypeError, OSError, ValueError):
        return len(WEIGHTS)


OUTPUTS = output_count()
EXTRA_WEIGHTS = [[0.5, 0.5, 0.5]] * (OUTPUTS - len(WEIGHTS))
EXTRA_BIASES = [0.0] * (OUTPUTS - len(WEIGHTS))


def logits_of(image: np.ndarray) -> list:
    means = [float(np.sum(image[c], dtype=np.float64)) / CHANNEL_SIZE for c in range(3)]
    return [
        ((w[0] * means[0] + w[1] * means[1]) + w[2] * means[2]) + b
        for w, b in zip(WEIGHTS + EXTRA_WEIGHTS, BIASES + EXTRA_BIASES)
    ]


# Keep in step with deploy/k8s/deployment.yaml (which also restricts model-repository and logging).
RESTRICTED_APIS = "metadata,inference,model-config,statistics,trace,shared-memory"
CREDENTIAL_HEADER = "X-RadStream-Inference-Credential"



def take_injected_failure() -> bool:
    if not FAILURE_FILE:
        return False
    try:
        with open(FAILURE_FILE, "r+", encoding="ascii") as file:
            remaining = int(file.read().strip() or 0)
            if remaining <= 0:
                return False
            file.seek(0)
            file.truncate()
            file.write(str(remaining - 1))
            return True
    except (OSError, ValueError):
        return False


def injected_delay_seconds() -> float:
    if not DELAY_FILE:
        return 0.0
    try:
        with open(DELAY_FILE, encoding="ascii") as file:
            return max(0.0, float(file.read().strip() or 0) / 1000)
    except (OSError, ValueError):
        return 0.0


@batch
def infer(INPUT__0: np.ndarray):  # noqa: N803 (Triton's tensor name)
    delay = injected_delay_seconds()
    if delay:
        time.sleep(delay)
    if take_injected_failure():
        raise RuntimeError("injected backend failure")
    rows = [logits_of(image) for image in INPUT__0]
    return {"OUTPUT__0": np.asarray(rows, dtype=np.float64).astype(np.float32)}


def port(index: int, variable: str) -> int:
    value = sys.argv[index] if len(sys.argv) > index else os.environ.get(variable)
    if not value:
        sys.exit(f"usage: serve_model.py HTTP_PORT GRPC_PORT METRICS_PORT (or set {variable})")
    return int(value)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    config = TritonConfig(
        http_address="127.0.0.1",
        http_port=port(1, "RADSTREAM_TRITON_HTTP_PORT"),
        grpc_address="127.0.0.1",
        grpc_port=port(2, "RADSTREAM_TRITON_GRPC_PORT"),
        metrics_address="127.0.0.1",
        metrics_port=port(3, "RADSTREAM_TRITON_METRICS_PORT"),
        allow_gpu_metrics=False,
        exit_timeout_secs=2,
    )
    workspace = sys.argv[4] if len(sys.argv) > 4 else os.environ.get("RADSTREAM_TRITON_WORKSPACE") or None
    security = None
    credential = os.environ.pop("RADSTREAM_TRITON_CREDENTIAL", "")
    if credential:
        config.http_restricted_api = f"{RESTRICTED_APIS}:{CREDENTIAL_HEADER}={credential}"
        security = TritonSecurityConfig(restricted_endpoints=[])
    with Triton(config=config, workspace=workspace, security_config=security) as triton:
        triton.bind(
            model_name=MODEL_NAME,
            model_version=MODEL_VERSION,
            infer_func=infer,
            inputs=[Tensor(name="INPUT__0", dtype=np.float32, shape=(3, 224, 224))],
            outputs=[Tensor(name="OUTPUT__0", dtype=np.float32, shape=(OUTPUTS,))],
            config=ModelConfig(max_batch_size=8, batcher=DynamicBatcher(max_queue_delay_microseconds=100)),
            strict=True,
        )
        triton.serve()


if __name__ == "__main__":
    main()
