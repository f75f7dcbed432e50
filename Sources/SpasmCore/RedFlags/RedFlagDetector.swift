/// Why a mention of a finding does not count as the person reporting it now.
public enum SuppressionReason: String, Sendable, Hashable {
    case negated
    case hypothetical
    case otherPerson = "other-person"
    case past
}

/// A finding mentioned but not reported as current, and why.
public struct SuppressedMention: Sendable, Hashable {
    public var finding: String
    public var reason: SuppressionReason
}

/// The findings one message reports, and those it mentions without reporting.
public struct SymptomScan: Sendable, Hashable {
    /// Findings the person reports having now.
    public var present: Set<String> = []
    public var suppressed: [SuppressedMention] = []
    /// Positions (in the analysed tokens) of the words of negated mentions, which say what the
    /// person does not have and so must not steer the answer ("no swelling, how do I stretch?").
    public var negatedPositions: [Int] = []
    /// Findings about someone else happening now, in a message where the writer says nothing
    /// about themselves or the past ("my dad just collapsed and is shaking"): a caregiver's report
    /// of an emergency still calls for one. The message's unattributed signs are theirs too ("my
    /// daughter has leg cramps, a fever and she keeps vomiting"); empty when none is theirs.
    public var someoneElseNow: Set<String> = []
    /// Whether the message asks in general or "what if" about a warning sign.
    public var isHypothetical: Bool { suppressed.contains { $0.reason == .hypothetical } }
}

/// Finds red-flag findings in a message, with negation, hypotheticals, other people and the past.
///
/// A scan runs in fixed steps over the analysed words:
/// 1. Each word is read as a phrase word, or, when it is an unknown word of five or more
///    letters one edit from a phrase word ("swolen"), as that word.
/// 2. Finding phrases are matched longest first, so a phrase that contains "not" ("can not
///    breathe", "not sweating") takes its words before "not" can act as a negation.
/// 3. Context triggers are matched on the words left: negations before and after a finding
///    (NegEx), pseudo-negations that do nothing, hypotheticals, someone else and the past (ConText).
/// 4. Each trigger suppresses the mentions in its scope; what is left is reported as present.
public struct RedFlagDetector: Sendable {
    let catalog: RedFlagCatalog
    /// The catalog's rules as bits, for ``rulesHolding(for:history:)``.
    private let ruleBits: RuleBits
    let patterns: FindingPatterns
    /// The context triggers by first stem, longest first (see ``triggerTable(analyzer:)``).
    let triggers: [String: [TriggerEntry]]
    /// The shapes of the triggers' first stems, so most words are passed over without a look-up.
    private let triggerShapes: WordShapes
    /// The pseudo-negations of ``triggers`` alone, in the same order, and their shapes: the first
    /// pass looks for nothing else (derived from ``triggers``, so not stored).
    private let pseudoTriggers: [String: [TriggerEntry]]
    private let pseudoTriggerShapes: WordShapes
    private let corrector: SpellingCorrector
    private let stemmer = Porter2Stemmer()
    /// Single words that end every scope, known before phrases are matched so gaps stop there.
    private let scopeEnds: Set<String>
    /// The shapes of ``scopeEnds``, checked before each word's look-up.
    private let scopeEndShapes: WordShapes
    /// Stems of ``ContextTriggers/objectVerbs``.
    private let objectVerbs: Set<String>

    /// How many words a negation reaches past the trigger or the last finding it negated.
    static let negationReach = 5
    /// How many words a "went away" looks back over to find what it negates.
    static let postNegationReach = 4
    /// What a count of more than ten minutes, or of hours, reads as, unit included: the phrases
    /// say "for ... longduration" once instead of listing every number ("for about 20 minutes").
    static let longDurationWord = "longduration"
    /// The stem of ``longDurationWord``, stemmed once rather than on every scan.
    static let longDurationStem = Porter2Stemmer().stem(longDurationWord)
    /// Words that, right after an auxiliary opening a sentence, show it is a statement with its
    /// subject left out ("can barely breathe", "is really swollen"), not a question.
    static let statementAdverbs: Set<String> = [
        "not", "bare", "barley", "hard", "onli", "just", "realli", "still", "also", "so", "veri", "definit",
        "liter", "even", "now", "actual", "total", "complet", "never", "alway", "sometim", "kind", "sort",
    ]
    /// Words after "went down" that say when a swelling settled, as stems ("went down overnight").
    static let whenSettled: Set<String> = [
        "overnight", "by", "after", "again", "quick", "quickli", "soon", "later", "within", "in", "the",
        "over", "when", "onc", "with", "straight",
    ]
    /// Words read as typed rather than stemmed, in phrases and messages alike: "my legs went
    /// numb" says both legs, "my leg went numb" one; "she is fitting" is a seizure, "how do I fit
    /// it in" is not; "this is so confusing" is not confusion.
    static let keptAsTyped: Set<String> = ["legs", "fitting", "confusing"]
    /// Whether a word is one of ``keptAsTyped``, checked by shape first: nearly every word is not.
    static func isKeptAsTyped(_ word: String) -> Bool {
        keptAsTypedShapes.mayContain(word) && keptAsTyped.contains(word)
    }
    private static let keptAsTypedShapes = WordShapes(keptAsTyped)

    /// How a phrase word is read: its stem, or itself when it is kept as typed.
    static func reading(ofWord word: String, stem: (String) -> String) -> String {
        keptAsTyped.contains(word) ? word : stem(word)
    }

    /// Real words close to a phrase word that must never be read as it ("never" is not "fever").
    static let neverTolerated: Set<String> = [
        "never", "fewer", "lever", "seven", "heard", "hearth", "beats", "heats", "sweet", "sweats",
        "swole", "breed", "bread", "faith", "paint", "point", "saint", "calm", "chess", "cheat", "feature",
    ]

    /// Findings some rule uses: a look-alike no rule uses ("warming up") is only there to take
    /// words away from real findings, so negating it ("not warming up") hides nothing.
    private let ruleFindings: Set<String>

