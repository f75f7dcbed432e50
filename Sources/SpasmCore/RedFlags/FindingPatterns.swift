/// One way of saying a finding, as stems: words in a part follow each other (a few filler words
/// such as "is" or "really" may come between); parts may have a short gap of other words.
///
/// It is what one brace expansion of a phrase stands for. The patterns are stored as
/// ``PatternTemplate``s, each of which stands for many of them.
struct FindingPattern: Sendable, Equatable {
    var finding: String
    /// The stems of its words, part after part.
    var words: [String]
    /// Whether each word opens a part after the first, so a short gap may come before it. Only
    /// the first 64 words are told apart: a part beyond that goes on from the one before.
    var opensPart: [Bool]
    /// A word that must come right after the phrase but is not part of it, so other phrases may
    /// still use it: `"hurt >my"` finds "hurt my leg" and leaves "my" to "my leg".
    var followedBy: String?

    /// A pattern of non-empty parts.
    init(finding: String, parts: [[String]], followedBy: String? = nil) {
        var opensPart: [Bool] = []
        for part in parts {
            for index in part.indices {
                opensPart.append(index == part.startIndex && !opensPart.isEmpty && opensPart.count < 64)
            }
        }
        self.init(finding: finding, words: Array(parts.joined()), opensPart: opensPart, followedBy: followedBy)
    }

    /// A pattern from its fields.
    init(finding: String, words: [String], opensPart: [Bool], followedBy: String?) {
        self.finding = finding
        self.words = words
        self.opensPart = opensPart
        self.followedBy = followedBy
    }
}

/// A word of a ``PatternTemplate``: its stem, and whether it opens a part after the first.
struct PatternWord: Sendable, Hashable {
    var stem: String
    var opensPart: Bool
}

/// A phrase with braced alternatives kept as a sequence of choice slots: it stands for every
/// pattern its brace expansions make, in the sum of its choices instead of their product.
///
/// `"my calf {is|looks} {swollen|puffy}"` is three slots: "my calf"; "looks" or nothing ("is" is
/// a filler, left out inside a phrase); "swollen" or "puffy". Its patterns take one alternative
/// of each slot, in the order brace expansion gives them (the first slot varies slowest). The
/// first slot has a single alternative, which opens with the template's first word.
struct PatternTemplate: Sendable, Equatable {
    var finding: String
    /// Each slot's alternatives, each a run of words (perhaps none).
    var slots: [[[PatternWord]]]
    var followedBy: String?

    /// The patterns it stands for, in expansion order.
    var patterns: [FindingPattern] {
        var combinations: [[PatternWord]] = [[]]
        for slot in slots {
            combinations = combinations.flatMap { head in slot.map { head + $0 } }
        }
        return combinations.map { words in
            FindingPattern(finding: finding, words: words.map(\.stem), opensPart: words.map(\.opensPart), followedBy: followedBy)
        }
    }

    /// The template of one pattern: a single slot.
    init(_ pattern: FindingPattern) {
        self.init(finding: pattern.finding, slots: [[zip(pattern.words, pattern.opensPart).map(PatternWord.init)]],
                  followedBy: pattern.followedBy)
    }

