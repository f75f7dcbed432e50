/// One way of saying a finding, as stems: words in a part follow each other (a few filler words
/// such as "is" or "really" may come between); parts may have a short gap of other words.
struct FindingPattern: Sendable {
    var finding: String
    /// The stems of its words, part after part (one flat array: tens of thousands of patterns
    /// are read back at start-up, and an array per part would double what is allocated).
    var words: [String]
    /// Bit `i` is set when `words[i]` opens a part after the first, so a short gap may come before it.
    var partStarts: UInt64
    /// A word that must come right after the phrase but is not part of it, so other phrases may
    /// still use it: `"hurt >my"` finds "hurt my leg" and leaves "my" to "my leg".
    var followedBy: String?
    /// One bit for each of its words (see ``FindingPatterns/wordBits(_:)``): a pattern can match
    /// only a message whose words' bits include all of these, which one AND tells.
    var wordBits: UInt64

    var wordCount: Int { words.count }
    var partCount: Int { partStarts.nonzeroBitCount + 1 }

    /// A pattern of non-empty parts (of 64 words in all at most: a part beyond that is not
    /// told apart from the one before).
    init(finding: String, parts: [[String]], followedBy: String? = nil) {
        var words: [String] = []
        var partStarts: UInt64 = 0
        for part in parts {
            if !words.isEmpty && words.count < 64 { partStarts |= 1 << UInt64(words.count) }
            words += part
        }
        let bits = FindingPatterns.wordBits(of: words) | (followedBy.map(FindingPatterns.wordBits) ?? 0)
        self.init(finding: finding, words: words, partStarts: partStarts, followedBy: followedBy, wordBits: bits)
    }

    /// A pattern from its fields.
    private init(finding: String, words: [String], partStarts: UInt64, followedBy: String?, wordBits: UInt64) {
        self.finding = finding
        self.words = words
        self.partStarts = partStarts
        self.followedBy = followedBy
        self.wordBits = wordBits
    }
}

/// Where a finding was said: the positions of its phrase words in the message.
struct FindingMatch: Sendable, Hashable {
    var finding: String
    var anchors: [Int]
    var start: Int { anchors[0] }
    var end: Int { anchors[anchors.count - 1] }
}

/// The findings' phrases, indexed for longest-first matching with typo tolerance.
///
/// A phrase written `"heart ... racing"` has two parts: "heart" then, within a few words of the
/// same clause, "racing" ("my heart is all jumpy and racing"). A phrase written
/// `"{can not|unable to} {pee|wee}"` stands for every combination of its braced alternatives, so
/// a family of wordings is written once.
struct FindingPatterns: Sendable {
    /// Words skipped inside a phrase, so "chest hurts" also matches "chest is really hurting".
    static let fillers: Set<String> = [
        "a", "an", "the", "my", "i", "am", "is", "are", "was", "were", "be", "been", "has", "have",
        "it", "so", "veri", "realli", "just", "all", "quit", "too", "bit", "that", "this", "s",
    ]
    /// How many filler words may come between two words of a part.
    static let fillerLimit = 2
    /// How many words may come between two parts of a phrase.
    static let gapLimit = 5
    /// The shortest typed word that spelling tolerance applies to: shorter words are too close
    /// to other words ("calf"/"half").
    static let shortestTolerated = 5

    /// A pattern: its words are `words[wordStart..<wordStart + wordCount]`, stems and
    /// findings are numbers into `stems` and `findings`.
    ///
    /// Tens of thousands of patterns are read back at start-up: one flat array of numbers reads
    /// far faster than an array of strings for each, and matching compares numbers, not strings.
    /// The patterns are kept as columns (``patternFindings`` and the rest), the form they are
    /// stored and read in, and a pattern is put together from them only when its word bits let
    /// it through: an array of these would be a second copy of 5 MB made at every start-up.
    private struct StoredPattern: Sendable {
        var finding: Int32
        /// The stem that must follow the phrase, or -1 for none.
        var follower: Int32
        var wordStart: Int32
        var wordCount: Int32
        var partStarts: UInt64
        var wordBits: UInt64
    }

