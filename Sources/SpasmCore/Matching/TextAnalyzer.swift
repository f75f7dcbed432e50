/// A misspelt word and the known word it was read as.
public struct Correction: Sendable, Hashable {
    public var from: String
    public var to: String
}

/// A subject or facet a question names, and how strongly.
public struct FrameCue: Sendable, Hashable {
    public var id: String
    /// Content words in the cue phrase; a cue made only of question words ("what is") weighs little.
    public var weight: Double
}

/// A question after every stage of the input pipeline.
public struct AnalyzedText: Sendable {
    /// The text as given.
    public var text: String
    /// The normalised words, after spelling correction, with "." at clause boundaries.
    public var tokens: [String]
    public var corrections: [Correction]
    /// The Porter2 stem of each token.
    public var stems: [String]
    /// The terms that are scored: concept ids (`#cramp`) for synonym phrases, else stems; no stop words.
    public var terms: [String]
    /// Concepts found, in order.
    public var concepts: [String]
    /// Subjects named, most specific first.
    public var subjects: [FrameCue]
    /// Facets asked, strongest first.
    public var facets: [FrameCue]
    /// Content words the knowledge base does not know at all.
    public var unknownWords: [String]
    /// Terms of unknown words that are not even common English: rare names, jargon or garble.
    public var rareTerms: Set<String> = []
    /// Terms that are part of a facet cue ("treat" in "how is it treated"), with the facet.
    public var facetTerms: [String: String] = [:]
    /// Terms that are part of a subject cue, with the subject.
    public var subjectTerms: [String: String] = [:]
    /// The words (tokens) inside a matched synonym phrase or subject cue: "slipped" in "slipped
    /// disc", but not in "slipped bike chain".
    public var phraseWords: Set<String> = []
    /// The terms that occur only in clauses that ask nothing, when another clause of the message
    /// asks a question: the story around it ("I played tennis for three hours. Would electrolyte
    /// tablets help?").
    public var statementTerms: Set<String> = []

    /// Whether the text is empty of words.
    public var isEmpty: Bool { tokens.allSatisfy { $0 == "." } }
}

/// What a text names and asks, in outline (see ``TextAnalyzer/outline(of:)``).
struct TextOutline {
    /// The scored terms, as ``AnalyzedText/terms``.
    var terms: [String]
    /// The concepts found, as ``AnalyzedText/concepts``.
    var concepts: [String]
    /// Whether the text names a subject (``AnalyzedText/subjects`` is not empty).
    var namesSubject: Bool
    /// Whether a facet cue asks something (``AnalyzedText/facets`` is not empty).
    var asksFacet: Bool
}

/// Runs the input pipeline: normalise, correct spelling, stem, find synonym phrases and frame cues.
public struct TextAnalyzer: Sendable {
    let stemmer = Porter2Stemmer()
    private let concepts: PhraseTable<String>
    private let subjectCues: PhraseTable<String>
    /// Subjects named by a synonym set as a whole.
    private let conceptSubjects: [String: String]
    private let facetCues: PhraseTable<String>
    /// How many topics each subject has: a subject with fewer topics is more specific.
    private let subjectBreadth: [String: Int]
    /// Also holds the stem of every word the knowledge base uses: most words of a question, and
    /// all of the knowledge base's, are looked up there instead of stemmed again.
    let corrector: SpellingCorrector
    let english = EnglishWords()

