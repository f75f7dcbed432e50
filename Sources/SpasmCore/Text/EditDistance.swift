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

    /// The distance of two words when it is 0 or 1, else 2: `min(distance(a, b, limit: 1), 2)`,
    /// found in one pass, without the table.
    ///
    /// Typo tolerance asks this of every phrase word that shares a misspelling's first letter,
    /// so the full table for each was much of a reply's cost for a message with a typo.
    public static func withinOne(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let n = a.count, m = b.count
        guard abs(n - m) <= 1 else { return 2 }
        // The first position where the words differ: none means equal, or one is the other
        // with a letter added at the end.
        var first = 0
        while first < n && first < m && a[first] == b[first] { first += 1 }
        if first == n && first == m { return 0 }
        if first == n || first == m { return 1 }
        /// Whether `a` from `i` on equals `b` from `j` on.
        func restEqual(_ i: Int, _ j: Int) -> Bool {
            guard n - i == m - j else { return false }
            var i = i, j = j
            while i < n {
                if a[i] != b[j] { return false }
                i += 1
                j += 1
            }
            return true
        }
        if n == m {
            // One letter replaced, or two neighbours swapped.
            if restEqual(first + 1, first + 1) { return 1 }
            if first + 1 < n && a[first] == b[first + 1] && a[first + 1] == b[first] && restEqual(first + 2, first + 2) { return 1 }
            return 2
        }
        // One letter added to the shorter word at the first difference.
        return (n > m ? restEqual(first + 1, first) : restEqual(first, first + 1)) ? 1 : 2
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
