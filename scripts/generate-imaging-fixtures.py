#!/usr/bin/env python3
"""Writes the imaging tests' fixtures and reference pixels into a folder (never the repo).

Usage: generate-imaging-fixtures.py --pngsuite DIR --output DIR

References are raw little-endian sample arrays (uint8, or uint16 for 16-bit PNGs), row-major,
channels interleaved, described by OUTPUT/manifest.json:
- PngSuite: 8-bit files are decoded by Pillow (converted to "L" or "RGB"); 16-bit files by
  pypng, a pure-Python PNG reader that shares no code with libpng, with raw samples (no sBIT
  rescaling, no gamma, alpha dropped).
- JPEG: files written by Pillow from seeded synthetic images, references decoded by Pillow
  (its own bundled libjpeg-turbo), EXIF cases through ImageOps.exif_transpose.
- Resize parity: Pillow `Image.resize((224, 224), Image.BILINEAR)` of the decoded image.
- Broken inputs: truncated, empty, text, bomb headers, bad CRC, with the expected errorType.
"""
import argparse
import io
import json
import os
import struct
import sys
import time
import zlib

import numpy as np
import png  # pypng
from PIL import Image, ImageOps


def write_raw(output, relative, array):
    path = os.path.join(output, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    array = np.ascontiguousarray(array)
    if array.dtype == np.uint16:
        array = array.astype("<u2")
    with open(path, "wb") as handle:
        handle.write(array.tobytes())
    return relative


def write_bytes(output, relative, data):
    path = os.path.join(output, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return relative


def pillow_pixels(image):
    """8-bit gray or RGB pixels as the Swift decoders produce them (alpha dropped)."""
    colour = image.mode in ("RGB", "RGBA", "P", "PA", "CMYK", "YCbCr") or image.mode.startswith("RGB")
    if image.mode == "P" and image.palette is not None and image.palette.mode.startswith("L"):
        colour = True  # PNG palettes are RGB; the decoder always expands them to RGB
    converted = image.convert("RGB" if colour else "L")
    array = np.asarray(converted, dtype=np.uint8)
    return array.reshape(array.shape[0], array.shape[1], -1)


def pngsuite_entries(folder, output):
    entries = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".png") or name.startswith("x"):
            continue
        path = os.path.join(folder, name)
        reader = png.Reader(filename=path)
        width, height, rows, info = reader.read()
        colour_type = reader.color_type
        channels = 3 if colour_type & 2 else 1
        if info["bitdepth"] == 16:
            planes = info["planes"]
            array = np.array([list(row) for row in rows], dtype=np.uint16).reshape(height, width, planes)
            array = array[:, :, :channels]
            source = "pypng"
        else:
            with Image.open(path) as image:
                image.load()
                array = pillow_pixels(image)
            source = "pillow"
            if array.shape[2] != channels:
                raise SystemExit(f"{name}: Pillow gave {array.shape[2]} channels, expected {channels}")
        reference = write_raw(output, f"pngsuite/{name}.raw", array)
        entries.append({
            "name": name, "width": width, "height": height, "channels": channels,
            "bitDepth": 16 if info["bitdepth"] == 16 else 8, "reference": reference, "referenceDecoder": source,
        })
    return entries


def synthetic_rgb(width, height, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    red = (x * 255 / max(width - 1, 1))
    green = (y * 255 / max(height - 1, 1))
    blue = 128 + 100 * np.sin(x / 7.0) * np.cos(y / 5.0)
    array = np.stack([red, green, blue], axis=2) + rng.normal(0, 12, (height, width, 3))
    return Image.fromarray(np.clip(array, 0, 255).astype(np.uint8), "RGB")


def synthetic_film(width, height, seed):
    """A radiograph-like gray image: smooth anatomy-ish gradients, edges and film-grain noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = 40 + 150 * (x / width) * (1 - y / height) + 50 * np.exp(-(((x - width / 2) / (width / 5)) ** 2 + ((y - height / 2) / (height / 4)) ** 2))
    base += 30 * ((np.sin(x / 31.0) > 0) & (y > height / 3))  # hard edges
    base += rng.normal(0, 10, (height, width))
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "L")


def jpeg_bytes(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def jpeg_entries(output):
    base = synthetic_rgb(97, 61, seed=1)  # odd sizes exercise partial MCUs
    cases = {
        "baseline": jpeg_bytes(base, quality=90),
        "progressive": jpeg_bytes(base, quality=90, progressive=True),
        "grayscale": jpeg_bytes(base.convert("L"), quality=90),
        "subsampling-420": jpeg_bytes(base, quality=90, subsampling=2),
        "subsampling-422": jpeg_bytes(base, quality=90, subsampling=1),
        "subsampling-444": jpeg_bytes(base, quality=90, subsampling=0),
        "cmyk": jpeg_bytes(base.convert("CMYK"), quality=90),
        "restart-markers": jpeg_bytes(base, quality=90, restart_marker_blocks=2),
        "progressive-restart-rows": jpeg_bytes(base, quality=90, progressive=True, restart_marker_rows=1),
    }
    if b"\xff\xdd" not in cases["restart-markers"]:
        raise SystemExit("Pillow wrote no DRI marker; restart-marker fixture would test nothing")
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        cases[f"exif-orientation-{orientation}"] = jpeg_bytes(base, quality=90, exif=exif.tobytes())
    entries = []
    for name, data in cases.items():
        source = write_bytes(output, f"jpeg/{name}.jpg", data)
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            array = pillow_pixels(image)
        reference = write_raw(output, f"jpeg/{name}.raw", array)
        entries.append({
            "name": name, "source": source, "reference": reference,
            "width": array.shape[1], "height": array.shape[0], "channels": array.shape[2], "bitDepth": 8,
        })
    return entries, cases["baseline"]


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def broken_entries(output, baseline_jpeg):
    signature = b"\x89PNG\r\n\x1a\n"
    small = io.BytesIO()
    synthetic_rgb(16, 16, seed=2).save(small, "PNG")
    bad_crc = bytearray(small.getvalue())
    idat = bad_crc.find(b"IDAT")
    idat_length = struct.unpack(">I", bad_crc[idat - 4: idat])[0]
    bad_crc[idat + 4 + idat_length] ^= 0x01  # the stored CRC only: the zlib data stays valid
    bad_zlib = bytearray(small.getvalue())
    bad_zlib[idat + 4: idat + 4 + idat_length] = zlib.compress(b"\x00" * 32)[:-4] + b"\x00" * (idat_length - len(zlib.compress(b"\x00" * 32)) + 4)
    struct.pack_into(">I", bad_zlib, idat + 4 + idat_length, zlib.crc32(bytes(bad_zlib[idat: idat + 4 + idat_length])) & 0xFFFFFFFF)

    # A JPEG whose SOF claims 60000×60000 (libjpeg's own ceiling is 65500 per side; 100000
    # does not fit the 16-bit SOF fields): the header is complete, the scan is tiny.
    bomb_jpeg = bytearray(jpeg_bytes(Image.new("L", (8, 8), 128)))
    sof = bomb_jpeg.find(b"\xff\xc0")
    struct.pack_into(">HH", bomb_jpeg, sof + 5, 60000, 60000)

    # Beyond libjpeg's own ceiling: still a typed ImageTooLarge, never a generic error.
    giant_jpeg = bytearray(bomb_jpeg)
    struct.pack_into(">HH", giant_jpeg, sof + 5, 65535, 65535)

    bomb_png = (signature + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0))
                + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))
    bomb_png_max = (signature + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 2**31 - 1, 2**31 - 1, 16, 6, 0, 0, 0))
                    + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))
    truncated_png = small.getvalue()[: len(small.getvalue()) // 2]

    cases = [
        ("truncated.jpg", baseline_jpeg[: len(baseline_jpeg) // 2], "TruncatedImage"),
        ("empty.jpg", b"", "EmptyInput"),
        ("text.jpg", b"This is a text file, not a JPEG.\n", "UnsupportedFormat"),
        ("bomb.jpg", bytes(bomb_jpeg), "ImageTooLarge"),
        ("bomb-65535.jpg", bytes(giant_jpeg), "ImageTooLarge"),
        ("bomb.png", bomb_png, "ImageTooLarge"),
        ("bomb-2147483647.png", bomb_png_max, "ImageTooLarge"),
        ("bad-crc.png", bytes(bad_crc), "CorruptImage"),
        ("bad-zlib.png", bytes(bad_zlib), "CorruptImage"),
        ("truncated.png", truncated_png, "TruncatedImage"),
    ]
    return [{"name": name, "source": write_bytes(output, f"broken/{name}", data), "errorType": error} for name, data, error in cases]


def resize_entries(output):
    images = {
        "film-2500x3000.jpg": (synthetic_film(2500, 3000, seed=3), "JPEG"),
        "photo-1200x900.jpg": (synthetic_rgb(1200, 900, seed=4), "JPEG"),
        "wide-gray-640x200.png": (synthetic_rgb(640, 200, seed=5).convert("L"), "PNG"),
        "upscale-150x100.png": (synthetic_rgb(150, 100, seed=6), "PNG"),
        "odd-rgb-333x517.png": (synthetic_rgb(333, 517, seed=7), "PNG"),
    }
    entries = []
    for name, (image, kind) in images.items():
        buffer = io.BytesIO()
        image.save(buffer, kind, **({"quality": 92} if kind == "JPEG" else {}))
        data = buffer.getvalue()
        source = write_bytes(output, f"resize/{name}", data)
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            with Image.open(io.BytesIO(data)) as decoded:
                resized = decoded.resize((224, 224), Image.BILINEAR)
            timings.append((time.perf_counter() - start) * 1000)
        array = np.asarray(resized, dtype=np.uint8).reshape(224, 224, -1)
        reference = write_raw(output, f"resize/{name}.raw", array)
        with Image.open(io.BytesIO(data)) as decoded:
            bicubic = np.asarray(decoded.resize((224, 224), Image.BICUBIC), dtype=np.uint8)
        bicubic_reference = write_raw(output, f"resize/{name}.bicubic.raw", bicubic)
        entries.append({
            "name": name, "source": source, "reference": reference, "bicubicReference": bicubic_reference,
            "width": 224, "height": 224,
            "channels": array.shape[2], "bitDepth": 8, "pillowMilliseconds": round(min(timings), 2),
        })
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pngsuite", required=True)
    parser.add_argument("--output", required=True)
    arguments = parser.parse_args()
    if not os.path.isdir(arguments.pngsuite):
        raise SystemExit(f"PngSuite folder not found: {arguments.pngsuite}")
    os.makedirs(arguments.output, exist_ok=True)
    jpeg, baseline = jpeg_entries(arguments.output)
    manifest = {
        "pillowVersion": Image.__version__,
        "pngsuite": pngsuite_entries(arguments.pngsuite, arguments.output),
        "jpeg": jpeg,
        "broken": broken_entries(arguments.output, baseline),
        "resize": resize_entries(arguments.output),
    }
    with open(os.path.join(arguments.output, "manifest.json"), "w") as handle:
        json.dump(manifest, handle, indent=1)
    print(f"wrote {len(manifest['pngsuite'])} PngSuite references, {len(jpeg)} JPEG cases, "
          f"{len(manifest['broken'])} broken inputs, {len(manifest['resize'])} resize cases to {arguments.output}")


if __name__ == "__main__":
    sys.exit(main())
