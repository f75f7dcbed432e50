/// The Snowball English ("Porter2") stemmer, working on ASCII bytes in place.
///
/// This follows `english.sbl` as released with Snowball 3.x, the version that the
/// `snowballstemmer` PyPI package generates and that `scripts/generate-stemmer-vectors.py`
/// uses to write the test vectors. Besides Porter's original steps that version has the
/// exceptional forms (`skies` → `sky`, `news`, `only` → `onli`, …), prefixes after which R1
/// starts whatever the usual rule says (`gener`, `commun`, `arsen`, `past`, `univers`,
/// `later`, `emerg`, `organ`, `inter`), a `Y` marker for consonantal y, and apostrophe handling.
///
/// Input is expected lowercased. Words of one or two characters, and words with any
/// non-ASCII character, are returned unchanged: the algorithm is defined on English letters
/// only, and leaving other words alone keeps them matchable as typed.
public struct Porter2Stemmer: Sendable {
    /// Creates a stemmer; it holds no state, so one value can be shared freely.
    public init() {}

    /// Returns the Porter2 stem of a lowercased word.
    ///
    /// The word's UTF-8 bytes are stemmed in the result string's own storage, so a call costs
    /// at most one allocation (none for stems of up to 15 bytes, which Swift keeps inline).
    public func stem(_ word: String) -> String {
        var word = word
        let stemmed: String? = word.withUTF8 { source -> String? in
            let count = source.count
            // Snowball leaves words shorter than three characters alone ("hop 3" fails).
            guard count > 2 else { return nil }
            for byte in source where byte >= 0x80 { return nil }
            if let exception = Self.exceptionalForm(of: source) {
                return Self.string(from: exception)
            }
            return String(unsafeUninitializedCapacity: count) { buffer in
                guard let base = buffer.baseAddress, let sourceBase = source.baseAddress else {
                    return 0
                }
                base.update(from: sourceBase, count: count)
                var stemmer = Word(bytes: base, count: count)
                stemmer.stem()
                return stemmer.count
            }
        }
        return stemmed ?? word
    }

    /// Returns the fixed stem of a word the algorithm treats as a whole-word exception, or nil.
    ///
    /// Snowball checks these before anything else, so they also bypass the prelude; invariant
    /// words ("news", "bias") come back as themselves.
    private static func exceptionalForm(of word: UnsafeBufferPointer<UInt8>) -> StaticString? {
        func equals(_ literal: StaticString) -> Bool {
            guard literal.utf8CodeUnitCount == word.count else { return false }
            let bytes = literal.utf8Start
            for index in 0..<word.count where word[index] != bytes[index] { return false }
            return true
        }
        switch word.count {
        case 3:
            if equals("sky") { return "sky" }
        case 4:
            if equals("bias") { return "bias" }
            if equals("howe") { return "howe" }
            if equals("news") { return "news" }
            if equals("skis") { return "ski" }
            if equals("idly") { return "idl" }
            if equals("ugly") { return "ugli" }
            if equals("only") { return "onli" }
        case 5:
            if equals("andes") { return "andes" }
            if equals("atlas") { return "atlas" }
            if equals("skies") { return "sky" }
            if equals("early") { return "earli" }
        case 6:
            if equals("cosmos") { return "cosmos" }
            if equals("gently") { return "gentl" }
            if equals("singly") { return "singl" }
        default:
            break
        }
        return nil
    }

