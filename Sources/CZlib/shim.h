// zlib (pkg-config zlib, Debian's zlib1g-dev): gunzip of Firehose's GZIP telemetry objects
// (TelemetryReport) and raw inflate of Deflated Explicit VR Little Endian datasets (DICOM).
#include <zlib.h>
