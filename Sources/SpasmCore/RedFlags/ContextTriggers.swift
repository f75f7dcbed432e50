/// What a context word or phrase does to the findings around it (NegEx and ConText).
enum TriggerKind: Sendable, Hashable, CaseIterable {
    /// Negates findings that follow it, up to the end of its scope ("no", "without").
    case negatesAfter
    /// Negates the finding just before it ("went away", "resolved").
    case negatesBefore
    /// Negates in both directions ("no longer", "ruled out").
    case negatesEither
    /// Looks like a negation but is not one ("not only", "not sure if"); it is consumed so
    /// its words trigger nothing.
    case pseudo
    /// Makes the rest of its sentence a general or "what if" question ("if", "what does ... feel like").
    case hypothetical
    /// Hypothetical only at the start of a clause and not followed by "i" or "my": a question
    /// opening with "can" or "does a" ("can a cramp make you faint?").
    case hypotheticalOpening
    /// Hypothetical only when its clause also says "feel like" or "look like".
    case hypotheticalFeelLike
    /// Makes the whole message hypothetical, wherever it stands ("hypothetically", "just asking").
    case hypotheticalMessage
    /// A yes/no question about things in general: an auxiliary opening a sentence that says
    /// nothing about the writer ("is chest pain ever linked to cramps?", "do heat cramps turn
    /// into heatstroke?"); "is my calf swollen because of a clot?" still reports.
    case generalQuestion
    /// A question opening a sentence with "what is", "how are" and the like, general when the
    /// rest of the sentence says nothing about the writer ("what is a DVT?", "what is heatstroke";
    /// not "what is this swelling in my calf?").
    case generalWhQuestion
    /// Moves the rest of its clause to someone else ("my mum", "he").
    case otherPerson
    /// Moves its whole clause to the past ("years ago", "history of").
    case past
    /// Past only at the end of a clause ("had swelling before").
    case pastClauseEnd
    /// Ends every scope ("but", "however", "and now").
    case terminator
}

