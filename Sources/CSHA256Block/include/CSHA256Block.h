#ifndef CSHA256BLOCK_H
#define CSHA256BLOCK_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function (FIPS 180-4 §6.2.2) over `blocks` 64-byte blocks at
/// `data`, updating the eight state words (native byte order) in place. No padding, no length:
/// the caller frames the message. Uses the x86 SHA extensions when the processor has them,
/// portable C otherwise; both give the same state.
void jingzhun_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// Runs the compression function over two independent messages of `blocks` blocks each:
/// `first` over `firstData` and `second` over `secondData`, as two calls of
/// `jingzhun_sha256_blocks` would. With the SHA extensions the two streams' rounds are
/// interleaved, which keeps the SHA unit busier than one stream's dependent rounds can (discovery
/// hashes each file and, over the same bytes, the submission's content hash).
void jingzhun_sha256_blocks_pair(uint32_t first[8], const uint8_t *firstData, uint32_t second[8],
                                 const uint8_t *secondData, size_t blocks);

/// The portable path alone (tests compare it with the accelerated one).
void jingzhun_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when `jingzhun_sha256_blocks` uses the SHA extensions on this processor.
int jingzhun_sha256_is_accelerated(void);

#endif
