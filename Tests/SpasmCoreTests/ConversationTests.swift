import EmbeddedKnowledge
import Testing

@testable import SpasmCore

/// The assistant over the embedded knowledge base, built once for all conversation tests.
enum EmbeddedAssistant {
    static let shared: Assistant = {
        switch KnowledgeLoader().load(EmbeddedKnowledge.files) {
        case .success(let base): return Assistant(knowledge: base)
        case .failure(let errors): fatalError("the embedded knowledge base does not load:\n\(errors)")
        }
    }()
}

/// Plays messages through one session and keeps every reply.
struct Dialogue {
    let assistant: Assistant
    var state = SessionState()
    private(set) var replies: [Reply] = []

    init(_ assistant: Assistant = EmbeddedAssistant.shared) {
        self.assistant = assistant
    }

    @discardableResult
    mutating func say(_ text: String) -> Reply {
        let reply = assistant.respond(to: text, in: &state)
        replies.append(reply)
        return reply
    }

    var knowledge: KnowledgeBase { assistant.knowledge }

    /// The subject and facet of the topic a reply answered, from the knowledge base.
    func frame(of reply: Reply) -> (subject: String, facet: String)? {
        reply.topic.flatMap { knowledge.topicsByID[$0] }.map { ($0.subject, $0.facet) }
    }
}

/// Follow-ups, digressions, resets and "tell me more" with the dialogue frame.
@Suite("Conversation frame")
struct ConversationFrameTests {
    @Test("a follow-up keeps the subject and changes the facet")
    func followUp() {
        var dialogue = Dialogue()
        let first = dialogue.say("what is peripheral artery disease?")
        #expect(first.kind == .answer)
        #expect(dialogue.frame(of: first)?.subject == "pad", "got \(first.topic ?? "no topic")")
        let second = dialogue.say("how is it treated?")
        #expect(second.kind == .answer)
        #expect(dialogue.frame(of: second)?.subject == "pad", "got \(second.topic ?? "no topic")")
        #expect(dialogue.frame(of: second)?.facet == "treatment", "got \(second.topic ?? "no topic")")
        #expect(dialogue.state.frame.subject == "pad")
    }

    @Test("a digression falls back and the next follow-up still uses the earlier subject")
    func digression() {
        var dialogue = Dialogue()
        let first = dialogue.say("what is peripheral artery disease?")
        #expect(dialogue.frame(of: first)?.subject == "pad")
        let weather = dialogue.say("what's the weather?")
        #expect(weather.kind == .fallback)
        #expect(weather.topic == nil)
        let followUp = dialogue.say("how is it treated?")
        #expect(followUp.kind == .answer)
        #expect(dialogue.frame(of: followUp)?.subject == "pad", "got \(followUp.topic ?? "no topic")")
        #expect(dialogue.frame(of: followUp)?.facet == "treatment", "got \(followUp.topic ?? "no topic")")
    }

