import Foundation
import Testing

@testable import SpasmConsole

/// The JSON-lines protocol: reading requests and writing replies.
@Suite("JSON lines: requests")
struct JSONLinesDecodeTests {
    private func request(_ line: String) -> JSONLines.Request? {
        try? JSONLines.decode(line).get()
    }

    private func failure(_ line: String) -> JSONLines.RequestError? {
        if case .failure(let error) = JSONLines.decode(line) { return error }
        return nil
    }

    @Test("a good line with and without a session")
    func goodLines() {
        #expect(request(#"{"text": "what causes cramps?"}"#) == JSONLines.Request(session: "default", text: "what causes cramps?"))
        #expect(request(#"{"session": "irc:#spasm:alice", "text": "hi"}"#) == JSONLines.Request(session: "irc:#spasm:alice", text: "hi"))
        #expect(request(#"{"text": "hi", "session": null}"#)?.session == "default")
        #expect(request(#"{"text": "hi", "extra": [1, 2]}"#)?.text == "hi", "unknown keys are ignored")
        #expect(request(#"  {"text":"é \u00e9 \ud83d\ude00"}  "#)?.text == "é é 😀")
    }

    @Test("the text is cleaned of escapes and control characters")
    func cleanedText() {
        #expect(request(#"{"text": "a\u001b[31mb\u0000c\td"}"#)?.text == "abc d")
        #expect(request(#"{"text": "line one\nline two"}"#)?.text == "line oneline two")
    }

