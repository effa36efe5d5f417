// libjpeg-turbo and libpng behind setjmp/longjmp. Both libraries report errors by calling a
// handler that must not return; the default handlers call exit(). Ours record a status and the
// library's message, then longjmp back to the call's entry point, which destroys the decoder.
#include "CImageCodecs.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "jpeg_huffman.h"

static void copy_message(rsc_message *message, const char *text) {
    if (message == NULL) return;
    snprintf(message->text, RSC_MESSAGE_CAPACITY, "%s", text);
}

// MARK: - JPEG

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    rsc_status status;
    rsc_message *message;
    /// Our Huffman decoder is decoding this image (jpeg_huffman.c).
    int fast_huffman;
} jpeg_error_context;

static void jpeg_fail(j_common_ptr cinfo) {
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    if (context->status == RSC_OK) {
        switch (context->base.msg_code) {
        case JERR_OUT_OF_MEMORY: context->status = RSC_OUT_OF_MEMORY; break;
        case JERR_INPUT_EOF: context->status = RSC_TRUNCATED; break;
        case JERR_IMAGE_TOO_BIG: context->status = RSC_TOO_LARGE; break;
        // Without a backing store (jmemnobs), libjpeg's answer to a virtual array larger than
        // max_memory_to_use; the header check below refuses such images first.
        case JERR_NO_BACKING_STORE: context->status = RSC_MEMORY_LIMIT; break;
        default: context->status = RSC_CORRUPT; break;
        }
    }
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    copy_message(context->message, text);
    longjmp(context->jump, 1);
}

// libjpeg reports recoverable damage as warnings and fills the rest with grey; for a medical
// image that is silent data loss, so the warnings that mean lost or invented pixels fail.
static void jpeg_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    switch (context->base.msg_code) {
    case JWRN_JPEG_EOF:
        // Our Huffman decoder reads further ahead than libjpeg's, so it can reach the end of a
        // cut-short input before a damage libjpeg would report first: libjpeg decides.
        context->status = context->fast_huffman ? RSC_DECODE_AGAIN : RSC_TRUNCATED;
        jpeg_fail(cinfo);
        break;
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
        context->status = RSC_CORRUPT;
        jpeg_fail(cinfo);
        break;
    default:
        break;  // e.g. unknown JFIF revision, extraneous bytes before a marker, bad ICC marker
    }
}

static void jpeg_silence(j_common_ptr cinfo) { (void)cinfo; }

// Our Huffman decoder met data only libjpeg's own decoder reproduces (jpeg_huffman.c): the call
// ends with RSC_DECODE_AGAIN, and the caller decodes again with RSC_JPEG_HUFFMAN_LIBJPEG.
static void jpeg_huffman_fallback(j_decompress_ptr cinfo) {
    jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
    context->status = RSC_DECODE_AGAIN;
    copy_message(context->message, "decode again with libjpeg's Huffman decoder");
    longjmp(context->jump, 1);
}

// A progressive JPEG can hold thousands of tiny scans that each cost a full pass over the
// coefficients (a CPU bomb in a small file); libjpeg-turbo's advice is to cap the scan count.
#define RSC_JPEG_MAX_SCANS 1000

static void jpeg_scan_limit(j_common_ptr cinfo) {
    if (cinfo->is_decompressor && ((j_decompress_ptr)cinfo)->input_scan_number > RSC_JPEG_MAX_SCANS) {
        jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
        context->status = RSC_CORRUPT;
        copy_message(context->message, "more than 1000 progressive scans");
        longjmp(context->jump, 1);
    }
}

static uint32_t read_u16(const uint8_t *p, int little_endian) {
    return little_endian ? (uint32_t)p[0] | (uint32_t)p[1] << 8 : (uint32_t)p[0] << 8 | (uint32_t)p[1];
}

static uint32_t read_u32(const uint8_t *p, int little_endian) {
    return little_endian ? read_u16(p, 1) | read_u16(p + 2, 1) << 16 : read_u16(p, 0) << 16 | read_u16(p + 2, 0);
}

