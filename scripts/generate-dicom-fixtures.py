"""Writes the DICOM test fixtures into a folder (argument 1): pydicom 3's references for
pydicom's own test files, the pydicom-data files and files generated here (each transfer
syntax × bit depth × photometric interpretation), plus manifest.json.

For every file pydicom decodes: the stored values of the chosen frame (`<n>.raw.i32`, int32
little endian, what pydicom.pixels.pixel_array returns), its intensities on 0…1 per
docs/dicom.md (`<n>.intensity.f32`) and their Pillow mode "F" BILINEAR resize to 224×224,
channel by channel (`<n>.resized.f32`). The intensities are computed here from the issue's
formulas, independently of the Swift code. Deterministic; nothing is committed. Run by
Tests/DICOMTests.
"""
import copy
import io
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate, encapsulate_extended
from pydicom.pixels import apply_color_lut, apply_modality_lut, pixel_array
from pydicom.sequence import Sequence
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    RLELossless,
    SecondaryCaptureImageStorage,
)

SIZE = 224


def functional_group(ds, name, frame):
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame is not None and frame < len(per_frame) and name in per_frame[frame] and len(per_frame[frame][name].value):
        return per_frame[frame][name].value[0]
    shared = ds.get("SharedFunctionalGroupsSequence")
    if shared is not None and len(shared) and name in shared[0] and len(shared[0][name].value):
        return shared[0][name].value[0]
    return None


def first_number(item, name, default=None):
    value = item.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, pydicom.multival.MultiValue):
        return float(value[0]) if len(value) else default
    return float(value)


def lut_entries(item, descriptor_name, data_name, signed):
    descriptor = [int(v) for v in item[descriptor_name].value]
    count = descriptor[0] or 65536
    first = descriptor[1] & 0xFFFF
    if signed and first >= 0x8000:
        first -= 0x10000
    bits = descriptor[2]
    data = item[data_name].value
    if isinstance(data, (bytes, bytearray)):
        entries = np.frombuffer(data, "<u2")[:count] if len(data) >= 2 * count else np.frombuffer(data, np.uint8)[:count]
    else:
        entries = np.asarray(data if isinstance(data, (list, pydicom.multival.MultiValue)) else [data], dtype=np.int64)[:count]
    return first, entries.astype(np.float64), bits


def look_up(values, first, entries):
    offset = values - first
    index = np.where(offset <= 0, 0, np.where(offset >= len(entries) - 1, len(entries) - 1, np.trunc(np.maximum(offset, 0))))
    return entries[index.astype(np.int64)]


def intensities(ds, stored, frame):
    """The issue's pixel semantics, item 3."""
    photometric = ds.PhotometricInterpretation
    signed = int(ds.get("PixelRepresentation", 0)) == 1
    if photometric in ("MONOCHROME1", "MONOCHROME2"):
        transform = functional_group(ds, "PixelValueTransformationSequence", frame) or ds
        voi = functional_group(ds, "FrameVOILUTSequence", frame) or ds
        if "ModalityLUTSequence" in ds:
            first, entries, _ = lut_entries(ds.ModalityLUTSequence[0], "LUTDescriptor", "LUTData", signed)
            values = look_up(stored.astype(np.float64), first, entries)
        else:
            slope = first_number(transform, "RescaleSlope", 1.0)
            intercept = first_number(transform, "RescaleIntercept", 0.0)
            values = stored.astype(np.float64) * slope + intercept
        # Swift keeps modality values as Float32.
        values = values.astype(np.float32).astype(np.float64)
        center = first_number(voi, "WindowCenter")
        width = first_number(voi, "WindowWidth")
        if "VOILUTSequence" in voi and len(voi.VOILUTSequence):
            first, entries, bits = lut_entries(voi.VOILUTSequence[0], "LUTDescriptor", "LUTData", signed)
            result = look_up(values, first, entries) / (2**bits - 1)
        elif center is not None and width is not None:
            function = voi.get("VOILUTFunction", "LINEAR") or "LINEAR"
            c, w = center, width
            if function == "LINEAR":
                result = np.where(
                    values <= c - 0.5 - (w - 1) / 2, 0.0,
                    np.where(values > c - 0.5 + (w - 1) / 2, 1.0, (values - (c - 0.5)) / max(w - 1, 1e-300) + 0.5))
            elif function == "LINEAR_EXACT":
                result = np.where(values <= c - w / 2, 0.0, np.where(values > c + w / 2, 1.0, (values - c) / w + 0.5))
            else:
                result = 1 / (1 + np.exp(-4 * (values - c) / w))
        else:
            lowest, highest = values.min(), values.max()
            result = (values - lowest) / (highest - lowest) if highest > lowest else np.zeros_like(values)
        if photometric == "MONOCHROME1":
            result = 1 - result
        return result[..., None]
    if photometric == "PALETTE COLOR":
        bits = int(ds.RedPaletteColorLookupTableDescriptor[2])
        return apply_color_lut(stored, ds).astype(np.float64) / (2**bits - 1)
    return stored.astype(np.float64) / (2 ** int(ds.BitsStored) - 1)