    public init(catalog: RedFlagCatalog, analyzer: TextAnalyzer) {
        self.init(catalog: catalog, analyzer: analyzer, patterns: Self.patterns(of: catalog, analyzer: analyzer))
    }

    /// The findings' phrases indexed for matching: the slowest part of building a detector.
    static func patterns(of catalog: RedFlagCatalog, analyzer: TextAnalyzer) -> FindingPatterns {
        FindingPatterns(findings: catalog.findings, stem: { Self.reading(ofWord: $0, stem: analyzer.stem) },
                        words: { TextNormalizer.words($0) })
    }

    /// The context triggers of ``ContextTriggers`` stemmed, by first stem, longest first: the
    /// build stores them in the compiled assistant, so start-up does not stem them again.
    static func triggerTable(analyzer: TextAnalyzer) -> [String: [TriggerEntry]] {
        var table: [String: [TriggerEntry]] = [:]
        func add(_ phrases: [String], _ kind: TriggerKind) {
            for phrase in phrases {
                let stems = analyzer.stems(of: phrase)
                guard let first = stems.first else { continue }
                table[first, default: []].append(TriggerEntry(stems: stems, kind: kind))
            }
        }
        add(ContextTriggers.negatesAfter, .negatesAfter)
        add(ContextTriggers.negatesBefore, .negatesBefore)
        add(ContextTriggers.negatesEither, .negatesEither)
        add(ContextTriggers.pseudo, .pseudo)
        add(ContextTriggers.hypothetical, .hypothetical)
        add(ContextTriggers.hypotheticalFeelLike, .hypotheticalFeelLike)
        add(ContextTriggers.hypotheticalOpening, .hypotheticalOpening)
        add(ContextTriggers.hypotheticalMessage, .hypotheticalMessage)
        add(ContextTriggers.generalQuestion, .generalQuestion)
        add(ContextTriggers.worryQuestion, .generalQuestion)
        add(ContextTriggers.generalWhQuestion, .generalWhQuestion)
        add(ContextTriggers.otherPerson, .otherPerson)
        add(ContextTriggers.past, .past)
        add(ContextTriggers.pastClauseEnd, .pastClauseEnd)
        add(ContextTriggers.terminators, .terminator)
        for key in table.keys { table[key]?.sort { $0.stems.count > $1.stems.count } }
        return table
    }

    /// A detector whose phrase patterns, and perhaps context triggers, are already built (as
    /// `Assistant(compiled:)` reads them).
    init(catalog: RedFlagCatalog, analyzer: TextAnalyzer, patterns: FindingPatterns, triggers: [String: [TriggerEntry]]? = nil) {
        self.catalog = catalog
        self.ruleBits = RuleBits(rules: catalog.rules)
        self.ruleFindings = Set(catalog.rules.flatMap { $0.when.flatMap { $0 } })
        self.corrector = analyzer.corrector
        self.patterns = patterns
        self.triggers = triggers ?? Self.triggerTable(analyzer: analyzer)
        self.triggerShapes = WordShapes(self.triggers.keys)
        let pseudoTriggers = self.triggers.mapValues { $0.filter { $0.kind == .pseudo } }.filter { !$0.value.isEmpty }
        self.pseudoTriggers = pseudoTriggers
        self.pseudoTriggerShapes = WordShapes(pseudoTriggers.keys)
        self.scopeEnds = Set(["but", "however", "although", "though", "yet", "except"].map { Porter2Stemmer().stem($0) })
        self.scopeEndShapes = WordShapes(scopeEnds)
        self.objectVerbs = Set(ContextTriggers.objectVerbs.map { Porter2Stemmer().stem($0) })
    }

    /// The findings of one message.
    public func scan(_ analysis: AnalyzedText) -> SymptomScan {
        let words = readings(of: analysis)
        let count = words.count
        var taken = [Bool](repeating: false, count: count)
        let ends = Set(words.indices.filter { scopeEndShapes.mayContain(words[$0]) && scopeEnds.contains(words[$0]) })

        // Findings first, longest first, so their own "not" is theirs.
        var mentions: [FindingMatch] = []
        let messageBits = FindingPatterns.wordBits(of: words)
        let message = patterns.message(words)
        for index in words.indices where words[index] != "." && !taken[index] {
            if let found = patterns.longestMatch(in: message, at: index, taken: taken, ends: ends, messageBits: messageBits) {
                mentions.append(found)
                for anchor in found.anchors { taken[anchor] = true }
            }
        }
        guard !mentions.isEmpty else { return SymptomScan() }

        let context = triggerMatches(in: words, taken: taken)
        let layout = ClauseLayout(words: words, triggers: context)
        var reasons = [SuppressionReason?](repeating: nil, count: mentions.count)
        func suppress(_ index: Int, _ reason: SuppressionReason) {
            if reasons[index] == nil || rank(reason) < rank(reasons[index]!) { reasons[index] = reason }
        }
        let mentionEndingAt = Dictionary(mentions.enumerated().map { ($1.end, $0) }, uniquingKeysWith: { first, _ in first })

        for trigger in context {
            switch trigger.kind {
            case .negatesAfter:
                negateForward(from: trigger.range.upperBound, words: words, taken: taken, layout: layout,
                              mentionEndingAt: mentionEndingAt, mentions: mentions) { suppress($0, .negated) }
            case .negatesBefore:
                negateBackward(from: trigger.range.lowerBound, words: words, layout: layout,
                               mentionEndingAt: mentionEndingAt, mentions: mentions) { suppress($0, .negated) }
            case .negatesEither:
                negateForward(from: trigger.range.upperBound, words: words, taken: taken, layout: layout,
                              mentionEndingAt: mentionEndingAt, mentions: mentions) { suppress($0, .negated) }
                negateBackward(from: trigger.range.lowerBound, words: words, layout: layout,
                               mentionEndingAt: mentionEndingAt, mentions: mentions) { suppress($0, .negated) }
            case .hypothetical, .hypotheticalOpening, .hypotheticalFeelLike, .generalQuestion, .generalWhQuestion:
                for clause in layout.hypotheticalClauses(from: trigger.range.lowerBound, taken: taken) {
                    for (index, mention) in mentions.enumerated()
                    where layout.clause[mention.start] == clause && mention.start >= trigger.range.lowerBound
                        && !saysNow(after: mention.end, words: words) {
                        suppress(index, .hypothetical)
                    }
                }
            case .hypotheticalMessage:
                for index in mentions.indices { suppress(index, .hypothetical) }
            case .otherPerson:
                let clause = layout.clause[trigger.range.lowerBound]
                let stop = layout.firstPerson(after: trigger.range.upperBound, in: clause)
                for (index, mention) in mentions.enumerated()
                where layout.clause[mention.start] == clause && mention.start >= trigger.range.upperBound && mention.start < stop {
                    suppress(index, .otherPerson)
                }
            case .past, .pastClauseEnd:
                let clause = layout.clause[trigger.range.lowerBound]
                // "my calf was swollen, but that was last year": a clause that only dates what
                // "that" or "it" points back to dates the clause before it.
                let dated = mentions.contains { layout.clause[$0.start] == clause } || !layout.pointsBack(clause)
                    ? [clause] : [clause, clause - 1]
                for (index, mention) in mentions.enumerated() where dated.contains(layout.clause[mention.start]) {
                    suppress(index, .past)
                }
            case .pseudo, .terminator:
                break
            }
        }

        var scan = SymptomScan()
        scan.someoneElseNow = someoneElseNow(mentions: mentions, reasons: reasons, context: context, layout: layout, words: words)
        var seen: Set<SuppressedMention> = []
        for (index, mention) in mentions.enumerated() {
            if let reason = reasons[index] {
                if reason == .negated && ruleFindings.contains(mention.finding) { scan.negatedPositions += mention.anchors }
                let item = SuppressedMention(finding: mention.finding, reason: reason)
                if seen.insert(item).inserted { scan.suppressed.append(item) }
            } else {
                scan.present.insert(mention.finding)
            }
        }
        return scan
    }

