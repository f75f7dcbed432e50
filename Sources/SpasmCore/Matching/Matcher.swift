import Foundation

/// What the conversation so far says a question is probably about.
public struct MatchContext: Sendable, Hashable {
    public var subject: String?
    public var facet: String?
    public var topic: String?

    public init(subject: String? = nil, facet: String? = nil, topic: String? = nil) {
        self.subject = subject
        self.facet = facet
        self.topic = topic
    }
}

/// A topic that may answer a question, and why.
public struct Candidate: Sendable, Hashable {
    public var topic: String
    public var score: Double
    /// The share of the question's term weight that the topic contains, 0 to 1.
    public var coverage: Double
    public var subjectMatched: Bool
    public var facetMatched: Bool
    public var confidence: Double
}

/// The matcher's verdict on a question.
public enum MatchDecision: Sendable, Hashable {
    case answer(String)
    /// Two or three close candidates: ask which one the person means.
    case clarify([String])
    /// Nothing in the knowledge base answers it.
    case fallback
}

/// The outcome of matching one question, with everything `--explain` shows.
public struct MatchResult: Sendable {
    public var analysis: AnalyzedText
    public var candidates: [Candidate]
    public var decision: MatchDecision
    /// Whether the question names anything of the domain (a concept, subject or keyword).
    public var hasDomainAnchor: Bool
    /// The subject and facet the question was read as, after filling gaps from the context.
    public var subject: String?
    public var facet: String?
    public var usedContext: Bool

    public var confidence: Double { candidates.first?.confidence ?? 0 }
}

/// Scores topics against a question by weighted terms, subject and facet, and decides.
public struct Matcher: Sendable {
    /// Confidence below which the answer is the fallback.
    public static let answerThreshold = 0.45
    /// How close the runner-up's score must be, as a fraction of the best, to ask which one is meant.
    public static let clarifyMargin = 0.9

    /// The share of the rarest term's weight that an unknown word carries in coverage.
    static let unknownWordShare = 0.6
    static let subjectBonus = 2.5
    /// How much a word borrowed from the dialogue frame counts against one the person typed.
    static let contextTermShare = 0.5
    /// The most a known word outside the domain's own vocabulary weighs in coverage.
    static let genericWordCap = 2.5
    /// The same cap when the question also names the domain itself.
    static let genericWordCapBesideCoreWord = 1.5
    /// The least the domain's own word ("cramp") weighs in coverage.
    static let coreWordWeight = 2.0
    /// The least share of a question's words an answer must cover, whatever subject and facet it names.
    public static let minimumCoverage = 0.4
    /// The least share an answer must cover when the question does not name the domain itself.
    public static let coverageWithoutCoreWord = 0.5
    /// The term weight of a question past which further words count only in part in coverage.
    static let longQuestionWeight = 18.0
    /// The share of the weight past ``longQuestionWeight`` that counts in coverage.
    static let backgroundWeightShare = 0.5
    /// Subjects with this many topics or fewer are narrow.
    static let narrowSubjectSize = 2
    /// What is left of a narrow subject's topic score when the question does not name the subject.
    static let unnamedNarrowSubjectShare = 0.7
    /// How much confidence tempers the score when candidates are ranked (0: not at all).
    static let confidenceInRank = 0.5
    /// How much more a word that names the question's subject counts in scoring.
    static let subjectTermBoost = 1.5
    /// How much a word of the story around a question counts in scoring, against one of the
    /// clause that asks it.
    static let statementTermShare = 0.3
    /// How much a word of the story around a question counts in coverage.
    static let statementCoverageShare = 0.6
    /// How much the similarity (0 to 1) to the nearest example question adds.
    static let exampleBonus = 4.0
    /// Words that refer back to what the conversation is about.
    static let pronouns: Set<String> = ["it", "that", "this", "they", "them", "those", "these"]
    /// The score share of a topic off the subject a follow-up's pronoun inherited ("what brings
    /// it on?" after PAD is about PAD, however well "brings on" fits cramps in general).
    static let inheritedSubjectMissShare = 0.3
    /// The coverage a topic of the question's subject and facet needs when the question points
    /// back at the frame or tells a story of ``storyClauses`` clauses or more.
    static let fittingTopicCoverage = 0.14
    static let storyClauses = 3
    /// Word pairs that ask the last question again of a new subject ("is it the same for
    /// runners?", "does that apply to kids?"): the pronoun points at the question, not its subject.
    static let sameQuestionCues: [(String, String)] = [
        ("same", "for"), ("same", "with"), ("true", "for"), ("apply", "to"), ("applies", "to"), ("goes", "for"),
    ]
    /// Concepts and subjects of everyday life (sport, workouts, body parts) that do not by
    /// themselves make a question one about cramps.
    static let activityConcepts: Set<String> = ["exercise", "running"]
    static let bodyPartConcepts: Set<String> = ["leg", "calf", "foot", "arm", "buttock", "abdomen"]
    static let everydaySubjects: Set<String> = ["exercise"]
    /// Stems of words for how a muscle feels, which keep a sport question in the domain.
    static let feelingStems: Set<String> = ["tight", "twitch", "lock", "sore", "ach", "hurt", "stiff", "pain", "seiz", "knot", "pull", "strain", "injur"]
    /// The facet a question that names only a subject is taken to ask.
    public static let overviewFacet = "definition"
    static let facetBonus = 3.0