def resize(image):
    channels = [
        np.asarray(Image.fromarray(np.ascontiguousarray(image[..., c], dtype=np.float32), mode="F").resize((SIZE, SIZE), Image.BILINEAR))
        for c in range(image.shape[-1])
    ]
    return np.stack(channels, axis=-1).astype(np.float32)


def describe(path, name, origin, folder, frame="first"):
    raw = Path(path).read_bytes()
    entry = {"name": name, "path": str(path), "origin": origin, "hasPreamble": raw[128:132] == b"DICM", "frame": frame}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ds = pydicom.dcmread(path)
    except Exception as error:  # noqa: BLE001 (every pydicom failure is a fixture fact)
        entry["pydicomError"] = f"{type(error).__name__}: {error}"[:300]
        return entry
    entry["transferSyntax"] = str(ds.file_meta.get("TransferSyntaxUID", "")) if hasattr(ds, "file_meta") else ""
    # pydicom reads a value cut short by the end of the file without complaint; note it.
    entry["truncated"] = any(
        getattr(raw, "length", 0) not in (0, 0xFFFFFFFF) and isinstance(getattr(raw, "value", None), bytes)
        and len(raw.value) < raw.length
        for raw in ds._dict.values()) or any("End of file reached" in str(w.message) for w in caught)
    entry["hasPixelData"] = "PixelData" in ds
    if not entry["hasPixelData"]:
        return entry
    try:
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        index = frames // 2 if frame == "middle" else 0
        stored = pixel_array(ds, index=index) if frames > 1 else ds.pixel_array
        stored = np.asarray(stored)
        result = intensities(ds, stored, index)
    except Exception as error:  # noqa: BLE001
        entry["pydicomError"] = f"{type(error).__name__}: {error}"[:300]
        return entry
    stem = name.replace("/", "_")
    stored.astype("<i4").tofile(folder / f"{stem}.raw.i32")
    height, width = stored.shape[0], stored.shape[1]
    result.astype("<f4").reshape(height, width, -1).tofile(folder / f"{stem}.intensity.f32")
    resize(result.reshape(height, width, -1)).astype("<f4").tofile(folder / f"{stem}.resized.f32")
    entry.update(
        reference=stem, rows=height, columns=width, channels=int(result.shape[-1]), frames=frames, frameIndex=index,
        photometric=str(ds.PhotometricInterpretation), bitsStored=int(ds.get("BitsStored", 0)),
        signed=int(ds.get("PixelRepresentation", 0)) == 1)
    return entry


# --- generated files -----------------------------------------------------------------------


def film(width, height, seed, low, high):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    body = np.exp(-(((x - width / 2) / (0.45 * width)) ** 2 + ((y - height / 2) / (0.55 * height)) ** 2))
    ribs = 0.5 + 0.5 * np.sin(y / max(height / 12, 1))
    image = body * (1 - 0.3 * ribs)
    return (low + (high - low) * image + rng.normal(0, (high - low) / 50, image.shape)).clip(low, high)


