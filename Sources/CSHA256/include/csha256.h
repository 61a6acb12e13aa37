#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (x86-64 SHA-NI with SSSE3 and SSE4.1).
int csha256_accelerated(void);

/// SHA-256's compression of `blocks` 64-byte blocks of `data` into `state` (eight words, FIPS
/// 180-4 order): with the processor's SHA instructions (returns 1), else portably (returns 0).
int csha256_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The same compression in portable C, whatever the processor (tests compare the two).
void csha256_compress_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
