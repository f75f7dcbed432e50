import Testing

@testable import SpasmCore

/// Red-flag phrases kept as choice slots stand for exactly the patterns their brace expansions
/// made, and match as those patterns did: longest first, the first written among equals.
@Suite("Pattern templates")
struct PatternTemplateTests {
    /// A reader that takes words as their own stems, so the patterns are easy to read.
    private static func reader() -> PhraseReader {
        PhraseReader(stem: { $0 }, words: { TextNormalizer.words($0) })
    }

    /// The patterns of a phrase's expansions read one by one, as before templates.
    private static func expandedPatterns(of phrase: String) -> [FindingPattern] {
        var reader = reader()
        return FindingPatterns.alternatives(of: phrase).compactMap { reader.pattern(ofExpansion: $0, finding: "f")?.pattern }
    }

    private static func templates(of phrase: String) -> [PatternTemplate] {
        var reader = reader()
        return reader.templates(of: phrase, finding: "f")
    }

    @Test("a phrase's templates stand for exactly its expansions, in order", arguments: [
        "{my|the} calf {is|looks} {swollen|puffy}",
        "heart ... {racing|pounding} {after|} ... {a run|the race}",
        "{really |}hot",
        "rest {makes it go|sorts it|helps}",
        "{went |feel |}{numb|dead} ... {sitting|sat} on {it|the loo}",
        "{|my} calf {|is} tight",
        "hurt {my|the} >leg",
        "no {reason|cause} for {it|them|the cramps}",
        "plain phrase",
    ])
    func templatesStandForExpansions(phrase: String) {
        let templates = Self.templates(of: phrase)
        #expect(!templates.isEmpty)
        #expect(templates.flatMap(\.patterns) == Self.expandedPatterns(of: phrase))
    }

    @Test("slots take the sum of the choices: only an opening choice is read apart")
    func slotsGrowWithTheSum() {
        let phrase = "{ache|pain|cramp} in {left|right|both} {calf|shin|thigh|foot} {at night|after running|}"
        let templates = Self.templates(of: phrase)
        // One template for each opening word; each keeps the other groups as slots.
        #expect(templates.map { $0.slots[0] } == [[[PatternWord(stem: "ache", opensPart: false), PatternWord(stem: "in", opensPart: false)]],
                                                  [[PatternWord(stem: "pain", opensPart: false), PatternWord(stem: "in", opensPart: false)]],
                                                  [[PatternWord(stem: "cramp", opensPart: false), PatternWord(stem: "in", opensPart: false)]]])
        #expect(templates.allSatisfy { $0.slots.map(\.count) == [1, 3, 4, 3] })
        #expect(templates.flatMap(\.patterns).count == 3 * 3 * 4 * 3)
    }

    @Test("a filler kept only where it opens a part is read apart")
    func openingFillerIsReadApart() {
        // "my" opens the phrase in one expansion and is gone from the other, so no slot holds it.
        let templates = Self.templates(of: "{my|} calf is tight")
        #expect(templates.map { $0.patterns.map(\.words) } == [[["my", "calf", "tight"]], [["calf", "tight"]]])
    }

    /// Patterns over findings given as (id, phrases), words their own stems.
    private static func patterns(_ findings: [(String, [String])]) -> FindingPatterns {
        FindingPatterns(findings: findings.map { RedFlagFinding(id: $0.0, phrases: $0.1) }, stem: { $0 },
                        words: { TextNormalizer.words($0) })
    }

    private static func match(_ patterns: FindingPatterns, _ text: String, at index: Int = 0) -> FindingMatch? {
        let words = text.split(separator: " ").map(String.init)
        return patterns.longestMatch(in: patterns.message(words), at: index, taken: words.map { _ in false }, ends: [],
                                     messageBits: FindingPatterns.wordBits(of: words))
    }

    @Test("among matches of equal length, the first expansion wins")
    func firstExpansionWinsAmongEquals() {
        // Both expansions match "my calf is puffy and swollen", with the same words and parts:
        // the one written first takes its words.
        let swollenFirst = Self.patterns([("calf-swollen", ["{my|the} calf ... {swollen|puffy}"])])
        #expect(Self.match(swollenFirst, "my calf is puffy and swollen")?.anchors == [0, 1, 5])
        let puffyFirst = Self.patterns([("calf-swollen", ["{my|the} calf ... {puffy|swollen}"])])
        #expect(Self.match(puffyFirst, "my calf is puffy and swollen")?.anchors == [0, 1, 3])
    }

    @Test("the longest match wins, then the unbroken one, then the first finding by name")
    func longestThenUnbrokenThenFinding() {
        let patterns = Self.patterns([
            ("b-calf", ["calf"]),
            ("a-swollen", ["calf {is|looks} {swollen|puffy}", "calf ... puffy"]),
            ("c-swollen", ["calf {puffy|red}"]),
        ])
        #expect(Self.match(patterns, "calf looks puffy") == FindingMatch(finding: "a-swollen", anchors: [0, 1, 2]))
        // "calf puffy" is said by an unbroken phrase of two findings and by a gapped one.
        #expect(Self.match(patterns, "calf puffy") == FindingMatch(finding: "a-swollen", anchors: [0, 1]))
        #expect(Self.match(patterns, "calf red") == FindingMatch(finding: "c-swollen", anchors: [0, 1]))
        #expect(Self.match(patterns, "calf cramp") == FindingMatch(finding: "b-calf", anchors: [0]))
    }

    @Test("a follower must come right after the phrase, and is left to other phrases")
    func followerComesNext() {
        let patterns = Self.patterns([("injury", ["hurt {badly|} >my"])])
        #expect(Self.match(patterns, "hurt my leg")?.anchors == [0])
        #expect(Self.match(patterns, "hurt badly my leg")?.anchors == [0, 1])
        #expect(Self.match(patterns, "hurt leg") == nil)
    }

    @Test("templates read back from their stored form match as built")
    func storedFormMatchesAsBuilt() throws {
        let built = Self.patterns([("calf-swollen", ["{my|the} calf ... {swollen|puffy}", "calf {is|} tight"])])
        var reader = SnapshotReader(built.snapshot())
        let read = try FindingPatterns(from: &reader)
        for text in ["my calf is puffy and swollen", "the calf swollen", "calf is tight", "calf tight", "leg swollen"] {
            #expect(Self.match(read, text) == Self.match(built, text), "\(text)")
        }
        #expect(read.vocabulary == built.vocabulary)
    }
}