    public let analyzer: TextAnalyzer
    let index: TopicIndex
    let topics: [Topic]
    let topicsByID: [String: Topic]
    /// Topic positions by subject and by facet, to reach the topics a subject or facet bonus applies to.
    let topicsBySubject: [String: [Int]]
    let topicsByFacet: [String: [Int]]
    /// The scored terms of each subject's and facet's name, by id: what a question borrows from
    /// the dialogue frame, analysed once here rather than on every follow-up.
    let subjectNameTerms: [String: [String]]
    let facetNameTerms: [String: [String]]
    /// The position of each topic id in `topics` (the first, should an id repeat).
    let topicPositions: [String: Int]
    /// Each topic's place in the order of topic ids, by topic position, so that ranking compares
    /// numbers where it would compare ids (the copies of a topic in a large base tie often).
    let topicIDOrder: [Int32]
    /// The words that say a question is about this domain.
    let vocabulary: DomainVocabulary
    var anchors: Set<String> { vocabulary.anchors }
    var coreTerms: Set<String> { vocabulary.coreTerms }
    var domainWords: Set<String> { vocabulary.domainWords }
    /// A number for each subject and facet id of the topics, so scoring compares numbers.
    let subjectNumbering: [String: Int]
    let facetNumbering: [String: Int]
    /// Each topic's subject and facet numbers, by topic position.
    let topicSubjects: [Int]
    let topicFacets: [Int]
    /// Whether each topic's subject is narrow (see ``narrowSubjectSize``), by topic position.
    let topicHasNarrowSubject: [Bool]

    public init(knowledge: KnowledgeBase) {
        let analyzer = TextAnalyzer(knowledge: knowledge)
        self.init(knowledge: knowledge, analyzer: analyzer, index: TopicIndex(topics: knowledge.topics, analyzer: analyzer),
                  vocabulary: DomainVocabulary(knowledge: knowledge, analyzer: analyzer))
    }

