import EmbeddedKnowledge
import Testing

@testable import SpasmCore

/// The assistant over the embedded knowledge base, built once for the red-flag tests.
enum RedFlagFixture {
    static let assistant: Assistant = {
        switch KnowledgeLoader().load(EmbeddedKnowledge.files) {
        case .success(let base): return Assistant(knowledge: base)
        case .failure(let errors): fatalError("the embedded knowledge base does not load:\n\(errors)")
        }
    }()

    /// The findings one message reports and mentions.
    static func scan(_ text: String) -> SymptomScan {
        assistant.detector.scan(assistant.matcher.analyzer.analyze(text))
    }

    /// The reasons a finding was mentioned without being reported.
    static func reasons(for finding: String, in scan: SymptomScan) -> Set<SuppressionReason> {
        Set(scan.suppressed.filter { $0.finding == finding }.map(\.reason))
    }

    /// The escalation of each turn of a conversation.
    static func levels(_ turns: [String]) -> [EscalationLevel] {
        var state = SessionState()
        return turns.map { assistant.respond(to: $0, in: &state).escalation }
    }
}

/// Negation, hypotheticals, other people, the past, typos and accumulation in the red-flag detector.
@Suite("Red-flag detector")
struct RedFlagDetectorTests {
    typealias Fixture = RedFlagFixture

    // MARK: Negation scope

    @Test("a negation covers the findings after it")
    func negationCoversFollowingFindings() {
        let scan = Fixture.scan("no swelling and no redness, just a tight calf")
        #expect(!scan.present.contains("swelling"))
        #expect(!scan.present.contains("redness"))
        #expect(Fixture.reasons(for: "swelling", in: scan) == [.negated])
        #expect(scan.present.contains("calf-or-leg"))
    }

    @Test("a negation carries through a comma list", arguments: [
        "it isn't swollen, red or warm",
        "my calf is not swollen, red, or hot",
    ])
    func negationCarriesThroughList(text: String) {
        let scan = Fixture.scan(text)
        #expect(scan.present.isDisjoint(with: ["swelling", "redness", "warmth"]), "\(scan.present)")
    }

    @Test("a terminator ends the negation", arguments: [
        "no fever but my calf is swollen and red",
        "no fever, however my calf is swollen and red",
        "no fever and now my calf is swollen and red",
    ])
    func terminatorEndsNegation(text: String) {
        let scan = Fixture.scan(text)
        #expect(scan.present.isSuperset(of: ["swelling", "redness"]), "\(scan.present)")
        #expect(Fixture.reasons(for: "fever", in: scan) == [.negated])
    }

    @Test("a new clause about me ends a negation that already negated something")
    func firstPersonEndsNegation() {
        let scan = Fixture.scan("no chest pain and i'm short of breath")
        #expect(scan.present.contains("breathless"))
        #expect(!scan.present.contains("chest-pain"))
    }

    @Test("a post-trigger negates the finding before it")
    func postTriggerNegatesBefore() {
        let scan = Fixture.scan("the numbness went away")
        #expect(!scan.present.contains("numbness"))
        #expect(Fixture.reasons(for: "numbness", in: scan) == [.negated])
    }

    @Test("'gone' before a description is not a post-trigger")
    func goneBeforeDescriptionIsNotNegation() {
        let scan = Fixture.scan("my leg's gone all fat and hot")
        #expect(scan.present.isSuperset(of: ["calf-or-leg", "swelling", "warmth"]), "\(scan.present)")
    }

    @Test("a pseudo-negation does not negate", arguments: [
        "not sure if my calf is swollen",
        "my calf is not only swollen but red",
    ])
    func pseudoNegationDoesNotNegate(text: String) {
        #expect(Fixture.scan(text).present.contains("swelling"))
    }

    // MARK: Phrases that contain a negation word

    @Test("a red-flag phrase with its own 'not' is reported", arguments: [
        ("i can't breathe", "breathless"),
        ("back spasm and i cant pee", "bladder-bowel"),
        ("i can't open my mouth", "jaw-stiff"),
        ("i'm not sweating at all", "no-sweating"),
        ("i can't feel my legs", "cant-feel-legs"),
        ("my friend says i'm not making sense", "confusion"),
    ])
    func phraseWithNegationIsReported(text: String, finding: String) {
        let scan = Fixture.scan(text)
        #expect(scan.present.contains(finding), "\(scan)")
    }

