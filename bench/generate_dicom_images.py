#!/usr/bin/env python3
"""Writes bench/dicom.sh's compressed inputs next to scripts/generate-samples.py's DICOM samples.

Usage: generate_dicom_images.py SAMPLES_DIR

The CR film generate-samples.py writes (cr-jpeg-lossless.dcm: 2000 x 2500, 12 bits in 16,
MONOCHROME1, JPEG Lossless SV1) is re-encoded, its header otherwise unchanged, as
- cr-j2k-lossless.dcm: JPEG 2000 lossless (.90), reversible 5/3, written by OpenJPEG (imagecodecs);
- cr-htj2k.dcm: HTJ2K lossless (.201), written by OpenJPH (imagecodecs; 16-bit precision, as it
  writes uint16), as HealthImaging serves it;
and each compressed frame is also written bare (cr-jpeg-lossless.jls, cr-j2k-lossless.j2k,
cr-htj2k.j2k) for opj_decompress and bench/CodecBenchmark. Every re-encoding is checked to decode
to the same samples. Idempotent: the outputs are rewritten each run, deterministically.
"""
import sys
from pathlib import Path

import imagecodecs
import numpy as np
import pydicom
from pydicom.encaps import encapsulate, generate_frames
from pydicom.uid import HTJ2KLossless, JPEG2000Lossless

if len(sys.argv) != 2:
    sys.exit("usage: generate_dicom_images.py SAMPLES_DIR")
folder = Path(sys.argv[1])
source = pydicom.dcmread(folder / "cr-jpeg-lossless.dcm")
pixels = source.pixel_array
bits = int(source.BitsStored)
(folder / "cr-jpeg-lossless.jls").write_bytes(next(generate_frames(source.PixelData, number_of_frames=1)))

encodings = {
    "cr-j2k-lossless": (JPEG2000Lossless, imagecodecs.jpeg2k_encode(
        pixels, level=0, codecformat=imagecodecs.JPEG2K.CODEC.J2K, reversible=True, bitspersample=bits)),
    "cr-htj2k": (HTJ2KLossless, imagecodecs.htj2k_encode(pixels, reversible=True)),
}
for name, (syntax, codestream) in encodings.items():
    decoded = imagecodecs.jpeg2k_decode(codestream) if syntax == JPEG2000Lossless else imagecodecs.htj2k_decode(codestream)
    if not np.array_equal(decoded, pixels):
        sys.exit(f"error: the {name} codestream does not decode to the source samples")
    ds = pydicom.dcmread(folder / "cr-jpeg-lossless.dcm")
    ds.file_meta.TransferSyntaxUID = syntax
    ds.PixelData = encapsulate([codestream])
    ds["PixelData"].VR = "OB"
    ds.save_as(folder / f"{name}.dcm", enforce_file_format=True)
    (folder / f"{name}.j2k").write_bytes(codestream)
    print(f"{name}.dcm: {len(codestream)} bytes of {syntax.name}")
