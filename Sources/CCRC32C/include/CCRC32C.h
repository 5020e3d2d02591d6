#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Continues a CRC-32C over `count` bytes with the processor's CRC32 instruction (SSE 4.2).
/// `state` is the running value in its inverted form (start with 0xFFFFFFFF, invert at the
/// end). Returns 1 when it did so, 0 when this processor has no such instruction (then
/// `state` is untouched and the caller computes it in software).
int bb_crc32c_hardware_update(uint32_t *state, const void *bytes, size_t count);

#endif
