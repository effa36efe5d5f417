// A thin C layer over libjpeg-turbo and libpng that never lets a library error reach exit()
// or abort(): every error (and every libjpeg warning that means lost data) is caught with
// setjmp/longjmp, the decoder state is destroyed, and the caller gets a status and a message.
//
// Each call is self-contained: it creates a decoder over the caller's memory, works, and
// destroys it, so no half-decoded state can outlive a failure. Probing reads headers only and
// allocates nothing proportional to the image, so callers can reject decompression bombs
// before any pixel buffer exists.
#ifndef CIMAGECODECS_H
#define CIMAGECODECS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a codec call.
typedef enum {
    RSC_OK = 0,
    /// The data violates the format (bad marker, CRC, zlib stream, Huffman code, header …).
    RSC_CORRUPT = 1,
    /// The data ends before the image does.
    RSC_TRUNCATED = 2,
    /// Valid data this layer does not decode (e.g. an unknown JPEG colour space).
    RSC_UNSUPPORTED = 3,
    /// The caller's buffer does not match the decoded size (a bug in the caller).
    RSC_BUFFER_MISMATCH = 4,
    /// The library could not allocate memory.
    RSC_OUT_OF_MEMORY = 5,
    /// The header claims a size beyond what the library itself decodes (libjpeg: 65500 per
    /// side); the info's width and height hold the claimed size.
    RSC_TOO_LARGE = 6,
    /// libjpeg would need more working memory than the caller's `max_memory` (it has no backing
    /// store to spill to); the info's coefficient_bytes says how much.
    RSC_MEMORY_LIMIT = 7,
    /// A streamed input's source reported that its bytes stopped coming (the transfer failed or
    /// was abandoned): nothing is known about the image beyond what was read.
    RSC_INPUT_INTERRUPTED = 8,
    /// RSC_JPEG_HUFFMAN_FAST met data whose decoding only libjpeg's own Huffman decoder
    /// reproduces (a bad code, fill bytes inside the data, the end of a cut-short input): decode
    /// again, from the first byte, with RSC_JPEG_HUFFMAN_LIBJPEG. Rows delivered to a sink so
    /// far are to be discarded.
    RSC_DECODE_AGAIN = 9,
} rsc_status;

/// Supplies a streamed input's next bytes: sets `*data` and `*size` (at least one byte, valid
/// and unchanged until the decoder is destroyed) and returns 1; returns 0 at the end of the input
/// (a decoder that needs more reports RSC_TRUNCATED), or -1 when the bytes stopped coming
/// (RSC_INPUT_INTERRUPTED). It may block until bytes arrive; it is called between library
/// calls' internal steps but never longjmps itself.
typedef int (*rsc_input_source)(void *context, const uint8_t **data, size_t *size);

/// A decoder's input: the whole encoded image in memory (`data`, `size`), or, when `source` is
/// set, bytes pulled from it as they arrive (each call to a decoder starts from the first byte:
/// the source is asked for the input from its beginning again).
typedef struct {
    const uint8_t *data;
    size_t size;
    rsc_input_source source;
    void *source_context;
} rsc_input;

/// Room for a library message (libjpeg's JMSG_LENGTH_MAX is 200).
#define RSC_MESSAGE_CAPACITY 256

typedef struct {
    char text[RSC_MESSAGE_CAPACITY];
} rsc_message;

/// JPEG colour spaces as stored in the file (libjpeg's J_COLOR_SPACE subset we report).
typedef enum {
    RSC_JPEG_GRAY = 1,
    RSC_JPEG_RGB = 2,
    RSC_JPEG_YCBCR = 3,
    RSC_JPEG_CMYK = 4,
    RSC_JPEG_YCCK = 5,
    RSC_JPEG_OTHER = 0,
} rsc_jpeg_color_space;