    /// Every stem a pattern uses (its words and followers), in text order; a stem's number is its position.
    private var stems: [String] = []
    /// The number of each of `stems`.
    private var stemNumbers: [String: Int32] = [:]
    /// The findings the patterns find, in text order, by number.
    private var findings: [String] = []
    /// The stems of every pattern's words, pattern after pattern.
    private var words: [Int32] = []
    // The patterns grouped by first stem (in stem order), each group longest first, by column:
    /// Each pattern's finding.
    private var patternFindings: [Int32] = []
    /// Each pattern's follower + 1: 0 for none (the stored form, kept as read).
    private var patternFollowers: [Int32] = []
    /// Where each pattern's words start in `words`, and after the last one, the end.
    private var patternWordStarts: [Int32] = [0]
    /// Each pattern's ``StoredPattern/partStarts``.
    private var patternPartStarts: [UInt64] = []
    /// Each pattern's ``StoredPattern/wordBits``, rebuilt from its words on reading.
    private var patternWordBits: [UInt64] = []
    /// The number of patterns.
    private var patternCount: Int { patternFindings.count }
    /// The patterns whose first word is stem `s` are `groupStarts[s]..<groupStarts[s + 1]`.
    private var groupStarts: [Int32] = [0]
    /// Every stem of every phrase: the vocabulary typo tolerance maps to.
    private(set) var vocabulary: Set<String> = []
    /// Phrase words as typed and their stems, for comparing misspellings with whole words.
    private var spellings: [(word: [UInt8], stem: [UInt8], stemText: String, first: UInt8)] = []

    init(findings: [RedFlagFinding], stem: (String) -> String, words: (String) -> [String]) {
        // The braced alternatives make thousands of phrases from about a thousand words: each
        // word is stemmed once.
        var stemOfWord: [String: String] = [:]
        func stems(ofWords words: [String]) -> [String] {
            words.map { word in
                if let known = stemOfWord[word] { return known }
                let stemmed = stem(word)
                stemOfWord[word] = stemmed
                return stemmed
            }
        }
        var byFirstStem: [String: [FindingPattern]] = [:]
        var seenSpellings: Set<String> = []
        for finding in findings {
            for written in finding.phrases.flatMap({ Self.alternatives(of: $0) }) {
                let (phrase, next) = Self.splittingFollower(of: written)
                // The words of each part; together they are the phrase's words ("..." is no word).
                let partWords = Self.gapParts(of: phrase).map(words)
                let parts = partWords.map { partWords -> [String] in
                    // Fillers inside a phrase are skipped in the message too; a leading one is
                    // kept, since it is what makes "my back" differ from "came back", and so is
                    // a closing "it": "out of it" is not "out of breath".
                    let all = stems(ofWords: partWords)
                    guard let head = all.first else { return [] }
                    let inner = all.dropFirst().filter { !Self.fillers.contains($0) }
                    return [head] + inner + (all.count > 1 && all.last == "it" ? ["it"] : [])
                }.filter { !$0.isEmpty }
                guard let first = parts.first?.first else { continue }
                let follower = next.flatMap { stems(ofWords: words($0)).first }
                let pattern = FindingPattern(finding: finding.id, parts: parts,
                                             followedBy: follower)
                byFirstStem[first, default: []].append(pattern)
                for word in partWords.joined() where seenSpellings.insert(word).inserted {
                    guard let stem = stems(ofWords: words(word)).first, let initial = word.utf8.first else { continue }
                    vocabulary.insert(stem)
                    spellings.append((Array(word.utf8), Array(stem.utf8), stem, initial))
                }
                parts.joined().forEach { vocabulary.insert($0) }
            }
        }
        // Longest first; among equals, unbroken phrases before gapped ones, then by text for a fixed order.
        for key in byFirstStem.keys {
            byFirstStem[key]?.sort {
                ($1.wordCount, $0.partCount, $0.finding) < ($0.wordCount, $1.partCount, $1.finding)
            }
        }
        store(byFirstStem)
    }

    /// Fills the flat tables from patterns grouped by first stem.
    private mutating func store(_ byFirstStem: [String: [FindingPattern]]) {
        let all = byFirstStem.values.joined()
        var stemSet = Set(byFirstStem.keys)
        for pattern in all {
            stemSet.formUnion(pattern.words)
            if let follower = pattern.followedBy { stemSet.insert(follower) }
        }
        stems = stemSet.sorted()
        stemNumbers = Self.numbers(of: stems)
        findings = Set(all.map(\.finding)).sorted()
        let findingNumbers = Self.numbers(of: findings)
        for stem in stems {
            for pattern in byFirstStem[stem] ?? [] {
                patternFindings.append(findingNumbers[pattern.finding]!)
                patternFollowers.append(pattern.followedBy.map { stemNumbers[$0]! + 1 } ?? 0)
                patternPartStarts.append(pattern.partStarts)
                patternWordBits.append(pattern.wordBits)
                words += pattern.words.map { stemNumbers[$0]! }
                patternWordStarts.append(Int32(words.count))
            }
            groupStarts.append(Int32(patternCount))
        }
    }

