// OpenJPEG's failures arrive as return values and as messages through the handlers below. A
// warning can mean lost pixels (a tile-part shorter than it claims, a missing tile), so every
// warning fails the decode as an error does.
//
// OpenJPEG also has assert()s that hostile input reaches, and Debian builds it with them on:
// FuzzJPEG2000 found `mel_init: Assertion 'melp->unstuff == OPJ_FALSE || melp->data[0] <= 0x8F'`
// (ht_dec.c, HTJ2K) aborting the process. Every OpenJPEG call below therefore runs under an
// assertion guard: this file defines __assert_fail, the function assert() calls, and while the
// calling thread is inside a guarded call it jumps back to the guard, which fails the decode as
// RSJ2K_CORRUPT; anywhere else it reports and aborts exactly as glibc's does. The interrupted
// decoder answers nothing more and is destroyed as usual (under AddressSanitizer on the fuzz
// regression: no invalid access; only the interrupted call's in-flight work item, 120 bytes,
// leaks, see Fuzz/suppressions/JPEG2000.lsan). A guard covers only the
// calling thread: code-blocks decoded on OpenJPEG's worker threads (threads > 1) are not
// covered, which is why the pipeline decodes with one thread (docs/pixel-codecs.md).
#define _GNU_SOURCE  // strcasestr
#include "COpenJPEGShim.h"

#include <openjpeg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/// The guard of the OpenJPEG call this thread is in, if any.
static _Thread_local jmp_buf *assertion_guard;

/// Replaces glibc's for the whole process (the linker takes this definition before libc's).
void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function) {
    jmp_buf *guard = assertion_guard;
    if (guard != NULL) {
        assertion_guard = NULL;
        longjmp(*guard, 1);
    }
    fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line, function, assertion);
    abort();
}

/// Runs `call` (an OpenJPEG call that returns an OPJ_BOOL) under the assertion guard; an
/// assertion inside it sets `*asserted` and makes the expression false.
#define GUARDED(asserted, call)                                  \
    ({                                                           \
        jmp_buf guard_;                                          \
        volatile OPJ_BOOL result_ = OPJ_FALSE;                   \
        if (setjmp(guard_) == 0) {                               \
            assertion_guard = &guard_;                           \
            result_ = (call);                                    \
        } else {                                                 \
            *(asserted) = 1;                                     \
        }                                                        \
        assertion_guard = NULL;                                  \
        result_;                                                 \
    })

/// The caller's bytes as an OpenJPEG input stream.
typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
} memory_source;

/// What the message handlers saw: the first message is kept for the caller.
typedef struct {
    int errors;
    int warnings;
    char first[RSJ2K_MESSAGE_CAPACITY];
} message_log;

struct rsj2k_decoder {
    opj_codec_t *codec;
    opj_stream_t *stream;
    opj_image_t *image;
    memory_source source;
    message_log log;
    rsj2k_info info;
    /// An OpenJPEG assertion interrupted a call: the decoder answers nothing more (it is still
    /// destroyed by rsj2k_close).
    int asserted;
};


static void record(message_log *log, const char *text) {
    if (log->first[0] != '\0') return;
    snprintf(log->first, sizeof log->first, "%s", text);
    size_t length = strlen(log->first);
    while (length > 0 && (log->first[length - 1] == '\n' || log->first[length - 1] == '\r')) log->first[--length] = '\0';
}

static void on_error(const char *text, void *context) {
    message_log *log = context;
    log->errors += 1;
    record(log, text);
}

/// Warnings about quirks OpenJPEG repairs without losing a sample (seen in real files, e.g.
/// pydicom's GDCMJ2K_TextGBR.dcm); every other warning fails the decode.
static const char *const harmless_warnings[] = {
    "Non conformant codestream TPsot==TNsot",  // tile-part count written one too high
    "Empty SOT marker detected",               // Psot = 0: the tile-part runs to EOC, as T.800 allows
    "Unknown marker",                          // skipped by its length, as T.800 requires
};

static void on_warning(const char *text, void *context) {
    for (size_t index = 0; index < sizeof harmless_warnings / sizeof harmless_warnings[0]; index++) {
        if (strncmp(text, harmless_warnings[index], strlen(harmless_warnings[index])) == 0) return;
    }
    message_log *log = context;
    log->warnings += 1;
    record(log, text);
}