// EXIF IFD0 Orientation (tag 0x0112, SHORT, count 1) from the first APP1 "Exif" marker.
static int32_t exif_orientation(j_decompress_ptr cinfo) {
    for (jpeg_saved_marker_ptr marker = cinfo->marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 6 + 8) continue;
        if (memcmp(marker->data, "Exif\0\0", 6) != 0) continue;
        const uint8_t *tiff = marker->data + 6;
        size_t length = marker->data_length - 6;
        int little_endian;
        if (tiff[0] == 'I' && tiff[1] == 'I') little_endian = 1;
        else if (tiff[0] == 'M' && tiff[1] == 'M') little_endian = 0;
        else return 1;
        if (read_u16(tiff + 2, little_endian) != 42) return 1;
        size_t ifd = read_u32(tiff + 4, little_endian);
        if (ifd < 8 || ifd + 2 > length) return 1;
        uint32_t count = read_u16(tiff + ifd, little_endian);
        for (uint32_t index = 0; index < count; index++) {
            size_t entry = ifd + 2 + 12 * (size_t)index;
            if (entry + 12 > length) return 1;
            if (read_u16(tiff + entry, little_endian) != 0x0112) continue;
            uint32_t type = read_u16(tiff + entry + 2, little_endian);
            uint32_t values = read_u32(tiff + entry + 4, little_endian);
            if (type != 3 || values != 1) return 1;
            uint32_t value = read_u16(tiff + entry + 8, little_endian);
            return value >= 1 && value <= 8 ? (int32_t)value : 1;
        }
        return 1;
    }
    return 1;
}

// Pillow's MULDIV255: a * b / 255 rounded, exactly as its CMYK → RGB conversion does it.
static inline uint8_t multiply_divide_255(unsigned a, unsigned b) {
    unsigned product = a * b + 128;
    return (uint8_t)(((product >> 8) + product) >> 8);
}

// Adobe (Photoshop) CMYK/YCCK JPEGs store inverted ink: a stored sample s means ink 255 - s.
static void cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, size_t width, int inverted) {
    for (size_t x = 0; x < width; x++) {
        unsigned ink[4];
        for (int c = 0; c < 4; c++) ink[c] = inverted ? 255u - cmyk[4 * x + c] : cmyk[4 * x + c];
        unsigned not_black = 255u - ink[3];
        for (int c = 0; c < 3; c++) rgb[3 * x + c] = (uint8_t)(not_black - multiply_divide_255(ink[c], not_black));
    }
}

// What jdcoefct.c requests for a multi-scan image: one virtual array of blocks per component,
// each side rounded up to the component's sampling factor, 64 JCOEFs per block.
static uint64_t coefficient_buffer_bytes(j_decompress_ptr cinfo) {
    if (!jpeg_has_multiple_scans(cinfo)) return 0;
    uint64_t total = 0;
    for (int index = 0; index < cinfo->num_components; index++) {
        const jpeg_component_info *component = &cinfo->comp_info[index];
        uint64_t columns = component->width_in_blocks, rows = component->height_in_blocks;
        uint64_t h = (uint64_t)component->h_samp_factor, v = (uint64_t)component->v_samp_factor;
        columns = (columns + h - 1) / h * h;
        rows = (rows + v - 1) / v * v;
        total += columns * rows * (uint64_t)(DCTSIZE2 * sizeof(JCOEF));
    }
    return total;
}

// A libjpeg source manager over an rsc_input's source: fill_input_buffer asks the source for the
// next bytes (it may block until they arrive). At the end of the input it warns JWRN_JPEG_EOF,
// as jpeg_mem_src does (our emit_message turns that into RSC_TRUNCATED); when the bytes stopped
// coming it fails with RSC_INPUT_INTERRUPTED. Either way the longjmp starts here, in C frames.
typedef struct {
    struct jpeg_source_mgr base;
    rsc_input_source source;
    void *source_context;
} jpeg_stream_source;

static void stream_init(j_decompress_ptr cinfo) { (void)cinfo; }
static void stream_term(j_decompress_ptr cinfo) { (void)cinfo; }

