import Foundation

/// Turns free text into the plain lowercase words every later stage works on.
///
/// Normalising once, the same way for questions and for the knowledge base, is what lets
/// "Can’t", "CANT" and "can't" meet: Unicode compatibility forms (NFKC), case, accents, curly
/// quotes, contractions and texting spellings all fold to one spelling.
public enum TextNormalizer {
    /// Texting spellings and contractions written without an apostrophe, as full words.
    ///
    /// Only spellings that mean nothing else in this domain are listed: "cant" is "can't" here,
    /// never hypocrisy; "ill" is left alone because "ill" is a word people use about being sick.
    static let expansions: [String: [String]] = [
        "cant": ["can", "not"], "cannot": ["can", "not"], "dont": ["do", "not"], "doesnt": ["does", "not"],
        "didnt": ["did", "not"], "isnt": ["is", "not"], "arent": ["are", "not"], "wasnt": ["was", "not"],
        "werent": ["were", "not"], "wont": ["will", "not"], "wouldnt": ["would", "not"],
        "shouldnt": ["should", "not"], "couldnt": ["could", "not"], "havent": ["have", "not"],
        "hasnt": ["has", "not"], "hadnt": ["had", "not"], "aint": ["is", "not"],
        "cnt": ["can", "not"], "carnt": ["can", "not"], "cannt": ["can", "not"], "dnt": ["do", "not"],
        "cudnt": ["could", "not"], "wudnt": ["would", "not"],
        "im": ["i", "am"], "ive": ["i", "have"], "id": ["i", "would"], "youre": ["you", "are"],
        "whats": ["what", "is"], "wats": ["what", "is"], "wat": ["what"], "wut": ["what"], "wht": ["what"],
        "hows": ["how", "is"], "whys": ["why", "is"], "wheres": ["where", "is"], "whens": ["when", "is"],
        "thats": ["that", "is"], "theres": ["there", "is"], "its": ["it", "is"], "lets": ["let", "us"],
        "u": ["you"], "ur": ["your"], "r": ["are"], "y": ["why"], "pls": ["please"], "plz": ["please"],
        "thx": ["thanks"], "ty": ["thank", "you"], "tho": ["though"], "bc": ["because"], "cuz": ["because"],
        "coz": ["because"], "abt": ["about"], "w": ["with"], "wo": ["without"], "n": ["and"],
        "b4": ["before"], "nite": ["night"], "nites": ["nights"], "tonite": ["tonight"],
        "hwo": ["how"], "waht": ["what"], "whta": ["what"], "hw": ["how"], "ppl": ["people"],
        "gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"], "kinda": ["kind", "of"],
        "sorta": ["sort", "of"], "outta": ["out", "of"], "lotta": ["lot", "of"], "dunno": ["do", "not", "know"],
        // Scots: "a cannae feel ma legs", "it isnae easing".
        "cannae": ["can", "not"], "canna": ["can", "not"], "dinnae": ["do", "not"], "didnae": ["did", "not"],
        "disnae": ["does", "not"], "isnae": ["is", "not"], "wisnae": ["was", "not"], "willnae": ["will", "not"],
        "winnae": ["will", "not"], "wouldnae": ["would", "not"], "couldnae": ["could", "not"],
        "shouldnae": ["should", "not"], "hasnae": ["has", "not"], "havnae": ["have", "not"],
        "havenae": ["have", "not"], "noo": ["now"],
        // Dropped endings and short forms: "gettin old", "nothin to worry about", "a dr".
        "gettin": ["getting"], "nothin": ["nothing"], "somethin": ["something"], "sumthin": ["something"],
        "sumthing": ["something"], "sumthn": ["something"], "dr": ["doctor"], "drs": ["doctors"], "nah": ["no"],
        "enuf": ["enough"], "shud": ["should"], "shld": ["should"], "cud": ["could"], "wud": ["would"],
        "prolly": ["probably"], "thru": ["through"], "becuz": ["because"], "bcuz": ["because"],
        "evry": ["every"], "rn": ["right", "now"], "atm": ["at", "the", "moment"], "smth": ["something"], "sth": ["something"],
    ]

    /// Words after which a bare "2" is texting for "to" ("what 2 eat", "how 2 stop"), not a count.
    static let beforeTextingTo: Set<String> = ["what", "how", "where", "when", "need", "want", "going", "able", "ways", "way", "things", "try", "trying"]
    /// Parts of the body that "me" or "ma" before them owns ("lost control of me bowels").
    static let bodyWords: Set<String> = [
        "back", "leg", "legs", "bowels", "bowel", "bladder", "calf", "calves", "foot", "feet", "arm", "arms", "chest",
        "neck", "jaw", "heart", "hip", "hips", "knee", "knees", "hand", "hands", "stomach", "belly", "toes", "fingers",
        "shin", "thigh", "thighs", "muscles", "ankle", "face", "skin", "pee", "wee", "urine", "bum", "groin", "spine",
    ]
    /// Words after which "bout" is a bout ("a bout of cramp"), not texting for "about" ("worry bout it").
    static let beforeBout: Set<String> = ["a", "one", "this", "that", "another", "the", "each", "every", "first", "last", "bad", "nasty", "short", "long", "latest"]
    /// Words after which a bare "4" is texting for "for" ("good 4 cramps").
    static let beforeTextingFor: Set<String> = ["good", "bad", "best", "help", "helps", "tips", "food", "foods", "stretches", "remedy", "remedies", "anything", "something"]

    /// The shapes of ``expansions``' spellings (length, first and last byte): most words need no
    /// look-up (a hash) to tell that they are not a texting spelling.
    static let expansionShapes = WordShapes(expansions.keys)

    /// Whether a word may be one of ``expansions``' spellings (false means it is not).
    static func mayExpand(_ word: String) -> Bool { expansionShapes.mayContain(word) }

    /// Contraction endings after an apostrophe, and the words they stand for.
    static let suffixes: [String: [String]] = [
        "n't": ["not"], "'re": ["are"], "'ve": ["have"], "'ll": ["will"], "'d": ["would"], "'m": ["am"],
    ]

    /// Folds Unicode forms, case, accents and quote marks; keeps only letters, digits and apostrophes.
    public static func fold(_ text: String) -> String {
        // ASCII is already in NFKC and has no accents or wide forms, so folding it is lowercasing
        // (and the backtick becoming an apostrophe); Foundation's folding is the slow part of start-up.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map(folded), as: UTF8.self)
        }
        var folded = text.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if folded.unicodeScalars.contains(where: { $0 == "\u{2019}" || $0 == "\u{2018}" || $0 == "`" || $0 == "\u{B4}" }) {
            folded = String(String.UnicodeScalarView(folded.unicodeScalars.map {
                ($0 == "\u{2019}" || $0 == "\u{2018}" || $0 == "`" || $0 == "\u{B4}") ? "'" : $0
            }))
        }
        return folded
    }

    /// Splits text into normalised words: folded, contractions expanded, texting spellings spelled out.
    ///
    /// Sentence and clause boundaries are kept as the token "." so the red-flag detector can end
    /// a negation's scope there; callers that only want words use ``words(_:)``.
    public static func tokens(_ text: String) -> [String] {
        // Read as contiguous UTF-8: a byte loop over `utf8` goes through the view's iterator.
        var contiguous = text
        if let tokens = contiguous.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } ? asciiTokens(bytes) : nil }) {
            return tokens
        }
        var result: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            guard !current.isEmpty else { return }
            let word = String(current)
            current = String.UnicodeScalarView()
            append(word, to: &result)
        }
        // ASCII letters are checked directly: the Unicode property look-up is slow.
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic
        }
        let scalars = Array(fold(text).unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if isLetter(scalar) || ("0"..."9").contains(scalar) || scalar == "'" {
                current.append(scalar)
            } else {
                flush()
                if scalar == "." && joinsWords(at: index, count: scalars.count, isLetter: { isLetter(scalars[$0]) },
                                                      isDot: { scalars[$0] == "." }) { continue }
                if scalar == "." || scalar == "!" || scalar == "?" || scalar == ";" || scalar == "\n" || scalar == "," || scalar == ":" {
                    if result.last != "." && !result.isEmpty { result.append(".") }
                }
            }
        }
        flush()
        while result.last == "." { result.removeLast() }
        return result
    }

    /// ``tokens(_:)`` for ASCII text, on bytes: the same words and boundaries without building
    /// each word scalar by scalar (most questions and all of the built-in knowledge are ASCII).
    private static func asciiTokens(_ text: UnsafeBufferPointer<UInt8>) -> [String] {
        var result: [String] = []
        // Words average more than three bytes with their spaces: reserved once, not grown word by word.
        result.reserveCapacity(text.count / 3 + 2)
        let folded = text.map(folded)
        folded.withUnsafeBufferPointer { bytes in
            var start = -1
            // Whether the word begun at `start` has an apostrophe, noted while it is read.
            var apostrophe = false
            func flush(upTo end: Int) {
                guard start >= 0 else { return }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                start = -1
                append(word, hasApostrophe: apostrophe, to: &result)
                apostrophe = false
            }
            for (index, byte) in bytes.enumerated() {
                switch byte {
                // Folded already: no capitals, and the backtick is an apostrophe.
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"):
                    if start < 0 { start = index }
                    if byte == UInt8(ascii: "'") { apostrophe = true }
                default:
                    flush(upTo: index)
                    if byte == UInt8(ascii: "."), joinsWords(at: index, count: bytes.count, isLetter: {
                        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[$0])
                    }, isDot: { bytes[$0] == UInt8(ascii: ".") }) { continue }
                    switch byte {
                    case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"), UInt8(ascii: "\n"),
                         UInt8(ascii: ","), UInt8(ascii: ":"):
                        if result.last != "." && !result.isEmpty { result.append(".") }
                    default: break
                    }
                }
            }
            flush(upTo: bytes.count)
        }
        while result.last == "." { result.removeLast() }
        return result
    }

    /// Whether the dot at `index` joins two words instead of ending a sentence: dots typed
    /// between letters with no space ("i.cant.breathe", "chest...pain") stand for spaces.
    private static func joinsWords(at index: Int, count: Int, isLetter: (Int) -> Bool, isDot: (Int) -> Bool) -> Bool {
        // Only the first dot of a run decides; the rest follow it.
        var first = index
        while first > 0, isDot(first - 1) { first -= 1 }
        guard first > 0, isLetter(first - 1) else { return false }
        var end = index
        while end < count, isDot(end) { end += 1 }
        return end < count && isLetter(end)
    }

    /// An ASCII byte as ``fold(_:)`` leaves it: lowercase, and the backtick as an apostrophe.
    private static func folded(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
        case UInt8(ascii: "`"): UInt8(ascii: "'")
        default: byte
        }
    }

    /// The words of a text, without clause boundaries.
    public static func words(_ text: String) -> [String] {
        tokens(text).filter { $0 != "." }
    }

    /// The stemmed form of a term, used to compare phrases however they are inflected.
    public static func termKey(_ term: String, stemmer: Porter2Stemmer = Porter2Stemmer()) -> String {
        words(term).map { stemmer.stem($0) }.joined(separator: " ")
    }

    private static func append(_ raw: String, to result: inout [String]) {
        append(raw, hasApostrophe: raw.utf8.contains(UInt8(ascii: "'")), to: &result)
    }

    /// ``append(_:to:)`` for a word whose caller knows whether it has an apostrophe.
    private static func append(_ raw: String, hasApostrophe: Bool, to result: inout [String]) {
        // "me back", "ma legs", "me back's killing me": "me" or "ma" for "my", as people say it in
        // Britain, Ireland and Australia.
        if let last = result.last, last == "me" || last == "ma" {
            let word = hasApostrophe ? String(raw.prefix { $0 != "'" }) : raw
            if bodyWords.contains(word) { result[result.count - 1] = "my" }
        }
        // Most words have no apostrophe: only the texting spellings apply to them.
        guard hasApostrophe else {
            // "he's had", "it's been": the 's read as "is" was "has" ("is" never comes before these).
            if result.last == "is", ["had", "been", "got", "gotten"].contains(raw) { result[result.count - 1] = "has" }
            if let last = result.last {
                if raw == "2", beforeTextingTo.contains(last) { result.append("to"); return }
                if raw == "4", beforeTextingFor.contains(last) { result.append("for"); return }
                if raw == "bout", !beforeBout.contains(last) { result.append("about"); return }
            }
            if mayExpand(raw), let expansion = expansions[raw] { result += expansion } else { result.append(raw) }
            return
        }
        var word = raw
        while word.hasPrefix("'") { word.removeFirst() }
        while word.hasSuffix("'") { word.removeLast() }
        guard !word.isEmpty else { return }
        // A scalar search: `contains("'")` with a string argument goes through Foundation's range(of:).
        if word.unicodeScalars.contains("'") {
            if word == "can't" || word == "cant" { result += ["can", "not"]; return }
            if word == "won't" { result += ["will", "not"]; return }
            if word == "ain't" { result += ["is", "not"]; return }
            for (ending, expansion) in suffixes where word.hasSuffix(ending) {
                let stem = String(word.dropLast(ending.count))
                if !stem.isEmpty { result.append(stem) }
                result += expansion
                return
            }
            // "it's", "what's", "calf's": the 's is "is" after a pronoun or question word, else a possessive.
            if word.hasSuffix("'s") {
                let stem = String(word.dropLast(2))
                result.append(stem)
                if ["it", "what", "that", "there", "here", "he", "she", "who", "how", "where", "when", "why", "let"].contains(stem) {
                    result.append(stem == "let" ? "us" : "is")
                }
                return
            }
            word.removeAll { $0 == "'" }
        }
        if let expansion = expansions[word] {
            result += expansion
        } else {
            result.append(word)
        }
    }
}
