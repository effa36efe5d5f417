// A Huffman entropy decoder for single-scan JPEGs (ITU-T T.81 F.2.2), installed into libjpeg-turbo
// in place of its own after jpeg_start_decompress: libjpeg still reads the markers and does the
// IDCT, upsampling and colour conversion; this only turns entropy-coded bytes into coefficients.
//
// Why: on a 2500 × 3000 film JPEG the entropy decoding is three quarters of libjpeg-turbo 2.1's
// time. Two things make this one faster: a 64-bit bit buffer refilled 7–8 bytes at a time when
// none of them is 0xFF, and an AC table that gives run, value and total length in one lookup
// when a code and its magnitude bits fit in FAST_BITS (docs/imaging.md has the figures).
//
// Exactness: the coefficients equal libjpeg's, and so do its warnings, which our error manager
// turns into failures: a marker inside the data (a needed bit beyond it is JWRN_HIT_MARKER),
// restart markers (read by libjpeg's marker reader), the end of the input (the source warns).
// Two cases depend on whether libjpeg happens to be in its fast or slow path, which follows how
// many bytes its source holds: a bad Huffman code (fast: symbol 0, silently; slow: a warning)
// and 0xFF fill bytes inside the data (fast: read as a marker, the MCU decoded again by the slow
// path over blocks it already wrote). For those the decoder calls the fallback, and the caller
// decodes the image again with libjpeg's own decoder: the result is libjpeg's, whatever it is.
// So does the end of a cut-short input (CImageCodecs.c, JWRN_JPEG_EOF): reading further ahead
// than libjpeg, this decoder can meet it before a damage libjpeg would report first.
#define JPEG_INTERNALS
#include "jpeg_huffman.h"

#include <stdint.h>
#include <string.h>

#include <jerror.h>

/// Bits looked up at once: 2^10 entries per table (2 KB of codes, 4 KB of AC fast entries).
#define FAST_BITS 10

typedef struct {
    /// Codes longer than FAST_BITS, canonically (as jpeg_make_d_derived_tbl): the largest code
    /// of each length (-1: none; [17] is a sentinel) and the offset from a code to its symbol.
    int32_t maxcode[18];
    int32_t valoffset[18];
    uint8_t huffval[256];
    /// Codes of at most FAST_BITS bits, indexed by the next FAST_BITS bits: length << 8 | symbol; 0 if longer.
    uint16_t lookup[1 << FAST_BITS];
    /// AC tables only: when the code and its magnitude bits fit in FAST_BITS, the coefficient
    /// (value << 8), its zero run (<< 4) and the bits both take; 0 otherwise.
    int32_t ac_fast[1 << FAST_BITS];
} huffman_table;

typedef struct {
    struct jpeg_entropy_decoder pub;  // first: libjpeg sees only this
    /// The next bits of the data at bit 63 down; `count` of them are real, the rest zeros.
    uint64_t bits;
    int count;
    int last_dc[MAX_COMPS_IN_SCAN];
    unsigned restarts_to_go;
    const huffman_table *dc[D_MAX_BLOCKS_IN_MCU];
    const huffman_table *ac[D_MAX_BLOCKS_IN_MCU];
    int component[D_MAX_BLOCKS_IN_MCU];
    huffman_table tables[2 * NUM_HUFF_TBLS];  // DC 0–3, then AC 0–3
    rsc_jpeg_huffman_fallback fallback;
} huffman_decoder;

/// Zigzag to natural order, with 16 entries more pointing at 63 as libjpeg's jpeg_natural_order:
/// a corrupt run past the block's end writes coefficient 63, as libjpeg does.
static const int natural_order[64 + 16] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13,
    6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31,
    39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63};