/// The trigger vocabulary, written in plain words and stemmed once in the detector's init.
///
/// Lists follow NegEx (Chapman et al. 2001) and ConText (Harkema et al. 2009), widened to how
/// people write in chat: contractions are already expanded by the normaliser ("don't" is
/// "do not"), so only the expanded forms are listed.
enum ContextTriggers {
    static let negatesAfter = [
        "no", "not", "without", "with no", "never", "denies", "denied", "deny", "absence of",
        "no sign of", "no signs of", "no evidence of", "free of", "do not have", "does not have",
        "did not have", "have not had", "has not had", "have not got", "have no", "has no",
        "is not", "was not", "are not", "were not", "nor", "neither", "none", "nothing like",
        "zero", "not any", "no more", "not been", "have not", "has not", "had no", "got no",
        "nothing", "no way", "nowhere near", "lack of", "clear of", "not a hint of", "not a trace of",
        "not in the slightest", "no hint of", "no trace of", "not one bit", "not a single",
        "got over", "getting over", "recovered from", "recovering from", "over the worst of",
    ]
    static let negatesBefore = [
        "went away", "gone away", "has gone", "have gone", "is gone", "are gone", "now gone",
        "resolved", "has resolved", "cleared up", "settled down", "has settled", "has passed",
        "is fine now", "are fine now", "fine now", "better now", "all better", "has stopped",
        "have stopped", "went down", "gone down", "unlikely", "not anymore", "not any more",
        "disappeared", "eased off", "has eased", "healed", "recovered",
    ]
    static let negatesEither = ["no longer", "ruled out", "was ruled out"]
    static let pseudo = [
        "no increase", "no change", "not only", "not just", "not necessarily", "without difficulty",
        "not certain whether", "not certain if", "not sure if", "not sure whether", "not sure",
        "not certain", "no idea", "not know if", "not know whether", "not tell if",
        "not stop", "not stopping", "not go away", "not going away", "not gone away", "not better",
        "not getting better", "not improving", "not easing", "not help", "not helping",
        "no matter", "not normal", "no reason", "no obvious", "no clear", "no apparent",
        "not relieve", "nothing helps",
        // Rest, not absence: "it cramps while I'm lying in bed doing nothing".
        "doing nothing", "did nothing", "done nothing",
        // Persistence, not absence: "cramps that haven't gone after cooling down".
        "not gone", "not eased", "not settled", "not cleared", "not passed", "not improved", "not stopped",
        "not let up", "not letting up", "not died down",
        "not quit", "not quitting", "not budge", "not budging", "not shift", "not shifting", "not ease",
        "not ease up", "not ease off", "not let go", "not letting go", "not loosen", "not loosen up",
        "not subside", "not subsiding", "not settle", "not settling", "not fade", "not fading", "not die down", "no better", "not any better", "no easier", "not work", "not working", "like someone", "as if someone",
        "as though someone", "like something",
        // "nothing" negates what it names ("nothing feels numb"), not what fails to help.
        "nothing i do", "nothing i try", "nothing i have tried", "nothing stops", "nothing eases", "nothing works",
        "nothing seems to", "nothing will", "nothing can", "nothing makes", "nothing has helped", "nothing is helping",
        "nothing relieves", "nothing shifts", "nothing gets rid of",
        // A comparison with how things used to be tells of now ("does not feel like it used to").
        "like it used to", "like they used to", "like i used to", "as it used to", "as they used to",
        "as i used to", "than it used to", "than they used to", "than i used to", "the way it used to",
        "the way they used to", "what it used to", "what they used to",
        // "as if" describes how something feels; "if anything" strengthens what follows.
        "as if", "as though", "if anything", "if not worse",
        // "Without" saying how something happened, not what is absent ("lost weight without trying").
        "without trying", "without meaning to", "without dieting", "without doing anything", "without warning",
        "without any warning", "without much effort",
    ]
    static let hypothetical = [
        "if", "what if", "in case", "could i", "could you", "should i worry if", "would", "what would",
        "how would", "what are the signs", "what are the symptoms",
        "what are the first signs", "signs of", "symptoms of", "sign of", "symptom of",
        "warning signs", "how do i know", "how do you know", "how can i tell", "how do you tell",
        "how do i tell", "how do you spot", "how to spot", "how to tell", "how would you know",
        "what should i watch", "watch out for", "look out for", "what should someone do",
        "what kinds of", "what kind of", "what types of", "what type of", "difference between",
        "supposing", "let us say", "is it possible", "can you get",
        "can someone", "does someone", "how likely", "is it dangerous", "is that dangerous",
        "is that serious", "is that bad", "what would it mean",
    ]
    /// Hypothetical only when its clause asks how something feels or looks ("what does a clot
    /// feel like"); "what does it mean that my calf is swollen" reports a symptom.
    static let hypotheticalFeelLike = ["what does", "what do", "what is it like", "how does"]
    static let hypotheticalOpening = ["can", "does a", "does an", "is a", "is an", "can a", "can an", "do you", "would",
        "could a", "could an", "would a", "might a", "will a", "when is", "when are", "when does", "when do",
        "when should", "when can", "at what point"]
    /// Auxiliaries that open a yes/no question; general when the sentence has no first-person word.
    static let generalQuestion = ["is", "are", "do", "does", "can", "could", "will", "should", "might", "may", "would"]
    /// Openings of "what is" questions; see ``TriggerKind/generalWhQuestion``.
    static let generalWhQuestion = [
        "what is", "what are", "what exactly is", "what actually is", "how is", "how are", "how common is",
        "how common are", "how serious is", "how serious are", "how dangerous is", "how dangerous are",
        "what counts as", "what qualifies as", "what is classed as", "what is classified as", "what is meant by",
        "what can", "what could", "what might",
    ]
    /// Asking whether a sign is worrying, anywhere in a sentence: general unless the sentence
    /// names the writer's own ("should I worry about dark urine after a marathon?").
    static let worryQuestion = [
        "should i worry about", "should i be worried about", "do i need to worry about", "when should i worry about",
        "when to worry about", "how worried should i be about", "is it worrying", "is it a worry",
    ]
    static let hypotheticalMessage = [
        "hypothetically", "hypothetical", "just asking", "for future reference", "just curious",
        "out of curiosity", "in general", "generally",
    ]
    static let otherPerson = [
        "he", "she", "him", "his", "her", "hers", "someone", "somebody", "someone else", "people",
        "a friend", "a runner", "a man", "a woman", "a guy", "a girl", "a player", "a colleague",
        "a patient", "family history", "runs in my family", "runs in the family", "asking for a friend",
        "they had", "they have had", "they got",
        // A family name names that person without "my" ("grandpa's foot is cold").
        "mum", "mom", "dad", "grandpa", "grandma", "grandad", "granddad", "granny", "nana", "hubby",
    ] + ["hubby", "mum", "mom", "mother", "mommy", "mummy", "dad", "father", "daddy", "sister", "brother",
         "son", "daughter", "wife", "husband", "friend", "partner", "boyfriend", "girlfriend",
         "grandma", "grandmother", "grandpa", "grandfather", "grandad", "granddad", "grandparent",
         "nan", "nana", "nanna", "granny", "gran", "uncle", "aunt", "auntie", "cousin", "kid", "kids",
         "child", "children", "baby", "toddler", "niece", "nephew", "teammate", "team mate",
         "colleague", "coworker", "co worker", "neighbour", "neighbor", "buddy", "gym buddy", "mate",
         "boss", "flatmate", "roommate", "parent", "parents", "stepdad", "stepmum", "stepmom",
         "fiance", "fiancee", "dog", "cat", "client", "patient", "student", "coach", "teacher",
    ].flatMap { ["my \($0)", "our \($0)", "your \($0)", "a \($0)", "the \($0)"] }
    static let past = [
        "history of", "used to", "years ago", "year ago", "decades ago", "decade ago", "months ago",
        "last year", "last winter", "last summer", "last spring", "last autumn", "previously",
        "in the past", "when i was", "as a child", "as a kid", "as a teenager", "as a teen",
        "in my twenties", "in my thirties", "in my teens", "back in", "years back", "long ago",
        "a long time ago", "previous", "prior", "once had", "had once",
        "all fine since", "fine since", "none since", "nothing since", "since then", "at the time",
        "was treated", "were treated",
    ]
    static let pastClauseEnd = ["before", "that time"]
    static let terminators = [
        "but", "however", "although", "though", "even though", "yet", "still", "except", "apart from",
        "aside from", "and now", "now", "whereas", "while", "meanwhile", "these days", "today",
        "this morning", "tonight", "right now", "at the moment", "currently", "anyway", "as for me",
        "for me", "for myself", "myself", "my own", "on the other hand", "this time", "since",
    ]

