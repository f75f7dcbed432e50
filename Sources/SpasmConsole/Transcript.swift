import Foundation

/// A conversation script: user messages, each optionally followed by what its reply must show.
///
///     # a comment
///     what is PAD?
///       -> contains: artery
///     how is it treated?
///       -> contains: angioplasty | bypass
///       -> escalation: none
///     ---
///     hello
///       -> kind: smalltalk
///
/// Keys: `contains: a | b` (one of the alternatives; several lines must all hold), `lacks: a | b`
/// (none of them), `kind: K`, `topic: ID`, `escalation: LEVEL` (exact), `escalation: >= LEVEL` or
/// `<= LEVEL`. `---` starts a new conversation.
public struct Transcript: Sendable {
    /// What a reply must show.
    public enum Expectation: Sendable, Equatable {
        case contains([String])
        case lacks([String])
        case kind(ReplyKind)
        case topic(String)
        case escalation(EscalationLevel, Comparison)
    }

    public enum Comparison: String, Sendable {
        case exactly = "", atLeast = ">=", atMost = "<="
    }

    /// A user message and its expectations.
    public struct Turn: Sendable {
        public var line: Int
        public var text: String
        public var expectations: [(line: Int, expectation: Expectation)]
    }

    /// A malformed line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Every malformed line of a script.
    public struct Problems: Error, Sendable {
        public var problems: [Problem]
    }

    public var file: String
    /// The conversations of the script, each a list of turns.
    public var conversations: [[Turn]]

    /// Parses a script, reporting every malformed line.
    public static func parse(_ text: String, file: String) -> Result<Transcript, Problems> {
        var conversations: [[Turn]] = [[]]
        var problems: [Problem] = []
        // Split on any line break: "\r\n" is one Character, so splitting on "\n" alone would miss it.
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line == "---" {
                if !(conversations.last?.isEmpty ?? true) { conversations.append([]) }
                continue
            }
            guard line.hasPrefix("->") else {
                conversations[conversations.count - 1].append(Turn(line: number, text: line, expectations: []))
                continue
            }
            guard !(conversations.last?.isEmpty ?? true) else {
                problems.append(Problem(file: file, line: number, message: "an expectation before any message; write the user's message on the line above it"))
                continue
            }
            switch parseExpectation(String(line.dropFirst(2))) {
            case .success(let expectation):
                let last = conversations.count - 1
                conversations[last][conversations[last].count - 1].expectations.append((number, expectation))
            case .failure(let message):
                problems.append(Problem(file: file, line: number, message: message.message))
            }
        }
        if conversations.last?.isEmpty ?? false { conversations.removeLast() }
        if conversations.isEmpty && problems.isEmpty {
            problems.append(Problem(file: file, line: 1, message: "the script has no messages"))
        }
        return problems.isEmpty ? .success(Transcript(file: file, conversations: conversations)) : .failure(Problems(problems: problems))
    }

    private struct ParseMessage: Error { var message: String }

    private static func parseExpectation(_ text: String) -> Result<Expectation, ParseMessage> {
        guard let colon = text.firstIndex(of: ":") else {
            return .failure(ParseMessage(message: "expected 'key: value' after '->', such as '-> contains: stretch'"))
        }
        let key = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let alternatives = value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        switch key {
        case "contains", "lacks":
            guard !alternatives.isEmpty else { return .failure(ParseMessage(message: "'\(key)' needs at least one phrase")) }
            return .success(key == "contains" ? .contains(alternatives) : .lacks(alternatives))
        case "kind":
            guard let kind = ReplyKind(rawValue: value.lowercased()) else {
                return .failure(ParseMessage(message: "unknown kind '\(value)'; use answer, clarify, fallback, smalltalk, command or error"))
            }
            return .success(.kind(kind))
        case "topic":
            guard !value.isEmpty else { return .failure(ParseMessage(message: "'topic' needs a topic id")) }
            return .success(.topic(value))
        case "escalation":
            var comparison = Comparison.exactly
            var level = value
            for candidate in [Comparison.atLeast, .atMost] where value.hasPrefix(candidate.rawValue) {
                comparison = candidate
                level = value.dropFirst(2).trimmingCharacters(in: .whitespaces)
            }
            guard let parsed = EscalationLevel(rawValue: level.lowercased()) else {
                return .failure(ParseMessage(message: "unknown escalation '\(level)'; use none, see-doctor, urgent or emergency, optionally after >= or <="))
            }
            return .success(.escalation(parsed, comparison))
        default:
            return .failure(ParseMessage(message: "unknown key '\(key)'; use contains, lacks, kind, topic or escalation"))
        }
    }

    /// A reply that did not show what its script line asked, with where it was asked.
    public struct Mismatch: Sendable {
        public var line: Int
        public var message: String
        /// The user message whose reply failed.
        public var text: String
    }

    /// Plays every conversation (each in a fresh session) and checks every expectation.
    /// - Returns: how many expectations were checked, and those that failed.
    public func check(with assistant: Assistant) -> (checked: Int, mismatches: [Mismatch]) {
        var checked = 0
        var mismatches: [Mismatch] = []
        for conversation in conversations {
            var state = SessionState()
            for turn in conversation {
                let reply = assistant.respond(to: turn.text, in: &state)
                for (line, expectation) in turn.expectations {
                    checked += 1
                    if let problem = Self.mismatch(expectation, reply: reply) {
                        mismatches.append(Mismatch(line: line, message: problem, text: turn.text))
                    }
                }
            }
        }
        return (checked, mismatches)
    }

    /// Why a reply does not meet an expectation, or nil when it does.
    public static func mismatch(_ expectation: Expectation, reply: Reply) -> String? {
        let text = reply.text.lowercased()
        switch expectation {
        case .contains(let options):
            return options.contains(where: text.contains) ? nil
                : "expected the reply to contain \(options.map { "'\($0)'" }.joined(separator: " or ")), got \(summary(reply))"
        case .lacks(let options):
            let found = options.filter(text.contains)
            return found.isEmpty ? nil : "expected the reply to lack \(found.map { "'\($0)'" }.joined(separator: ", ")), got \(summary(reply))"
        case .kind(let kind):
            return reply.kind == kind ? nil : "expected kind \(kind.rawValue), got \(reply.kind.rawValue): \(summary(reply))"
        case .topic(let topic):
            return reply.topic == topic ? nil : "expected topic \(topic), got \(reply.topic ?? "none"): \(summary(reply))"
        case .escalation(let level, let comparison):
            let ok: Bool
            switch comparison {
            case .exactly: ok = reply.escalation == level
            case .atLeast: ok = reply.escalation >= level
            case .atMost: ok = reply.escalation <= level
            }
            return ok ? nil : "expected escalation \(comparison.rawValue.isEmpty ? "" : comparison.rawValue + " ")\(level.rawValue), got \(reply.escalation.rawValue)"
        }
    }

    private static func summary(_ reply: Reply) -> String {
        let text = reply.text.replacingOccurrences(of: "\n", with: " ")
        return "\"" + (text.count > 100 ? String(text.prefix(100)) + "..." : text) + "\""
    }
}