/// Builds `table` from `source` as jpeg_make_d_derived_tbl does (libjpeg has already checked it
/// when it started the scan). Returns 0 for a table libjpeg would have refused.
static int build_table(huffman_table *table, const JHUFF_TBL *source, int is_ac) {
    char size[257];
    unsigned code[257];
    int p = 0;
    for (int length = 1; length <= 16; length++) {
        int n = source->bits[length];
        if (p + n > 256) return 0;
        while (n--) size[p++] = (char)length;
    }
    size[p] = 0;
    unsigned next = 0;
    int length = size[0];
    p = 0;
    while (size[p]) {
        while (size[p] == length) code[p++] = next++;
        if (next >= (1u << length)) return 0;
        next <<= 1;
        length++;
    }
    p = 0;
    for (length = 1; length <= 16; length++) {
        if (source->bits[length]) {
            table->valoffset[length] = (int32_t)p - (int32_t)code[p];
            p += source->bits[length];
            table->maxcode[length] = (int32_t)code[p - 1];
        } else {
            table->maxcode[length] = -1;
        }
    }
    table->valoffset[17] = 0;
    table->maxcode[17] = INT32_MAX;
    memcpy(table->huffval, source->huffval, sizeof table->huffval);
    memset(table->lookup, 0, sizeof table->lookup);
    memset(table->ac_fast, 0, sizeof table->ac_fast);
    p = 0;
    for (length = 1; length <= FAST_BITS; length++) {
        for (int i = 0; i < source->bits[length]; i++, p++) {
            unsigned first = code[p] << (FAST_BITS - length);
            for (unsigned fill = 0; fill < (1u << (FAST_BITS - length)); fill++) {
                table->lookup[first + fill] = (uint16_t)((length << 8) | source->huffval[p]);
            }
        }
    }
    if (!is_ac) return 1;
    for (unsigned look = 0; look < (1u << FAST_BITS); look++) {
        int entry = table->lookup[look];
        int code_length = entry >> 8, run = (entry >> 4) & 15, magnitude = entry & 15;
        if (entry == 0 || magnitude == 0 || code_length + magnitude > FAST_BITS) continue;
        int raw = (int)(look >> (FAST_BITS - code_length - magnitude)) & ((1 << magnitude) - 1);
        int value = raw < (1 << (magnitude - 1)) ? raw - (1 << magnitude) + 1 : raw;
        table->ac_fast[look] = (int32_t)((uint32_t)value << 8) | (run << 4) | (code_length + magnitude);
    }
    return 1;
}

/// The next byte of the source, asking it for more when it is empty (it may block until more
/// bytes arrive; at the end of the input it warns and hands over a fake EOI, as jpeg_mem_src).
static int next_byte(j_decompress_ptr cinfo, const JOCTET **p, size_t *n) {
    if (*n == 0) {
        struct jpeg_source_mgr *source = cinfo->src;
        if (!(*source->fill_input_buffer)(cinfo)) ERREXIT(cinfo, JERR_CANT_SUSPEND);
        *p = source->next_input_byte;
        *n = source->bytes_in_buffer;
    }
    (*n)--;
    return *(*p)++;
}

/// Tops the bit buffer up to at least 57 real bits, reading bytes as jpeg_fill_bit_buffer does:
/// 0xFF 0x00 is a data byte 0xFF; 0xFF then another byte is a marker, left in
/// cinfo->unread_marker for libjpeg's marker reader, after which only zero bits follow.
static void refill(j_decompress_ptr cinfo, huffman_decoder *decoder) {
    struct jpeg_source_mgr *source = cinfo->src;
    const JOCTET *p = source->next_input_byte;
    size_t n = source->bytes_in_buffer;
    while (decoder->count <= 56 && cinfo->unread_marker == 0) {
        int c = next_byte(cinfo, &p, &n);
        if (c == 0xFF) {
            c = next_byte(cinfo, &p, &n);
            if (c == 0xFF) {
                source->next_input_byte = p;
                source->bytes_in_buffer = n;
                decoder->fallback(cinfo);
            }
            if (c != 0) {
                cinfo->unread_marker = c;
                break;
            }
            c = 0xFF;
        }
        decoder->bits |= (uint64_t)c << (56 - decoder->count);
        decoder->count += 8;
    }
    source->next_input_byte = p;
    source->bytes_in_buffer = n;
}

/// A needed bit lies beyond a marker: libjpeg's warning (a failure with our error manager; if
/// a handler returns, the rest of the scan decodes as zeros, as libjpeg's would).
static void out_of_data(j_decompress_ptr cinfo, huffman_decoder *decoder) {
    if (!decoder->pub.insufficient_data) {
        WARNMS(cinfo, JWRN_HIT_MARKER);
        decoder->pub.insufficient_data = TRUE;
    }
}

/// One symbol whose code is longer than FAST_BITS, or any symbol when few real bits are left.
/// Returns -1 when the code needs bits beyond the data.
static int decode_long_code(j_decompress_ptr cinfo, huffman_decoder *decoder, const huffman_table *table) {
    int length = 1;
    int32_t code = (int32_t)(decoder->bits >> 63);
    while (length <= 16 && code > table->maxcode[length]) {
        code = (int32_t)(decoder->bits >> (63 - length));
        length++;
    }
    if (length > decoder->count) {
        out_of_data(cinfo, decoder);
        return -1;
    }
    if (length > 16) decoder->fallback(cinfo);  // a bad code
    decoder->bits <<= length;
    decoder->count -= length;
    return table->huffval[(code + table->valoffset[length]) & 0xFF];
}