    /// Whether "now" follows a finding closely ("is it serious if my chest hurts right now?"): a
    /// question about a sign the writer has at this moment is not hypothetical.
    private func saysNow(after end: Int, words: [String]) -> Bool {
        var index = end + 1
        while index < words.count && index <= end + 3 && words[index] != "." {
            // "Now that I'm pregnant" and "now and then" do not say it is happening.
            let next = index + 1 < words.count ? words[index + 1] : "."
            if Self.nowWords.contains(words[index]) && !(words[index] == "now" && ["that", "and"].contains(next)) { return true }
            index += 1
        }
        return false
    }

    /// Verbs, as stems, by which "I" reports the writer's own body ("I have", "I've got", "I feel").
    static let selfReportVerbs: Set<String> = ["have", "got", "get", "feel", "felt", "had", "hurt", "keep", "woke"]

    /// Stems that place a sign at this moment.
    static let nowWords: Set<String> = ["now", "current", "moment"]

    /// The findings said of someone else when the message is only about them, now: no word about
    /// the writer after the person is named, nothing dated, and a word that says it is happening now.
    private func someoneElseNow(mentions: [FindingMatch], reasons: [SuppressionReason?],
                                context: [ContextTrigger], layout: ClauseLayout, words: [String]) -> Set<String> {
        let people = context.filter { $0.kind == .otherPerson }
        guard let first = people.first,
              !context.contains(where: { $0.kind == .past || $0.kind == .pastClauseEnd }) else { return [] }
        let naming = Set(people.flatMap { Array($0.range) })
        let rest = words.indices.filter { $0 >= first.range.upperBound && !naming.contains($0) }
        let theirs = mentions.indices.filter { reasons[$0] == .otherPerson }
        // "Now" must tell of the symptoms, not of a question after them ("what should she do now?").
        // The writer speaks of themselves with "my", with "I have", "I feel" and the like, or where
        // a sign follows their word in its clause before anyone else is named. "She just told
        // me", "he isn't responding to me" and "what do I do" are the carer talking.
        let personStarts = people.map(\.range.lowerBound)
        func speaksOfSelf(_ index: Int) -> Bool {
            let word = words[index]
            guard layout.isFirstPerson(at: index) else { return false }
            if word != "i" && word != "me" { return true }
            if word == "i", words[(index + 1)...].prefix(2).contains(where: Self.selfReportVerbs.contains) { return true }
            return mentions.contains { mention in
                mention.start > index && layout.clause[mention.start] == layout.clause[index]
                    && !ContextTriggers.stances.contains(mention.finding)
                    && !personStarts.contains { $0 > index && $0 < mention.start }
            }
        }
        guard let lastEnd = theirs.map({ mentions[$0].end }).max(),
              !rest.contains(where: { speaksOfSelf($0) || ContextTriggers.secondHand.contains(words[$0]) })
        else { return [] }
        // "Now", or the present tense with nothing in the past ("my dad is having a fit", "my
        // husband's calf is swollen and red").
        // What is told of them: up to a few words past their last finding, in the same sentence
        // ("my boyfriend collapsed and is shaking").
        let sentenceEnd = words[lastEnd...].firstIndex(of: ".") ?? words.count
        let told = rest.filter { $0 <= min(lastEnd + 4, sentenceEnd) }
        // A past-tense verb alone does not date an emergency: a carer tells what just happened in
        // the past tense ("she had spasms all over and then she started fitting").
        let undated = !rest.contains { isHabitual(at: $0, in: words) || isDating(at: $0, in: words) }
        // The message says nothing of the writer, so its unattributed signs are theirs too.
        let findings = Set(theirs.map { mentions[$0].finding })
            .union(mentions.indices.filter { reasons[$0] == nil }.map { mentions[$0].finding })
        let worst = gravestRule(for: findings)?.level
        // A sign they have just found or noticed is there now ("he found a lump near his spine").
        let discovered = theirs.contains { index in
            let start = mentions[index].start, clause = layout.clause[start]
            let before = rest.filter { $0 < start && layout.clause[$0] == clause }
            return before.contains { ContextTriggers.discovery.contains(words[$0]) }
                && !before.contains { isHabitual(at: $0, in: words) }
        }
        // "Has had" dates a finding ("my mum has had a clot") unless the message says it has gone
        // on until now ("he's had calf cramps all day", "she has had a fever since this morning").
        let untilNow = rest.contains { index in
            ContextTriggers.untilNow.contains(words[index])
                || words[index] == "all" && index + 1 < words.count && ContextTriggers.partsOfDay.contains(words[index + 1])
        }
        func datesIt(_ index: Int) -> Bool {
            guard ContextTriggers.pastTense.contains(words[index]) else { return false }
            return !(untilNow && index > 0 && ["has", "have"].contains(words[index - 1]))
        }
        let now = discovered || rest.contains { ContextTriggers.happeningNow.contains(words[$0]) && $0 <= lastEnd + 2 }
            || told.contains { ContextTriggers.presentTense.contains(words[$0]) }
                && !told.contains { datesIt($0) || isHabitual(at: $0, in: words) }
            // An emergency told of someone else with nothing dating it ("he collapsed after the
            // race") is taken as just now: asking about it later costs less than waiting.
            || undated && worst == .emergency
        // Someone already in care ("on blood thinners", "her midwife says it's normal") is not an
        // emergency being described as it happens.
        let inCare = rest.contains { ContextTriggers.inCare.contains(words[$0]) }
            || rest.contains { $0 > 0 && ["his", "her", "their", "the"].contains(words[$0 - 1]) && ContextTriggers.carers.contains(words[$0]) }
        // A lasting sign told as a habit ("my grandad has to stop every few hundred metres because
        // his legs cramp") is theirs now too, when it only calls for booking an appointment.
        // People in general ("why do some people get cramps every night?") have no habit to report.
        let named = people.contains { !ContextTriggers.peopleInGeneral.contains(words[$0.range].joined(separator: " ")) }
        let lasting = named && !rest.contains { isDating(at: $0, in: words) } && worst == .seeDoctor
        guard now || lasting, !inCare else { return [] }
        return findings
    }

