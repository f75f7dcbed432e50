import Foundation
import Testing

@testable import SpasmCore

/// One case of `Tests/Eval/redflag-matrix.jsonl`: a red-flag pattern said one way.
struct RedFlagMatrixCase: Sendable {
    /// One message and the escalation it must reach (`esc`) or stay within (`max`).
    struct Turn: Sendable {
        var say: String
        var atLeast: EscalationLevel?
        var atMost: EscalationLevel?
    }

    var id: String
    /// `redflag` (must escalate) or `nonflag` (must not).
    var category: String
    var rule: String
    var variant: String
    var turns: [Turn]

    /// The level the case must reach, for red-flag cases.
    var expected: EscalationLevel? { turns.compactMap(\.atLeast).max() }

    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Eval/redflag-matrix.jsonl")

    /// `Tests/Eval/redflags-extra.jsonl`: red flags and look-alikes in everyday wording.
    static let extraFile = file.deletingLastPathComponent().appendingPathComponent("redflags-extra.jsonl")

    /// `Tests/Eval/redflags-fresh.jsonl`: red flags and look-alikes written blind, before tuning.
    static let freshFile = file.deletingLastPathComponent().appendingPathComponent("redflags-fresh.jsonl")
    /// Every further red-flag file: the blind rounds after the first, and the developer's variants.
    static let laterFiles = ["redflags-fresh2", "redflags-fresh3", "redflags-fresh4", "redflags-fresh5",
                             "redflags-fresh6", "redflags-fresh7", "redflags-fresh8", "redflags-fresh9", "redflags-fresh10", "redflags-fresh11", "redflags-fresh12", "redflags-fresh13", "redflags-fresh14", "redflags-fresh15",
                             "redflags-variants"]
        .map { file.deletingLastPathComponent().appendingPathComponent("\($0).jsonl") }

    /// Every case of a file in the matrix format (the matrix itself by default).
    static func load(from file: URL = file) throws -> [RedFlagMatrixCase] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = object["id"] as? String, let turns = object["turns"] as? [[String: Any]] else {
                throw MatrixFileError(line: String(line))
            }
            return RedFlagMatrixCase(
                id: id, category: object["cat"] as? String ?? "", rule: object["rule"] as? String ?? "mixed",
                variant: object["variant"] as? String ?? "mixed",
                turns: turns.map { turn in
                    Turn(say: turn["say"] as? String ?? "",
                         atLeast: (turn["esc"] as? String).flatMap(EscalationLevel.init(rawValue:)),
                         atMost: (turn["max"] as? String).flatMap(EscalationLevel.init(rawValue:)))
                })
        }
    }
}

/// A line of the matrix file that is not a case.
struct MatrixFileError: Error, CustomStringConvertible {
    var line: String
    var description: String { "not a matrix case: \(line)" }
}

/// How one case went: the levels each turn raised and which checks failed.
struct RedFlagMatrixOutcome {
    var testCase: RedFlagMatrixCase
    var levels: [EscalationLevel]
    /// A checked turn escalated less than required.
    var underTriaged: Bool
    /// A checked turn escalated more than allowed.
    var overTriaged: Bool
    var missedEmergency: Bool { underTriaged && testCase.expected == .emergency }
}

/// Plays the red-flag matrix through the assistant and holds it to the project's triage bar.
@Suite("Red-flag matrix")
struct RedFlagMatrixTests {
    /// Runs one case in a fresh session, checking every turn as `score.py` does.
    static func play(_ testCase: RedFlagMatrixCase, with assistant: Assistant) -> RedFlagMatrixOutcome {
        var state = SessionState()
        var levels: [EscalationLevel] = []
        var under = false, over = false
        for turn in testCase.turns {
            let level = assistant.respond(to: turn.say, in: &state).escalation
            levels.append(level)
            if let minimum = turn.atLeast, level < minimum { under = true }
            if let maximum = turn.atMost, level > maximum { over = true }
        }
        return RedFlagMatrixOutcome(testCase: testCase, levels: levels, underTriaged: under, overTriaged: over)
    }

    /// Counts of failures by a key, as "key n/total" lines.
    static func tally(_ outcomes: [RedFlagMatrixOutcome], by key: (RedFlagMatrixCase) -> String,
                      failed: (RedFlagMatrixOutcome) -> Bool) -> String {
        var totals: [String: (failed: Int, all: Int)] = [:]
        for outcome in outcomes {
            let name = key(outcome.testCase)
            totals[name, default: (0, 0)].all += 1
            if failed(outcome) { totals[name, default: (0, 0)].failed += 1 }
        }
        return totals.keys.sorted().map { "    \($0): \(totals[$0]!.failed)/\(totals[$0]!.all)" }.joined(separator: "\n")
    }

    @Test("no missed emergency; at least 95% correct both ways")
    func matrixMeetsTheBar() throws {
        let cases = try RedFlagMatrixCase.load()
        #expect(cases.count >= 200, "the matrix file has \(cases.count) cases")
        let assistant = RedFlagFixture.assistant
        let outcomes = cases.map { Self.play($0, with: assistant) }

        let positives = outcomes.filter { $0.testCase.category == "redflag" }
        let negatives = outcomes.filter { $0.testCase.category == "nonflag" }
        let under = positives.filter(\.underTriaged)
        let over = negatives.filter(\.overTriaged)
        let missed = positives.filter(\.missedEmergency)

        var summary = """
            Red-flag matrix: \(cases.count) cases
              under-triage (red flags below their level): \(under.count)/\(positives.count), missed emergencies: \(missed.count)
              over-triage (look-alikes and suppressed mentions escalated): \(over.count)/\(negatives.count)
              under-triage by variant:
            \(Self.tally(positives, by: \.variant, failed: \.underTriaged))
              over-triage by variant:
            \(Self.tally(negatives, by: \.variant, failed: \.overTriaged))
            """
        for outcome in under + over {
            let kind = outcome.underTriaged ? "under" : "over"
            summary += "\n  \(kind): \(outcome.testCase.id) [\(outcome.testCase.rule)/\(outcome.testCase.variant)] levels \(outcome.levels.map(\.rawValue)): "
                + outcome.testCase.turns.map(\.say).joined(separator: " | ")
        }
        print(summary)

        #expect(missed.isEmpty, "missed emergencies: \(missed.map(\.testCase.id))")
        let positiveRate = Double(positives.count - under.count) / Double(max(positives.count, 1))
        let negativeRate = Double(negatives.count - over.count) / Double(max(negatives.count, 1))
        #expect(positiveRate >= 0.95, "red flags at or above their level: \(positiveRate)")
        #expect(negativeRate >= 0.95, "look-alikes and suppressed mentions not over-escalated: \(negativeRate)")
    }

    @Test("every red-flag rule of the matrix has positive and suppressed variants")
    func matrixCoversEveryRuleBothWays() throws {
        let cases = try RedFlagMatrixCase.load()
        let rules = Set(cases.filter { $0.variant == "plain" }.map(\.rule))
        for rule in rules {
            let variants = Set(cases.filter { $0.rule == rule }.map(\.variant))
            #expect(variants.isSuperset(of: ["plain", "typo", "negated", "hypothetical", "other-person", "past"]), "\(rule): \(variants)")
        }
    }
}
