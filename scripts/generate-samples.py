#!/usr/bin/env python3
"""Writes the local pipeline's sample studies: synthetic, licence-clean images and sidecars.

Usage: generate-samples.py OUTDIR
Each study is OUTDIR/<study>.<jpg|png> + OUTDIR/<study>.json; OUTDIR/expected.json lists the
studies meant to fail and the errorType each must fail with. Deterministic (fixed seeds).
"""
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261125)


def film(width, height):
    """A chest-film-like gray image: smooth gradient, rib-like bands, an edge and grain."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    body = 120 + 80 * np.exp(-(((x - width / 2) / (0.35 * width)) ** 2))
    ribs = 25 * np.sin(y / height * 28 * np.pi) * np.exp(-(((x - width / 2) / (0.3 * width)) ** 2))
    edge = np.where(x > 0.9 * width, 60, 0)
    grain = rng.normal(0, 6, size=(height, width))
    return np.clip(body + ribs + edge + grain, 0, 255)


def sidecar(study, uid, key, content_type, **extra):
    document = {
        "studyInstanceUID": uid,
        "seriesInstanceUID": f"{uid}.1",
        "sopInstanceUID": f"{uid}.1.1",
        "modality": "CR",
        "bodyPart": "CHEST",
        "acquisitionDateTime": "2026-11-25T09:45:00+01:00",
        "image": {"key": key, "contentType": content_type},
        "pixelSpacing": [0.143, 0.143],
    }
    document.update(extra)
    return document


def write(study, pixels, extension, mode="L", **extra):
    uid = f"1.2.826.0.1.3680043.8.498.{1000 + len(list(out.glob('*.json')))}"
    image_path = out / f"{study}.{extension}"
    if extension == "jpg":
        Image.fromarray(pixels.astype(np.uint8), mode).save(image_path, quality=90)
    else:
        Image.fromarray(pixels).save(image_path)
    key = f"images/{study}/image.{extension}"
    content_type = "image/jpeg" if extension == "jpg" else "image/png"
    (out / f"{study}.json").write_text(json.dumps(sidecar(study, uid, key, content_type, **extra), indent=2))


write("chest-film-1", film(2500, 3000), "jpg")
write("chest-film-2", film(2000, 2500), "jpg")
write("chest-film-3", film(1024, 1024), "jpg")
write("portable-cr-rgb", np.stack([film(800, 1000)] * 3, axis=-1), "jpg", mode="RGB")
write("ct-slice-16bit", (film(512, 512) * 200).astype(np.uint16), "png", bitsStored=16, modality="CT")
write("with-patient-name", film(256, 256), "jpg", patientName="SAMPLE^Canary")
(out / "truncated-jpeg.jpg").write_bytes((out / "chest-film-3.jpg").read_bytes()[:20000])
(out / "truncated-jpeg.json").write_text(json.dumps(sidecar("truncated-jpeg", "1.2.826.0.1.3680043.8.498.1999",
                                                            "images/truncated-jpeg/image.jpg", "image/jpeg")))
(out / "expected.json").write_text(json.dumps({"with-patient-name": "PHIDetected", "truncated-jpeg": "TruncatedImage"}, indent=2))
print(f"wrote {len(list(out.glob('*.json'))) - 1} studies to {out}")
