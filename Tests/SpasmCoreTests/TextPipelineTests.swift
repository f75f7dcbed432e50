import EmbeddedKnowledge
import Testing

@testable import SpasmCore

/// Small knowledge bases built in code, so a test controls every word the pipeline knows.
enum TinyKnowledge {
    /// A topic with the given wording; titles and sources are filled in.
    static func topic(
        _ id: String, subject: String, facet: String, questions: [String], keywords: [String] = [],
        answer: String, more: String = "", related: [String] = []
    ) -> Topic {
        Topic(id: id, title: id.replacingOccurrences(of: "-", with: " "), subject: subject, facet: facet,
              questions: questions, keywords: keywords, answer: answer, more: more, related: related, sources: ["leaflet"])
    }

    /// A knowledge base of the topics, with the synonym sets, cues and red-flag findings given.
    static func base(
        topics: [Topic], concepts: [Concept] = [], subjects: [FrameValue] = [], facets: [FrameValue] = [],
        findings: [RedFlagFinding] = []
    ) -> KnowledgeBase {
        var responses = Responses()
        responses.fallback = "I do not know that."
        responses.clarifyIntro = "Did you mean:"
        responses.clarifyNone = "none of these"
        return KnowledgeBase(
            sources: [Source(id: "leaflet", title: "Leaflet", publisher: "Test", file: nil)],
            topics: topics, concepts: concepts, subjects: subjects, facets: facets, responses: responses,
            redFlags: RedFlagCatalog(findings: findings, rules: []))
    }

    /// Two cramp topics, one about causes and one about relief, and one about PAD treatment.
    ///
    /// The two cramp topics are built alike (as many words, "cramp" in the same places) so that
    /// a bare "cramps" scores them equally whatever the matcher's weights.
    static let cramps: KnowledgeBase = base(
        topics: [
            topic("cramp-causes", subject: "cramps", facet: "causes",
                  questions: ["what causes a cramp", "cramp causes", "reasons for a cramp", "cramp triggers"],
                  answer: "Overuse or dehydration often comes first."),
            topic("cramp-relief", subject: "cramps", facet: "relief",
                  questions: ["how do i relieve a cramp", "cramp relief", "ease a cramp", "cramp remedies"],
                  answer: "Stretch the muscle gently and massage it."),
            topic("pad-treatment", subject: "pad", facet: "treatment",
                  questions: ["how is pad treated", "treatment for peripheral artery disease", "pad surgery", "can pad be cured"],
                  answer: "Exercise, quitting smoking, angioplasty or bypass surgery."),
        ],
        concepts: [
            Concept(id: "cramp", terms: ["cramp", "cramps", "charley horse", "spasm"]),
            Concept(id: "water", terms: ["water"]),
            Concept(id: "diuretic", terms: ["water pills", "water pill", "diuretic"]),
            Concept(id: "tingling", terms: ["pins and needles", "tingling"]),
        ],
        subjects: [
            FrameValue(id: "cramps", name: "muscle cramps", cues: ["cramp", "cramps"]),
            FrameValue(id: "pad", name: "peripheral artery disease", cues: ["pad", "peripheral artery disease"]),
            FrameValue(id: "legs", name: "legs", cues: ["leg", "legs", "calf"]),
        ],
        facets: [
            FrameValue(id: "causes", name: "causes", cues: ["cause", "causes", "why"]),
            FrameValue(id: "relief", name: "relief", cues: ["relieve", "relief", "ease"]),
            FrameValue(id: "treatment", name: "treatment", cues: ["treat", "treated", "treatment"]),
        ],
        findings: [RedFlagFinding(id: "swelling", phrases: ["swelling", "swollen calf"])]
    )
}

/// Normalising text: Unicode forms, case, accents, apostrophes, contractions, texting, clauses.
@Suite("Text normaliser")
struct TextNormalizerTests {
    @Test("full-width letters fold to plain ones (NFKC)")
    func fullWidth() {
        #expect(TextNormalizer.words("ＣＲＡＭＰ ｉｎ ｌｅｇ") == ["cramp", "in", "leg"])
    }

