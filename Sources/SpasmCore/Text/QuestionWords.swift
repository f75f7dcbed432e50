/// The words that open a question, in one place for the analyser and the assistant.
enum QuestionWords {
    /// Words that open a question no "yes" answers ("how are cramps diagnosed?").
    static let interrogatives: Set<String> = ["what", "whats", "how", "why", "when", "where", "which", "who"]

    /// Words that open a question as the first word of a message: the interrogatives and the
    /// verbs a yes/no question starts with ("is it normal", "can stress cause cramps"). Not "was"
    /// or "did": a message that opens "was running and..." tells, it does not ask.
    static let openers: Set<String> = interrogatives.union([
        "is", "are", "do", "does", "can", "could", "should", "will", "would", "might", "may",
    ])
}