static inline int extend(int raw, int magnitude) { return raw < (1 << (magnitude - 1)) ? raw - (1 << magnitude) + 1 : raw; }

// The bit reader lives in locals while an MCU is decoded: the buffer, its count, and the source.
#define LOAD_STATE()                                     \
    uint64_t bits = decoder->bits;                       \
    int count = decoder->count;                          \
    const JOCTET *p = cinfo->src->next_input_byte;       \
    size_t n = cinfo->src->bytes_in_buffer
#define SAVE_STATE()                           \
    do {                                       \
        decoder->bits = bits;                  \
        decoder->count = count;                \
        cinfo->src->next_input_byte = p;       \
        cinfo->src->bytes_in_buffer = n;       \
    } while (0)
#define RELOAD_STATE()                         \
    do {                                       \
        bits = decoder->bits;                  \
        count = decoder->count;                \
        p = cinfo->src->next_input_byte;       \
        n = cinfo->src->bytes_in_buffer;       \
    } while (0)
// At least 32 real bits (a code and its magnitude bits) unless a marker ends the data: whole
// bytes at once when the next 8 hold no 0xFF, else byte by byte.
#define FILL()                                                                                   \
    do {                                                                                         \
        if (count < 32) {                                                                        \
            uint64_t next_ = 0;                                                                  \
            int whole_bytes_ = 0;                                                                \
            if (n >= 8 && cinfo->unread_marker == 0) {                                           \
                memcpy(&next_, p, 8);                                                            \
                next_ = __builtin_bswap64(next_);                                                \
                whole_bytes_ = (((~next_) - 0x0101010101010101ULL) & next_ & 0x8080808080808080ULL) == 0; \
            }                                                                                    \
            if (whole_bytes_) {                                                                  \
                int take_ = (63 - count) >> 3;                                                   \
                bits |= ((next_ >> (64 - 8 * take_)) << (64 - 8 * take_)) >> count;              \
                count += 8 * take_;                                                              \
                p += take_;                                                                      \
                n -= (size_t)take_;                                                              \
            } else {                                                                             \
                SAVE_STATE();                                                                    \
                refill(cinfo, decoder);                                                          \
                RELOAD_STATE();                                                                  \
            }                                                                                    \
        }                                                                                        \
    } while (0)
#define DECODE_SYMBOL(symbol, table)                                    \
    do {                                                                \
        int entry_ = (table)->lookup[bits >> (64 - FAST_BITS)];         \
        if (entry_ != 0 && (entry_ >> 8) <= count) {                    \
            bits <<= entry_ >> 8;                                       \
            count -= entry_ >> 8;                                       \
            symbol = entry_ & 0xFF;                                     \
        } else {                                                        \
            SAVE_STATE();                                               \
            symbol = decode_long_code(cinfo, decoder, (table));         \
            RELOAD_STATE();                                             \
            if (symbol < 0) return TRUE;                                \
        }                                                               \
    } while (0)
#define RECEIVE_EXTEND(value, magnitude)                                \
    do {                                                                \
        if ((magnitude) > count) {                                      \
            SAVE_STATE();                                               \
            out_of_data(cinfo, decoder);                                \
            return TRUE;                                                \
        }                                                               \
        int raw_ = (int)(bits >> (64 - (magnitude)));                   \
        bits <<= (magnitude);                                           \
        count -= (magnitude);                                           \
        value = extend(raw_, (magnitude));                              \
    } while (0)

