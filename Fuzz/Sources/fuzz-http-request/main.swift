import FuzzSupport

/// libFuzzer's callback: one input, then back to the fuzzer (always 0: findings trap).
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    HTTPRequestFuzzTarget.run(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}

FuzzDriver.run(testOneInput)
