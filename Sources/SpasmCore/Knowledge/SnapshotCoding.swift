/// A fast binary form for the assistant's built indexes, so the build can make them once.
///
/// Unlike ``CompactCoding`` (which goes through `Codable` and suits the knowledge base's few
/// thousand values), this form is written and read by hand-written, statically dispatched
/// conformances: the indexes hold about a hundred thousand small values, and decoding them
/// through `Decoder` containers would cost about as much as building them. Values are written
/// in a fixed order without keys; lengths are LEB128 varints; a string is written once and then
/// referred to by number; dictionaries and sets are written in key order, so the same value
/// always gives the same bytes.
protocol SnapshotCodable {
    /// Reads a value written by ``write(to:)``.
    init(from reader: inout SnapshotReader) throws(SnapshotError)
    /// Appends the value's bytes.
    func write(to writer: inout SnapshotWriter)
}

/// Why snapshot bytes could not be read.
public struct SnapshotError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Appends values in snapshot form to one byte buffer.
struct SnapshotWriter: Sendable {
    private(set) var bytes: [UInt8] = []
    /// The number of each string written so far: a string seen before is written as its number
    /// (the indexes repeat the same few thousand stems and finding ids tens of thousands of times).
    private var stringNumbers: [String: Int] = [:]

    init() {}

    /// Appends a value.
    mutating func write<Value: SnapshotCodable>(_ value: Value) { value.write(to: &self) }

    /// Appends a non-negative count or a raw unsigned number as a varint.
    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Writes a string: 0 and its UTF-8 bytes the first time, then 1 + the number it was given.
    mutating func writeString(_ text: String) {
        if let number = stringNumbers[text] {
            writeVarint(UInt64(number + 1))
            return
        }
        stringNumbers[text] = stringNumbers.count
        writeVarint(0)
        writeVarint(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }
    mutating func append(_ byte: UInt8) { bytes.append(byte) }
}

/// Reads values in snapshot form, in the order they were written.
struct SnapshotReader: Sendable {
    fileprivate let bytes: [UInt8]
    fileprivate(set) var position = 0
    /// The strings read so far, by the number the writer gave them.
    private var strings: [String] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position == bytes.count }

    /// Reads a value.
    mutating func read<Value: SnapshotCodable>(_ type: Value.Type = Value.self) throws(SnapshotError) -> Value {
        try Value(from: &self)
    }

    // The readers of bytes, varints and counts run a few hundred thousand times at start-up:
    // they are inlined into their callers, the rare long varint and every error kept apart.

    @inline(__always)
    mutating func readByte() throws(SnapshotError) -> UInt8 {
        guard position < bytes.count else { throw endedEarly() }
        let byte = bytes[position]
        position += 1
        return byte
    }

    @inline(__always)
    mutating func readVarint() throws(SnapshotError) -> UInt64 {
        // Nearly every varint (counts, string numbers, small numbers) is one or two bytes: read
        // at once; string numbers past 127 (most of them) take two.
        if position < bytes.count {
            let first = bytes[position]
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
            if position + 1 < bytes.count, bytes[position + 1] < 0x80 {
                let second = bytes[position + 1]
                position += 2
                return UInt64(first & 0x7F) | UInt64(second) << 7
            }
        }
        return try readLongVarint()
    }

    /// A varint of more than one byte (or none left).
    @inline(never)
    private mutating func readLongVarint() throws(SnapshotError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw SnapshotError("a number at byte \(position) is too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Reads a count of elements that are each at least one byte long: a count beyond the bytes
    /// left is damage, and is refused before anything is allocated for it.
    @inline(__always)
    mutating func readCount() throws(SnapshotError) -> Int {
        let count = try readVarint()
        guard count <= UInt64(bytes.count - position) else { throw countTooLarge(count) }
        return Int(count)
    }

    @inline(never)
    private func endedEarly() -> SnapshotError { SnapshotError("the snapshot ends early at byte \(position)") }

    @inline(never)
    private func countTooLarge(_ count: UInt64) -> SnapshotError {
        SnapshotError("a count of \(count) at byte \(position) exceeds the bytes left")
    }

    mutating func readString() throws(SnapshotError) -> String {
        let reference = try readVarint()
        if reference > 0 {
            guard reference <= UInt64(strings.count) else {
                throw SnapshotError("string number \(reference - 1) at byte \(position) was never written")
            }
            return strings[Int(reference - 1)]
        }
        let count = try readCount()
        let start = position
        position += count
        let text = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + count)]), as: UTF8.self) }
        strings.append(text)
        return text
    }

    mutating func readFixed64() throws(SnapshotError) -> UInt64 {
        guard bytes.count - position >= 8 else { throw SnapshotError("the snapshot ends early at byte \(position)") }
        // One unaligned load: the index holds tens of thousands of these (posting weights).
        let value = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt64.self)) }
        position += 8
        return value
    }
}

