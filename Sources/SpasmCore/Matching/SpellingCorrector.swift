/// Corrects misspelt words to the knowledge base's own vocabulary, and only to it.
///
/// Candidates come from a deletion index (the SymSpell method): every word of the vocabulary
/// is stored under itself and each string made by deleting one letter, and a misspelling is
/// looked up the same way, so candidates come from a few look-ups instead of a scan of the
/// vocabulary. One deletion on each side finds every single edit (a substitution is a deletion
/// on both sides, a swap of neighbours too) and most double ones; indexing one deletion rather
/// than two keeps the index small. Candidates are then checked with the true edit distance.
///
/// The index is two flat arrays, a sorted 64-bit hash of each key and the word it came from,
/// rather than a dictionary of strings: it is built and read back in a fraction of the time. A
/// hash collision can only add a candidate, which the edit distance then rejects.
struct SpellingCorrector: Sendable {
    /// Every word the knowledge base uses, with what is known of it: one table for the
    /// vocabulary, the stems and the protected words, so start-up reads and hashes the few
    /// thousand words once rather than three times.
    private let known: [String: KnownWord]
    /// The indexed words (four letters or more), in sorted order.
    private let words: [String]
    /// The hash of every index key, sorted; `keyWords` holds the word each came from.
    private let keyHashes: [UInt64]
    private let keyWords: [Int32]
    /// Real English words are left alone: "early" is not a misspelling of "nearly".
    let english: EnglishWords

    init(known: [String: KnownWord], english: EnglishWords) {
        self.known = known
        self.english = english
        let words = known.keys.filter { $0.count >= 4 && $0.allSatisfy(\.isLetter) }.sorted()
        var keys: [(hash: UInt64, word: Int32)] = []
        for (number, word) in words.enumerated() {
            for variant in Self.deletes(of: word, depth: Self.indexDepth) {
                keys.append((StableHash.of(variant), Int32(number)))
            }
        }
        keys.sort { ($0.hash, $0.word) < ($1.hash, $1.word) }
        self.words = words
        self.keyHashes = keys.map(\.hash)
        self.keyWords = keys.map(\.word)
    }

    /// The indexed words stored under a key's hash.
    private func words(underHash hash: UInt64) -> some Sequence<String> {
        var low = 0, high = keyHashes.count
        while low < high {
            let middle = (low + high) / 2
            if keyHashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        let end = keyHashes[low...].firstIndex { $0 != hash } ?? keyHashes.count
        return keyWords[low..<end].lazy.map { words[Int($0)] }
    }

    /// Whether an ASCII word is all letters (what `allSatisfy(\.isLetter)` says of ASCII).
    static func isASCIILetters(_ word: String) -> Bool {
        word.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }
    }

    /// How many letters are deleted to make index keys, on both sides.
    static let indexDepth = 1

    /// The longest word the corrector tries to correct.
    static let longestCorrectable = 24

    /// Whether a word is in the vocabulary.
    func knows(_ word: String) -> Bool { known[word] != nil }

    /// The stem of a word of the vocabulary, nil for another word.
    func stem(ofKnown word: String) -> String? { known[word]?.stem }

    /// Whether a word is never corrected, nor produced by a correction: red-flag vocabulary.
    func isProtected(_ word: String) -> Bool { known[word]?.isProtected == true }

    /// Every protected word (``isProtected(_:)``).
    var protected: Set<String> { Set(known.lazy.filter(\.value.isProtected).map(\.key)) }

    /// The best correction of an unknown word, or nil when none is close enough or safe.
    func correction(for word: String) -> String? {
        // Very long "words" are garble, not typos, and their deletion sets grow with the cube of the length.
        // An ASCII word (nearly every one) has a character a byte, a letter being a-z or A-Z.
        let isASCII = word.utf8.allSatisfy { $0 < 0x80 }
        let length = isASCII ? word.utf8.count : word.count
        guard length >= 4, length <= Self.longestCorrectable, isASCII ? Self.isASCIILetters(word) : word.allSatisfy(\.isLetter),
              !knows(word), !isProtected(word), !english.contains(word) else { return nil }
        // A doubled letter typed once too often ("legg", "crammp") is the commonest slip, and the
        // word it leaves may be too short for the index ("leg").
        if let undoubled = undoubled(word) { return undoubled }
        let limit = EditDistance.tolerance(forLength: length)
        guard limit > 0 else { return nil }
        var seen: Set<String> = []
        var best: (word: String, distance: Int, frequency: Int)?
        let source = Array(word.utf8)
        // The best candidate is the least by (distance, frequency, word), whichever key finds it
        // first, so the keys may come in any order and more than once.
        let keyHashes = source.allSatisfy({ $0 < 0x80 }) && Self.indexDepth == 1
            ? Self.singleDeletionHashes(of: source) : Self.deletes(of: word, depth: Self.indexDepth).map(StableHash.of)
        for keyHash in keyHashes {
            for candidate in words(underHash: keyHash) where seen.insert(candidate).inserted {
                let distance = EditDistance.distance(source, Array(candidate.utf8), limit: limit)
                guard distance <= limit, distance <= EditDistance.tolerance(forLength: candidate.count) else { continue }
                // Four-letter words tolerate only a swap of neighbours ("pian"), never a new letter ("calf"/"half").
                if length == 4 && Set(word) != Set(candidate) { continue }
                let count = known[candidate]?.frequency ?? 0
                if let current = best,
                   (current.distance, -current.frequency, current.word) <= (distance, -count, candidate) { continue }
                best = (candidate, distance, count)
            }
        }
        guard let chosen = best?.word, !isProtected(chosen) else { return nil }
        return chosen
    }

