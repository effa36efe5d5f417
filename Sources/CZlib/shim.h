// zlib (pkg-config `zlib`, Debian zlib1g-dev): raw inflate of Deflated Explicit VR Little Endian datasets.
#include <zlib.h>
