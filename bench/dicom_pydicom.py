#!/usr/bin/env python3
"""The obvious Python a team would write to turn a DICOM file into the model's tensor, as the
baseline of bench/dicom.sh: pydicom 3 (`ds.pixel_array`, with whichever of its installed plugins
it picks), NumPy for the rescale and the window, Pillow for the resize, NumPy to normalise.

read the file -> pydicom.dcmread -> pixel_array -> float32 * RescaleSlope + RescaleIntercept ->
the first WindowCenter/WindowWidth (DICOM's LINEAR function) or else the frame's min-max to 0..1
-> MONOCHROME1 inverted -> Pillow mode "F" resize((224, 224), BILINEAR) -> gray replicated to 3
channels -> ImageNet mean/std -> float32 NCHW [1, 3, 224, 224]: what TensorPreparer does by default.

    dicom_pydicom.py FILE --output OUT.npy   one preparation (a fresh-process sample)
    dicom_pydicom.py FILE --runs N           one unmeasured run, then N measured runs in this
                                             process; prints `prepare_ms min … median … cpu_ms min …
                                             median … runs N plugins …`
"""
import argparse
import io
import statistics
import time

import numpy as np
import pydicom
from PIL import Image

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)


def first(value):
    """The first of a multi-valued number (WindowCenter may hold several windows)."""
    return float(value[0] if isinstance(value, pydicom.multival.MultiValue) else value)


def prepare(path):
    with open(path, "rb") as handle:
        ds = pydicom.dcmread(io.BytesIO(handle.read()))
    pixels = ds.pixel_array.astype(np.float32)
    pixels = pixels * np.float32(ds.get("RescaleSlope", 1)) + np.float32(ds.get("RescaleIntercept", 0))
    if "WindowCenter" in ds and "WindowWidth" in ds:
        center, width = first(ds.WindowCenter), first(ds.WindowWidth)
        intensities = np.clip((pixels - (center - 0.5)) / (width - 1) + 0.5, 0, 1)
    else:
        lowest, highest = pixels.min(), pixels.max()
        intensities = (pixels - lowest) / (highest - lowest) if highest > lowest else np.zeros_like(pixels)
    if ds.PhotometricInterpretation == "MONOCHROME1":
        intensities = 1 - intensities
    image = Image.fromarray(intensities.astype(np.float32))  # a float32 array is mode "F"
    resized = np.asarray(image.resize((224, 224), Image.BILINEAR), dtype=np.float32)
    return ((resized[np.newaxis] - MEAN) / STD)[np.newaxis].astype(np.float32)


def plugins(path):
    """The decoding plugins pydicom 3 would try for the file's transfer syntax, in its order."""
    syntax = pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID
    if not syntax.is_compressed:
        return "native"
    from pydicom.pixels import get_decoder
    return ",".join(get_decoder(syntax).available_plugins)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--output")
    parser.add_argument("--runs", type=int, default=0)
    arguments = parser.parse_args()
    if not arguments.runs:
        tensor = prepare(arguments.file)
        if arguments.output:
            np.save(arguments.output, tensor)
        return
    prepare(arguments.file)
    wall, cpu = [], []
    for _ in range(arguments.runs):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        prepare(arguments.file)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    print(f"prepare_ms min {min(wall):.2f} median {statistics.median(wall):.2f} "
          f"cpu_ms min {min(cpu):.2f} median {statistics.median(cpu):.2f} runs {arguments.runs} "
          f"plugins {plugins(arguments.file)}")


if __name__ == "__main__":
    main()