def base(rows, columns, photometric, bits_allocated, bits_stored, signed, samples=1, frames=1):
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.10.1.1"
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = "1.2.826.0.1.3680043.10.1.1"
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.10.1.2"
    ds.SeriesInstanceUID = "1.2.826.0.1.3680043.10.1.3"
    ds.Modality = "OT"
    ds.PatientName = "CANARY^DICOM"
    ds.PatientID = "CANARY-ID-4711"
    ds.add_new(0x00091010, "LO", "CANARY-PRIVATE")
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = bits_allocated, bits_stored, bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    if samples > 1:
        ds.PlanarConfiguration = 0
    if frames > 1:
        ds.NumberOfFrames = frames
    return ds


def native(ds, array):
    dtype = {8: "u1", 16: "u2", 32: "u4"}[ds.BitsAllocated]
    ds.PixelData = np.ascontiguousarray(array).astype(f"<{dtype}", copy=False).tobytes()
    if len(ds.PixelData) % 2:
        ds.PixelData += b"\0"


def save(ds, path, syntax):
    ds = copy.deepcopy(ds)
    ds.file_meta.TransferSyntaxUID = syntax
    if syntax == RLELossless:
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.compress(RLELossless, encoding_plugin="pydicom")
    elif syntax == JPEG2000Lossless:
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.compress(JPEG2000Lossless)
    ds.save_as(path, enforce_file_format=True)


def jpeg_frame(array, **options):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=92, **options)
    return buffer.getvalue()