    // MARK: Hypothetical, someone else, the past

    @Test("a hypothetical question is suppressed as hypothetical", arguments: [
        "what does a blood clot in the leg feel like?",
        "what if my calf went red and swollen?",
        "could i have a clot if my calf ever went red and hot?",
        "what are the signs of a clot in the lungs",
        "can a cramp make you faint?",
        "should i worry if my pee turns dark after exercise?",
    ])
    func hypotheticalIsSuppressed(text: String) {
        let scan = Fixture.scan(text)
        #expect(scan.isHypothetical, "\(scan)")
        #expect(Fixture.assistant.detector.rulesHolding(for: scan.present).isEmpty, "\(scan.present)")
    }

    @Test("a question about my own symptom is not hypothetical")
    func ownSymptomQuestionIsNotHypothetical() {
        let scan = Fixture.scan("why is my calf swollen and red?")
        #expect(scan.present.isSuperset(of: ["swelling", "redness"]))
        #expect(!scan.isHypothetical)
    }

    @Test("someone else's symptoms are suppressed only in their clause")
    func otherPersonOnlyInOwnClause() {
        let scan = Fixture.scan("my mum had a DVT and now my calf is hot and swollen")
        #expect(Fixture.reasons(for: "dvt-named", in: scan) == [.otherPerson])
        #expect(scan.present.isSuperset(of: ["warmth", "swelling", "calf-or-leg"]), "\(scan.present)")
    }

    @Test("someone else's symptoms are suppressed", arguments: [
        "my dad's foot went cold and numb",
        "my brother's calf was swollen and red",
        "my wife had sciatica with numbness",
    ])
    func otherPersonIsSuppressed(text: String) {
        let scan = Fixture.scan(text)
        #expect(Fixture.assistant.detector.rulesHolding(for: scan.present).isEmpty, "\(scan.present)")
        #expect(scan.suppressed.contains { $0.reason == .otherPerson })
    }

    @Test("the past is suppressed only in its clause")
    func pastOnlyInOwnClause() {
        let past = Fixture.scan("i had a clot years ago")
        #expect(Fixture.reasons(for: "clot", in: past) == [.past])
        let now = Fixture.scan("i had a clot years ago and now the same calf is swollen and red again")
        #expect(now.present.isSuperset(of: ["swelling", "redness", "calf-or-leg"]), "\(now.present)")
        let later = Fixture.scan("i had a seizure as a child but none since")
        #expect(!later.present.contains("seizure"))
    }

    @Test("a carer telling an emergency in the past tense, undated, escalates", arguments: [
        "she had cramps all over and then she started fitting",
        "my grandpa's calves were cramping and then he collapsed",
        "my son had a seizure after bad cramps",
    ])
    func carersPastTenseEmergency(text: String) {
        #expect(Fixture.levels([text]) == [.emergency])
    }

    @Test("someone else's emergency dated in the past does not escalate", arguments: [
        "my mum had a seizure years ago, she is fine now",
        "my friend fainted at the gym last month",
        "my dad collapsed once when he was a kid",
    ])
    func datedOtherPersonEmergency(text: String) {
        #expect(Fixture.levels([text]) == [EscalationLevel.none])
    }

