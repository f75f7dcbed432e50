import Foundation

/// The assistant: answers one message of a conversation, updating that conversation's state.
///
/// Each turn runs in a fixed order: red flags first (they override everything), then commands
/// and small talk, answers to a pending clarifying question, "tell me more", questions it
/// declines, and finally matching against the knowledge base with the dialogue frame.
public struct Assistant: Sendable {
    public let knowledge: KnowledgeBase
    public let matcher: Matcher
    public let detector: RedFlagDetector
    private let refusals: PhraseTable<Bool>

    /// The form a word takes when matched against the questions the assistant declines: as
    /// typed (after corrections), with a plural "s" dropped.
    ///
    /// Not the stem: stemming folds "relaxant" into "relax", and "why won't my muscle relax"
    /// asks nothing about medicine.
    static func refusalForm(_ word: String) -> String {
        // An ASCII word (nearly every one) has a character a byte: its length and ending are
        // read among the bytes, without counting characters.
        var contiguous = word
        let dropsS: Bool? = contiguous.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let s = UInt8(ascii: "s")
            return bytes.count > 3 && bytes[bytes.count - 1] == s && bytes[bytes.count - 2] != s
        }
        let drops = dropsS ?? (word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss"))
        return drops ? String(word.dropLast()) : word
    }

    /// Turns a frame may go unused before it fades.
    public static let frameLifetime = 3

    public init(knowledge: KnowledgeBase) {
        let matcher = Matcher(knowledge: knowledge)
        self.init(knowledge: knowledge, matcher: matcher,
                  detector: RedFlagDetector(catalog: knowledge.redFlags, analyzer: matcher.analyzer))
    }

    /// An assistant over a matcher and detector already built for this knowledge base, and its
    /// ``Tables`` when they are built already too.
    init(knowledge: KnowledgeBase, matcher: Matcher, detector: RedFlagDetector, tables: Tables? = nil) {
        self.knowledge = knowledge
        self.matcher = matcher
        self.detector = detector
        let tables = tables ?? Tables(knowledge: knowledge, analyzer: matcher.analyzer)
        self.refusals = tables.refusals
        self.starterQuestions = tables.starterQuestions
        self.broadestSubject = tables.broadestSubject
        self.coreStems = tables.coreStems
        self.hasRuleWithoutFindings = knowledge.redFlags.rules.contains { $0.when.isEmpty }
    }

    /// What the assistant itself derives from its knowledge base (the matcher and detector
    /// derive the rest): the build stores them in the compiled assistant, so start-up does not
    /// tokenise the refusal cues and stem the core words again.
    struct Tables: Sendable {
        var refusals: PhraseTable<Bool>
        var starterQuestions: [String]
        var broadestSubject: String?
        var coreStems: Set<String>
    }

    /// The subject with the most topics (muscle spasms and cramps in general).
    static func broadestSubject(of knowledge: KnowledgeBase) -> String? {
        let breadth = knowledge.topics.reduce(into: [String: Int]()) { $0[$1.subject, default: 0] += 1 }
        return breadth.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key
    }

    /// The broadest subject's id (muscle spasms and cramps in general).
    private let broadestSubject: String?

    /// Stems of the words that name the broadest subject (cramp, spasm, muscle).
    private let coreStems: Set<String>

    /// Whether some red-flag rule holds with no finding present (the loader rejects such rules).
    private let hasRuleWithoutFindings: Bool

    private var responses: Responses { knowledge.responses }