    @Test("the frame fades after too many turns without use")
    func frameFades() {
        var dialogue = Dialogue()
        dialogue.say("what is peripheral artery disease?")
        for _ in 0...Assistant.frameLifetime { #expect(dialogue.say("who wrote hamlet?").kind == .fallback) }
        #expect(dialogue.state.frame.idleTurns > Assistant.frameLifetime)
        let followUp = dialogue.say("how is it treated?")
        #expect(dialogue.frame(of: followUp)?.subject != "pad", "the faded frame still gave \(followUp.topic ?? "-")")
    }

    @Test("resetting clears the frame", arguments: ["/reset", "start over", "Start over please", "/RESET"])
    func reset(command: String) {
        var dialogue = Dialogue()
        dialogue.say("what is peripheral artery disease?")
        #expect(dialogue.state.frame.subject == "pad")
        let reply = dialogue.say(command)
        #expect(reply.kind == .command)
        #expect(reply.body == dialogue.knowledge.responses.fill(dialogue.knowledge.responses.reset))
        #expect(dialogue.state.frame == Frame())
        #expect(dialogue.state.symptoms.isEmpty)
        let followUp = dialogue.say("how is it treated?")
        #expect(dialogue.frame(of: followUp)?.subject != "pad", "the reset frame still gave \(followUp.topic ?? "-")")
    }

    @Test("tell me more gives the detail, then each related topic, never the same reply twice in a row")
    func tellMeMore() throws {
        var dialogue = Dialogue()
        let first = dialogue.say("what is peripheral artery disease?")
        let topic = try #require(first.topic.flatMap { dialogue.knowledge.topicsByID[$0] })
        try #require(!topic.more.isEmpty, "the PAD definition has detail")

        let detail = dialogue.say("tell me more")
        #expect(detail.kind == .answer)
        #expect(detail.body == topic.more)
        #expect(detail.topic == topic.id)

        for related in topic.related {
            let relatedTopic = try #require(dialogue.knowledge.topicsByID[related])
            let reply = dialogue.say("tell me more")
            #expect(reply.topic == related)
            #expect(reply.body.contains(relatedTopic.answer), "the related topic's answer follows its title")
        }
        let end = dialogue.say("more")
        #expect(end.body == dialogue.knowledge.responses.fill(dialogue.knowledge.responses.noMore))
        let bodies = dialogue.replies.map(\.body)
        for (previous, next) in zip(bodies, bodies.dropFirst()) {
            #expect(previous != next, "the same reply twice in a row: \(next.prefix(60))")
        }
    }

    @Test("asking for alternatives after an answer gives its detail, as 'tell me more' does",
          arguments: ["any alternatives", "what else can I try?", "other options"])
    func alternativesAreMore(followUp: String) throws {
        var dialogue = Dialogue()
        let first = dialogue.say("is a sports drink worth it for cramps")
        let topic = try #require(first.topic.flatMap { dialogue.knowledge.topicsByID[$0] })
        try #require(!topic.more.isEmpty)
        let reply = dialogue.say(followUp)
        #expect(reply.topic == topic.id)
        #expect(reply.body == topic.more)
    }

    @Test("a follow-up that lands on the topic just answered adds its detail; 'more' then moves on")
    func followUpOnSameTopicAddsDetail() throws {
        var dialogue = Dialogue()
        let first = dialogue.say("is foam rolling good for tight muscles")
        let topic = try #require(first.topic.flatMap { dialogue.knowledge.topicsByID[$0] })
        try #require(!topic.more.isEmpty)
        let again = dialogue.say("how does it do that")
        #expect(again.topic == topic.id)
        // "how does it ..." opens no yes/no question, so the answer comes without its "Yes.".
        #expect(again.body.hasPrefix(Assistant.withoutLeadingYes(topic.answer)) && again.body.hasSuffix(topic.more), "\(again.body.prefix(80))")
        let next = dialogue.say("tell me more")
        #expect(next.body != topic.more, "the detail is not given twice")
        // A question that names its subject again is a new question: the answer alone.
        var fresh = Dialogue()
        fresh.say("is foam rolling good for tight muscles")
        #expect(fresh.say("does massage help muscle spasms?").body == topic.answer)
    }

    @Test("asking for more after everything is said does not repeat the same reply")
    func moreAfterTheEnd() throws {
        var dialogue = Dialogue()
        let first = dialogue.say("what is peripheral artery disease?")
        let topic = try #require(first.topic.flatMap { dialogue.knowledge.topicsByID[$0] })
        // The detail, each related topic, "that's everything", then one more ask.
        for _ in 0..<(topic.related.count + 3) { dialogue.say("tell me more") }
        #expect(dialogue.replies.suffix(2).first?.body == dialogue.knowledge.responses.fill(dialogue.knowledge.responses.noMore))
        let last = dialogue.replies.suffix(2).map(\.body)
        #expect(last.first != last.last, "\"tell me more\" twice at the end gave the same reply: \(last.last ?? "")")
    }

    @Test("more without a topic asks what about")
    func moreWithoutTopic() {
        var dialogue = Dialogue()
        let reply = dialogue.say("tell me more")
        #expect(reply.kind == .clarify)
        #expect(reply.topic == nil)
        #expect(!reply.suggestions.isEmpty)
    }
}

/// Small talk, commands and empty messages.
@Suite("Small talk and commands")
struct SmallTalkTests {
    static let responses = EmbeddedAssistant.shared.knowledge.responses

    /// The fixed reply a small-talk message must get, by its responses key.
    private static func expected(_ key: String) -> String {
        let text: String
        switch key {
        case "greeting": text = responses.greeting
        case "thanks": text = responses.thanks
        case "goodbye": text = responses.goodbye
        case "identity": text = responses.identity
        case "capabilities": text = responses.capabilities
        default: text = responses.help
        }
        return responses.fill(text)
    }

