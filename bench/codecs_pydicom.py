#!/usr/bin/env python3
"""Decodes one codestream the way a team would with pydicom 3: wrapped as the Pixel Data of a
DICOM dataset, then `pydicom.pixels.pixel_array(ds, decoding_plugin=PLUGIN)`. Prints one line:
wall and process-CPU milliseconds per decode (minimum and median) over --runs decodes.

    codecs_pydicom.py --codec jpegLossless|jpeg2000 --file PATH --plugin pylibjpeg|gdcm [--runs N]
"""
import argparse
import statistics
import time

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixels import pixel_array
from pydicom.uid import JPEG2000Lossless, JPEGLosslessSV1, ExplicitVRLittleEndian, generate_uid

import libjpeg
import openjpeg


def dataset(codestream, codec):
    if codec == "jpegLossless":
        image = libjpeg.decode(codestream)  # only to learn the shape and bits for the header
        syntax = JPEGLosslessSV1
        bits = int(codestream[codestream.find(b"\xFF\xC3") + 4])
        signed = False
    else:
        image = openjpeg.decode(codestream)
        parameters = openjpeg.get_parameters(codestream)
        syntax = JPEG2000Lossless
        bits = parameters["precision"]
        signed = parameters["is_signed"]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.1"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.Rows, ds.Columns = image.shape[:2]
    ds.SamplesPerPixel = 1 if image.ndim == 2 else image.shape[2]
    ds.PhotometricInterpretation = "MONOCHROME2" if ds.SamplesPerPixel == 1 else "RGB"
    if ds.SamplesPerPixel > 1:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = 8 if bits <= 8 else 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.PixelData = encapsulate([codestream])
    ds["PixelData"].VR = "OB"
    return ds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codec", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    with open(arguments.file, "rb") as handle:
        codestream = handle.read()
    ds = dataset(codestream, arguments.codec)
    wall, cpu, checksum = [], [], 0
    for _ in range(arguments.runs):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        array = pixel_array(ds, decoding_plugin=arguments.plugin)
        checksum += int(array.reshape(-1)[array.size // 2])
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    print(f"decode_ms min {min(wall):.2f} median {statistics.median(wall):.2f} "
          f"cpu_ms min {min(cpu):.2f} median {statistics.median(cpu):.2f} runs {arguments.runs} checksum {checksum}")


if __name__ == "__main__":
    main()
