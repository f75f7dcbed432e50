/// A compact binary form for `Codable` values whose shape is fixed by their types.
///
/// Values are written in the order the encoder is called, with no keys: strings and arrays are
/// length-prefixed, optionals carry a presence byte. Decoding must therefore call for the same
/// values in the same order, which synthesized `Codable` conformances and the hand-written
/// `KnowledgeBase` one do. Keyed collections (dictionaries) are not supported: they throw.
///
/// Used for the knowledge base compiled at build time, where decoding it at start-up with
/// `JSONDecoder` cost several times more than this.
public enum CompactCoding {
    /// Encodes a value.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let sink = CompactWriter()
        try value.encode(to: sink)
        return sink.bytes
    }

    /// Decodes a value from bytes written by `encode`.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let source = CompactReader(bytes)
        let value = try Value(from: source)
        guard source.position == bytes.count else {
            throw CompactCodingError("\(bytes.count - source.position) bytes left over after decoding \(Value.self)")
        }
        return value
    }
}

/// Why compact data could not be written or read.
public struct CompactCodingError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

// MARK: - Writing

/// The encoder: every container appends to one shared byte buffer, in call order.
private final class CompactWriter: Encoder {
    var bytes: [UInt8] = []
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter<Key>(writer: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedWriter(writer: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleWriter(writer: self)
    }

    func writeLength(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    func write(_ text: String) {
        writeLength(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    func write(bits: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    /// Writes any single value: the primitive types directly, optionals with a presence byte,
    /// the rest through their conformance.
    func write(_ value: some Encodable) throws {
        switch value {
        // First: a cast to String would also unwrap an Optional<String> and lose its presence byte.
        case let optional as any CompactOptionalWriting: try optional.writeCompact(to: self)
        case let text as String: write(text)
        case let flag as Bool: bytes.append(flag ? 1 : 0)
        case let number as Double: write(bits: number.bitPattern)
        case let number as Float: write(bits: UInt64(number.bitPattern))
        case let integer as any FixedWidthInteger: write(bits: UInt64(truncatingIfNeeded: integer))
        case is any CompactDictionary:
            throw CompactCodingError("dictionaries are not supported in the compact form")
        default: try value.encode(to: self)
        }
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { writer.codingPath }

    mutating func encodeNil(forKey key: Key) throws { writer.bytes.append(0) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws { try writer.write(value) }

    // The same presence byte as an optional anywhere else. The standard library's defaults for
    // these would write nothing for nil, so every overload is spelled out.
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try writer.write(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try writer.write(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { writer.unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { writer }
    mutating func superEncoder(forKey key: Key) -> any Encoder { writer }
}

/// A sequence: a fixed-width count written first and patched as elements arrive, so nested
/// containers can keep appending to the same buffer.
private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: CompactWriter
    let countOffset: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { writer.codingPath }

    init(writer: CompactWriter) {
        self.writer = writer
        countOffset = writer.bytes.count
        writer.bytes.append(contentsOf: [0, 0, 0, 0])
    }

    private mutating func counted() {
        count += 1
        for index in 0..<4 { writer.bytes[countOffset + index] = UInt8(truncatingIfNeeded: count >> (8 * index)) }
    }

    mutating func encodeNil() throws {
        writer.bytes.append(0)
        counted()
    }

    mutating func encode(_ value: some Encodable) throws {
        counted()
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        counted()
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        counted()
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { writer }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let writer: CompactWriter
    var codingPath: [any CodingKey] { writer.codingPath }

    mutating func encodeNil() throws { writer.bytes.append(0) }
    mutating func encode(_ value: some Encodable) throws { try writer.write(value) }
}

// MARK: - Reading

/// The decoder: every container reads from one shared position, in call order.
private final class CompactReader: Decoder {
    let bytes: [UInt8]
    var position = 0
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedReader<Key>(reader: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedReader(reader: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReader(reader: self)
    }

    func byte() throws -> UInt8 {
        guard position < bytes.count else { throw CompactCodingError("the data ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    func readLength() throws -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 63 else { throw CompactCodingError("a length is too long") }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
        }
        guard value <= UInt64(bytes.count - position) else { throw CompactCodingError("a length runs past the end") }
        return Int(value)
    }

    func readString() throws -> String {
        let length = try readLength()
        defer { position += length }
        return bytes.withUnsafeBufferPointer { String(decoding: $0[position..<position + length], as: UTF8.self) }
    }

    func readBits() throws -> UInt64 {
        guard bytes.count - position >= 8 else { throw CompactCodingError("the data ends early") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << UInt64(8 * index) }
        position += 8
        return bits
    }

    func readCount() throws -> Int {
        guard bytes.count - position >= 4 else { throw CompactCodingError("the data ends early") }
        var count = 0
        for index in 0..<4 { count |= Int(bytes[position + index]) << (8 * index) }
        position += 4
        return count
    }

    /// Reads any single value: the primitive types directly, optionals after their presence
    /// byte, the rest through their conformance.
    func read<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if type == String.self { return try readString() as! Value }
        if type == Bool.self { return try (byte() != 0) as! Value }
        if type == Double.self { return try Double(bitPattern: readBits()) as! Value }
        if type == Float.self { return try Float(bitPattern: UInt32(truncatingIfNeeded: readBits())) as! Value }
        if let integer = type as? any FixedWidthInteger.Type { return try integer.init(truncatingIfNeeded: readBits()) as! Value }
        if let optional = type as? any CompactOptionalReading.Type { return try optional.readCompact(from: self) as! Value }
        if type is any CompactDictionary.Type {
            throw CompactCodingError("dictionaries are not supported in the compact form")
        }
        return try Value(from: self)
    }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: CompactReader
    var codingPath: [any CodingKey] { reader.codingPath }

    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    /// Reads an optional's presence byte: the standard library's `decodeIfPresent` defaults ask
    /// this first and then decode the value, which matches what `encodeIfPresent` wrote.
    func decodeNil(forKey key: Key) throws -> Bool {
        try reader.byte() == 0
    }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try reader.read(type)
    }

    func decodeIfPresent<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        try reader.read(Value?.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try reader.container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try reader.unkeyedContainer() }
    func superDecoder() throws -> any Decoder { reader }
    func superDecoder(forKey key: Key) throws -> any Decoder { reader }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let reader: CompactReader
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { reader.codingPath }
    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    init(reader: CompactReader) throws {
        self.reader = reader
        count = try reader.readCount()
    }

    private mutating func advance() throws {
        guard !isAtEnd else { throw CompactCodingError("a sequence has fewer elements than asked for") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        try advance()
        return try reader.byte() == 0
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try advance()
        return try reader.read(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try advance()
        return try reader.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try advance()
        return try reader.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { reader }
}

private struct SingleReader: SingleValueDecodingContainer {
    let reader: CompactReader
    var codingPath: [any CodingKey] { reader.codingPath }

    func decodeNil() -> Bool { false }
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value { try reader.read(type) }
}

// MARK: - Types the compact form treats specially

/// Dictionaries, which decode their keys from `allKeys` and so cannot be read back here.
private protocol CompactDictionary {}
extension Dictionary: CompactDictionary {}

/// Optionals write a presence byte, then the value, wherever they appear.
private protocol CompactOptionalWriting {
    func writeCompact(to writer: CompactWriter) throws
}

/// Optionals read a presence byte, then the value, wherever they appear.
private protocol CompactOptionalReading {
    static func readCompact(from reader: CompactReader) throws -> Self
}

extension Optional: CompactOptionalWriting where Wrapped: Encodable {
    fileprivate func writeCompact(to writer: CompactWriter) throws {
        guard let self else { return writer.bytes.append(0) }
        writer.bytes.append(1)
        try writer.write(self)
    }
}

extension Optional: CompactOptionalReading where Wrapped: Decodable {
    fileprivate static func readCompact(from reader: CompactReader) throws -> Self {
        try reader.byte() == 0 ? nil : reader.read(Wrapped.self)
    }
}