    public init(knowledge: KnowledgeBase) {
        var frequency: [String: Int] = [:]
        func count(_ text: String) { for word in TextNormalizer.words(text) { frequency[word, default: 0] += 1 } }
        for topic in knowledge.topics {
            ([topic.title, topic.answer, topic.more] + topic.questions + topic.keywords).forEach(count)
        }
        knowledge.concepts.flatMap(\.terms).forEach(count)
        (knowledge.subjects + knowledge.facets).flatMap { $0.cues + [$0.name] }.forEach(count)
        let responses = knowledge.responses
        [responses.greeting, responses.help, responses.capabilities, responses.identity].forEach(count)
        // Words only the red-flag rules use ("breathe", "faint", "urine") are never produced or
        // changed by a correction: the detector reads them, with its own typo tolerance, and a
        // silent correction could raise or hide an alarm. Words the answers use too ("cramp",
        // "calf") are ordinary vocabulary.
        var protected: Set<String> = []
        for finding in knowledge.redFlags.findings {
            for phrase in finding.phrases {
                for word in TextNormalizer.words(phrase) where frequency[word] == nil || protected.contains(word) {
                    protected.insert(word)
                    frequency[word, default: 0] += 1
                }
            }
        }
        // Every word the knowledge base uses is stemmed once, here; later look-ups are cheaper.
        let stemmer = Porter2Stemmer()
        let known = Dictionary(uniqueKeysWithValues: frequency.map { word, count in
            (word, KnownWord(frequency: count, stem: stemmer.stem(word), isProtected: protected.contains(word)))
        })
        let corrector = SpellingCorrector(known: known, english: english)
        self.corrector = corrector
        func stems(_ phrase: String) -> [String] {
            TextNormalizer.words(phrase).map { Self.stem(of: $0, corrector: corrector, stemmer: stemmer) }
        }

        // Each concept term's stems, computed once: the subject cues below compare with them all.
        let conceptStems = knowledge.concepts.map { $0.terms.map(stems) }
        var concepts = PhraseTable<String>()
        for (concept, termStems) in zip(knowledge.concepts, conceptStems) {
            for stems in termStems { concepts.add(stems, concept.id) }
        }
        var subjectCues = PhraseTable<String>()
        for subject in knowledge.subjects {
            for cue in subject.cues + [subject.name] { subjectCues.add(stems(cue), subject.id) }
        }
        var facetCues = PhraseTable<String>()
        for facet in knowledge.facets {
            // A facet's own name and id ask for it too: "cramp duration", "relief for cramps".
            for cue in facet.cues + [facet.name, facet.id.replacingOccurrences(of: "-", with: " ")] {
                facetCues.add(stems(cue).map(Self.facetReading), facet.id)
            }
        }
        // A subject cue that is a synonym-set term names the subject whichever term of the set
        // is typed, misspellings included ("potasium" names potassium).
        var conceptSubjects: [String: String] = [:]
        for subject in knowledge.subjects {
            for cue in subject.cues {
                let cueStems = stems(cue)
                for (concept, termStems) in zip(knowledge.concepts, conceptStems) where conceptSubjects[concept.id] == nil
                    && termStems.contains(cueStems) {
                    conceptSubjects[concept.id] = subject.id
                }
            }
        }
        self.conceptSubjects = conceptSubjects
        self.concepts = concepts
        self.subjectCues = subjectCues
        self.facetCues = facetCues
        self.subjectBreadth = knowledge.topics.reduce(into: [:]) { $0[$1.subject, default: 0] += 1 }
    }

    /// The subject an age in years names.
    static let ageSubject = "age"
    /// The youngest age read as naming the age subject: cramps grow more common with age.
    static let olderAge = 50

    /// The position of an older age in years in the tokens: a number from ``olderAge`` to 120
    /// after "i am", "he is", "aged" or "age", or before "years old", or a decade like "60s".
    static func agePosition(in tokens: [String]) -> Int? {
        for (index, token) in tokens.enumerated() {
            // Both forms open with a digit (tokens hold no signs): the rest are not parsed.
            guard let first = token.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { continue }
            if token.hasSuffix("s"), let decade = Int(token.dropLast()), decade % 10 == 0, (olderAge...110).contains(decade) {
                return index
            }
            guard let years = Int(token), (olderAge...120).contains(years) else { continue }
            let before = index > 0 ? tokens[index - 1] : ""
            let after = index + 1 < tokens.count ? tokens[index + 1] : ""
            if ["am", "is", "aged", "age", "turned", "turning"].contains(before) || ["years", "year", "yo"].contains(after) {
                return index
            }
        }
        return nil
    }

    /// Words that open a condition within a sentence.
    static let conditionWords: Set<String> = ["if", "whenever", "since"]
    /// The shapes of ``conditionWords``, checked before each token's look-up.
    static let conditionShapes = WordShapes(conditionWords)
    /// What a facet cue inside a condition weighs, as a share of its weight.
    static let conditionalCueShare = 0.5

    /// Words that, near the start of a clause, make it a question ("what could be causing it",
    /// "should i be worried", "is that normal").
    static let questionOpeners = QuestionWords.openers.union(["did", "was", "any"])
    /// How many of a clause's first tokens are searched for a ``questionOpeners`` word
    /// ("so what helps", "and how long").
    static let questionOpenerReach = 3
    /// What a facet cue in a clause that states something weighs, as a share of its weight, when
    /// another clause of the message asks a question: in "kinda worried tbh. what could be causing
    /// my spasms?" the worry frames the question, the second clause asks it.
    static let statementCueShare = 0.5

