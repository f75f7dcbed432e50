import Foundation
import Testing

@testable import SpasmCore

/// The shortcuts taken for speed give what the general code gives.
@Suite("Fast paths")
struct FastPathTests {
    /// ASCII text is tokenised among its bytes; any non-ASCII character sends text through the
    /// general path. A no-break space after the text adds no word, so both paths must agree.
    @Test("ASCII tokenising matches the general path", arguments: [
        "What CAUSES leg cramps?? It's bad, can't sleep; my calf's tight",
        "`cause i dont know... wats up w/ my back",
        "  20mins of cramping,,, then 2hrs: ok!  ",
        "'quoted' words and o'clock, rock'n'roll",
        "",
    ])
    func asciiTokensMatchGeneralPath(text: String) {
        let general = TextNormalizer.tokens(text + "\u{00A0}")
        #expect(TextNormalizer.tokens(text) == general)
        #expect(general.count >= (text.isEmpty ? 0 : 4))
    }

    @Test("Gaps split as components(separatedBy:) splits them", arguments: [
        "heart ... racing", "no gap here", "a...b...c", "....", "...", "", "trailing ...",
    ])
    func gapPartsMatchFoundation(phrase: String) {
        #expect(FindingPatterns.gapParts(of: phrase) == phrase.components(separatedBy: "..."))
    }

