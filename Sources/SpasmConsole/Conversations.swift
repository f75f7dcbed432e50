import Foundation

/// The assistant with its sessions: what every way in (REPL, pipes, transcripts) talks to.
public struct Conversations: Sendable {
    public let assistant: Assistant
    public var store: SessionStore
    /// The longest message read, in characters; longer ones are cut with a notice.
    public let messageLimit: Int

    public init(assistant: Assistant, capacity: Int = 10_000, idleExpiry: Double = 3600, messageLimit: Int = 2000) {
        self.assistant = assistant
        self.store = SessionStore(capacity: capacity, idleExpiry: idleExpiry)
        self.messageLimit = messageLimit
    }

    /// Answers one message in a session. `truncated` says the line was already cut when read.
    public mutating func respond(to text: String, session: String = "default", truncated: Bool = false) -> Reply {
        var message = text
        var cut = truncated
        if message.count > messageLimit {
            message = String(message.prefix(messageLimit))
            cut = true
        }
        let assistant = self.assistant
        var reply = store.withSession(session, now: Date().timeIntervalSince1970) { state in
            assistant.respond(to: message, in: &state)
        }
        if cut {
            let notice = "(Your message was longer than \(messageLimit) characters; I read only the beginning.)"
            reply.footnote = reply.footnote.isEmpty ? notice : reply.footnote + "\n" + notice
        }
        return reply
    }

    /// The state of a session, for `/why` and tests.
    public func state(of session: String) -> SessionState? { store.state(of: session) }
}
