// libdeflate 1.14+ (pkg-config `libdeflate`): whole-buffer zlib decompression and CRC-32.
#include <libdeflate.h>