    /// For each token, whether it lies in a clause that asks nothing while another clause of the
    /// message asks a question; all false when no clause (or every clause) asks one.
    static func statementClauseMask(_ tokens: [String]) -> [Bool] {
        var clauses: [Range<Int>] = []
        var start = 0
        for (index, token) in tokens.enumerated() where token == "." {
            if index > start { clauses.append(start..<index) }
            start = index + 1
        }
        if tokens.count > start { clauses.append(start..<tokens.count) }
        let asks = clauses.map { clause in tokens[clause].prefix(questionOpenerReach).contains(where: questionOpeners.contains) }
        var mask = [Bool](repeating: false, count: tokens.count)
        guard asks.contains(true), asks.contains(false) else { return mask }
        for (clause, asking) in zip(clauses, asks) where !asking {
            for index in clause { mask[index] = true }
        }
        return mask
    }

    /// Stems of the words for the person a question is about, read as one word in facet cues: "how would
    /// someone know", "how do you know" and "how do i know" ask the same.
    static let personWords: Set<String> = ["i", "you", "someon", "somebodi", "anyon", "anybodi", "peopl", "person", "we", "one", "they", "he", "she"]
    static let possessiveWords: Set<String> = ["my", "your", "their", "our", "his", "her"]

    /// A stem as facet cues read it: person words and possessives each as one placeholder.
    static func facetReading(_ stem: String) -> String {
        // Most stems are neither: their shape says so without two look-ups.
        guard personOrPossessiveShapes.mayContain(stem) else { return stem }
        return personWords.contains(stem) ? "@who" : possessiveWords.contains(stem) ? "@whose" : stem
    }
    /// The shapes of ``personWords`` and ``possessiveWords``.
    static let personOrPossessiveShapes = WordShapes(personWords.union(possessiveWords))

    /// The stems of a phrase, for callers that compare phrases.
    public func stems(of text: String) -> [String] {
        TextNormalizer.words(text).map(stem)
    }

    /// The stem of a word: its sense stem, or its Porter2 stem (looked up for a word the knowledge base uses).
    func stem(_ word: String) -> String { Self.stem(of: word, corrector: corrector, stemmer: stemmer) }

    /// ``stem(_:)`` before the analyser exists, as its initialiser needs it.
    static func stem(of word: String, corrector: SpellingCorrector, stemmer: Porter2Stemmer) -> String {
        senseStems[word] ?? corrector.stem(ofKnown: word) ?? stemmer.stem(word)
    }

    /// Words whose Porter2 stem is also the stem of a different domain word, with a stem of their
    /// own: a car's "tire" stems to "tire" as "tired" does, and is not fatigue.
    static let senseStems: [String: String] = ["tire": "tyre", "tires": "tyre", "tyre": "tyre", "tyres": "tyre"]