    /// Whether the word at `index` makes a present tense tell of what usually happens: "getting
    /// worse" tells of now, "gets cramps" of a habit.
    private func isHabitual(at index: Int, in words: [String]) -> Bool {
        guard ContextTriggers.habitual.contains(words[index]) else { return false }
        return !(words[index] == "get" && index + 1 < words.count && ContextTriggers.comparatives.contains(words[index + 1]))
    }

    /// Whether the word at `index` dates an event: "every time" and "each time" tell of a habit,
    /// not of when, and "for a couple of months" or "for the last few weeks" of how long it has
    /// gone on (still now), unless "ago" follows.
    private func isDating(at index: Int, in words: [String]) -> Bool {
        let word = words[index]
        guard ContextTriggers.dating.contains(word) else { return false }
        if word == "time" && index > 0 && ["everi", "each", "ani"].contains(words[index - 1]) { return false }
        let after = words[(index + 1)...].prefix(5)
        if word == "last" {
            // "for the last few weeks", not "last week".
            return !(index >= 2 && words[index - 1] == "the" && ContextTriggers.durationOpeners.contains(words[index - 2])
                && !after.prefix(while: { $0 != "." }).contains("ago"))
        }
        if ContextTriggers.spans.contains(word) {
            let before = words[max(0, index - 4)..<index]
            if let opener = before.lastIndex(where: ContextTriggers.durationOpeners.contains),
               !words[opener..<index].contains("."), !after.prefix(2).contains("ago") {
                return false
            }
        }
        return true
    }

    /// Which reason wins when several apply: a negation says most, the past least.
    private func rank(_ reason: SuppressionReason) -> Int {
        switch reason {
        case .negated: 0
        case .hypothetical: 1
        case .otherPerson: 2
        case .past: 3
        }
    }

    // MARK: - Reading the words

    /// The stem of each word, or the phrase stem a misspelt word stands for; a long duration
    /// ("25 minutes", "a couple of hours") reads as ``longDurationWord``.
    private func readings(of analysis: AnalyzedText) -> [String] {
        // A word the spelling corrector changed is also tried as typed: the corrector never
        // produces red-flag words, so "feverr" may have become some other known word.
        var typedAs: [String: String] = [:]
        for correction in analysis.corrections { typedAs[correction.to] = correction.from }
        let longDurations = Self.longDurationPositions(in: analysis.stems)
        let longDuration = Self.longDurationStem
        return analysis.tokens.indices.map { index in
            if !longDurations.isEmpty && longDurations.contains(index) { return longDuration }
            let token = analysis.tokens[index]
            let stem = Self.isKeptAsTyped(token) ? token : analysis.stems[index]
            if stem == "." || patterns.vocabulary.contains(stem) { return stem }
            if !typedAs.isEmpty, let typed = typedAs[token], isTolerable(typed),
               let near = patterns.nearestStem(toWord: typed, stem: stemmer.stem(typed)) { return near }
            if isTolerable(token), let near = patterns.nearestStem(toWord: token, stem: stemmer.stem(token)) { return near }
            return stem
        }
    }

