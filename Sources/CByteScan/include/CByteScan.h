#ifndef CBYTESCAN_H
#define CBYTESCAN_H

// Byte searches for the XML scanner's hot loops (issue 20, item 2), sixteen bytes at a time.
//
// Why C: Swift's SIMD types have no byte-mask extraction (`pmovmskb`), so a sixteen-byte compare
// cannot become the index of its first match; the eight-byte SWAR searches the scanner used need
// about three times the instructions per byte. The functions are `static inline` so that the
// Swift compiler inlines them into the scanner's loops (a call per attribute value would cost
// about what it saves). SSE2 is part of the x86-64 baseline; elsewhere the portable loops run.
//
// Invariants: every function reads only `bytes[0 ..< count]` (the last sixteen bytes are read
// again, overlapping, instead of reading past the end) and gives the same result as its
// portable form, which the tests check at every length and alignment.

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Always inlined: left to itself, the optimiser kept the searches as calls from Swift.
#if defined(__GNUC__) || defined(__clang__)
#define JINGZHUN_BYTE_SCAN static inline __attribute__((always_inline))
#else
#define JINGZHUN_BYTE_SCAN static inline
#endif

#if defined(__SSE2__)
/// The index of the first byte of `bytes[0 ..< count]` (`count` ≥ 16) whose bit is set in
/// `marks(block)` for the sixteen-byte block holding it, or `count` when there is none. The last
/// block overlaps the one before it instead of reading past `count`. `marks` is a constant
/// function inlined here: one loop for every sixteen-byte search.
JINGZHUN_BYTE_SCAN size_t jingzhun_first_marked16(const uint8_t *bytes, size_t count, unsigned (*marks)(__m128i)) {
    size_t index = 0;
    for (;;) {
        size_t at = count - index >= 16 ? index : count - 16;
        unsigned mask = marks(_mm_loadu_si128((const __m128i *)(bytes + at)));
        // Bytes before `index` (in an overlapping last block) were searched already.
        mask = (mask >> (index - at)) << (index - at);
        if (mask != 0) return at + (size_t)__builtin_ctz(mask);
        if (at + 16 >= count) return count;
        index = at + 16;
    }
}

/// The bytes of `block` that stop an attribute value's plain run, as a 16-bit mask.
JINGZHUN_BYTE_SCAN unsigned jingzhun_attribute_value_stops16(__m128i block) {
    // Signed compare: bytes 0x80-0xFF are negative, so `< 0x20` also catches them.
    __m128i stops = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi8(block, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(block, _mm_set1_epi8(0x7F))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('"')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\''))),
                     _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('<')), _mm_cmpeq_epi8(block, _mm_set1_epi8('&')))));
    return (unsigned)_mm_movemask_epi8(stops);
}

/// The bytes of `block` that are not a space, LF or TAB, as a 16-bit mask.
JINGZHUN_BYTE_SCAN unsigned jingzhun_non_blanks16(__m128i block) {
    __m128i blank = _mm_or_si128(
        _mm_cmpeq_epi8(block, _mm_set1_epi8(0x20)),
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8(0x0A)), _mm_cmpeq_epi8(block, _mm_set1_epi8(0x09))));
    return ~(unsigned)_mm_movemask_epi8(blank) & 0xFFFFu;
}
#endif

/// Whether `byte` stops an attribute value's plain run: below 0x20, 0x7F and above, `"`, `'`,
/// `<`, `&` (the scanner decides what each of them means).
JINGZHUN_BYTE_SCAN int jingzhun_is_attribute_value_stop(uint8_t byte) {
    return byte < 0x20 || byte >= 0x7F || byte == '"' || byte == '\'' || byte == '<' || byte == '&';
}

/// `jingzhun_attribute_value_stop` a byte at a time.
JINGZHUN_BYTE_SCAN size_t jingzhun_attribute_value_stop_portable(const uint8_t *bytes, size_t count) {
    for (size_t index = 0; index < count; index++) {
        if (jingzhun_is_attribute_value_stop(bytes[index])) return index;
    }
    return count;
}

/// The index of the first byte of `bytes[0 ..< count]` that stops an attribute value's plain run
/// (`jingzhun_is_attribute_value_stop`), or `count` when there is none.
JINGZHUN_BYTE_SCAN size_t jingzhun_attribute_value_stop(const uint8_t *bytes, size_t count) {
#if defined(__SSE2__)
    if (count >= 16) return jingzhun_first_marked16(bytes, count, jingzhun_attribute_value_stops16);
#endif
    return jingzhun_attribute_value_stop_portable(bytes, count);
}