    @Test("case and accents fold away")
    func caseAndAccents() {
        #expect(TextNormalizer.words("Muscle CRAMPS") == ["muscle", "cramps"])
        #expect(TextNormalizer.words("Café NAÏVE Crème") == ["cafe", "naive", "creme"])
    }

    @Test("curly apostrophes read like straight ones", arguments: [
        ("can’t sleep", ["can", "not", "sleep"]),
        ("can't sleep", ["can", "not", "sleep"]),
        ("cant sleep", ["can", "not", "sleep"]),
        ("CAN’T sleep", ["can", "not", "sleep"]),
        ("it‘s bad", ["it", "is", "bad"]),
    ])
    func apostrophes(input: String, expected: [String]) {
        #expect(TextNormalizer.words(input) == expected)
    }

    @Test("contractions expand to their words", arguments: [
        ("I'm tired", ["i", "am", "tired"]),
        ("don't stretch", ["do", "not", "stretch"]),
        ("won't stop", ["will", "not", "stop"]),
        ("they've gone", ["they", "have", "gone"]),
        ("what's a cramp", ["what", "is", "a", "cramp"]),
        ("my calf's tight", ["my", "calf", "tight"]),
        ("dont know", ["do", "not", "know"]),
    ])
    func contractions(input: String, expected: [String]) {
        #expect(TextNormalizer.words(input) == expected)
    }

    @Test("texting spellings are spelled out")
    func texting() {
        #expect(TextNormalizer.words("wat r u") == ["what", "are", "you"])
        #expect(TextNormalizer.words("y do i get cramps pls") == ["why", "do", "i", "get", "cramps", "please"])
        #expect(TextNormalizer.words("hwo do i stop them b4 bed at nite") == ["how", "do", "i", "stop", "them", "before", "bed", "at", "night"])
    }

    @Test("clause boundaries become one '.' token, never leading or trailing")
    func clauseBoundaries() {
        #expect(TextNormalizer.tokens("My leg hurts. It's red, swollen!!!") ==
            ["my", "leg", "hurts", ".", "it", "is", "red", ".", "swollen"])
        #expect(TextNormalizer.tokens("...hello?!") == ["hello"])
        #expect(TextNormalizer.tokens("no pain; no gain") == ["no", "pain", ".", "no", "gain"])
        #expect(TextNormalizer.words("no pain; no gain") == ["no", "pain", "no", "gain"])
    }

    @Test("dots typed between letters join words; a dot before a space or a digit ends a clause", arguments: [
        ("i.cant.breathe", ["i", "can", "not", "breathe"]),
        ("chest...pain...help", ["chest", "pain", "help"]),
        ("CHEST\u{2026}PAIN", ["chest", "pain"]),
        ("sore.  red", ["sore", ".", "red"]),
        ("cramp... it hurts", ["cramp", ".", "it", "hurts"]),
        ("take 1.5 litres", ["take", "1", ".", "5", "litres"]),
        ("caf\u{E9}.tres", ["cafe", "tres"]),
    ])
    func dotsBetweenLetters(text: String, expected: [String]) {
        #expect(TextNormalizer.tokens(text) == expected)
    }

    @Test("'s before a past participle is 'has', elsewhere 'is'", arguments: [
        ("he's had cramps all day", ["he", "has", "had", "cramps", "all", "day"]),
        ("it's been swollen since monday", ["it", "has", "been", "swollen", "since", "monday"]),
        ("she's got a cramp", ["she", "has", "got", "a", "cramp"]),
        ("it's gone", ["it", "is", "gone"]),
        ("he's fitting", ["he", "is", "fitting"]),
    ])
    func apostropheSHas(text: String, expected: [String]) {
        #expect(TextNormalizer.tokens(text) == expected)
    }

    @Test("texting spellings: 'enuf', 'outta', 'shud', and a bare 2 or 4 after a question word or 'good'", arguments: [
        ("not drinkin enuf water", ["not", "drinkin", "enough", "water"]),
        ("cramp outta nowhere", ["cramp", "out", "of", "nowhere"]),
        ("shud i walk it off", ["should", "i", "walk", "it", "off"]),
        ("wat 2 eat", ["what", "to", "eat"]),
        ("how 2 stop a cramp", ["how", "to", "stop", "a", "cramp"]),
        ("good 4 cramps", ["good", "for", "cramps"]),
        ("type 2 diabetes", ["type", "2", "diabetes"]),
        ("i had 2 cramps", ["i", "had", "2", "cramps"]),
        ("gettin old", ["getting", "old"]),
        ("nothin to worry bout", ["nothing", "to", "worry", "about"]),
        ("a bad bout of cramp", ["a", "bad", "bout", "of", "cramp"]),
        ("do i need a dr or nah", ["do", "i", "need", "a", "doctor", "or", "no"]),
        ("a cannae feel ma legs", ["a", "can", "not", "feel", "my", "legs"]),
        ("ma back's sore", ["my", "back", "sore"]),
    ])
    func textingSpellings(text: String, expected: [String]) {
        #expect(TextNormalizer.tokens(text) == expected)
    }

    @Test("symbols and emoji are not words")
    func symbols() {
        #expect(TextNormalizer.words("cramp 💪 @#$ 42") == ["cramp", "42"])
        #expect(TextNormalizer.words("   ").isEmpty)
    }

    @Test("term keys compare inflected phrases")
    func termKeys() {
        #expect(TextNormalizer.termKey("Charley Horses") == TextNormalizer.termKey("charley horse"))
        #expect(TextNormalizer.termKey("cramping") == TextNormalizer.termKey("cramps"))
    }

    @Test("question words and negations are not stop words")
    func stopWords() {
        #expect(StopWords.contains("the"))
        #expect(!StopWords.contains("not"))
        #expect(!StopWords.contains("no"))
        #expect(!StopWords.contains("cramp"))
    }
}