def generated(folder):
    """(name, path, frame) for every generated file."""
    out = []
    syntaxes = {"impl": ImplicitVRLittleEndian, "expl": ExplicitVRLittleEndian, "defl": DeflatedExplicitVRLittleEndian, "rle": RLELossless}

    def write(name, ds, which, frame="first"):
        for key in which:
            path = folder / f"gen-{name}-{key}.dcm"
            save(ds, path, syntaxes.get(key, key))
            out.append((f"gen-{name}-{key}", path, frame))

    # CT: signed 16-bit, rescale to HU, a soft-tissue window.
    ds = base(60, 72, "MONOCHROME2", 16, 16, True)
    ds.RescaleSlope, ds.RescaleIntercept, ds.WindowCenter, ds.WindowWidth = 1, -1024, 40, 400
    native(ds, (film(72, 60, 1, -1000, 2000) + 1024).astype(np.int16).view(np.uint16))
    write("ct16", ds, ["impl", "expl", "defl", "rle"])
    j2k = copy.deepcopy(ds)
    write("ct16", j2k, [JPEG2000Lossless])
    out[-1] = ("gen-ct16-j2k", out[-1][1], "first")

    # 12 of 16 bits with garbage above bit 11 (masked away), no window: min–max.
    ds = base(50, 40, "MONOCHROME2", 16, 12, False)
    native(ds, film(40, 50, 2, 0, 4095).astype(np.uint16) | 0xA000)
    write("mr12", ds, ["impl", "expl"])

    # Signed 12-bit (sign bit 11), rescale slope 2.5, LINEAR window.
    ds = base(40, 44, "MONOCHROME2", 16, 12, True)
    ds.RescaleSlope, ds.RescaleIntercept, ds.WindowCenter, ds.WindowWidth = "2.5", "10", "100", "3000"
    values = film(44, 40, 3, -2048, 2047).astype(np.int16)
    native(ds, values.view(np.uint16) & 0x0FFF)
    write("signed12", ds, ["expl", "rle"])

    # CR film, MONOCHROME1, 8-bit, LINEAR_EXACT.
    ds = base(64, 48, "MONOCHROME1", 8, 8, False)
    ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = 128, 200, "LINEAR_EXACT"
    grey = film(48, 64, 4, 0, 255).astype(np.uint8)
    native(ds, grey)
    write("cr8", ds, ["expl", "rle", "defl"])
    jpeg = copy.deepcopy(ds)
    jpeg.PixelData = encapsulate([jpeg_frame(grey)])
    jpeg["PixelData"].VR = "OB"
    jpeg.LossyImageCompression = "01"
    write("cr8", jpeg, [JPEGBaseline8Bit])
    out[-1] = ("gen-cr8-jpeg", out[-1][1], "first")
    # The same stream as JPEG Extended (process 2): only the SOF marker differs (SOF1 for SOF0).
    extended = copy.deepcopy(jpeg)
    extended.PixelData = encapsulate([jpeg_frame(grey).replace(b"\xff\xc0", b"\xff\xc1", 1)])
    extended["PixelData"].VR = "OB"
    write("cr8", extended, [JPEGExtended12Bit])
    out[-1] = ("gen-cr8-jpegextended", out[-1][1], "first")

    # SIGMOID on 16-bit unsigned.
    ds = base(30, 34, "MONOCHROME2", 16, 16, False)
    ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = 30000, 20000, "SIGMOID"
    native(ds, film(34, 30, 5, 0, 65535).astype(np.uint16))
    write("sigmoid16", ds, ["expl"])

    # VOI LUT Sequence (wins over the window), 12-bit output.
    ds = base(32, 36, "MONOCHROME2", 16, 10, False)
    ds.WindowCenter, ds.WindowWidth = 10, 5
    lut = Dataset()
    lut.LUTDescriptor = [1000, 12, 12]
    lut.LUTData = (np.sqrt(np.arange(1000) / 999) * 4095).astype("<u2").tobytes()
    ds.VOILUTSequence = Sequence([lut])
    native(ds, film(36, 32, 6, 0, 1023).astype(np.uint16))
    write("voilut", ds, ["expl", "impl"])

    # Modality LUT Sequence, then a window.
    ds = base(28, 30, "MONOCHROME2", 16, 10, False)
    ds.WindowCenter, ds.WindowWidth = 2000, 3000
    lut = Dataset()
    lut.LUTDescriptor = [512, 100, 16]
    lut.ModalityLUTType = "US"
    lut.LUTData = (np.arange(512) * 8).astype("<u2").tobytes()
    ds.ModalityLUTSequence = Sequence([lut])
    native(ds, film(30, 28, 7, 0, 1023).astype(np.uint16))
    write("modlut", ds, ["expl"])

    # Colour: RGB interleaved and planar, YBR_FULL, 16-bit RGB, JPEG YBR_FULL_422.
    rgb = np.stack([film(40, 30, 8, 0, 255), film(40, 30, 9, 0, 255), film(40, 30, 10, 0, 255)], axis=-1).astype(np.uint8)
    ds = base(30, 40, "RGB", 8, 8, False, samples=3)
    native(ds, rgb)
    write("rgb8", ds, ["expl", "rle", "impl"])
    planar = copy.deepcopy(ds)
    planar.PlanarConfiguration = 1
    native(planar, np.moveaxis(rgb, -1, 0))
    write("rgb8planar", planar, ["expl"])
    ybr = copy.deepcopy(ds)
    ybr.PhotometricInterpretation = "YBR_FULL"
    native(ybr, np.asarray(Image.fromarray(rgb).convert("YCbCr")))
    write("ybr8", ybr, ["expl", "rle"])
    jpeg = copy.deepcopy(ds)
    jpeg.PhotometricInterpretation = "YBR_FULL_422"
    jpeg.PixelData = encapsulate([jpeg_frame(rgb, subsampling=1)])
    jpeg["PixelData"].VR = "OB"
    write("rgb8", jpeg, [JPEGBaseline8Bit])
    out[-1] = ("gen-rgb8-jpeg", out[-1][1], "first")
    ds = base(20, 24, "RGB", 16, 16, False, samples=3)
    native(ds, np.stack([film(24, 20, s, 0, 65535) for s in (11, 12, 13)], axis=-1).astype(np.uint16))
    write("rgb16", ds, ["expl", "rle"])

    # PALETTE COLOR: 8-bit indices, 16-bit LUTs.
    ds = base(26, 30, "PALETTE COLOR", 8, 8, False)
    ramp = np.arange(256)
    for colour, table in (("Red", ramp * 257), ("Green", (255 - ramp) * 257), ("Blue", (ramp * 7 % 256) * 257)):
        setattr(ds, f"{colour}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(ds, f"{colour}PaletteColorLookupTableData", table.astype("<u2").tobytes())
    native(ds, film(30, 26, 14, 0, 255).astype(np.uint8))
    write("palette", ds, ["expl", "impl"])

    # 1-bit, 3 frames of 5×7 = 35 bits each: frames start mid-byte.
    ds = base(5, 7, "MONOCHROME2", 1, 1, False, frames=3)
    bits = (np.random.default_rng(15).random((3, 5, 7)) > 0.5).astype(np.uint8)
    ds.PixelData = pydicom.pixels.pack_bits(bits)
    write("bits1", ds, ["expl"], frame="middle")

    # Multi-frame 16-bit, middle frame.
    ds = base(24, 20, "MONOCHROME2", 16, 16, False, frames=5)
    ds.WindowCenter, ds.WindowWidth = 30000, 40000
    native(ds, np.stack([film(20, 24, 20 + f, 0, 65535) for f in range(5)]).astype(np.uint16))
    write("frames16", ds, ["expl", "rle"], frame="middle")

    # Enhanced: shared rescale, per-frame windows.
    ds = base(20, 22, "MONOCHROME2", 16, 12, False, frames=3)
    transform = Dataset()
    transform.RescaleSlope, transform.RescaleIntercept, transform.RescaleType = 1, -1000, "HU"
    shared = Dataset()
    shared.PixelValueTransformationSequence = Sequence([transform])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    for center, width in ((0, 800), (40, 400), (400, 2000)):
        window = Dataset()
        window.WindowCenter, window.WindowWidth = center, width
        group = Dataset()
        group.FrameVOILUTSequence = Sequence([window])
        per_frame.append(group)
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    native(ds, np.stack([film(22, 20, 30 + f, 0, 4095) for f in range(3)]).astype(np.uint16))
    write("enhanced", ds, ["expl", "impl"], frame="middle")

    # 32-bit signed.
    ds = base(16, 18, "MONOCHROME2", 32, 32, True)
    native(ds, film(18, 16, 40, -100000, 100000).astype(np.int32).view(np.uint32))
    write("int32", ds, ["expl"])

    # Encapsulation: JPEG frames in two fragments each, with and without tables.
    frames = [jpeg_frame(film(32, 24, 50 + f, 0, 255).astype(np.uint8)) for f in range(3)]
    ds = base(24, 32, "MONOCHROME2", 8, 8, False, frames=3)
    ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    for label, pixel_data in (
        ("bot", encapsulate(frames, fragments_per_frame=2, has_bot=True)),
        ("nobot", encapsulate(frames, fragments_per_frame=2, has_bot=False)),
    ):
        variant = copy.deepcopy(ds)
        variant.PixelData = pixel_data
        variant["PixelData"].VR = "OB"
        path = folder / f"gen-jpegframes-{label}.dcm"
        variant.save_as(path, enforce_file_format=True)
        out.append((f"gen-jpegframes-{label}", path, "middle"))
    variant = copy.deepcopy(ds)
    variant.PixelData, variant.ExtendedOffsetTable, variant.ExtendedOffsetTableLengths = encapsulate_extended(frames)
    variant["PixelData"].VR = "OB"
    path = folder / "gen-jpegframes-eot.dcm"
    variant.save_as(path, enforce_file_format=True)
    out.append(("gen-jpegframes-eot", path, "middle"))
    return out


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    test_files = Path(pydicom.__file__).parent / "data" / "test_files"
    for path in sorted(test_files.glob("*.dcm")):
        entries.append(describe(path, f"pydicom/{path.name}", "pydicom", folder))
    import data_store  # the pydicom-data package: pydicom's larger test files, offline

    for path in sorted((Path(data_store.__file__).parent / "data").glob("*.dcm")):
        entries.append(describe(path, f"pydicom-data/{path.name}", "pydicom-data", folder))
    for name, path, frame in generated(folder):
        entries.append(describe(path, name, "generated", folder, frame))
    (folder / "manifest.json").write_text(json.dumps({"files": entries}, indent=1))


if __name__ == "__main__":
    main()
