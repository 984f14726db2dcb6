// SHA-256 compression for the pseudonymiser (issue 20): the keyed HMAC states are absorbed
// once per key, so a pseudonym is exactly two compressions over caller-framed blocks. Through
// swift-crypto's `SHA256` each of those also copied and allocated a context (copy on write),
// which cost five times the compressions themselves. Discovery's two digests of every inbox file
// (the file's, and the submission's content hash over the same bytes) run as a pair of streams.

#include "CSHA256Block.h"

#include <string.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void jingzhun_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    uint32_t w[64];
    for (size_t block = 0; block < blocks; block++, data += 64) {
        for (int t = 0; t < 16; t++) {
            const uint8_t *p = data + 4 * t;
            w[t] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
        }
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

// The SHA extensions (Intel SHA-NI): four rounds per pair of `sha256rnds2`, the message
// schedule by `sha256msg1` / `sha256msg2`. State is kept as ABEF and CDGH.
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_x86(uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH
    for (size_t block = 0; block < blocks; block++, data += 64) {
        const __m128i abefSaved = state0;
        const __m128i cdghSaved = state1;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byteSwap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byteSwap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byteSwap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byteSwap);
// Four rounds on the message words `words` (W[4g..4g+3]) and K[4g..4g+3].
#define JINGZHUN_SHA256_ROUNDS(words, group)                                                  \
    do {                                                                                      \
        __m128i message = _mm_add_epi32((words), _mm_loadu_si128((const __m128i *)&K[4 * (group)])); \
        state1 = _mm_sha256rnds2_epu32(state1, state0, message);                              \
        message = _mm_shuffle_epi32(message, 0x0E);                                           \
        state0 = _mm_sha256rnds2_epu32(state0, state1, message);                              \
    } while (0)
        JINGZHUN_SHA256_ROUNDS(w0, 0);
        JINGZHUN_SHA256_ROUNDS(w1, 1);
        JINGZHUN_SHA256_ROUNDS(w2, 2);
        JINGZHUN_SHA256_ROUNDS(w3, 3);
#pragma clang loop unroll(full)
        for (int group = 4; group < 16; group++) {
            // W[4g..4g+3] from the four groups before it; then the window moves on.
            __m128i next = _mm_sha256msg1_epu32(w0, w1);
            next = _mm_add_epi32(next, _mm_alignr_epi8(w3, w2, 4));
            next = _mm_sha256msg2_epu32(next, w3);
            w0 = w1;
            w1 = w2;
            w2 = w3;
            w3 = next;
            JINGZHUN_SHA256_ROUNDS(w3, group);
        }
#undef JINGZHUN_SHA256_ROUNDS
        state0 = _mm_add_epi32(state0, abefSaved);
        state1 = _mm_add_epi32(state1, cdghSaved);
    }
    tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);     // HGFE
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}

// Two streams at once: the same rounds as `sha256_blocks_x86`, the second stream's instructions
// interleaved with the first's, so that each `sha256rnds2` can issue while the other stream's
// previous one is still in flight.
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_pair_x86(uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                                   const uint8_t *secondData, size_t blocks) {
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
// ABEF and CDGH from the eight state words, and back.
#define JINGZHUN_SHA256_LOAD(state, abef, cdgh)                              \
    do {                                                                      \
        __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&(state)[0]), 0xB1); \
        cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&(state)[4]), 0x1B);        \
        abef = _mm_alignr_epi8(dcba, cdgh, 8);                                \
        cdgh = _mm_blend_epi16(cdgh, dcba, 0xF0);                             \
    } while (0)
#define JINGZHUN_SHA256_STORE(state, abef, cdgh)                             \
    do {                                                                      \
        __m128i feba = _mm_shuffle_epi32(abef, 0x1B);                         \
        __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);                         \
        _mm_storeu_si128((__m128i *)&(state)[0], _mm_blend_epi16(feba, dchg, 0xF0)); \
        _mm_storeu_si128((__m128i *)&(state)[4], _mm_alignr_epi8(dchg, feba, 8));    \
    } while (0)
// Four rounds of one stream on its message words `words` (W[4g..4g+3]) and K[4g..4g+3].
#define JINGZHUN_SHA256_ROUNDS(abef, cdgh, words, group)                                          \
    do {                                                                                          \
        __m128i message = _mm_add_epi32((words), _mm_loadu_si128((const __m128i *)&K[4 * (group)])); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);                                        \
        message = _mm_shuffle_epi32(message, 0x0E);                                               \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, message);                                        \
    } while (0)
