#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/corpus/<target>/), except png/, which holds
copied PngSuite files (see Fuzz/corpus/png/PngSuite.LICENSE).

Every seed is synthetic and small (< 4 KiB): JPEG Lossless and JPEG 2000 codestreams from
scripts/generate-codec-fixtures.py (needs opj_compress and the venv's imagecodecs), JPEGs drawn with Pillow (needs the test venv:
RADSTREAM_PYTHON or .venv/bin/python), the rest written by hand below. Re-running rewrites the
same files (Pillow's encoder is deterministic for a given version), so the script is idempotent.

    .venv/bin/python Fuzz/make-seeds.py
"""

import io
import json
import pathlib
import struct

from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent / "corpus"


def write(folder: str, name: str, data: bytes) -> None:
    path = ROOT / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def gradient(mode: str, width: int, height: int) -> Image.Image:
    image = Image.new(mode, (width, height))
    bands = len(image.getbands())
    image.putdata([tuple((x * 16 + y * 8 + band * 40) % 256 for band in range(bands)) if bands > 1
                   else (x * 16 + y * 8) % 256 for y in range(height) for x in range(width)])
    return image


def jpeg(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def jpeg_seeds() -> None:
    write("jpeg", "gray-16x16.jpg", jpeg(gradient("L", 16, 16), quality=75))
    write("jpeg", "rgb-420-17x9.jpg", jpeg(gradient("RGB", 17, 9), quality=80, subsampling=2))
    write("jpeg", "rgb-444-8x8.jpg", jpeg(gradient("RGB", 8, 8), quality=90, subsampling=0))
    write("jpeg", "rgb-422-progressive-24x16.jpg", jpeg(gradient("RGB", 24, 16), quality=70, subsampling=1, progressive=True))
    write("jpeg", "gray-restart-32x16.jpg", jpeg(gradient("L", 32, 16), quality=60, restart_marker_blocks=1))
    write("jpeg", "cmyk-adobe-8x8.jpg", jpeg(gradient("CMYK", 8, 8), quality=85))
    write("jpeg", "exif-orientation-6-12x8.jpg", jpeg(gradient("L", 12, 8), exif=exif_orientation(6)))
    write("jpeg", "exif-orientation-3-rgb-9x5.jpg", jpeg(gradient("RGB", 9, 5), exif=exif_orientation(3)))
    whole = jpeg(gradient("L", 16, 16), quality=75)
    write("jpeg", "truncated-gray.jpg", whole[: len(whole) * 2 // 3])
    # A header claiming 60000×60000 (SOF0 patched): a bomb, refused on the header.
    sof = whole.index(b"\xff\xc0")
    bomb = bytearray(whole)
    bomb[sof + 5: sof + 9] = struct.pack(">HH", 60000, 60000)
    write("jpeg", "bomb-60000x60000.jpg", bytes(bomb))


SIDECAR = {
    "studyInstanceUID": "1.2.826.0.1.3680043.8.498.1",
    "seriesInstanceUID": "1.2.826.0.1.3680043.8.498.1.1",
    "sopInstanceUID": "1.2.826.0.1.3680043.8.498.1.1.1",
    "modality": "CR",
    "bodyPart": "CHEST",
    "acquisitionDateTime": "2026-11-25T08:45:00.5+01:00",
    "image": {"key": "images/study-1/image.png", "contentType": "image/png"},
    "pixelSpacing": [0.139, 0.139],
    "bitsStored": 12,
    "photometricInterpretation": "MONOCHROME2",
}


def metadata_seeds() -> None:
    def sidecar(**changes) -> bytes:
        document = dict(SIDECAR, **changes)
        return json.dumps({k: v for k, v in document.items() if v is not None}).encode()

    write("metadata", "valid.json", sidecar())
    write("metadata", "valid-jpeg-minimal.json", json.dumps({
        k: SIDECAR[k] for k in ["studyInstanceUID", "seriesInstanceUID", "sopInstanceUID", "modality", "bodyPart",
                                "acquisitionDateTime"]} | {"image": {"key": "a/b.jpeg", "contentType": "image/jpeg"}}).encode())
    write("metadata", "phi-patient-name.json", sidecar(patientName="DOE^JANE", PatientID="12345"))
    write("metadata", "phi-mrn-pseudonym.json", sidecar(mrn="A-77"))
    write("metadata", "unsafe-key.json", sidecar(image={"key": "images/../other/x.png", "contentType": "image/png"}))
    write("metadata", "wrong-types.json", sidecar(bitsStored="12", pixelSpacing=[0, 101], modality=7))
    write("metadata", "bad-datetime.json", sidecar(acquisitionDateTime="2026-02-30T25:00:00"))
    write("metadata", "unknown-field.json", sidecar(extra={"nested": [1, [2, [3]]]}))
    write("metadata", "escapes.json", b'{"modality":"C\\u0052","bodyPart":"\\ud83d\\ude00","image":{"key":"a\\/b.png"}}')
    write("metadata", "not-object.json", b'[1, 2.5e-3, true, null, "x"]')


def runtime_seeds() -> None:
    def response(headers: list[tuple[str, str]], body: bytes, status_line: bytes = b"HTTP/1.1 200 OK\r\n") -> bytes:
        return status_line + b"".join(f"{n}: {v}\r\n".encode() for n, v in headers) + b"\r\n" + body

    common = [
        ("Content-Type", "application/json"),
        ("Lambda-Runtime-Aws-Request-Id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd"),
        ("Lambda-Runtime-Deadline-Ms", "1542409706888"),
        ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:ValidateMetadata"),
        ("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
    ]
    write("runtime-invocation", "next.txt", response(common, b'{"bucket":"images","key":"images/s/a.png"}'))
    write("runtime-invocation", "next-mobile.txt", response(common + [
        ("Lambda-Runtime-Client-Context", '{"client":{"app_title":"x"},"custom":{},"env":{}}'),
        ("Lambda-Runtime-Cognito-Identity", '{"cognito_identity_id":"id","cognito_identity_pool_id":"pool"}'),
        ("Lambda-Runtime-Aws-Tenant-Id", "tenant-1"),
    ], b"{}"))
    write("runtime-invocation", "continue-then-200.txt",
          b"HTTP/1.1 100 Continue\r\n\r\n" + response(common, b"[]")[len(b""):])
    write("runtime-invocation", "lowercase-no-deadline.txt",
          b"lambda-runtime-aws-request-id:  abc/../def?x#y \r\nlambda-runtime-deadline-ms: -1\r\n\r\n\x00\xff")
    write("runtime-invocation", "missing-request-id.txt", response(common[2:], b"null"))


def inference_seeds() -> None:
    def frame(mode: int, header_length: str | None, body: bytes) -> bytes:
        return bytes([mode]) + (header_length or "").encode() + b"\n" + body

    logits = struct.pack("<4f", 0.5, 2.0, -1.0, 0.25)
    header = json.dumps({"model_name": "radstream_classifier", "model_version": "1", "id": "r1", "outputs": [
        {"name": "OUTPUT__0", "datatype": "FP32", "shape": [1, 4], "parameters": {"binary_data_size": 16}}]}).encode()
    write("inference-response", "binary-fp32.bin", frame(3, str(len(header)), header + logits))
    write("inference-response", "binary-fp32-no-metadata.bin", frame(0, str(len(header)), header + logits))
    json_body = json.dumps({"model_name": "m", "outputs": [
        {"name": "OUTPUT__0", "datatype": "FP32", "shape": [2, 4], "data": [0.5, 2.0, -1.0, 0.25, 1, 2, 3, 4]}]}).encode()
    write("inference-response", "json-fp32.bin", frame(1, None, json_body))
    int_header = json.dumps({"model_name": "m", "outputs": [
        {"name": "A", "datatype": "INT64", "shape": [2], "data": [-9007199254740993, 3]},
        {"name": "B", "datatype": "FP16", "shape": [1, 2], "parameters": {"binary_data_size": 4}},
        {"name": "C", "datatype": "BYTES", "shape": [1], "parameters": {"binary_data_size": 7}},
        {"name": "D", "datatype": "BOOL", "shape": [3], "data": [True, False, True]},
    ]}).encode()
    write("inference-response", "mixed-types.bin",
          frame(0, str(len(int_header)), int_header + b"\x00\x3c\x00\xc0" + b"\x03\x00\x00\x00abc"))
    write("inference-response", "truncated-binary.bin", frame(0, str(len(header)), header + logits[:10]))
    write("inference-response", "header-length-too-large.bin", frame(0, "99999", header + logits))
    metadata = json.dumps({"name": "radstream_classifier", "versions": ["1"], "platform": "python",
                           "inputs": [{"name": "INPUT__0", "datatype": "FP32", "shape": [-1, 3, 224, 224]}],
                           "outputs": [{"name": "OUTPUT__0", "datatype": "FP32", "shape": [-1, 4]}]}).encode()
    write("inference-response", "model-metadata.bin", frame(4, None, metadata))


def codec_seeds() -> None:
    """The pixel-codec fixtures of scripts/generate-codec-fixtures.py up to 4 KiB: JPEG Lossless
    (libjpeg-turbo 3 and the script's Annex H encoder) and J2K/HTJ2K (opj_compress, OpenJPH)."""
    import subprocess
    import sys
    import tempfile
    script = ROOT.parent.parent / "scripts" / "generate-codec-fixtures.py"
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(script), "--output", folder], check=True)
        manifest = json.loads((pathlib.Path(folder) / "manifest.json").read_text())
        for entry in manifest["decodable"] + manifest["broken"]:
            data = (pathlib.Path(folder) / entry["source"]).read_bytes()
            if 0 < len(data) <= 4096 and not entry["name"].startswith("pydicom-"):
                target = "jpeg-lossless" if entry["codec"] == "jpegLossless" else "jpeg2000"
                write(target, pathlib.Path(entry["source"]).name, data)


if __name__ == "__main__":
    codec_seeds()
    jpeg_seeds()
    metadata_seeds()
    runtime_seeds()
    inference_seeds()
    for folder in sorted(p for p in ROOT.iterdir() if p.is_dir()):
        files = [p for p in folder.iterdir() if p.is_file()]
        print(f"{folder.name}: {len(files)} files, {sum(p.stat().st_size for p in files)} bytes")