static void on_info(const char *text, void *context) {
    (void)text;
    (void)context;
}

static OPJ_SIZE_T source_read(void *buffer, OPJ_SIZE_T bytes, void *context) {
    memory_source *source = context;
    if (source->offset >= source->size) return (OPJ_SIZE_T)-1;
    size_t available = source->size - source->offset;
    size_t count = bytes < available ? bytes : available;
    memcpy(buffer, source->data + source->offset, count);
    source->offset += count;
    return count;
}

static OPJ_OFF_T source_skip(OPJ_OFF_T bytes, void *context) {
    memory_source *source = context;
    if (bytes < 0) {
        if ((size_t)(-bytes) > source->offset) return -1;
        source->offset -= (size_t)(-bytes);
        return bytes;
    }
    size_t available = source->size - source->offset;
    size_t count = (size_t)bytes < available ? (size_t)bytes : available;
    source->offset += count;
    return (OPJ_OFF_T)count;
}

static OPJ_BOOL source_seek(OPJ_OFF_T position, void *context) {
    memory_source *source = context;
    if (position < 0 || (uint64_t)position > source->size) return OPJ_FALSE;
    source->offset = (size_t)position;
    return OPJ_TRUE;
}

static void copy_text(rsj2k_message *message, const char *text) {
    if (message != NULL) snprintf(message->text, RSJ2K_MESSAGE_CAPACITY, "%s", text);
}

/// The status and message for a decode an OpenJPEG assertion interrupted.
static rsj2k_status assertion_failure(rsj2k_message *message) {
    copy_text(message, "OpenJPEG failed an internal consistency check on this codestream");
    return RSJ2K_CORRUPT;
}

/// Maps a failure to a status: OpenJPEG has no error codes, only messages, and "the data
/// ends early" is worth telling apart (a cut DICOM fragment) from a corrupt codestream.
static rsj2k_status failure(const message_log *log, const char *fallback, rsj2k_message *message) {
    const char *text = log->first[0] != '\0' ? log->first : fallback;
    copy_text(message, text);
    if (strcasestr(text, "too short") != NULL || strcasestr(text, "truncat") != NULL ||
        strcasestr(text, "end of stream") != NULL || strcasestr(text, "not enough data") != NULL ||
        strcasestr(text, "inconsistent with stream length") != NULL) {
        return RSJ2K_TRUNCATED;
    }
    return RSJ2K_CORRUPT;
}

static uint32_t read32(const uint8_t *bytes) {
    return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/// The offset of the codestream in a JP2 file (the contents of its jp2c box), or 0.
static size_t jp2_codestream_offset(const uint8_t *data, size_t size) {
    size_t offset = 0;
    while (offset + 8 <= size) {
        uint64_t length = read32(data + offset);
        size_t header = 8;
        if (length == 1) {
            if (offset + 16 > size) return 0;
            length = (uint64_t)read32(data + offset + 8) << 32 | read32(data + offset + 12);
            header = 16;
        } else if (length == 0) {
            length = size - offset;
        }
        if (memcmp(data + offset + 4, "jp2c", 4) == 0) return offset + header;
        if (length < header || length > size - offset) return 0;
        offset += (size_t)length;
    }
    return 0;
}

/// Checks the SIZ segment before OpenJPEG sees it: OpenJPEG's header reading allocates
/// per-tile and per-component state, so a forged SIZ (65535 tiles of 1 × 1 over a huge
/// canvas, thousands of components) would cost gigabytes before any limit could apply.
static rsj2k_status check_size(const uint8_t *data, size_t size, uint64_t maximum_samples, rsj2k_info *info,
                               rsj2k_message *message) {
    // SOC, then SIZ: marker, Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz.
    if (size < 4 + 2 + 38 + 3) {
        copy_text(message, "the data ends inside the SIZ segment");
        return RSJ2K_TRUNCATED;
    }
    if (data[0] != 0xFF || data[1] != 0x4F || data[2] != 0xFF || data[3] != 0x51) {
        copy_text(message, "the codestream does not start with SOC and SIZ");
        return RSJ2K_CORRUPT;
    }
    const uint8_t *siz = data + 6;
    uint32_t width = read32(siz + 2), height = read32(siz + 6), x0 = read32(siz + 10), y0 = read32(siz + 14);
    uint32_t tile_width = read32(siz + 18), tile_height = read32(siz + 22);
    uint32_t tile_x0 = read32(siz + 26), tile_y0 = read32(siz + 30);
    uint32_t components = (uint32_t)siz[34] << 8 | siz[35];
    if (width <= x0 || height <= y0 || tile_width == 0 || tile_height == 0 || components == 0 || tile_x0 > x0 ||
        tile_y0 > y0) {
        copy_text(message, "the SIZ segment describes an empty or inconsistent image");
        return RSJ2K_CORRUPT;
    }
    info->width = width - x0;
    info->height = height - y0;
    info->components = components;
    if ((uint64_t)info->width * info->height * components > maximum_samples) return RSJ2K_TOO_LARGE;
    if (components > 4) {
        copy_text(message, "more than 4 components");
        return RSJ2K_UNSUPPORTED;
    }
    uint64_t tiles = ((uint64_t)(width - tile_x0 + tile_width - 1) / tile_width) *
                     ((uint64_t)(height - tile_y0 + tile_height - 1) / tile_height);
    // Encoders write tiles of at least 32 × 32 samples (but at the edges); more means a forged header.
    if (tiles > ((uint64_t)info->width + 31) / 32 * (((uint64_t)info->height + 31) / 32)) {
        copy_text(message, "more tiles than the image has 32 × 32 areas");
        return RSJ2K_CORRUPT;
    }
    return RSJ2K_OK;
}

static const uint8_t jp2_signature[12] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A};

