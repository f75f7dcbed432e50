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
    /// Subjects with this many topics or fewer are narrow.
    static let narrowSubjectSize = 2
    /// What is left of a narrow subject's topic score when the question does not name the subject.
    static let unnamedNarrowSubjectShare = 0.7
    /// How much confidence tempers the score when candidates are ranked (0: not at all).
    static let confidenceInRank = 0.5
    /// How much more a word that names the question's subject counts in scoring.
    static let subjectTermBoost = 1.5
    /// How much the similarity (0 to 1) to the nearest example question adds.
    static let exampleBonus = 4.0
    /// Words that refer back to what the conversation is about.
    static let pronouns: Set<String> = ["it", "that", "this", "they", "them", "those", "these"]
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
    let subjectNames: [String: String]
    let facetNames: [String: String]
    /// Stems and concept terms that mark a question as being about this domain.
    let anchors: Set<String>
    /// The terms that name the domain itself ("cramp", "spasm"): the broadest subject's name.
    let coreTerms: Set<String>
    /// Words of the synonym sets and subject cues that are not everyday English ("stenosis",
    /// "potassium", "pad", but not "water" or "night"): a question using one is about the domain.
    let domainWords: Set<String>

    public init(knowledge: KnowledgeBase) {
        let analyzer = TextAnalyzer(knowledge: knowledge)
        self.analyzer = analyzer
        self.topics = knowledge.topics
        self.topicsByID = knowledge.topicsByID
        self.topicsBySubject = Dictionary(grouping: knowledge.topics.indices, by: { knowledge.topics[$0].subject })
        self.topicsByFacet = Dictionary(grouping: knowledge.topics.indices, by: { knowledge.topics[$0].facet })
        self.subjectNames = Dictionary(knowledge.subjects.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.facetNames = Dictionary(knowledge.facets.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.index = TopicIndex(topics: knowledge.topics, analyzer: analyzer)
        let facetWords = Set(knowledge.facets.flatMap(\.cues).flatMap { analyzer.analyze($0, correctSpelling: false).terms })
        var anchors: Set<String> = []
        // Only the curated vocabulary anchors a question in the domain: synonym sets and the words
        // that name subjects. Topic keywords hold everyday words ("desk job") that do not.
        let anchorTexts = knowledge.concepts.flatMap(\.terms) + knowledge.subjects.flatMap { $0.cues + [$0.name] }
        for text in anchorTexts {
            anchors.formUnion(analyzer.analyze(text, correctSpelling: false).terms)
        }
        self.anchors = anchors.subtracting(facetWords)
        let broadest = knowledge.subjects.max { (analyzer.breadth(of: $0.id), $1.id) < (analyzer.breadth(of: $1.id), $0.id) }
        self.coreTerms = Set(broadest.map { analyzer.analyze($0.name, correctSpelling: false).terms } ?? [])
        let everyday = EverydayWords()
        let facetCueWords = Set(knowledge.facets.flatMap(\.cues).flatMap(TextNormalizer.words))
        self.domainWords = Set(anchorTexts.flatMap(TextNormalizer.words)).filter {
            !everyday.contains($0) && !StopWords.contains($0) && !facetCueWords.contains($0)
        }
    }

    /// Matches a question, using the context to fill a missing subject or facet.
    public func match(_ text: String, context: MatchContext = MatchContext()) -> MatchResult {
        match(analysis: analyzer.analyze(text), context: context)
    }

    /// Matches an analysed question.
    public func match(analysis: AnalyzedText, context: MatchContext) -> MatchResult {
        // Fill the frame: a follow-up keeps the slot it does not name, as if it had said it
        // ("what causes it?" after PAD reads as "what causes peripheral artery disease?").
        var analysis = analysis
        // Coverage is judged on the person's own words only: words borrowed from the frame
        // would make any digression ("what's the weather tomorrow?") look like a good match.
        let ownTerms = Set(analysis.terms)
        var usedContext = false
        var subjects = analysis.subjects.map(\.id)
        var facet = analysis.facets.first
        let elliptical = facet != nil || analysis.terms.isEmpty || context.topic != nil
        // A pronoun ("can it cause spasms?") points back at the conversation's subject, even when
        // the question also names a broader one.
        let pointsBack = analysis.tokens.contains(where: Self.pronouns.contains)
            && subjects.allSatisfy { analyzer.breadth(of: $0) > analyzer.breadth(of: context.subject ?? "") }
        if subjects.isEmpty || pointsBack, let subject = context.subject, elliptical || pointsBack,
           !subjects.contains(subject), let name = subjectNames[subject] {
            subjects.insert(subject, at: 0)
            analysis.terms += analyzer.analyze(name, correctSpelling: false).terms
            usedContext = true
        }
        if facet == nil, let contextFacet = context.facet, !analysis.subjects.isEmpty || usedContext,
           let name = facetNames[contextFacet] {
            facet = FrameCue(id: contextFacet, weight: 0.8)
            analysis.terms += analyzer.analyze(name, correctSpelling: false).terms
            usedContext = true
        }
        let terms = Array(Set(analysis.terms)).sorted()
        let hasAnchor = !analysis.concepts.isEmpty || !analysis.subjects.isEmpty || terms.contains(where: anchors.contains)

        // Term weights: a word no topic contains counts against coverage, an ordinary English
        // word less than a rare one (many are plain English that says nothing against the domain).
        let namesDomain = ownTerms.contains(where: coreTerms.contains) || analysis.tokens.contains(where: domainWords.contains)
        // Beside the domain's own word, a known everyday word is mostly the person's framing
        // ("my grandmother keeps talking about them"), so it is capped lower.
        let genericCap = namesDomain ? Self.genericWordCapBesideCoreWord : Self.genericWordCap
        func weight(_ term: String) -> Double {
            // A known word that names nothing of the domain ("increase", "worse") is capped: rare
            // in the knowledge base is not the same as important to the question.
            if let idf = index.idf[term] { return anchors.contains(term) ? idf : min(idf, genericCap) }
            return index.unknownIDF * (analysis.rareTerms.contains(term) ? 1 : Self.unknownWordShare)
        }
        // In coverage, the domain's own word weighs at least `coreWordWeight`: every topic holds it,
        // so its idf is near zero, yet it is what says the question is about cramps at all
        // ("wat causes mussel cramps" is not mostly about mussels).
        func coverageWeight(_ term: String) -> Double {
            coreTerms.contains(term) ? max(weight(term), Self.coreWordWeight) : weight(term)
        }
        let totalWeight = ownTerms.reduce(0) { $0 + coverageWeight($1) }

        // Only topics that a word, the subject or the facet reaches are scored, so the cost of a
        // question follows its postings, not the size of the knowledge base.
        var scores: [Int: Double] = [:]
        var matched: [Int: Double] = [:]
        /// Which query terms each topic contains, as bits (terms past the 64th are not tracked).
        var hits: [Int: UInt64] = [:]
        for (number, term) in terms.enumerated() {
            let own = ownTerms.contains(term)
            // Words borrowed from the frame steer, but less than the person's own; the words that
            // name what the question is about ("calcium" in "does lack of calcium cause cramps")
            // steer more than the rest.
            let share = own ? (analysis.subjectTerms[term] != nil ? Self.subjectTermBoost : 1) : Self.contextTermShare
            for posting in index.postings[term] ?? [] {
                scores[posting.topic, default: 0] += posting.weight * share
                if own { matched[posting.topic, default: 0] += coverageWeight(term) * posting.coverage }
                if number < 64 { hits[posting.topic, default: 0] |= 1 << UInt64(number) }
            }
        }

        // The nearest example question of each topic: idf-weighted cosine over term sets.
        let queryNorm = terms.reduce(0) { $0 + pow(weight($1), 2) }.squareRoot()
        var dot: [Int32: Double] = [:]
        for term in terms {
            let w = pow(index.idf[term] ?? 0, 2) * (ownTerms.contains(term) ? 1 : Self.contextTermShare)
            for question in index.questionPostings[term] ?? [] { dot[question, default: 0] += w }
        }
        var nearest: [Int: Double] = [:]
        for (question, product) in dot {
            let norm = index.questionNorm[Int(question)] * queryNorm
            guard norm > 0 else { continue }
            let topic = Int(index.questionTopic[Int(question)])
            nearest[topic] = max(nearest[topic] ?? 0, product / norm)
        }

        var reached = Set(scores.keys)
        for subject in subjects { reached.formUnion(topicsBySubject[subject] ?? []) }
        if let facet { reached.formUnion(topicsByFacet[facet.id] ?? []) }

        var candidates: [Candidate] = []
        for position in reached {
            let topic = topics[position]
            var score = (scores[position] ?? 0) + Self.exampleBonus * (nearest[position] ?? 0)
            let subjectRank = subjects.firstIndex(of: topic.subject)
            // A narrow subject (blood clots, dancers) must be named: sharing everyday words
            // ("calf", "sore", "after") with its topics is not enough to answer about it.
            let unnamedNarrow = subjectRank == nil && analyzer.breadth(of: topic.subject) <= Self.narrowSubjectSize
            if let rank = subjectRank {
                score += Self.subjectBonus * (rank == 0 ? 1 : 0.5)
            } else if unnamedNarrow {
                score *= Self.unnamedNarrowSubjectShare
            }
            let facetMatched = facet.map { $0.id == topic.facet } ?? false
            if facetMatched, let facet { score += Self.facetBonus * min(facet.weight, 1) }
            guard score > 0 else { continue }
            // Words that named the facet or subject are covered when the topic has that facet or subject.
            var covered = matched[position] ?? 0
            let topicHits = hits[position] ?? 0
            for (number, term) in terms.enumerated()
            where ownTerms.contains(term) && (number >= 64 || topicHits & (1 << UInt64(number)) == 0) {
                if analysis.facetTerms[term] == topic.facet || analysis.subjectTerms[term] == topic.subject {
                    covered += coverageWeight(term)
                }
            }
            // A bare follow-up ("which ones?") has no words of its own to cover.
            let coverage = totalWeight > 0 ? min(1, covered / totalWeight) : (usedContext ? 1 : 0)
            let structure = (subjectRank != nil ? 0.5 : 0) + (facetMatched ? 0.5 : 0)
            let confidence = min(1, 0.65 * coverage + 0.35 * structure) * (unnamedNarrow ? Self.unnamedNarrowSubjectShare : 1)
            candidates.append(Candidate(topic: topic.id, score: score, coverage: coverage,
                                        subjectMatched: subjectRank != nil, facetMatched: facetMatched,
                                        confidence: confidence))
        }
        // Deterministic: score, then confidence, then topic id.
        // Rank by score tempered by confidence, so a topic that fits what was asked (subject and
        // facet) and covers its words beats one that merely shares many words with it.
        func rank(_ candidate: Candidate) -> Double { candidate.score * (1 - Self.confidenceInRank + Self.confidenceInRank * candidate.confidence) }
        candidates.sort { (rank($1), $1.confidence, $0.topic) < (rank($0), $0.confidence, $1.topic) }
        candidates = Array(candidates.prefix(5))

        // Naming the subject and the facet cannot make up for words the topic does not explain:
        // "you're cramping my style" names cramps and asks what something means, yet most of it is
        // not about cramps. Without a word of the domain, the question must be mostly covered:
        // an everyday word the base uses ("water", "dance", "night") is not enough by itself.
        let requiredCoverage = namesDomain || usedContext ? Self.minimumCoverage : Self.coverageWithoutCoreWord
        func answers(_ candidate: Candidate) -> Bool {
            candidate.confidence >= Self.answerThreshold && (candidate.coverage >= requiredCoverage || totalWeight == 0)
        }
        let decision: MatchDecision
        // The best-scoring candidate that is also confident: a topic can outscore the rest on
        // borrowed words alone while covering nothing the person asked.
        if let best = candidates.first(where: answers), hasAnchor || usedContext {
            let close = candidates.dropFirst().filter { $0.score >= best.score * Self.clarifyMargin && answers($0) }
            // Only a bare word or two with no question in it ("cramps?") is too vague to guess.
            let vague = facet == nil && analysis.terms.count <= 1 && !usedContext
            if vague && !close.isEmpty {
                let bestSubject = topicsByID[best.topic]?.subject
                if let subject = subjects.first ?? bestSubject,
                   close.allSatisfy({ topicsByID[$0.topic]?.subject == subject }),
                   let overview = topics.first(where: { $0.subject == subject && $0.facet == Self.overviewFacet }) {
                    // A subject named alone ("nerve compression?") asks what it is.
                    decision = .answer(overview.id)
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
