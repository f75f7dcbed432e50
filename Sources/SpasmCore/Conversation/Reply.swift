/// What kind of reply a turn produced; the JSON protocol's `kind`.
public enum ReplyKind: String, Sendable, Hashable, Codable {
    case answer, clarify, fallback, smalltalk, command, error
}

/// A command the console carries out on the assistant's behalf.
public enum ConsoleAction: Sendable, Hashable {
    case quit
}

/// One reply of the assistant, with everything a renderer or the protocol needs.
public struct Reply: Sendable, Hashable {
    public var kind: ReplyKind
    /// The escalation message, shown before anything else; empty when none.
    public var warning: String = ""
    /// The answer or other reply text.
    public var body: String
    /// A line shown after the body: the reminder of an active warning or a safety note.
    public var footnote: String = ""
    public var topic: String?
    /// The level this turn raised.
    public var escalation: EscalationLevel = .none
    /// The highest level still active in the session.
    public var activeEscalation: EscalationLevel = .none
    public var confidence: Double = 0
    /// Titles of the sources the answer comes from.
    public var sources: [String] = []
    public var suggestions: [String] = []
    /// Numbered choices of a clarifying question.
    public var choices: [String] = []
    public var action: ConsoleAction?

    public init(kind: ReplyKind, body: String) {
        self.kind = kind
        self.body = body
    }

    /// The whole reply as plain text: warning, body, choices and footnote.
    public var text: String {
        var parts: [String] = []
        if !warning.isEmpty { parts.append(warning) }
        var main = body
        for (number, choice) in choices.enumerated() { main += "\n\(number + 1). \(choice)" }
        if !main.isEmpty { parts.append(main) }
        if !footnote.isEmpty { parts.append(footnote) }
        return parts.joined(separator: "\n\n")
    }
}
