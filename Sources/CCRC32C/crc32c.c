#include "CCRC32C.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

/// -1: not checked yet; 0: no SSE 4.2; 1: SSE 4.2. Racing first calls all write the same value.
static int has_sse42 = -1;

__attribute__((target("sse4.2"))) static uint32_t update_sse42(uint32_t crc, const uint8_t *bytes, size_t count) {
    uint64_t wide = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        wide = _mm_crc32_u64(wide, word);
        bytes += 8;
        count -= 8;
    }
    crc = (uint32_t)wide;
    while (count > 0) {
        crc = _mm_crc32_u8(crc, *bytes);
        bytes += 1;
        count -= 1;
    }
    return crc;
}

int bb_crc32c_hardware_update(uint32_t *state, const void *bytes, size_t count) {
    if (has_sse42 < 0) {
        __builtin_cpu_init();
        has_sse42 = __builtin_cpu_supports("sse4.2") ? 1 : 0;
    }
    if (!has_sse42) return 0;
    *state = update_sse42(*state, (const uint8_t *)bytes, count);
    return 1;
}

#else

int bb_crc32c_hardware_update(uint32_t *state, const void *bytes, size_t count) {
    (void)state;
    (void)bytes;
    (void)count;
    return 0;
}

#endif
