"""What the seed's Python PrepareTensors Lambda did to an image, as a baseline.

Pillow open -> convert("RGB") -> resize((224, 224), BILINEAR) -> NumPy / 255 -> ImageNet
mean/std -> float32 NCHW [1, 3, 224, 224].

    python bench/seed_preprocess.py IMAGE [--output OUT.npy]   one run (a fresh-process sample)
    python bench/seed_preprocess.py IMAGE --repeat N           N warm runs in this process; prints
                                                               {"median_ms": ..., "peak_rss_kb": ...}
"""
import argparse
import io
import json
import resource
import statistics
import time

import numpy as np
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def preprocess(data):
    with Image.open(io.BytesIO(data)) as image:
        resized = image.convert("RGB").resize((224, 224), Image.BILINEAR)
    array = np.asarray(resized, dtype=np.float32) / 255.0
    array = (array - MEAN) / STD
    return np.ascontiguousarray(array.transpose(2, 0, 1)[np.newaxis], dtype=np.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("image")
    parser.add_argument("--output")
    parser.add_argument("--repeat", type=int, default=0)
    arguments = parser.parse_args()
    if arguments.repeat:
        times = []
        for _ in range(arguments.repeat):
            start = time.perf_counter()
            with open(arguments.image, "rb") as file:
                preprocess(file.read())
            times.append((time.perf_counter() - start) * 1000)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"median_ms": statistics.median(times), "peak_rss_kb": peak}))
        return
    with open(arguments.image, "rb") as file:
        tensor = preprocess(file.read())
    if arguments.output:
        np.save(arguments.output, tensor)


if __name__ == "__main__":
    main()
