import Testing

@testable import SpasmCore

/// The matcher's rules for deciding between an answer and the fallback, on the real knowledge base.
@Suite("Matching rules")
struct MatchingRulesTests {
    static var knowledge: KnowledgeBase { EmbeddedAssistant.shared.knowledge }
    static var matcher: Matcher { EmbeddedAssistant.shared.matcher }

    @Test("the domain's own word counts in coverage, so one stray word does not sink an answer", arguments: [
        ("do seniors cramp more than young people", "age-risk"),
        ("wat causes mussel cramps", "cramp-causes"),
    ])
    func coreWordCounts(question: String, topic: String) throws {
        let result = Self.matcher.match(question)
        #expect(result.decision == .answer(topic), "got \(result.decision) from \(result.candidates)")
        let best = try #require(result.candidates.first { $0.topic == topic })
        #expect(best.coverage >= Matcher.minimumCoverage)
    }

    @Test("naming the subject and the facet is not enough when most of the words are not about them", arguments: [
        "what does it mean when someone says you're cramping my style",
        "why do people say you are cramping my style, what does the phrase mean",
    ])
    func structureDoesNotRescueLowCoverage(question: String) throws {
        let result = Self.matcher.match(question)
        #expect(result.decision == .fallback, "answered \(result.candidates.first?.topic ?? "-")")
        let top = try #require(result.candidates.first)
        #expect(top.subjectMatched && top.facetMatched, "the rule under test is the one that refused")
        #expect(top.confidence >= Matcher.answerThreshold, "confident by structure alone")
        #expect(top.coverage < Matcher.minimumCoverage)
    }

    @Test("without the domain's own word, an everyday word the base uses is not enough", arguments: [
        "why is my water bill so high",
        "best dance moves for a wedding",
        "how does a water softener work",
    ])
    func everydayWordAlone(question: String) {
        let result = Self.matcher.match(question)
        #expect(result.hasDomainAnchor, "the question shares a word with the base")
        #expect(result.decision == .fallback, "answered \(result.candidates.first?.topic ?? "-")")
    }

    @Test("a sport, a workout or a body part alone, a cramped place or a muscle car is an everyday question", arguments: [
        "how do i train for a marathon",
        "what's the best tennis racket",
        "how long does it take to run 5k",
        "what is the best exercise for abs",
        "tips for a faster 10k",
        "my flat is so cramped, how do i make it feel bigger",
        "tips for a cramped kitchen",
        "my laptop keyboard feels cramped, can you recommend a bigger one",
        "what is a muscle car",
    ])
    func everydayQuestions(question: String) {
        let result = Self.matcher.match(question)
        #expect(result.decision == .fallback, "answered \(result.candidates.first?.topic ?? "-")")
    }

    @Test("the same sports with a word of cramps, of how a muscle feels, or a body part asked about, are answered", arguments: [
        "can training for a marathon cause cramps",
        "tight calves after tennis, what helps",
        "my calves give out late in long runs, how do i stop that",
        "should i warm up before working out",
    ])
    func sportQuestionsInTheDomain(question: String) {
        let result = Self.matcher.match(question)
        #expect(result.decision != .fallback, "fell back; best \(result.candidates.first?.topic ?? "-")")
    }

    @Test("a cramped seat is still a cause, and a muscle that cramped is still a cramp", arguments: [
        ("cramped airplane seat gave me a calf spasm", "flight-cramps"),
        ("my calf is so cramped up, what helps", "cramp-relief"),
    ])
    func crampedMuscles(question: String, topic: String) {
        #expect(Self.matcher.match(question).decision == .answer(topic))
    }

    @Test("in a conversation about cramps, a sport with 'it' points back at the cramp")
    func sportFollowUpPointsBack() {
        let context = MatchContext(subject: "exercise", facet: "causes", topic: "strenuous-exercise-cause")
        #expect(Self.matcher.match("and how do I stop it mid-run", context: context).decision == .answer("exercise-cramp-relief"))
        #expect(Self.matcher.match("what's the best tennis racket", context: context).decision == .fallback)
    }

    @Test("a car's tire is not being tired, though Porter2 gives both one stem")
    func tireIsNotTired() {
        #expect(Self.matcher.match("how do I change a car tire").decision == .fallback)
        #expect(Self.matcher.match("best tyres for winter driving").decision == .fallback)
        #expect(Self.matcher.match("can being tired cause cramps").decision == .answer("fatigue-cause"))
    }

    @Test("a question in the domain's own terms needs no word for cramps", arguments: [
        ("what causes pad", "pad-causes"),
        ("what foods have potassium, i am trying to eat healthier", "potassium-foods"),
        ("foods high in magnesium", "magnesium-foods"),
        ("how is pad treated", "pad-treatment"),
    ])
    func specificTermsSuffice(question: String, topic: String) {
        #expect(Self.matcher.match(question).decision == .answer(topic))
    }

    @Test("everyday words are not domain words, whatever the base uses")
    func everydayWords() {
        #expect(Self.matcher.domainWords.contains("potassium"))
        #expect(Self.matcher.domainWords.contains("stenosis"))
        #expect(!Self.matcher.domainWords.contains("water"))
        #expect(!Self.matcher.domainWords.contains("night"))
    }

    @Test("doses, prescriptions and picking a medicine get the refusal", arguments: [
        "what dose of magnesium should i take",
        "how much ibuprofen can i take",
        "can you prescribe me a muscle relaxant",
        "which painkiller should i take for my back",
    ])
    func refusals(question: String) {
        var dialogue = Dialogue()
        let reply = dialogue.say(question)
        #expect(reply.kind == .fallback)
        #expect(reply.body == Self.knowledge.responses.fill(Self.knowledge.responses.refusal))
    }

