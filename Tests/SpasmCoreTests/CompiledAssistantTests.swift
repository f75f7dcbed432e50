import EmbeddedKnowledge
import Foundation
import Testing

@testable import SpasmCore

/// The snapshot form of the built indexes.
@Suite("Snapshot coding")
struct SnapshotCodingTests {
    /// A value with every kind of field the indexes use.
    struct Sample: SnapshotCodable, Equatable {
        var count: Int
        var small: Int32
        var ratio: Double
        var flag: Bool
        var name: String
        var missing: String?
        var present: Int?
        var table: [String: [Int32]]
        var words: Set<String>
        var bytes: [UInt8]

        init(count: Int, small: Int32, ratio: Double, flag: Bool, name: String, missing: String?, present: Int?,
             table: [String: [Int32]], words: Set<String>, bytes: [UInt8]) {
            (self.count, self.small, self.ratio, self.flag, self.name) = (count, small, ratio, flag, name)
            (self.missing, self.present, self.table, self.words, self.bytes) = (missing, present, table, words, bytes)
        }

        init(from reader: inout SnapshotReader) throws(SnapshotError) {
            self.init(count: try reader.read(), small: try reader.read(), ratio: try reader.read(), flag: try reader.read(),
                      name: try reader.read(), missing: try reader.read(), present: try reader.read(),
                      table: try reader.read(), words: try reader.read(), bytes: try reader.read())
        }

        func write(to writer: inout SnapshotWriter) {
            writer.write(count); writer.write(small); writer.write(ratio); writer.write(flag); writer.write(name)
            writer.write(missing); writer.write(present); writer.write(table); writer.write(words); writer.write(bytes)
        }
    }

    static let sample = Sample(
        count: -1_234_567_890_123, small: Int32.min, ratio: -0.1, flag: true, name: "crâmp ✓ 🦵", missing: nil, present: 0,
        table: ["calf": [1, -2, 300_000], "": [], "night": [Int32.max]], words: ["b", "a", "ccc"], bytes: [0, 255, 128])

    @Test("every kind of value reads back as written")
    func roundTrip() throws {
        #expect(try Sample(snapshot: Self.sample.snapshot()) == Self.sample)
        for number in [0, 1, -1, 63, -64, 64, 127, 128, Int.max, Int.min] {
            #expect(try Int(snapshot: number.snapshot()) == number)
        }
        for value in [0.0, -0.0, .infinity, 1e-300, .pi] {
            #expect(try Double(snapshot: value.snapshot()).bitPattern == value.bitPattern)
        }
    }

    @Test("packed integer arrays read back at every width, and a value too wide for its type is refused")
    func packed() throws {
        for values: [UInt64] in [[], [0, 255], [0, 256, 65_535], [65_536, 7], [UInt64(UInt32.max) + 1, 0, UInt64.max]] {
            var writer = SnapshotWriter()
            writer.writePacked(values)
            var reader = SnapshotReader(writer.bytes)
            #expect(try reader.readPacked(UInt64.self) == values)
            #expect(reader.isAtEnd)
        }
        var writer = SnapshotWriter()
        writer.writePacked([Int32.max, 0, 5])
        var reader = SnapshotReader(writer.bytes)
        #expect(try reader.readPacked(Int32.self) == [Int32.max, 0, 5])
        var wide = SnapshotWriter()
        wide.writePacked([UInt32.max])
        var wideReader = SnapshotReader(wide.bytes)
        #expect(throws: SnapshotError.self) { try wideReader.readPacked(Int32.self) }
        var short = SnapshotReader(Array(writer.bytes.dropLast()))
        #expect(throws: SnapshotError.self) { try short.readPacked(Int32.self) }
    }

    @Test("bytes written as string literal text read back as written, at every length and value")
    func literalBytes() throws {
        let every = (0...255).map(UInt8.init) + [0, 0x22, 0x5C, 0x0A, 0xFF, 0x41]
        for bytes in [every, Array(every.reversed())] + (0...15).map({ Array(every.prefix($0)) }) {
            let blocks = LiteralBytes.encoded(bytes)
            #expect(blocks.allSatisfy { $0 < 0x80 })
            #expect(blocks.withUnsafeBufferPointer { LiteralBytes.bytes(ofUTF8: $0, count: bytes.count) } == bytes)
            #expect(blocks.withUnsafeBufferPointer { LiteralBytes.bytes(ofUTF8: $0, count: bytes.count + 7) } == nil)
            let source = LiteralBytes.literalSource(of: bytes)
            #expect(!source.unicodeScalars.contains { $0.value < 0x20 || $0.value >= 0x7F }, "only printable ASCII in the source")
        }
        let above: [UInt8] = [0x80, 0, 0, 0, 0, 0, 0, 0]
        #expect(above.withUnsafeBufferPointer { LiteralBytes.bytes(ofUTF8: $0, count: 7) } == nil, "a byte from 0x80 is not in such a text")
    }

    @Test("the same dictionary and set give the same bytes whatever order they were filled in")
    func deterministic() throws {
        var forward: [String: Int] = [:], backward: [String: Int] = [:]
        let keys = (0..<200).map { "key\($0)" }
        for (value, key) in keys.enumerated() { forward[key] = value }
        for (value, key) in keys.enumerated().reversed() { backward[key] = value }
        #expect(forward.snapshot() == backward.snapshot())
        #expect(Set(keys).snapshot() == Set(keys.reversed()).snapshot())
    }

    @Test("a string repeated is written once and then by number; a number never given is refused")
    func repeatedStrings() throws {
        let repeated = Array(repeating: "calf-or-leg", count: 1_000) + ["other", "calf-or-leg"]
        let bytes = repeated.snapshot()
        #expect(bytes.count < 2_100, "\(bytes.count) bytes")
        #expect(try [String](snapshot: bytes) == repeated)
        #expect(throws: SnapshotError.self) { try String(snapshot: [5]) }
    }

