/// The conversational moves that are not questions about the domain.
public enum Move: Sendable, Hashable {
    case greeting, thanks, goodbye, identity, capabilities, help
    case reset, quit
    case more
    /// An answer to a clarifying question: the 0-based choice, or nil for "none of these".
    case choice(Int?)
}

/// Recognises small talk, commands said in words, "tell me more" and answers to a choice.
///
/// A message counts as one of these only when it is made of nothing else (apart from filler
/// such as "ok" or "please"): "hi, what causes cramps?" is a question, not a greeting.
public enum SmallTalk {
    static let filler: Set<String> = [
        "ok", "okay", "so", "well", "great", "cool", "nice", "please", "there", "again", "very", "much",
        "lot", "a", "all", "oh", "ah", "um", "uh", "hmm", "spasm", "bot", "then", "just", "the", "that",
        "is", "it", "really", "good", "awesome", "perfect", "fine", "alright", "right", "yes", "sure", "now", "for",
        // "you are really helpful": praise is thanks.
        "you", "are", "super", "been", "was",
    ]

    /// Phrases of each move, as word sequences.
    static let phrases: [(Move, [String])] = [
        (.greeting, ["nice to meet you", "pleased to meet you", "hi", "hello", "hey", "hiya", "howdy", "yo", "greetings", "good morning", "good afternoon",
                     "good evening", "how are you", "how are you doing", "how is it going", "sup", "what is up", "heya", "helo", "hallo"]),
        (.thanks, ["thanks", "thank you", "thank", "thanks you", "cheers", "ta", "appreciate it", "i appreciate it",
                   "that helps", "that helped", "helpful", "that was helpful", "got it", "understood", "makes sense", "thankyou", "thnx", "thx",
                   // Praise and laughter acknowledge a reply the way thanks do.
                   "you are helpful", "you are great", "you are awesome", "you are amazing", "you are the best", "you are brilliant",
                   "you are so helpful", "you have been helpful", "you have been great", "good bot", "nice one", "great answer",
                   "good answer", "brilliant", "lol", "haha", "hahaha", "lmao", "hehe"]),
        (.goodbye, ["bye", "goodbye", "good bye", "see you", "see ya", "later", "see you later", "good night",
                    "farewell", "take care", "bye bye", "cya", "that is all", "i am done", "i am done now"]),
        (.identity, ["who are you", "what are you", "are you a bot", "are you human", "are you a robot",
                     "are you a doctor", "are you real", "what is your name", "your name", "who made you", "are you a person",
                     "are you a real doctor", "are you an actual doctor", "are you a qualified doctor", "are you a real person",
                     "are you a real human", "are you a nurse", "are you a medical professional", "am i talking to a doctor",
                     "am i talking to a real person", "am i talking to a bot", "are you an ai", "are you ai", "is this a real doctor"]),
        (.capabilities, ["what can you do", "how can you help", "how can you help me", "what topics do you cover", "what do you know", "what can i ask", "what can i ask you",
                         "what do you do", "how does this work", "what are you for", "what can you help with",
                         "what topics", "what topics do you know", "what do you know about"]),
        (.help, ["help", "help me", "/help", "commands", "how do i use this", "i need help", "usage"]),
        (.reset, ["start over", "reset", "restart", "new conversation", "start again", "clear", "forget it",
                  "/reset", "let us start over", "begin again"]),
        (.quit, ["quit", "exit", "/quit", "/exit", "/q"]),
        (.more, ["more", "tell me more", "go on", "what else", "more info", "more information", "more details",
                 "details", "continue", "elaborate", "explain more", "more please", "anything else", "say more",
                 "keep going", "and", "tell me more about it", "tell me more about that", "more about that",
                 "can you tell me more", "what else should i know", "go deeper", "expand on that", "and what else",
                 // Asking for other options is asking for the rest of the answer, where the others are.
                 "alternatives", "any alternatives", "what are the alternatives", "other options", "any other options",
                 "what else can i do", "what else can i try", "anything else i can do", "anything else i can try"]),
    ]

    static let choiceWords: [String: Int?] = [
        "1": 0, "one": 0, "first": 0, "1st": 0, "yes": 0, "yeah": 0, "yep": 0, "yup": 0, "correct": 0, "that one": 0,
        "2": 1, "two": 1, "second": 1, "2nd": 1, "other": 1, "the other one": 1, "no the other one": 1, "the other": 1,
        "3": 2, "three": 2, "third": 2, "3rd": 2, "last": 2,
        "none": nil, "neither": nil, "none of these": nil, "none of them": nil, "no": nil, "nope": nil,
        "neither of them": nil, "something else": nil,
    ]