static const JOCTET stream_fake_eoi[2] = {0xFF, JPEG_EOI};

static boolean stream_fill(j_decompress_ptr cinfo) {
    jpeg_stream_source *stream = (jpeg_stream_source *)cinfo->src;
    const uint8_t *data = NULL;
    size_t size = 0;
    int result = stream->source(stream->source_context, &data, &size);
    if (result > 0 && data != NULL && size > 0) {
        stream->base.next_input_byte = data;
        stream->base.bytes_in_buffer = size;
        return TRUE;
    }
    if (result < 0) {
        jpeg_error_context *context = (jpeg_error_context *)cinfo->err;
        context->status = RSC_INPUT_INTERRUPTED;
        copy_message(context->message, "the input stopped arriving");
        longjmp(context->jump, 1);
    }
    WARNMS(cinfo, JWRN_JPEG_EOF);
    stream->base.next_input_byte = stream_fake_eoi;
    stream->base.bytes_in_buffer = 2;
    return TRUE;
}

static void stream_skip(j_decompress_ptr cinfo, long count) {
    struct jpeg_source_mgr *source = cinfo->src;
    if (count <= 0) return;
    while (count > (long)source->bytes_in_buffer) {
        count -= (long)source->bytes_in_buffer;
        (void)(*source->fill_input_buffer)(cinfo);
    }
    source->next_input_byte += (size_t)count;
    source->bytes_in_buffer -= (size_t)count;
}