    @Test("small talk gets its fixed reply", arguments: [
        ("hello", "greeting"), ("hi there!", "greeting"), ("thanks", "thanks"), ("thank you so much", "thanks"),
        ("bye", "goodbye"), ("who are you?", "identity"), ("what can you do?", "capabilities"), ("help", "help"),
    ])
    func smallTalk(message: String, key: String) {
        var dialogue = Dialogue()
        let reply = dialogue.say(message)
        #expect(reply.kind == .smalltalk)
        #expect(reply.body == Self.expected(key))
        #expect(reply.topic == nil)
    }

    @Test("a greeting inside a question is a question")
    func greetingWithQuestion() {
        var dialogue = Dialogue()
        let reply = dialogue.say("hi, what is peripheral artery disease?")
        #expect(reply.kind == .answer)
        #expect(dialogue.frame(of: reply)?.subject == "pad")
    }

    @Test("quitting in words or by command asks the console to quit")
    func quit() {
        for message in ["quit", "/quit", "/exit"] {
            var dialogue = Dialogue()
            let reply = dialogue.say(message)
            #expect(reply.kind == .command, "\(message)")
            #expect(reply.action == .quit, "\(message)")
        }
    }

    @Test("commands", arguments: ["/help", "/topics", "/sources"])
    func commands(command: String) {
        var dialogue = Dialogue()
        let reply = dialogue.say(command)
        #expect(reply.kind == .command)
        #expect(!reply.body.isEmpty)
    }

    @Test("/why explains the last question, and only after one")
    func why() {
        var dialogue = Dialogue()
        #expect(dialogue.say("/why").body.contains("ask a question first"))
        dialogue.say("what is peripheral artery disease?")
        let reply = dialogue.say("/why")
        #expect(reply.kind == .command)
        #expect(reply.body.contains("question: what is peripheral artery disease?"))
        #expect(reply.body.contains("decision: answer"))
    }

    @Test("an unknown command and an empty message are errors", arguments: ["/frobnicate", "", "   ", "?!"])
    func errors(message: String) {
        var dialogue = Dialogue()
        #expect(dialogue.say(message).kind == .error)
    }
}

/// Answering a clarifying question, on a knowledge base where "cramps" is ambiguous.
@Suite("Clarification")
struct ClarificationTests {
    static let assistant = Assistant(knowledge: TinyKnowledge.cramps)

    /// A dialogue that has just been asked which topic it means.
    private func clarifying() throws -> (Dialogue, [String]) {
        var dialogue = Dialogue(Self.assistant)
        let reply = dialogue.say("cramps")
        #expect(reply.kind == .clarify)
        #expect(reply.choices.count == dialogue.state.pendingChoices.count + 1, "the last choice is 'none of these'")
        let choices = dialogue.state.pendingChoices
        try #require(choices.count >= 2)
        let titles = choices.compactMap { dialogue.knowledge.topicsByID[$0]?.title }
        #expect(Array(reply.choices.prefix(titles.count)) == titles)
        return (dialogue, choices)
    }

    @Test("a number or an ordinal picks the choice", arguments: [("2", 1), ("the second one", 1), ("1", 0), ("first", 0), ("number 2", 1)])
    func pick(answer: String, index: Int) throws {
        var (dialogue, choices) = try clarifying()
        let reply = dialogue.say(answer)
        #expect(reply.kind == .answer)
        #expect(reply.topic == choices[index])
        #expect(dialogue.state.pendingChoices.isEmpty)
    }

    @Test("'none of these' answers with no topic")
    func none() throws {
        var (dialogue, _) = try clarifying()
        let reply = dialogue.say("none of these")
        #expect(reply.kind == .clarify)
        #expect(reply.topic == nil)
        #expect(reply.body == dialogue.knowledge.responses.fill(dialogue.knowledge.responses.clarifyNone))
    }

    @Test("a number out of range is not a topic")
    func outOfRange() throws {
        var (dialogue, _) = try clarifying()
        let reply = dialogue.say("3")
        #expect(reply.topic == nil)
        #expect(reply.kind != .answer)
    }

