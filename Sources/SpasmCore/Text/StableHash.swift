/// A 64-bit hash of text that is the same in every process (FNV-1a over the UTF-8 bytes).
///
/// Swift's `Hasher` is seeded afresh in each process, so its values cannot be stored in the
/// compiled assistant or compared between the build and the running program; these can.
enum StableHash {
    static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        // Over the contiguous UTF-8 where the string has it (as every native string does): the
        // view's iterator cost about ten times as much a byte.
        var text = text
        text.withUTF8 { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return hash
    }

    /// The hash of the text whose UTF-8 bytes are `bytes` without the one at `skipping`, if any.
    static func of(bytes: [UInt8], skipping skipped: Int?) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in bytes.indices where index != skipped { hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3 }
        return hash
    }
}
