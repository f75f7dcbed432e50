import Foundation
import Testing

@testable import SpasmCore

/// Checks `Porter2Stemmer` against the reference Snowball implementation and a few named cases.
@Suite("Porter2 stemmer")
struct Porter2StemmerTests {
    /// The committed vectors written by scripts/generate-stemmer-vectors.py from `snowballstemmer`.
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/porter2-vectors.tsv")

    /// Every word of the fixture stems exactly as Snowball's own English stemmer does.
    @Test("matches every Snowball vector")
    func matchesSnowballVectors() throws {
        let text = try String(contentsOf: Self.fixture, encoding: .utf8)
        let stemmer = Porter2Stemmer()
        var checked = 0
        var mismatches: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            // Keep empty fields: a few words (such as "''s'") have an empty stem.
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                Issue.record("malformed fixture line: \(line)")
                continue
            }
            checked += 1
            let word = String(fields[0])
            let stem = stemmer.stem(word)
            if stem != fields[1] {
                mismatches.append("\(word) → \(stem) (expected \(fields[1]))")
            }
        }
        #expect(checked >= 20_000, "the fixture should hold a large vocabulary")
        // Compare the count, not the array, so a broken stemmer does not print thousands of words.
        #expect(
            mismatches.count == 0,
            "\(mismatches.count) of \(checked) words differ; first: \(mismatches.prefix(20).joined(separator: ", "))"
        )
    }

    /// Words from the project's domain and the algorithm's special cases.
    @Test("named cases", arguments: [
        ("cramping", "cramp"),
        ("cramps", "cramp"),
        ("spasms", "spasm"),
        ("generously", "generous"),
        ("skies", "sky"),
        ("dying", "die"),
        ("consign", "consign"),
        ("consigned", "consign"),
        ("news", "news"),
        ("communism", "communism"),
        ("arsenal", "arsenal"),
        ("proceed", "proceed"),
        ("hopping", "hop"),
        ("hoped", "hope"),
        ("cries", "cri"),
        ("ties", "tie"),
        ("dog's", "dog"),
        ("'tis", "tis"),
        ("saying", "say"),
    ])
    func namedCase(word: String, expected: String) {
        #expect(Porter2Stemmer().stem(word) == expected)
    }

    /// Short words, and words the algorithm does not cover, come back unchanged.
    @Test("leaves short and non-ASCII words alone", arguments: ["a", "is", "by", "naïve", "café", "über"])
    func unchanged(word: String) {
        #expect(Porter2Stemmer().stem(word) == word)
    }
}