    /// The move a whole message makes, if it is one.
    public static func move(in tokens: [String], awaitingChoice: Bool) -> Move? {
        var words: [String] = []
        words.reserveCapacity(tokens.count)
        for token in tokens where token != "." {
            // `unstretched(token)`, noting whether it is a word of small talk at all.
            let word = isSmallTalkWord(token) ? token : shrunk(token)
            // Outside a choice, a word that is neither filler nor in any phrase can never be
            // taken out (see below): most questions end at their first such word, before the
            // rest are read.
            if word == nil && !awaitingChoice { return nil }
            words.append(word ?? token)
        }
        guard !words.isEmpty else { return nil }
        if awaitingChoice, let choice = choice(in: words) { return .choice(choice) }
        if words.allSatisfy(filler.contains) {
            // Only filler: "ok", "great" outside a choice are acknowledgements.
            return words.contains(where: acknowledgements.contains) ? .thanks : nil
        }
        // A word that is neither filler nor in any phrase can never be taken out: not small talk.
        // Most questions end here, before the phrase search.
        guard words.allSatisfy({ filler.contains($0) || phraseWords.contains($0) }) else { return nil }
        // Take out every phrase, longest first; what is left must be filler. Several moves in
        // one message ("thanks, bye"): the last one decides.
        var found: [(position: Int, move: Move)] = []
        var remaining = words.map(Optional.some)
        for (move, phrase) in allPhrases {
            var index = 0
            while index + phrase.count <= remaining.count {
                if (0..<phrase.count).allSatisfy({ remaining[index + $0] == phrase[$0] }) {
                    found.append((index, move))
                    for offset in 0..<phrase.count { remaining[index + offset] = nil }
                    index += phrase.count
                } else {
                    index += 1
                }
            }
        }
        guard remaining.allSatisfy({ $0 == nil || filler.contains($0!) }),
              let last = found.max(by: { $0.position < $1.position }) else { return nil }
        return last.move
    }

    /// A small-talk word typed with a letter held down ("helloooo", "heyyy", "thanksss", "byeee")
    /// as the word itself; any other word unchanged. Each run of three or more of one letter
    /// shrinks to two letters, or else to one; shorter runs stay ("hellllo", "helloooo": "hello").
    static func unstretched(_ word: String) -> String {
        isSmallTalkWord(word) ? word : shrunk(word) ?? word
    }

    /// Whether a word is filler or a word of some phrase.
    private static func isSmallTalkWord(_ word: String) -> Bool {
        filler.contains(word) || phraseWords.contains(word)
    }

