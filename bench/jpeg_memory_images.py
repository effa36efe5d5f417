"""Writes the JPEG decode memory bench's inputs into a folder (argument 1); deterministic.

The three 8000×8000 shapes of issue 12, item 5 (smooth film-like content, quality 90):
baseline-420.jpg            baseline, 4:2:0: decoded row by row, no coefficient buffers
progressive-444.jpg         progressive, 4:4:4: 3 × 1000 × 1000 blocks × 128 B = 384 MB of coefficients
progressive-cmyk-exif6.jpg  progressive Adobe CMYK, EXIF orientation 6: 512 MB of coefficients,
                            and the whole image is decoded (then rotated) for the orientation
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image

SIDE = 8000


def rgb():
    y, x = np.mgrid[0:SIDE, 0:SIDE].astype(np.float32)
    red = 40 + 150 * np.exp(-(((x - SIDE / 2) / (0.45 * SIDE)) ** 2 + ((y - SIDE / 2) / (0.55 * SIDE)) ** 2))
    green = 60 + 120 * (x / SIDE)
    blue = 80 + 100 * (0.5 + 0.5 * np.sin(y / (SIDE / 40)))
    return Image.fromarray(np.stack([red, green, blue], axis=-1).clip(0, 255).astype(np.uint8), "RGB")


def main():
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    image = rgb()
    image.save(folder / "baseline-420.jpg", "JPEG", quality=90, subsampling=2)
    image.save(folder / "progressive-444.jpg", "JPEG", quality=90, subsampling=0, progressive=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    image.convert("CMYK").save(
        folder / "progressive-cmyk-exif6.jpg", "JPEG", quality=90, progressive=True, exif=exif.tobytes())
    for path in sorted(folder.glob("*.jpg")):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