    /// A matcher over a base whose analyzer, topic index and vocabulary, and perhaps its name
    /// terms, are already built (as `Assistant(compiled:)` reads them).
    init(knowledge: KnowledgeBase, analyzer: TextAnalyzer, index: TopicIndex, vocabulary: DomainVocabulary, nameTerms: NameTerms? = nil) {
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.topics = knowledge.topics
        self.topicsByID = knowledge.topicsByID
        self.topicsBySubject = Dictionary(grouping: knowledge.topics.indices, by: { knowledge.topics[$0].subject })
        self.topicsByFacet = Dictionary(grouping: knowledge.topics.indices, by: { knowledge.topics[$0].facet })
        let nameTerms = nameTerms ?? NameTerms(knowledge: knowledge, analyzer: analyzer)
        self.subjectNameTerms = nameTerms.subjects
        self.facetNameTerms = nameTerms.facets
        self.topicPositions = Dictionary(knowledge.topics.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.topicIDOrder = Self.idOrder(of: knowledge.topics)
        self.index = index
        func numbering(_ ids: [String]) -> [String: Int] {
            var numbers: [String: Int] = [:]
            for id in ids where numbers[id] == nil { numbers[id] = numbers.count }
            return numbers
        }
        let subjectNumbering = numbering(knowledge.topics.map(\.subject))
        let facetNumbering = numbering(knowledge.topics.map(\.facet))
        self.subjectNumbering = subjectNumbering
        self.facetNumbering = facetNumbering
        self.topicSubjects = knowledge.topics.map { subjectNumbering[$0.subject]! }
        self.topicFacets = knowledge.topics.map { facetNumbering[$0.facet]! }
        self.topicHasNarrowSubject = knowledge.topics.map { analyzer.breadth(of: $0.subject) <= Self.narrowSubjectSize }
    }

    /// Matches a question, using the context to fill a missing subject or facet.
    public func match(_ text: String, context: MatchContext = MatchContext()) -> MatchResult {
        match(analysis: analyzer.analyze(text), context: context)
    }

    /// Words that open a new clause after a sentence of background ("anyway, what helps?").
    static let clauseOpeners: Set<String> = ["anyway", "anyways", "though", "but", "so"]
    /// The shapes of ``clauseOpeners``: every token of a message is checked, and nearly none is one.
    static let clauseOpenerShapes = WordShapes(clauseOpeners)
    /// Stems of words that say who a question is about ("my grandma", "my son", "my friend"): the
    /// person's framing, not what is asked, so in coverage they weigh at most ``backgroundWordWeight``.
    static let backgroundPersonStems: Set<String> = [
        "grandma", "grandmoth", "grandpa", "grandfath", "grandson", "granddaught", "grandkid", "grandchild",
        "grandchildren", "grandpar", "granni", "nan", "nana", "mum", "mom", "mommi", "mummi", "mother", "dad",
        "daddi", "father", "parent", "son", "daughter", "kid", "child", "children", "babi", "toddler",
        "husband", "wife", "partner", "boyfriend", "girlfriend", "brother", "sister", "sibl", "friend",
        "neighbour", "neighbor", "cousin", "aunt", "uncl", "niec", "nephew", "coach", "teammat", "colleagu",
        "cowork", "boss", "roommat", "flatmat", "grandad", "granddad", "gran", "teacher", "trainer", "lad", "lass",
        "boy", "girl", "teen", "teenag", "student", "pupil", "player", "client", "guy",
        // "my late grandad": who they were, not what is asked.
        "late",
    ]
    /// The shapes of ``backgroundPersonStems``, checked before each term's look-up.
    static let backgroundPersonShapes = WordShapes(backgroundPersonStems)
    /// What a word of ``backgroundPersonStems`` or a number (an age, a count of days) weighs in coverage.
    static let backgroundWordWeight = 0.5

    /// Words that a number after them completes into a name ("type 2", "stage 3").
    static let numberedNames: Set<String> = ["type", "stage", "grade", "level", "phase", "class"]

    /// Words of time and age that a number before them measures ("8 year old", "two weeks").
    static let durationStems: Set<String> = ["year", "yr", "yo", "month", "week", "day", "hour", "minut", "time"]

    /// The shapes of ``durationStems``.
    static let durationStemShapes = WordShapes(durationStems)

    /// Words before a length of time that say when something happened ("last month").
    static let timeOpeners: Set<String> = ["last", "this", "past", "few", "every", "next"]

    /// The terms of a question that say who it is about: words of ``backgroundPersonStems``, bare
    /// numbers (an age, a length of time or a count: "is 90", "3 days", "top 3", not a name such
    /// as "type 2 diabetes"), and when
    /// something happened ("last month").
    static func backgroundTerms(in analysis: AnalyzedText) -> Set<String> {
        var found = Set(analysis.terms.filter { backgroundPersonShapes.mayContain($0) && backgroundPersonStems.contains($0) })
        let stems = analysis.stems
        // A stem opening with an ASCII byte other than a digit is no number: its characters are not looked up.
        for (index, stem) in stems.enumerated() where !stem.isEmpty
            && stem.utf8.first.map({ $0 >= 0x80 || (0x30...0x39).contains($0) }) == true && stem.allSatisfy(\.isNumber) {
            // A bare number frames the question: an age, a length of time ("8 year old", "3
            // days") or a count ("top 3 minerals"); after "type" or "stage" it is part of a name
            // ("type 2 diabetes").
            if index > 0 && numberedNames.contains(analysis.tokens[index - 1]) { continue }
            found.insert(stem)
        }
        // "last month", "this week": when something began, not what is asked.
        for (index, stem) in stems.enumerated().dropFirst() where durationStemShapes.mayContain(stem) && durationStems.contains(stem)
            && timeOpeners.contains(analysis.tokens[index - 1]) {
            found.insert(stem)
            found.insert(stems[index - 1])
        }
        return found
    }

    /// Matches an analysed question. When the whole message gets the fallback and it has several
    /// clauses, the question is usually the last part: the clauses of background before it
    /// ("my dad had a blood clot last year. how do I prevent cramps?") are dropped one at a
    /// time, and the first shorter reading that answers is taken.
    public func match(analysis: AnalyzedText, context: MatchContext) -> MatchResult {
        if let samePoint = forAnotherPerson(analysis, context: context) {
            return matchWhole(analysis: samePoint, context: context)
        }
        let whole = matchWhole(analysis: analysis, context: context)
        let rest = afterBackground(analysis.tokens)
        if let rest {
            let asked = matchWhole(analysis: rest, context: context)
            if case .answer = asked.decision { return asked }
        }
        guard case .fallback = whole.decision else { return whole }
        for clause in trailingClauses(of: analysis.tokens) {
            let text = clause.joined(separator: " ")
            // The reading after the background was matched already, and did not answer.
            if text == rest?.text { continue }
            let shorter = matchWhole(analysis: analyzer.analyze(text, correctSpelling: false), context: context)
            if case .answer = shorter.decision { return shorter }
        }
        return whole
    }

    /// A follow-up that only names someone else ("what about for my kid?", "and for my elderly
    /// mum?") asks the conversation's last question again for that person: the question with the
    /// person's words taken out, so the frame answers it. Words of a subject go too when that
    /// subject has no topic of the frame's facet (age says why older people cramp, not how to
    /// prevent it). Nil when the question says anything else, or there is no topic to follow.
    func forAnotherPerson(_ analysis: AnalyzedText, context: MatchContext) -> AnalyzedText? {
        guard let topic = context.topic, analysis.facets.isEmpty, !analysis.terms.isEmpty,
              let followed = topicPositions[topic] else { return nil }
        let people = analysis.terms.filter(Self.backgroundPersonStems.contains)
        // A topic about those people ("can kids get cramps too?") already answers for them.
        let followedNames = people.contains { term in
            index.termNumbers[term].map { index.topic(followed, hasTermNumber: $0) } ?? false
        }
        guard !people.isEmpty, !followedNames else { return nil }
        let offFacet = Set(analysis.subjects.map(\.id).filter { subject in
            guard let facet = context.facet else { return false }
            return !(topicsBySubject[subject] ?? []).contains { topics[$0].facet == facet }
        })
        func dropped(_ term: String) -> Bool {
            people.contains(term) || analysis.subjectTerms[term].map(offFacet.contains) == true
        }
        guard analysis.terms.allSatisfy(dropped) else { return nil }
        var stripped = analysis
        stripped.terms = []
        stripped.subjects = []
        stripped.concepts = []
        stripped.subjectTerms = [:]
        return stripped
    }

    /// Pronouns for someone other than the writer.
    static let otherPeople: Set<String> = ["he", "she", "they", "his", "her", "their"]

    /// What follows the clauses of background that open a message ("my dad had a blood clot last
    /// year. how do i prevent cramps?"), analysed as typed, or nil when it opens with no such
    /// clause or is all background. A clause is background when it asks nothing (no facet cue) and either tells of
    /// someone else or names nothing of the domain ("she's fine now"); the writer's own history
    /// ("i had a stress fracture in my back") may be what the question is about, so it stays. The
    /// rest must not refer back to it ("could that cause cramps?").
    func afterBackground(_ tokens: [String]) -> AnalyzedText? {
        let clauses = Self.clauses(of: tokens).map { Array(tokens[$0]) }
        guard clauses.count >= 2 else { return nil }
        var dropped = 0
        /// Whether a clause of the background names a subject.
        var backgroundNames = false
        for clause in clauses.dropLast() {
            // Only what the clause names and whether it asks are needed, not a whole analysis.
            let reading = analyzer.outline(of: clause.joined(separator: " "))
            let tellsOfOthers = clause.contains(where: Self.otherPeople.contains)
                || reading.terms.contains(where: Self.backgroundPersonStems.contains)
            let namesDomain = !reading.concepts.isEmpty || reading.namesSubject
            guard !reading.asksFacet, tellsOfOthers || !namesDomain else { break }
            dropped += 1
            backgroundNames = backgroundNames || reading.namesSubject
        }
        guard dropped > 0 else { return nil }
        let rest = Array(clauses[dropped...].joined(separator: ["."]))
        guard !Self.refersBack(rest) else { return nil }
        let reading = analyzer.analyze(rest.joined(separator: " "), correctSpelling: false)
        // "my late grandad had PAD. what's the treatment for it?": a pronoun in the rest, naming
        // nothing itself, points at what the background named.
        let restPointsBack = rest.contains(where: Self.pronouns.contains) && reading.subjects.isEmpty
        return backgroundNames && restPointsBack ? nil : reading
    }

    /// The message without its first clause, then without its first two, and so on, longest first;
    /// empty for a single clause.
    func trailingClauses(of tokens: [String]) -> [[String]] {
        Self.clauses(of: tokens).dropFirst().map { Array(tokens[$0.lowerBound...]) }.filter { !Self.refersBack($0) }
    }

    /// Where each clause of a message lies, without its boundary: clauses end at "." (the
    /// normaliser's mark for sentence and comma breaks) and before a word of ``clauseOpeners``
    /// that does not follow one.
    static func clauses(of tokens: [String]) -> [Range<Int>] {
        var clauses: [Range<Int>] = []
        var start = 0
        for (index, token) in tokens.enumerated() {
            // "so" after "is" or "feels" is a degree ("my flat is so cramped"), not a new clause.
            let opens = index > 0 && clauseOpenerShapes.mayContain(token) && clauseOpeners.contains(token) && tokens[index - 1] != "."
                && !(token == "so" && TextAnalyzer.describingWords.contains(tokens[index - 1]))
            guard token == "." || opens else { continue }
            if index > start { clauses.append(start..<index) }
            start = token == "." ? index + 1 : index
        }
        if tokens.count > start { clauses.append(start..<tokens.count) }
        return clauses
    }

    /// Verbs that, followed by a pronoun, ask about what the clause before said ("could that",
    /// "does it", "is this").
    static let questionVerbs: Set<String> = ["could", "can", "would", "will", "does", "do", "did", "is", "was", "might", "may", "should"]
    /// Pronouns that point back at an earlier clause ("it" more often names the cramp itself: "is it
    /// the water or the exercise?").
    static let backPointers: Set<String> = ["that", "this"]

    /// Whether a clause asks about what an earlier one said ("could that make me cramp?"): without
    /// that clause it no longer says what it asks about.
    static func refersBack(_ clause: [String]) -> Bool {
        zip(clause, clause.dropFirst()).contains { questionVerbs.contains($0) && backPointers.contains($1) }
    }

    /// Matches an analysed question as one whole.
    func matchWhole(analysis: AnalyzedText, context: MatchContext) -> MatchResult {
        // The tables the closures below read, held in locals: a closure that reads them through
        // `self` copies the whole matcher (a retain of every table) each time it is made.
        let index = self.index, anchors = self.anchors, coreTerms = self.coreTerms
        let subjectNumbering = self.subjectNumbering, facetNumbering = self.facetNumbering, topics = self.topics
        // Fill the frame: a follow-up keeps the slot it does not name, as if it had said it
        // ("what causes it?" after PAD reads as "what causes peripheral artery disease?").
        var analysis = analysis
        // Coverage is judged on the person's own words only: words borrowed from the frame
        // would make any digression ("what's the weather tomorrow?") look like a good match.
        // Sorted and distinct, as `terms` below will be: whether each term is the person's own is
        // then read off in one pass over both, with no set to build and hash.
        var ownTerms = analysis.terms.sorted()
        ownTerms.removeAdjacentDuplicates()
        var usedContext = false
        var inheritedSubject = false
        var subjects = analysis.subjects.map(\.id)
        var facet = analysis.facets.first
        let elliptical = facet != nil || analysis.terms.isEmpty || context.topic != nil
        // A pronoun ("can it cause spasms?") points back at the conversation's subject, even when
        // the question also names a broader one.
        let asksAgainOfNew = !subjects.isEmpty && zip(analysis.tokens, analysis.tokens.dropFirst()).contains { pair in
            Self.sameQuestionCues.contains { $0 == pair }
        }
        let hasPronoun = analysis.tokens.contains(where: Self.pronouns.contains)
        let pointsBack = hasPronoun && !asksAgainOfNew
            && subjects.allSatisfy { analyzer.breadth(of: $0) > analyzer.breadth(of: context.subject ?? "") }
        if subjects.isEmpty || pointsBack, let subject = context.subject, elliptical || pointsBack,
           !subjects.contains(subject), let nameTerms = subjectNameTerms[subject] {
            subjects.insert(subject, at: 0)
            analysis.terms += nameTerms
            usedContext = true
            inheritedSubject = analysis.subjects.isEmpty
        }
        let pointsBackInFrame = inheritedSubject && hasPronoun
        if facet == nil, let contextFacet = context.facet, !analysis.subjects.isEmpty || usedContext,
           let nameTerms = facetNameTerms[contextFacet] {
            facet = FrameCue(id: contextFacet, weight: asksAgainOfNew ? 1 : 0.8)
            analysis.terms += nameTerms
            usedContext = true
        }
        // The distinct terms, sorted: sorting first and dropping repeats next to each other needs no set.
        var terms = analysis.terms.sorted()
        terms.removeAdjacentDuplicates()
        // Each term's facts are looked up once; the rest works with numbers and arrays.
        let isAnchor = terms.map(anchors.contains), isCore = terms.map(coreTerms.contains)
        let hasAnchor = !analysis.concepts.isEmpty || !analysis.subjects.isEmpty || isAnchor.contains(true)
        let numbers = terms.map { index.termNumbers[$0] }
        var ownCursor = 0
        let own = terms.map { term -> Bool in
            while ownCursor < ownTerms.count && ownTerms[ownCursor] < term { ownCursor += 1 }
            return ownCursor < ownTerms.count && ownTerms[ownCursor] == term
        }
        let ownNamesCore = zip(own, isCore).contains { $0 && $1 }
        // Term weights: a word no topic contains counts against coverage, an ordinary English
        // word less than a rare one (many are plain English that says nothing against the domain).
        // A word of the domain counts only inside the phrase it belongs to: "slipped" names the
        // domain in "slipped disc", not in "slipped bike chain".
        let namesDomain = ownNamesCore || analysis.phraseWords.contains(where: domainWords.contains)
        // Beside the domain's own word, a known everyday word is mostly the person's framing
        // ("my grandmother keeps talking about them"), so it is capped lower.
        let genericCap = namesDomain ? Self.genericWordCapBesideCoreWord : Self.genericWordCap
        let weights = terms.indices.map { number -> Double in
            // A known word that names nothing of the domain ("increase", "worse") is capped: rare
            // in the knowledge base is not the same as important to the question.
            if let termNumber = numbers[number] {
                return isAnchor[number] ? index.idf[termNumber] : min(index.idf[termNumber], genericCap)
            }
            return index.unknownIDF * (analysis.rareTerms.contains(terms[number]) ? 1 : Self.unknownWordShare)
        }
        // In coverage, the domain's own word weighs at least `coreWordWeight`: every topic holds it,
        // so its idf is near zero, yet it is what says the question is about cramps at all
        // ("wat causes mussel cramps" is not mostly about mussels).
        // Beside the domain's own word, who the question is about ("my grandma is 90, how can she
        // avoid cramps") only frames it: such words and ages weigh little. Without it they may be
        // the question ("how do I get my toddler to sleep").
        let background = namesDomain ? Self.backgroundTerms(in: analysis) : []
        let coverageWeights = terms.indices.map { number in
            let weight = weights[number]
            if isCore[number] { return max(weight, Self.coreWordWeight) }
            if background.contains(terms[number]) { return min(weight, Self.backgroundWordWeight) }
            return analysis.statementTerms.contains(terms[number]) ? weight * Self.statementCoverageShare : weight
        }
        // Summed in the sorted order of the terms: a set's order changes from one set to the next,
        // and a sum in another order can differ in its last bit.
        let totalWeight = terms.indices.reduce(0) { total, number in own[number] ? total + coverageWeights[number] : total }
        // A long message tells a story around its question ("I work construction in Arizona and by
        // mid afternoon ..."): past `longQuestionWeight`, the background words count only in part,
        // so what must be covered grows more slowly than the message.
        let coverageBase = totalWeight <= Self.longQuestionWeight ? totalWeight
            : Self.longQuestionWeight + (totalWeight - Self.longQuestionWeight) * Self.backgroundWeightShare

        // Only topics that a word, the subject or the facet reaches are scored, so the cost of a
        // question follows its postings, not the size of the knowledge base.
        var tallies = [TopicTally](repeating: TopicTally(), count: topics.count)
        var reached: [Int] = []
        reached.reserveCapacity(topics.count)
        // The loops over postings run through buffers: through the arrays, every addition
        // checks bounds and that the array is not shared.
        tallies.withUnsafeMutableBufferPointer { tallies in
            func reach(_ position: Int) {
                if !tallies[position].isReached {
                    tallies[position].isReached = true
                    reached.append(position)
                }
            }
            for (number, term) in terms.enumerated() {
                guard let termNumber = numbers[number] else { continue }
                // Words borrowed from the frame steer, but less than the person's own; the words that
                // name what the question is about ("calcium" in "does lack of calcium cause cramps")
                // steer more than the rest.
                let isOwn = own[number]
                let share = (isOwn ? (analysis.subjectTerms[term] != nil ? Self.subjectTermBoost : 1) : Self.contextTermShare)
                    * (analysis.statementTerms.contains(term) ? Self.statementTermShare : 1)
                let coverageWeight = coverageWeights[number]
                let bit: UInt64 = number < 64 ? 1 << UInt64(number) : 0
                index.postings[termNumber].withUnsafeBufferPointer { postings in
                    for posting in postings {
                        let position = Int(posting.topic)
                        reach(position)
                        tallies[position].score += posting.weight * share
                        if isOwn { tallies[position].matched += coverageWeight * posting.coverage }
                        tallies[position].hits |= bit
                    }
                }
            }

            // The nearest example question of each topic: idf-weighted cosine over term sets.
            let queryNorm = weights.reduce(0) { $0 + pow($1, 2) }.squareRoot()
            var dot = [Double](repeating: 0, count: index.questionTopic.count)
            dot.withUnsafeMutableBufferPointer { dot in
                for (number, termNumber) in numbers.enumerated() {
                    guard let termNumber else { continue }
                    let w = pow(index.idf[termNumber], 2) * (own[number] ? 1 : Self.contextTermShare)
                    index.questionPostings[termNumber].withUnsafeBufferPointer { questions in
                        for question in questions { dot[Int(question)] += w }
                    }
                }
                // Read in question order, a topic's questions one after another: a common word
                // reaches most questions of a large base, and a pass in order beats a list of them.
                // A question no word reached (dot 0) cannot raise its topic's nearest (0 or more).
                // The nearest so far is held while the questions are the same topic's, and stored
                // when the topic changes, so the maximum does not wait on memory.
                index.questionNorm.withUnsafeBufferPointer { questionNorm in
                    index.questionTopic.withUnsafeBufferPointer { questionTopic in
                        var topic = -1
                        var nearest = 0.0
                        for question in dot.indices where dot[question] != 0 {
                            let norm = questionNorm[question] * queryNorm
                            guard norm > 0 else { continue }
                            let questionOf = Int(questionTopic[question])
                            if questionOf != topic {
                                if topic >= 0 { tallies[topic].nearest = nearest }
                                topic = questionOf
                                nearest = tallies[topic].nearest
                            }
                            nearest = max(nearest, dot[question] / norm)
                        }
                        if topic >= 0 { tallies[topic].nearest = nearest }
                    }
                }
            }

            for subject in subjects { topicsBySubject[subject]?.forEach(reach) }
            if let facet { topicsByFacet[facet.id]?.forEach(reach) }
        }

        let subjectNumbers = subjects.map { subjectNumbering[$0] ?? -1 }
        let facetNumber = facet.map { facetNumbering[$0.id] ?? -1 } ?? -1
        // The facet and subject each word names, if any, by number (-1: none).
        let termFacets = terms.map { analysis.facetTerms[$0].flatMap { facetNumbering[$0] } ?? -1 }
        let termSubjects = terms.map { analysis.subjectTerms[$0].flatMap { subjectNumbering[$0] } ?? -1 }

        // Deterministic: score tempered by confidence, then confidence, then topic id.
        var best = BestTopics(count: 5, idOrder: topicIDOrder)
        for position in reached {
            let topicSubject = topicSubjects[position], topicFacet = topicFacets[position]
            let tally = tallies[position]
            var score = tally.score + Self.exampleBonus * tally.nearest
            let subjectRank = subjectNumbers.firstIndex(of: topicSubject)
            // A narrow subject (blood clots, dancers) must be named: sharing everyday words
            // ("calf", "sore", "after") with its topics is not enough to answer about it.
            let unnamedNarrow = subjectRank == nil && topicHasNarrowSubject[position]
            if let rank = subjectRank {
                score += Self.subjectBonus * (rank == 0 ? 1 : 0.5)
            } else if unnamedNarrow {
                score *= Self.unnamedNarrowSubjectShare
            } else if inheritedSubject {
                score *= Self.inheritedSubjectMissShare
            }
            let facetMatched = facet != nil && facetNumber == topicFacet
            if facetMatched, let facet { score += Self.facetBonus * min(facet.weight, 1) }
            guard score > 0 else { continue }
            // The rank is the score tempered by a confidence of at most 1, so a topic whose score is
            // below the rank of the last of the best few cannot join them: its coverage is not needed.
            if let lowest = best.lowestRank, score < lowest { continue }
            // Words that named the facet or subject are covered when the topic has that facet or subject.
            var covered = tally.matched
            let topicHits = tally.hits
            for number in terms.indices
            where own[number] && (number >= 64 || topicHits & (1 << UInt64(number)) == 0) {
                if termFacets[number] == topicFacet || termSubjects[number] == topicSubject {
                    covered += coverageWeights[number]
                }
            }
            // A bare follow-up ("which ones?") has no words of its own to cover.
            let coverage = totalWeight > 0 ? min(1, covered / coverageBase) : (usedContext ? 1 : 0)
            let structure = (subjectRank != nil ? 0.5 : 0) + (facetMatched ? 0.5 : 0)
            let confidence = min(1, 0.65 * coverage + 0.35 * structure) * (unnamedNarrow ? Self.unnamedNarrowSubjectShare : 1)
            best.offer(RankedTopic(position: position, score: score, coverage: coverage,
                                   subjectMatched: subjectRank != nil, facetMatched: facetMatched, confidence: confidence))
        }
        let candidates = best.entries.map { entry in
            Candidate(topic: topics[entry.position].id, score: entry.score, coverage: entry.coverage,
                      subjectMatched: entry.subjectMatched, facetMatched: entry.facetMatched, confidence: entry.confidence)
        }

        // Naming the subject and the facet cannot make up for words the topic does not explain:
        // "you're cramping my style" names cramps and asks what something means, yet most of it is
        // not about cramps. Without a word of the domain, the question must be mostly covered:
        // an everyday word the base uses ("water", "dance", "night") is not enough by itself.
        let requiredCoverage = namesDomain || usedContext ? Self.minimumCoverage : Self.coverageWithoutCoreWord
        let isStory = namesDomain && Self.clauses(of: analysis.tokens).count >= Self.storyClauses
        func answers(_ candidate: Candidate) -> Bool {
            // A follow-up that points back ("what activities help with that?") is about the frame,
            // and a story of several sentences around its question ("my son plays rugby... he
            // never stretches. could that matter?") about what it names: on a topic of both the
            // subject and the facet, whatever else their words say.
            let fits = (pointsBackInFrame || isStory) && candidate.subjectMatched && candidate.facetMatched
            let needed = fits ? Self.fittingTopicCoverage : requiredCoverage
            return candidate.confidence >= Self.answerThreshold && (candidate.coverage >= needed || totalWeight == 0)
        }
        let decision: MatchDecision
        // The best-scoring candidate that is also confident: a topic can outscore the rest on
        // borrowed words alone while covering nothing the person asked.
        // A sport, a workout or a body part alone, with no word of cramps, pain or their causes,
        // is an everyday question ("how do I train for a marathon", "best exercise for abs").
        // A body part with something asked of it ("my calves start to go, how do I stop that?"),
        // or a word of how a muscle feels ("tight", "twitching"), is about cramps after all.
        // A few names each: searched in place rather than hashed into sets.
        let namedConcepts = analysis.concepts, namedSubjects = analysis.subjects.map(\.id)
        let namesActivity = !namedSubjects.isEmpty || namedConcepts.contains(where: Self.activityConcepts.contains)
        let asksOfBody = namedConcepts.contains(where: Self.bodyPartConcepts.contains)
            && facet.map { $0.id != Self.overviewFacet } == true
        // In a conversation, "it" or "that" points back at the cramp ("and how do I stop it mid-run?").
        let pointsAtFrame = context.topic != nil && hasPronoun
        let onlyEverydayAnchors = !ownNamesCore && namesActivity && !asksOfBody && !pointsAtFrame
            && namedConcepts.allSatisfy { Self.activityConcepts.contains($0) || Self.bodyPartConcepts.contains($0) }
            && namedSubjects.allSatisfy(Self.everydaySubjects.contains)
            && !analysis.stems.contains(where: Self.feelingStems.contains)
        if let best = candidates.first(where: answers), hasAnchor && !onlyEverydayAnchors || usedContext {
            let close = candidates.dropFirst().filter { $0.score >= best.score * Self.clarifyMargin && answers($0) }
            // Only a bare word or two with no question in it ("cramps?") is too vague to guess.
            let vague = facet == nil && analysis.terms.count <= 1 && !usedContext
            if vague && !close.isEmpty {
                let bestSubject = topicsByID[best.topic]?.subject
                if let subject = subjects.first ?? bestSubject,
                   close.allSatisfy({ topicsByID[$0.topic]?.subject == subject }),
                   let overview = topicsBySubject[subject]?.first(where: { topics[$0].facet == Self.overviewFacet }) {
                    // A subject named alone ("nerve compression?") asks what it is.
                    decision = .answer(topics[overview].id)
                } else {
                    decision = .clarify([best.topic] + close.prefix(2).map(\.topic))
                }
            } else {
                decision = .answer(best.topic)
            }
        } else {
            decision = .fallback
        }
        return MatchResult(analysis: analysis, candidates: candidates, decision: decision, hasDomainAnchor: hasAnchor,
                           subject: subjects.first, facet: facet?.id, usedContext: usedContext)
    }
}

/// What a question's words add up to in one topic, while its postings are read.
struct TopicTally {
    /// The sum of the question's term weights in the topic.
    var score = 0.0
    /// The coverage weight of the person's own words the topic contains.
    var matched = 0.0
    /// Which query terms the topic contains, as bits (terms past the 64th are not tracked).
    var hits: UInt64 = 0
    /// The idf-weighted cosine of the question and the topic's nearest example question.
    var nearest = 0.0
    /// Whether a word, the subject or the facet reached the topic, so it is scored.
    var isReached = false
}

/// A scored topic, before it becomes a ``Candidate``: only the few best are turned into candidates.
struct RankedTopic {
    var position: Int
    var score: Double
    var coverage: Double
    var subjectMatched: Bool
    var facetMatched: Bool
    var confidence: Double
}

extension Matcher {
    /// Each topic's place in the order of the topics' ids, by position; equal ids share a place.
    static func idOrder(of topics: [Topic]) -> [Int32] {
        var order = [Int32](repeating: 0, count: topics.count)
        var place: Int32 = 0
        var previous: String?
        for position in topics.indices.sorted(by: { topics[$0].id < topics[$1].id }) {
            if let previous, previous != topics[position].id { place += 1 }
            order[position] = place
            previous = topics[position].id
        }
        return order
    }

