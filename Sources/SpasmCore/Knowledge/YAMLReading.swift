import Yams

/// Reads YAML nodes strictly, recording each problem with its file and line.
struct YAMLReader {
    let file: String
    private(set) var problems: [KnowledgeProblem] = []

    init(file: String) {
        self.file = file
    }

    /// The 1-based line of a node, or 1 when the parser gave none.
    func line(of node: Node?) -> Int { node?.mark?.line ?? 1 }

    mutating func report(_ node: Node?, _ message: String) {
        problems.append(KnowledgeProblem(file: file, line: line(of: node), message: message))
    }

    mutating func report(line: Int, _ message: String) {
        problems.append(KnowledgeProblem(file: file, line: line, message: message))
    }

    /// Parses the text into a node, reporting a YAML syntax error with its position.
    mutating func compose(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                report(line: mark.line, "YAML error: \(problem); check indentation, quotes and colons near here")
            case .duplicatedKeysInMapping(let duplicates, let context):
                report(line: context.mark.line, "YAML error: duplicate keys \(duplicates.joined(separator: ", ")); keep one of each")
            default:
                report(line: 1, "YAML error: \(error)")
            }
        } catch {
            report(line: 1, "YAML error: \(error)")
        }
        return nil
    }

    /// The pairs of a mapping node, reporting unknown keys and any missing required key.
    mutating func fields(
        of node: Node, what: String, allowed: [String], required: [String] = []
    ) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report(node, "\(what) must be a mapping of keys to values")
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, "\(what) has a key that is not plain text")
                continue
            }
            if !allowed.contains(key) {
                let known = allowed.joined(separator: ", ")
                report(keyNode, "unknown key '\(key)' in \(what); the keys allowed are: \(known)")
                continue
            }
            if result[key] != nil {
                report(keyNode, "key '\(key)' appears twice in \(what); keep one")
            }
            result[key] = value
        }
        for key in required where result[key] == nil {
            report(node, "\(what) is missing '\(key)'; add it")
        }
        return result
    }

    /// A non-empty text value.
    mutating func string(_ node: Node?, what: String) -> String? {
        guard let node else { return nil }
        guard let scalar = node.scalar else {
            report(node, "\(what) must be text, not a list or mapping")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            report(node, "\(what) is empty; write it or remove the key")
            return nil
        }
        return text
    }

    /// A list of non-empty texts.
    mutating func strings(_ node: Node?, what: String) -> [String]? {
        guard let node else { return nil }
        guard let sequence = node.sequence else {
            report(node, "\(what) must be a list, such as [a, b] or lines starting with '- '")
            return nil
        }
        return sequence.compactMap { string($0, what: "an item of \(what)") }
    }

    /// A list of nodes.
    mutating func list(_ node: Node?, what: String) -> [Node]? {
        guard let node else { return nil }
        guard let sequence = node.sequence else {
            report(node, "\(what) must be a list of entries starting with '- '")
            return nil
        }
        return Array(sequence)
    }
}
