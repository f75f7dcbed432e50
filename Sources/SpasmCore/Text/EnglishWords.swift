/// Common English words, to tell an ordinary word from a misspelling or a rare term.
///
/// The list is one sorted string, searched where the binary holds it: a binary search over its
/// bytes, each probe widened to the line it falls in. Making a copy of the list or a table of
/// its line offsets cost start-up 2.6 M instructions and a hundred page faults, for a list
/// that most conversations consult a few times.
public struct EnglishWords: Sendable {
    /// The sorted words, one a line; a string literal, so its UTF-8 is in the binary already.
    private let list: String

    public init() {
        list = Self.sortedList
    }

    /// How many words the list holds.
    public var count: Int {
        list.utf8.isEmpty ? 0 : list.utf8.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
    }

    /// Whether a lowercase word is a common English word.
    /// - Complexity: O(log n) comparisons of short byte strings, each probe also scanning the
    ///   line it falls in.
    public func contains(_ word: String) -> Bool {
        var word = word
        var list = list
        return word.withUTF8 { target in
            list.withUTF8 { bytes in Self.search(target, in: bytes) }
        }
    }

    /// Whether `target` is a whole line of the sorted lines `bytes`.
    private static func search(_ target: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let newline = UInt8(ascii: "\n")
        // `low` is always the start of a line and `high` the start of one or the end, so the
        // lines still to search are those starting in low..<high.
        var low = 0
        var high = bytes.count
        while low < high {
            let middle = (low + high) / 2
            var start = middle
            while start > low && bytes[start - 1] != newline { start -= 1 }
            var end = middle
            while end < bytes.count && bytes[end] != newline { end += 1 }
            let order = compare(target, with: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            if order == 0 { return true }
            if order < 0 { high = start } else { low = end + 1 }
        }
        return false
    }

    /// Compares two byte strings: negative, zero or positive.
    private static func compare(_ target: UnsafeBufferPointer<UInt8>, with line: UnsafeBufferPointer<UInt8>) -> Int {
        for offset in 0..<min(target.count, line.count) where target[offset] != line[offset] {
            return Int(target[offset]) - Int(line[offset])
        }
        return target.count - line.count
    }
}
