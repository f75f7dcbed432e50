/// A problem found in a knowledge folder, reported as `file:line: message`.
public struct KnowledgeProblem: Sendable, Hashable, CustomStringConvertible, Error {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// All the problems of a knowledge folder that failed to load.
public struct KnowledgeErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [KnowledgeProblem]

    public init(problems: [KnowledgeProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