    @Test("someone else's current signs get their level, below urgent too", arguments: [
        ("my mum's hand cramps and she says it has gone numb and weak", EscalationLevel.seeDoctor),
        ("grandma can only walk a few blocks before her calf cramps, then she rests and it eases", .seeDoctor),
        ("my son has stomach cramps in his legs, a fever and he keeps throwing up", .urgent),
    ])
    func otherPersonCurrentSigns(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level])
    }

    @Test("a finding that went away takes its cause phrase with it")
    func goneAwayWithCause() {
        let sprain = Fixture.scan("the swelling in my foot from the sprain went away")
        #expect(Fixture.reasons(for: "swelling", in: sprain) == [.negated], "\(sprain.present)")
        let flight = Fixture.scan("my calf swelling after the flight has gone down but it still cramps")
        #expect(!flight.present.contains("swelling"))
        #expect(flight.present.contains("cramp"))
        let still = Fixture.scan("my calf swelling after the long flight is still there and it is red")
        #expect(still.present.isSuperset(of: ["swelling", "redness"]), "\(still.present)")
    }

    @Test("dark urine is an emergency with scant urine or after a crush, urgent alone", arguments: [
        ("i was trapped under a car for an hour and now my pee is dark and my legs are weak", EscalationLevel.emergency),
        ("barely peeing and what comes out is brown, my muscles ache after the marathon", .emergency),
        ("my pee is dark after a hard run and my legs ache", .urgent),
    ])
    func darkUrineLevels(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level])
    }

    @Test("pain down the leg from the lower back is sciatica")
    func painFromLowerBack() {
        #expect(Fixture.levels(["sharp shooting pain down my leg from my lower back"]) == [.seeDoctor])
        #expect(Fixture.levels(["my lower back is stiff"]) == [EscalationLevel.none])
    }

    @Test("coughing up blood with a sore calf or leg is an emergency; alone it is urgent")
    func coughingBloodWithLeg() {
        #expect(Fixture.levels(["my leg has been aching for days and now i am coughing up blood"]) == [.emergency])
        #expect(Fixture.levels(["i coughed up some blood this morning"]) == [.urgent])
    }

    @Test("dark urine with weak muscles is an emergency")
    func darkUrineWithWeakness() {
        #expect(Fixture.levels(["after the long hike my legs feel so weak and my wee is brown"]) == [.emergency])
        #expect(Fixture.levels(["my legs feel weak after the hike"]).allSatisfy { $0 < .urgent })
    }

    @Test("someone else's lasting see-doctor sign told as a habit is reported, unless dated")
    func otherPersonLastingSign() {
        #expect(Fixture.levels(["my nan has to stop every 100 metres as her calves cramp, then after a rest she is fine"]) == [.seeDoctor])
        #expect(Fixture.levels(["my nan had to stop every 100 metres as her calves cramped, that was years ago"]) == [EscalationLevel.none])
    }

    @Test("skin flushed from a bath or all over is not a red leg", arguments: [
        "i went pink all over in the sauna and then my calf cramped",
        "my legs were red after a long hot shower and my calf cramped",
    ])
    func flushedSkinIsNotRedness(text: String) {
        #expect(Fixture.levels([text]) == [EscalationLevel.none], "\(Fixture.scan(text).present)")
    }

    // MARK: Typos

    @Test("one slip in a long word is tolerated", arguments: [
        ("my calf is swolen", "swelling"),
        ("back spasms and a feverr", "fever"),
        ("i passd out", "fainting"),
        ("dark pee and im confussed", "confusion"),
        ("cramps and vomitting", "vomiting"),
    ])
    func typoIsTolerated(text: String, finding: String) {
        #expect(Fixture.scan(text).present.contains(finding))
    }

    @Test("ordinary words near a red-flag word are not read as it")
    func ordinaryWordsAreNotTypos() {
        let scan = Fixture.scan("i never get fewer cramps")
        #expect(!scan.present.contains("fever"), "\(scan.present)")
    }

    // MARK: Accumulation over turns

    @Test("symptoms spread over turns escalate on the turn that completes the rule")
    func accumulationEscalatesOnCompletingTurn() {
        let levels = Fixture.levels(["my calf cramps at night", "now it's swollen", "and red too"])
        #expect(levels[0] == .none)
        #expect(levels[1] == .urgent)
    }

    @Test("a later turn upgrades to an emergency")
    func laterTurnUpgrades() {
        let levels = Fixture.levels(["one calf has been red and swollen since the weekend",
                                     "now my chest hurts when i breathe in"])
        #expect(levels == [.urgent, .emergency])
    }

    @Test("repeating an old finding does not raise again, but the reminder stays")
    func repeatingDoesNotRaiseAgain() {
        var state = SessionState()
        let assistant = Fixture.assistant
        let first = assistant.respond(to: "cramps and my heart keeps skipping beats", in: &state)
        let second = assistant.respond(to: "how do i stretch a calf cramp?", in: &state)
        #expect(first.escalation == .urgent)
        #expect(second.escalation == .none)
        #expect(second.activeEscalation == .urgent)
        #expect(!second.footnote.isEmpty)
    }

    @Test("a negated symptom does not count later either")
    func negatedSymptomDoesNotAccumulate() {
        let levels = Fixture.levels(["my calf cramped, no swelling", "and it isn't red"])
        #expect(levels == [.none, .none])
    }

    @Test("a hypothetical question gets a safety note and no escalation")
    func hypotheticalGetsSafetyNote() {
        var state = SessionState()
        let reply = Fixture.assistant.respond(to: "what does a blood clot in the leg feel like?", in: &state)
        #expect(reply.escalation == .none)
        #expect(!reply.footnote.isEmpty)
    }

    @Test("the warning comes first in the reply text")
    func warningComesFirst() {
        var state = SessionState()
        let reply = Fixture.assistant.respond(to: "my calf is swollen and i have chest pain", in: &state)
        #expect(reply.escalation == .emergency)
        #expect(reply.text.hasPrefix(reply.warning))
        #expect(reply.warning.contains(Fixture.assistant.knowledge.responses.emergencyNumber))
    }
}