    /// Answers one message and updates the session.
    public func respond(to text: String, in state: inout SessionState) -> Reply {
        state.turns += 1
        let analysis = matcher.analyzer.analyze(text)
        var scan = detector.scan(analysis)
        // The writer now says what they asked about in general is theirs: "is it normal for
        // cramps to happen at night?" ... "because I get them nearly every night".
        if !scan.present.isEmpty, !state.askedFindings.isEmpty, Self.claimsWhatWasAsked(analysis.tokens) {
            scan.present.formUnion(state.askedFindings)
        }
        state.askedFindings = Set(scan.suppressed.filter { $0.reason == .hypothetical }.map(\.finding))
        // The words as typed are the analysis's own when it corrected nothing.
        var reply = body(for: text, analysis: withoutNegatedMentions(analysis, scan: scan),
                         typed: analysis.corrections.isEmpty ? analysis.tokens : nil, state: &state)
        escalate(&reply, scan: scan, asksInGeneral: Self.asksInGeneral(analysis),
                 askedFacet: analysis.facets.first?.id, namedSubjects: analysis.subjects.map(\.id), state: &state)
        if reply.kind == .answer, let first = analysis.tokens.first, QuestionWords.interrogatives.contains(first) {
            reply.body = Self.withoutLeadingYes(reply.body)
        }
        if reply.kind != .command { state.lastBody = reply.body }
        return reply
    }

    /// An answer without the "Yes." or "Yes," it opens with for yes/no questions, capitalised again.
    static func withoutLeadingYes(_ body: String) -> String {
        guard body.hasPrefix("Yes. ") || body.hasPrefix("Yes, ") else { return body }
        let rest = body.dropFirst(5)
        return rest.prefix(1).uppercased() + rest.dropFirst()
    }

    // MARK: - Red flags

    /// Words by which a message speaks of the writer's own body or experience.
    static let writerWords: Set<String> = ContextTriggers.firstPerson.union(["we", "us", "our"])

    /// Whether the writer says they have what the conversation was about: "I" and a verb of
    /// having followed closely by a pronoun ("I get them", "I've had it for weeks").
    static func claimsWhatWasAsked(_ tokens: [String]) -> Bool {
        tokens.indices.contains { index in
            tokens[index] == "i" && tokens[(index + 1)...].prefix(3).contains(where: claimVerbs.contains)
                && tokens[(index + 1)...].prefix(4).contains(where: Matcher.pronouns.contains)
        }
    }
    static let claimVerbs: Set<String> = ["get", "got", "have", "had", "getting", "having", "keep"]

    /// Whether a message asks a question without saying anything about the writer ("why do
    /// cramps keep coming back?", "what conditions cause frequent spasms?").
    static func asksInGeneral(_ analysis: AnalyzedText) -> Bool {
        guard let first = analysis.tokens.first else { return false }
        let asks = QuestionWords.openers.contains(first) || hasQuestionMark(analysis.text)
        return asks && !analysis.tokens.contains(where: writerWords.contains) && !statesBeforeAsking(analysis.text)
    }