    @Test("missing text names the session")
    func missingText() {
        let error = failure(#"{"session": "s1"}"#)
        #expect(error?.message.contains("missing \"text\"") == true)
        #expect(error?.session == "s1")
    }

    @Test("text that is not a string", arguments: [#"{"text": 5}"#, #"{"text": null}"#, #"{"text": ["a"]}"#, #"{"text": {"a": 1}}"#])
    func nonStringText(line: String) {
        let error = failure(line)
        #expect(error?.message.contains("\"text\" must be a string") == true, "\(line): \(String(describing: error))")
        #expect(error?.session == "default")
    }

    @Test("JSON that is not an object", arguments: ["[1, 2]", #""hello""#, "42", "null", "true"])
    func nonObject(line: String) {
        #expect(failure(line)?.message.contains("not an object") == true, "\(line)")
        #expect(failure(line)?.session == nil)
    }

    @Test("malformed JSON", arguments: ["{text: hi}", #"{"text": "unterminated}"#, "{", "what causes cramps?", #"{"text": "a"} trailing"#])
    func malformed(line: String) {
        #expect(failure(line)?.message.contains("not valid JSON") == true, "\(line)")
    }

    @Test("a session that is not a string", arguments: [#"{"text": "hi", "session": 5}"#, #"{"text": "hi", "session": ["a"]}"#, #"{"text": "hi", "session": true}"#])
    func nonStringSession(line: String) {
        let error = failure(line)
        #expect(error?.message.contains("\"session\" must be a string") == true, "\(line)")
        #expect(error?.session == nil)
    }

    @Test("a session id longer than the limit is refused; one at the limit is fine")
    func hugeSession() {
        let limit = JSONLines.maximumSessionLength
        let long = String(repeating: "s", count: limit + 1)
        #expect(failure(#"{"text": "hi", "session": "\#(long)"}"#)?.message.contains("longer than \(limit)") == true)
        let fits = String(repeating: "s", count: limit)
        #expect(request(#"{"text": "hi", "session": "\#(fits)"}"#)?.session == fits)
        let huge = String(repeating: "x", count: 1_000_000)
        #expect(failure(#"{"text": "hi", "session": "\#(huge)"}"#) != nil)
    }

    @Test("an empty or blank line", arguments: ["", "   ", "\t"])
    func emptyLine(line: String) {
        #expect(failure(line)?.message.contains("empty line") == true)
    }
}

@Suite("JSON lines: replies")
struct JSONLinesEncodeTests {
    static let allKeys: Set<String> = ["session", "reply", "kind", "topic", "escalation", "active_escalation", "confidence", "sources", "suggestions"]

    private func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    private var answer: Reply {
        var reply = Reply(kind: .answer, body: "ignored: the text argument is what is sent")
        reply.topic = "pad-treatment"
        reply.escalation = .urgent
        reply.activeEscalation = .emergency
        reply.confidence = 0.8126
        reply.sources = ["Muscle Spasm", "A/B \"quoted\""]
        reply.suggestions = ["what is PAD?"]
        return reply
    }

    @Test("an answer encodes every key and parses back")
    func answerRoundTrip() throws {
        let text = "Line one\nLine two\twith \"quotes\", a back\\slash, a/slash, é and 😀 \u{1} \u{2028}"
        let line = JSONLines.encode(answer, session: "alice", text: text)
        #expect(!line.contains("\n"), "one line per reply")
        #expect(!line.contains("\r"))
        #expect(!line.contains("\u{2028}"))
        #expect(line.contains("a/slash") && !line.contains("\\/"), "slashes are not escaped")
        let object = try parse(line)
        #expect(Set(object.keys) == Self.allKeys, "no error key on an answer")
        #expect(object["session"] as? String == "alice")
        #expect(object["reply"] as? String == text)
        #expect(object["kind"] as? String == "answer")
        #expect(object["topic"] as? String == "pad-treatment")
        #expect(object["escalation"] as? String == "urgent")
        #expect(object["active_escalation"] as? String == "emergency")
        #expect((object["confidence"] as? NSNumber)?.doubleValue == 0.813)
        #expect(object["sources"] as? [String] == ["Muscle Spasm", "A/B \"quoted\""])
        #expect(object["suggestions"] as? [String] == ["what is PAD?"])
    }

    @Test("strings with escapes at the start, the end, side by side or not at all read back as written")
    func escapesEverywhere() throws {
        let texts = ["", "plain", "\"", "\\", "\n\n", "end\u{2029}", "\u{2028}start", "€ … \u{2028}\u{2029}—",
                     "tab\there\u{7}", "\u{1F}\"\\\n", "é😀", "a\u{E2}"]
        for text in texts {
            let line = JSONLines.encode(Reply(kind: .answer, body: text), session: text, text: text)
            #expect(!line.contains("\u{2028}") && !line.contains("\u{2029}") && !line.contains("\n"), "\(text.debugDescription)")
            let object = try parse(line)
            #expect(object["reply"] as? String == text && object["session"] as? String == text, "\(text.debugDescription)")
        }
    }

    @Test("missing values are null or empty, never absent")
    func nulls() throws {
        let object = try parse(JSONLines.encode(Reply(kind: .fallback, body: "no"), session: nil, text: "no"))
        #expect(Set(object.keys) == Self.allKeys)
        #expect(object["session"] is NSNull)
        #expect(object["topic"] is NSNull)
        #expect(object["escalation"] as? String == "none")
        #expect(object["sources"] as? [Any] != nil && (object["sources"] as? [Any])?.isEmpty == true)
        #expect((object["confidence"] as? NSNumber)?.doubleValue == 0)
    }

    @Test("an error carries an error key")
    func error() throws {
        let object = try parse(JSONLines.encode(Reply(kind: .error, body: "not valid JSON"), session: "s", text: "not valid JSON"))
        #expect(Set(object.keys) == Self.allKeys.union(["error"]))
        #expect(object["kind"] as? String == "error")
        #expect(object["error"] as? String == "not valid JSON")
    }

    @Test("confidence is clamped to 0...1", arguments: [(1.7, 1.0), (-0.2, 0.0), (0.5, 0.5)])
    func confidence(value: Double, expected: Double) throws {
        var reply = Reply(kind: .answer, body: "")
        reply.confidence = value
        let object = try parse(JSONLines.encode(reply, session: "s", text: ""))
        #expect((object["confidence"] as? NSNumber)?.doubleValue == expected)
    }

    @Test("every control character is escaped")
    func controls() throws {
        let text = String(String.UnicodeScalarView((0..<32).compactMap(Unicode.Scalar.init)))
        let quoted = JSONLines.quote(text)
        #expect(!quoted.unicodeScalars.contains { $0.value < 32 })
        let parsed = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: [.fragmentsAllowed]) as? String
        #expect(parsed == text)
    }
}

/// The hand-written request reader against Foundation's `JSONSerialization` as the reference.
@Suite("JSON lines: the request reader agrees with JSONSerialization")
struct JSONScannerTests {
    /// What the reference makes of a line, in the scanner's terms.
    private func reference(_ line: String) -> JSONScanner.Outcome {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed]) else { return .invalid }
        guard let fields = object as? [String: Any] else { return .notAnObject }
        return .object(fields.mapValues { value in
            if value is NSNull { return .null }
            if let text = value as? String { return .string(text) }
            return .other
        })
    }

    /// JSONSerialization accepts a comma before `]` or `}`, which RFC 8259 does not; the scanner
    /// keeps to the RFC, so those lines are the one known difference.
    private func hasTrailingComma(_ line: String) -> Bool {
        let compact = line.filter { !$0.isWhitespace }
        return compact.contains(",]") || compact.contains(",}")
    }

    @Test("valid lines of every kind", arguments: [
        #"{}"#, #"{"text":"hi"}"#, #" { "text" : "a\"b\\c\/d\b\f\n\r\t" , "session" : null } "#,
        #"{"text":"\u00e9\u4e2d\ud83d\ude00"}"#, #"{"a":[1,-2.5e+3,0,0.1,1E9,true,false,null,{"b":[]}],"text":"x"}"#,
        #"{"text":"first","text":"second"}"#, #"[]"#, #"[1,[2,[3]]]"#, #""just a string""#, "-0", "0.5e-7", "true",
        "{\"k\":\"caf\u{e9} \u{1F600} \u{5D0}\u{5D1}\"}",
    ])
    func valid(line: String) {
        #expect(JSONScanner.scan(line) == reference(line), "\(line)")
        #expect(JSONScanner.scan(line) != .invalid, "\(line)")
    }

    @Test("malformed lines", arguments: [
        "", " ", "{", "}", "{\"text\"}", "{\"text\":}", "{\"text\":\"a\",}", "[1,]", "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
        "tru", "nul", "{'text':'a'}", "{text:\"a\"}", "{\"text\":\"a\"} x", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"open",
        "{\"a\":1}{\"b\":2}", "NaN", "[\"a\"\"b\"]", "{\"a\" 1}",
    ])
    func malformed(line: String) {
        #expect(JSONScanner.scan(line) == .invalid, "\(line)")
        #expect(reference(line) == .invalid || hasTrailingComma(line), "the reference agrees: \(line)")
    }

    @Test("deep nesting is refused without exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONScanner.scan(deep) == .invalid)
        let nested = "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + ",\"text\":\"ok\"}"
        #expect(JSONScanner.scan(nested) == .object(["a": .other, "text": .string("ok")]))
    }

    @Test("a lone surrogate escape becomes the replacement character")
    func loneSurrogate() {
        #expect(JSONScanner.scan(#"{"text":"a\ud800b"}"#) == .object(["text": .string("a\u{FFFD}b")]))
        #expect(JSONScanner.scan(#"{"text":"\udc00"}"#) == .object(["text": .string("\u{FFFD}")]))
    }

    @Test("random edits of valid requests get the same verdict as the reference")
    func randomEdits() {
        let seeds = [
            #"{"session":"s1","text":"what causes cramps?"}"#,
            #"{"text":"caf\u00e9 \"quoted\" \\ back","session":null,"n":[1,2.5,-3e2,{"x":true}]}"#,
            #"[{"text":"a"},false,"b"]"#,
        ]
        let alphabet = Array(#"{}[]":,\/"ntrfaleu0123456789.-+eE "#.utf8)
        var random = SeededGenerator(seed: 11)
        var disagreements: [String] = []
        var invalidCount = 0
        for round in 0..<4_000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                default: bytes[at] = alphabet.randomElement(using: &random)!
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            let line = String(decoding: bytes, as: UTF8.self)
            let verdict = JSONScanner.scan(line)
            if verdict == .invalid { invalidCount += 1 }
            if verdict != reference(line) && !(verdict == .invalid && hasTrailingComma(line)) { disagreements.append(line) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        #expect((1_000...3_000).contains(invalidCount), "the edits give a mix of valid and broken lines: \(invalidCount) invalid")
    }
}
