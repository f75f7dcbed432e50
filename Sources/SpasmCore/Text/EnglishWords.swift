/// Common English words, to tell an ordinary word from a misspelling or a rare term.
///
/// The list is one sorted string, searched by binary search over line offsets computed once,
/// so it costs one pass at start-up and no per-word allocation.
public struct EnglishWords: Sendable {
    private let bytes: [UInt8]
    /// The start of each word in `bytes`; the word runs to the next newline.
    private let starts: [Int32]

    public init() {
        bytes = Array(Self.sortedList.utf8)
        var starts: [Int32] = [0]
        starts.reserveCapacity(40_000)
        for index in bytes.indices where bytes[index] == 10 && index + 1 < bytes.count {
            starts.append(Int32(index + 1))
        }
        self.starts = starts
    }

    /// How many words the list holds.
    public var count: Int { starts.count }

    /// Whether a lowercase word is a common English word.
    /// - Complexity: O(log n) comparisons of short byte strings.
    public func contains(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { target in
            var low = 0
            var high = starts.count - 1
            while low <= high {
                let middle = (low + high) / 2
                let order = compare(target, at: Int(starts[middle]))
                if order == 0 { return true }
                if order < 0 { high = middle - 1 } else { low = middle + 1 }
            }
            return false
        }
    }

    /// Compares the target with the word starting at `start`: negative, zero or positive.
    private func compare(_ target: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        var offset = 0
        while true {
            let position = start + offset
            let listEnded = position >= bytes.count || bytes[position] == 10
            let targetEnded = offset >= target.count
            if listEnded || targetEnded { return listEnded && targetEnded ? 0 : (targetEnded ? -1 : 1) }
            if target[offset] != bytes[position] { return Int(target[offset]) - Int(bytes[position]) }
            offset += 1
        }
    }
}
