/// The most frequent English words ("water", "night", "dance"), to tell an everyday word that the
/// knowledge base happens to use from a word of the domain ("stenosis", "potassium").
public struct EverydayWords: Sendable {
    private let words: Set<String>

    public init() {
        words = Set(Self.sortedList.split(separator: "\n").map(String.init))
    }

    /// Whether a lowercase word is one of the most frequent English words.
    public func contains(_ word: String) -> Bool { words.contains(word) }
}