/// Optimal-string-alignment distance and the tolerance by word length.
@Suite("Edit distance")
struct EditDistanceTests {
    private func distance(_ a: String, _ b: String, limit: Int = 5) -> Int {
        EditDistance.distance(Array(a.utf8), Array(b.utf8), limit: limit)
    }

    @Test("a swap of neighbours counts once")
    func transposition() {
        #expect(distance("cramsp", "cramps") == 1)
        #expect(distance("pian", "pain") == 1)
    }

    @Test("insertions, deletions and substitutions")
    func basicEdits() {
        #expect(distance("musle", "muscle") == 1)
        #expect(distance("muscle", "musle") == 1)
        #expect(distance("calf", "half") == 1)
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("cramp", "cramp") == 0)
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "") == 3)
    }

    @Test("optimal string alignment: a swapped pair is not edited again")
    func optimalStringAlignment() {
        // Full Damerau-Levenshtein would say 2; OSA cannot edit inside a transposed pair.
        #expect(distance("ca", "abc") == 3)
    }

    @Test("stops at the limit")
    func limit() {
        #expect(distance("abcdef", "uvwxyz", limit: 2) == 3)
        #expect(distance("ab", "abcdefgh", limit: 2) == 3, "a length difference over the limit is enough")
        #expect(distance("cramps", "cramsp", limit: 1) == 1)
    }

    @Test("within one edit agrees with the distance capped at two")
    func withinOne() {
        let words = ["", "a", "ab", "ba", "abc", "acb", "bac", "abd", "abcd", "abdc", "cramp", "cramps", "cramsp", "crmaps",
                     "crap", "carmp", "swollen", "swolen", "swollem", "sowllen", "ca", "abc", "aab", "abb", "xab"]
        for a in words {
            for b in words {
                let expected = min(EditDistance.distance(Array(a.utf8), Array(b.utf8), limit: 1), 2)
                #expect(EditDistance.withinOne(Array(a.utf8), Array(b.utf8)) == expected, "\(a) / \(b)")
            }
        }
    }

    @Test("short words tolerate no edit, long ones two", arguments: [(3, 0), (4, 1), (7, 1), (8, 2), (15, 2)])
    func tolerance(length: Int, edits: Int) {
        #expect(EditDistance.tolerance(forLength: length) == edits)
    }
}

