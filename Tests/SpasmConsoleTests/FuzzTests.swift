import Foundation
import Testing
@testable import SpasmConsole

/// Random inputs built from pieces that stress each stage: the domain's words and red-flag words
/// (so matching and negation run deeply), contractions, punctuation, control bytes, escapes,
/// invalid UTF-8, emoji and right-to-left text.
enum FuzzInput {
    static let pieces: [[UInt8]] = [
        "cramp", "calf", "swollen", "red", "no", "not", "but", "can't", "breathe", "chest", "pain",
        "what", "causes", "how", "is", "it", "treated", "tell me more", "1", "the second one", "/why",
        "/reset", "start over", "magnesium", "potasium", "musle", "charley horse", "my mum had",
        "years ago", "if", "what if", ".", ",", "?", "!", "'", "\"", "{", "}", "\\", ":", "\"text\"",
        "\"session\"", "null", "true", "[", "]", "🦵", "😀", "שלום", "مرحبا", "é", "ＦＵＬＬ", "\u{200F}",
        "\u{1B}[31m", "\u{1B}]0;title\u{07}", "\t", "\r",
    ].map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F], [0x80], [0x7F], [0x1B]]

    /// A random message of up to `maximum` pieces.
    static func message(_ random: inout SeededGenerator, maximum: Int = 12) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...maximum, using: &random) {
            if Bool.random(using: &random) && !bytes.isEmpty { bytes.append(32) }
            bytes += pieces.randomElement(using: &random)!
        }
        return bytes
    }
}

/// A bounded, seeded random-input property test of the whole input pipeline and the protocol:
/// whatever arrives, there is exactly one reply, it is well formed, and the session survives.
@Suite("Fuzz: random input never breaks a reply or a session")
struct FuzzTests {
    static let conversations: Conversations = {
        guard case .success(let knowledge) = KnowledgeLocation.embedded.load() else {
            fatalError("the built-in knowledge base must load")
        }
        return Conversations(assistant: Assistant(knowledge: knowledge), capacity: 64)
    }()

    @Test("plain lines: every message gets one printable reply", arguments: [UInt64(1), 2, 3, 4])
    func plainMessages(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var conversations = Self.conversations
        for _ in 0..<1500 {
            let text = LineReader.clean(FuzzInput.message(&random))
            let session = "s\(Int.random(in: 0..<8, using: &random))"
            let reply = conversations.respond(to: text, session: session)
            #expect(!reply.text.isEmpty, "no reply text for \(text.debugDescription)")
            let rendered = Renderer().render(reply)
            // Nothing typed reaches the output as a raw control character or escape sequence.
            #expect(!rendered.unicodeScalars.contains { $0.value < 32 && $0 != "\n" || $0.value == 0x7F },
                    "control character in the reply to \(text.debugDescription)")
            #expect(reply.confidence >= 0 && reply.confidence <= 1)
            #expect(reply.escalation <= reply.activeEscalation)
        }
        // The sessions still converse normally afterwards.
        let after = conversations.respond(to: "what is peripheral artery disease?", session: "s1")
        #expect(after.kind == .answer)
    }

    @Test("JSON lines: every line decodes to a request or a clear error, and replies encode as valid JSON",
          arguments: [UInt64(11), 12, 13])
    func jsonLines(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var conversations = Self.conversations
        for _ in 0..<1500 {
            var line = FuzzInput.message(&random)
            if Bool.random(using: &random) {
                // Wrap it as a request so the decoder's success path is fuzzed too.
                line = Array("{\"session\":\"x\",\"text\":\"".utf8) + line + Array("\"}".utf8)
            }
            let text = LineReader.clean(line)
            let encoded: String
            switch JSONLines.decode(text) {
            case .success(let request):
                let reply = conversations.respond(to: request.text, session: request.session)
                encoded = JSONLines.encode(reply, session: request.session, text: Renderer().render(reply))
            case .failure(let error):
                #expect(!error.message.isEmpty)
                encoded = JSONLines.encode(Reply(kind: .error, body: error.message), session: error.session, text: error.message)
            }
            #expect(!encoded.contains("\n"))
            let object = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String: Any]
            #expect(object?["reply"] is String, "reply missing for \(text.debugDescription)")
            #expect(object?["kind"] is String)
        }
    }
}
