// RadStream's Huffman entropy decoder for single-scan JPEGs, plugged into libjpeg-turbo in place
// of its own (jpeg_huffman.c). Private to CImageCodecs.
#ifndef RSC_JPEG_HUFFMAN_H
#define RSC_JPEG_HUFFMAN_H

#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>

/// Called when the data holds something only libjpeg's own decoder reproduces exactly (a bad
/// Huffman code, 0xFF fill bytes inside entropy-coded data): it must not return (it longjmps to
/// the call's entry point, which decodes again with libjpeg's decoder).
typedef void (*rsc_jpeg_huffman_fallback)(j_decompress_ptr cinfo);

/// After jpeg_start_decompress and before the first jpeg_read_scanlines: replaces libjpeg's
/// entropy decoder when the image is one sequential Huffman scan of 8-bit samples. Returns 1 if
/// it did, 0 if the image is not one it decodes (libjpeg's decoder stays).
int rsc_jpeg_install_huffman_decoder(j_decompress_ptr cinfo, rsc_jpeg_huffman_fallback fallback);

#endif