    /// Each text's position in `texts`.
    private static func numbers(of texts: [String]) -> [String: Int32] {
        var numbers: [String: Int32] = [:]
        numbers.reserveCapacity(texts.count)
        for (number, text) in texts.enumerated() { numbers[text] = Int32(number) }
        return numbers
    }

    /// The largest of non-negative numbers, or -1 for none: one pass the compiler vectorises.
    private static func largest(of values: [Int32]) -> Int {
        values.withUnsafeBufferPointer { values in
            var largest: Int32 = -1
            for value in values { largest = Swift.max(largest, value) }
            return Int(largest)
        }
    }

    /// A phrase without its closing `>word`, and that word: `"hurt >my"` is `("hurt", "my")`.
    static func splittingFollower(of phrase: String) -> (phrase: String, follower: String?) {
        guard phrase.utf8.contains(UInt8(ascii: ">")) else { return (phrase, nil) }
        var words = phrase.split(separator: " ")
        guard words.count > 1, let last = words.last, last.first == ">", last.count > 1 else { return (phrase, nil) }
        words.removeLast()
        return (words.joined(separator: " "), String(last.dropFirst()))
    }

    /// Every phrase a phrase with braced alternatives stands for, in order: `"{a|b} c"` is
    /// `"a c"` and `"b c"`; an empty alternative (`"{really |}hot"`) leaves the words out.
    static func alternatives(of phrase: String) -> [String] {
        var expanded: [String] = []
        expand(Array(phrase.utf8), into: &expanded)
        return expanded
    }