    /// The positions of numbers that count more than ten minutes or any hours: "20 minutes",
    /// "twenty five mins", "a couple of hours", "20mins".
    static func longDurationPositions(in stems: [String]) -> Set<Int> {
        // Nearly every stem is neither: the number words are checked by shape before a look-up.
        func value(_ stem: String) -> Int? {
            // Only a stem opening with a digit or a sign can be a number: the rest are not parsed.
            if let first = stem.utf8.first,
               (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-"),
               let number = Int(stem) {
                return number
            }
            return numberWordShapes.mayContain(stem) ? ContextTriggers.numberWords[stem] : nil
        }
        var positions: Set<Int> = []
        var index = 0
        while index < stems.count {
            let stem = stems[index]
            // A number and its unit typed as one word ("20mins", "2hrs").
            // A stem that opens with an ASCII byte other than a digit has no leading number: the
            // character look-up is skipped for nearly every word.
            let opensWithNumber = stem.utf8.first.map { $0 >= 0x80 || (0x30...0x39).contains($0) } ?? false
            let digits = opensWithNumber ? stem.prefix { $0.isNumber } : Substring()
            if !digits.isEmpty, digits.count < stem.count, let number = Int(digits) {
                let unit = String(stem.dropFirst(digits.count))
                if ContextTriggers.hourWords.contains(unit) || unit == "h"
                    || ContextTriggers.minuteWords.contains(unit) && number > 10 {
                    positions.insert(index)
                }
                index += 1
                continue
            }
            guard var total = value(stem) else { index += 1; continue }
            var end = index + 1
            // "twenty five", "a couple of": more number words and "of" belong to the count.
            while end < stems.count, end - index <= 2, let more = value(stems[end]) ?? (stems[end] == "of" ? 0 : nil) {
                if more < 10 && total >= 20 { total += more }
                end += 1
            }
            if end < stems.count, ContextTriggers.hourWords.contains(stems[end])
                || (ContextTriggers.minuteWords.contains(stems[end]) && total > 10) {
                positions.formUnion(index...end)
                end += 1
            }
            index = end
        }
        return positions
    }

    /// The shapes of ``ContextTriggers/numberWords``.
    private static let numberWordShapes = WordShapes(ContextTriggers.numberWords.keys)

    /// Whether a word may be read as a nearby phrase word: long, not a word the knowledge base
    /// or everyday English already knows, and letters only.
    private func isTolerable(_ word: String) -> Bool {
        // No word has more characters than bytes; a word of ASCII letters has one a byte.
        let bytes = word.utf8
        guard bytes.count >= FindingPatterns.shortestTolerated else { return false }
        let asciiLetters = bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) }
        return (asciiLetters || word.count >= FindingPatterns.shortestTolerated && word.allSatisfy(\.isLetter))
            && !corrector.knows(word) && !corrector.english.contains(word) && !StopWords.contains(word)
            && !Self.neverTolerated.contains(word)
    }

    /// Context triggers on the words no finding took, longest first, with their conditions.
    ///
    /// Pseudo-negations go first, so "is not only" is read as "not only" rather than as "is not".
    private func triggerMatches(in words: [String], taken: [Bool]) -> [ContextTrigger] {
        let pseudo = triggerMatches(in: words, taken: taken, onlyPseudo: true)
        var free = taken
        for trigger in pseudo { for index in trigger.range { free[index] = true } }
        // "in 2015": a year named with "in" dates its clause.
        let years = words.indices.filter { index in
            index > 0 && words[index - 1] == "in" && words[index].count == 4
                && (words[index].hasPrefix("19") || words[index].hasPrefix("20")) && words[index].allSatisfy(\.isNumber)
        }.map { ContextTrigger(range: ($0 - 1)..<($0 + 1), kind: .past) }
        return (pseudo + years + triggerMatches(in: words, taken: free, onlyPseudo: false)).sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Trigger matches on the free words, left to right: pseudo-negations only, or every kind.
    private func triggerMatches(in words: [String], taken: [Bool], onlyPseudo: Bool) -> [ContextTrigger] {
        var found: [ContextTrigger] = []
        let (table, shapes) = onlyPseudo ? (pseudoTriggers, pseudoTriggerShapes) : (triggers, triggerShapes)
        var index = 0
        while index < words.count {
            guard !taken[index], shapes.mayContain(words[index]), let candidates = table[words[index]] else {
                index += 1
                continue
            }
            var matched: ContextTrigger?
            for candidate in candidates where index + candidate.stems.count <= words.count {
                let range = index..<(index + candidate.stems.count)
                guard PhraseTable<Bool>.follows(candidate.stems, in: words, at: index),
                      !range.contains(where: { taken[$0] }) else { continue }
                guard holds(candidate.kind, range: range, in: words) else { continue }
                matched = ContextTrigger(range: range, kind: candidate.kind)
                break
            }
            if let matched {
                found.append(matched)
                index = matched.range.upperBound
            } else {
                index += 1
            }
        }
        return found
    }

    /// Whether a trigger's extra condition holds where it was found.
    private func holds(_ kind: TriggerKind, range: Range<Int>, in words: [String]) -> Bool {
        let before = range.lowerBound > 0 ? words[range.lowerBound - 1] : "."
        let after = range.upperBound < words.count ? words[range.upperBound] : "."
        switch kind {
        case .hypotheticalOpening:
            return before == "." && !ContextTriggers.firstPerson.contains(after) && after != "not"
        case .generalQuestion:
            // A lone auxiliary must open the sentence; "should I worry about" may stand anywhere.
            guard range.count > 1 || before == ".", after != ".", !Self.statementAdverbs.contains(after) else { return false }
            var index = range.upperBound
            while index < words.count && words[index] != "." {
                if ContextTriggers.aboutWriter.contains(words[index]) { return false }
                index += 1
            }
            return index - range.upperBound >= 2
        case .generalWhQuestion:
            // Opening a sentence, and nothing after it about the writer.
            guard before == ".", after != "." else { return false }
            var index = range.upperBound
            while index < words.count && words[index] != "." {
                if ContextTriggers.aboutWriter.contains(words[index]) { return false }
                index += 1
            }
            return true
        case .hypothetical where words[range] == ["would"]:
            // "I would like to know why my calf is swollen" reports; "what would it mean" asks.
            return !ContextTriggers.firstPerson.contains(before)
        case .hypotheticalFeelLike:
            // "What does dark urine with muscle pain mean?" asks in general too, unless the
            // sentence names the writer's own ("what does it mean that my calf is swollen").
            var index = range.upperBound
            var namesWriter = false
            while index < words.count && words[index] != "." {
                if index + 1 < words.count && (words[index] == "feel" || words[index] == "look") && words[index + 1] == "like" { return true }
                namesWriter = namesWriter || ContextTriggers.firstPerson.contains(words[index])
                let endsSentence = index + 1 == words.count || words[index + 1] == "."
                if words[index] == "mean" && endsSentence && !namesWriter { return true }
                index += 1
            }
            return false
        case .otherPerson:
            return !objectVerbs.contains(before)
        case .pastClauseEnd:
            // "worse than before" compares; it does not date anything.
            let comparing = words[max(0, range.lowerBound - 4)..<range.lowerBound].contains("than")
            return (after == "." || scopeEnds.contains(after)) && !comparing
        case .negatesBefore where words[range].last == "gone" || words[range].last == "down":
            // "the swelling has gone" negates; "my leg has gone all fat" does not. "Went down"
            // may also say when ("it went down overnight", "by the next morning").
            return after == "." || scopeEnds.contains(after) || ["now", "away", "complet", "total", "alreadi", "sinc"].contains(after)
                || words[range].last == "down" && Self.whenSettled.contains(after)
        default:
            return true
        }
    }

    // MARK: - Negation scopes

    /// Negates the findings after a trigger, up to a terminator, the next trigger, a new clause or
    /// a few words past the last thing negated.
    private func negateForward(from start: Int, words: [String], taken: [Bool], layout: ClauseLayout,
                               mentionEndingAt: [Int: Int], mentions: [FindingMatch], negate: (Int) -> Void) {
        var lastAnchor = start - 1
        var negatedAny = false
        var index = start
        while index < words.count {
            if words[index] == "." {
                guard layout.isListContinuation(after: index, taken: taken) else { break }
                index += 1
                lastAnchor = index
                continue
            }
            if index > start && layout.startsScope(at: index) { break }
            if negatedAny && startsOwnReport(at: index, words: words) { break }
            // "Never had this before and my leg is swollen", "she won't answer me, I think it's a
            // fit": a joined or new report about the writer ends a negation even when what it
            // negated was no finding.
            if !negatedAny && index > start && ContextTriggers.firstPerson.contains(words[index])
                && (ContextTriggers.clauseJoiners.contains(words[index - 1]) || words[index - 1] == ".") { break }
            if index - lastAnchor > Self.negationReach { break }
            if taken[index] { lastAnchor = index }
            if let mention = mentionEndingAt[index], mentions[mention].start >= start || mentions[mention].anchors.count > 1 {
                negate(mention)
                negatedAny = true
            }
            index += 1
        }
    }

    /// Whether the writer starts saying something new about themselves at a position, which ends
    /// a negation that has already negated something: "no chest pain and i'm short of breath",
    /// "no fever and my calf is swollen". A "my" inside the negated list does not ("I didn't hit
    /// my head or pass out").
    private func startsOwnReport(at index: Int, words: [String]) -> Bool {
        guard ContextTriggers.firstPerson.contains(words[index]) else { return false }
        return words[index] != "my" || index > 0 && ContextTriggers.clauseJoiners.contains(words[index - 1])
    }

    /// Negates the finding just before a trigger ("the swelling went away"), and findings listed
    /// with it ("the swelling and redness went away").
    ///
    /// When the trigger's subject is a word pointing back ("it", "that", "they") that opens its
    /// clause, the findings of the clause just before are what it negates: "my ankles were puffy
    /// after the flight but it went down overnight".
    private func negateBackward(from start: Int, words: [String], layout: ClauseLayout,
                                mentionEndingAt: [Int: Int], mentions: [FindingMatch], negate: (Int) -> Void) {
        var index = start - 1
        var skipped = 0
        var pointsBack = false
        while index >= 0 && words[index] != "." && !layout.startsScope(at: index + 1) {
            if let mention = mentionEndingAt[index] {
                negate(mention)
                var previous = mentions[mention].start - 1
                while previous > 0, ["and", "or"].contains(words[previous]), let listed = mentionEndingAt[previous - 1] {
                    negate(listed)
                    previous = mentions[listed].start - 1
                }
                // "The swelling in my ankle from a sprain went away": the finding nearest the
                // negation names the cause of the one it belongs to, which goes away with it.
                for caused in causedMentions(before: mentions[mention].start, words: words, layout: layout,
                                             mentions: mentions) {
                    negate(caused)
                }
                return
            }
            // A cause phrase with no finding in it is looked over ("my calf swelling after the
            // flight has gone down").
            if let link = causeLink(endingAt: index, words: words), skipped < Self.postNegationReach {
                skipped += 1
                index = link - 1
                continue
            }
            guard ContextTriggers.postSkippable.contains(words[index]), skipped < Self.postNegationReach else {
                if pointsBack && ContextTriggers.backJoiners.contains(words[index]) {
                    negateClause(before: index, layout: layout, mentions: mentions, negate: negate)
                }
                return
            }
            if ContextTriggers.pointingBack.contains(words[index]) { pointsBack = true }
            skipped += 1
            index -= 1
        }
        if pointsBack && index >= 0 && (words[index] == "." || ContextTriggers.backJoiners.contains(words[index])) {
            negateClause(before: index, layout: layout, mentions: mentions, negate: negate)
        }
    }

    /// The findings a cause phrase belongs to: the mentions in the few words before "from",
    /// "after" or "due to" (and its article) that opens at `start`, in the same scope.
    private func causedMentions(before start: Int, words: [String], layout: ClauseLayout,
                                mentions: [FindingMatch]) -> [Int] {
        var index = start - 1
        if index >= 0, Self.articles.contains(words[index]) { index -= 1 }
        guard index > 0, Self.causeLinks.contains(words[index]) else { return [] }
        var first = index
        while first > 0, index - first < Self.causeReach, words[first - 1] != ".", !layout.startsScope(at: first) {
            first -= 1
        }
        return mentions.indices.filter { mentions[$0].start >= first && mentions[$0].end < index }
    }

    /// Where a short cause phrase ending at `end` starts: "after the flight", "from work".
    private func causeLink(endingAt end: Int, words: [String]) -> Int? {
        for link in stride(from: end - 1, through: max(0, end - 3), by: -1) {
            if words[link] == "." { return nil }
            if Self.causeLinks.contains(words[link]) {
                let between = words[(link + 1)...end]
                return between.count - (Self.articles.contains(between.first ?? "") ? 1 : 0) <= 2 ? link : nil
            }
        }
        return nil
    }

    /// Words that link a finding to its cause, as stems ("swelling from a sprain").
    static let causeLinks: Set<String> = ["from", "after", "due", "caus"]
    /// Articles a cause phrase may open with, as stems.
    static let articles: Set<String> = ["a", "an", "the", "my", "that", "this"]
    /// How many words a cause phrase looks back over to the finding it explains ("swelling in my
    /// left ankle from").
    static let causeReach = 4

    /// Negates the findings of the last clause before a boundary that has any, when it is at
    /// most two clauses back ("puffy, both of them, but it went down").
    private func negateClause(before boundary: Int, layout: ClauseLayout, mentions: [FindingMatch], negate: (Int) -> Void) {
        guard boundary > 0, let last = mentions.filter({ $0.end < boundary }).map(\.end).max() else { return }
        let clause = layout.clause[last]
        guard layout.clause[boundary - 1] - clause <= 2 else { return }
        for (index, mention) in mentions.enumerated() where mention.end < boundary && layout.clause[mention.end] == clause {
            negate(index)
        }
    }
}