// W[4g..4g+3] of one stream from the four groups before it; then its window moves on.
#define JINGZHUN_SHA256_SCHEDULE(w0, w1, w2, w3)                              \
    do {                                                                      \
        __m128i next = _mm_sha256msg1_epu32(w0, w1);                          \
        next = _mm_add_epi32(next, _mm_alignr_epi8(w3, w2, 4));               \
        next = _mm_sha256msg2_epu32(next, w3);                                \
        w0 = w1;                                                              \
        w1 = w2;                                                              \
        w2 = w3;                                                              \
        w3 = next;                                                            \
    } while (0)
    __m128i abefA, cdghA, abefB, cdghB;
    JINGZHUN_SHA256_LOAD(first, abefA, cdghA);
    JINGZHUN_SHA256_LOAD(second, abefB, cdghB);
    for (size_t block = 0; block < blocks; block++, firstData += 64, secondData += 64) {
        const __m128i abefSavedA = abefA, cdghSavedA = cdghA, abefSavedB = abefB, cdghSavedB = cdghB;
        __m128i a0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(firstData + 0)), byteSwap);
        __m128i a1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(firstData + 16)), byteSwap);
        __m128i a2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(firstData + 32)), byteSwap);
        __m128i a3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(firstData + 48)), byteSwap);
        __m128i b0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(secondData + 0)), byteSwap);
        __m128i b1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(secondData + 16)), byteSwap);
        __m128i b2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(secondData + 32)), byteSwap);
        __m128i b3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(secondData + 48)), byteSwap);
        JINGZHUN_SHA256_ROUNDS(abefA, cdghA, a0, 0);
        JINGZHUN_SHA256_ROUNDS(abefB, cdghB, b0, 0);
        JINGZHUN_SHA256_ROUNDS(abefA, cdghA, a1, 1);
        JINGZHUN_SHA256_ROUNDS(abefB, cdghB, b1, 1);
        JINGZHUN_SHA256_ROUNDS(abefA, cdghA, a2, 2);
        JINGZHUN_SHA256_ROUNDS(abefB, cdghB, b2, 2);
        JINGZHUN_SHA256_ROUNDS(abefA, cdghA, a3, 3);
        JINGZHUN_SHA256_ROUNDS(abefB, cdghB, b3, 3);
#pragma clang loop unroll(full)
        for (int group = 4; group < 16; group++) {
            JINGZHUN_SHA256_SCHEDULE(a0, a1, a2, a3);
            JINGZHUN_SHA256_SCHEDULE(b0, b1, b2, b3);
            JINGZHUN_SHA256_ROUNDS(abefA, cdghA, a3, group);
            JINGZHUN_SHA256_ROUNDS(abefB, cdghB, b3, group);
        }
        abefA = _mm_add_epi32(abefA, abefSavedA);
        cdghA = _mm_add_epi32(cdghA, cdghSavedA);
        abefB = _mm_add_epi32(abefB, abefSavedB);
        cdghB = _mm_add_epi32(cdghB, cdghSavedB);
    }
    JINGZHUN_SHA256_STORE(first, abefA, cdghA);
    JINGZHUN_SHA256_STORE(second, abefB, cdghB);
#undef JINGZHUN_SHA256_LOAD
#undef JINGZHUN_SHA256_STORE
#undef JINGZHUN_SHA256_ROUNDS
#undef JINGZHUN_SHA256_SCHEDULE
}

static int detect(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int hasSSSE3 = (c >> 9) & 1, hasSSE41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const int hasSHA = (b >> 29) & 1;
    return hasSSSE3 && hasSSE41 && hasSHA;
}

// 0 unknown, 1 accelerated, 2 portable; threads racing on the first call store the same value.
static int mode = 0;

int jingzhun_sha256_is_accelerated(void) {
    int m = __atomic_load_n(&mode, __ATOMIC_RELAXED);
    if (m == 0) {
        m = detect() ? 1 : 2;
        __atomic_store_n(&mode, m, __ATOMIC_RELAXED);
    }
    return m == 1;
}

void jingzhun_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    if (jingzhun_sha256_is_accelerated()) {
        sha256_blocks_x86(state, data, blocks);
    } else {
        jingzhun_sha256_blocks_portable(state, data, blocks);
    }
}

void jingzhun_sha256_blocks_pair(uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                                 const uint8_t *secondData, size_t blocks) {
    if (jingzhun_sha256_is_accelerated()) {
        sha256_blocks_pair_x86(first, firstData, second, secondData, blocks);
    } else {
        jingzhun_sha256_blocks_portable(first, firstData, blocks);
        jingzhun_sha256_blocks_portable(second, secondData, blocks);
    }
}
#else
int jingzhun_sha256_is_accelerated(void) { return 0; }

void jingzhun_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    jingzhun_sha256_blocks_portable(state, data, blocks);
}

void jingzhun_sha256_blocks_pair(uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                                 const uint8_t *secondData, size_t blocks) {
    jingzhun_sha256_blocks_portable(first, firstData, blocks);
    jingzhun_sha256_blocks_portable(second, secondData, blocks);
}
#endif
