import Testing

@testable import SpasmConsole

/// The conversation script format and its checks.
@Suite("Transcript")
struct TranscriptTests {
    static let script = """
        # Follow-ups about PAD.
        what is PAD?
          -> contains: Artery | arteries
          -> kind: answer

        how is it treated?
          -> escalation: >= see-doctor
          -> lacks: surgery
        ---
        ---
        # a second conversation
        hello
          -> kind: smalltalk
          -> topic: none-here
          -> escalation: <= urgent
          -> escalation: none
        ---
        """

    @Test("messages, expectations, comments and conversations")
    func parse() throws {
        let transcript = try Transcript.parse(Self.script, file: "pad.convo").get()
        #expect(transcript.file == "pad.convo")
        #expect(transcript.conversations.count == 2, "empty conversations between --- are dropped")
        let first = transcript.conversations[0]
        #expect(first.map(\.text) == ["what is PAD?", "how is it treated?"])
        #expect(first.map(\.line) == [2, 6])
        #expect(first[0].expectations.map(\.line) == [3, 4])
        #expect(first[0].expectations.map(\.expectation) == [.contains(["artery", "arteries"]), .kind(.answer)])
        #expect(first[1].expectations.map(\.expectation) == [.escalation(.seeDoctor, .atLeast), .lacks(["surgery"])])
        let second = transcript.conversations[1]
        #expect(second.map(\.text) == ["hello"])
        #expect(second[0].line == 12)
        #expect(second[0].expectations.map(\.expectation) == [
            .kind(.smalltalk), .topic("none-here"), .escalation(.urgent, .atMost), .escalation(.none, .exactly),
        ])
        #expect(second[0].expectations.map(\.line) == [13, 14, 15, 16])
    }

    @Test("every malformed line is reported with its file and line")
    func malformed() throws {
        let script = """
              -> kind: answer
            what is PAD?
              -> kind: reply
              -> escalation: panic
              -> colour: red
              -> contains:
              -> just words
              -> topic:
              -> contains: fine
            """
        guard case .failure(let failure) = Transcript.parse(script, file: "bad.convo") else {
            Issue.record("a malformed script parsed")
            return
        }
        let problems = failure.problems
        #expect(problems.map(\.line) == [1, 3, 4, 5, 6, 7, 8])
        #expect(problems.allSatisfy { $0.file == "bad.convo" })
        #expect(problems[0].message.contains("before any message"))
        #expect(problems[1].message.contains("unknown kind 'reply'"))
        #expect(problems[2].message.contains("unknown escalation 'panic'"))
        #expect(problems[3].message.contains("unknown key 'colour'"))
        #expect(problems[4].message.contains("needs at least one phrase"))
        #expect(problems[5].message.contains("expected 'key: value'"))
        #expect(problems[6].message.contains("needs a topic id"))
        #expect(problems[1].description.hasPrefix("bad.convo:3: "))
    }

    @Test("a script with no messages is a problem", arguments: ["", "# only a comment\n\n---\n"])
    func empty(script: String) {
        guard case .failure(let failure) = Transcript.parse(script, file: "empty.convo") else {
            Issue.record("an empty script parsed")
            return
        }
        #expect(failure.problems.count == 1)
        #expect(failure.problems.first?.line == 1)
        #expect(failure.problems.first?.message.contains("no messages") == true)
    }

    @Test("CRLF line endings and indentation are tolerated")
    func crlf() throws {
        let transcript = try Transcript.parse("hello\r\n   -> kind: smalltalk\r\n", file: "win.convo").get()
        #expect(transcript.conversations.first?.first?.text == "hello")
        #expect(transcript.conversations.first?.first?.expectations.first?.expectation == .kind(.smalltalk))
    }

    private var reply: Reply {
        var reply = Reply(kind: .answer, body: "Narrowed ARTERIES reduce blood flow.")
        reply.topic = "pad-definition"
        reply.escalation = .seeDoctor
        reply.warning = "See a doctor soon."
        return reply
    }

    @Test("contains: any alternative, case-insensitive, warning included")
    func contains() {
        #expect(Transcript.mismatch(.contains(["arteries"]), reply: reply) == nil)
        #expect(Transcript.mismatch(.contains(["plaque", "blood flow"]), reply: reply) == nil)
        #expect(Transcript.mismatch(.contains(["see a doctor"]), reply: reply) == nil)
        let message = Transcript.mismatch(.contains(["plaque", "bypass"]), reply: reply)
        #expect(message?.contains("expected the reply to contain 'plaque' or 'bypass'") == true)
        #expect(message?.contains("Narrowed ARTERIES") == true, "the message shows what the reply was")
    }

    @Test("lacks: none of the alternatives")
    func lacks() {
        #expect(Transcript.mismatch(.lacks(["plaque"]), reply: reply) == nil)
        #expect(Transcript.mismatch(.lacks(["plaque", "arteries"]), reply: reply)?.contains("to lack 'arteries'") == true)
    }

    @Test("kind and topic")
    func kindAndTopic() {
        #expect(Transcript.mismatch(.kind(.answer), reply: reply) == nil)
        #expect(Transcript.mismatch(.kind(.fallback), reply: reply)?.contains("expected kind fallback, got answer") == true)
        #expect(Transcript.mismatch(.topic("pad-definition"), reply: reply) == nil)
        #expect(Transcript.mismatch(.topic("pad-causes"), reply: reply)?.contains("expected topic pad-causes, got pad-definition") == true)
        #expect(Transcript.mismatch(.topic("x"), reply: Reply(kind: .fallback, body: ""))?.contains("got none") == true)
    }

    @Test("escalation: exactly, at least, at most")
    func escalation() {
        #expect(Transcript.mismatch(.escalation(.seeDoctor, .exactly), reply: reply) == nil)
        #expect(Transcript.mismatch(.escalation(.none, .exactly), reply: reply) == "expected escalation none, got see-doctor")
        #expect(Transcript.mismatch(.escalation(.seeDoctor, .atLeast), reply: reply) == nil)
        #expect(Transcript.mismatch(.escalation(.urgent, .atLeast), reply: reply) == "expected escalation >= urgent, got see-doctor")
        #expect(Transcript.mismatch(.escalation(.urgent, .atMost), reply: reply) == nil)
        #expect(Transcript.mismatch(.escalation(.none, .atMost), reply: reply) == "expected escalation <= none, got see-doctor")
    }
}