// Decodes into `pixels` (whole image), or row by row into a private row buffer handed to
// `sink`, or (both NULL) reads the header only. The sink runs between libjpeg calls, so a
// longjmp never crosses its frames; so does the input's source.
static rsc_status jpeg_run(const rsc_input *input, int32_t scale_denominator, size_t max_memory, rsc_jpeg_huffman huffman,
                           uint8_t *pixels, size_t pixels_size, rsc_jpeg_row_sink sink, void *sink_context,
                           rsc_jpeg_info *info, rsc_message *message) {
    jpeg_stream_source stream = {0};
    struct jpeg_decompress_struct cinfo;
    jpeg_error_context context;
    uint8_t *volatile cmyk_row = NULL;
    uint8_t *volatile sink_row = NULL;

    memset(info, 0, sizeof *info);
    if (message != NULL) message->text[0] = '\0';
    if (scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 && scale_denominator != 8) {
        copy_message(message, "DCT scale denominator must be 1, 2, 4 or 8");
        return RSC_BUFFER_MISMATCH;
    }
    cinfo.err = jpeg_std_error(&context.base);
    context.base.error_exit = jpeg_fail;
    context.base.emit_message = jpeg_message;
    context.base.output_message = jpeg_silence;
    context.status = RSC_OK;
    context.message = message;
    context.fast_huffman = 0;
    if (setjmp(context.jump)) {
        if (context.status == RSC_TOO_LARGE) {
            // get_sof stored the claimed size before libjpeg refused it.
            info->width = cinfo.image_width;
            info->height = cinfo.image_height;
        }
        jpeg_destroy_decompress(&cinfo);
        free(cmyk_row);
        free(sink_row);
        return context.status == RSC_OK ? RSC_CORRUPT : context.status;
    }
    jpeg_create_decompress(&cinfo);
    struct jpeg_progress_mgr progress = {.progress_monitor = jpeg_scan_limit};
    cinfo.progress = &progress;
    if (input->source != NULL) {
        stream.base.init_source = stream_init;
        stream.base.fill_input_buffer = stream_fill;
        stream.base.skip_input_data = stream_skip;
        stream.base.resync_to_restart = jpeg_resync_to_restart;
        stream.base.term_source = stream_term;
        stream.source = input->source;
        stream.source_context = input->source_context;
        cinfo.src = &stream.base;
    } else {
        jpeg_mem_src(&cinfo, input->data, (unsigned long)input->size);
    }
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);

    info->width = cinfo.image_width;
    info->height = cinfo.image_height;
    info->components = cinfo.num_components;
    info->progressive = cinfo.progressive_mode ? 1 : 0;
    info->adobe_marker = cinfo.saw_Adobe_marker ? 1 : 0;
    info->orientation = exif_orientation(&cinfo);
    info->coefficient_bytes = coefficient_buffer_bytes(&cinfo);
    int cmyk = 0;
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        info->color_space = RSC_JPEG_GRAY;
        cinfo.out_color_space = JCS_GRAYSCALE;
        info->output_channels = 1;
        break;
    case JCS_YCbCr:
    case JCS_RGB:
        info->color_space = cinfo.jpeg_color_space == JCS_RGB ? RSC_JPEG_RGB : RSC_JPEG_YCBCR;
        cinfo.out_color_space = JCS_RGB;
        info->output_channels = 3;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        info->color_space = cinfo.jpeg_color_space == JCS_CMYK ? RSC_JPEG_CMYK : RSC_JPEG_YCCK;
        cinfo.out_color_space = JCS_CMYK;
        info->output_channels = 3;
        cmyk = 1;
        break;
    default:
        info->color_space = RSC_JPEG_OTHER;
        context.status = RSC_UNSUPPORTED;
        copy_message(message, "unsupported JPEG colour space");
        jpeg_destroy_decompress(&cinfo);
        return RSC_UNSUPPORTED;
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned)scale_denominator;
    jpeg_calc_output_dimensions(&cinfo);
    info->output_width = cinfo.output_width;
    info->output_height = cinfo.output_height;

    if (pixels == NULL && sink == NULL) {
        jpeg_destroy_decompress(&cinfo);
        return RSC_OK;
    }
    // libjpeg-turbo without a backing store would otherwise take whatever the header asks for.
    cinfo.mem->max_memory_to_use = max_memory > (size_t)LONG_MAX ? LONG_MAX : (long)max_memory;
    if (max_memory == 0 || info->coefficient_bytes > (uint64_t)max_memory) {
        char text[RSC_MESSAGE_CAPACITY];
        snprintf(text, sizeof text, "coefficient buffers of %llu bytes exceed the decoder memory limit of %zu bytes",
                 (unsigned long long)info->coefficient_bytes, max_memory);
        copy_message(message, text);
        jpeg_destroy_decompress(&cinfo);
        return RSC_MEMORY_LIMIT;
    }
    size_t stride = (size_t)cinfo.output_width * (size_t)info->output_channels;
    if (sink == NULL && pixels_size != stride * (size_t)cinfo.output_height) {
        copy_message(message, "pixel buffer size does not match the decoded image");
        jpeg_destroy_decompress(&cinfo);
        return RSC_BUFFER_MISMATCH;
    }
    jpeg_start_decompress(&cinfo);
    if (huffman == RSC_JPEG_HUFFMAN_FAST) context.fast_huffman = rsc_jpeg_install_huffman_decoder(&cinfo, jpeg_huffman_fallback);
    if (cinfo.output_components != (cmyk ? 4 : info->output_channels)) {
        context.status = RSC_UNSUPPORTED;
        ERREXIT(&cinfo, JERR_CONVERSION_NOTIMPL);
    }
    if (cmyk) {
        cmyk_row = malloc((size_t)cinfo.output_width * 4);
        if (cmyk_row == NULL) {
            context.status = RSC_OUT_OF_MEMORY;
            ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 0);
        }
    }
    if (sink != NULL) {
        sink_row = malloc(stride);
        if (sink_row == NULL) {
            context.status = RSC_OUT_OF_MEMORY;
            ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 0);
        }
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        uint32_t index = cinfo.output_scanline;
        uint8_t *destination = sink != NULL ? sink_row : pixels + (size_t)index * stride;
        JSAMPROW row = cmyk ? cmyk_row : destination;
        if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) {
            context.status = RSC_TRUNCATED;
            ERREXIT(&cinfo, JERR_INPUT_EOF);
        }
        if (cmyk) cmyk_row_to_rgb(cmyk_row, destination, cinfo.output_width, cinfo.saw_Adobe_marker);
        if (sink != NULL) sink(sink_context, destination, index);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(cmyk_row);
    free(sink_row);
    return RSC_OK;
}