    /// Returns a static string's bytes as a `String`.
    private static func string(from literal: StaticString) -> String {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Porter2Stemmer {
    /// One word being stemmed: its bytes, its current length and its R1 and R2 regions.
    ///
    /// Every rule rewrites only the end of the word (or drops a leading apostrophe), and no rule
    /// makes the word longer than it was on input, so the caller's buffer of the input's length
    /// is always big enough.
    private struct Word {
        /// Byte standing for a consonantal "y" between the prelude and the postlude.
        static let consonantY = UInt8(ascii: "Y")

        /// The word's bytes, owned by the caller.
        let bytes: UnsafeMutablePointer<UInt8>
        /// The input length, which no rule may exceed.
        let capacity: Int
        /// The current length of the word.
        var count: Int
        /// Start of region R1; the input length when the region is empty.
        var p1 = 0
        /// Start of region R2 (never before R1); the input length when the region is empty.
        var p2 = 0
        /// Whether the prelude marked any "Y", so the postlude can skip its pass otherwise.
        var foundY = false

        init(bytes: UnsafeMutablePointer<UInt8>, count: Int) {
            self.bytes = bytes
            self.capacity = count
            self.count = count
        }

        /// Runs the whole algorithm after the exceptional forms have been ruled out.
        mutating func stem() {
            prelude()
            markRegions()
            step1a()
            step1b()
            step1c()
            step2()
            step3()
            step4()
            step5()
            postlude()
        }

        // MARK: Character classes

        /// Snowball's `v`: a, e, i, o, u and y (lowercase only, so a marked "Y" is a consonant).
        @inline(__always)
        static func isVowel(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"),
                 UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"):
                true
            default:
                false
            }
        }

        /// Snowball's `v_WXY`: the vowels plus w, x and the marker "Y".
        ///
        /// A syllable ending in one of these is never short ("snow", "box", "play").
        @inline(__always)
        static func isVowelWXY(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "w"), UInt8(ascii: "x"), consonantY: true
            default: isVowel(byte)
            }
        }

