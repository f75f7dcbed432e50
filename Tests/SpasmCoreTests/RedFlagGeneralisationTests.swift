import Foundation
import Testing

@testable import SpasmCore

/// The general mechanisms that let red-flag detection carry over to new wording: phrase families,
/// general questions, long durations, more negation forms, comparisons and harmless look-alikes.
@Suite("Red-flag generalisation")
struct RedFlagGeneralisationTests {
    typealias Fixture = RedFlagFixture

    // MARK: Phrase families

    @Test("braced alternatives stand for every combination, an empty one leaving words out")
    func bracedAlternativesExpand() {
        #expect(FindingPatterns.alternatives(of: "{can not|unable to} {pee|wee}")
            == ["can not pee", "can not wee", "unable to pee", "unable to wee"])
        #expect(FindingPatterns.alternatives(of: "{really |}hot") == ["really hot", "hot"])
        #expect(FindingPatterns.alternatives(of: "chest ... {crush|squeez}") == ["chest ... crush", "chest ... squeez"])
        #expect(FindingPatterns.alternatives(of: "plain phrase") == ["plain phrase"])
    }

    @Test("a family phrase in the knowledge base matches each of its wordings", arguments: [
        "I haven't been able to pass urine since last night",
        "i'm unable to wee",
        "struggling to pee this morning",
    ])
    func familyPhraseMatches(text: String) {
        #expect(Fixture.scan(text).present.contains("bladder-bowel"), "\(Fixture.scan(text).present)")
    }

    // MARK: General questions

    @Test("a yes/no question that says nothing about the writer is general", arguments: [
        "is chest pain ever linked to cramps",
        "do heat cramps turn into heatstroke",
        "is it true statins can cause muscle pain",
        "can dehydration make your pee dark",
    ])
    func generalQuestionIsHypothetical(text: String) {
        let scan = Fixture.scan(text)
        #expect(scan.present.isDisjoint(with: ["chest-pain", "heatstroke-named", "muscle-pain", "dark-urine"]), "\(scan.present)")
        #expect(scan.isHypothetical)
    }

    @Test("a question about the writer, or a statement with its subject left out, still reports", arguments: [
        ("is my calf swollen because of a clot", "swelling"),
        ("can barely breathe and my calf is swollen", "breathless"),
        ("cant stop being sick and burning up", "vomiting"),
        ("is this chest pain from the cramps", "chest-pain"),
    ])
    func questionAboutWriterReports(text: String, finding: String) {
        #expect(Fixture.scan(text).present.contains(finding), "\(Fixture.scan(text).present)")
    }

    // MARK: Negation and time

    @Test("'nothing' negates what follows", arguments: ["nothing feels numb", "no, nothing numb at all"])
    func nothingNegates(text: String) {
        let scan = Fixture.scan(text)
        #expect(!scan.present.contains("numbness"))
        #expect(Fixture.reasons(for: "numbness", in: scan) == [.negated])
    }

    @Test("'nothing' that fails to help, 'as if' and 'if anything' negate or suppress nothing", arguments: [
        ("nothing I do stops the chest pain", "chest-pain"),
        ("nothing eases the pain in my chest", "chest-pain"),
        ("it feels as if my chest is being squeezed", "chest-pain"),
        ("if anything my breathing is getting worse", "breathless"),
    ])
    func pseudoNegationsKeepTheFinding(text: String, finding: String) {
        #expect(Fixture.scan(text).present.contains(finding), "\(Fixture.scan(text).present)")
    }

    @Test("a clause still going on is not dated by a pointer back")
    func ongoingClauseIsNotDated() {
        let scan = Fixture.scan("calf swollen, it's been like that since last year")
        #expect(scan.present.contains("swelling"), "\(scan.present)")
    }

    @Test("'the' in a question points at something the writer has")
    func definiteArticleReports() {
        #expect(Fixture.levels(["will the swelling and redness in the calf go down"]) == [.urgent])
        #expect(Fixture.levels(["is a swollen red calf always a clot"]) == [.none])
    }

    @Test("'worse than before' compares; it does not put the sentence in the past")
    func comparisonIsNotThePast() {
        let scan = Fixture.scan("the cast feels too tight and my foot has gone numb, way worse than before")
        #expect(scan.present.isSuperset(of: ["cast-tight", "numbness"]), "\(scan.present)")
        let past = Fixture.scan("I had numbness in my foot before")
        #expect(Fixture.reasons(for: "numbness", in: past) == [.past])
    }

    @Test("someone after a verb is an object, not the one with the symptoms")
    func objectIsNotTheExperiencer() {
        let scan = Fixture.scan("my calves cramp every time I walk the dog and it stops when I rest")
        #expect(scan.present.isSuperset(of: ["pain-on-walking", "eases-with-rest"]), "\(scan.present)")
        // The same person as the subject still moves the symptoms to them.
        let other = Fixture.scan("the dog has a swollen leg")
        #expect(!other.present.contains("swelling"))
    }

    @Test("asking whether a sign is worrying is general unless the sign is the writer's own")
    func worryQuestions() {
        #expect(Fixture.levels(["should i worry about dark urine after a marathon"]) == [.none])
        #expect((Fixture.levels(["should i worry about my dark urine after a marathon"]).first ?? .none) >= .urgent)
    }

    @Test("a clause that only dates what 'that' points back to dates the clause before")
    func pointingBackDatesThePreviousClause() {
        let scan = Fixture.scan("my calf was swollen after the sprain but that was last year and healed")
        #expect(!scan.present.contains("swelling"))
        #expect(Fixture.reasons(for: "swelling", in: scan) == [.past])
        // A dating clause with its own finding dates only itself; "now" starts a current clause.
        let current = Fixture.scan("my calf is swollen and red, I had a clot years ago")
        #expect(current.present.isSuperset(of: ["swelling", "redness"]), "\(current.present)")
        let mixed = Fixture.scan("I had a DVT, but that was years ago, and now my calf is hot and swollen")
        #expect(mixed.present.isSuperset(of: ["swelling", "warmth"]), "\(mixed.present)")
    }

    // MARK: Durations

    @Test("more than ten minutes, or any hours, reads as a long duration", arguments: [
        "it's been going for about 20 minutes now",
        "cramp for twenty five minutes",
        "a couple of hours of cramp",
        "still cramping, 45mins and counting",
    ])
    func longDurations(text: String) {
        #expect(Fixture.scan(text).present.contains("long-lasting"), "\(Fixture.scan(text).present)")
    }

    @Test("a few minutes is not long, and an activity's length is not the cramp's", arguments: [
        "my calf cramped for about 2 minutes",
        "cramp for 10 minutes then it went",
        "my hand cramped up after writing an exam for three hours",
    ])
    func shortOrActivityDurations(text: String) {
        #expect(!Fixture.scan(text).present.contains("long-lasting"), "\(Fixture.scan(text).present)")
    }

    @Test("duration positions cover the number words and the unit")
    func durationPositions() {
        #expect(RedFlagDetector.longDurationPositions(in: ["for", "20", "minut"]) == [1, 2])
        #expect(RedFlagDetector.longDurationPositions(in: ["a", "coupl", "of", "hour"]) == [1, 2, 3])
        #expect(RedFlagDetector.longDurationPositions(in: ["for", "5", "minut"]).isEmpty)
        #expect(RedFlagDetector.longDurationPositions(in: ["20min"]) == [0])
        #expect(RedFlagDetector.longDurationPositions(in: ["in", "2019"]).isEmpty)
    }

    // MARK: Look-alikes

    @Test("a red face or a fast heartbeat from exercise is not a warning sign", arguments: [
        "red-faced and sweaty after spin class, now my calves are cramping",
        "I went bright red in hot yoga and my foot cramped",
        "heart beats fast when i run and then my calf twinged",
    ])
    func exerciseLookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none])
    }

    @Test("harmless explanations of a sign are not the sign", arguments: [
        "my calf went red from the sun and then cramped in the sea",
        "out of breath after a sprint and my hamstring cramped",
        "my wee is dark yellow and my calves cramp",
        "jaw sore from grinding my teeth",
        "fingers numb from the cold and then my hand cramped",
        "heart races when i'm anxious and my feet cramp",
        "went over on my ankle at netball and it's swollen",
    ])
    func explainedLookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    // MARK: Legs

    @Test("a daily habit is not frequent cramps, and a cramp that stops a leg moving is not weakness", arguments: [
        "i have been doing yoga every day, does it help cramps?",
        "i stretch my calves every morning and still get the odd cramp",
        "when a cramp hits i cannot straighten my leg until it passes",
        "my calf went useless for a moment during the cramp",
    ])
    func habitAndCrampAreNotSigns(text: String) {
        #expect(Fixture.levels([text]) == [EscalationLevel.none], "\(Fixture.scan(text).present)")
    }

    @Test("'fit' as in fitting something in is not a fit; 'years back' is a time, not a back")
    func fitAndYearsBack() {
        #expect(Fixture.levels(["my week is so cramped, how do i fit in the gym and work"]) == [EscalationLevel.none])
        #expect(Fixture.levels(["my son is fitting and jerking on the floor"]) == [.emergency])
        #expect(!Fixture.scan("i strained a muscle a few years back").present.contains("back"))
        #expect(Fixture.scan("my back went into spasm").present.contains("back"))
    }

    @Test("cramps every day, and a leg weak along with the cramps, still are")
    func frequentAndWeakStillReport() {
        #expect(Fixture.levels(["i go running and my calves cramp every day"]) == [.seeDoctor])
        #expect(Fixture.levels(["my leg feels weak along with the cramps"]) == [.seeDoctor])
    }

    @Test("'legs' is more than one leg: numb or weak legs out of the blue are urgent")
    func pluralLegs() {
        #expect(Fixture.levels(["my legs went numb all of a sudden"]) == [.urgent])
        #expect(Fixture.levels(["my leg went numb all of a sudden"]) != [.urgent])
        #expect(Fixture.levels(["my legs feel weak after squats"]) == [.none])
        #expect(Fixture.scan("i can't feel my leg").present.contains("numbness"))
        #expect(Fixture.scan("i can't feel my legs").present.contains("cant-feel-legs"))
        #expect(Fixture.scan("my legs are puffy and warm").present.isSuperset(of: ["legs", "swelling"]))
    }

    // MARK: Someone else, now

    @Test("someone describing another person's emergency as it happens gets the warning", arguments: [
        "my dad has chest pain right now",
        "my mum just fainted in the kitchen",
        "my husband's back went into spasm and now he can't pee",
        "my dad is having a fit",
        "my son is fitting",
        "my son came off his motorbike an hour ago and his back muscles are spasming",
        "my husband's back went into spasm and now he can't control his bladder",
    ])
    func someoneElseNowEscalates(text: String) {
        #expect(Fixture.levels([text]) == [.emergency], "\(Fixture.scan(text).someoneElseNow)")
    }

    @Test("someone else's sign stays suppressed when dated, second-hand, asked about later or beside the writer's own", arguments: [
        "my dad had chest pain last year",
        "my husband just read that chest pain can come with cramps",
        "my daughter can't catch her breath when she runs, what should she do now?",
        "my mum just fainted once as a girl, i only get cramps",
        "my brother just got over a fever and vomiting",
    ])
    func someoneElseOtherwiseSuppressed(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).someoneElseNow)")
    }

    // MARK: Negation lists

    @Test("a negation runs on over 'my' inside its list, and stops at a new statement")
    func negationOverPossessive() {
        let list = Fixture.scan("i didn't twist my knee or black out, it was just a cramp")
        #expect(!list.present.contains("fainting"), "\(list.present)")
        #expect(Fixture.reasons(for: "fainting", in: list) == [.negated])
        let next = Fixture.scan("no fever and my calf is swollen")
        #expect(next.present.contains("swelling"), "\(next.present)")
    }

    // MARK: Rules

    @Test("pain at night leaves the back finding free, so back pain at night with a lump is urgent")
    func nightPainKeepsTheBack() {
        let scan = Fixture.scan("back hurts at night and i found a lump")
        #expect(scan.present.isSuperset(of: ["back", "night-pain", "lump"]), "\(scan.present)")
        #expect(Fixture.levels(["back hurts at night and i found a lump"]) == [.urgent])
        #expect(Fixture.levels(["my calf cramps are worse at night"]) == [.none])
    }

    @Test("sciatica down both legs is an emergency")
    func bilateralSciatica() {
        #expect(Fixture.levels(["sciatica down both legs now, it used to be just the one"]) == [.emergency])
        #expect(Fixture.levels(["shooting pain down both my legs from my lower back"]) == [.emergency])
    }

    @Test("heat cramps still going after cooling off are an emergency; a short cramp in the heat is not")
    func heatCrampsNotEasing() {
        #expect(Fixture.levels(["been cooling down for 40 mins and the cramps still wont stop, it was really hot out"]) == [.emergency])
        #expect(Fixture.levels(["got a cramp in the heat, sat in the shade and it went in a minute"]) == [.none])
    }

    @Test("tetanus: spasms after a puncture or a rusty cut are an emergency; after a paper cut they are not")
    func tetanusSpasms() {
        #expect(Fixture.levels(["stood on a rusty nail on saturday and now my calf keeps spasming"]) == [.emergency])
        #expect(Fixture.levels(["the dog bite on my hand is healing but my arm muscles keep cramping"]) == [.emergency])
        #expect(Fixture.levels(["got a paper cut and then my hand cramped while writing"]) == [.none])
    }

    @Test("being hit by a car or 'the accident' is serious trauma; feeling hit by a truck is not")
    func accidentWording() {
        #expect(Fixture.levels(["my lower back went into spasm after i got knocked down by a van"]) == [.emergency])
        #expect(Fixture.levels(["since the accident my shin is swollen and the pain is excruciating"]) == [.emergency])
        #expect(Fixture.levels(["my legs feel like i've been run over by a bus after the gym, and my back aches"]) == [.none])
        // A sprain explains a swollen ankle, but not a red, swollen calf.
        #expect(Fixture.levels(["my calf is red and swollen since i twisted my ankle"]) == [.urgent])
    }

    @Test("pain when resting is rest pain, not easing with rest")
    func restPain() {
        #expect(Fixture.scan("my foot hurts even while lying in bed").present.contains("rest-pain"))
        #expect(Fixture.levels(["my calves ache when i walk and now they ache when resting too"]) == [.urgent])
        #expect(Fixture.levels(["my thighs cramp after about 100 metres and i have to stand still"]) == [.seeDoctor])
    }

    @Test("the eval file of everyday wording has no missed emergency")
    func everydayWordingHasNoMissedEmergency() throws {
        let cases = try RedFlagMatrixCase.load(from: RedFlagMatrixCase.extraFile)
        #expect(cases.count >= 240, "redflags-extra has \(cases.count) cases")
        let outcomes = cases.map { RedFlagMatrixTests.play($0, with: Fixture.assistant) }
        let missed = outcomes.filter(\.missedEmergency).map(\.testCase.id)
        let under = outcomes.filter { $0.testCase.category == "redflag" && $0.underTriaged }.map(\.testCase.id)
        let over = outcomes.filter { $0.testCase.category == "nonflag" && $0.overTriaged }.map(\.testCase.id)
        #expect(missed.isEmpty, "missed emergencies: \(missed)")
        #expect(under.count <= 6, "under-triaged: \(under)")
        #expect(over.count <= 6, "over-triaged: \(over)")
    }

    @Test("each blind fresh file and the variants have no missed emergency and at most 5% wrong each way",
          arguments: [RedFlagMatrixCase.freshFile] + RedFlagMatrixCase.laterFiles)
    func freshFileMeetsTheBar(file: URL) throws {
        let cases = try RedFlagMatrixCase.load(from: file)
        #expect(cases.count >= 60, "\(file.lastPathComponent) has \(cases.count) cases")
        let outcomes = cases.map { RedFlagMatrixTests.play($0, with: Fixture.assistant) }
        let positives = outcomes.filter { $0.testCase.category == "redflag" }
        let negatives = outcomes.filter { $0.testCase.category == "nonflag" }
        let missed = positives.filter(\.missedEmergency).map(\.testCase.id)
        let under = positives.filter(\.underTriaged).map(\.testCase.id)
        let over = negatives.filter(\.overTriaged).map(\.testCase.id)
        #expect(missed.isEmpty, "missed emergencies: \(missed)")
        #expect(Double(under.count) <= 0.05 * Double(positives.count), "under-triaged: \(under)")
        #expect(Double(over.count) <= 0.05 * Double(negatives.count), "over-triaged: \(over)")
    }

    // MARK: Issue 5, round 5: families found by brainstorming and by redflags-fresh5

    @Test("someone else's sign told in the present tense, with nothing past or habitual, is happening now")
    func presentTenseIsNow() {
        #expect(Fixture.levels(["my husband's calf is swollen and red and hot, should he get it looked at?"]) == [.urgent])
        #expect(Fixture.levels(["grandpa's foot is pale and cold and his leg is aching even lying down"]) == [.urgent])
        #expect(Fixture.levels(["my mum has had a clot in her leg"]) == [.none])
        #expect(Fixture.levels(["my daughter can't catch her breath when she runs"]) == [.none])
    }

    @Test("a pointing-back subject negates the clause before: 'puffy, but it went down overnight'", arguments: [
        "after a long flight my ankles were a bit puffy, both of them, but it went down by the next morning",
        "my calves were swollen after the flight but it went down overnight",
        "my calf was red and warm. it went away after an hour",
    ])
    func pointingBackNegatesClauseBefore(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("the clause before stays reported when 'it went down' has its own finding or no pointing word")
    func pointingBackNeedsPronoun() {
        #expect(Fixture.levels(["my calf is swollen and red but the cramp went away"]) == [.urgent])
        #expect(Fixture.scan("my leg has gone all fat and red").present.contains("swelling"))
    }

    @Test("a 'what is' question that says nothing about the writer is general", arguments: [
        "what is a dvt", "what is heatstroke", "what is a seizure", "how is a DVT different from a normal cramp",
    ])
    func whatIsQuestionIsGeneral(text: String) {
        #expect(Fixture.levels([text]) == [.none])
        #expect(Fixture.scan(text).isHypothetical)
    }

    @Test("a 'what is' question about the writer's own sign still reports it")
    func whatIsAboutWriterReports() {
        #expect(Fixture.levels(["what is this swelling in my calf, it's red and hot"]) == [.urgent])
    }

    @Test("a joined report about the writer ends a negation that negated no finding")
    func joinedReportEndsNegation() {
        #expect(Fixture.levels(["i've lost a stone without trying and my back aches"]) == [.urgent])
        #expect(Fixture.levels(["never had this before and my calf is swollen and red"]) == [.urgent])
        #expect(Fixture.levels(["no fever and no swelling"]) == [.none])
    }

    @Test("a closing 'it' is part of its phrase: 'out of it' is not 'out of breath'")
    func closingItIsKept() {
        #expect(!Fixture.scan("i'm out of breath after running and my calves cramp").present.contains("confusion"))
        #expect(Fixture.scan("i feel really out of it").present.contains("confusion"))
    }

    @Test("new phrase families report their sign", arguments: [
        ("think i have a dvt", EscalationLevel.urgent),
        ("i'm worried it's a pulmonary embolism", .emergency),
        ("my leg is puffy and hot and I keep getting out of breath", .emergency),
        ("swollen leg and coughing up blood", .emergency),
        ("there's a weight on my chest", .emergency),
        ("breathing feels really hard right now", .emergency),
        ("back pain and my legs are going numb", .emergency),
        ("got bitten by a dog and now I'm having muscle spasms", .emergency),
        ("fractured ankle, cast on, my toes are numb and tingling", .emergency),
        ("my leg went pale and cold and really hurts", .urgent),
    ])
    func newFamiliesReport(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("new look-alikes stay unescalated", arguments: [
        "my arm went numb from sleeping on it",
        "i feel faint when i see blood, anyway what helps cramps?",
        "i'm out of breath after running and my calves cramp",
        "my new boots are fitting better now",
        "cramp in my calf during PE",
    ])
    func newLookAlikesStayQuiet(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("a closing '>word' must follow the phrase but stays free for other phrases")
    func followerIsNotTaken() {
        #expect(FindingPatterns.splittingFollower(of: "hurt >my") == ("hurt", "my"))
        #expect(FindingPatterns.splittingFollower(of: "hurt my") == ("hurt my", nil))
        let scan = Fixture.scan("hurt my shin playing football and now it's swollen tight and tingling")
        #expect(scan.present.isSuperset(of: ["injury", "calf-or-leg", "tense-swelling"]), "\(scan.present)")
        #expect(!Fixture.scan("my tooth hurts when I drink something cold").present.contains("injury"))
        #expect(Fixture.levels(["hurt my leg and now the pain is way worse than it should be"]) == [.emergency])
    }

    @Test("someone else already in care is not an emergency told as it happens", arguments: [
        "my dad has a dvt and is on blood thinners, can he still exercise?",
        "my wife is pregnant and her ankles are swollen, the midwife says it's normal",
        "my dad's legs are swollen from his heart failure, his doctor knows",
    ])
    func someoneInCareStaysQuiet(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).someoneElseNow)")
    }

    @Test("what is told of someone else reaches a few words past their finding", arguments: [
        "my boyfriend collapsed and is shaking", "my daughter fainted and isn't waking up", "my dad's chest hurts and he's sweating",
    ])
    func toldReachesPastFinding(text: String) {
        #expect(Fixture.levels([text]) == [.emergency], "\(Fixture.scan(text).someoneElseNow)")
    }

    @Test("'hasn't gone' and 'not stopped' say a sign persists, not that it is absent")
    func persistenceIsNotNegation() {
        let scan = Fixture.scan("cramps from the heat that haven't gone after cooling down for 30 min")
        #expect(scan.present.isSuperset(of: ["cooling-off", "long-lasting", "heat"]), "\(scan.present)")
        #expect(Fixture.levels(["cramps from the heat that haven't gone after cooling down for 30 min"]) == [.emergency])
    }

    @Test("a pale, cold leg is urgent, cold and pale feet in winter are not")
    func paleAndCold() {
        #expect(Fixture.levels(["my foot is cold, pale and hurts"]) == [.urgent])
        #expect(Fixture.levels(["my leg went pale and cold and really hurts"]) == [.urgent])
        #expect(Fixture.levels(["my feet are cold and pale in the winter"]) == [.none])
        #expect(Fixture.levels(["my face went pale when the cramp hit"]) == [.none])
    }

    @Test("bladder signs in other words, and stress leaks that are not one", arguments: [
        ("bad back, wet the bed and didn't notice", EscalationLevel.emergency),
        ("back pain and I'm leaking wee without noticing", .emergency),
        ("my back's killing me and when I wipe I can't feel anything", .emergency),
        ("i wet myself laughing lol, also why do i get foot cramps", .none),
    ])
    func bladderFamilies(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("'now' right after a sign in an 'if' question says it is happening")
    func nowOverridesHypothetical() {
        #expect(Fixture.levels(["is it serious if my chest hurts right now?"]) == [.emergency])
        #expect(Fixture.levels(["what should i do if my calf swells up now that i'm pregnant?"]) == [.none])
        #expect(Fixture.levels(["is it bad if i get chest pain now and then when i sprint?"]) == [.none])
    }

    @Test("an emergency told of someone else with nothing dating it is taken as now")
    func undatedEmergencyOfSomeoneElse() {
        #expect(Fixture.levels(["he collapsed after the race"]) == [.emergency])
        #expect(Fixture.levels(["my friend fainted at school yesterday"]) == [.none])
        #expect(Fixture.levels(["my husband passed out after giving blood last year"]) == [.none])
        // Only emergencies: an urgent sign of someone else still needs "now" or the present tense.
        #expect(Fixture.levels(["my dad's calf swelled up after the flight"]) == [.none])
    }

    @Test("texting spellings of 'can't' and short typos of 'chest'", arguments: [
        "cnt feel my legs and my back hurts", "chst pain", "i carnt breathe",
    ])
    func textingSpellings(text: String) {
        #expect(Fixture.levels([text]) == [.emergency], "\(Fixture.scan(text).present)")
    }

    @Test("'what counts as' asks in general", arguments: ["what counts as a seizure", "what is meant by heatstroke"])
    func whatCountsAsIsGeneral(text: String) {
        #expect(Fixture.levels([text]) == [.none])
    }

    @Test("a named DVT is a report when the writer suspects it or names a leg or a sign, not a question about one", arguments: [
        ("think i have a dvt", EscalationLevel.urgent),
        ("could this be a dvt?", .urgent),
        ("i'm worried i have a blood clot", .urgent),
        ("worried I have a blood clot in my leg", .urgent),
        ("do I need compression socks after a dvt?", .none),
        ("i have a dvt and i'm on blood thinners, can i still stretch?", .none),
        ("i'm worried about blood clots on my long flight, how do i prevent them?", .none),
        ("is this normal? i pass clots during my period", .none),
    ])
    func namedClotNeedsSuspicionOrSign(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("puffed is out of breath, not swollen; numb legs from a long sit on the toilet are not saddle numbness")
    func puffingAndToilet() {
        #expect(!Fixture.scan("puffing after climbing the stairs, my thighs burn").present.contains("swelling"))
        #expect(Fixture.levels(["my legs went a bit numb sitting on the toilet too long"]) == [.none])
        #expect(Fixture.levels(["my calf is puffed up and red"]) == [.urgent])
    }

    @Test("a back problem told in the past counts with a new cauda equina sign now", arguments: [
        "i had sciatica years ago but now i can't control my bladder",
        "i had a slipped disc last year and now both my legs are weak",
        "i had sciatica in the past, now i can't pee",
    ])
    func pastBackCountsForCaudaEquina(text: String) {
        #expect(Fixture.levels([text]) == [.emergency], "\(Fixture.scan(text).present)")
    }

    @Test("history counts only for the rules that name it")
    func historyOnlyWhereNamed() throws {
        let rules = Fixture.assistant.knowledge.redFlags
        let caudaEquina = try #require(rules.rules.first { $0.id == "cauda-equina" })
        #expect(caudaEquina.holds(for: ["bladder-bowel"], history: ["back"]))
        #expect(!caudaEquina.holds(for: ["bladder-bowel"]))
        let backChest = try #require(rules.rules.first { $0.id == "back-and-chest-pain" })
        #expect(!backChest.holds(for: ["chest-pain"], history: ["back"]) || backChest.holds(for: ["chest-pain"]))
        // A past back problem with harmless present findings raises nothing.
        #expect(Fixture.levels(["i had sciatica years ago; now my legs ache after the gym"]) == [.none])
        #expect(Fixture.levels(["had a slipped disc in 2018, these days i just get cramps in my toes"]) == [.none])
        // A past finding alone never completes a rule.
        #expect(Fixture.levels(["i had sciatica and couldn't pee years ago"]) == [.none])
    }

    @Test("more lay wordings: going down shaking, agony after an ultra with hardly any pee; 'faint-hearted' is no faint", arguments: [
        ("my mate went down and started shaking on the pitch", EscalationLevel.emergency),
        ("i've barely peed today and my legs are agony after the ultra", .urgent),
        ("i feel faint-hearted about needles lol, what helps cramps", .none),
        ("there's a faint ache in my calf after running", .none),
    ])
    func moreLayWordings(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    // MARK: Issue 5, round 8: families found by redflags-fresh8

    @Test("a carer's own words ('told me', 'responding to me', 'what do I do') do not make it about the carer", arguments: [
        ("my son collapsed after his cramp and he won't answer me, what do i do", EscalationLevel.emergency),
        ("my girlfriend's calf is swollen and now she says to me she can't breathe properly", .emergency),
        ("my mum is confused and hot and dry after the garden in this heat, i don't know what to do", .emergency),
    ])
    func carerSpeakingIsNotTheCarersSign(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("the writer's own words about their body still keep someone else's signs theirs")
    func writerReportingSelfStops() {
        #expect(Fixture.levels(["my grandad's ankles are puffy, he says it's his heart tablets; i have just got a sore shoulder"]) == [.none])
    }

    @Test("shaking all over, not responding, and pain in the middle of the chest", arguments: [
        ("she started jerking all over after the cramp", EscalationLevel.emergency),
        ("he is not responding to his name after the cramp", .emergency),
        ("leg cramps and a pressure in the centre of my chest", .emergency),
    ])
    func newEmergencyWordings(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("walking pain that goes when standing still, or is absent at rest, eases with rest", arguments: [
        "both calves cramp on my walk to work, i stop a minute and then it goes",
        "my calves ache when i walk but not when i sit",
    ])
    func easingToldAsGoingAway(text: String) {
        #expect(Fixture.levels([text]) == [.seeDoctor], "\(Fixture.scan(text).present)")
    }

    @Test("a racing heart after coffee and pink pee after beetroot are look-alikes", arguments: [
        "my heart is racing after two espressos, nothing else wrong",
        "heart pounding from too much coffee this morning",
        "ate a lot of beetroot yesterday and today my pee looks reddish",
    ])
    func foodLookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("a sign asked about in general becomes the writer's when the next turn claims it")
    func claimedAfterAGeneralQuestion() {
        #expect(Fixture.levels(["do cramps at night mean anything?", "well i have them every single night now"]) == [.none, .seeDoctor])
        // Without the claim, a later habit of someone else's words is not the writer's.
        #expect(Fixture.levels(["do cramps at night mean anything?", "my neighbour says every night is normal"]) == [.none, .none])
    }

    // MARK: Issue 5, round 9: families found by redflags-fresh9

    @Test("cauda equina signs told of someone else, chest pain on breathing in, burning down 'my own' leg", arguments: [
        ("my husband says he can't feel anything between his legs and his back is killing him, what should i do", EscalationLevel.emergency),
        ("my dad has wet himself and his back went into spasm an hour ago", .emergency),
        ("my calf is swollen and red and it's painful when i take a deep breath", .emergency),
        ("my mum had sciatica once but now i have burning pain down my own leg", .seeDoctor),
        ("my neck keeps spasming and there's no real reason for it", .seeDoctor),
        ("a mate of mine just collapsed and is shaking all over", .emergency),
    ])
    func round9Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("look-alikes: a friend of mine in the past, a racing heart from nerves, wetting oneself laughing", arguments: [
        "a friend of mine collapsed at a festival last year, are cramps linked to heat?",
        "my heart was pounding before the job interview, now i'm fine",
        "my heart raced because of nerves when i gave my speech",
        "my daughter wet herself laughing at the film",
    ])
    func round9LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("signs told in new ways: a lump someone found, cramps after sickness and fever, rest on the golf course, no reason for it", arguments: [
        ("my husband has had a sore back for weeks and last night he noticed a lump on his spine", EscalationLevel.urgent),
        ("every time i play a round of golf my calf cramps and i have to sit down for a bit", .seeDoctor),
        ("my back keeps spasming and there is no reason for them", .seeDoctor),
    ])
    func round10Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("cramps that start after sickness and a fever were told raise the warning again")
    func crampsAfterSicknessAndFever() {
        #expect(Fixture.levels(["been throwing up all night", "i have a temperature too", "now my legs are cramping"])
            == [.none, .urgent, .urgent])
    }

    @Test("look-alikes: a leg asleep from the loo, cold feet in the snow, not sweating in the cold, confused about advice", arguments: [
        "my foot went dead from sitting on the loo too long, then tingly and fine",
        "toes were icy and a bit numb after standing in the snow, fine once indoors, now my arch cramps",
        "not sweating at all on my winter run since it was so cold, but my calf cramped",
        "i'm confused about whether to stretch before or after a run",
        "all this advice about magnesium is so confusing",
        "my left calf is thicker than the right because i cycle a lot",
        "what does a swollen red calf mean?",
    ])
    func round10LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("the look-alike wordings still escalate when the sign is real")
    func round10LookAlikeControls() {
        #expect(Fixture.levels(["my dad is suddenly confused and his legs are cramping"]) == [.emergency])
        #expect(Fixture.levels(["my left calf is thicker than the right and hot to touch"]) == [.urgent])
        #expect(Fixture.levels(["what does it mean that my calf is swollen and red"]) == [.urgent])
        #expect(Fixture.levels(["stopped sweating in the heat and my legs are cramping"]) == [.emergency])
    }

    @Test("a carer's report stays theirs beside 'I think', 'getting worse' tells of now, and 'every time' is a habit, not a date", arguments: [
        ("my wife is shaking all over and won't answer me, i think it's a fit", EscalationLevel.emergency),
        ("my son's shin was crushed by a falling gate, it is swollen tight and the pain is getting worse", .emergency),
        ("my mum's calves cramp every time she walks to the bus stop and she has to stop till it goes", .seeDoctor),
        ("the back spasms are bad and i can't control my bladder", .emergency),
    ])
    func round11Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present) \(Fixture.scan(text).someoneElseNow)")
    }

    @Test("look-alikes: a tight jaw from chewing, a pounding heart on hill sprints", arguments: [
        "jaw is stiff from chewing toffee, and my cheek twitches",
        "my heart was racing on the hill repeats, then my calf cramped",
        "my son gets cramps every time he plays rugby",
    ])
    func round11LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("someone else's graver sign beside the writer's own wins; 'for a couple of months' is how long, not when; 'weaker'", arguments: [
        ("my wife had a calf cramp that never went away, now the leg's swollen and she's gasping for air", EscalationLevel.emergency),
        ("my mum is 80 and has had leg cramps most nights for a couple of months, no obvious reason", .seeDoctor),
        ("cramps in my right leg and it feels weaker than the left", .seeDoctor),
    ])
    func round12Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present) \(Fixture.scan(text).someoneElseNow)")
    }

    @Test("a date still dates: 'a couple of months ago', 'last month'", arguments: [
        "my mum had leg cramps most nights a couple of months ago, no obvious reason",
        "my dad had cramps every night last month for no reason",
    ])
    func round12Dated(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).someoneElseNow)")
    }

    @Test("look-alikes: a pounding heart after a 400m race, feet that are warm", arguments: [
        "heart was pounding after the 400m race and both calves cramped, settled down after a few minutes",
        "my feet are warm and pink, the calf cramp last night is gone",
    ])
    func round12LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("a warm calf still counts beside the warm-feet look-alike")
    func round12LookAlikeControl() {
        #expect(Fixture.levels(["my calf is swollen and warm"]) == [.urgent])
    }

    @Test("general questions and routines: a comma list after 'what can', a routine some times a week, 'every so often', the cramp itself stopping movement", arguments: [
        "what can nausea, fever and vomiting alongside cramps point to",
        "I do hot yoga three times a week and my calves cramp afterwards",
        "i play tennis twice a week, how do i avoid cramps",
        "every so often my calf seizes up after tennis",
        "why can't I move my leg during a cramp",
    ])
    func round13General(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("the same words still escalate when they report the writer's signs", arguments: [
        ("nausea, fever and vomiting and now cramps everywhere", EscalationLevel.urgent),
        ("i get cramps three times a week for no reason", .seeDoctor),
        ("i do nothing and my calves cramp three times a week", .seeDoctor),
        ("i can't move my leg and it's numb", .seeDoctor),
    ])
    func round13Controls(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("persistence is not negation, a tight feeling across the chest, 'has had ... all day' is now, a telegraphic report before a question, a change from how it used to be", arguments: [
        ("my calf cramp won't let go and the whole leg is puffy and red", EscalationLevel.urgent),
        ("the spasm won't budge and my calf looks swollen", .urgent),
        ("cramps in my legs and a tight sort of feeling across my chest", .emergency),
        ("my husband's heart is skipping beats and he's had leg cramps since lunch", .urgent),
        ("59, ex smoker, calves ache after walking to the shops, fine once i stand still. why?", .seeDoctor),
        ("my arm cramps and feels weak, it does not work like it used to", .seeDoctor),
    ])
    func round14Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present) \(Fixture.scan(text).someoneElseNow)")
    }

    @Test("signs told over turns: a swollen leg beside a cramp that won't quit, then breathlessness on a short walk")
    func round14AcrossTurns() {
        #expect(Fixture.levels(["my thigh cramp won't quit and the leg has gone purple and swollen",
                                "now i get out of breath walking to the bathroom"]) == [.urgent, .emergency])
    }

    @Test("look-alikes: redness from a heater, a pounding heart after running for a train, feeling rubbery before a cramp; 'has had' still dates without 'since'", arguments: [
        "my shin is a bit red from the hot water bottle, the cramp has gone",
        "my heart was racing after i ran for the train and my calf twinged, fine now",
        "my calves feel shaky before a cramp, is that normal?",
        "my mum has had a clot in her leg",
    ])
    func round14LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present) \(Fixture.scan(text).someoneElseNow)")
    }

    @Test("in general, asked without a statement before it, frequent cramps only get the booking advice as a footnote", arguments: [
        "why do some people get cramps every night?",
        "what causes cramps that keep coming back?",
    ])
    func round14GeneralQuestion(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present) \(Fixture.scan(text).someoneElseNow)")
    }

    @Test("look-alikes: an occasional cramp with no clear cause, losing balance to a cramp, hours a day at a desk, a leg going shaky before it cramps", arguments: [
        "every so often my toes cramp up for no obvious reason, is that normal?",
        "my hamstring seized mid sprint and i almost fell over",
        "i'm at my laptop about ten hours a day and my calves cramp at night",
        "right before my foot cramps it goes all jelly, why?",
    ])
    func round15LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("the same signs still escalate without the harmless context", arguments: [
        ("my toes cramp up for no obvious reason", EscalationLevel.seeDoctor),
        ("my calf cramp has lasted about two hours", .seeDoctor),
        ("my dad collapsed and nearly fell over, now he won't wake up", .emergency),
    ])
    func round15Controls(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("'me' for 'my', a boot to the shin, breathing that hurts, walking pain after a couple of streets", arguments: [
        ("back's in spasm and i can't feel me bum or me legs properly", EscalationLevel.emergency),
        ("copped a knee to the thigh at rugby and now it's swollen tight and the pain keeps getting worse", .emergency),
        ("my calf is swollen and red, and breathing hurts", .emergency),
        ("my legs ache after a couple of blocks and ease off when i stop", .seeDoctor),
    ])
    func round16Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("look-alikes: out of breath from laughing, nearly fainting at a price", arguments: [
        "i was out of breath from laughing so hard, then my calf cramped. how do i stretch it",
        "almost passed out when i saw the price of the physio, does massage help cramps",
    ])
    func round16LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("the same signs without the harmless words still escalate", arguments: [
        ("i'm out of breath sitting still", EscalationLevel.emergency),
        ("i nearly fainted and my calves are cramping", .emergency),
    ])
    func round16Controls(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    // MARK: Issue 5, round 17: families found by redflags-fresh15

    @Test("Scots and dialect wording, falls from a height, air temperatures, carers' confusion, slang for vomiting", arguments: [
        ("a cannae pee an ma back's been in spasm since yesterday", EscalationLevel.emergency),
        ("i dinnae feel anything between ma legs and ma back is cramping", .emergency),
        ("came down off the roof, about three metres, landed on my back and the muscles keep spasming", .emergency),
        ("working outside in 41 degrees, my legs cramped and sitting in the shade for over half an hour hasn't helped", .emergency),
        ("my dad was gardening in the heat with cramps and now he doesn't know where he is", .emergency),
        ("my mum has leg cramps in this heatwave and she's mumbling nonsense", .emergency),
        ("chundering since last night with a fever and my calves are cramping", .urgent),
        ("thighs cramping after a long spin session and my pee is like strong tea", .urgent),
        ("my calf cramps when i'm sat doing nothing and the foot has gone cold and white", .urgent),
    ])
    func round17Signs(text: String, level: EscalationLevel) {
        #expect(Fixture.levels([text]) == [level], "\(Fixture.scan(text).present)")
    }

    @Test("walking that eases a cramp, a hot bath's flush and 'doing nothing' raise nothing", arguments: [
        "I walked home after the match and my calf cramped on the sofa",
        "my foot cramped on the plane and it went away once I walked about",
        "my legs go red and blotchy after a hot bath, then my toes cramp, why?",
        "it was 35 degrees at the beach and I got a small cramp in my foot, what causes that?",
    ])
    func round17LookAlikes(text: String) {
        #expect(Fixture.levels([text]) == [.none], "\(Fixture.scan(text).present)")
    }

    @Test("a general question about cramps gets no safety note; one about a warning sign does", arguments: [
        ("what exactly is a muscle spasm?", false),
        ("can lifting heavy weights at the gym cause a spasm", false),
        ("do calf cramps at night mean anything", false),
        ("what does a blood clot feel like?", true),
        ("what if I had chest pain with a cramp?", true),
    ])
    func safetyNoteOnlyForSigns(text: String, noted: Bool) {
        var state = SessionState()
        let reply = Fixture.assistant.respond(to: text, in: &state)
        #expect(reply.escalation == .none)
        #expect(!reply.footnote.isEmpty == noted, "footnote: \(reply.footnote)")
    }
}