rsc_status rsc_jpeg_probe(const rsc_input *input, int32_t scale_denominator, rsc_jpeg_info *info,
                          rsc_message *message) {
    return jpeg_run(input, scale_denominator, 0, RSC_JPEG_HUFFMAN_LIBJPEG, NULL, 0, NULL, NULL, info, message);
}

rsc_status rsc_jpeg_decode(const rsc_input *input, int32_t scale_denominator, size_t max_memory, rsc_jpeg_huffman huffman,
                           uint8_t *pixels, size_t pixels_size, rsc_jpeg_info *info, rsc_message *message) {
    if (pixels == NULL) {
        copy_message(message, "no pixel buffer");
        return RSC_BUFFER_MISMATCH;
    }
    return jpeg_run(input, scale_denominator, max_memory, huffman, pixels, pixels_size, NULL, NULL, info, message);
}

rsc_status rsc_jpeg_decode_rows(const rsc_input *input, int32_t scale_denominator, size_t max_memory,
                                rsc_jpeg_huffman huffman, rsc_jpeg_row_sink sink, void *sink_context,
                                rsc_jpeg_info *info, rsc_message *message) {
    if (sink == NULL) {
        copy_message(message, "no row sink");
        return RSC_BUFFER_MISMATCH;
    }
    return jpeg_run(input, scale_denominator, max_memory, huffman, NULL, 0, sink, sink_context, info, message);
}

// MARK: - PNG

typedef struct {
    rsc_status status;
    rsc_message *message;
    const uint8_t *data;
    size_t size;
    size_t offset;
} png_context;

static void png_fail(png_structp png, png_const_charp text) {
    png_context *context = (png_context *)png_get_error_ptr(png);
    if (context->status == RSC_OK) context->status = RSC_CORRUPT;
    copy_message(context->message, text);
    png_longjmp(png, 1);
}

// libpng only warns (a "benign error") about image data that does not match IHDR once the last
// row is read: more data than the image ("Too much image data"), bytes after the zlib stream
// ("Extra compressed data"), an IDAT after another chunk, and any zlib error it meets while
// draining the stream, an Adler-32 mismatch included — but a mismatch it meets while still
// reading rows is an error, depending on where the chunk and read-buffer boundaries fall. For a
// medical image, data that is not exactly what IHDR describes is corrupt, so every warning about
// IDAT is an error here, whatever the boundaries; the PNG fast path (libdeflate) agrees. Other
// chunks' warnings (an ignored ancillary chunk) stay warnings.
static void png_warn(png_structp png, png_const_charp text) {
    const png_uint_32 idat = 0x49444154u;  // "IDAT"
    if (png_get_io_chunk_type(png) == idat) png_error(png, text);
}

static void png_read_memory(png_structp png, png_bytep out, size_t length) {
    png_context *context = (png_context *)png_get_error_ptr(png);
    if (length > context->size - context->offset) {
        context->status = RSC_TRUNCATED;
        png_error(png, "PNG data ends early");
    }
    memcpy(out, context->data + context->offset, length);
    context->offset += length;
}

// libpng allocates an ancillary chunk's buffer from its length field before reading it, and
// libpng 1.6.39's sPLT handler has no cap: a 130-byte file whose sPLT length said 1.9 GB made
// it malloc 1.9 GB (found by FuzzPNG). Every chunk up to IEND must fit in the input, so check
// the lengths first; nothing then asks for more than the file holds.
static rsc_status png_check_chunk_lengths(const uint8_t *data, size_t size, rsc_message *message) {
    size_t offset = 8;
    while (size - offset >= 8) {
        uint32_t length = read_u32(data + offset, 0);
        if (length > 0x7fffffffu) {
            copy_message(message, "PNG chunk length above 2^31-1");
            return RSC_CORRUPT;
        }
        if ((size_t)length + 12 > size - offset) {
            copy_message(message, "PNG data ends early");
            return RSC_TRUNCATED;
        }
        if (memcmp(data + offset + 4, "IEND", 4) == 0) return RSC_OK;
        offset += (size_t)length + 12;
    }
    return RSC_OK;  // a cut chunk header: libpng reports the missing bytes itself
}