    /// Words that keep a negation going into the next comma-separated piece of a list
    /// ("it isn't swollen, red or warm"): a piece made only of these and findings continues it.
    static let listWords: Set<String> = ["or", "and", "nor", "no", "not", "ani", "at", "all", "either", "neither", "also", "even"]

    /// Words that set what follows against a negated list ("no fever, just a swollen calf"), as
    /// stems: the list does not carry on past them.
    static let contrastWords: Set<String> = ["just", "onli"]

    /// Words a "went away" may look back over to the finding it negates ("the swelling has all gone").
    static let postSkippable: Set<String> = [
        "it", "they", "has", "have", "had", "is", "are", "was", "were", "all", "complet", "total",
        "both", "the", "that", "this", "now", "pretti", "much", "most", "quit", "realli", "just", "s",
    ]

    /// Verbs that make the person after them an object, not the one with the symptoms: "I walk
    /// the dog and it stops when I rest" is about the writer.
    static let objectVerbs = [
        "walk", "walking", "walked", "take", "taking", "took", "carry", "carrying", "carried", "lift", "lifting",
        "lifted", "chase", "chasing", "chased", "push", "pushing", "pushed", "hold", "holding", "held", "watch",
        "watching", "feed", "feeding", "bath", "bathing", "help", "helping", "helped", "drive", "driving", "drove",
        "hug", "hugging", "play", "playing", "played", "visit", "visiting", "visited", "mind", "minding", "babysit",
        "babysitting", "train", "training", "coach", "coaching",
    ]

    /// Words that open a clause by pointing back at the one before ("but that was years ago").
    static let pointingBack: Set<String> = ["that", "it", "which", "this", "those", "they", "all"]
    /// Linking words a clause may start with before pointing back ("but", "and", "although").
    static let clauseOpeners: Set<String> = ["but", "and", "although", "though", "howev", "anyway"]

    /// First-person words: they end a mention of someone else, and end a negation that has
    /// already negated something ("no chest pain and i'm short of breath").
    static let firstPerson: Set<String> = ["i", "me", "my", "myself", "mine"]

    /// Words that say something is happening now, as stems ("my dad just collapsed", "and now
    /// she can't pee").
    static let happeningNow: Set<String> = ["now", "just", "current", "still", "today", "tonight"]

    /// Present-tense verbs, as stems: someone else's finding told with one of them, and with no
    /// past-tense verb, is happening now ("my dad is having a fit").
    static let presentTense: Set<String> = ["is", "are", "has", "have", "keep", "can"]
    /// Verbs of finding something out, as stems: a sign someone found or noticed is there now,
    /// however the finding is dated ("yesterday he found a lump near his spine").
    static let discovery: Set<String> = ["found", "notic", "discov", "spot"]
    /// Past-tense verbs, as stems, that date someone else's finding ("my mum has had a clot").
    static let pastTense: Set<String> = ["had", "was", "were", "did", "use"]
    /// Other-person triggers, as stems, that name people in general rather than someone the writer knows.
    static let peopleInGeneral: Set<String> = ["peopl", "someon", "somebodi", "someon els"]
    /// Words, as stems, that make a present perfect tell of something still going on ("has had
    /// cramps since this morning"); "all" before a part of the day does the same ("all day").
    static let untilNow: Set<String> = ["sinc", "today", "tonight"]
    /// Parts of the day and week, as stems, that "all" turns into a span lasting until now.
    static let partsOfDay: Set<String> = ["day", "night", "morn", "afternoon", "even", "week", "weekend"]