/// The spelling corrector: only into the knowledge base's words, never around red flags.
@Suite("Spelling corrector")
struct SpellingCorrectorTests {
    static let analyzer = TextAnalyzer(knowledge: TinyKnowledge.cramps)

    private func corrections(_ text: String) -> [String: String] {
        Dictionary(Self.analyzer.analyze(text).corrections.map { ($0.from, $0.to) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("a dropped letter is restored")
    func droppedLetter() {
        #expect(corrections("musle cramp")["musle"] == "muscle")
        #expect(Self.analyzer.analyze("musle cramp").tokens == ["muscle", "cramp"])
    }

    @Test("swapped letters are put back, and the result is a cramp term")
    func transposedLetters() {
        let analysis = Self.analyzer.analyze("cramsp at night")
        // "cramp" (one deletion) and "cramps" (one swap) are equally close; either is a cramp term.
        #expect(analysis.corrections.count == 1)
        #expect(["cramp", "cramps"].contains(analysis.corrections.first?.to ?? ""), "\(analysis.corrections)")
        #expect(analysis.concepts == ["cramp"])
    }

    @Test("long words tolerate two edits")
    func twoEdits() {
        #expect(corrections("dehydratoin")["dehydratoin"] == "dehydration")
    }

    @Test("short words are not corrected", arguments: ["clf", "pd", "eas"])
    func shortWords(word: String) {
        let analysis = Self.analyzer.analyze(word)
        #expect(analysis.corrections.isEmpty)
        #expect(analysis.unknownWords == [word])
    }

    @Test("four-letter words take only a swap, never a new letter")
    func fourLetters() {
        let corrector = Self.analyzer.corrector
        #expect(corrector.correction(for: "aeso") == nil)
        #expect(corrector.correction(for: "ecsa") == nil, "two swaps are two edits")
        #expect(corrector.correction(for: "esae") == "ease")
        #expect(corrector.correction(for: "easy") == nil, "a new letter in a four-letter word is another word")
    }

    @Test("a doubled letter typed once too often is dropped, even into a short word")
    func doubledLetter() {
        let corrector = Self.analyzer.corrector
        #expect(corrector.correction(for: "legg") == "leg")
        #expect(corrector.correction(for: "crampps") == "cramps")
        #expect(Self.analyzer.analyze("legg crammps").tokens == ["leg", "cramps"])
        // A real English word is never taken for a slip ("butt" is not "but").
        #expect(corrector.correction(for: "butt") == nil)
        // Nor is a red-flag word made or unmade by it.
        #expect(corrector.correction(for: "swellling") == nil)
    }

    @Test("known words, numbers and words far from the vocabulary stay as typed")
    func noCorrection() {
        let corrector = Self.analyzer.corrector
        #expect(corrector.correction(for: "muscle") == nil)
        #expect(corrector.correction(for: "cramp2") == nil)
        #expect(corrector.correction(for: "hamlet") == nil)
    }

    @Test("a correction is never made into a red-flag word")
    func neverIntoProtected() {
        #expect(Self.analyzer.corrector.protected.contains("swelling"))
        #expect(Self.analyzer.corrector.correction(for: "swelling") == nil)
        // "swellin" is one edit from the protected "swelling": it must stay as typed.
        #expect(Self.analyzer.corrector.correction(for: "swellin") == nil)
        let analysis = Self.analyzer.analyze("swellin calf")
        #expect(analysis.corrections.isEmpty)
        #expect(analysis.tokens.first == "swellin")
    }

    @Test("a red-flag word is never corrected into a vocabulary word")
    func neverAwayFromProtected() {
        // "swolen" is protected; "stolen" is one edit from it and more frequent, but "swolen" must never change.
        let base = TinyKnowledge.base(
            topics: [TinyKnowledge.topic("mood", subject: "cramps", facet: "causes",
                                         questions: ["stolen", "stolen mood", "stolen again", "stolen stolen"],
                                         answer: "Stolen stolen stolen.")],
            findings: [RedFlagFinding(id: "swollen", phrases: ["swolen"])])
        let analyzer = TextAnalyzer(knowledge: base)
        #expect(analyzer.corrector.protected.contains("swolen"))
        #expect(analyzer.analyze("swolen leg").corrections.isEmpty, "the protected word stays, though 'stolen' is close")
        #expect(analyzer.analyze("swolen leg").tokens.first == "swolen")
    }
}

/// Synonym phrases, subject and facet cues.
@Suite("Phrases and cues")
struct PhraseAndCueTests {
    static let analyzer = TextAnalyzer(knowledge: TinyKnowledge.cramps)

    @Test("the longest phrase wins whatever the order it was added in")
    func longestFirst() {
        var table = PhraseTable<String>()
        table.add(["water"], "water")
        table.add(["water", "pill"], "diuretic")
        table.add(["water", "pill", "box"], "container")
        #expect(table.longestMatch(in: ["water", "pill", "help"], at: 0)?.tag == "diuretic")
        #expect(table.longestMatch(in: ["water", "pill", "box"], at: 0)?.tag == "container")
        #expect(table.longestMatch(in: ["water", "help"], at: 0)?.tag == "water")
        #expect(table.longestMatch(in: ["drink", "water"], at: 0) == nil)
        let matches = table.allMatches(in: ["drink", "water", "pill", "and", "water"])
        #expect(matches.map(\.tag) == ["diuretic", "water"])
        #expect(matches.map(\.range) == [1..<3, 4..<5])
    }

    @Test("multi-word synonyms map to their concept", arguments: [
        ("do water pills cause a charley horse", ["diuretic", "cramp"]),
        ("I get pins and needles", ["tingling"]),
        ("a Charley Horse in my calf", ["cramp"]),
        ("drink more water", ["water"]),
    ])
    func synonyms(question: String, concepts: [String]) {
        #expect(Self.analyzer.analyze(question).concepts == concepts)
    }

    @Test("a concept phrase is one term, stop words drop out")
    func terms() {
        #expect(Self.analyzer.analyze("do water pills cause a charley horse").terms == ["#diuretic", "caus", "#cramp"])
        #expect(Self.analyzer.analyze("i have pins and needles").terms == ["#tingling"])
    }

    @Test("subjects and facets are read from their cues")
    func cues() {
        let analysis = Self.analyzer.analyze("why does PAD cause leg cramps")
        #expect(Set(analysis.subjects.map(\.id)) == ["pad", "legs", "cramps"])
        #expect(analysis.facets.map(\.id) == ["causes"])
        #expect(analysis.facets.first?.weight == 1, "'cause' is a content word; 'why' alone weighs less")
        #expect(Self.analyzer.analyze("why").facets.first?.weight == 0.5)
        #expect(Self.analyzer.analyze("how is it treated").facets.map(\.id) == ["treatment"])
        #expect(Self.analyzer.analyze("how is it treated").subjects.isEmpty)
    }

    @Test("a facet cue in a clause that states something weighs less than one in the clause that asks")
    func statementClauseCues() {
        let question = "my wife gets the odd cramp. it scares her. is that something to be concerned about"
        let mask = TextAnalyzer.statementClauseMask(TextNormalizer.tokens(question))
        let tokens = TextNormalizer.tokens(question)
        #expect(zip(tokens, mask).filter(\.1).map(\.0).contains("scares"))
        #expect(!zip(tokens, mask).filter(\.1).map(\.0).contains("concerned"))
        // No clause asks, or every clause does: nothing is discounted.
        #expect(!TextAnalyzer.statementClauseMask(TextNormalizer.tokens("my calf cramps. every night")).contains(true))
        #expect(!TextAnalyzer.statementClauseMask(TextNormalizer.tokens("why. how")).contains(true))
    }

    @Test("a subject with fewer topics comes first")
    func specificSubjectFirst() {
        // "cramps" has two topics, "pad" one, "legs" none: the narrowest comes first.
        let ids = Self.analyzer.analyze("cramps with pad in my leg").subjects.map(\.id)
        #expect(ids == ["legs", "pad", "cramps"])
    }

    @Test("the longest subject cue is taken")
    func longestSubjectCue() {
        let analysis = Self.analyzer.analyze("what is peripheral artery disease")
        #expect(analysis.subjects.map(\.id) == ["pad"])
    }
}

/// Scoring and deciding: order, determinism, thresholds and clarification.
@Suite("Matcher")
struct MatcherTests {
    static let matcher = Matcher(knowledge: TinyKnowledge.cramps)

    @Test("the topic whose words a question uses ranks first")
    func scoringOrder() {
        let result = Self.matcher.match("what causes a cramp?")
        #expect(result.decision == .answer("cramp-causes"))
        #expect(result.candidates.first?.topic == "cramp-causes")
        #expect(result.candidates.first?.facetMatched == true)
        let scores = result.candidates.map(\.score)
        #expect(scores == scores.sorted(by: >), "candidates are ordered by score")
        #expect(Self.matcher.match("how do i relieve a cramp").decision == .answer("cramp-relief"))
        #expect(Self.matcher.match("can pad be cured").decision == .answer("pad-treatment"))
    }

    @Test("the same question gives the same candidates every time")
    func deterministic() {
        for question in ["cramp", "what causes a cramp", "pad surgery", "spasm relief please"] {
            let first = Self.matcher.match(question).candidates
            let second = Self.matcher.match(question).candidates
            let rebuilt = Matcher(knowledge: TinyKnowledge.cramps).match(question).candidates
            #expect(first == second, "\(question)")
            #expect(first == rebuilt, "\(question)")
        }
    }

    @Test("equal scores are ordered by topic id")
    func tieBreak() {
        let twin = { (id: String) in
            TinyKnowledge.topic(id, subject: "cramps", facet: "causes", questions: ["cramp a", "cramp b", "cramp c", "cramp d"],
                                answer: "Cramp.")
        }
        let base = TinyKnowledge.base(topics: [twin("zeta"), twin("alpha"), twin("mid")],
                                      concepts: [Concept(id: "cramp", terms: ["cramp"])])
        let candidates = Matcher(knowledge: base).match("cramp").candidates
        #expect(candidates.map(\.topic) == ["alpha", "mid", "zeta"])
    }

    @Test("an out-of-domain question falls back", arguments: ["who wrote hamlet", "what's the weather like tomorrow", "how do i boil an egg"])
    func outOfDomain(question: String) throws {
        #expect(Self.matcher.match(question).decision == .fallback)
        let embedded = try KnowledgeLoader().load(EmbeddedKnowledge.files).get()
        let result = Matcher(knowledge: embedded).match(question)
        #expect(result.decision == .fallback, "embedded KB answered \(result.candidates.first?.topic ?? "-")")
        #expect(!result.hasDomainAnchor)
    }

    @Test("a vague question with two equally good topics asks which one")
    func clarify() {
        let result = Self.matcher.match("cramps")
        guard case .clarify(let topics) = result.decision else {
            Issue.record("expected clarify, got \(result.decision) from \(result.candidates)")
            return
        }
        #expect(Set(topics) == ["cramp-causes", "cramp-relief"])
    }

    @Test("a question that names a facet is not vague")
    func notVague() {
        #expect(Self.matcher.match("cramp causes").decision == .answer("cramp-causes"))
    }

    @Test("a follow-up without a subject takes it from the context")
    func context() {
        let alone = Self.matcher.match("how is it treated?")
        #expect(alone.decision == .fallback, "a facet word alone is not about the domain")
        let followUp = Self.matcher.match("how is it treated?", context: MatchContext(subject: "pad", facet: "definition"))
        #expect(followUp.decision == .answer("pad-treatment"))
        #expect(followUp.usedContext)
        #expect(followUp.subject == "pad")
    }

    @Test("confidence stays between the threshold and 1 for answers")
    func confidence() {
        let result = Self.matcher.match("what causes a cramp")
        #expect(result.confidence >= Matcher.answerThreshold)
        #expect(result.confidence <= 1)
    }
}