rsj2k_status rsj2k_open(const uint8_t *data, size_t size, uint64_t maximum_samples, int32_t threads,
                        rsj2k_decoder **result, rsj2k_info *info, rsj2k_message *message) {
    *result = NULL;
    memset(info, 0, sizeof *info);
    copy_text(message, "");
    OPJ_CODEC_FORMAT format;
    size_t codestream = 0;
    if (size >= 2 && data[0] == 0xFF && data[1] == 0x4F) {
        format = OPJ_CODEC_J2K;
    } else if (size >= sizeof jp2_signature && memcmp(data, jp2_signature, sizeof jp2_signature) == 0) {
        format = OPJ_CODEC_JP2;
        codestream = jp2_codestream_offset(data, size);
        if (codestream == 0) {
            copy_text(message, "a JP2 file without a codestream box");
            return RSJ2K_TRUNCATED;
        }
    } else {
        copy_text(message, size < 2 ? "the data ends before a JPEG 2000 header" : "neither a J2K codestream (SOC, SIZ) nor a JP2 file");
        return size < 2 ? RSJ2K_TRUNCATED : RSJ2K_CORRUPT;
    }
    rsj2k_status checked = check_size(data + codestream, size - codestream, maximum_samples, info, message);
    if (checked != RSJ2K_OK) return checked;
    rsj2k_decoder *decoder = calloc(1, sizeof *decoder);
    if (decoder == NULL) {
        copy_text(message, "out of memory");
        return RSJ2K_OUT_OF_MEMORY;
    }
    decoder->source = (memory_source){.data = data, .size = size, .offset = 0};
    decoder->codec = opj_create_decompress(format);
    decoder->stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
    if (decoder->codec == NULL || decoder->stream == NULL) {
        rsj2k_close(decoder);
        copy_text(message, "out of memory");
        return RSJ2K_OUT_OF_MEMORY;
    }
    opj_set_error_handler(decoder->codec, on_error, &decoder->log);
    opj_set_warning_handler(decoder->codec, on_warning, &decoder->log);
    opj_set_info_handler(decoder->codec, on_info, NULL);
    opj_stream_set_read_function(decoder->stream, source_read);
    opj_stream_set_skip_function(decoder->stream, source_skip);
    opj_stream_set_seek_function(decoder->stream, source_seek);
    opj_stream_set_user_data(decoder->stream, &decoder->source, NULL);
    opj_stream_set_user_data_length(decoder->stream, size);

    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(decoder->codec, &parameters)) {
        rsj2k_status status = failure(&decoder->log, "OpenJPEG refused the decoder parameters", message);
        rsj2k_close(decoder);
        return status;
    }
    // Strict mode (OpenJPEG's default, stated here because it matters): a truncated
    // codestream is an error rather than a partially decoded image.
    opj_decoder_set_strict_mode(decoder->codec, OPJ_TRUE);
    if (threads > 1) opj_codec_set_threads(decoder->codec, threads);
    if (!GUARDED(&decoder->asserted, opj_read_header(decoder->stream, decoder->codec, &decoder->image)) || decoder->image == NULL ||
        decoder->log.errors > 0 || decoder->log.warnings > 0) {
        rsj2k_status status = decoder->asserted ? assertion_failure(message)
                                                : failure(&decoder->log, "OpenJPEG could not read the main header", message);
        rsj2k_close(decoder);
        return status;
    }
    opj_image_t *image = decoder->image;
    if (image->numcomps == 0 || image->x1 <= image->x0 || image->y1 <= image->y0) {
        copy_text(message, "the header describes an empty image");
        rsj2k_close(decoder);
        return RSJ2K_CORRUPT;
    }
    for (OPJ_UINT32 index = 0; index < image->numcomps; index++) {
        const opj_image_comp_t *component = &image->comps[index];
        if (component->dx != 1 || component->dy != 1) {
            copy_text(message, "subsampled components");
            rsj2k_close(decoder);
            return RSJ2K_UNSUPPORTED;
        }
        if (component->prec != image->comps[0].prec || component->sgnd != image->comps[0].sgnd) {
            copy_text(message, "components of different precision or signedness");
            rsj2k_close(decoder);
            return RSJ2K_UNSUPPORTED;
        }
    }
    if (image->x1 - image->x0 != info->width || image->y1 - image->y0 != info->height || image->numcomps != info->components) {
        copy_text(message, "OpenJPEG read a different size than the SIZ segment");
        rsj2k_close(decoder);
        return RSJ2K_CORRUPT;
    }
    decoder->info = (rsj2k_info){
        .width = image->x1 - image->x0,
        .height = image->y1 - image->y0,
        .components = image->numcomps,
        .precision = image->comps[0].prec,
        .is_signed = image->comps[0].sgnd != 0,
        .format = format == OPJ_CODEC_J2K ? 1 : 2,
    };
    *info = decoder->info;
    *result = decoder;
    return RSJ2K_OK;
}