/// libjpeg's decode_mcu: the MCU's blocks (zeroed by the coefficient controller) get their
/// coefficients. TRUE always: the source blocks instead of suspending.
static boolean decode_mcu(j_decompress_ptr cinfo, JBLOCKROW *MCU_data) {
    huffman_decoder *decoder = (huffman_decoder *)cinfo->entropy;
    if (cinfo->restart_interval) {
        if (decoder->restarts_to_go == 0) {
            // As libjpeg's process_restart: drop the unused bits, read RSTn, reset predictions.
            cinfo->marker->discarded_bytes += (unsigned)(decoder->count / 8);
            decoder->bits = 0;
            decoder->count = 0;
            if (!(*cinfo->marker->read_restart_marker)(cinfo)) ERREXIT(cinfo, JERR_CANT_SUSPEND);
            for (int component = 0; component < cinfo->comps_in_scan; component++) decoder->last_dc[component] = 0;
            decoder->restarts_to_go = cinfo->restart_interval;
            if (cinfo->unread_marker == 0) decoder->pub.insufficient_data = FALSE;
        }
        decoder->restarts_to_go--;
    }
    // Out of data: the rest of the segment stays zero, as libjpeg leaves it.
    if (decoder->pub.insufficient_data) return TRUE;
    LOAD_STATE();
    for (int blkn = 0; blkn < cinfo->blocks_in_MCU; blkn++) {
        JCOEF *block = MCU_data[blkn][0];
        const huffman_table *dc = decoder->dc[blkn], *ac = decoder->ac[blkn];
        FILL();
        int symbol;
        DECODE_SYMBOL(symbol, dc);
        int difference = 0;
        if (symbol) RECEIVE_EXTEND(difference, symbol);
        int component = decoder->component[blkn];
        decoder->last_dc[component] = (int)((unsigned)decoder->last_dc[component] + (unsigned)difference);
        block[0] = (JCOEF)decoder->last_dc[component];
        for (int k = 1; k < 64; k++) {
            FILL();
            int32_t fast = ac->ac_fast[bits >> (64 - FAST_BITS)];
            if (fast != 0 && (fast & 15) <= count) {
                k += (fast >> 4) & 15;
                bits <<= fast & 15;
                count -= fast & 15;
                block[natural_order[k]] = (JCOEF)(fast >> 8);
                continue;
            }
            DECODE_SYMBOL(symbol, ac);
            int run = symbol >> 4, magnitude = symbol & 15;
            if (magnitude) {
                k += run;
                int value;
                RECEIVE_EXTEND(value, magnitude);
                block[natural_order[k]] = (JCOEF)value;
            } else {
                if (run != 15) break;  // end of block
                k += 15;               // sixteen zeros
            }
        }
    }
    SAVE_STATE();
    return TRUE;
}

/// A single-scan image never starts a second scan (libjpeg fails on the SOS first).
static void start_pass(j_decompress_ptr cinfo) { ERREXIT(cinfo, JERR_EOI_EXPECTED); }

int rsc_jpeg_install_huffman_decoder(j_decompress_ptr cinfo, rsc_jpeg_huffman_fallback fallback) {
    if (cinfo->progressive_mode || cinfo->arith_code || cinfo->data_precision != 8 || jpeg_has_multiple_scans(cinfo) ||
        cinfo->buffered_image || cinfo->comps_in_scan < 1 || cinfo->comps_in_scan > MAX_COMPS_IN_SCAN ||
        cinfo->blocks_in_MCU < 1 || cinfo->blocks_in_MCU > D_MAX_BLOCKS_IN_MCU || cinfo->output_scanline != 0 ||
        cinfo->entropy == NULL || cinfo->entropy->insufficient_data || fallback == NULL)
        return 0;
    huffman_decoder *decoder =
        (huffman_decoder *)(*cinfo->mem->alloc_small)((j_common_ptr)cinfo, JPOOL_IMAGE, sizeof(huffman_decoder));
    memset(decoder, 0, sizeof *decoder);
    for (int component = 0; component < cinfo->comps_in_scan; component++) {
        const jpeg_component_info *info = cinfo->cur_comp_info[component];
        int dc = info->dc_tbl_no, ac = info->ac_tbl_no;
        if (dc < 0 || dc >= NUM_HUFF_TBLS || ac < 0 || ac >= NUM_HUFF_TBLS) return 0;
        if (cinfo->dc_huff_tbl_ptrs[dc] == NULL || cinfo->ac_huff_tbl_ptrs[ac] == NULL) return 0;
        if (!build_table(&decoder->tables[dc], cinfo->dc_huff_tbl_ptrs[dc], 0)) return 0;
        if (!build_table(&decoder->tables[NUM_HUFF_TBLS + ac], cinfo->ac_huff_tbl_ptrs[ac], 1)) return 0;
    }
    for (int blkn = 0; blkn < cinfo->blocks_in_MCU; blkn++) {
        int component = cinfo->MCU_membership[blkn];
        const jpeg_component_info *info = cinfo->cur_comp_info[component];
        decoder->component[blkn] = component;
        decoder->dc[blkn] = &decoder->tables[info->dc_tbl_no];
        decoder->ac[blkn] = &decoder->tables[NUM_HUFF_TBLS + info->ac_tbl_no];
    }
    decoder->restarts_to_go = cinfo->restart_interval;
    decoder->fallback = fallback;
    decoder->pub.start_pass = start_pass;
    decoder->pub.decode_mcu = decode_mcu;
    decoder->pub.insufficient_data = FALSE;
    cinfo->entropy = &decoder->pub;
    return 1;
}