    @Test("a new question instead of a choice is answered as a question")
    func newQuestion() throws {
        var (dialogue, _) = try clarifying()
        let reply = dialogue.say("how is pad treated?")
        #expect(reply.topic == "pad-treatment")
        #expect(dialogue.state.pendingChoices.isEmpty)
    }

    @Test("a number outside a clarification is not a choice")
    func numberWithoutClarification() {
        var dialogue = Dialogue(Self.assistant)
        let reply = dialogue.say("2")
        #expect(reply.kind != .answer)
    }
}

/// Many conversations in one store: isolation, least-recently-used eviction, idle expiry.
@Suite("Session store")
struct SessionStoreTests {
    /// Counts one use of a session and returns its turn count.
    @discardableResult
    private func use(_ store: inout SessionStore, _ id: String, at now: Double = 0) -> Int {
        store.withSession(id, now: now) { state in
            state.turns += 1
            return state.turns
        }
    }

    @Test("interleaved sessions keep their own frames")
    func isolation() {
        let assistant = EmbeddedAssistant.shared
        var store = SessionStore()
        let pad = store.withSession("a", now: 0) { assistant.respond(to: "what is peripheral artery disease?", in: &$0) }
        let other = store.withSession("b", now: 0) { assistant.respond(to: "what is dehydration?", in: &$0) }
        #expect(pad.topic != other.topic)
        let padFollowUp = store.withSession("a", now: 1) { assistant.respond(to: "how is it treated?", in: &$0) }
        let padTopic = padFollowUp.topic.flatMap { assistant.knowledge.topicsByID[$0] }
        #expect(padTopic?.subject == "pad", "session a followed up on \(padFollowUp.topic ?? "-")")
        #expect(store.state(of: "b")?.frame.subject != "pad")
        #expect(store.state(of: "a")?.turns == 2)
        #expect(store.state(of: "b")?.turns == 1)
    }

    @Test("a full store forgets the least recently used session")
    func evictsLeastRecentlyUsed() {
        var store = SessionStore(capacity: 3)
        for id in ["a", "b", "c", "d"] { use(&store, id) }
        #expect(store.count == 3)
        #expect(store.state(of: "a") == nil)
        #expect(store.state(of: "b")?.turns == 1)
        #expect(store.state(of: "d")?.turns == 1)
        #expect(use(&store, "a") == 1, "an evicted session starts over")
    }

    @Test("touching a session keeps it")
    func touchKeeps() {
        var store = SessionStore(capacity: 3)
        for id in ["a", "b", "c"] { use(&store, id) }
        use(&store, "a")
        use(&store, "d")
        #expect(store.state(of: "a")?.turns == 2)
        #expect(store.state(of: "b") == nil)
        #expect(store.state(of: "c") != nil)
        #expect(store.count == 3)
    }

    @Test("recency stays right after many uses")
    func manyUses() {
        var store = SessionStore(capacity: 3)
        for round in 0..<200 { use(&store, ["a", "b", "c"][round % 3]) }
        // The last uses were c (round 197), a (198) and b (199): c is the least recently used.
        use(&store, "d")
        #expect(store.state(of: "c") == nil)
        #expect(store.state(of: "a")?.turns == 67)
        #expect(store.state(of: "b")?.turns == 67)
        #expect(store.count == 3)
        for round in 0..<10_000 { use(&store, "s\(round)") }
        #expect(store.count == 3)
        #expect(store.state(of: "s9999") != nil && store.state(of: "s9997") != nil && store.state(of: "s9996") == nil)
    }

    @Test("sessions idle past the expiry are forgotten")
    func idleExpiry() {
        var store = SessionStore(capacity: 10, idleExpiry: 10)
        use(&store, "a", at: 0)
        use(&store, "b", at: 5)
        use(&store, "c", at: 10)
        #expect(store.state(of: "a") != nil, "exactly at the expiry is not past it")
        use(&store, "c", at: 12)
        #expect(store.state(of: "a") == nil)
        #expect(store.state(of: "b") != nil)
        store.expire(now: 15.5)
        #expect(store.state(of: "b") == nil)
        #expect(store.state(of: "c")?.turns == 2)
        #expect(use(&store, "c", at: 100) == 1, "an expired session starts over")
        #expect(store.count == 1)
    }