rsj2k_status rsj2k_decode(rsj2k_decoder *decoder, int32_t *samples, size_t count, rsj2k_message *message) {
    copy_text(message, "");
    const rsj2k_info *info = &decoder->info;
    size_t pixels = (size_t)info->width * info->height;
    if (count != pixels * info->components) {
        copy_text(message, "sample buffer size does not match the image");
        return RSJ2K_OUT_OF_MEMORY;
    }
    if (decoder->asserted) return assertion_failure(message);
    if (!GUARDED(&decoder->asserted, opj_decode(decoder->codec, decoder->stream, decoder->image)) ||
        !GUARDED(&decoder->asserted, opj_end_decompress(decoder->codec, decoder->stream)) || decoder->log.errors > 0 ||
        decoder->log.warnings > 0) {
        if (decoder->asserted) return assertion_failure(message);
        return failure(&decoder->log, "OpenJPEG could not decode the image", message);
    }
    const opj_image_t *image = decoder->image;
    // A JP2 palette or channel definition can change the components while decoding.
    if (image->numcomps != info->components) {
        copy_text(message, "the decoded image has a different number of components than its header");
        return RSJ2K_UNSUPPORTED;
    }
    for (OPJ_UINT32 c = 0; c < image->numcomps; c++) {
        const opj_image_comp_t *component = &image->comps[c];
        if (component->data == NULL || component->w != info->width || component->h != info->height ||
            component->prec != info->precision) {
            copy_text(message, "a decoded component does not match the header");
            return RSJ2K_CORRUPT;
        }
    }
    if (image->numcomps == 1) {
        memcpy(samples, image->comps[0].data, pixels * sizeof(int32_t));
    } else {
        for (OPJ_UINT32 c = 0; c < image->numcomps; c++) {
            const OPJ_INT32 *source = image->comps[c].data;
            int32_t *target = samples + c;
            for (size_t index = 0; index < pixels; index++) target[index * image->numcomps] = source[index];
        }
    }
    return RSJ2K_OK;
}

void rsj2k_close(rsj2k_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->image != NULL) opj_image_destroy(decoder->image);
    if (decoder->stream != NULL) opj_stream_destroy(decoder->stream);
    if (decoder->codec != NULL) opj_destroy_codec(decoder->codec);
    free(decoder);
}