    /// The `count` best of `ranked`, best first, as ``BestTopics`` orders them.
    func topRanked(_ ranked: [RankedTopic], count: Int) -> [RankedTopic] {
        var best = BestTopics(count: count, idOrder: topicIDOrder)
        for entry in ranked { best.offer(entry) }
        return best.entries
    }
}

/// The best few of the scored topics offered so far, best first: by score tempered by
/// confidence, then confidence, then topic id, so the order is fixed whatever order they come in.
///
/// Keeps a short sorted list rather than sorting every scored topic: a large knowledge base
/// reaches thousands of topics, and only a few are wanted.
struct BestTopics {
    /// How many topics are kept.
    let count: Int
    /// Each topic's place in the order of topic ids, by topic position: ids break ties.
    let idOrder: [Int32]
    private(set) var entries: [RankedTopic] = []
    /// The rank of each kept entry, computed once when it is offered.
    private var ranks: [Double] = []

    init(count: Int, idOrder: [Int32]) {
        self.count = count
        self.idOrder = idOrder
        entries.reserveCapacity(count + 1)
        ranks.reserveCapacity(count + 1)
    }

    /// A topic's score tempered by its confidence, so a topic that fits what was asked (subject
    /// and facet) and covers its words beats one that merely shares many words with it.
    static func rank(_ entry: RankedTopic) -> Double {
        entry.score * (1 - Matcher.confidenceInRank + Matcher.confidenceInRank * entry.confidence)
    }

