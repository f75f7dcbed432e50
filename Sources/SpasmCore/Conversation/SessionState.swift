/// The dialogue frame: what the conversation is about and what was last asked.
public struct Frame: Sendable, Hashable {
    public var subject: String?
    public var facet: String?
    /// The last topic answered.
    public var topic: String?
    /// Turns since the frame was last used; past a few it fades.
    public var idleTurns = 0
}

/// Everything the assistant remembers about one conversation. A value: copy it to branch.
public struct SessionState: Sendable, Hashable {
    public var frame = Frame()
    /// How far "tell me more" has gone for the current topic: 0 answer shown, 1 detail shown, 2+ related topics.
    public var moreDepth = 0
    /// The choices of a clarifying question awaiting an answer.
    public var pendingChoices: [String] = []
    /// Red-flag findings reported so far in the session.
    public var symptoms: Set<String> = []
    /// Red-flag findings told in the past ("sciatica years ago"), which some rules still count.
    public var history: Set<String> = []
    /// Red-flag findings the last turn asked about in general ("is it normal for cramps to happen
    /// at night?"), which the next turn may claim ("because I get them every night").
    public var askedFindings: Set<String> = []
    public var activeEscalation: EscalationLevel = .none
    /// The text of the last reply, so "tell me more" never gives the same reply twice in a row.
    public var lastBody = ""
    /// The last question matched and the context it was matched in, for `/why`.
    public var lastQuestion = ""
    public var lastContext = MatchContext()
    public var turns = 0

    public init() {}
}
