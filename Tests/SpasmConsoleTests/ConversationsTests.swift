import Testing

@testable import SpasmConsole

/// Many sessions through `Conversations`, as the JSON bridge uses it.
@Suite("Conversations")
struct ConversationsTests {
    static let assistant: Assistant = {
        switch KnowledgeLocation.embedded.load() {
        case .success(let base): return Assistant(knowledge: base)
        case .failure(let errors): fatalError("the embedded knowledge base does not load:\n\(errors)")
        }
    }()

    private func subject(of reply: Reply) -> String? {
        reply.topic.flatMap { Self.assistant.knowledge.topicsByID[$0]?.subject }
    }

    @Test("interleaved sessions do not mix their context")
    func isolation() {
        var conversations = Conversations(assistant: Self.assistant)
        let pad = conversations.respond(to: "what is peripheral artery disease?", session: "alice")
        let other = conversations.respond(to: "what is dehydration?", session: "bob")
        #expect(subject(of: pad) == "pad")
        #expect(subject(of: other) != "pad")
        let aliceFollowUp = conversations.respond(to: "how is it treated?", session: "alice")
        let bobFollowUp = conversations.respond(to: "how is it treated?", session: "bob")
        #expect(subject(of: aliceFollowUp) == "pad", "alice got \(aliceFollowUp.topic ?? "-")")
        #expect(subject(of: bobFollowUp) != "pad", "bob got alice's subject: \(bobFollowUp.topic ?? "-")")
        #expect(conversations.state(of: "alice")?.turns == 2)
        #expect(conversations.state(of: "bob")?.turns == 2)
        #expect(conversations.state(of: "carol") == nil)
    }

    @Test("a reset in one session leaves the others")
    func resetIsolation() {
        var conversations = Conversations(assistant: Self.assistant)
        _ = conversations.respond(to: "what is peripheral artery disease?", session: "alice")
        _ = conversations.respond(to: "what is peripheral artery disease?", session: "bob")
        #expect(conversations.respond(to: "/reset", session: "bob").kind == .command)
        #expect(conversations.state(of: "alice")?.frame.subject == "pad")
        #expect(conversations.state(of: "bob")?.frame.subject == nil)
    }

    @Test("the least recently used session is forgotten when full")
    func capacity() {
        var conversations = Conversations(assistant: Self.assistant, capacity: 2)
        for session in ["a", "b", "c"] { _ = conversations.respond(to: "hello", session: session) }
        #expect(conversations.state(of: "a") == nil)
        #expect(conversations.state(of: "b") != nil && conversations.state(of: "c") != nil)
    }

    @Test("a message over the limit is cut with a notice")
    func messageLimit() {
        var conversations = Conversations(assistant: Self.assistant, messageLimit: 40)
        let reply = conversations.respond(to: "what is peripheral artery disease? " + String(repeating: "blah ", count: 100))
        #expect(reply.footnote.contains("longer than 40 characters"))
        #expect(subject(of: reply) == "pad", "the beginning is still answered")
        let short = conversations.respond(to: "what is dehydration?")
        #expect(!short.footnote.contains("longer than"))
        let flagged = conversations.respond(to: "hello", truncated: true)
        #expect(flagged.footnote.contains("longer than"), "a line already cut when read gets the notice too")
    }
}
