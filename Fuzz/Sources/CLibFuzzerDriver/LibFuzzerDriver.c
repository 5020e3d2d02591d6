// Declarations only: LLVMFuzzerRunDriver comes from the runtime linked by -sanitize=fuzzer.
#include "LibFuzzerDriver.h"