    @Test("Braced alternatives expand in order, spaces tidied")
    func alternativesExpandInOrder() {
        #expect(FindingPatterns.alternatives(of: "{can not|unable to} {pee|wee}")
            == ["can not pee", "can not wee", "unable to pee", "unable to wee"])
        #expect(FindingPatterns.alternatives(of: "{really |}hot  skin ") == ["really hot skin", "hot skin"])
    }

    /// The matcher keeps only the best few scored topics; they must be the first few of a full sort.
    @Test("The best candidates are the first of a full ranking")
    func topRankedMatchesFullSort() throws {
        let base = try EmbeddedKnowledgeTests.base()
        let matcher = Matcher(knowledge: base)
        // Few distinct scores and confidences, so the topic id often decides.
        let ranked = base.topics.indices.map { position in
            RankedTopic(position: position, score: Double(position * 7 % 5), coverage: 0, subjectMatched: false,
                        facetMatched: false, confidence: Double(position * 3 % 3) / 2 + Double(position % 2) / 2)
        }
        func rank(_ entry: RankedTopic) -> Double { entry.score * (1 - Matcher.confidenceInRank + Matcher.confidenceInRank * entry.confidence) }
        let sorted = ranked.sorted {
            (rank($1), $1.confidence, base.topics[$0.position].id) < (rank($0), $0.confidence, base.topics[$1.position].id)
        }
        let best = matcher.topRanked(ranked.reversed(), count: 5)
        #expect(best.count == 5)
        #expect(best.map(\.position) == sorted.prefix(5).map(\.position))
    }

    /// A term's postings are searched by halving, as they are in topic order: the answer must be
    /// the one a scan of the postings gives, for topics that have the term and topics that do not.
    @Test("The binary search of a term's postings finds what a scan finds")
    func postingSearchMatchesScan() throws {
        let base = try EmbeddedKnowledgeTests.base()
        let matcher = Matcher(knowledge: base)
        let index = matcher.index
        var found = 0
        for termNumber in index.postings.indices.prefix(400) {
            for position in [0, 1, base.topics.count / 2, base.topics.count - 1] + index.postings[termNumber].prefix(3).map({ Int($0.topic) }) {
                let scanned = index.postings[termNumber].contains { Int($0.topic) == position }
                #expect(index.topic(position, hasTermNumber: termNumber) == scanned)
                if scanned { found += 1 }
            }
        }
        #expect(found > 400)
    }

    /// The reading after a message's background is the message's rest analysed as typed.
    @Test("The reading after the background is the rest analysed again")
    func readingAfterBackgroundIsTheRestAnalysed() throws {
        let matcher = Matcher(knowledge: try EmbeddedKnowledgeTests.base())
        let rest = try #require(matcher.afterBackground(TextNormalizer.tokens("my uncle had a dvt a few years back. what stops leg cramps at night")))
        let again = matcher.analyzer.analyze("what stops leg cramps at night", correctSpelling: false)
        #expect(rest.text == again.text)
        #expect(rest.terms == again.terms)
        #expect(rest.subjects == again.subjects)
        #expect(rest.facets == again.facets)
    }

    /// The matcher skips the coverage of a topic whose score is below the rank of the last of the
    /// best few: such a topic must never be kept.
    @Test("A topic scored below the lowest kept rank is never kept")
    func belowLowestRankIsNotKept() throws {
        let base = try EmbeddedKnowledgeTests.base()
        var best = BestTopics(count: 3, idOrder: Matcher.idOrder(of: base.topics))
        func entry(_ position: Int, score: Double, confidence: Double) -> RankedTopic {
            RankedTopic(position: position, score: score, coverage: 0, subjectMatched: false, facetMatched: false, confidence: confidence)
        }
        for (position, score) in [4.0, 9.0, 6.0].enumerated() {
            #expect(best.lowestRank == nil)
            best.offer(entry(position, score: score, confidence: 0.5))
        }
        let lowest = try #require(best.lowestRank)
        #expect(lowest == BestTopics.rank(entry(0, score: 4, confidence: 0.5)))
        // A score just below the lowest rank, even at full confidence, stays out.
        best.offer(entry(3, score: lowest.nextDown, confidence: 1))
        #expect(best.entries.map(\.position) == [1, 2, 0])
        // At the lowest rank with more confidence, it goes in.
        best.offer(entry(4, score: lowest, confidence: 1))
        #expect(best.entries.map(\.position) == [1, 2, 4])
    }

    /// Each term's postings are in topic order (the binary search relies on it), and its idf
    /// follows from how many topics hold it.
    @Test("Postings are in topic order and idf follows their count")
    func postingsAreOrderedAndCounted() throws {
        let base = try EmbeddedKnowledgeTests.base()
        let index = TopicIndex(topics: base.topics, analyzer: TextAnalyzer(knowledge: base))
        let count = Double(base.topics.count)
        for (number, postings) in index.postings.enumerated() {
            #expect(zip(postings, postings.dropFirst()).allSatisfy { $0.topic < $1.topic })
            let df = Double(postings.count)
            #expect(index.idf[number] == log(1 + (count - df + 0.5) / (df + 0.5)))
        }
        // Every example question with a scored word is indexed, in topic order.
        #expect(index.questionTopic.count > base.topics.count)
        #expect(index.questionTopic.count <= base.topics.reduce(0) { $0 + $1.questions.count })
        #expect(zip(index.questionTopic, index.questionTopic.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// Ties between topics are broken by their places in the order of ids, read once at load.
    @Test("A topic's place in the id order orders as its id does")
    func idOrderFollowsIDs() throws {
        let topics = try EmbeddedKnowledgeTests.base().topics
        let order = Matcher.idOrder(of: topics)
        for (first, second) in zip(topics.indices, topics.indices.dropFirst(7)) {
            #expect((order[first] < order[second]) == (topics[first].id < topics[second].id))
            #expect((order[first] == order[second]) == (topics[first].id == topics[second].id))
        }
        var copies = Array(topics.prefix(3))
        copies.append(copies[1])
        #expect(Matcher.idOrder(of: copies)[3] == Matcher.idOrder(of: copies)[1])
    }

    /// The matcher reads clauses of background in outline; the outline must say what the whole
    /// analysis says, over every example question of the base and clauses of background.
    @Test("A text's outline agrees with its analysis")
    func outlineAgreesWithAnalysis() throws {
        let base = try EmbeddedKnowledgeTests.base()
        let analyzer = TextAnalyzer(knowledge: base)
        let texts = base.topics.flatMap(\.questions) + [
            "my uncle had a dvt a few years back", "i am 72", "my grandma is 90", "she's fine now",
            "potasium", "i had a stress fracture in my back", "kinda worried tbh", "", "...",
        ]
        var named = 0, asked = 0
        for text in texts {
            let outline = analyzer.outline(of: text)
            let analysis = analyzer.analyze(text, correctSpelling: false)
            #expect(outline.terms == analysis.terms, "\(text)")
            #expect(outline.concepts == analysis.concepts, "\(text)")
            #expect(outline.namesSubject == !analysis.subjects.isEmpty, "\(text)")
            #expect(outline.asksFacet == !analysis.facets.isEmpty, "\(text)")
            if outline.namesSubject { named += 1 }
            if outline.asksFacet { asked += 1 }
        }
        #expect(named > 100 && asked > 100)
    }
}
