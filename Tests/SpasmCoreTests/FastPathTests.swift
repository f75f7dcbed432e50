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
}