    @Test("using a session renews its expiry")
    func useRenews() {
        var store = SessionStore(capacity: 10, idleExpiry: 10)
        use(&store, "a", at: 0)
        use(&store, "a", at: 8)
        use(&store, "b", at: 15)
        #expect(store.state(of: "a")?.turns == 2)
        store.expire(now: 18.5)
        #expect(store.state(of: "a") == nil)
        #expect(store.state(of: "b") != nil)
    }
}

/// A question in general about a reason to see a doctor is answered, with the advice after it.
@Suite("General questions about see-doctor signs")
struct GeneralSeeDoctorQuestionTests {
    @Test("asked in general: the answer, then the advice, no escalation", arguments: [
        "why do cramps sometimes come with no apparent reason",
        "what makes cramps come back again and again with no apparent reason?",
    ])
    func general(question: String) {
        var dialogue = Dialogue()
        let reply = dialogue.say(question)
        #expect(reply.escalation == .none, "\(question)")
        #expect(reply.kind == .answer)
        #expect(reply.footnote.lowercased().contains("book an appointment"), "the advice still follows: \(reply.footnote)")
        #expect(dialogue.state.activeEscalation == .none)
    }

    @Test("about the writer: escalated as before", arguments: [
        "my cramps come with no apparent reason",
        "why do I get cramps with no apparent reason?",
        "why do we keep getting cramps with no apparent reason",
    ])
    func personal(message: String) {
        var dialogue = Dialogue()
        #expect(dialogue.say(message).escalation == .seeDoctor, "\(message)")
    }

    @Test("a what-if question about a see-doctor sign gets the booking advice, not the emergency note")
    func hypotheticalSeeDoctor() {
        var dialogue = Dialogue()
        let reply = dialogue.say("can cramps come with no apparent reason?")
        #expect(reply.escalation == .none)
        #expect(reply.footnote.lowercased().contains("book an appointment"), "\(reply.footnote)")
        var other = Dialogue()
        let emergency = other.say("what does a blood clot in the leg feel like?")
        #expect(emergency.escalation == .none)
        #expect(emergency.footnote == EmbeddedAssistant.shared.knowledge.responses.fill(EmbeddedAssistant.shared.knowledge.responses.hypotheticalNote),
                "an urgent sign asked about in general keeps the emergency note")
    }

    @Test("urgent and emergency signs escalate even when asked without 'I'")
    func urgentStillEscalates() {
        var dialogue = Dialogue()
        #expect(dialogue.say("why is the calf swollen, red and hot?").escalation >= .urgent)
    }

    @Test("an open question's answer drops the 'Yes.' a yes/no question's answer opens with")
    func openQuestionsGetNoYes() {
        var open = Dialogue(), closed = Dialogue()
        let how = open.say("how are cramps diagnosed?").body
        let does = closed.say("does finding the cause of my cramps help?").body
        #expect(!how.hasPrefix("Yes"), "\(how)")
        #expect(does.hasPrefix("Yes"), "\(does)")
        #expect(Assistant.withoutLeadingYes("Yes, age is a risk factor.") == "Age is a risk factor.")
        #expect(Assistant.withoutLeadingYes("Yesterday's cramp") == "Yesterday's cramp")
    }

    @Test("what counts as asking in general")
    func asksInGeneral() {
        let analyzer = EmbeddedAssistant.shared.matcher.analyzer
        #expect(Assistant.asksInGeneral(analyzer.analyze("what conditions cause frequent spasms")))
        #expect(Assistant.asksInGeneral(analyzer.analyze("frequent spasms, is that bad?")))
        #expect(!Assistant.asksInGeneral(analyzer.analyze("frequent spasms in my legs")))
        #expect(!Assistant.asksInGeneral(analyzer.analyze("why am I cramping every night?")))
        #expect(!Assistant.asksInGeneral(analyzer.analyze("I'm cramping every night, why?")))
        // A question mark anywhere asks; a full-stop sentence before the question reports.
        #expect(Assistant.asksInGeneral(analyzer.analyze("random cramps out of nowhere?? y")))
        #expect(!Assistant.asksInGeneral(analyzer.analyze("smoker, 62, calves hurt after walking. what's that about?")))
        #expect(!Assistant.asksInGeneral(analyzer.analyze("frequent spasms for weeks now! is that bad?")))
    }
}
