/// Multi-word phrases keyed by their stems, found longest first in a stemmed sentence.
struct PhraseTable<Tag: Sendable & Hashable>: Sendable {
    /// A phrase and what it stands for.
    struct Entry: Sendable {
        var stems: [String]
        var tag: Tag
    }

    /// Entries by their first stem, longest phrase first.
    private var byFirstStem: [String: [Entry]] = [:]
    /// The shapes of the first stems: most words of a message start no phrase, and are turned
    /// away without hashing them (derived from `byFirstStem`, so not stored).
    private var firstStemShapes = WordShapes()

    mutating func add(_ stems: [String], _ tag: Tag) {
        guard let first = stems.first else { return }
        firstStemShapes.insert(first)
        // The list is changed where the table stores it, not copied out, sorted and stored back
        // (the refusal table is built at every start-up). The entry goes after those at least as
        // long, where appending it and sorting by length with a stable sort put it.
        let position: Int
        do {
            let list = byFirstStem[first] ?? []
            guard !list.contains(where: { $0.stems == stems && $0.tag == tag }) else { return }
            position = list.firstIndex { $0.stems.count < stems.count } ?? list.endIndex
        }
        byFirstStem[first, default: []].insert(Entry(stems: stems, tag: tag), at: position)
    }

    /// The longest phrase that starts at `index`, if any.
    func longestMatch(in stems: [String], at index: Int) -> Entry? {
        guard firstStemShapes.mayContain(stems[index]), let candidates = byFirstStem[stems[index]] else { return nil }
        for entry in candidates where index + entry.stems.count <= stems.count {
            if Self.follows(entry.stems, in: stems, at: index) { return entry }
        }
        return nil
    }

    /// Whether the words after `index` are those of a phrase filed under the word at `index`
    /// (its first word, so it is not compared again), the phrase fitting before the end.
    ///
    /// A loop over the two arrays: `elementsEqual` on a slice goes through generic iterators,
    /// and a common word starts dozens of phrases.
    static func follows(_ phrase: [String], in words: [String], at index: Int) -> Bool {
        guard index + phrase.count <= words.count else { return false }
        var offset = 1
        while offset < phrase.count {
            if words[index + offset] != phrase[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Every phrase occurrence, scanning left to right and taking the longest match at each place.
    func allMatches(in stems: [String]) -> [(range: Range<Int>, tag: Tag)] {
        var found: [(Range<Int>, Tag)] = []
        var index = 0
        while index < stems.count {
            if let entry = longestMatch(in: stems, at: index) {
                found.append((index..<(index + entry.stems.count), entry.tag))
                index += entry.stems.count
            } else {
                index += 1
            }
        }
        return found
    }
}

extension PhraseTable: SnapshotCodable where Tag: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        byFirstStem = try reader.read()
        firstStemShapes = WordShapes(byFirstStem.keys)
    }

    func write(to writer: inout SnapshotWriter) { writer.write(byFirstStem) }
}

extension PhraseTable.Entry: SnapshotCodable where Tag: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(stems: try reader.read(), tag: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(stems)
        writer.write(tag)
    }
}