    /// The filler or phrase word that a word that is neither stands for when typed with a letter
    /// held down (see ``unstretched(_:)``), or nil.
    private static func shrunk(_ word: String) -> String? {
        // A word of lowercase ASCII letters, digits and apostrophes (as nearly every token is) is
        // one character a byte: with no byte three times in a row it has no run to shrink. Going
        // by characters costs far more, and most words of a question are not small talk.
        var previous: UInt8 = 0, repeats = 0, plain = true, stretched = false
        for byte in word.utf8 {
            guard (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x27 else { plain = false; break }
            repeats = byte == previous ? repeats + 1 : 1
            previous = byte
            if repeats >= 3 { stretched = true }
        }
        if plain && !stretched { return nil }
        var runs: [(letter: Character, count: Int)] = []
        for character in word {
            if let last = runs.last, last.letter == character { runs[runs.count - 1].count += 1 } else { runs.append((character, 1)) }
        }
        guard runs.contains(where: { $0.count >= 3 }) else { return nil }
        for keep in [2, 1] {
            let candidate = String(runs.flatMap { run in repeatElement(run.letter, count: run.count >= 3 ? keep : run.count) })
            if phraseWords.contains(candidate) || filler.contains(candidate) { return candidate }
        }
        return nil
    }

    static let acknowledgements: Set<String> = ["good", "great", "awesome", "perfect", "nice", "cool", "ok", "okay", "alright", "fine"]

    /// Every phrase as words, longest first.
    static let allPhrases: [(Move, [String])] = phrases
        .flatMap { move, list in list.map { (move, words(of: $0)) } }
        .sorted { $0.1.count > $1.1.count }

    /// The words of a phrase, cut at its spaces.
    ///
    /// Cut among the contiguous bytes (a space is one byte in UTF-8): splitting the two hundred
    /// phrases by `Character` cost the first reply over a million instructions, and through the
    /// UTF-8 view half a million.
    static func words(of phrase: String) -> [String] {
        var phrase = phrase
        return phrase.withUTF8 { bytes in
            bytes.split(separator: UInt8(ascii: " ")).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
        }
    }

    /// Every word of every phrase.
    static let phraseWords: Set<String> = Set(allPhrases.flatMap(\.1))

    /// The small talk a message most likely makes, judged by its key words alone.
    ///
    /// Used only for messages that name nothing of the domain, where a loose reading is safe:
    /// "nice to meet you", "how can you help me?", "are you a real person?".
    public static func looseMove(in tokens: [String]) -> Move? {
        let words = tokens.filter { $0 != "." }
        // A long message that merely contains "morning" or "thanks" is about something else.
        guard words.count <= 9 else { return nil }
        let set = Set(words)
        let text = " " + words.joined(separator: " ") + " "
        // An ASCII text is searched among its bytes, which finds what `contains` finds (ASCII has
        // no other spelling of the same characters) without Foundation's search, which costs
        // most of a reply's time here.
        let textBytes = Array(text.utf8)
        let ascii = textBytes.allSatisfy { $0 < 0x80 }
        func has(_ phrases: [String]) -> Bool {
            phrases.contains { phrase in
                guard ascii, phrase.utf8.allSatisfy({ $0 < 0x80 }) else { return text.contains(" " + phrase + " ") }
                // `" " + phrase + " "` searched among the text's bytes in place: building the
                // needle and its byte array for each of some fifty phrases cost more than the search.
                var phrase = phrase
                return phrase.withUTF8 { needle in
                    let span = needle.count + 2
                    guard span <= textBytes.count else { return false }
                    let space = UInt8(ascii: " ")
                    for start in 0...(textBytes.count - span)
                    where textBytes[start] == space && textBytes[start + span - 1] == space {
                        var offset = 0
                        while offset < needle.count && textBytes[start + 1 + offset] == needle[offset] { offset += 1 }
                        if offset == needle.count { return true }
                    }
                    return false
                }
            }
        }
        // Questions about the assistant itself use only these words and function words; "can you
        // help me with my tax return?" is a question about something else.
        let aboutAssistant: Set<String> = ["help", "do", "know", "cover", "answer", "tell", "offer", "handle", "support",
                                           "assist", "ask", "questions", "question", "able", "topics", "talk", "bot", "robot",
                                           "human", "real", "person", "name", "made", "built", "created", "wrote", "doctor",
                                           "ai", "kind", "type", "sort", "things", "thing", "stuff", "really", "actually", "exactly"]
        let otherWords = words.filter { !StopWords.contains($0) && !aboutAssistant.contains($0) && !filler.contains($0) }
        if otherWords.isEmpty, set.contains("you") || set.contains("your") || set.contains("yourself") {
            if has(["who are you", "what are you", "your name", "are you a", "are you an", "are you real", "are you human",
                    "are you really", "who made you", "who built you", "who created you", "who wrote you", "about yourself",
                    "are you a real", "is this a bot", "am i talking to"]) { return .identity }
            if !set.isDisjoint(with: ["help", "do", "know", "cover", "answer", "tell", "offer", "handle", "support",
                                      "assist", "ask", "questions", "able", "topics", "talk"]) {
                return .capabilities
            }
        }
        if has(["what topics", "which topics", "what subjects", "what can i ask", "what should i ask", "what questions",
                "how does this work", "how do i use", "what is this", "what do i do"]) { return .capabilities }
        if !set.isDisjoint(with: ["thank", "thanks", "thankyou", "cheers", "appreciate", "appreciated", "grateful", "thx", "ty"]) { return .thanks }
        if !set.isDisjoint(with: ["bye", "goodbye", "farewell", "cya", "goodnight"]) || has(["see you", "see ya", "good night", "talk later", "gotta go", "got to go", "have to go", "take care"]) { return .goodbye }
        // "Good" greets only followed by a time of day: "good birthday gift ideas" is a question.
        let greetsWithGood = words.first == "good" && words.count > 1 && ["morning", "evening", "afternoon", "day"].contains(words[1])
        if let first = words.first, ["hi", "hello", "hey", "hiya", "howdy", "greetings", "yo", "morning", "evening", "afternoon"].contains(first)
            || greetsWithGood || has(["nice to meet", "pleased to meet", "how are you", "how is it going", "what is up", "how are things"]) { return .greeting }
        return nil
    }

    /// The choice named by an answer to a clarifying question.
    static func choice(in words: [String]) -> Int?? {
        let trimmed = words.filter { !["the", "one", "number", "option", "please", "i", "mean", "meant", "it", "is", "ok", "okay"].contains($0) || words.count == 1 }
        let sentence = trimmed.joined(separator: " ")
        if let value = choiceWords[sentence] { return .some(value) }
        let full = words.joined(separator: " ")
        if let value = choiceWords[full] { return .some(value) }
        if words.count <= 4, let word = words.first(where: { choiceWords[$0] != nil && $0 != "no" }) {
            return .some(choiceWords[word]!)
        }
        return nil
    }

    /// Greeting and thanks words at the start of a question, which carry nothing to match.
    public static func leadingPleasantries(in tokens: [String]) -> Int {
        var index = 0
        let openers: Set<String> = ["hi", "hello", "hey", "hiya", "thanks", "ok", "okay", "so", "um", "uh", "well", "yo", "greetings", "oh", "ah", "also", "and"]
        while index < tokens.count, openers.contains(tokens[index]) || tokens[index] == "." { index += 1 }
        return index
    }
}