@Suite("Rules holding")
struct RulesHoldingTests {
    @Test("the rules found through the index are those whose every group has a finding, highest level first")
    func sameAsEveryRuleChecked() throws {
        let detector = RedFlagFixture.assistant.detector
        let rules = RedFlagFixture.assistant.knowledge.redFlags.rules
        let findings = RedFlagFixture.assistant.knowledge.redFlags.findings.map(\.id)
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 5, 8, 13] {
            for _ in 0..<40 {
                let chosen = Set((0..<size).compactMap { _ in findings.randomElement(using: &generator) })
                let past = Set((0..<size / 2).compactMap { _ in findings.randomElement(using: &generator) })
                let expected = rules.filter { $0.holds(for: chosen, history: past) }
                    .sorted { ($1.level, $0.id) < ($0.level, $1.id) }.map(\.id)
                #expect(detector.rulesHolding(for: chosen, history: past).map(\.id) == expected, "\(chosen.sorted()) \(past.sorted())")
            }
        }
        let clot = try #require(rules.first { $0.when.count >= 2 })
        let complete = Set(clot.when.compactMap(\.first))
        #expect(detector.rulesHolding(for: complete).contains { $0.id == clot.id })
        #expect(!detector.rulesHolding(for: complete.subtracting([clot.when[0][0]])).contains { $0.id == clot.id }
                || clot.when[0].count > 1)
    }

    @Test("the gravest rule, and the gravest a turn raises, are the first of the rules holding that pass the turn's test")
    func gravestIsFirstHolding() {
        let detector = RedFlagFixture.assistant.detector
        let findings = RedFlagFixture.assistant.knowledge.redFlags.findings.map(\.id)
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 5, 8, 13, 21] {
            for _ in 0..<40 {
                let conversation = Set((0..<size).compactMap { _ in findings.randomElement(using: &generator) })
                let past = Set((0..<size / 2).compactMap { _ in findings.randomElement(using: &generator) })
                let turn = Set(conversation.filter { _ in Bool.random(using: &generator) })
                let added = Set(turn.filter { _ in Bool.random(using: &generator) })
                let holding = detector.rulesHolding(for: conversation, history: past)
                #expect(detector.gravestRule(for: conversation, history: past)?.id == holding.first?.id)
                let raised = holding.first { rule in
                    rule.holds(for: turn) || rule.when.contains { group in group.contains(where: added.contains) }
                }
                #expect(detector.gravestRaisedRule(conversation: conversation, history: past, turn: turn, added: added)?.id
                        == raised?.id, "\(conversation.sorted()) \(turn.sorted()) \(added.sorted())")
            }
        }
    }

    @Test("a rule without findings holds for every set, an empty one included")
    func unconditional() {
        var catalog = RedFlagFixture.assistant.knowledge.redFlags
        catalog.rules.append(RedFlagRule(id: "always", level: .seeDoctor, when: [], message: "m", sources: []))
        let detector = RedFlagDetector(catalog: catalog, analyzer: RedFlagFixture.assistant.matcher.analyzer)
        #expect(detector.rulesHolding(for: []).map(\.id) == ["always"])
        #expect(detector.rulesHolding(for: ["calf-or-leg"]).contains { $0.id == "always" })
    }
}
