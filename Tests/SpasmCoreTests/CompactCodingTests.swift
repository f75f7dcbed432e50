import Testing

@testable import SpasmCore

/// The compact binary form used for the knowledge base compiled at build time.
@Suite("Compact coding")
struct CompactCodingTests {
    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var note: String?
    }

    struct Sample: Codable, Equatable {
        var text: String
        var count: Int
        var small: UInt8
        var ratio: Double
        var flag: Bool
        var missing: String?
        var present: Int?
        var nested: [[Int]]
        var gaps: [String?]
        var inners: [Inner]
        var level: EscalationLevel
    }

    static let sample = Sample(
        text: "café \"quoted\" 😀 \u{0}", count: -42, small: 255, ratio: 0.125, flag: true, missing: nil, present: 7,
        nested: [[], [1, 2, 3], [Int.max, Int.min]], gaps: ["a", nil, "", nil],
        inners: [Inner(name: "x", tags: [], note: nil), Inner(name: String(repeating: "long ", count: 100), tags: ["t"], note: "n")],
        level: .urgent
    )

    @Test("a value with optionals, nesting, integers, doubles and enums comes back equal")
    func roundTrip() throws {
        let bytes = try CompactCoding.encode(Self.sample)
        #expect(try CompactCoding.decode(Sample.self, from: bytes) == Self.sample)
    }

    @Test("every cut of the data is an error, never a crash or a wrong value")
    func truncated() throws {
        let bytes = try CompactCoding.encode(Self.sample)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: CompactCodingError.self) { try CompactCoding.decode(Sample.self, from: Array(bytes.prefix(length))) }
        }
    }

    @Test("bytes left over after the value are an error")
    func leftOver() throws {
        let bytes = try CompactCoding.encode(Self.sample) + [0]
        #expect(throws: CompactCodingError.self) { try CompactCoding.decode(Sample.self, from: bytes) }
    }

    @Test("dictionaries are refused, not written in a form that cannot be read back")
    func dictionaries() {
        struct Keyed: Codable { var table: [String: Int] }
        #expect(throws: CompactCodingError.self) { try CompactCoding.encode(Keyed(table: ["a": 1])) }
        #expect(throws: CompactCodingError.self) { try CompactCoding.decode([String: Int].self, from: [0, 0, 0, 0]) }
    }
}
