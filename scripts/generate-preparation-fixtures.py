"""Writes the TensorPreparation test fixtures into a folder (argument 1): generated images and
the seed's own tensor for each (bench/seed_preprocess.py, Pillow + NumPy), plus manifest.json.

Deterministic (fixed seeds); nothing is committed. Run by Tests/TensorPreparationTests.
"""
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import seed_preprocess  # noqa: E402  (the seed's preprocessing, shared with the benchmark)


def film(width, height, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    body = np.exp(-(((x - width / 2) / (0.45 * width)) ** 2 + ((y - height / 2) / (0.55 * height)) ** 2))
    ribs = 0.5 + 0.5 * np.sin(y / (height / 30))
    image = 40 + 160 * body - 40 * ribs * body
    image[int(0.7 * height):, int(0.1 * width):int(0.13 * width)] = 250
    return (image + rng.normal(0, 5, image.shape)).clip(0, 255).astype(np.uint8)


def colour(width, height, seed):
    base = film(width, height, seed).astype(np.int16)
    return np.stack([base, np.roll(base, width // 7, axis=1), 255 - base], axis=-1).astype(np.uint8)


def encode(array, format, **options):
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format=format, **options)
    return buffer.getvalue()


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    images = {
        "film-1200x1500.jpg": encode(film(1200, 1500, 1), "JPEG", quality=90),
        "photo-640x480.jpg": encode(colour(640, 480, 2), "JPEG", quality=90),
        "rgb-333x517.png": encode(colour(333, 517, 3), "PNG"),
        "gray-640x200.png": encode(film(640, 200, 4), "PNG"),
        "upscale-150x100.png": encode(colour(150, 100, 5), "PNG"),
        "square-1024.jpg": encode(film(1024, 1024, 6), "JPEG", quality=90),
    }
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated clockwise: streaming decode must fall back to the whole image
    (folder / "rotated-300x200.jpg").write_bytes(encode(colour(300, 200, 8), "JPEG", quality=90, exif=exif.tobytes()))
    manifest = []
    for name, data in images.items():
        (folder / name).write_bytes(data)
        np.save(folder / f"{name}.seed.npy", seed_preprocess.preprocess(data))
        manifest.append(name)
    (folder / "manifest.json").write_text(json.dumps({"images": manifest, "pillowVersion": Image.__version__}))


if __name__ == "__main__":
    main()