extension SnapshotWriter {
    mutating func writeFixed64(_ value: UInt64) {
        for offset in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * offset))) }
    }
}

// MARK: - Packed integer arrays

extension SnapshotWriter {
    /// Appends non-negative integers at one fixed width: their count, the width in bytes (1, 2, 4
    /// or 8, the least that holds the largest), then each value little-endian.
    ///
    /// The red-flag patterns are tens of thousands of small numbers: read back at one width,
    /// they are copied in one pass instead of decoded a varint at a time.
    ///
    /// Any collection, so a column of a larger table is written without an array of it first.
    mutating func writePacked<Values: Collection>(_ values: Values) where Values.Element: FixedWidthInteger {
        precondition(values.allSatisfy { $0 >= 0 }, "packed values are non-negative")
        let largest = values.max().map { UInt64($0) } ?? 0
        let width = largest <= 0xFF ? 1 : largest <= 0xFFFF ? 2 : largest <= 0xFFFF_FFFF ? 4 : 8
        writeVarint(UInt64(values.count))
        append(UInt8(width))
        for value in values {
            let raw = UInt64(value)
            for offset in 0..<width { append(UInt8(truncatingIfNeeded: raw >> UInt64(8 * offset))) }
        }
    }
}

extension SnapshotReader {
    /// Reads integers written by ``SnapshotWriter/writePacked(_:)``; a value that does not fit
    /// in `Value` is damage.
    mutating func readPacked<Value: FixedWidthInteger>(_ type: Value.Type = Value.self) throws(SnapshotError) -> [Value] {
        let count = try readVarint()
        let width = Int(try readByte())
        guard [1, 2, 4, 8].contains(width) else { throw SnapshotError("\(width) is not a packed width, at byte \(position)") }
        guard count <= UInt64((bytes.count - position) / width) else {
            throw SnapshotError("a packed count of \(count) at byte \(position) exceeds the bytes left")
        }
        let start = position
        let values: [Value]? = bytes.withUnsafeBytes { raw -> [Value]? in
            let base = raw.baseAddress! + start
            // Every value of a narrower width fits, whatever it is; a value of the same or a wider
            // width must be checked.
            let checked = width > Value.bitWidth / 8 || (width == Value.bitWidth / 8 && Value.isSigned)
            var fits = true
            // One loop for each width, so the loop body is a load and a store.
            func fill<Raw: FixedWidthInteger & UnsignedInteger>(_: Raw.Type, _ buffer: UnsafeMutableBufferPointer<Value>) {
                for index in 0..<buffer.count {
                    let raw = Raw(littleEndian: (base + index &* width).loadUnaligned(as: Raw.self))
                    if checked {
                        guard let value = Value(exactly: raw) else { fits = false; buffer[index] = 0; continue }
                        buffer[index] = value
                    } else {
                        buffer[index] = Value(truncatingIfNeeded: raw)
                    }
                }
            }
            let values = [Value](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
                let filled = UnsafeMutableBufferPointer(rebasing: buffer[0..<Int(count)])
                switch width {
                case 1: fill(UInt8.self, filled)
                case 2: fill(UInt16.self, filled)
                case 4: fill(UInt32.self, filled)
                default: fill(UInt64.self, filled)
                }
                initialized = Int(count)
            }
            return fits ? values : nil
        }
        guard let values else { throw SnapshotError("a packed value at byte \(start) does not fit") }
        position += Int(count) * width
        return values
    }
}