    /// A template from its fields.
    init(finding: String, slots: [[[PatternWord]]], followedBy: String?) {
        self.finding = finding
        self.slots = slots
        self.followedBy = followedBy
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
///
/// A match is the first of the phrases' patterns that matches, with the patterns ordered longest
/// first, then unbroken before gapped, then by finding, then as written and expanded. The
/// patterns are kept as ``PatternTemplate``s (the phrases of the catalogue expand to about
/// 160,000 patterns of 900,000 words, but their templates take a few thousand slots), and a
/// match is searched through each template's slots, keeping the first best one.
struct FindingPatterns: Sendable {
    /// Words skipped inside a phrase, so "chest hurts" also matches "chest is really hurting".
    static let fillers: Set<String> = [
        "a", "an", "the", "my", "i", "am", "is", "are", "was", "were", "be", "been", "has", "have",
        "it", "so", "veri", "realli", "just", "all", "quit", "too", "bit", "that", "this", "s",
    ]
    /// The shapes of ``fillers``, checked before each word's look-up.
    static let fillerShapes = WordShapes(fillers)
    /// How many filler words may come between two words of a part.
    static let fillerLimit = 2
    /// How many words may come between two parts of a phrase.
    static let gapLimit = 5
    /// The shortest typed word that spelling tolerance applies to: shorter words are too close
    /// to other words ("calf"/"half").
    static let shortestTolerated = 5

    /// Every stem a template uses (its words and followers), in text order; a stem's number is its position.
    private var stems: [String] = []
    /// The number of each of `stems`.
    private var stemNumbers: [String: Int32] = [:]
    /// The findings the templates find, in text order, by number.
    private var findings: [String] = []
    // The templates, grouped by first stem (in stem order) and in catalogue order within a
    // group, as nested columns: templates hold slots, slots hold alternatives, alternatives words.
    /// Every alternative's words, alternative after alternative: a stem's number times two, plus
    /// one when the word opens a part after the first.
    private var wordCodes: [Int32] = []
    /// Where each alternative's words start in `wordCodes`, and after the last one, the end.
    private var alternativeWordStarts: [Int32] = [0]
    /// Where each slot's alternatives start, and after the last one, the end.
    private var slotAlternativeStarts: [Int32] = [0]
    /// Where each template's slots start, and after the last one, the end.
    private var templateSlotStarts: [Int32] = [0]
    /// Each template's finding.
    private var templateFindings: [Int32] = []
    /// Each template's follower + 1: 0 for none (the stored form, kept as read).
    private var templateFollowers: [Int32] = []
    /// The templates whose first word is stem `s` are `groupStarts[s]..<groupStarts[s + 1]`.
    private var groupStarts: [Int32] = [0]
    // Derived from the columns above (``deriveSearchTables()``), so not stored:
    /// One bit for each word of an alternative (see ``wordBits(_:)``): it can match only a message
    /// whose words' bits include all of these.
    private var alternativeBits: [UInt64] = []
    /// The bits of the words every pattern of a template has (and of its follower), so one AND
    /// passes over a template the message cannot match.
    private var templateBits: [UInt64] = []
    /// The most words the slots from each slot to the end of its template can add: a search
    /// that cannot grow longer than the best match found stops.
    private var slotMostWords: [Int32] = []
    /// The shapes of `stems`: a message word of no other shape has no stem number, found without a look-up.
    private var stemShapes = WordShapes()
    /// Every stem of every phrase: the vocabulary typo tolerance maps to.
    private(set) var vocabulary = PhraseVocabulary()
    /// Phrase words as typed and their stems, for comparing misspellings with whole words.
    private var spellings: [(word: [UInt8], stem: [UInt8], stemText: String, first: UInt8)] = []

    private var templateCount: Int { templateFindings.count }

    init(findings: [RedFlagFinding], stem: @escaping (String) -> String, words: @escaping (String) -> [String]) {
        var reader = PhraseReader(stem: stem, words: words)
        var byFirstStem: [String: [PatternTemplate]] = [:]
        var seenSpellings: Set<String> = []
        var vocabulary: Set<String> = []
        for finding in findings {
            for phrase in finding.phrases {
                for written in Self.alternatives(of: phrase) {
                    guard let (pattern, partWords) = reader.pattern(ofExpansion: written, finding: finding.id) else { continue }
                    for word in partWords.joined() where seenSpellings.insert(word).inserted {
                        guard let stem = reader.stems(ofWords: words(word)).first, let initial = word.utf8.first else { continue }
                        vocabulary.insert(stem)
                        spellings.append((Array(word.utf8), Array(stem.utf8), stem, initial))
                    }
                    pattern.words.forEach { vocabulary.insert($0) }
                }
                for template in reader.templates(of: phrase, finding: finding.id) {
                    byFirstStem[template.slots[0][0][0].stem, default: []].append(template)
                }
            }
        }
        store(byFirstStem)
        self.vocabulary = PhraseVocabulary(vocabulary, stems: stems, stemNumbers: stemNumbers)
    }

    /// Fills the columns from templates grouped by first stem.
    private mutating func store(_ byFirstStem: [String: [PatternTemplate]]) {
        let all = byFirstStem.values.joined()
        var stemSet = Set(byFirstStem.keys)
        for template in all {
            for alternative in template.slots.joined() { stemSet.formUnion(alternative.map(\.stem)) }
            if let follower = template.followedBy { stemSet.insert(follower) }
        }
        stems = stemSet.sorted()
        stemNumbers = Self.numbers(of: stems)
        findings = Set(all.map(\.finding)).sorted()
        let findingNumbers = Self.numbers(of: findings)
        for stem in stems {
            for template in byFirstStem[stem] ?? [] {
                templateFindings.append(findingNumbers[template.finding]!)
                templateFollowers.append(template.followedBy.map { stemNumbers[$0]! + 1 } ?? 0)
                for slot in template.slots {
                    for alternative in slot {
                        wordCodes += alternative.map { stemNumbers[$0.stem]! << 1 | ($0.opensPart ? 1 : 0) }
                        alternativeWordStarts.append(Int32(wordCodes.count))
                    }
                    slotAlternativeStarts.append(Int32(alternativeWordStarts.count - 1))
                }
                templateSlotStarts.append(Int32(slotAlternativeStarts.count - 1))
            }
            groupStarts.append(Int32(templateCount))
        }
        deriveSearchTables()
    }

    /// Fills the tables the search derives from the columns: the word bits and the most words.
    ///
    /// It runs at every start-up over every alternative and slot (tens of thousands), so it is
    /// plain loops over the columns' buffers, allocating nothing but the tables: through the
    /// arrays, each step paid for bounds and uniqueness checks several times over.
    private mutating func deriveSearchTables() {
        let stemBits = stems.map(Self.wordBits)
        let alternativeCount = alternativeWordStarts.count - 1
        let slotCount = slotAlternativeStarts.count - 1
        let templateCount = templateCount
        var alternativeBits = [UInt64](repeating: 0, count: alternativeCount)
        var slotMostWords = [Int32](repeating: 0, count: slotCount)
        var templateBits = [UInt64](repeating: 0, count: templateCount)
        stemBits.withUnsafeBufferPointer { stemBits in
        wordCodes.withUnsafeBufferPointer { wordCodes in
        alternativeWordStarts.withUnsafeBufferPointer { wordStarts in
        slotAlternativeStarts.withUnsafeBufferPointer { alternativeStarts in
        templateSlotStarts.withUnsafeBufferPointer { slotStarts in
        templateFollowers.withUnsafeBufferPointer { followers in
        alternativeBits.withUnsafeMutableBufferPointer { alternativeBits in
        slotMostWords.withUnsafeMutableBufferPointer { slotMostWords in
        templateBits.withUnsafeMutableBufferPointer { templateBits in
            for alternative in 0..<alternativeCount {
                var bits: UInt64 = 0
                var word = Int(wordStarts[alternative])
                let end = Int(wordStarts[alternative + 1])
                while word < end {
                    bits |= stemBits[Int(wordCodes[word] >> 1)]
                    word += 1
                }
                alternativeBits[alternative] = bits
            }
            for template in 0..<templateCount {
                let follower = Int(followers[template]) - 1
                var bits: UInt64 = follower >= 0 ? stemBits[follower] : 0
                var mostWords: Int32 = 0
                var slot = Int(slotStarts[template + 1])
                let firstSlot = Int(slotStarts[template])
                while slot > firstSlot {
                    slot -= 1
                    // A word every alternative of a slot has is a word every pattern has.
                    var longest: Int32 = 0, shared: UInt64 = ~0
                    var alternative = Int(alternativeStarts[slot])
                    let end = Int(alternativeStarts[slot + 1])
                    while alternative < end {
                        longest = max(longest, wordStarts[alternative + 1] - wordStarts[alternative])
                        shared &= alternativeBits[alternative]
                        alternative += 1
                    }
                    mostWords += longest
                    slotMostWords[slot] = mostWords
                    bits |= shared
                }
                templateBits[template] = bits
            }
        }}}}}}}}}
        (self.alternativeBits, self.slotMostWords, self.templateBits) = (alternativeBits, slotMostWords, templateBits)
        stemShapes = WordShapes(stems)
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
    /// phrases are expanded at build time, and String and Character operations are much slower.
    private static func expand(_ phrase: [UInt8], into expanded: inout [String]) {
        guard let (head, choices, tail) = firstGroup(of: phrase) else {
            let words = phrase.split(separator: UInt8(ascii: " "))
            expanded.append(String(decoding: Array(words.joined(separator: [UInt8(ascii: " ")])), as: UTF8.self))
            return
        }
        for choice in choices { expand(head + choice + tail, into: &expanded) }
    }

    /// The text before a phrase's first braced group, the group's choices and the text after it;
    /// nil when it has none.
    static func firstGroup(of phrase: [UInt8]) -> (head: [UInt8], choices: [[UInt8]], tail: [UInt8])? {
        guard let open = phrase.firstIndex(of: UInt8(ascii: "{")),
              let close = phrase[open...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
        let choices = phrase[(open + 1)..<close].split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        return (Array(phrase[..<open]), choices.map(Array.init), Array(phrase[(close + 1)...]))
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
                distance = EditDistance.withinOne(typed, spelling.word)
            }
            if distance > 1 && spelling.stem.count >= 4 {
                distance = EditDistance.withinOne(typedStem, spelling.stem)
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
        Message(numbers: stems.map { stemShapes.mayContain($0) ? stemNumbers[$0] ?? -1 : -1 },
                isFiller: stems.map { Self.fillerShapes.mayContain($0) && Self.fillers.contains($0) },
                isStop: stems.map { $0 == "." })
    }

    /// A search for the longest match at one position: the message, the attempt under way and
    /// the best match found so far.
    private struct Search {
        let message: Message
        let taken: [Bool]
        /// Positions a gap may not cross: clause boundaries and scope terminators.
        let ends: Set<Int>
        /// ``wordBits(of:)`` of the message's stems.
        let messageBits: UInt64
        /// The positions of the words of the attempt under way.
        var anchors: [Int] = []
        /// The finding and the follower (-1 for none) of the template under way, and where its slots end.
        var finding: Int32 = 0
        var follower: Int32 = -1
        var slotEnd = 0
        /// The best match so far: first in pattern order (see ``FindingPatterns``) among those found.
        var best: (wordCount: Int, partCount: Int, finding: Int32, anchors: [Int])?

        /// Where a template word (a ``wordCodes`` entry) comes after the word at `position`, if it does.
        func find(_ code: Int32, after position: Int) -> Int? {
            let stem = code >> 1, numbers = message.numbers, count = numbers.count
            var next = position + 1
            if code & 1 != 0 {
                // A new part: find it within the gap, in the same clause.
                while next < count && next <= position + FindingPatterns.gapLimit + 1 {
                    if message.isStop[next] || ends.contains(next) { return nil }
                    if numbers[next] == stem && !taken[next] { return next }
                    next += 1
                }
                return nil
            }
            var skipped = 0
            while next < count && numbers[next] != stem && message.isFiller[next] && skipped < FindingPatterns.fillerLimit {
                next += 1
                skipped += 1
            }
            guard next < count, numbers[next] == stem, !taken[next] else { return nil }
            return next
        }

        /// Keeps the attempt, a whole pattern ending at `position`, when its follower comes next
        /// and it comes before the best so far in pattern order. Templates are searched in
        /// catalogue order and each in expansion order, so of equals the first found is first.
        mutating func offer(endingAt position: Int, partCount: Int) {
            if follower >= 0 {
                guard position + 1 < message.count, message.numbers[position + 1] == follower else { return }
            }
            let wordCount = anchors.count
            if let best, (wordCount, -partCount, -finding) <= (best.wordCount, -best.partCount, -best.finding) { return }
            best = (wordCount, partCount, finding, anchors)
        }
    }

    /// The longest phrase starting at `index` whose words are all free, if any.
    ///
    /// `messageBits` are ``wordBits(of:)`` of the message's stems: most templates that start with
    /// a common word ("cramp") have a word the message lacks, and are passed over without a comparison.
    func longestMatch(in message: Message, at index: Int, taken: [Bool], ends: Set<Int>, messageBits: UInt64) -> FindingMatch? {
        let first = message.numbers[index]
        guard first >= 0 else { return nil }
        var search = Search(message: message, taken: taken, ends: ends, messageBits: messageBits)
        for template in Int(groupStarts[Int(first)])..<Int(groupStarts[Int(first) + 1])
        where templateBits[template] & ~messageBits == 0 {
            // Reserved only once a template is tried: at most positions none is, and the
            // allocation would be the whole cost of the call.
            if search.anchors.capacity == 0 { search.anchors.reserveCapacity(16) }
            let firstSlot = Int(templateSlotStarts[template])
            if let best = search.best, Int(slotMostWords[firstSlot]) < best.wordCount { continue }
            search.finding = templateFindings[template]
            search.follower = templateFollowers[template] - 1
            search.slotEnd = Int(templateSlotStarts[template + 1])
            search.anchors.removeAll(keepingCapacity: true)
            search.anchors.append(index)
            // The first slot is a single alternative, whose first word is the one at `index`.
            let opening = Int(slotAlternativeStarts[firstSlot])
            if let (position, partCount) = follow(opening, fromWord: Int(alternativeWordStarts[opening]) + 1,
                                                  after: index, partCount: 1, in: &search) {
                extend(&search, slot: firstSlot + 1, after: position, partCount: partCount)
            }
        }
        return search.best.map { FindingMatch(finding: findings[Int($0.finding)], anchors: $0.anchors) }
    }

    /// Goes on with the attempt under way from slot `slot`, its last word at `position`: tries
    /// each alternative of the slot in turn, and offers each whole pattern that matches.
    private func extend(_ search: inout Search, slot: Int, after position: Int, partCount: Int) {
        guard slot < search.slotEnd else {
            search.offer(endingAt: position, partCount: partCount)
            return
        }
        if let best = search.best, search.anchors.count + Int(slotMostWords[slot]) < best.wordCount { return }
        let depth = search.anchors.count
        for alternative in Int(slotAlternativeStarts[slot])..<Int(slotAlternativeStarts[slot + 1])
        where alternativeBits[alternative] & ~search.messageBits == 0 {
            if let (end, parts) = follow(alternative, fromWord: Int(alternativeWordStarts[alternative]), after: position,
                                         partCount: partCount, in: &search) {
                extend(&search, slot: slot + 1, after: end, partCount: parts)
            }
            search.anchors.removeSubrange(depth...)
        }
    }

    /// Matches an alternative's words from `fromWord` on after the word at `position`, adding
    /// their positions to the attempt: where the last one is and the parts so far, or nil when
    /// one is missing.
    private func follow(_ alternative: Int, fromWord: Int, after position: Int, partCount: Int,
                        in search: inout Search) -> (position: Int, partCount: Int)? {
        var position = position, partCount = partCount
        for word in fromWord..<Int(alternativeWordStarts[alternative + 1]) {
            let code = wordCodes[word]
            guard let found = search.find(code, after: position) else { return nil }
            search.anchors.append(found)
            position = found
            partCount += Int(code & 1)
        }
        return (position, partCount)
    }
}

/// Reads written phrases into patterns and templates, stemming each word once (the braced
/// alternatives make thousands of phrases from about a thousand words).
struct PhraseReader {
    let stem: (String) -> String
    let words: (String) -> [String]
    private var stemOfWord: [String: String] = [:]

    init(stem: @escaping (String) -> String, words: @escaping (String) -> [String]) {
        self.stem = stem
        self.words = words
    }

    /// The stems of words.
    mutating func stems(ofWords words: [String]) -> [String] {
        words.map { word in
            if let known = stemOfWord[word] { return known }
            let stemmed = stem(word)
            stemOfWord[word] = stemmed
            return stemmed
        }
    }

    /// The pattern a phrase without braces stands for, and the words of each of its parts as
    /// written ("..." is no word); nil when it has no words.
    mutating func pattern(ofExpansion written: String, finding: String) -> (pattern: FindingPattern, partWords: [[String]])? {
        let (phrase, next) = FindingPatterns.splittingFollower(of: written)
        let partWords = FindingPatterns.gapParts(of: phrase).map(words)
        let parts = partWords.map { partWords -> [String] in
            // Fillers inside a phrase are skipped in the message too; a leading one is
            // kept, since it is what makes "my back" differ from "came back", and so is
            // a closing "it": "out of it" is not "out of breath".
            let all = stems(ofWords: partWords)
            guard let head = all.first else { return [] }
            let inner = all.dropFirst().filter { !FindingPatterns.fillers.contains($0) }
            return [head] + inner + (all.count > 1 && all.last == "it" ? ["it"] : [])
        }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        let follower = next.flatMap { stems(ofWords: words($0)).first }
        return (FindingPattern(finding: finding, parts: parts, followedBy: follower), partWords)
    }

    /// Templates that stand for the patterns of a phrase's expansions, in order.
    ///
    /// The phrase is read slot by slot (``slotReading(of:finding:)``), and the reading is kept
    /// when it stands for exactly the patterns of its expansions. Where the filler and gap rules
    /// make a word depend on the choices around it (a filler is kept when it opens its part, so
    /// `"{|my} calf"` is not `"calf"` plus an optional "my"), or the phrase opens with a choice,
    /// the first group's choices are read apart, each as a phrase of its own.
    mutating func templates(of phrase: String, finding: String) -> [PatternTemplate] {
        let bytes = Array(phrase.utf8)
        guard let (head, choices, tail) = FindingPatterns.firstGroup(of: bytes) else {
            return FindingPatterns.alternatives(of: phrase).compactMap { pattern(ofExpansion: $0, finding: finding) }
                .map { PatternTemplate($0.pattern) }
        }
        if let template = slotReading(of: phrase, finding: finding) {
            let expected = FindingPatterns.alternatives(of: phrase).compactMap { pattern(ofExpansion: $0, finding: finding)?.pattern }
            if template.patterns == expected { return [template] }
        }
        var templates: [PatternTemplate] = []
        for choice in choices {
            templates += self.templates(of: String(decoding: head + choice + tail, as: UTF8.self), finding: finding)
        }
        return templates
    }

    /// A phrase read as its written slots (the text before the first group, the group's choices,
    /// the text up to the next group, and so on), each word read as it would be in the middle of
    /// the phrase; nil when the first slot has no words or is a choice.
    private mutating func slotReading(of phrase: String, finding: String) -> PatternTemplate? {
        let (body, next) = FindingPatterns.splittingFollower(of: phrase)
        var written: [[[UInt8]]] = []
        var rest = Array(body.utf8)
        while let (head, choices, tail) = FindingPatterns.firstGroup(of: rest) {
            written += [[head], choices]
            rest = tail
        }
        written.append([rest])
        // Whether the nearest text with words before (or after) a slot is a gap, or the phrase's
        // start (or end): a choice in between makes it depend on the choice, and the reading is
        // left to the check.
        func isGapOrEdge(from index: Int, by step: Int) -> Bool {
            var index = index + step
            while written.indices.contains(index) {
                guard written[index].count == 1 else { return false }
                let text = written[index][0].filter { $0 != UInt8(ascii: " ") }
                if !text.isEmpty { return (step < 0 ? text.suffix(3) : text.prefix(3)).elementsEqual("...".utf8) }
                index += step
            }
            return true
        }
        var slots: [[[PatternWord]]] = []
        for (index, choices) in written.enumerated() {
            let opensPart = isGapOrEdge(from: index, by: -1), closesPart = isGapOrEdge(from: index, by: 1)
            slots.append(choices.map {
                slotWords(of: String(decoding: $0, as: UTF8.self), opensPart: opensPart, closesPart: closesPart, isFirst: index == 0)
            })
        }
        // The text before the first group is the first slot's one alternative.
        guard !slots[0][0].isEmpty else { return nil }
        slots.removeAll { $0 == [[]] }
        return PatternTemplate(finding: finding, slots: slots, followedBy: next.flatMap { stems(ofWords: words($0)).first })
    }

    /// The words of one written slot's text as they read in a phrase: fillers left out but for
    /// the first word of a part and a closing "it". `opensPart` tells whether the text opens a
    /// part, `closesPart` whether it closes one, `isFirst` whether it opens the phrase.
    private mutating func slotWords(of text: String, opensPart: Bool, closesPart: Bool, isFirst: Bool) -> [PatternWord] {
        var result: [PatternWord] = []
        let pieces = FindingPatterns.gapParts(of: text)
        for (index, piece) in pieces.enumerated() {
            let stems = stems(ofWords: words(piece))
            let startsPart = index > 0 || opensPart, endsPart = index < pieces.count - 1 || closesPart
            for (position, stem) in stems.enumerated() {
                let isHead = startsPart && position == 0
                let isClosingIt = endsPart && position == stems.count - 1 && stem == "it"
                guard isHead || isClosingIt || !FindingPatterns.fillers.contains(stem) else { continue }
                result.append(PatternWord(stem: stem, opensPart: isHead && !(isFirst && index == 0)))
            }
        }
        return result
    }
}

extension FindingPatterns: SnapshotCodable {
    // The templates are stored as columns of packed numbers (``SnapshotWriter/writePacked(_:)``);
    // the word bits and the most words follow from them, so they are not stored.
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        stems = try reader.read()
        stemNumbers = Self.numbers(of: stems)
        guard stemNumbers.count == stems.count else { throw SnapshotError("a red-flag stem is listed twice") }
        findings = try reader.read()
        wordCodes = try reader.readPacked()
        alternativeWordStarts = try reader.readPacked()
        slotAlternativeStarts = try reader.readPacked()
        templateSlotStarts = try reader.readPacked()
        templateFindings = try reader.readPacked()
        templateFollowers = try reader.readPacked()
        groupStarts = try reader.readPacked()
        // Packed numbers are never negative, so only the top needs checking; each level's starts
        // must rise from 0 to the count of the level below.
        func rise(_ starts: [Int32], to end: Int) -> Bool {
            starts.first == 0 && starts.last.map(Int.init) == end && zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
        }
        let slotCount = slotAlternativeStarts.count - 1
        guard rise(alternativeWordStarts, to: wordCodes.count), rise(slotAlternativeStarts, to: alternativeWordStarts.count - 1),
              rise(templateSlotStarts, to: slotCount), rise(groupStarts, to: templateFindings.count),
              templateFollowers.count == templateFindings.count, templateSlotStarts.count == templateFindings.count + 1,
              groupStarts.count == stems.count + 1 else {
            throw SnapshotError("the red-flag template columns are damaged")
        }
        guard Self.largest(of: wordCodes) >> 1 < stems.count, Self.largest(of: templateFindings) < findings.count,
              Self.largest(of: templateFollowers) <= stems.count else {
            throw SnapshotError("a red-flag template names a stem or finding there is not")
        }
        // The search takes each template's first slot to be one alternative of one word or more.
        for template in 0..<templateCount {
            let firstSlot = Int(templateSlotStarts[template])
            guard firstSlot < Int(templateSlotStarts[template + 1]),
                  slotAlternativeStarts[firstSlot + 1] - slotAlternativeStarts[firstSlot] == 1,
                  case let opening = Int(slotAlternativeStarts[firstSlot]),
                  alternativeWordStarts[opening + 1] > alternativeWordStarts[opening] else {
                throw SnapshotError("red-flag template \(template) does not open with one word")
            }
        }
        deriveSearchTables()
        vocabulary = try PhraseVocabulary(from: &reader, stems: stems, stemNumbers: stemNumbers)
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
        writer.writePacked(wordCodes)
        writer.writePacked(alternativeWordStarts)
        writer.writePacked(slotAlternativeStarts)
        writer.writePacked(templateSlotStarts)
        writer.writePacked(templateFindings)
        writer.writePacked(templateFollowers)
        writer.writePacked(groupStarts)
        vocabulary.write(to: &writer)
        writer.writeVarint(UInt64(spellings.count))
        for spelling in spellings {
            writer.write(String(decoding: spelling.word, as: UTF8.self))
            writer.write(spelling.stemText)
        }
    }
}

/// Every stem of every phrase, kept as the pattern stems it shares (nearly all of it) and the
/// few others: reading it back is then a bit for each pattern stem, not a set of a thousand
/// strings hashed again at every start-up.
struct PhraseVocabulary: Sendable, Equatable {
    /// The number of each pattern stem, shared with the ``FindingPatterns`` it belongs to.
    private var stemNumbers: [String: Int32] = [:]
    /// Whether each pattern stem, by number, is in the vocabulary (a follower may not be).
    private var includesStem: [Bool] = []
    /// The words of the vocabulary that are no pattern stem (fillers inside a phrase).
    private var others: Set<String> = []

    init() {}

    /// The vocabulary `words`, over the patterns' stems and their numbers.
    init(_ words: Set<String>, stems: [String], stemNumbers: [String: Int32]) {
        self.stemNumbers = stemNumbers
        includesStem = stems.map(words.contains)
        others = words.filter { stemNumbers[$0] == nil }
    }

    /// Whether a stem is in the vocabulary.
    func contains(_ stem: String) -> Bool {
        if let number = stemNumbers[stem] { return includesStem[Int(number)] }
        return others.contains(stem)
    }

    /// Every word of the vocabulary.
    var words: Set<String> {
        others.union(stemNumbers.lazy.filter { includesStem[Int($0.value)] }.map(\.key))
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }

    /// Reads a vocabulary written by ``write(to:)`` over the same pattern stems.
    init(from reader: inout SnapshotReader, stems: [String], stemNumbers: [String: Int32]) throws(SnapshotError) {
        let left: [Int32] = try reader.readPacked()
        others = try reader.read()
        guard left.allSatisfy({ Int($0) < stems.count }), others.allSatisfy({ stemNumbers[$0] == nil }) else {
            throw SnapshotError("the red-flag vocabulary names a stem there is not")
        }
        self.stemNumbers = stemNumbers
        includesStem = [Bool](repeating: true, count: stems.count)
        for number in left { includesStem[Int(number)] = false }
    }

    /// Writes the numbers of the pattern stems left out, then the other words.
    func write(to writer: inout SnapshotWriter) {
        writer.writePacked(includesStem.indices.filter { !includesStem[$0] }.map(Int32.init))
        writer.write(others)
    }
}