        /// Snowball's `valid_LI`: the letters before which a final "li" is a removable suffix.
        @inline(__always)
        static func isValidLI(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "g"),
                 UInt8(ascii: "h"), UInt8(ascii: "k"), UInt8(ascii: "m"), UInt8(ascii: "n"),
                 UInt8(ascii: "r"), UInt8(ascii: "t"):
                true
            default:
                false
            }
        }

        // MARK: Matching and rewriting

        /// Whether the bytes just before `end` spell `literal`.
        @inline(__always)
        func has(_ literal: StaticString, endingAt end: Int) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard end >= length else { return false }
            let start = end - length
            let expected = literal.utf8Start
            // Compare from the end: most candidate suffixes differ from the word in the last letter.
            var index = length - 1
            while index >= 0 {
                if bytes[start + index] != expected[index] { return false }
                index -= 1
            }
            return true
        }

        /// Whether the word currently ends with `literal`.
        @inline(__always)
        func endsWith(_ literal: StaticString) -> Bool {
            has(literal, endingAt: count)
        }

        /// Whether the first `length` bytes are exactly `literal`.
        @inline(__always)
        func isExactly(_ literal: StaticString, length: Int) -> Bool {
            literal.utf8CodeUnitCount == length && has(literal, endingAt: length)
        }

        /// Whether any byte in `0..<end` is a vowel.
        @inline(__always)
        func hasVowel(before end: Int) -> Bool {
            var index = 0
            while index < end {
                if Self.isVowel(bytes[index]) { return true }
                index += 1
            }
            return false
        }

        /// Replaces everything from `start` to the end of the word with `literal`.
        @inline(__always)
        mutating func replaceSuffix(from start: Int, with literal: StaticString) {
            let length = literal.utf8CodeUnitCount
            assert(start + length <= capacity, "Porter2 rules never lengthen a word")
            let source = literal.utf8Start
            for index in 0..<length { bytes[start + index] = source[index] }
            count = start + length
        }

        /// Replaces a matched suffix of `suffix.utf8CodeUnitCount` bytes when it starts in R1.
        ///
        /// Returns whether the suffix matched at all: Snowball's `among` commits to the longest
        /// matching suffix, so a failed region test must not fall back to a shorter one.
        @inline(__always)
        mutating func replaceInR1(_ suffix: StaticString, with replacement: StaticString) -> Bool {
            guard endsWith(suffix) else { return false }
            let start = count - suffix.utf8CodeUnitCount
            if start >= p1 { replaceSuffix(from: start, with: replacement) }
            return true
        }

        /// Whether a short syllable ends at `end`: consonant-vowel-consonant (the last not w, x or Y),
        /// a vowel-consonant word start, or, as Snowball 3 adds, "past".
        func isShortSyllable(endingAt end: Int) -> Bool {
            if end >= 3, !Self.isVowelWXY(bytes[end - 1]), Self.isVowel(bytes[end - 2]),
               !Self.isVowel(bytes[end - 3]) {
                return true
            }
            if end == 2, !Self.isVowel(bytes[1]), Self.isVowel(bytes[0]) {
                return true
            }
            return has("past", endingAt: end)
        }

        // MARK: Regions

        /// Drops a leading apostrophe and marks each consonantal y (initial, or after a vowel) as "Y".
        mutating func prelude() {
            if bytes[0] == UInt8(ascii: "'") {
                for index in 1..<count { bytes[index - 1] = bytes[index] }
                count -= 1
            }
            guard count > 0 else { return }
            if bytes[0] == UInt8(ascii: "y") {
                bytes[0] = Self.consonantY
                foundY = true
            }
            // Left to right, so in "ayyy" the second y (after a marked Y) stays a vowel.
            var index = 1
            while index < count {
                if bytes[index] == UInt8(ascii: "y"), Self.isVowel(bytes[index - 1]) {
                    bytes[index] = Self.consonantY
                    foundY = true
                }
                index += 1
            }
        }

        /// Sets R1 and R2: R1 starts after the first non-vowel that follows a vowel, R2 likewise
        /// within R1, except that R1 starts after a few prefixes where that rule would over-stem
        /// ("generous", "university").
        mutating func markRegions() {
            p1 = count
            p2 = count
            let cursor: Int
            if let prefix = r1Prefix() {
                cursor = prefix
            } else {
                guard let after = pastVowelThenConsonant(from: 0) else { return }
                cursor = after
            }
            p1 = cursor
            guard let after = pastVowelThenConsonant(from: cursor) else { return }
            p2 = after
        }

        /// The length of a prefix that fixes R1's start, if the word begins with one.
        func r1Prefix() -> Int? {
            // Dispatch on the first letter so most words cost one comparison.
            let prefix: StaticString
            switch bytes[0] {
            case UInt8(ascii: "a"): prefix = "arsen"
            case UInt8(ascii: "c"): prefix = "commun"
            case UInt8(ascii: "e"): prefix = "emerg"
            case UInt8(ascii: "g"): prefix = "gener"
            case UInt8(ascii: "i"): prefix = "inter"
            case UInt8(ascii: "l"): prefix = "later"
            case UInt8(ascii: "o"): prefix = "organ"
            case UInt8(ascii: "p"): prefix = "past"
            case UInt8(ascii: "u"): prefix = "univers"
            default: return nil
            }
            let length = prefix.utf8CodeUnitCount
            return length <= count && has(prefix, endingAt: length) ? length : nil
        }

        /// The position just after the first non-vowel that follows a vowel at or after `start`.
        func pastVowelThenConsonant(from start: Int) -> Int? {
            var index = start
            while index < count, !Self.isVowel(bytes[index]) { index += 1 }
            guard index < count else { return nil }
            index += 1
            while index < count, Self.isVowel(bytes[index]) { index += 1 }
            guard index < count else { return nil }
            return index + 1
        }

        // MARK: Steps

        /// Removes possessive apostrophes and plural endings ("sses", "ied", "ies", "s").
        mutating func step1a() {
            if endsWith("'s'") {
                count -= 3
            } else if endsWith("'s") {
                count -= 2
            } else if endsWith("'") {
                count -= 1
            }
            if endsWith("sses") {
                count -= 2
            } else if endsWith("ied") || endsWith("ies") {
                // "ties" → "tie" but "cries" → "cri": keep the e when only one letter precedes.
                let start = count - 3
                replaceSuffix(from: start, with: start >= 2 ? "i" : "ie")
            } else if endsWith("ss") || endsWith("us") {
                return
            } else if endsWith("s") {
                // Drop the s only if a vowel occurs before the letter preceding it ("gaps", not "gas").
                let start = count - 1
                if start > 0, hasVowel(before: start - 1) { count = start }
            }
        }

        /// The kinds of ending step 1b treats differently.
        enum Ending {
            /// "eed" or "eedly", replaced by "ee" in R1.
            case eed
            /// "ing", which has its own exceptions ("dying", "evening").
            case ing
            /// "ed", "edly" or "ingly".
            case other
        }

        /// Handles "eed", "ed" and "ing" endings (with their "-ly" forms), restoring an e or
        /// undoubling a consonant where the remaining stem needs it.
        mutating func step1b() {
            let start: Int
            let ending: Ending
            if endsWith("eedly") {
                start = count - 5
                ending = .eed
            } else if endsWith("ingly") {
                start = count - 5
                ending = .other
            } else if endsWith("edly") {
                start = count - 4
                ending = .other
            } else if endsWith("eed") {
                start = count - 3
                ending = .eed
            } else if endsWith("ing") {
                start = count - 3
                ending = .ing
            } else if endsWith("ed") {
                start = count - 2
                ending = .other
            } else {
                return
            }

            if ending == .eed {
                guard start >= p1 else { return }
                // "proceed", "succeed" and "exceed" are whole words, not stems plus "eed".
                if isExactly("proc", length: start) || isExactly("succ", length: start)
                    || isExactly("exc", length: start) {
                    return
                }
                replaceSuffix(from: start, with: "ee")
                return
            }

            if ending == .ing {
                if start >= 1, bytes[start - 1] == UInt8(ascii: "y") {
                    // "dying" → "die": a single consonant plus "ying".
                    if start == 2, !Self.isVowel(bytes[0]) {
                        replaceSuffix(from: start - 1, with: "ie")
                        return
                    }
                } else if isExactly("even", length: start) || isExactly("cann", length: start)
                    || isExactly("inn", length: start) || isExactly("earr", length: start)
                    || isExactly("herr", length: start) || isExactly("out", length: start) {
                    // Words like "evening" and "herring" are not verb forms.
                    return
                }
            }

            guard hasVowel(before: start) else { return }
            count = start
            if endsWith("at") || endsWith("bl") || endsWith("iz") {
                replaceSuffix(from: count, with: "e")
            } else if count >= 2, bytes[count - 1] == bytes[count - 2],
                      Self.isUndoubled(bytes[count - 1]) {
                // "add", "egg" and "off" keep their double letter.
                if count == 3 {
                    switch bytes[0] {
                    case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "o"): return
                    default: break
                    }
                }
                count -= 1
            } else if count == p1, isShortSyllable(endingAt: count) {
                // A short word ("hop" from "hoped") gets its e back.
                replaceSuffix(from: count, with: "e")
            }
        }

        /// Whether a doubled final letter is undoubled after removing "ed" or "ing".
        @inline(__always)
        static func isUndoubled(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"),
                 UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"),
                 UInt8(ascii: "t"):
                true
            default:
                false
            }
        }

        /// Turns a final y into i after a consonant that is not the first letter.
        ///
        /// "cry" becomes "cri" but "by" and "say" stay.
        mutating func step1c() {
            guard count >= 3 else { return }
            let last = bytes[count - 1]
            guard last == UInt8(ascii: "y") || last == Self.consonantY else { return }
            guard !Self.isVowel(bytes[count - 2]) else { return }
            bytes[count - 1] = UInt8(ascii: "i")
        }

        /// Maps double suffixes in R1 to single ones ("ization" → "ize", "fulness" → "ful").
        mutating func step2() {
            // Every rule needs a suffix of at least two letters starting in R1.
            guard count - 2 >= p1 else { return }
            // Candidates are tried longest first within each final letter, as `among` would.
            switch bytes[count - 1] {
            case UInt8(ascii: "i"):
                if replaceInR1("biliti", with: "ble") || replaceInR1("lessli", with: "less")
                    || replaceInR1("aliti", with: "al") || replaceInR1("iviti", with: "ive")
                    || replaceInR1("fulli", with: "ful") || replaceInR1("ousli", with: "ous")
                    || replaceInR1("entli", with: "ent") || replaceInR1("abli", with: "able")
                    || replaceInR1("alli", with: "al") || replaceInR1("anci", with: "ance")
                    || replaceInR1("enci", with: "ence") || replaceInR1("bli", with: "ble") {
                    return
                }
                if endsWith("ogi") {
                    let start = count - 3
                    if start >= p1, start >= 1, bytes[start - 1] == UInt8(ascii: "l") {
                        replaceSuffix(from: start, with: "og")
                    }
                } else if endsWith("li") {
                    let start = count - 2
                    if start >= p1, start >= 1, Self.isValidLI(bytes[start - 1]) { count = start }
                }
            case UInt8(ascii: "l"):
                _ = replaceInR1("ational", with: "ate") || replaceInR1("tional", with: "tion")
            case UInt8(ascii: "m"):
                _ = replaceInR1("alism", with: "al")
            case UInt8(ascii: "n"):
                _ = replaceInR1("ization", with: "ize") || replaceInR1("ation", with: "ate")
            case UInt8(ascii: "r"):
                _ = replaceInR1("izer", with: "ize") || replaceInR1("ator", with: "ate")
            case UInt8(ascii: "s"):
                _ = replaceInR1("iveness", with: "ive") || replaceInR1("fulness", with: "ful")
                    || replaceInR1("ousness", with: "ous")
            case UInt8(ascii: "t"):
                _ = replaceInR1("ogist", with: "og")
            default:
                break
            }
        }

        /// Simplifies further suffixes in R1 ("icate" → "ic", "ness" → ""); "ative" only in R2.
        mutating func step3() {
            // Every rule needs a suffix of at least three letters starting in R1.
            guard count - 3 >= p1 else { return }
            if replaceInR1("ational", with: "ate") || replaceInR1("tional", with: "tion")
                || replaceInR1("icate", with: "ic") || replaceInR1("alize", with: "al")
                || replaceInR1("iciti", with: "ic") || replaceInR1("ical", with: "ic")
                || replaceInR1("ness", with: "") || replaceInR1("ful", with: "") {
                return
            }
            if endsWith("ative") {
                let start = count - 5
                if start >= p1, start >= p2 { count = start }
            }
        }

        /// Deletes residual suffixes in R2 ("ement", "ance", "ive", …; "ion" only after s or t).
        mutating func step4() {
            // Every rule needs a suffix of at least two letters starting in R2.
            guard count - 2 >= p2 else { return }
            // Grouped by final letter and longest first, as `among` picks the longest match.
            let suffix: StaticString
            switch bytes[count - 1] {
            case UInt8(ascii: "c"):
                suffix = "ic"
            case UInt8(ascii: "e"):
                if endsWith("ance") {
                    suffix = "ance"
                } else if endsWith("ence") {
                    suffix = "ence"
                } else if endsWith("able") {
                    suffix = "able"
                } else if endsWith("ible") {
                    suffix = "ible"
                } else if endsWith("ate") {
                    suffix = "ate"
                } else if endsWith("ive") {
                    suffix = "ive"
                } else if endsWith("ize") {
                    suffix = "ize"
                } else {
                    return
                }
            case UInt8(ascii: "i"):
                suffix = "iti"
            case UInt8(ascii: "l"):
                suffix = "al"
            case UInt8(ascii: "m"):
                suffix = "ism"
            case UInt8(ascii: "n"):
                // "ion" goes only after s or t ("adoption", not "onion").
                guard endsWith("ion") else { return }
                let start = count - 3
                if start >= p2, start >= 1 {
                    let before = bytes[start - 1]
                    if before == UInt8(ascii: "s") || before == UInt8(ascii: "t") { count = start }
                }
                return
            case UInt8(ascii: "r"):
                suffix = "er"
            case UInt8(ascii: "s"):
                suffix = "ous"
            case UInt8(ascii: "t"):
                if endsWith("ement") {
                    suffix = "ement"
                } else if endsWith("ment") {
                    suffix = "ment"
                } else if endsWith("ant") {
                    suffix = "ant"
                } else if endsWith("ent") {
                    suffix = "ent"
                } else {
                    return
                }
            default:
                return
            }
            guard endsWith(suffix) else { return }
            let start = count - suffix.utf8CodeUnitCount
            if start >= p2 { count = start }
        }

        /// Removes a final e in R2, or in R1 unless a short syllable precedes it; undoubles "ll" in R2.
        mutating func step5() {
            // Both rules delete one letter that must lie in R1 (R2 starts no earlier than R1).
            guard count - 1 >= p1, count > 0 else { return }
            let start = count - 1
            switch bytes[start] {
            case UInt8(ascii: "e"):
                if start >= p2 || (start >= p1 && !isShortSyllable(endingAt: start)) { count = start }
            case UInt8(ascii: "l"):
                if start >= p2, start >= 1, bytes[start - 1] == UInt8(ascii: "l") { count = start }
            default:
                break
            }
        }

        /// Turns the "Y" markers back into "y".
        mutating func postlude() {
            guard foundY else { return }
            for index in 0..<count where bytes[index] == Self.consonantY {
                bytes[index] = UInt8(ascii: "y")
            }
        }
    }
}