extension SnapshotReader {
    /// Where a column of packed integers (``SnapshotWriter/writePacked(_:)``) or of numbers
    /// (``SnapshotWriter/writeDoubles(_:)``) lies in the bytes, for a caller that builds its own
    /// values from several columns at once without making an array of each column first.
    struct Column {
        fileprivate let start: Int
        fileprivate let width: Int
        let count: Int
    }

    /// Skips over packed integers, to be read one at a time with ``value(in:at:)``.
    mutating func skipPacked() throws(SnapshotError) -> Column {
        let count = try readVarint()
        let width = Int(try readByte())
        guard [1, 2, 4, 8].contains(width) else { throw SnapshotError("\(width) is not a packed width, at byte \(position)") }
        return try skipColumn(count: count, width: width)
    }

    /// Skips over numbers written by ``SnapshotWriter/writeDoubles(_:)``, to be read one at a
    /// time with ``double(in:at:)``.
    mutating func skipDoubles() throws(SnapshotError) -> Column {
        try skipColumn(count: try readVarint(), width: 8)
    }

    private mutating func skipColumn(count: UInt64, width: Int) throws(SnapshotError) -> Column {
        guard count <= UInt64((bytes.count - position) / width) else {
            throw SnapshotError("a column of \(count) values at byte \(position) exceeds the bytes left")
        }
        let column = Column(start: position, width: width, count: Int(count))
        position += column.count * width
        return column
    }

    /// The integer at `index` (below the count) of a column that ``skipPacked()`` skipped.
    func value(in column: Column, at index: Int) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            let offset = column.start + index &* column.width
            switch column.width {
            case 1: return UInt64(raw[offset])
            case 2: return UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            case 4: return UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            default: return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
        }
    }

    /// The number at `index` (below the count) of a column that ``skipDoubles()`` skipped.
    func double(in column: Column, at index: Int) -> Double {
        bytes.withUnsafeBytes { raw in
            Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: column.start + index &* 8, as: UInt64.self)))
        }
    }
}

extension SnapshotWriter {
    /// Appends numbers as their count, then each one's 8 bytes little-endian.
    mutating func writeDoubles<Values: Collection<Double>>(_ values: Values) {
        writeVarint(UInt64(values.count))
        for value in values { writeFixed64(value.bitPattern) }
    }

    /// Appends arrays of non-negative integers as two packed columns: each one's count, then
    /// all their values in order (``SnapshotReader/readNested(_:)`` reads them back).
    mutating func writeNested<Value: FixedWidthInteger>(_ arrays: [[Value]]) {
        writePacked(arrays.lazy.map { Int64($0.count) })
        writePacked(arrays.joined())
    }
}

extension SnapshotReader {
    /// Reads numbers written by ``SnapshotWriter/writeDoubles(_:)``, in one pass of loads.
    mutating func readDoubles() throws(SnapshotError) -> [Double] {
        let count = try readVarint()
        guard count <= UInt64((bytes.count - position) / 8) else {
            throw SnapshotError("a count of \(count) numbers at byte \(position) exceeds the bytes left")
        }
        let start = position
        let values = bytes.withUnsafeBytes { raw in
            [Double](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
                for index in 0..<Int(count) {
                    let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + index &* 8, as: UInt64.self))
                    buffer[index] = Double(bitPattern: bits)
                }
                initialized = Int(count)
            }
        }
        position += Int(count) * 8
        return values
    }

    /// Reads arrays written by ``SnapshotWriter/writeNested(_:)``.
    mutating func readNested<Value: FixedWidthInteger>(_ type: Value.Type = Value.self) throws(SnapshotError) -> [[Value]] {
        let counts: [Int] = try readPacked()
        let values: [Value] = try readPacked()
        return try Self.split(values, counts: counts)
    }

    /// `values` cut into consecutive arrays of the given counts, which must add up to all of them.
    static func split<Element>(_ values: [Element], counts: [Int]) throws(SnapshotError) -> [[Element]] {
        guard counts.reduce(0, +) == values.count else {
            throw SnapshotError("nested counts add up to \(counts.reduce(0, +)), not the \(values.count) values stored")
        }
        var arrays: [[Element]] = []
        arrays.reserveCapacity(counts.count)
        var start = 0
        for count in counts {
            arrays.append(Array(values[start..<(start + count)]))
            start += count
        }
        return arrays
    }
}