    @Test("asking about supplements or anti-inflammatories in general is answered", arguments: [
        "should i take supplements for cramps",
        "can i take ibuprofen for cramps",
    ])
    func generalMedicineQuestionsAreAnswered(question: String) {
        var dialogue = Dialogue()
        #expect(dialogue.say(question).kind == .answer)
    }

    @Test("worry about the odd cramp asks whether it is serious", arguments: [
        "should I be worried about an occasional cramp",
        "my husband gets a leg cramp once a month or so. is that anything to be concerned about?",
    ])
    func worryAsksSeriousness(question: String) {
        let result = Self.matcher.match(question)
        #expect(result.decision == .answer("cramp-harmless"), "got \(result.decision) from \(result.candidates)")
    }

    @Test("'yes or no' and 'or not' ask for a verdict and add no word to match")
    func trailingAlternative() {
        let analyzer = Self.matcher.analyzer
        #expect(analyzer.analyze("sports drinks for cramps yes or no").terms == analyzer.analyze("sports drinks for cramps").terms)
        #expect(analyzer.analyze("should i stretch or not").terms == analyzer.analyze("should i stretch").terms)
        #expect(analyzer.analyze("no cramps or pain").terms.contains("no"), "a 'no' inside the clause still counts")
    }

    @Test("asking which signs make a cramp serious gets the warning signs; asking whether it can be a sign gets the conditions", arguments: [
        ("what are the signs a cramp is something serious", "cramp-warning-signs"),
        ("which signs mean a spasm is something more serious", "cramp-warning-signs"),
        ("can muscle spasms be a sign of something serious", "cramp-sign-of-disease"),
    ])
    func whichSignsAreWarningSigns(question: String, topic: String) {
        let result = Self.matcher.match(question)
        #expect(result.decision == .answer(topic), "got \(result.decision) from \(result.candidates)")
    }

    @Test("a count frames a question ('top 3 minerals'); a numbered name does not ('type 2 diabetes')")
    func numbersAsBackground() {
        let analyzer = Self.matcher.analyzer
        #expect(Matcher.backgroundTerms(in: analyzer.analyze("top 3 minerals for muscle cramps")).contains("3"))
        #expect(!Matcher.backgroundTerms(in: analyzer.analyze("do cramps come with type 2 diabetes")).contains("2"))
        #expect(Self.matcher.match("top 3 minerals for muscles").decision == .answer("minerals-which"))
    }

    @Test("electrolyte tablets are a drink's electrolytes, not a medicine")
    func electrolyteTablets() {
        let analysis = Self.matcher.analyzer.analyze("do electrolyte tablets help prevent cramps")
        #expect(analysis.concepts.contains("sports-drink"))
        #expect(!analysis.concepts.contains("medication"))
    }

    @Test("a long day in the sun reads as hot weather")
    func sunIsHeat() {
        let analysis = Self.matcher.analyzer.analyze("i work out in the sun all day and my legs cramp")
        #expect(analysis.concepts.contains("hot-weather"))
        #expect(analysis.subjects.map(\.id).contains("heat"))
    }

    @Test("after a sentence about someone else, 'it' is what that sentence named")
    func pronounAfterBackground() {
        let result = Self.matcher.match("my late grandad had PAD. what's the usual treatment for it?")
        #expect(result.decision == .answer("pad-treatment"), "got \(result.decision) from \(result.candidates)")
    }

    @Test("a worry stated beside a question does not choose what is asked")
    func statedWorryFrames() {
        let analysis = Self.matcher.analyzer.analyze("i am worried. what could be causing my cramps")
        #expect(analysis.facets.first?.id == "causes", "got \(analysis.facets)")
    }

    @Test("'good' opens a greeting only before a time of day", arguments: [
        ("good evening", ReplyKind.smalltalk),
        ("good morning!", ReplyKind.smalltalk),
        ("good birthday gift ideas for my mom", ReplyKind.fallback),
        ("translate good morning into french", ReplyKind.fallback),
    ])
    func goodAsGreeting(text: String, kind: ReplyKind) {
        var dialogue = Dialogue()
        #expect(dialogue.say(text).kind == kind)
    }

    @Test("the story before a question counts less than the question, unless the question points back at it")
    func storyBeforeTheQuestion() {
        let analyzer = Self.matcher.analyzer
        let story = analyzer.analyze("I played tennis for three hours in the sun. Would electrolyte tablets help next time?")
        #expect(story.statementTerms.contains("tenni"), "\(story.statementTerms)")
        #expect(!story.statementTerms.contains("#sports-drink"), "the question's own words are not the story's")
        #expect(analyzer.analyze("my legs go shaky just before a cramp, is that normal").statementTerms.isEmpty,
                "'that' points back at the story")
        #expect(analyzer.analyze("how can i fall asleep faster, i have insomnia").statementTerms.isEmpty,
                "what follows the question says what it is about")
        #expect(analyzer.analyze("what causes cramps").statementTerms.isEmpty)
    }

    @Test("a question after a story is matched on its own words", arguments: [
        ("I played tennis for three hours in the sun and my forearm cramped in the last set. Would electrolyte tablets help next time?",
         ["sports-drinks", "exercise-cramp-relief"]),
        ("My physio gave me a foam roller after knee surgery and I never used it. Now my calves feel tight after runs. Can foam rolling help prevent spasms?",
         ["massage-foam-rolling"]),
    ])
    func questionAfterStory(question: String, topics: [String]) {
        let result = Self.matcher.match(question)
        #expect(topics.contains { result.decision == .answer($0) }, "got \(result.decision) from \(result.candidates)")
    }
}