    /// Runs the whole pipeline over a question.
    public func analyze(_ text: String, correctSpelling: Bool = true) -> AnalyzedText {
        var tokens = TextNormalizer.tokens(text)
        var corrections: [Correction] = []
        var unknown: [String] = []
        var rare: Set<String> = []
        // Each word's facts are looked up once here and kept for the stages below: whether it is
        // a stop word, and the stem of a word the knowledge base knows or a sense word (neither
        // is corrected).
        var isStop = [Bool](repeating: false, count: tokens.count)
        var knownStemAt = [String?](repeating: nil, count: tokens.count)
        for index in tokens.indices where tokens[index] != "." {
            let word = tokens[index]
            guard !StopWords.contains(word) else {
                isStop[index] = true
                continue
            }
            if correctSpelling, let spelled = corrector.ingSpelling(of: word) {
                corrections.append(Correction(from: word, to: spelled))
                tokens[index] = spelled
                isStop[index] = StopWords.contains(spelled)
                continue
            }
            if let known = Self.senseStems[word] ?? corrector.stem(ofKnown: word) {
                knownStemAt[index] = known
                continue
            }
            // Tokens are ASCII nearly always: their letters are checked among the bytes.
            guard word.utf8.allSatisfy({ $0 < 0x80 }) ? SpellingCorrector.isASCIILetters(word) : word.allSatisfy(\.isLetter) else { continue }
            if correctSpelling, let fixed = corrector.correction(for: word) {
                corrections.append(Correction(from: word, to: fixed))
                tokens[index] = fixed
                isStop[index] = StopWords.contains(fixed)
            } else {
                unknown.append(word)
                if word.count >= 4 && !english.contains(word) { rare.insert(stemmer.stem(word)) }
            }
        }
        let stems = stems(ofTokens: tokens, knownStems: knownStemAt)
        let (terms, termRanges, found) = terms(tokens: tokens, stems: stems, isStop: isStop)

        var facetTerms: [String: String] = [:]
        var subjectTerms: [String: String] = [:]
        var phraseWords: Set<String> = []
        for (term, range) in zip(terms, termRanges) where term.hasPrefix("#") {
            for position in range { phraseWords.insert(tokens[position]) }
        }
        func cues(_ table: PhraseTable<String>, reading: [String], marking marked: inout [String: String],
                  words phraseWords: inout Set<String>, collectingWords: Bool) -> [(id: String, weight: Double, position: Int)] {
            table.allMatches(in: reading).map { match in
                let words = match.range.map { tokens[$0] }
                if collectingWords { phraseWords.formUnion(words) }
                let content = match.range.count(where: { !isStop[$0] })
                for (term, range) in zip(terms, termRanges) where range.overlaps(match.range) { marked[term] = match.tag }
                // A cue of question words only ("where do I get") weighs little, a longer one a bit more.
                let weight = content == 0 ? 0.4 + 0.1 * Double(words.count) : Double(content)
                return (match.tag, weight, match.range.lowerBound)
            }
        }
        var subjectMatches = cues(subjectCues, reading: stems, marking: &subjectTerms, words: &phraseWords, collectingWords: true)
        for (term, range) in zip(terms, termRanges) where term.hasPrefix("#") {
            if let subject = conceptSubjects[String(term.dropFirst())], !subjectMatches.contains(where: { $0.id == subject }) {
                subjectMatches.append((subject, 1, range.lowerBound))
                subjectTerms[term] = subject
            }
        }
        // An age in years ("i am 72", "80 years old", "in my 60s") names the age subject, if the
        // knowledge base has one: no list of numbers could.
        if subjectBreadth[Self.ageSubject] != nil, !subjectMatches.contains(where: { $0.id == Self.ageSubject }),
           let position = Self.agePosition(in: tokens) {
            subjectMatches.append((Self.ageSubject, 1, position))
            subjectTerms[stems[position]] = Self.ageSubject
        }
        var subjects: [FrameCue] = []
        // Each cue's breadth is looked up once, not at every comparison of the sort.
        let broadened = subjectMatches.map { (breadth: subjectBreadth[$0.id] ?? 0, cue: $0) }
        for (_, cue) in broadened.sorted(by: {
            ($0.breadth, -$0.cue.weight, $0.cue.position) < ($1.breadth, -$1.cue.weight, $1.cue.position)
        }) where !subjects.contains(where: { $0.id == cue.id }) {
            subjects.append(FrameCue(id: cue.id, weight: cue.weight))
        }
        var facets: [FrameCue] = []
        var facetMatches = cues(facetCues, reading: stems.map(Self.facetReading), marking: &facetTerms,
                                words: &phraseWords, collectingWords: false)
        // Which tokens lie in a clause that asks nothing while another asks: read once, for the
        // facet cues and for the story's terms below.
        let statement = Self.statementClauseMask(tokens)
        if !facetMatches.isEmpty {
            // A cue inside a condition ("what can be done if my medicine is causing cramps") says
            // what the question is about more than what it asks, so it weighs less.
            var conditional = [Bool](repeating: false, count: tokens.count)
            var inCondition = false
            for (index, token) in tokens.enumerated() {
                let opensCondition = token != "." && Self.conditionShapes.mayContain(token) && Self.conditionWords.contains(token)
                if token == "." { inCondition = false } else if opensCondition { inCondition = true }
                conditional[index] = inCondition && !opensCondition
            }
            facetMatches = facetMatches.map { cue in
                let share = (conditional[cue.position] ? Self.conditionalCueShare : 1) * (statement[cue.position] ? Self.statementCueShare : 1)
                return (id: cue.id, weight: cue.weight * share, position: cue.position)
            }
        }
        for cue in facetMatches.sorted(by: { ($1.weight, $0.position) < ($0.weight, $1.position) })
        where !facets.contains(where: { $0.id == cue.id }) {
            facets.append(FrameCue(id: cue.id, weight: cue.weight))
        }
        var statementTerms: Set<String> = []
        // A question that points back ("is that normal?", "how do I stretch it?") asks about the
        // story: its words are the question's own.
        let pointsBack = tokens.indices.contains { !statement[$0] && Matcher.pronouns.contains(tokens[$0]) }
        if statement.contains(true), !pointsBack {
            // Only the story before the question: what follows it ("how can I sleep, I have
            // insomnia") says what it is about.
            let asks = tokens.indices.first { !statement[$0] && tokens[$0] != "." } ?? tokens.count
            var asked: Set<String> = []
            for (term, range) in zip(terms, termRanges) {
                if range.upperBound <= asks && range.allSatisfy({ statement[$0] }) { statementTerms.insert(term) } else { asked.insert(term) }
            }
            statementTerms.subtract(asked)
        }
        var analysis = AnalyzedText(text: text, tokens: tokens, corrections: corrections, stems: stems, terms: terms, concepts: found,
                                    subjects: subjects, facets: facets, unknownWords: unknown, rareTerms: rare,
                                    facetTerms: facetTerms, subjectTerms: subjectTerms, phraseWords: phraseWords)
        analysis.statementTerms = statementTerms
        return analysis
    }

