#!/usr/bin/env python3
"""Writes the pixel-codec tests' fixtures and reference samples into a folder (never the repo).

Usage: generate-codec-fixtures.py --output DIR [--large]

Each fixture is a bare codestream (the tests need no DICOM parser) and, unless it is broken,
the reference samples the decoder pydicom uses returned for it, as raw little-endian arrays,
row-major, components interleaved: uint16 for JPEG Lossless, int32 for JPEG 2000/HTJ2K.
OUTPUT/manifest.json lists them:
- pydicom's own test files (pydicom 3 + pydicom-data) in JPEG Lossless (.57/.70) and JPEG 2000
  (.90/.91): the first frame's codestream, extracted with pydicom.encaps.
- JPEG Lossless streams written by libjpeg-turbo 3 (imagecodecs: predictors 1-7, 2-16 bits,
  RGB) and by this script's own T.81 Annex H encoder below for what no installed encoder
  writes: point transforms, restart intervals, separate scans per component, category 16.
- JPEG 2000 streams written by opj_compress (lossless 8/12/16 bit, signed, RGB, lossy, tiled)
  and HTJ2K streams written by OpenJPH (imagecodecs.htj2k_encode).
References: pylibjpeg-libjpeg (`libjpeg.decode`) for JPEG Lossless and pylibjpeg-openjpeg
(`openjpeg.decode`) for JPEG 2000 and HTJ2K, the plugins pydicom 3 decodes these syntaxes with;
for generated streams the script also checks the reference equals the encoded image.
Broken inputs carry the errorType the decoder must throw.
--large adds the bench's 2048x2560 16-bit CR-like image in both codings.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import imagecodecs
import libjpeg
import numpy as np
import openjpeg
import pydicom
from pydicom.data import get_testdata_file
from pydicom.encaps import generate_frames

JPEG_LOSSLESS_SYNTAXES = {"1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"}
J2K_SYNTAXES = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201",
                "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203"}
PYDICOM_FILES = [
    # (file, codec) — 16-bit CT-like JPEG Lossless, 8-bit SV1, RGB SV1, 12-bit CT SV1
    ("JPEG-LL.dcm", "jpegLossless"),
    ("JPGLosslessP14SV1_1s_1f_8b.dcm", "jpegLossless"),
    ("SC_rgb_jpeg_gdcm.dcm", "jpegLossless"),
    ("bad_sequence.dcm", "jpegLossless"),
    ("JPEG2000.dcm", "jpeg2000"),
    ("MR_small_jp2klossless.dcm", "jpeg2000"),
    ("emri_small_jpeg_2k_lossless.dcm", "jpeg2000"),
    ("GDCMJ2K_TextGBR.dcm", "jpeg2000"),
    ("US1_J2KR.dcm", "jpeg2000"),
    ("US1_J2KI.dcm", "jpeg2000"),
    ("RG1_J2KR.dcm", "jpeg2000"),
    ("RG1_J2KI.dcm", "jpeg2000"),
    ("RG3_J2KR.dcm", "jpeg2000"),
    ("RG3_J2KI.dcm", "jpeg2000"),
    ("MR2_J2KR.dcm", "jpeg2000"),
    ("MR2_J2KI.dcm", "jpeg2000"),
    ("693_J2KR.dcm", "jpeg2000"),
    ("693_J2KI.dcm", "jpeg2000"),
    ("J2K_pixelrep_mismatch.dcm", "jpeg2000"),
    ("SC_rgb_gdcm_KY.dcm", "jpeg2000"),
]


def write(output, relative, data):
    path = os.path.join(output, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return relative


def reference_bytes(array, codec):
    dtype = "<u2" if codec == "jpegLossless" else "<i4"
    return np.ascontiguousarray(array).astype(dtype).tobytes()


def reference_decode(codestream, codec, decoder):
    if decoder == "libjpeg-turbo":
        return imagecodecs.jpeg8_decode(codestream)
    if codec == "jpegLossless":
        return libjpeg.decode(codestream)
    return openjpeg.decode(codestream)


def entry(output, name, codec, codestream, origin, expected=None, precision=None, signed=False, decoder=None):
    """Writes a decodable fixture with its reference, checked against `expected` when given.

    `decoder` "libjpeg-turbo" takes the reference from libjpeg-turbo 3 instead of
    pylibjpeg-libjpeg: for a point transform Pt > 0, pylibjpeg-libjpeg 2.5.0 returns saturated
    samples (every value 2^P - 1) where T.81 H.1.2.1 and libjpeg-turbo return the decoded
    values shifted left by Pt.
    """
    reference = reference_decode(codestream, codec, decoder)
    if expected is not None and not np.array_equal(reference.reshape(expected.shape), expected):
        sys.exit(f"{name}: the reference decoder does not return the encoded image")
    height, width = reference.shape[:2]
    components = 1 if reference.ndim == 2 else reference.shape[2]
    if codec == "jpeg2000":
        parameters = openjpeg.get_parameters(codestream)
        precision = parameters["precision"]
        signed = parameters["is_signed"]
    extension = "jls" if codec == "jpegLossless" else "j2k"
    return {
        "name": name, "codec": codec, "origin": origin,
        "source": write(output, f"{codec}/{name}.{extension}", codestream),
        "reference": write(output, f"{codec}/{name}.raw", reference_bytes(reference, codec)),
        "width": int(width), "height": int(height), "components": int(components),
        "precision": int(precision) if precision is not None else None, "isSigned": bool(signed),
        "referenceDecoder": decoder or ("pylibjpeg-libjpeg" if codec == "jpegLossless" else "pylibjpeg-openjpeg"),
    }


# MARK: A JPEG Lossless encoder (T.81 Annex H) for the cases no installed encoder writes

class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.accumulator = 0
        self.count = 0

    def write(self, value, length):
        self.accumulator = (self.accumulator << length) | (value & ((1 << length) - 1))
        self.count += length
        while self.count >= 8:
            self.count -= 8
            byte = (self.accumulator >> self.count) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0x00)  # T.81 F.1.2.3 byte stuffing
        self.accumulator &= (1 << self.count) - 1

    def flush(self):
        if self.count:
            self.write((1 << (8 - self.count)) - 1, 8 - self.count)  # pad with 1-bits


def category(difference):
    return 0 if difference == 0 else int(abs(difference)).bit_length()


def predict(rows, y, x, predictor, first_row, initial):
    if y == first_row and x == 0:
        return initial
    if y == first_row:
        return int(rows[y, x - 1])
    if x == 0:
        return int(rows[y - 1, x])
    a, b, c = int(rows[y, x - 1]), int(rows[y - 1, x]), int(rows[y - 1, x - 1])
    return [None, a, b, c, a + b - c, a + ((b - c) >> 1), b + ((a - c) >> 1), (a + b) >> 1][predictor]


def huffman_table(categories):
    """A canonical table (T.81 K.2 style, lengths capped at 16) for the category frequencies."""
    frequencies = np.bincount(categories, minlength=17).astype(float)
    symbols = [s for s in range(17) if frequencies[s] > 0]
    if len(symbols) == 1:
        symbols.append(0 if symbols[0] != 0 else 1)
    # Code lengths from a Huffman tree, then capped at 16 by the standard's adjustment.
    import heapq
    heap = [(frequencies[s] or 1, i, [s]) for i, s in enumerate(symbols)]
    heapq.heapify(heap)
    lengths = {s: 0 for s in symbols}
    counter = len(heap)
    while len(heap) > 1:
        f1, _, s1 = heapq.heappop(heap)
        f2, _, s2 = heapq.heappop(heap)
        for s in s1 + s2:
            lengths[s] += 1
        heapq.heappush(heap, (f1 + f2, counter, s1 + s2))
        counter += 1
    bits = [0] * 33
    for s in symbols:
        bits[lengths[s]] += 1
    bits[max(lengths.values()) + 1] += 1  # reserve the all-ones code (K.2)
    for i in range(32, 16, -1):
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2
            bits[i - 1] += 1
            bits[j + 1] += 2
            bits[j] -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1  # drop the reserved code
    ordered = sorted(symbols, key=lambda s: (lengths[s], s))
    counts = bits[1:17]
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[ordered[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return counts, ordered, codes


def encode_lossless(image, precision, predictor=1, point_transform=0, restart_interval=0, separate_scans=False):
    """image: (rows, columns) or (rows, columns, components) unsigned ints below 2^precision."""
    if image.ndim == 2:
        image = image[:, :, None]
    height, width, components = image.shape
    shifted = (image.astype(np.int64) >> point_transform)
    initial = 1 << (precision - point_transform - 1)
    scans = [[c] for c in range(components)] if separate_scans else [list(range(components))]

    def marker(code, payload=b""):
        return bytes([0xFF, code]) + (len(payload) + 2).to_bytes(2, "big") + payload if payload or code not in (0xD8, 0xD9) else bytes([0xFF, code])

    out = bytearray(b"\xFF\xD8")
    frame = bytes([precision]) + height.to_bytes(2, "big") + width.to_bytes(2, "big") + bytes([components])
    for c in range(components):
        frame += bytes([c + 1, 0x11, 0])
    out += marker(0xC3, frame)
    if restart_interval:
        out += marker(0xDD, restart_interval.to_bytes(2, "big"))
    for scan_index, scan in enumerate(scans):
        # Differences in MCU order, with the prediction reset at each restart interval.
        differences = []
        mcu = 0
        first_row = 0
        restart_at = []
        for y in range(height):
            for x in range(width):
                if restart_interval and mcu and mcu % restart_interval == 0:
                    restart_at.append(len(differences))
                    first_row = y
                    interval_start = True
                else:
                    interval_start = mcu == 0
                for c in scan:
                    rows = shifted[:, :, c]
                    prediction = initial if interval_start else predict(rows, y, x, predictor, first_row, initial)
                    difference = (int(rows[y, x]) - prediction) % 65536
                    if difference >= 32768:
                        difference -= 65536
                    differences.append(difference)
                mcu += 1
        categories = [16 if d == -32768 else category(d) for d in differences]
        counts, values, codes = huffman_table(np.array(categories))
        out += marker(0xC4, bytes([scan_index & 3]) + bytes(counts) + bytes(values))
        header = bytes([len(scan)])
        for c in scan:
            header += bytes([c + 1, (scan_index & 3) << 4])
        header += bytes([predictor, 0, point_transform])
        out += marker(0xDA, header)
        writer = BitWriter()
        restart_index = 0
        restarts = set(restart_at)
        for index, (difference, ssss) in enumerate(zip(differences, categories)):
            if index in restarts:
                writer.flush()
                out += writer.out
                out += bytes([0xFF, 0xD0 + restart_index])
                restart_index = (restart_index + 1) % 8
                writer = BitWriter()
            code, length = codes[ssss]
            writer.write(code, length)
            if 0 < ssss < 16:
                writer.write(difference if difference > 0 else difference + (1 << ssss) - 1, ssss)
        writer.flush()
        out += writer.out
    out += b"\xFF\xD9"
    return bytes(out)


def smooth_image(rng, height, width, precision, components=1):
    """A smooth image with noise, like a radiograph: small differences, some large jumps."""
    y, x = np.mgrid[0:height, 0:width]
    maximum = (1 << precision) - 1
    planes = []
    for c in range(components):
        base = (np.sin(x / (7.0 + c)) + np.cos(y / 11.0)) * 0.2 + 0.5
        plane = base * maximum + rng.normal(0, max(1.0, maximum / 200), (height, width))
        planes.append(np.clip(plane, 0, maximum))
    image = np.stack(planes, axis=-1).astype(np.uint16)
    return image[:, :, 0] if components == 1 else image


# MARK: Fixture sets

def pydicom_entries(output):
    entries = []
    for file_name, codec in PYDICOM_FILES:
        path = get_testdata_file(file_name)
        if path is None:
            sys.exit(f"pydicom test file {file_name} is missing (pip install pydicom-data)")
        dataset = pydicom.dcmread(path)
        syntax = str(dataset.file_meta.TransferSyntaxUID)
        expected = JPEG_LOSSLESS_SYNTAXES if codec == "jpegLossless" else J2K_SYNTAXES
        if syntax not in expected:
            sys.exit(f"{file_name} has transfer syntax {syntax}, not {codec}")
        frames = int(getattr(dataset, "NumberOfFrames", 1) or 1)
        codestream = next(generate_frames(dataset.PixelData, number_of_frames=frames))
        name = "pydicom-" + os.path.splitext(file_name)[0]
        entries.append(entry(output, name, codec, codestream, f"pydicom {pydicom.__version__} test file {file_name}",
                             precision=int(dataset.BitsAllocated if codec != "jpegLossless" else 0) or None))
        if codec == "jpegLossless":
            entries[-1]["precision"] = codestream_precision(codestream)
    return entries


def codestream_precision(codestream):
    at = codestream.find(b"\xFF\xC3")
    return codestream[at + 4]


def generated_lossless(output, rng):
    entries = []
    # libjpeg-turbo 3's encoder (through imagecodecs): every predictor at 8, 12 and 16 bits.
    for bits in (8, 12, 16):
        image = smooth_image(rng, 61, 83, bits)
        for predictor in range(1, 8):
            data = imagecodecs.jpeg8_encode(image.astype(np.uint8 if bits == 8 else np.uint16), lossless=True,
                                            predictor=predictor, bitspersample=bits)
            entries.append(entry(output, f"turbo-{bits}bit-p{predictor}", "jpegLossless", data,
                                 f"libjpeg-turbo {imagecodecs.version(dict)['libjpeg_turbo']} lossless", image, bits))
    rgb = smooth_image(rng, 45, 52, 8, components=3).astype(np.uint8)
    data = imagecodecs.jpeg8_encode(rgb, lossless=True, predictor=4, colorspace="RGB", outcolorspace="RGB")
    entries.append(entry(output, "turbo-rgb-8bit-p4", "jpegLossless", data, "libjpeg-turbo lossless", rgb, 8))
    # This script's encoder: point transform, restarts, separate scans, category 16, 4 components.
    cases = [(f"own-{bits}bit-p6", smooth_image(rng, 37, 29, bits), bits, dict(predictor=6)) for bits in (2, 5, 10, 15)]
    cases += [
        ("own-16bit-p1-pt3", smooth_image(rng, 40, 50, 16) & ~np.uint16(7), 16, dict(predictor=1, point_transform=3)),
        ("own-12bit-p7-pt2", smooth_image(rng, 33, 47, 12) & ~np.uint16(3), 12, dict(predictor=7, point_transform=2)),
        ("own-12bit-p5-restart-rows", smooth_image(rng, 30, 40, 12), 12, dict(predictor=5, restart_interval=80)),
        ("own-8bit-p4-restart-2-rows", smooth_image(rng, 20, 30, 8), 8, dict(predictor=4, restart_interval=60)),
        ("own-rgb-16bit-separate-scans-p6", smooth_image(rng, 25, 35, 16, components=3), 16,
         dict(predictor=6, separate_scans=True)),
        ("own-4-components-p2-restart", smooth_image(rng, 16, 24, 10, components=4), 10,
         dict(predictor=2, restart_interval=24)),
        ("own-16bit-category16", np.tile(np.array([[0, 32768, 65535, 32767, 1, 0]], dtype=np.uint16), (6, 3)), 16,
         dict(predictor=1)),
    ]
    for name, image, bits, options in cases:
        data = encode_lossless(image, bits, **options)
        decoder = "libjpeg-turbo" if options.get("point_transform") else None
        entries.append(entry(output, name, "jpegLossless", data, "generate-codec-fixtures.py T.81 Annex H encoder",
                             image, bits, decoder=decoder))
    return entries


def opj_compress(folder, image, bits, signed, arguments):
    """Encodes `image` (rows, columns[, components]) with opj_compress from a raw file."""
    components = 1 if image.ndim == 2 else image.shape[2]
    height, width = image.shape[:2]
    raw = os.path.join(folder, "input.raw")
    dtype = (">i2" if signed else ">u2") if bits > 8 else ("i1" if signed else "u1")
    # opj_compress reads .raw planar (component after component), big-endian above 8 bits.
    planar = image if image.ndim == 2 else np.moveaxis(image, 2, 0)
    planar.astype(dtype).tofile(raw)
    target = os.path.join(folder, "output.j2k")
    layout = f"{width},{height},{components},{bits},{'s' if signed else 'u'}"
    result = subprocess.run(["opj_compress", "-i", raw, "-o", target, "-F", layout] + arguments,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"opj_compress failed: {result.stdout}{result.stderr}")
    with open(target, "rb") as handle:
        return handle.read()


def generated_j2k(output, rng):
    entries = []
    if shutil.which("opj_compress") is None:
        sys.exit("opj_compress not found (apt-get install libopenjp2-tools; scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory() as folder:
        cases = [
            ("opj-8bit-lossless", smooth_image(rng, 64, 80, 8), 8, False, []),
            ("opj-12bit-lossless", smooth_image(rng, 70, 50, 12), 12, False, []),
            ("opj-16bit-lossless", smooth_image(rng, 90, 66, 16), 16, False, []),
            ("opj-16bit-signed-lossless", smooth_image(rng, 40, 40, 15).astype(np.int16) - 16384, 16, True, []),
            ("opj-rgb-8bit-lossless", smooth_image(rng, 48, 64, 8, components=3), 8, False, []),
            ("opj-12bit-lossy", smooth_image(rng, 96, 80, 12), 12, False, ["-r", "20", "-I"]),
            ("opj-16bit-tiled-lossless", smooth_image(rng, 100, 130, 16), 16, False, ["-t", "32,48"]),
            ("opj-8bit-layers-precincts", smooth_image(rng, 80, 80, 8), 8, False,
             ["-r", "40,10,1", "-c", "[64,64],[32,32]", "-p", "RPCL"]),
        ]
        for name, image, bits, signed, arguments in cases:
            data = opj_compress(folder, image, bits, signed, arguments)
            lossless = "-I" not in arguments and "-r" not in arguments
            entries.append(entry(output, name, "jpeg2000", data, "opj_compress (OpenJPEG 2.5.0)",
                                 image if lossless else None))
    version = imagecodecs.version(dict)["openjph"]
    for name, image, bits in [
        ("htj2k-8bit-lossless", smooth_image(rng, 64, 72, 8).astype(np.uint8), 8),
        ("htj2k-16bit-12bit-values-lossless", smooth_image(rng, 50, 90, 12), 16),
        ("htj2k-16bit-lossless", smooth_image(rng, 77, 61, 16), 16),
        ("htj2k-rgb-8bit-lossless", smooth_image(rng, 40, 56, 8, components=3).astype(np.uint8), 8),
    ]:
        data = imagecodecs.htj2k_encode(image)
        entries.append(entry(output, name, "jpeg2000", data, f"OpenJPH {version} (imagecodecs)", image))
    lossy = smooth_image(rng, 64, 64, 12)
    data = imagecodecs.htj2k_encode(lossy, level=0.01, reversible=False)
    entries.append(entry(output, "htj2k-16bit-lossy", "jpeg2000", data, f"OpenJPH {version} (imagecodecs)"))
    return entries


def broken_entries(output, lossless_source, j2k_source):
    def broken(name, codec, data, error_type):
        extension = "jls" if codec == "jpegLossless" else "j2k"
        return {"name": name, "codec": codec, "source": write(output, f"broken/{name}.{extension}", data),
                "errorType": error_type}

    frame_at = lossless_source.find(b"\xFF\xC3")
    table_at = lossless_source.find(b"\xFF\xC4")
    bomb = bytearray(lossless_source)
    bomb[frame_at + 5:frame_at + 9] = b"\xFF\xFF\xFF\xFF"
    dnl = bytearray(lossless_source)
    dnl[frame_at + 5:frame_at + 7] = b"\x00\x00"
    # Three 1-bit codes (the total count unchanged): more codes than the code space holds.
    overflowing = bytearray(lossless_source)
    counts = table_at + 5
    donor = max(range(counts + 1, counts + 16), key=lambda i: overflowing[i])
    overflowing[donor] -= 3 - overflowing[counts]
    overflowing[counts] = 3
    bad_predictor = bytearray(lossless_source)
    scan_at = lossless_source.find(b"\xFF\xDA")
    components = lossless_source[scan_at + 4]
    bad_predictor[scan_at + 5 + 2 * components] = 0
    baseline = imagecodecs.jpeg8_encode(np.zeros((16, 16), np.uint8), level=90)
    arithmetic = bytearray(lossless_source)
    arithmetic[frame_at + 1] = 0xCB
    # T.81 H.1.2.1: a lossless restart interval holds whole lines; libjpeg-turbo refuses this too.
    mid_row = encode_lossless(np.arange(600, dtype=np.uint16).reshape(20, 30) % 251, 8, predictor=4, restart_interval=7)
    j2k_bomb = bytearray(j2k_source)
    j2k_bomb[8:16] = b"\x00\x01\x00\x00\x00\x01\x00\x00"  # Xsiz, Ysiz = 65536
    return [
        broken("lossless-empty", "jpegLossless", b"", "TruncatedPixelData"),
        broken("lossless-text", "jpegLossless", b"this is not a JPEG stream at all", "CorruptPixelData"),
        broken("lossless-half", "jpegLossless", lossless_source[: len(lossless_source) // 2], "TruncatedPixelData"),
        broken("lossless-bomb", "jpegLossless", bytes(bomb), "ImageTooLarge"),
        broken("lossless-dnl", "jpegLossless", bytes(dnl), "UnsupportedTransferSyntax"),
        broken("lossless-overflowing-table", "jpegLossless", bytes(overflowing), "CorruptPixelData"),
        broken("lossless-predictor-0", "jpegLossless", bytes(bad_predictor), "CorruptPixelData"),
        broken("lossless-baseline", "jpegLossless", baseline, "UnsupportedTransferSyntax"),
        broken("lossless-arithmetic", "jpegLossless", bytes(arithmetic), "UnsupportedTransferSyntax"),
        broken("lossless-restart-mid-row", "jpegLossless", mid_row, "CorruptPixelData"),
        broken("j2k-empty", "jpeg2000", b"", "TruncatedPixelData"),
        broken("j2k-text", "jpeg2000", b"this is not a JPEG 2000 codestream", "CorruptPixelData"),
        broken("j2k-half", "jpeg2000", j2k_source[: len(j2k_source) // 2], "TruncatedPixelData"),
        broken("j2k-bomb", "jpeg2000", bytes(j2k_bomb), "ImageTooLarge"),
    ]


def large_entries(output, rng):
    """The bench's CR-sized image: 2048 x 2560, 16 bits stored as 12 significant (like a CR)."""
    image = smooth_image(rng, 2560, 2048, 12)
    entries = [entry(output, "large-cr-lossless", "jpegLossless",
                     imagecodecs.jpeg8_encode(image, lossless=True, predictor=1, bitspersample=16),
                     "libjpeg-turbo lossless, SV1", image, 16)]
    with tempfile.TemporaryDirectory() as folder:
        entries.append(entry(output, "large-cr-j2k", "jpeg2000", opj_compress(folder, image, 16, False, []),
                             "opj_compress lossless", image))
    entries.append(entry(output, "large-cr-htj2k", "jpeg2000", imagecodecs.htj2k_encode(image),
                         "OpenJPH lossless", image))
    return entries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output", required=True)
    parser.add_argument("--large", action="store_true")
    arguments = parser.parse_args()
    os.makedirs(arguments.output, exist_ok=True)
    rng = np.random.default_rng(20261201)
    decodable = pydicom_entries(arguments.output) + generated_lossless(arguments.output, rng) \
        + generated_j2k(arguments.output, rng)
    with open(os.path.join(arguments.output, decodable[0]["source"]), "rb") as handle:
        lossless_source = handle.read()
    j2k_first = next(e for e in decodable if e["codec"] == "jpeg2000")
    with open(os.path.join(arguments.output, j2k_first["source"]), "rb") as handle:
        j2k_source = handle.read()
    manifest = {
        "versions": {"pydicom": pydicom.__version__, "libjpeg": libjpeg.__version__, "openjpeg": openjpeg.__version__,
                     "imagecodecs": imagecodecs.__version__},
        "decodable": decodable,
        "broken": broken_entries(arguments.output, lossless_source, j2k_source),
        "large": large_entries(arguments.output, rng) if arguments.large else [],
    }
    with open(os.path.join(arguments.output, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1)


if __name__ == "__main__":
    main()