    /// The rank of the last kept topic once `count` are kept: a topic ranked lower is not kept.
    var lowestRank: Double? { entries.count == count ? ranks.last : nil }

    /// Whether `first`, of rank `firstRank`, goes before `second`, of rank `secondRank`:
    /// `(rank(second), second.confidence, id of first) < (rank(first), first.confidence, id of
    /// second)`, compared as tuples are, element by element, so the ids are read only on a tie.
    private func precedes(_ first: RankedTopic, rank firstRank: Double, _ second: RankedTopic, rank secondRank: Double) -> Bool {
        if secondRank != firstRank { return secondRank < firstRank }
        if second.confidence != first.confidence { return second.confidence < first.confidence }
        return idOrder[first.position] < idOrder[second.position]
    }

    /// Keeps `entry` if it is among the best `count` so far.
    mutating func offer(_ entry: RankedTopic) {
        let rank = Self.rank(entry)
        if entries.count == count, let last = entries.last, !precedes(entry, rank: rank, last, rank: ranks[count - 1]) { return }
        let place = entries.indices.first { precedes(entry, rank: rank, entries[$0], rank: ranks[$0]) } ?? entries.count
        entries.insert(entry, at: place)
        ranks.insert(rank, at: place)
        if entries.count > count {
            entries.removeLast()
            ranks.removeLast()
        }
    }
}

extension Array where Element: Equatable {
    /// Removes every element equal to the one before it: in a sorted array, every repeat.
    mutating func removeAdjacentDuplicates() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
