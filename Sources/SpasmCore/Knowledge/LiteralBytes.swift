/// Bytes written as the text of a Swift string literal, so the build can put the compiled
/// assistant into the binary as read-only data that start-up reads back in one cheap pass.
///
/// Base64 cost start-up about a quarter of its instructions, and a `[UInt8]` array literal of a
/// few million elements is slow to compile. A string literal can hold any byte below 0x80
/// exactly (with an escape where the source needs one), but not the bytes above, which must form
/// UTF-8. So the bytes go in blocks of seven: the seven with their top bit cleared, then an
/// eighth byte holding the seven top bits. Reading a block back is one 8-byte load, a
/// multiplication that spreads the seven bits into place, and one 8-byte store: about one
/// instruction a byte, where a byte-by-byte loop over UTF-8 took ten.
public enum LiteralBytes {
    /// The text of a string literal that stands for the bytes, in source form: between double
    /// quotes it is a literal whose UTF-8 ``bytes(ofUTF8:count:)`` reads back, given the count.
    public static func literalSource(of bytes: [UInt8]) -> String {
        var source: [UInt8] = []
        source.reserveCapacity(bytes.count * 2)
        for block in encoded(bytes) {
            switch block {
            case 0: source.append(contentsOf: #"\0"#.utf8)
            case 0x09: source.append(contentsOf: #"\t"#.utf8)
            case 0x0A: source.append(contentsOf: #"\n"#.utf8)
            case 0x0D: source.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\""): source.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): source.append(contentsOf: #"\\"#.utf8)
            case 0x20..<0x7F: source.append(block)
            default: source.append(contentsOf: "\\u{\(String(block, radix: 16))}".utf8)
            }
        }
        return String(decoding: source, as: UTF8.self)
    }

    /// The bytes in blocks of seven low parts and their top bits, every byte below 0x80; the
    /// last block is filled with zeros.
    static func encoded(_ bytes: [UInt8]) -> [UInt8] {
        var blocks: [UInt8] = []
        blocks.reserveCapacity((bytes.count + 6) / 7 * 8)
        for start in stride(from: 0, to: bytes.count, by: 7) {
            var tops: UInt8 = 0
            for offset in 0..<7 {
                let byte = start + offset < bytes.count ? bytes[start + offset] : 0
                blocks.append(byte & 0x7F)
                tops |= (byte >> 7) << offset
            }
            blocks.append(tops)
        }
        return blocks
    }

    /// The `count` bytes the UTF-8 of a ``literalSource(of:)`` literal stands for; nil when it is
    /// not such a text.
    public static func bytes(ofUTF8 utf8: UnsafeBufferPointer<UInt8>, count: Int) -> [UInt8]? {
        let blockCount = utf8.count / 8
        if utf8.isEmpty, count == 0 { return [] }
        guard utf8.count % 8 == 0, count <= blockCount * 7, count > blockCount * 7 - 7,
              let source = UnsafeRawPointer(utf8.baseAddress) else { return nil }
        var above: UInt64 = 0
        // One byte to spare: each block is stored as eight bytes, the eighth overwritten by the next.
        let bytes = [UInt8](unsafeUninitializedCapacity: blockCount * 7 + 1) { buffer, initialized in
            let target = UnsafeMutableRawPointer(buffer.baseAddress!)
            for block in 0..<blockCount {
                let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: block &* 8, as: UInt64.self))
                above |= word
                // Bit k of the tops moves to bit 8k + 7: the multiplier adds the tops shifted by
                // 7, 14, … 49, and only the shift by 7(k + 1) puts bit k there, without carries.
                let tops = (word >> 56) &* 0x0002_0408_1020_4081 & 0x0080_8080_8080_8080
                target.storeBytes(of: (word & 0x00FF_FFFF_FFFF_FFFF | tops).littleEndian, toByteOffset: block &* 7, as: UInt64.self)
            }
            initialized = count
        }
        guard above & 0x8080_8080_8080_8080 == 0 else { return nil }
        return bytes
    }
}
