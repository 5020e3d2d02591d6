#ifndef LIB_FUZZER_DRIVER_H
#define LIB_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that have their own `main` (see
/// https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library). SwiftPM gives every
/// executable target a `main` (renamed `<module>_main` on Linux), so the targets call this
/// instead of relying on the `main` inside libFuzzer.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