    /// Whether a text has a "?": among its bytes when it is ASCII (one character a byte), which
    /// finds what `contains` finds without Foundation's string search, the slow part here.
    static func hasQuestionMark(_ text: String) -> Bool {
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.contains(UInt8(ascii: "?")) }
        return text.contains("?")
    }

    /// Whether a sentence ending in a full stop or "!" comes before a later one: a statement before
    /// the question tells of the writer even without "my" ("smoker, 62, legs hurt after walking two
    /// blocks. what's that about?"); "random cramp out of nowhere?? why" asks twice.
    static func statesBeforeAsking(_ text: String) -> Bool {
        // An ASCII text is read among its bytes: the same characters, without breaking graphemes.
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            var stated = false, sentenceHasWords = false
            for byte in bytes {
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                    if sentenceHasWords && byte != UInt8(ascii: "?") { stated = true }
                    sentenceHasWords = false
                } else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) {
                    if stated { return true }
                    sentenceHasWords = true
                }
            }
            return false
        }
        var stated = false, sentenceHasWords = false
        for character in text {
            if character == "." || character == "!" || character == "?" {
                if sentenceHasWords && character != "?" { stated = true }
                sentenceHasWords = false
            } else if character.isLetter {
                if stated { return true }
                sentenceHasWords = true
            }
        }
        return false
    }

    /// Puts the warning first when the message completes a red-flag rule, and keeps reminding.
    ///
    /// A question in general that names only a reason to book an appointment (frequent cramps,
    /// cramps with no clear cause) is answered, with that advice after the answer: "book an
    /// appointment" is advice for someone who has the sign, and the question does not say so.
    /// Urgent and emergency signs always escalate, however they are asked about.
    private func escalate(_ reply: inout Reply, scan: SymptomScan, asksInGeneral: Bool, askedFacet: String?,
                          namedSubjects: [String], state: inout SessionState) {
        // Filtered rather than `subtracting`: the turn's findings are few, the conversation's many.
        let added = scan.present.filter { !state.symptoms.contains($0) }
        state.symptoms.formUnion(scan.present)
        state.history.formUnion(scan.suppressed.filter { $0.reason == .past }.map(\.finding))
        // A turn raises a rule when it completes it with a finding new to the conversation, or
        // reports the whole rule by itself. Repeating an old finding ("how do I stretch this
        // cramp?") does not raise again the rules it was part of; the reminder covers those.
        // A turn that reports no finding raises nothing unless a rule needs no finding at all,
        // so most turns skip checking every rule twice.
        var raised: RedFlagRule?
        if !scan.present.isEmpty || hasRuleWithoutFindings {
            // A rule this turn holds by itself also holds for the conversation (its findings
            // include the turn's), so one pass over the rules finds both.
            raised = detector.gravestRaisedRule(conversation: state.symptoms, history: state.history,
                                                turn: scan.present, added: added)
        }
        // Someone describing another person's warning signs as they happen: the warning is for
        // them, and it comes first when it is graver than the writer's own ("the leg's swollen
        // and she's gasping for air": the swelling reads as the writer's, the breathing as hers).
        let theirs = scan.someoneElseNow.isEmpty || reply.kind == .command ? nil
            : detector.gravestRule(for: scan.someoneElseNow)
        let own = raised.flatMap { top in theirs.map { $0.level > top.level } == true ? nil : top }
        if let top = own, top.level == .seeDoctor, asksInGeneral, top.holds(for: scan.present),
           reply.kind == .answer {
            reply.footnote = responses.fill(top.message)
        } else if let top = own {
            let answered = reply.topic.flatMap { knowledge.topicsByID[$0] }
            // A see-doctor sign beside a question that asks something else, and was answered on
            // it ("night cramps keep waking me, how do I prevent them?"), or a sign about cramps in
            // general beside a narrower subject the question names and was answered on ("physio
            // for frequent spasms"), keeps its answer: the booking advice comes first all the same.
            let signTopic = knowledge.topicsByID[top.topic ?? ""]
            let answersOtherFacet = askedFacet != nil && answered?.facet == askedFacet && signTopic?.facet != askedFacet
            let answersNarrowerSubject = signTopic?.subject == broadestSubject
                && answered.map { namedSubjects.contains($0.subject) && $0.subject != broadestSubject } == true
            let answersOtherAsk = top.level == .seeDoctor && reply.kind == .answer
                && (answersOtherFacet || answersNarrowerSubject)
            if let id = top.topic, let topic = knowledge.topicsByID[id], answered?.subject != topic.subject,
               reply.kind == .answer || reply.kind == .fallback, !answersOtherAsk {
                // The message reported a warning sign: the answer is about that sign, and the
                // conversation goes on about it ("how is that treated?").
                reply = answer(id, state: &state, confidence: 1)
            } else if reply.kind == .fallback {
                // The message reported symptoms rather than asking something: the warning is the answer.
                reply.body = ""
            }
            reply.escalation = top.level
            reply.warning = responses.fill(top.message)
            state.activeEscalation = max(state.activeEscalation, top.level)
        } else if let other = theirs {
            if reply.kind == .fallback { reply.body = "" }
            reply.escalation = other.level
            reply.warning = responses.fill(other.message)
            state.activeEscalation = max(state.activeEscalation, other.level)
        } else if scan.isHypothetical && reply.kind != .command {
            // The note fits the sign asked about: "call the emergency number if this is happening
            // now" for an urgent or emergency one, the booking advice for a see-doctor one.
            let asked = Set(scan.suppressed.filter { $0.reason == .hypothetical }.map(\.finding))
            if let worst = detector.gravestRule(for: asked.union(scan.present)) {
                reply.footnote = responses.fill(worst.level == .seeDoctor ? worst.message : responses.hypotheticalNote)
            } else if asksOfUrgentSign(asked) {
                // A sign asked about alone ("what does a blood clot feel like?"). A question about
                // cramps, calves or workouts in general ("what is a muscle spasm?"), or about a
                // sign that only ever calls for an appointment, gets no note.
                reply.footnote = responses.fill(responses.hypotheticalNote)
            }
        } else if state.activeEscalation >= .urgent && reply.kind != .command {
            reply.footnote = responses.fill(responses.reminder)
        }
        reply.activeEscalation = state.activeEscalation
    }

    /// Whether findings asked about include a sign, not a circumstance, that some urgent or
    /// emergency rule looks for.
    func asksOfUrgentSign(_ asked: Set<String>) -> Bool {
        let signs = asked.subtracting(knowledge.redFlags.circumstances)
        return knowledge.redFlags.rules.contains { rule in
            rule.level >= .urgent && rule.when.contains { group in group.contains(where: signs.contains) }
        }
    }

    /// The analysis without the words of negated symptoms and their negations, for matching:
    /// "no swelling or redness, how do I stretch my calf?" is about stretching, not clots.
    private func withoutNegatedMentions(_ analysis: AnalyzedText, scan: SymptomScan) -> AnalyzedText {
        guard !scan.negatedPositions.isEmpty else { return analysis }
        // The domain's own words stay: "never get a cramp again" is still about cramps.
        var dropped = Set(scan.negatedPositions.filter { !coreStems.contains(analysis.stems[$0]) })
        guard !dropped.isEmpty else { return analysis }
        for position in dropped {
            var before = position - 1
            while before >= 0, ["no", "not", "without", "never", "or", "and", "nor"].contains(analysis.tokens[before]) {
                dropped.insert(before)
                before -= 1
            }
        }
        let kept = analysis.tokens.indices.filter { !dropped.contains($0) }.map { analysis.tokens[$0] }
        var reduced = matcher.analyzer.analyze(kept.joined(separator: " "), correctSpelling: false)
        reduced.text = analysis.text
        reduced.corrections = analysis.corrections
        return reduced
    }

    // MARK: - Replies

    /// `typed` is `TextNormalizer.tokens(text)` when the caller has it already.
    private func body(for text: String, analysis: AnalyzedText, typed: [String]?, state: inout SessionState) -> Reply {
        if analysis.isEmpty {
            var reply = Reply(kind: .error, body: "That message was empty. Ask a question about muscle cramps or spasms, or type /help.")
            reply.suggestions = starterQuestions
            return reply
        }
        // Only a message whose first visible character is "/" can be a command; checking that
        // first spares the (slow) Foundation trimming for every question.
        if text.unicodeScalars.first(where: { !CharacterSet.whitespaces.contains($0) }) == "/" {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("/") { return command(trimmed, state: &state) }
        }

        let awaiting = !state.pendingChoices.isEmpty
        let choices = state.pendingChoices
        state.pendingChoices = []
        // Small talk reads the words as typed: spelling correction knows only the domain's words.
        let typed = typed ?? TextNormalizer.tokens(text)
        if let move = SmallTalk.move(in: typed, awaitingChoice: awaiting) {
            switch move {
            case .choice(let index):
                if let index, index < choices.count { return answer(choices[index], state: &state, confidence: 1) }
                var reply = Reply(kind: .clarify, body: responses.fill(responses.clarifyNone))
                reply.suggestions = starterQuestions
                return reply
            case .more:
                return more(state: &state)
            case .reset:
                state = SessionState()
                return Reply(kind: .command, body: responses.fill(responses.reset))
            case .quit:
                var reply = Reply(kind: .command, body: responses.fill(responses.goodbye))
                reply.action = .quit
                return reply
            case .greeting: return smallTalk(responses.greeting)
            case .thanks: return smallTalk(responses.thanks)
            case .goodbye: return smallTalk(responses.goodbye)
            case .identity: return smallTalk(responses.identity)
            case .capabilities: return smallTalk(responses.capabilities)
            case .help: return smallTalk(responses.help)
            }
        }

        if !refusals.allMatches(in: analysis.tokens.map(Self.refusalForm)).isEmpty {
            var reply = Reply(kind: .fallback, body: responses.fill(responses.refusal))
            reply.suggestions = starterQuestions
            return reply
        }

        let frame = state.frame
        let context = frame.idleTurns <= Self.frameLifetime
            ? MatchContext(subject: frame.subject, facet: frame.facet, topic: frame.topic) : MatchContext()
        let result = matcher.match(analysis: analysis, context: context)
        state.lastQuestion = text
        state.lastContext = context
        switch result.decision {
        case .answer(let topic):
            // A follow-up that names nothing new and lands on the topic just answered ("how does it
            // help exactly?") asks for more than was said: the answer again would repeat itself.
            let repeatsLastAnswer = topic == frame.topic && frame.idleTurns == 0 && state.moreDepth == 0
                && analysis.subjects.isEmpty
            let details = repeatsLastAnswer ? knowledge.topicsByID[topic]?.more ?? "" : ""
            var reply = answer(topic, state: &state, confidence: result.confidence)
            if !details.isEmpty {
                reply.body += "\n" + details
                state.moreDepth = 1
            }
            reply.confidence = result.candidates.first { $0.topic == topic }?.confidence ?? result.confidence
            // The frame keeps the most specific subject the question named ("is magnesium good for
            // muscles?" stays on magnesium even if a general minerals topic answered it).
            let named = analysis.subjects.map(\.id)
            if let answered = knowledge.topicsByID[topic]?.subject, !named.contains(answered), let first = named.first,
               matcher.analyzer.breadth(of: first) < matcher.analyzer.breadth(of: answered) {
                state.frame.subject = first
            }
            return reply
        case .clarify(let topics):
            state.pendingChoices = topics
            state.frame.idleTurns += 1
            var reply = Reply(kind: .clarify, body: responses.fill(responses.clarifyIntro))
            reply.choices = topics.compactMap { knowledge.topicsByID[$0]?.title } + [responses.fill(responses.clarifyNone)]
            reply.confidence = result.confidence
            return reply
        case .fallback:
            if !result.hasDomainAnchor, let reply = looseSmallTalk(typed) { return reply }
            if let named = analysis.subjects.first?.id {
                // An in-domain statement ("cramps every night for a month") sets what the
                // conversation is about, so "what can I do about them?" can follow it.
                state.frame = Frame(subject: named, facet: nil, topic: nil, idleTurns: 0)
            } else {
                state.frame.idleTurns += 1
            }
            var reply = Reply(kind: .fallback, body: responses.fill(responses.fallback))
            reply.confidence = result.confidence
            reply.suggestions = starterQuestions
            return reply
        }
    }

    /// Small talk recognised by its key words, for messages that name nothing of the domain.
    private func looseSmallTalk(_ typed: [String]) -> Reply? {
        switch SmallTalk.looseMove(in: typed) {
        case .greeting: smallTalk(responses.greeting)
        case .thanks: smallTalk(responses.thanks)
        case .goodbye: smallTalk(responses.goodbye)
        case .identity: smallTalk(responses.identity)
        case .capabilities: smallTalk(responses.capabilities)
        default: nil
        }
    }

    private func smallTalk(_ text: String) -> Reply {
        Reply(kind: .smalltalk, body: responses.fill(text))
    }

    /// The short answer of a topic, which becomes the frame's topic.
    private func answer(_ id: String, state: inout SessionState, confidence: Double) -> Reply {
        guard let topic = knowledge.topicsByID[id] else { return Reply(kind: .fallback, body: responses.fill(responses.fallback)) }
        state.frame = Frame(subject: topic.subject, facet: topic.facet, topic: topic.id, idleTurns: 0)
        state.moreDepth = 0
        var reply = Reply(kind: .answer, body: topic.answer)
        reply.topic = topic.id
        reply.confidence = confidence
        reply.sources = knowledge.sourceTitles(of: topic)
        reply.suggestions = topic.related.compactMap { knowledge.topicsByID[$0]?.questions.first }.prefix(3).map { $0 }
        return reply
    }

    /// "Tell me more": the topic's detail first, then its related topics one by one.
    private func more(state: inout SessionState) -> Reply {
        guard let id = state.frame.topic, let topic = knowledge.topicsByID[id] else {
            var reply = Reply(kind: .clarify, body: "More about what? Ask me a question about muscle cramps or spasms first.")
            reply.suggestions = starterQuestions
            return reply
        }
        state.frame.idleTurns = 0
        state.moreDepth += 1
        if state.moreDepth == 1 && !topic.more.isEmpty {
            var reply = Reply(kind: .answer, body: topic.more)
            reply.topic = topic.id
            reply.confidence = 1
            reply.sources = knowledge.sourceTitles(of: topic)
            reply.suggestions = topic.related.compactMap { knowledge.topicsByID[$0]?.questions.first }.prefix(3).map { $0 }
            return reply
        }
        let relatedIndex = state.moreDepth - (topic.more.isEmpty ? 1 : 2)
        if relatedIndex < topic.related.count, let related = knowledge.topicsByID[topic.related[relatedIndex]] {
            let depth = state.moreDepth
            var reply = answer(related.id, state: &state, confidence: 1)
            // Stay on the original topic so the next "more" moves on to its next related topic.
            state.frame.topic = topic.id
            state.moreDepth = depth
            reply.body = "Related: \(related.title). " + reply.body
            return reply
        }
        // Everything is said. Asked again, list other questions rather than repeat the same words.
        let noMore = responses.fill(responses.noMore)
        var reply = Reply(kind: .answer, body: noMore)
        if state.lastBody == noMore {
            let offers = starterQuestions.filter { !topic.questions.contains($0) }
            reply.body = "That's all I have on this (\(topic.title)). You could ask: " + offers.joined(separator: " / ")
        }
        reply.topic = topic.id
        reply.suggestions = starterQuestions
        return reply
    }

    /// A few questions to offer when the assistant cannot help with what was asked: the broadest
    /// subject's questions on what people most often want (causes, relief, prevention, a doctor).
    public let starterQuestions: [String]

    /// The starter questions of a knowledge base whose ``broadestSubject(of:)`` is `broadest`.
    static func starters(of knowledge: KnowledgeBase, broadest: String?) -> [String] {
        guard let broadest else { return [] }
        let wanted = ["causes", "relief", "prevention", "when-to-see-doctor", "diet"]
        let picks = wanted.compactMap { facet in
            knowledge.topics.first { $0.subject == broadest && $0.facet == facet }?.questions.first
        }
        return Array((picks.isEmpty ? knowledge.topics.compactMap(\.questions.first) : picks).prefix(4))
    }

    /// The tables of an assistant, as built into it.
    var tables: Tables {
        Tables(refusals: refusals, starterQuestions: starterQuestions, broadestSubject: broadestSubject, coreStems: coreStems)
    }

    // MARK: - Commands

    private func command(_ text: String, state: inout SessionState) -> Reply {
        let name = text.split(separator: " ").first.map { $0.lowercased() } ?? ""
        switch name {
        case "/help", "/?":
            return Reply(kind: .command, body: responses.fill(responses.help))
        case "/reset":
            state = SessionState()
            return Reply(kind: .command, body: responses.fill(responses.reset))
        case "/quit", "/exit", "/q":
            var reply = Reply(kind: .command, body: responses.fill(responses.goodbye))
            reply.action = .quit
            return reply
        case "/topics":
            let lines = knowledge.subjects.map { subject in
                let titles = knowledge.topics.filter { $0.subject == subject.id }.map(\.title)
                return "\(subject.name): " + titles.joined(separator: "; ")
            }
            return Reply(kind: .command, body: "I can answer questions on these topics.\n" + lines.joined(separator: "\n"))
        case "/sources":
            let lines = knowledge.sources.map { "- \($0.title) (\($0.publisher))" }
            return Reply(kind: .command, body: "My answers are written from these documents:\n" + lines.joined(separator: "\n"))
        case "/why":
            guard !state.lastQuestion.isEmpty else {
                return Reply(kind: .command, body: "Nothing to explain yet: ask a question first, then /why.")
            }
            return Reply(kind: .command, body: explain(state.lastQuestion, context: state.lastContext))
        default:
            return Reply(kind: .error, body: "Unknown command \(name). The commands are /help, /topics, /sources, /why, /reset and /quit.")
        }
    }

    /// How a question was read and scored, for `--explain` and `/why`.
    public func explain(_ text: String, context: MatchContext = MatchContext()) -> String {
        let result = matcher.match(text, context: context)
        let analysis = result.analysis
        var lines: [String] = []
        lines.append("question: \(text)")
        lines.append("tokens: \(analysis.tokens.joined(separator: " "))")
        if !analysis.corrections.isEmpty {
            lines.append("corrections: " + analysis.corrections.map { "\($0.from) -> \($0.to)" }.joined(separator: ", "))
        }
        if !analysis.unknownWords.isEmpty { lines.append("unknown words: \(analysis.unknownWords.joined(separator: ", "))") }
        lines.append("terms: \(analysis.terms.joined(separator: " "))")
        if !analysis.concepts.isEmpty { lines.append("concepts: \(analysis.concepts.joined(separator: ", "))") }
        lines.append("subjects: \(analysis.subjects.map(\.id).joined(separator: ", "))  facets: \(analysis.facets.map(\.id).joined(separator: ", "))")
        if result.usedContext {
            lines.append("context: subject \(context.subject ?? "-"), facet \(context.facet ?? "-")")
        }
        lines.append("domain words: \(result.hasDomainAnchor ? "yes" : "no")")
        for candidate in result.candidates {
            let marks = (candidate.subjectMatched ? " subject" : "") + (candidate.facetMatched ? " facet" : "")
            lines.append(String(format: "  %@  score %.2f  coverage %.2f  confidence %.2f%@",
                                candidate.topic, candidate.score, candidate.coverage, candidate.confidence, marks))
        }
        let verdict: String
        switch result.decision {
        case .answer(let topic): verdict = "answer \(topic)"
        case .clarify(let topics): verdict = "clarify between \(topics.joined(separator: ", "))"
        case .fallback: verdict = "fallback (confidence below \(Matcher.answerThreshold) or no domain words)"
        }
        lines.append("decision: \(verdict)")
        // The detector reads the whole message, as a reply does; the matcher may have answered
        // on its last clauses only.
        let scan = detector.scan(matcher.analyzer.analyze(text))
        if !scan.present.isEmpty || !scan.suppressed.isEmpty {
            lines.append("red-flag findings: \(scan.present.sorted().joined(separator: ", "))"
                + (scan.suppressed.isEmpty ? "" : "; not counted: " + scan.suppressed.map { "\($0.finding) (\($0.reason.rawValue))" }.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n")
    }
}

extension Assistant.Tables {
    /// The tables of a knowledge base, whose words the analyzer stems.
    init(knowledge: KnowledgeBase, analyzer: TextAnalyzer) {
        var refusals = PhraseTable<Bool>()
        for cue in knowledge.refusalCues { refusals.add(TextNormalizer.tokens(cue).map(Assistant.refusalForm), true) }
        // Found once: the starter questions come from the same subject.
        let broadest = Assistant.broadestSubject(of: knowledge)
        self.init(refusals: refusals, starterQuestions: Assistant.starters(of: knowledge, broadest: broadest), broadestSubject: broadest,
                  coreStems: Set(knowledge.subjects.filter { $0.id == broadest }.flatMap(\.cues).flatMap { analyzer.stems(of: $0) }))
    }
}