    @Test("cut short anywhere, or with bytes left over, the snapshot is refused")
    func truncated() throws {
        let bytes = Self.sample.snapshot()
        for length in 0..<bytes.count {
            #expect(throws: SnapshotError.self, "cut at \(length)") { try Sample(snapshot: Array(bytes.prefix(length))) }
        }
        #expect(throws: SnapshotError.self) { try Sample(snapshot: bytes + [0]) }
    }

    @Test("damaged counts, flags, repeats and narrow numbers are errors, not crashes or huge allocations")
    func damaged() throws {
        // A count of 2^62 elements.
        #expect(throws: SnapshotError.self) { try [Int](snapshot: [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]) }
        #expect(throws: SnapshotError.self) { try [Int](snapshot: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) }
        #expect(throws: SnapshotError.self) { try Bool(snapshot: [2]) }
        #expect(throws: SnapshotError.self) { try Int32(snapshot: Int(Int32.max) .advanced(by: 1).snapshot()) }
        #expect(throws: SnapshotError.self) { try Set<String>(snapshot: ["a", "a"].snapshot()) }
        var writer = SnapshotWriter()
        writer.writeVarint(2)
        for _ in 0..<2 { writer.write("same"); writer.write(1) }
        #expect(throws: SnapshotError.self) { try [String: Int](snapshot: writer.bytes) }
    }
}

@Suite("Compiled knowledge base")
struct CompiledKnowledgeTests {
    @Test("every fixed reply survives the compiled form, each in its own place")
    func responses() throws {
        var responses = Responses()
        for (number, key) in Responses.keys.enumerated() { responses.assign("reply \(number)", to: key) }
        let read = try Responses(snapshot: responses.snapshot())
        #expect(read == responses)
        #expect(Responses.keys.map(read.text(forKey:)) == Responses.keys.indices.map { "reply \($0)" })
    }

    @Test("a level that is not one of the four is refused")
    func levels() throws {
        for level in EscalationLevel.allCases { #expect(try EscalationLevel(snapshot: level.snapshot()) == level) }
        #expect(throws: SnapshotError.self) { try EscalationLevel(snapshot: "severe".snapshot()) }
    }
}

/// The assistant compiled at build time, against one built at start-up from the same files.
@Suite("Compiled assistant")
struct CompiledAssistantTests {
    /// Every message of the evaluation sets and golden conversations' kinds: questions, follow-ups,
    /// red flags, look-alikes, small talk and out-of-domain questions.
    static func evaluationMessages() throws -> [[String]] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Eval")
        var conversations: [[String]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".jsonl") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                let turns = object?["turns"] as? [[String: Any]] ?? []
                conversations.append(turns.compactMap { $0["say"] as? String })
            }
        }
        return conversations
    }

    /// Plays each conversation in its own session and returns every reply.
    static func replies(of assistant: Assistant, to conversations: [[String]]) -> [Reply] {
        conversations.flatMap { messages in
            var state = SessionState()
            return messages.map { assistant.respond(to: $0, in: &state) }
        }
    }

    @Test("the assistant read back from its compiled form writes the same bytes and gives the same replies")
    func roundTrip() throws {
        let built = EmbeddedAssistant.shared
        let bytes = built.compiled()
        let read = try Assistant(compiled: bytes)
        #expect(read.compiled() == bytes, "every table survives the round trip")
        let conversations = try Self.evaluationMessages()
        #expect(conversations.joined().count > 2_000)
        let expected = Self.replies(of: built, to: conversations)
        let actual = Self.replies(of: read, to: conversations)
        #expect(actual.count == expected.count)
        for (index, (got, wanted)) in zip(actual, expected).enumerated() where got != wanted {
            let fields = zip(Mirror(reflecting: got).children, Mirror(reflecting: wanted).children)
                .filter { "\($0.value)" != "\($1.value)" }.map { "\($0.label ?? "?"): \($0.value) / \($1.value)" }
            Issue.record("reply \(index) differs in \(fields.joined(separator: "; "))")
            break
        }
    }

    @Test("the assistant the build compiled answers as one built now from the embedded files")
    func embeddedMatchesFiles() throws {
        let compiled = try #require(try EmbeddedKnowledge.compiledAssistant(), "the build compiled the assistant")
        #expect(compiled.knowledge == EmbeddedAssistant.shared.knowledge)
        let conversations = try Self.evaluationMessages()
        let differing = zip(Self.replies(of: compiled, to: conversations), Self.replies(of: EmbeddedAssistant.shared, to: conversations))
            .filter { $0 != $1 }
        #expect(differing.isEmpty, "\(differing.count) replies differ, first: \(differing.first.map { "\($0.0.confidence) / \($0.1.confidence)" } ?? "")")
    }

    @Test("a compiled form that is cut short, of another version or with extra bytes is refused")
    func refusesDamage() throws {
        let bytes = EmbeddedAssistant.shared.compiled()
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: (any Error).self, "cut at \(length)") { try Assistant(compiled: Array(bytes.prefix(length))) }
        }
        #expect(throws: (any Error).self) { try Assistant(compiled: bytes + [0]) }
        var otherVersion = bytes
        otherVersion[0] = UInt8(2 * (Assistant.compiledFormVersion + 1))  // zigzag of the next version
        #expect(throws: SnapshotError.self) { try Assistant(compiled: otherVersion) }
        #expect(try Assistant.knowledge(inCompiled: bytes) == EmbeddedAssistant.shared.knowledge)
    }
}
