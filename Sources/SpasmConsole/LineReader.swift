#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor as bytes, whatever they contain.
///
/// Lines longer than `limit` bytes are cut there (the rest of the line is read and dropped, so
/// memory stays bounded); invalid UTF-8 is repaired, NUL bytes and other control characters are
/// dropped, so no input can crash a later stage or reach a terminal raw.
public struct LineReader {
    /// A line read, and whether it was cut.
    public struct Line: Sendable, Equatable {
        public var text: String
        public var truncated: Bool
    }

    public let limit: Int
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    public init(descriptor: Int32 = 0, limit: Int = 4096) {
        self.descriptor = descriptor
        self.limit = limit
        buffer.reserveCapacity(1 << 16)
    }

    /// The next line without its terminator, or nil at end of input.
    public mutating func next() -> Line? {
        var line: [UInt8] = []
        var truncated = false
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                append(buffer[start..<newline], to: &line, truncated: &truncated)
                start = newline + 1
                return Line(text: Self.clean(line), truncated: truncated)
            }
            append(buffer[start...], to: &line, truncated: &truncated)
            buffer.removeAll(keepingCapacity: true)
            start = 0
            if atEnd || !fill() {
                atEnd = true
                if line.isEmpty && !truncated { return nil }
                return Line(text: Self.clean(line), truncated: truncated)
            }
        }
    }

    /// True when a whole line is already read and waiting, so asking for it will not block.
    public var hasWaitingLine: Bool {
        buffer[start...].contains(10)
    }

    private func append(_ bytes: ArraySlice<UInt8>, to line: inout [UInt8], truncated: inout Bool) {
        let room = limit - line.count
        if bytes.count <= room {
            line += bytes
        } else {
            if room > 0 { line += bytes.prefix(room) }
            truncated = true
        }
    }

    /// Reads more bytes; false at end of input or on a read error.
    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk.prefix(count)
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Repairs UTF-8, drops a trailing carriage return, NULs, escape sequences and other controls (tabs become spaces).
    static func clean(_ bytes: [UInt8]) -> String {
        var bytes = bytes
        if bytes.last == 13 { bytes.removeLast() }
        // Most lines are printable ASCII, with nothing to repair or drop.
        if bytes.allSatisfy({ (0x20...0x7E).contains($0) }) { return String(decoding: bytes, as: UTF8.self) }
        let text = String(decoding: bytes, as: UTF8.self)
        var scalars = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            switch scalar.value {
            case 0x1B:
                // An ANSI escape: skip "ESC [ ... final byte" or the single following character.
                if let next = iterator.next(), next == "[" {
                    while let byte = iterator.next(), !(0x40...0x7E).contains(byte.value) {}
                }
            case 9: scalars.append(" ")
            case 0..<32, 0x7F, 0x80..<0xA0: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