/// `jingzhun_blank_run` a byte at a time.
JINGZHUN_BYTE_SCAN size_t jingzhun_blank_run_portable(const uint8_t *bytes, size_t count) {
    for (size_t index = 0; index < count; index++) {
        uint8_t byte = bytes[index];
        if (byte != 0x20 && byte != 0x0A && byte != 0x09) return index;
    }
    return count;
}

/// The length of the run of spaces, line ends (LF) and TABs at the start of `bytes[0 ..< count]`:
/// the indentation between elements.
JINGZHUN_BYTE_SCAN size_t jingzhun_blank_run(const uint8_t *bytes, size_t count) {
#if defined(__SSE2__)
    if (count >= 16) return jingzhun_first_marked16(bytes, count, jingzhun_non_blanks16);
#endif
    return jingzhun_blank_run_portable(bytes, count);
}

/// `jingzhun_line_ends` a byte at a time.
JINGZHUN_BYTE_SCAN size_t jingzhun_line_ends_portable(const uint8_t *bytes, size_t count, size_t *last) {
    size_t found = 0;
    for (size_t index = 0; index < count; index++) {
        if (bytes[index] == 0x0A) {
            found++;
            *last = index;
        }
    }
    return found;
}

#if defined(__SSE2__)
/// Set bits of a sixteen-bit mask (the x86-64 baseline has no POPCNT instruction).
JINGZHUN_BYTE_SCAN size_t jingzhun_bits16(unsigned mask) {
    mask = mask - ((mask >> 1) & 0x5555u);
    mask = (mask & 0x3333u) + ((mask >> 2) & 0x3333u);
    mask = (mask + (mask >> 4)) & 0x0F0Fu;
    return (size_t)((mask + (mask >> 8)) & 0x1Fu);
}
#endif

/// The number of line ends (LF) in `bytes[0 ..< count]`; `*last` is set to the index of the last
/// one when there is any, and left alone otherwise.
JINGZHUN_BYTE_SCAN size_t jingzhun_line_ends(const uint8_t *bytes, size_t count, size_t *last) {
#if defined(__SSE2__)
    if (count >= 16) {
        const __m128i newline = _mm_set1_epi8(0x0A);
        size_t found = 0;
        size_t index = 0;
        for (;;) {
            size_t at = count - index >= 16 ? index : count - 16;
            __m128i block = _mm_loadu_si128((const __m128i *)(bytes + at));
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline));
            mask = (mask >> (index - at)) << (index - at);
            if (mask != 0) {
                found += jingzhun_bits16(mask);
                *last = at + 31 - (size_t)__builtin_clz(mask);
            }
            if (at + 16 >= count) return found;
            index = at + 16;
        }
    }
#endif
    return jingzhun_line_ends_portable(bytes, count, last);
}

/// `jingzhun_continuation_bytes` a byte at a time.
JINGZHUN_BYTE_SCAN size_t jingzhun_continuation_bytes_portable(const uint8_t *bytes, size_t count) {
    size_t found = 0;
    for (size_t index = 0; index < count; index++) found += (bytes[index] & 0xC0) == 0x80;
    return found;
}

/// The number of UTF-8 continuation bytes (10xxxxxx) in `bytes[0 ..< count]`.
JINGZHUN_BYTE_SCAN size_t jingzhun_continuation_bytes(const uint8_t *bytes, size_t count) {
#if defined(__SSE2__)
    if (count >= 16) {
        // As signed bytes, 0x80-0xBF are exactly those below -64 (0xC0).
        const __m128i lead = _mm_set1_epi8((char)0xC0);
        size_t found = 0;
        size_t index = 0;
        for (;;) {
            size_t at = count - index >= 16 ? index : count - 16;
            __m128i block = _mm_loadu_si128((const __m128i *)(bytes + at));
            unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(block, lead));
            mask = (mask >> (index - at)) << (index - at);
            found += jingzhun_bits16(mask);
            if (at + 16 >= count) return found;
            index = at + 16;
        }
    }
#endif
    return jingzhun_continuation_bytes_portable(bytes, count);
}

#endif
