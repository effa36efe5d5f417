#!/usr/bin/env python3
"""Writes the local pipeline's sample studies: synthetic, licence-clean images and sidecars.

Usage: generate-samples.py [--output] OUTDIR
Each study is OUTDIR/<study>.<jpg|png> + OUTDIR/<study>.json, or a DICOM object OUTDIR/<study>.dcm
alone (its header is the metadata); OUTDIR/expected.json lists the studies meant to fail and the
errorType each must fail with. Deterministic (fixed seeds).

The DICOM samples are what hospitals send: a CT slice in Implicit VR Little Endian, a MONOCHROME1
CR film in JPEG Lossless SV1 (.70), an HTJ2K frame as AWS HealthImaging serves it (.201), and a
film whose header still carries patient identifiers (in top-level, nested and private
attributes), which PHI_POLICY=reject must refuse, and a 30-frame XA cine of which only one frame
is read.
"""
import json
import sys
from pathlib import Path

import imagecodecs
import numpy as np
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
from pydicom.uid import (CTImageStorage, ComputedRadiographyImageStorage, ExplicitVRLittleEndian, HTJ2KLossless,
                         ImplicitVRLittleEndian, JPEGLosslessSV1, PYDICOM_IMPLEMENTATION_UID, XRayAngiographicImageStorage)

# OUTDIR, or --output OUTDIR as the tests' fixture runner passes it.
arguments = [a for a in sys.argv[1:] if a != "--output"]
if len(arguments) != 1:
    sys.exit("usage: generate-samples.py OUTDIR")
out = Path(arguments[0])
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


def dicom(study, sop_class, modality, pixels, bits_stored, photometric, signed=False, **attributes):
    """A Part 10 header as a modality writes one after de-identification: Type 2 patient
    attributes present but empty, UIDs, dates and times with the site's UTC offset."""
    uid = f"1.2.826.0.1.3680043.8.498.{2000 + len(list(out.glob('*.dcm')))}"
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = f"{uid}.1.1"
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, f"{uid}.1.1"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uid, f"{uid}.1"
    ds.Modality, ds.BodyPartExamined = modality, "CHEST"
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "", "", "", ""
    ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.ReferringPhysicianName, ds.StudyID = "20261125", "094500", "", "", ""
    ds.AcquisitionDate, ds.AcquisitionTime, ds.TimezoneOffsetFromUTC = "20261125", "094512.250", "+0100"
    ds.PatientIdentityRemoved = "YES"
    ds.DeidentificationMethod = "synthetic sample"
    ds.Rows, ds.Columns = pixels.shape[-2:]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, photometric
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, bits_stored, bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    for name, value in attributes.items():
        setattr(ds, name, value)
    return ds


def save(ds, study, syntax, pixels, frame=None):
    ds.file_meta.TransferSyntaxUID = syntax
    if frame is None:
        ds.PixelData = np.ascontiguousarray(pixels).astype("<i2" if ds.PixelRepresentation else "<u2").tobytes()
    else:
        ds.PixelData = encapsulate([frame])
        ds["PixelData"].VR = "OB"
    ds.save_as(out / f"{study}.dcm", enforce_file_format=True, implicit_vr=syntax == ImplicitVRLittleEndian,
               little_endian=True)


# A 512 x 512 CT slice in Hounsfield units (about -200 to +500: soft tissue and bone edges, so the
# file's 40/400 window keeps detail), signed 16 bits, uncompressed, implicit VR.
ct = (film(512, 512) * 4 - 600).astype(np.int16)
save(dicom("ct-implicit-vr", CTImageStorage, "CT", ct, 16, "MONOCHROME2", signed=True, RescaleIntercept="0",
           RescaleSlope="1", WindowCenter="40", WindowWidth="400", PixelSpacing=[0.7, 0.7]),
     "ct-implicit-vr", ImplicitVRLittleEndian, ct)
# A 2000 x 2500 CR film, 12 bits, MONOCHROME1 (white is low), JPEG Lossless SV1 (libjpeg-turbo 3).
cr = (4095 - film(2000, 2500) * 16).astype(np.uint16)
save(dicom("cr-jpeg-lossless", ComputedRadiographyImageStorage, "CR", cr, 12, "MONOCHROME1", ImagerPixelSpacing=[0.15, 0.15]),
     "cr-jpeg-lossless", JPEGLosslessSV1, cr,
     imagecodecs.jpeg8_encode(cr, lossless=True, predictor=1, bitspersample=12))
# A HealthImaging-style HTJ2K lossless frame (OpenJPH through imagecodecs), 16 bits.
dx = (film(1024, 1024) * 200).astype(np.uint16)
save(dicom("dx-htj2k", ComputedRadiographyImageStorage, "DX", dx, 16, "MONOCHROME2"), "dx-htj2k", HTJ2KLossless, dx,
     imagecodecs.htj2k_encode(dx))
# A 30-frame X-ray angiography cine, 512 x 512 x 12 bits, native: PrepareTensors reads its header
# and the one frame it prepares, not the 15 MB object.
frames = np.stack([(film(512, 512) * 16).astype(np.uint16) // (1 + f % 3) for f in range(30)])
save(dicom("xa-cine", XRayAngiographicImageStorage, "XA", frames[0], 12, "MONOCHROME2", NumberOfFrames=30,
           FrameIncrementPointer=0x00181063, FrameTime="33.3"),
     "xa-cine", ExplicitVRLittleEndian, frames)
# Identifiers left in the header, at the top level, nested in a sequence and in a private block.
identified = dicom("with-patient-identifiers", ComputedRadiographyImageStorage, "CR", cr[:256, :256], 12, "MONOCHROME1",
                   PatientName="SAMPLE^Canary", PatientID="MRN-SAMPLE-1", InstitutionName="Sample General Hospital")
del identified.PatientIdentityRemoved
referenced = Dataset()
referenced.PatientName = "SAMPLE^Canary"
identified.RequestAttributesSequence = Sequence([referenced])
identified.private_block(0x0009, "RADSTREAM SAMPLE", create=True).add_new(0x01, "LO", "SAMPLE^Canary")
save(identified, "with-patient-identifiers", JPEGLosslessSV1, cr[:256, :256],
     imagecodecs.jpeg8_encode(np.ascontiguousarray(cr[:256, :256]), lossless=True, predictor=1, bitspersample=12))

(out / "expected.json").write_text(json.dumps({"with-patient-name": "PHIDetected", "truncated-jpeg": "TruncatedImage",
                                               "with-patient-identifiers": "PHIDetected"}, indent=2))
print(f"wrote {len(list(out.glob('*.json'))) - 1 + len(list(out.glob('*.dcm')))} studies to {out}")