/// A context trigger found in a message.
struct ContextTrigger: Sendable {
    var range: Range<Int>
    var kind: TriggerKind
}

/// The clauses of a message: split at sentence and comma boundaries and at scope terminators.
struct ClauseLayout {
    let words: [String]
    /// The clause number of each word.
    let clause: [Int]
    /// Where each trigger starts, by position.
    /// Indexed by position (one entry a word) rather than hashed: every word is read.
    private let triggerAt: [TriggerKind?]

    init(words: [String], triggers: [ContextTrigger]) {
        self.words = words
        var triggerAt = [TriggerKind?](repeating: nil, count: words.count)
        for trigger in triggers { triggerAt[trigger.range.lowerBound] = trigger.kind }
        self.triggerAt = triggerAt
        var clause: [Int] = []
        var number = 0
        for index in words.indices {
            if words[index] == "." || triggerAt[index] == .terminator { number += 1 }
            clause.append(number)
        }
        self.clause = clause
    }

    /// Whether a word begins something that ends a negation: a terminator or another trigger.
    func startsScope(at index: Int) -> Bool {
        guard triggerAt.indices.contains(index), let kind = triggerAt[index] else { return false }
        switch kind {
        case .negatesBefore, .pseudo: return false
        default: return true
        }
    }

    /// Whether a clause opens by pointing back at a finished event before it ("but that was years
    /// ago", "it was last summer"), after any linking word that began it.
    func pointsBack(_ number: Int) -> Bool {
        guard let first = clause.firstIndex(of: number) else { return false }
        var index = first
        while index < words.count, clause[index] == number, words[index] == "." || triggerAt[index] == .terminator
            || ContextTriggers.clauseOpeners.contains(words[index]) {
            index += 1
        }
        // Only a finished event is dated ("that was last year"); "it has been like that since
        // last year" is still going on.
        return index + 1 < words.count && clause[index + 1] == number
            && ContextTriggers.pointingBack.contains(words[index]) && ["was", "were", "happen"].contains(words[index + 1])
    }