    /// What a text as typed names and asks, without spelling correction: the same as the
    /// `terms`, `concepts`, and whether `subjects` and `facets` are empty, of
    /// `analyze(text, correctSpelling: false)`, without sorting and weighing the cues.
    ///
    /// The matcher reads each clause before a message's last this way, to tell background from
    /// the question.
    func outline(of text: String) -> TextOutline {
        let tokens = TextNormalizer.tokens(text)
        let stems = stems(ofTokens: tokens)
        let (terms, _, found) = terms(tokens: tokens, stems: stems)
        // As in `analyze`: a subject cue, a synonym set that names a subject, or an older age.
        let namesSubject = !subjectCues.allMatches(in: stems).isEmpty
            || terms.contains { $0.hasPrefix("#") && conceptSubjects[String($0.dropFirst())] != nil }
            || subjectBreadth[Self.ageSubject] != nil && Self.agePosition(in: tokens) != nil
        let asksFacet = !facetCues.allMatches(in: stems.map(Self.facetReading)).isEmpty
        return TextOutline(terms: terms, concepts: found, namesSubject: namesSubject, asksFacet: asksFacet)
    }

    /// The scored terms of a text as typed, without spelling correction: the same as
    /// `analyze(text, correctSpelling: false).terms` without the stages that do not change them.
    func terms(of text: String) -> [String] {
        let tokens = TextNormalizer.tokens(text)
        return terms(tokens: tokens, stems: stems(ofTokens: tokens)).terms
    }

