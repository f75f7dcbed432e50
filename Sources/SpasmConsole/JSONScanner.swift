/// A strict JSON reader (RFC 8259) for one request line, working on the UTF-8 bytes directly.
///
/// The protocol needs only two top-level string members, so this reads the whole line to make
/// sure it is valid JSON but keeps only what each member of the top-level object is: a string
/// (decoded), `null`, or something else. Going through `JSONSerialization` cost more than all
/// the rest of a reply; this costs about as much as one pass over the bytes.
struct JSONScanner {
    /// What one member of the top-level object holds.
    enum Member: Equatable {
        case string(String)
        case null
        case other
    }

    /// What a line turned out to be.
    enum Outcome: Equatable {
        /// An object, with its members (the last one wins when a key is repeated).
        case object([String: Member])
        /// Valid JSON, but not an object.
        case notAnObject
        /// Not valid JSON.
        case invalid
    }

    /// Arrays and objects nested deeper than this are refused rather than risk the stack.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads a whole line.
    static func scan(_ line: String) -> Outcome {
        var line = line
        return line.withUTF8 { buffer in
            var scanner = JSONScanner(buffer)
            return scanner.scanLine()
        }
    }

    private mutating func scanLine() -> Outcome {
        skipWhitespace()
        guard position < bytes.count else { return .invalid }
        if bytes[position] != UInt8(ascii: "{") {
            guard skipValue(depth: 0) else { return .invalid }
            skipWhitespace()
            return position == bytes.count ? .notAnObject : .invalid
        }
        guard let members = scanTopObject() else { return .invalid }
        skipWhitespace()
        return position == bytes.count ? .object(members) : .invalid
    }

    /// Reads the top-level object, keeping what each member is.
    private mutating func scanTopObject() -> [String: Member]? {
        position += 1
        var members: [String: Member] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return members }
        while true {
            skipWhitespace()
            guard let key = readString() else { return nil }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard let value = readString() else { return nil }
                members[key] = .string(value)
            case UInt8(ascii: "n"):
                guard skipLiteral("null") else { return nil }
                members[key] = .null
            default:
                guard skipValue(depth: 1) else { return nil }
                members[key] = .other
            }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}")) ? members : nil
        }
    }

    /// Checks one value of any kind and steps over it.
    private mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth, position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""): return readString() != nil
        case UInt8(ascii: "{"): return skipContainer(depth: depth, close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): return skipContainer(depth: depth, close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "t"): return skipLiteral("true")
        case UInt8(ascii: "f"): return skipLiteral("false")
        case UInt8(ascii: "n"): return skipLiteral("null")
        default: return skipNumber()
        }
    }

    private mutating func skipContainer(depth: Int, close: UInt8, keyed: Bool) -> Bool {
        position += 1
        skipWhitespace()
        if consume(close) { return true }
        while true {
            skipWhitespace()
            if keyed {
                guard readString() != nil else { return false }
                skipWhitespace()
                guard consume(UInt8(ascii: ":")) else { return false }
                skipWhitespace()
            }
            guard skipValue(depth: depth + 1) else { return false }
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            return consume(close)
        }
    }

    private mutating func skipLiteral(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func skipNumber() -> Bool {
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // A leading zero stands alone.
        } else if position < bytes.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[position]) {
            skipDigits()
        } else {
            return false
        }
        if consume(UInt8(ascii: ".")) {
            guard skipDigits() else { return false }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard skipDigits() else { return false }
        }
        return true
    }

    /// Steps over digits; false if there were none.
    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        return position > start
    }

    /// Reads a string starting at its opening quote; nil if it is malformed.
    private mutating func readString() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        // Fast path: no escapes, the bytes are the string.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(8)
                case UInt8(ascii: "f"): decoded.append(12)
                case UInt8(ascii: "n"): decoded.append(10)
                case UInt8(ascii: "r"): decoded.append(13)
                case UInt8(ascii: "t"): decoded.append(9)
                case UInt8(ascii: "u"):
                    guard let scalar = readEscapedScalar() else { return nil }
                    UTF8.encode(scalar) { decoded.append($0) }
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                decoded.append(byte)
            }
        }
        return nil
    }

    /// Reads the hex digits after `\u`, joining a surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func readEscapedScalar() -> Unicode.Scalar? {
        guard let first = readHex4() else { return nil }
        if (0xD800...0xDBFF).contains(first) {
            let save = position
            if consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")), let second = readHex4(), (0xDC00...0xDFFF).contains(second) {
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            }
            position = save
            return "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func readHex4() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }
}