// MARK: - Standard types

extension Int: SnapshotCodable {
    // Zigzag, so small negative numbers stay short.
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let raw = try reader.readVarint()
        self = Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }
    func write(to writer: inout SnapshotWriter) {
        let value = Int64(self)
        writer.writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}

extension Int32: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let value = try Int(from: &reader)
        guard let narrow = Int32(exactly: value) else { throw SnapshotError("\(value) does not fit in 32 bits") }
        self = narrow
    }
    func write(to writer: inout SnapshotWriter) { Int(self).write(to: &writer) }
}

extension UInt8: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) { self = try reader.readByte() }
    func write(to writer: inout SnapshotWriter) { writer.append(self) }
}

extension Bool: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        switch try reader.readByte() {
        case 0: self = false
        case 1: self = true
        case let other: throw SnapshotError("\(other) is not a Boolean")
        }
    }
    func write(to writer: inout SnapshotWriter) { writer.append(self ? 1 : 0) }
}

extension UInt64: SnapshotCodable {
    // Fixed width: the values written this way (hashes) use every bit.
    init(from reader: inout SnapshotReader) throws(SnapshotError) { self = try reader.readFixed64() }
    func write(to writer: inout SnapshotWriter) { writer.writeFixed64(self) }
}

extension Double: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) { self = Double(bitPattern: try reader.readFixed64()) }
    func write(to writer: inout SnapshotWriter) { writer.writeFixed64(bitPattern) }
}

extension String: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) { self = try reader.readString() }
    func write(to writer: inout SnapshotWriter) { writer.writeString(self) }
}

extension Optional: SnapshotCodable where Wrapped: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self = try Bool(from: &reader) ? try Wrapped(from: &reader) : nil
    }
    func write(to writer: inout SnapshotWriter) {
        (self != nil).write(to: &writer)
        self?.write(to: &writer)
    }
}

extension Array: SnapshotCodable where Element: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let count = try reader.readCount()
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try Element(from: &reader)) }
        self = elements
    }
    func write(to writer: inout SnapshotWriter) {
        writer.writeVarint(UInt64(count))
        for element in self { element.write(to: &writer) }
    }
}

extension Set: SnapshotCodable where Element: SnapshotCodable & Comparable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let elements = try [Element](from: &reader)
        var set = Set(minimumCapacity: elements.count)
        for element in elements {
            guard set.insert(element).inserted else { throw SnapshotError("a set holds \(element) twice") }
        }
        self = set
    }
    func write(to writer: inout SnapshotWriter) { sorted().write(to: &writer) }
}

extension Dictionary: SnapshotCodable where Key: SnapshotCodable & Comparable, Value: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let count = try reader.readCount()
        var dictionary = Self(minimumCapacity: count)
        for _ in 0..<count {
            let key = try Key(from: &reader)
            guard dictionary.updateValue(try Value(from: &reader), forKey: key) == nil else {
                throw SnapshotError("a dictionary holds the key \(key) twice")
            }
        }
        self = dictionary
    }
    func write(to writer: inout SnapshotWriter) {
        writer.writeVarint(UInt64(count))
        for key in keys.sorted() {
            key.write(to: &writer)
            self[key]!.write(to: &writer)
        }
    }
}

extension SnapshotCodable {
    /// The value in snapshot form.
    func snapshot() -> [UInt8] {
        var writer = SnapshotWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Reads a value from its snapshot form; every byte must belong to it.
    init(snapshot bytes: [UInt8]) throws(SnapshotError) {
        var reader = SnapshotReader(bytes)
        self = try Self(from: &reader)
        guard reader.isAtEnd else { throw SnapshotError("\(bytes.count - reader.position) bytes left over") }
    }
}