    /// The Porter2 stem of each token; clause boundaries stay ".". `knownStems`, when given, holds
    /// the stem of each token already looked up (``stem(_:)``; nil for the rest).
    private func stems(ofTokens tokens: [String], knownStems known: [String?]? = nil) -> [String] {
        tokens.indices.map { index in
            let token = tokens[index]
            if token == "." { return "." }
            if token.utf8.first.map({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) == true,
               Self.isNightTime(at: index, in: tokens) {
                return Self.nightStem
            }
            if token == "cramped", Self.isCrampedSpace(at: index, in: tokens) { return Self.crampedSpaceStem }
            if let stem = known?[index] { return stem }
            return stem(token)
        }
    }

    /// The stem "cramped" reads as when it tells of a small space, not a muscle.
    static let crampedSpaceStem = "cramped-space"
    /// Places that can be cramped ("my flat is so cramped", "a cramped kitchen"); a cramped seat
    /// or posture stays: sitting in one is a cause of cramps.
    static let crampedPlaces: Set<String> = [
        "flat", "room", "apartment", "house", "home", "office", "kitchen", "space", "quarters", "conditions",
        "bedroom", "studio", "cabin", "tent", "garden", "bathroom", "workspace", "place", "dorm", "classroom",
        "handwriting", "writing", "layout", "schedule", "calendar", "page", "screen", "keyboard",
    ]
    /// Words that put "cramped" after its place as a description ("the flat is so cramped").
    static let describingWords: Set<String> = ["is", "are", "was", "were", "feels", "feel", "felt", "looks", "look", "so", "too", "very", "really", "quite", "pretty", "bit", "super", "s"]

    /// Whether "cramped" at `index` describes a place: a place word right after it, or a place
    /// word shortly before it with "is", "so" and the like just before "cramped".
    static func isCrampedSpace(at index: Int, in tokens: [String]) -> Bool {
        if index + 1 < tokens.count, crampedPlaces.contains(tokens[index + 1]) { return true }
        guard index > 0, describingWords.contains(tokens[index - 1]) else { return false }
        let before = tokens[max(0, index - 5)..<index]
        let clauseStart = before.lastIndex(of: ".").map { $0 + 1 } ?? before.startIndex
        return tokens[clauseStart..<index].contains(where: crampedPlaces.contains)
    }

    /// The stem a clock time in the night reads as.
    static let nightStem = "night"

    /// Whether the token at `index` is a clock time in the night: "2am", "3 am", "11pm",
    /// "4 in the morning".
    ///
    /// No word list can hold every hour, and "why do I get cramps at 2am" asks about night cramps
    /// as plainly as "at night" does.
    static func isNightTime(at index: Int, in tokens: [String]) -> Bool {
        let token = tokens[index]
        let digits = token.prefix { $0.isASCII && $0.isNumber }
        guard let hour = Int(digits), (1...12).contains(hour) else { return false }
        var suffix = String(token.dropFirst(digits.count))
        if suffix.isEmpty, index + 1 < tokens.count, ["am", "pm"].contains(tokens[index + 1]) { suffix = tokens[index + 1] }
        switch suffix {
        case "am": return hour == 12 || hour <= 5
        case "pm": return hour >= 9 && hour != 12
        case "": return hour <= 4 && tokens.dropFirst(index + 1).prefix(3).elementsEqual(["in", "the", "morning"])
        default: return false
        }
    }

    /// Whether the token at `index` is the "no" or "not" that closes a clause as an alternative
    /// ("gatorade for cramps, yes or no?", "should i stretch or not"): it asks for a verdict and
    /// says nothing of what the question is about.
    static func isTrailingAlternative(at index: Int, in tokens: [String]) -> Bool {
        guard index > 0, ["no", "not"].contains(tokens[index]), tokens[index - 1] == "or" else { return false }
        return index + 1 == tokens.count || tokens[index + 1] == "."
    }

    /// The scored terms of stemmed tokens, each with the tokens it covers, and the concepts found.
    /// `isStop`, when given, says for each token whether it is a stop word.
    private func terms(tokens: [String], stems: [String], isStop: [Bool]? = nil) -> (terms: [String], ranges: [Range<Int>], concepts: [String]) {
        var terms: [String] = []
        var termRanges: [Range<Int>] = []
        var found: [String] = []
        // At most one term a stem: reserved once rather than grown word by word.
        terms.reserveCapacity(stems.count)
        termRanges.reserveCapacity(stems.count)
        var index = 0
        while index < stems.count {
            if let entry = concepts.longestMatch(in: stems, at: index) {
                terms.append("#" + entry.tag)
                termRanges.append(index..<(index + entry.stems.count))
                found.append(entry.tag)
                index += entry.stems.count
                continue
            }
            let token = tokens[index]
            if token != "." && !(isStop?[index] ?? StopWords.contains(token)) && !Self.isTrailingAlternative(at: index, in: tokens) {
                terms.append(stems[index])
                termRanges.append(index..<(index + 1))
            }
            index += 1
        }
        return (terms, termRanges, found)
    }

    /// How many topics a subject has.
    public func breadth(of subject: String) -> Int { subjectBreadth[subject] ?? 0 }
}

extension TextAnalyzer: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        concepts = try reader.read()
        subjectCues = try reader.read()
        conceptSubjects = try reader.read()
        facetCues = try reader.read()
        subjectBreadth = try reader.read()
        corrector = try SpellingCorrector(from: &reader, english: english)
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(concepts)
        writer.write(subjectCues)
        writer.write(conceptSubjects)
        writer.write(facetCues)
        writer.write(subjectBreadth)
        corrector.write(to: &writer)
    }
}
