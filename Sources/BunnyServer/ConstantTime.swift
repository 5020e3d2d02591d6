/// Comparison of secrets (the internal token) whose running time does not depend on where
/// the inputs differ: every byte of the longer input is looked at, and differences are
/// OR-ed together, never returned early.
///
/// The length difference is folded in at full width: a byte-wide fold of `left.count ^
/// right.count` loses a difference that is a multiple of 256, and the token followed by 256
/// NUL bytes then compared equal (the bytes past the shorter input are compared with 0). The
/// running time still grows with the longer input's length, which tells an attacker nothing
/// about the token's bytes.
enum ConstantTime {
    static func equals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt(bitPattern: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            let leftByte = index < left.count ? left[index] : 0
            let rightByte = index < right.count ? right[index] : 0
            difference |= UInt(leftByte ^ rightByte)
        }
        return difference == 0
    }
}