    /// Whether the word at `index` speaks of the writer: "a friend of mine" still names the friend.
    func isFirstPerson(at index: Int) -> Bool {
        ContextTriggers.firstPerson.contains(words[index]) && !(words[index] == "mine" && index > 0 && words[index - 1] == "of")
    }

    /// The first first-person word after `start` in a clause, or the clause's end.
    func firstPerson(after start: Int, in number: Int) -> Int {
        var index = start
        while index < words.count && clause[index] == number {
            if isFirstPerson(at: index) { return index }
            index += 1
        }
        return index
    }

    /// The clause of a hypothetical trigger, and the next ones when they only give examples
    /// ("what kinds of back pain need checking, like with a fever?") or go on with a list of
    /// signs the comma broke ("what can nausea, fever and vomiting with cramps point to").
    func hypotheticalClauses(from start: Int, taken: [Bool]) -> [Int] {
        var result = [clause[start]]
        var index = start
        while index < words.count {
            let listGoesOn = index > 0 && index + 1 < words.count && taken[index - 1] && taken[index + 1]
            if words[index] == "." && index + 1 < words.count
                && (["like", "such", "say", "includ", "for", "e", "eg", "or"].contains(words[index + 1]) || listGoesOn) {
                result.append(clause[index + 1])
            } else if clause[index] != result.last! {
                break
            }
            index += 1
        }
        return result
    }

    /// Whether the comma-separated piece after a boundary only lists more findings
    /// ("it isn't swollen, red or warm"), so a negation carries on into it.
    func isListContinuation(after boundary: Int, taken: [Bool]) -> Bool {
        var index = boundary + 1
        var findings = 0
        while index < words.count && words[index] != "." {
            if ContextTriggers.contrastWords.contains(words[index]) {
                // "no chest pain or anything, just a red swollen calf": what follows is reported.
                return false
            } else if taken[index] {
                findings += 1
            } else if !ContextTriggers.listWords.contains(words[index]) && !FindingPatterns.fillers.contains(words[index]) {
                return false
            }
            index += 1
        }
        return findings > 0
    }
}

extension RedFlagDetector {
    /// The rules that hold for a set of findings, highest level first (then by id); findings
    /// told in the past count only for the rules that name them as ``RedFlagRule/history``.
    ///
    /// Only the rules that name one of the findings are checked: a conversation that has built
    /// up many findings would otherwise test every group of every rule on every turn.
    public func rulesHolding(for findings: Set<String>, history: Set<String> = []) -> [RedFlagRule] {
        // Every rule is checked, on bits: a rule holds only when every group has one of the
        // findings (or of the history it counts), so a rule that names none of them never does.
        let present = ruleBits.bits(of: findings), past = ruleBits.bits(of: history)
        return ruleBits.holding(present: present, past: past).map { catalog.rules[$0] }
    }

