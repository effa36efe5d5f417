// zlib (pkg-config zlib, Debian's zlib1g-dev): gunzip of Firehose's GZIP telemetry objects.
#include <zlib.h>