static rsc_status png_run(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixels_size, rsc_png_info *info,
                          rsc_message *message) {
    png_context context = {RSC_OK, message, data, size, 0};
    png_structp png = NULL;
    png_infop png_info = NULL;

    memset(info, 0, sizeof *info);
    if (message != NULL) message->text[0] = '\0';
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        copy_message(message, "not a PNG signature");
        return RSC_CORRUPT;
    }
    rsc_status lengths = png_check_chunk_lengths(data, size, message);
    if (lengths != RSC_OK) return lengths;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &context, png_fail, png_warn);
    if (png == NULL) {
        copy_message(message, "cannot create a PNG decoder");
        return RSC_OUT_OF_MEMORY;
    }
    png_info = png_create_info_struct(png);
    if (png_info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        copy_message(message, "cannot create a PNG decoder");
        return RSC_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &png_info, NULL);
        return context.status == RSC_OK ? RSC_CORRUPT : context.status;
    }
    png_set_read_fn(png, NULL, png_read_memory);
    // Critical chunks already fail on a CRC error; ancillary ones would be dropped with a warning.
    png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    // Size limits are the caller's (checked on the probed header); libpng's default of 1000000
    // per side would turn a bomb into a generic IHDR error instead of a typed "too large".
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    // Its one warning about pixels (a palette index beyond PLTE, which decodes as black) is
    // issued while IDAT is the current chunk: turned off, so it stays what it was, not an error.
    png_set_check_for_invalid_index(png, 0);
    png_read_info(png, png_info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, png_info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    info->width = width;
    info->height = height;
    info->bit_depth = bit_depth;
    info->color_type = color_type;
    info->interlaced = interlace != PNG_INTERLACE_NONE;
    info->output_channels = (color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
    info->output_bytes_per_sample = bit_depth == 16 ? 2 : 1;
    if (pixels == NULL) {
        png_destroy_read_struct(&png, &png_info, NULL);
        return RSC_OK;
    }
    size_t stride = (size_t)width * (size_t)info->output_channels * (size_t)info->output_bytes_per_sample;
    if (pixels_size != stride * (size_t)height) {
        png_destroy_read_struct(&png, &png_info, NULL);
        copy_message(message, "pixel buffer size does not match the decoded image");
        return RSC_BUFFER_MISMATCH;
    }
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    // Alpha is dropped, not composited: see docs/imaging.md. The strip runs after palette/tRNS expansion.
    png_set_strip_alpha(png);
    if (bit_depth == 16) {
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 1) png_set_swap(png);  // PNG is big-endian; deliver host order
    }
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, png_info);
    if (png_get_rowbytes(png, png_info) != stride) {
        context.status = RSC_UNSUPPORTED;
        png_error(png, "unexpected PNG row layout after transformations");
    }
    for (int pass = 0; pass < passes; pass++) {
        for (png_uint_32 y = 0; y < height; y++) png_read_row(png, pixels + (size_t)y * stride, NULL);
    }
    // With an info struct, libpng applies its chunk rules after IDAT too (an unknown critical
    // chunk, a second PLTE, an IDAT after another chunk are errors); without one it only checks
    // each chunk's CRC there.
    png_read_end(png, png_info);
    png_destroy_read_struct(&png, &png_info, NULL);
    return RSC_OK;
}

rsc_status rsc_png_probe(const uint8_t *data, size_t size, rsc_png_info *info, rsc_message *message) {
    return png_run(data, size, NULL, 0, info, message);
}

rsc_status rsc_png_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixels_size, rsc_png_info *info,
                          rsc_message *message) {
    if (pixels == NULL) {
        copy_message(message, "no pixel buffer");
        return RSC_BUFFER_MISMATCH;
    }
    return png_run(data, size, pixels, pixels_size, info, message);
}