    /// The gravest rule that holds for a set of findings: the first of
    /// ``rulesHolding(for:history:)``, without finding and ordering the others.
    public func gravestRule(for findings: Set<String>, history: Set<String> = []) -> RedFlagRule? {
        let present = ruleBits.bits(of: findings), past = ruleBits.bits(of: history)
        return ruleBits.firstHolding(present: present, past: past) { _ in true }.map { catalog.rules[$0] }
    }

    /// The gravest rule a turn raises: one that holds for the conversation's findings and
    /// history, and that the turn either holds by itself or completes with a finding new to
    /// the conversation (one of `added`, which is part of `turn`, itself part of `findings`).
    ///
    /// The first of the conversation's holding rules that passes both tests; a long
    /// conversation holds many rules, and only the gravest raised one is ever shown.
    public func gravestRaisedRule(conversation findings: Set<String>, history: Set<String>,
                                  turn: Set<String>, added: Set<String>) -> RedFlagRule? {
        let turnBits = ruleBits.bits(of: turn), addedBits = ruleBits.bits(of: added)
        let none = [UInt64](repeating: 0, count: turnBits.count)
        // With nothing new that a rule names, only a rule the turn holds by itself is raised, and
        // it holds for the conversation too (whose findings include the turn's): the many
        // findings of a long conversation need not be looked up.
        guard addedBits.contains(where: { $0 != 0 }) else {
            return ruleBits.firstHolding(present: turnBits, past: none) { _ in true }.map { catalog.rules[$0] }
        }
        let present = ruleBits.bits(of: findings), past = ruleBits.bits(of: history)
        return ruleBits.firstHolding(present: present, past: past) { rule in
            ruleBits.holds(rule, present: turnBits, past: none) || ruleBits.names(rule, anyOf: addedBits)
        }.map { catalog.rules[$0] }
    }
}

extension RedFlagRule {
    /// Whether the findings complete the rule: every group has at least one of them, or one of
    /// the past findings the rule counts as history.
    public func holds(for findings: Set<String>, history: Set<String> = []) -> Bool {
        when.allSatisfy { group in
            group.contains { findings.contains($0) || history.contains($0) && self.history?.contains($0) == true }
        }
    }
}

/// Red-flag rules as bit sets of findings: whether a rule holds is a few ANDs instead of a
/// string set look-up for every finding of every group.
struct RuleBits: Sendable {
    /// The number of each finding any rule names, in its groups or its history.
    private let numbers: [String: Int]
    /// How many 64-bit words a set of findings takes.
    private let width: Int
    /// Every group of every rule, `width` words each, rule after rule.
    private let groups: [UInt64]
    /// The groups of each rule, as positions of groups (multiply by `width` for words).
    private let ruleGroups: [Range<Int>]
    /// The findings each rule counts as history, `width` words a rule.
    private let history: [UInt64]
    /// Rule positions gravest first (highest level, then by id): the order rules are checked
    /// and given in, fixed once so no turn has to sort the rules it finds.
    private let ranked: [Int]

    init(rules: [RedFlagRule]) {
        var numbers: [String: Int] = [:]
        for rule in rules {
            for finding in rule.when.joined() + (rule.history ?? []) where numbers[finding] == nil {
                numbers[finding] = numbers.count
            }
        }
        let width = max(1, (numbers.count + 63) / 64)
        func bits(_ findings: [String]) -> [UInt64] {
            var words = [UInt64](repeating: 0, count: width)
            for finding in findings {
                let number = numbers[finding]!
                words[number / 64] |= 1 << UInt64(number % 64)
            }
            return words
        }
        var groups: [UInt64] = [], ruleGroups: [Range<Int>] = [], history: [UInt64] = []
        for rule in rules {
            let first = groups.count / width
            for group in rule.when { groups += bits(group) }
            ruleGroups.append(first..<(groups.count / width))
            history += bits(rule.history ?? [])
        }
        (self.numbers, self.width, self.groups, self.ruleGroups, self.history) = (numbers, width, groups, ruleGroups, history)
        self.ranked = rules.indices.sorted { (rules[$1].level, rules[$0].id) < (rules[$0].level, rules[$1].id) }
    }

    /// A set of findings as bits; findings no rule names are left out, since they complete nothing.
    func bits(of findings: Set<String>) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: width)
        for finding in findings {
            if let number = numbers[finding] { words[number / 64] |= 1 << UInt64(number % 64) }
        }
        return words
    }

    /// The positions of the rules every group of which has a present finding or a past one the
    /// rule counts as history (``RedFlagRule/holds(for:history:)``), gravest first.
    func holding(present: [UInt64], past: [UInt64]) -> [Int] {
        ranked.filter { holds($0, present: present, past: past) }
    }

    /// The gravest rule position that holds and passes `test`, checking no rule after it.
    func firstHolding(present: [UInt64], past: [UInt64], where test: (Int) -> Bool) -> Int? {
        ranked.first { holds($0, present: present, past: past) && test($0) }
    }

    /// Whether every group of the rule at `rule` has a present finding or a past one it counts.
    func holds(_ rule: Int, present: [UInt64], past: [UInt64]) -> Bool {
        ruleGroups[rule].allSatisfy { group in
            (0..<width).contains { word in
                groups[group * width + word] & (present[word] | past[word] & history[rule * width + word]) != 0
            }
        }
    }

    /// Whether some group of the rule at `rule` names one of the findings.
    func names(_ rule: Int, anyOf findings: [UInt64]) -> Bool {
        ruleGroups[rule].contains { group in
            (0..<width).contains { word in groups[group * width + word] & findings[word] != 0 }
        }
    }
}
