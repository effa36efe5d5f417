// A thin C layer over OpenJPEG 2.5 that decodes a JPEG 2000 (or HTJ2K) codestream held in
// memory. OpenJPEG reports problems through message callbacks and sometimes still returns
// success (a warning about a truncated tile-part means lost pixels): this layer records every
// error and warning and turns both into a status, so the caller never gets a partial image.
//
// Decoding is two steps over one handle so the caller can check the header's size against its
// limits before it allocates the output: rsj2k_open reads the main header only.
#ifndef COPENJPEGSHIM_H
#define COPENJPEGSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a call.
typedef enum {
    RSJ2K_OK = 0,
    /// Not a J2K codestream or JP2 file, or OpenJPEG reported an error or a warning.
    RSJ2K_CORRUPT = 1,
    /// OpenJPEG's message says the data ends early.
    RSJ2K_TRUNCATED = 2,
    /// A valid image this layer does not return (subsampled components, mixed precision …).
    RSJ2K_UNSUPPORTED = 3,
    /// An allocation failed, or the caller's buffer does not match the image.
    RSJ2K_OUT_OF_MEMORY = 4,
    /// The SIZ segment describes more samples than the caller's limit; info holds its size.
    RSJ2K_TOO_LARGE = 5,
} rsj2k_status;

/// Room for OpenJPEG's first error (or warning) message.
#define RSJ2K_MESSAGE_CAPACITY 256

typedef struct {
    char text[RSJ2K_MESSAGE_CAPACITY];
} rsj2k_message;

/// What the main header (SIZ) says; every component has this size, precision and sign.
typedef struct {
    uint32_t width;
    uint32_t height;
    uint32_t components;
    uint32_t precision;
    int32_t is_signed;
    /// 1 for a raw codestream (SOC first), 2 for a JP2 file.
    int32_t format;
} rsj2k_info;

typedef struct rsj2k_decoder rsj2k_decoder;

/// Reads the main header of `data` (which must outlive the handle). The SIZ segment is checked
/// first, by this layer: width × height × components above `maximum_samples` returns
/// RSJ2K_TOO_LARGE (with info's width, height and components set) before OpenJPEG allocates
/// anything. `threads` > 1 lets OpenJPEG decode code-blocks on that many threads. On RSJ2K_OK
/// `*decoder` must be closed.
rsj2k_status rsj2k_open(const uint8_t *data, size_t size, uint64_t maximum_samples, int32_t threads,
                        rsj2k_decoder **decoder, rsj2k_info *info, rsj2k_message *message);

/// Decodes every tile into `samples`: info.width * info.height * info.components values,
/// row-major, components interleaved. `count` must equal that product.
rsj2k_status rsj2k_decode(rsj2k_decoder *decoder, int32_t *samples, size_t count, rsj2k_message *message);

/// Frees the decoder (NULL is fine).
void rsj2k_close(rsj2k_decoder *decoder);

#ifdef __cplusplus
}
#endif

#endif