    /// Appends the phrases `alternatives(of:)` makes of a phrase given as UTF-8 bytes.
    ///
    /// Braces, bars and spaces are ASCII, so the phrase is cut among its bytes: thousands of
    /// phrases are expanded at start-up, and String and Character operations are much slower.
    private static func expand(_ phrase: [UInt8], into expanded: inout [String]) {
        guard let open = phrase.firstIndex(of: UInt8(ascii: "{")),
              let close = phrase[open...].firstIndex(of: UInt8(ascii: "}")) else {
            let words = phrase.split(separator: UInt8(ascii: " "))
            expanded.append(String(decoding: Array(words.joined(separator: [UInt8(ascii: " ")])), as: UTF8.self))
            return
        }
        let head = phrase[..<open], tail = phrase[(close + 1)...]
        for choice in phrase[(open + 1)..<close].split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false) {
            expand(Array(head) + choice + tail, into: &expanded)
        }
    }

    /// The parts of a phrase between its gaps (`"heart ... racing"`), as
    /// `components(separatedBy: "...")` gives them, found among the bytes.
    static func gapParts(of phrase: String) -> [String] {
        let bytes = Array(phrase.utf8)
        let dot = UInt8(ascii: ".")
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == dot && bytes[index + 1] == dot && bytes[index + 2] == dot {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// The phrase stem a misspelt word most likely stands for: one edit away, same first letter.
    func nearestStem(toWord word: String, stem: String) -> String? {
        let typed = Array(word.utf8), typedStem = Array(stem.utf8)
        guard typed.count >= Self.shortestTolerated, let initial = typed.first else { return nil }
        var best: (distance: Int, stem: String)?
        for spelling in spellings where spelling.first == initial {
            var distance = 2
            if spelling.word.count >= Self.shortestTolerated {
                distance = EditDistance.distance(typed, spelling.word, limit: 1)
            }
            if distance > 1 && spelling.stem.count >= 4 {
                distance = EditDistance.distance(typedStem, spelling.stem, limit: 1)
            }
            guard distance <= 1 else { continue }
            if let current = best, (current.distance, current.stem) <= (distance, spelling.stemText) { continue }
            best = (distance, spelling.stemText)
        }
        return best?.stem
    }

    /// The bit a word sets in a pattern's or a message's word bits.
    static func wordBits(_ word: String) -> UInt64 { 1 << (StableHash.of(word) % 64) }

    /// The word bits of a whole message, for ``longestMatch(in:at:taken:ends:messageBits:)``.
    static func wordBits(of stems: [String]) -> UInt64 {
        stems.reduce(0) { $0 | wordBits($1) }
    }

    /// A message's stems as pattern stem numbers, read once for all of ``longestMatch(in:at:taken:ends:messageBits:)``.
    struct Message {
        /// Each stem's number, or -1 for a stem no pattern uses.
        fileprivate var numbers: [Int32]
        /// Whether each stem is a filler.
        fileprivate var isFiller: [Bool]
        /// Whether each stem is a sentence end (".").
        fileprivate var isStop: [Bool]
        var count: Int { numbers.count }
    }

    /// The stems of a message read for matching.
    func message(_ stems: [String]) -> Message {
        Message(numbers: stems.map { stemNumbers[$0] ?? -1 }, isFiller: stems.map { Self.fillers.contains($0) },
                isStop: stems.map { $0 == "." })
    }

    /// The longest phrase starting at `index` whose words are all free, if any.
    ///
    /// `messageBits` are ``wordBits(of:)`` of the message's stems: most patterns that start with
    /// a common word ("cramp") have a word the message lacks, and are passed over without a comparison.
    func longestMatch(in message: Message, at index: Int, taken: [Bool], ends: Set<Int>, messageBits: UInt64) -> FindingMatch? {
        let first = message.numbers[index]
        guard first >= 0 else { return nil }
        // One buffer for every attempt: a common first word ("cramp") starts many patterns.
        var anchors: [Int] = []
        anchors.reserveCapacity(8)
        let start = Int(groupStarts[Int(first)]), end = Int(groupStarts[Int(first) + 1])
        precondition(start <= end && end <= patternWordBits.count, "the pattern groups lie within the patterns")
        // The word bits pass over most of a group: scanned through a buffer, that is a load and a
        // test a pattern (a common first word's group is thousands long).
        return patternWordBits.withUnsafeBufferPointer { wordBits in
            var patternIndex = start
            while patternIndex < end {
                if wordBits[patternIndex] & ~messageBits == 0 {
                    let pattern = self.pattern(patternIndex)
                    if match(pattern, in: message, at: index, taken: taken, ends: ends, anchors: &anchors) {
                        return FindingMatch(finding: findings[Int(pattern.finding)], anchors: anchors)
                    }
                }
                patternIndex += 1
            }
            return nil
        }
    }

    /// Pattern number `index`, from the columns.
    private func pattern(_ index: Int) -> StoredPattern {
        let wordStart = patternWordStarts[index]
        return StoredPattern(finding: patternFindings[index], follower: patternFollowers[index] - 1, wordStart: wordStart,
                             wordCount: patternWordStarts[index + 1] - wordStart, partStarts: patternPartStarts[index],
                             wordBits: patternWordBits[index])
    }

    /// Whether a pattern matches at `index`; `anchors` is left holding the positions of its words.
    ///
    /// `ends` are positions a gap may not cross: clause boundaries and scope terminators.
    private func match(_ pattern: StoredPattern, in message: Message, at index: Int, taken: [Bool], ends: Set<Int>,
                       anchors: inout [Int]) -> Bool {
        anchors.removeAll(keepingCapacity: true)
        anchors.append(index)
        var position = index
        let numbers = message.numbers, count = numbers.count
        let start = Int(pattern.wordStart)
        for wordIndex in 1..<Int(pattern.wordCount) {
            let stem = words[start + wordIndex]
            var next = position + 1
            if wordIndex < 64 && pattern.partStarts & (1 << UInt64(wordIndex)) != 0 {
                // A new part: find it within the gap, in the same clause.
                var found: Int?
                while next < count && next <= position + Self.gapLimit + 1 {
                    if message.isStop[next] || ends.contains(next) { break }
                    if numbers[next] == stem && !taken[next] { found = next; break }
                    next += 1
                }
                guard let at = found else { return false }
                next = at
            } else {
                var skipped = 0
                while next < count && numbers[next] != stem && message.isFiller[next] && skipped < Self.fillerLimit {
                    next += 1
                    skipped += 1
                }
                guard next < count, numbers[next] == stem, !taken[next] else { return false }
            }
            anchors.append(next)
            position = next
        }
        if pattern.follower >= 0 {
            return position + 1 < count && numbers[position + 1] == pattern.follower
        }
        return true
    }
}

extension FindingPatterns: SnapshotCodable {
    // The patterns are stored as columns of packed numbers (``SnapshotWriter/writePacked(_:)``),
    // read in one pass each: where each pattern's words start follows from the counts, and its
    // word bits from its words, so neither is stored.
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        stems = try reader.read()
        stemNumbers = Self.numbers(of: stems)
        guard stemNumbers.count == stems.count else { throw SnapshotError("a red-flag stem is listed twice") }
        findings = try reader.read()
        words = try reader.readPacked()
        patternFindings = try reader.readPacked()
        patternFollowers = try reader.readPacked()
        let wordCounts: [Int32] = try reader.readPacked()
        patternPartStarts = try reader.readPacked()
        let count = patternFindings.count
        guard patternFollowers.count == count, wordCounts.count == count, patternPartStarts.count == count else {
            throw SnapshotError("the red-flag pattern columns differ in length")
        }
        let stemCount = stems.count, findingCount = findings.count
        // About 160,000 patterns of 900,000 words: the columns are checked first in whole-array
        // passes (which vectorise), so the loop that rebuilds the word starts and bits reads them
        // unchecked, a few instructions a word. Packed numbers are never negative, so only the
        // top needs checking, and every pattern's words lie within `words` when the counts, each
        // at least one, add up to its length.
        guard Self.largest(of: patternFindings) < findingCount, Self.largest(of: patternFollowers) <= stemCount,
              Self.largest(of: words) < stemCount, !wordCounts.contains(0),
              wordCounts.reduce(0, { $0 + Int($1) }) == words.count else {
            throw SnapshotError("a red-flag pattern is damaged")
        }
        let stemBits = stems.map(Self.wordBits)
        let followers = patternFollowers
        var wordBits: [UInt64] = []
        patternWordStarts = [Int32](unsafeUninitializedCapacity: count + 1) { starts, initialized in
            wordBits = [UInt64](unsafeUninitializedCapacity: count) { bits, bitsInitialized in
                words.withUnsafeBufferPointer { words in
                    stemBits.withUnsafeBufferPointer { stemBits in
                        followers.withUnsafeBufferPointer { followers in
                            wordCounts.withUnsafeBufferPointer { wordCounts in
                                var wordStart = 0
                                for index in 0..<count {
                                    let follower = Int(followers[index]) &- 1, wordCount = Int(wordCounts[index])
                                    var patternBits: UInt64 = follower >= 0 ? stemBits[follower] : 0
                                    for word in wordStart..<(wordStart &+ wordCount) { patternBits |= stemBits[Int(words[word])] }
                                    bits[index] = patternBits
                                    starts[index] = Int32(truncatingIfNeeded: wordStart)
                                    wordStart &+= wordCount
                                }
                                starts[count] = Int32(truncatingIfNeeded: wordStart)
                            }
                        }
                    }
                }
                bitsInitialized = count
            }
            initialized = count + 1
        }
        patternWordBits = wordBits
        groupStarts = try reader.readPacked()
        guard groupStarts.count == stems.count + 1, groupStarts.first == 0, groupStarts.last.map(Int.init) == patternCount,
              zip(groupStarts, groupStarts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw SnapshotError("the red-flag pattern groups are damaged")
        }
        vocabulary = try reader.read()
        let spellingCount = try reader.readCount()
        spellings.reserveCapacity(spellingCount)
        for _ in 0..<spellingCount {
            let word: String = try reader.read(), stem: String = try reader.read()
            guard let initial = word.utf8.first else { throw SnapshotError("a phrase word is empty") }
            spellings.append((Array(word.utf8), Array(stem.utf8), stem, initial))
        }
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(stems)
        writer.write(findings)
        writer.writePacked(words)
        writer.writePacked(patternFindings)
        writer.writePacked(patternFollowers)
        writer.writePacked(zip(patternWordStarts, patternWordStarts.dropFirst()).map { $1 - $0 })
        writer.writePacked(patternPartStarts)
        writer.writePacked(groupStarts)
        writer.write(vocabulary)
        writer.writeVarint(UInt64(spellings.count))
        for spelling in spellings {
            writer.write(String(decoding: spelling.word, as: UTF8.self))
            writer.write(spelling.stemText)
        }
    }
}