    /// Words that make a present tense tell of what usually happens, not of now, as stems ("my
    /// daughter can't catch her breath when she runs").
    static let habitual: Set<String> = ["when", "whenev", "everi", "usual", "often", "sometim", "alway", "get", "tend"]

    /// Comparatives, as stems, that make "getting" tell of a change now ("getting worse").
    static let comparatives: Set<String> = ["wors", "bigger", "tighter", "redder", "hotter", "weaker", "more"]

    /// Findings that are the writer's view, not a sign of their body: "I think he's having a
    /// seizure" is still a carer's report.
    static let stances: Set<String> = ["suspicion"]

    /// Words that date an event, as stems ("yesterday", "last week", "once").
    static let dating: Set<String> = [
        "yesterday", "last", "ago", "weekend", "onc", "earlier", "befor", "week", "month", "year", "time", "sunday",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "season", "summer", "winter", "childhood",
    ]

    /// Lengths of time, as stems, that "for" or "over" turns into how long something has gone on.
    static let spans: Set<String> = ["week", "month", "year"]

    /// Words, as stems, that open a length of time rather than a date: "for a couple of months",
    /// "over the last few weeks", "the past year".
    static let durationOpeners: Set<String> = ["for", "over", "past", "dure", "throughout"]

    /// Words that say someone else is already being cared for, as stems.
    static let inCare: Set<String> = ["treat", "treatment", "diagnos", "thinner", "anticoagul", "warfarin", "midwif"]
    /// Carers who, named as "his", "her", "their" or "the" one, are already looking after someone.
    static let carers: Set<String> = ["doctor", "gp", "consult", "specialist", "physio", "nurse", "midwif", "surgeon"]

    /// Boundaries a pointing-back subject ("but it went down") looks over, to the clause before.
    static let backJoiners: Set<String> = [".", "but", "and", "though", "although", "yet", "then", "so"]

    /// Words that pass on what someone read or wonders about rather than what they have, as stems
    /// ("my husband just read that chest pain can come with cramps").
    static let secondHand: Set<String> = ["read", "heard", "wonder", "ask", "learn", "learnt", "watch"]

    /// Words that join a new statement to a negated one ("no fever and my calf is swollen"),
    /// as stems.
    static let clauseJoiners: Set<String> = ["and", "so", "then", "plus", "now", "also", "but"]

    /// Words that name the writer or a part of them in a sentence: a question that has one
    /// asks about the writer ("is it normal that my calf is this swollen?"), not in general.
    /// "The" counts: "will the swelling go down?" asks about a swelling the writer has.
    static let aboutWriter: Set<String> = firstPerson.union(["we", "us", "our", "this", "these", "the"])

    /// Words that count time, after a number: more than ten minutes, or any number of hours,
    /// reads as "many" ("for about 20 minutes", "3 hours of cramp").
    static let minuteWords: Set<String> = ["minut", "min", "mins", "mn"]
    static let hourWords: Set<String> = ["hour", "hr", "hrs"]
    /// Number words, for durations written out ("twenty minutes").
    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelv": 12, "fifteen": 15, "twenti": 20, "thirti": 30, "forti": 40,
        "fifti": 50, "sixti": 60, "ninety": 90, "coupl": 2, "few": 3, "sever": 3,
    ]
}

/// A context trigger phrase, as stems, and what it does.
struct TriggerEntry: Sendable, Equatable {
    var stems: [String]
    var kind: TriggerKind
}

extension TriggerKind: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let number = Int(try reader.readByte())
        guard number < Self.byNumber.count else { throw SnapshotError("\(number) is not a trigger kind") }
        self = Self.byNumber[number]
    }

    /// Every kind, by the number it is stored as: `allCases` makes a new array at each use.
    private static let byNumber = allCases

    func write(to writer: inout SnapshotWriter) { writer.append(UInt8(Self.allCases.firstIndex(of: self)!)) }
}

extension TriggerEntry: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(stems: try reader.read(), kind: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(stems)
        writer.write(kind)
    }
}
