/// A quick test that a word is not one of a set of words, by its length and its first and last bytes.
///
/// Most words of a message are in none of the small tables they are looked up in (phrase
/// openers, context triggers, number words), and a miss in a `Set` or `Dictionary` of strings
/// still hashes the whole word. Checking the word's shape first costs a few instructions and
/// turns most misses away before any hash. It never turns away a word of the set: a false
/// "may contain" only costs the look-up that would have been done anyway.
struct WordShapes: Sendable {
    /// Lengths in bytes from this one up share a cell.
    private static let longest = 31
    /// Byte classes: "a" to "z", then one class for every other byte.
    private static let classes = 27

    /// One cell for each length and first-byte class; bit `c` is set when some word of that
    /// length and first byte ends in class `c`.
    private var cells: [UInt32]

    /// The shapes of no word.
    init() {
        cells = [UInt32](repeating: 0, count: (Self.longest + 1) * Self.classes)
    }

    /// The shapes of the given words.
    init(_ words: some Sequence<String>) {
        self.init()
        for word in words { insert(word) }
    }

    /// Adds a word's shape.
    mutating func insert(_ word: String) {
        guard let (cell, bit) = Self.place(of: word) else { return }
        cells[cell] |= bit
    }

    /// Whether the word may be one of the words: false means it certainly is not.
    @inline(__always)
    func mayContain(_ word: String) -> Bool {
        guard let (cell, bit) = Self.place(of: word) else { return false }
        return cells[cell] & bit != 0
    }

    /// The cell and bit of a word's shape; nil for the empty word, which no table holds.
    @inline(__always)
    private static func place(of word: String) -> (cell: Int, bit: UInt32)? {
        // Read as contiguous UTF-8: `utf8.last` goes through the view's index arithmetic, which
        // costs more than the look-up this test is there to spare.
        var word = word
        return word.withUTF8 { bytes in
            guard let first = bytes.first else { return nil }
            let length = min(bytes.count, longest)
            return (length * classes + byteClass(first), 1 << UInt32(byteClass(bytes[bytes.count - 1])))
        }
    }

    private static func byteClass(_ byte: UInt8) -> Int {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? Int(byte - UInt8(ascii: "a")) : classes - 1
    }
}