/// What a JPEG header says, and the size the decoder will produce.
typedef struct {
    /// Stored size in pixels.
    uint32_t width;
    uint32_t height;
    /// Components in the file: 1, 3 or 4.
    int32_t components;
    rsc_jpeg_color_space color_space;
    int32_t progressive;
    /// Adobe APP14 seen (CMYK/YCCK samples are then stored inverted).
    int32_t adobe_marker;
    /// EXIF IFD0 Orientation (1–8); 1 when absent or invalid.
    int32_t orientation;
    /// Size of the decoded image with the requested DCT scaling, before orientation.
    uint32_t output_width;
    uint32_t output_height;
    /// Channels of the decoded image: 1 (gray) or 3 (RGB).
    int32_t output_channels;
    /// Bytes of the whole-image DCT coefficient buffers libjpeg allocates before the first row
    /// when the image has more than one scan (progressive, or components in separate scans);
    /// 0 for a single-scan image, which is decoded through a few rows of buffers.
    uint64_t coefficient_bytes;
} rsc_jpeg_info;

/// Reads the JPEG header (up to the first SOS) and the EXIF orientation.
/// `scale_denominator` is 1, 2, 4 or 8 (libjpeg DCT scaling); it only changes output_*.
rsc_status rsc_jpeg_probe(const rsc_input *input, int32_t scale_denominator, rsc_jpeg_info *info,
                          rsc_message *message);

/// Which Huffman decoder turns a single-scan JPEG's entropy-coded data into coefficients.
typedef enum {
    /// RadStream's (jpeg_huffman.c): the same coefficients and failures as libjpeg's, faster;
    /// may end a call with RSC_DECODE_AGAIN. Progressive, arithmetic-coded and multi-scan
    /// images always use libjpeg's.
    RSC_JPEG_HUFFMAN_FAST = 0,
    /// libjpeg-turbo's own.
    RSC_JPEG_HUFFMAN_LIBJPEG = 1,
} rsc_jpeg_huffman;

/// Decodes into `pixels` (output_height rows of output_width * output_channels bytes).
/// `pixels_size` must equal that product exactly. CMYK/YCCK are converted to RGB.
/// `max_memory` (bytes, > 0) bounds libjpeg's own allocations through its memory manager
/// (`max_memory_to_use`); an image whose coefficient buffers exceed it is refused with
/// RSC_MEMORY_LIMIT before anything image-sized is allocated.
rsc_status rsc_jpeg_decode(const rsc_input *input, int32_t scale_denominator, size_t max_memory, rsc_jpeg_huffman huffman,
                           uint8_t *pixels, size_t pixels_size, rsc_jpeg_info *info, rsc_message *message);

/// Receives one decoded row (output_width * output_channels bytes, valid only during the call)
/// and its index, top to bottom.
typedef void (*rsc_jpeg_row_sink)(void *context, const uint8_t *row, uint32_t index);

/// Decodes row by row into a private one-row buffer and hands each row to `sink`: nothing
/// image-sized is allocated (but libjpeg's coefficient buffers of a multi-scan image, bounded by
/// `max_memory` as in rsc_jpeg_decode). Errors and truncation are reported as by
/// rsc_jpeg_decode (after the rows decoded so far were delivered).
rsc_status rsc_jpeg_decode_rows(const rsc_input *input, int32_t scale_denominator, size_t max_memory,
                                rsc_jpeg_huffman huffman, rsc_jpeg_row_sink sink, void *sink_context,
                                rsc_jpeg_info *info, rsc_message *message);

/// What a PNG header (IHDR) says, and what the decoder will produce.
typedef struct {
    uint32_t width;
    uint32_t height;
    /// Bits per sample in the file: 1, 2, 4, 8 or 16.
    int32_t bit_depth;
    /// PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
    int32_t color_type;
    int32_t interlaced;
    /// Channels of the decoded image: 1 (gray) or 3 (RGB); alpha is dropped.
    int32_t output_channels;
    /// Bytes per decoded sample: 1, or 2 for 16-bit files (native-endian uint16).
    int32_t output_bytes_per_sample;
} rsc_png_info;

/// Reads the signature and chunks up to the first IDAT. Allocates nothing image-sized.
rsc_status rsc_png_probe(const uint8_t *data, size_t size, rsc_png_info *info, rsc_message *message);

/// Decodes into `pixels`: height rows of width * output_channels samples of
/// output_bytes_per_sample bytes (uint16 in host byte order). Palette and low-bit gray are
/// expanded to 8 bits, alpha is stripped, 16-bit precision is kept, no gamma is applied.
/// Reads to IEND, so CRC errors in trailing chunks are errors too.
rsc_status rsc_png_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixels_size,
                          rsc_png_info *info, rsc_message *message);

#ifdef __cplusplus
}
#endif

#endif