    /// The "-ing" word a word spelled with its final "g" dropped stands for ("crampin",
    /// "runnin"), if the vocabulary has it; nil for real words ("thin", "cabin").
    ///
    /// Checked even when the word itself is known: the knowledge base's own example questions
    /// use such spellings, and a known "crampin" would otherwise never read as "cramping".
    func ingSpelling(of word: String) -> String? {
        guard word.utf8.count >= 5, word.hasSuffix("in"), !english.contains(word) else { return nil }
        let spelled = word + "g"
        guard knows(spelled), !isProtected(spelled), !isProtected(word) else { return nil }
        return spelled
    }

    /// The most frequent known word left by dropping one letter of a doubled pair, if any.
    private func undoubled(_ word: String) -> String? {
        let letters = Array(word)
        var best: (word: String, frequency: Int)?
        for index in letters.indices.dropFirst() where letters[index] == letters[index - 1] {
            var shorter = letters
            shorter.remove(at: index)
            let candidate = String(shorter)
            guard let entry = known[candidate], !entry.isProtected else { continue }
            let count = entry.frequency
            if let current = best, (-current.frequency, current.word) <= (-count, candidate) { continue }
            best = (candidate, count)
        }
        return best?.word
    }

    /// The ``StableHash`` of an ASCII word and of every string made by deleting one of its
    /// letters, hashed from the bytes as they are skipped: the keys of ``deletes(of:depth:)`` at
    /// depth 1, some perhaps twice ("cramp" either "m" of "crammp"), with no string or set built.
    static func singleDeletionHashes(of bytes: [UInt8]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(bytes.count + 1)
        hashes.append(StableHash.of(bytes: bytes, skipping: nil))
        guard bytes.count > 1 else { return hashes }
        for index in bytes.indices { hashes.append(StableHash.of(bytes: bytes, skipping: index)) }
        return hashes
    }

    /// The word itself and every string made by deleting up to `depth` letters.
    private static func deletes(of word: String, depth: Int) -> Set<String> {
        // ASCII words (all of the built-in vocabulary) are cut among their bytes: the same
        // letters for them, and much faster than cutting among Characters.
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            return deletes(of: word, depth: depth, letters: { Array($0.utf8) }, text: { String(decoding: $0, as: UTF8.self) })
        }
        return deletes(of: word, depth: depth, letters: { Array($0) }, text: { String($0) })
    }

    /// ``deletes(of:depth:)`` with the word cut into letters by `letters` and put together by `text`.
    private static func deletes<Letter>(of word: String, depth: Int, letters: (String) -> [Letter],
                                         text: ([Letter]) -> String) -> Set<String> {
        var result: Set<String> = [word]
        var frontier: Set<String> = [word]
        for _ in 0..<depth {
            var next: Set<String> = []
            for item in frontier {
                let letters = letters(item)
                guard letters.count > 1 else { continue }
                for index in letters.indices {
                    var shorter = letters
                    shorter.remove(at: index)
                    next.insert(text(shorter))
                }
            }
            result.formUnion(next)
            frontier = next
        }
        return result
    }
}

/// What the corrector knows of a word of the knowledge base.
struct KnownWord: Sendable, Equatable {
    /// How often the knowledge base uses it; breaks ties between candidate corrections.
    var frequency: Int
    /// Its Porter2 stem, so most words of a question are looked up instead of stemmed.
    var stem: String
    /// Whether it is red-flag vocabulary, never corrected nor produced by a correction.
    var isProtected: Bool
}

extension SpellingCorrector {
    /// Reads a corrector from its snapshot; the English word list is not stored, but given.
    init(from reader: inout SnapshotReader, english: EnglishWords) throws(SnapshotError) {
        let count = try reader.readCount()
        var known: [String: KnownWord] = [:]
        known.reserveCapacity(count)
        for _ in 0..<count {
            let word: String = try reader.read()
            let entry = KnownWord(frequency: try reader.read(), stem: try reader.read(), isProtected: try reader.read())
            guard known.updateValue(entry, forKey: word) == nil else { throw SnapshotError("the known word \(word) is stored twice") }
        }
        self.known = known
        words = try reader.read()
        // Tens of thousands of keys: packed, they are read in one pass each, not a number at a time.
        keyHashes = try reader.readPacked()
        keyWords = try reader.readPacked()
        self.english = english
        guard keyHashes.count == keyWords.count, keyWords.allSatisfy({ words.indices.contains(Int($0)) }) else {
            throw SnapshotError("the spelling index's tables do not fit together")
        }
    }

    func write(to writer: inout SnapshotWriter) {
        writer.writeVarint(UInt64(known.count))
        for word in known.keys.sorted() {
            let entry = known[word]!
            writer.write(word)
            writer.write(entry.frequency)
            writer.write(entry.stem)
            writer.write(entry.isProtected)
        }
        writer.write(words)
        writer.writePacked(keyHashes)
        writer.writePacked(keyWords)
    }
}
