/// Edit distances between short words, for spelling tolerance.
public enum EditDistance {
    /// The optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each count once ("cramsp" is one edit from "cramps").
    ///
    /// Stops early and returns `limit + 1` once the distance must exceed `limit`.
    /// - Complexity: O(n·m) in the lengths of the words, which are short.
    public static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return limit + 1 }
        if n == 0 { return m }
        if m == 0 { return n }
        // The three rows live in one temporary buffer on the stack: this runs for every
        // candidate of every misspelt word, and heap arrays were most of its cost.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * (m + 1)) { rows in
            var previousPrevious = UnsafeMutableBufferPointer(rebasing: rows[0...m])
            var previous = UnsafeMutableBufferPointer(rebasing: rows[(m + 1)...(2 * m + 1)])
            var current = UnsafeMutableBufferPointer(rebasing: rows[(2 * m + 2)...])
            for j in 0...m {
                previousPrevious[j] = 0
                previous[j] = j
                current[j] = 0
            }
            for i in 1...n {
                current[0] = i
                var rowMinimum = current[0]
                for j in 1...m {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        value = min(value, previousPrevious[j - 2] + 1)
                    }
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if rowMinimum > limit { return limit + 1 }
                swap(&previousPrevious, &previous)
                swap(&previous, &current)
            }
            return previous[m]
        }
    }

    /// The largest number of edits tolerated in a word of this length: none for short words,
    /// where one edit makes another word ("calf"/"half"), more for long ones.
    public static func tolerance(forLength length: Int) -> Int {
        switch length {
        case ..<4: 0
        case 4...7: 1
        default: 2
        }
    }
}
