@preconcurrency import CEditLine
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The interactive loop: a banner, a prompt with libedit line editing, replies wrapped to the terminal.
public struct REPL {
    public struct Options: Sendable {
        public var color: Bool
        public var keepHistory: Bool
        public var explain: Bool

        public init(color: Bool, keepHistory: Bool, explain: Bool) {
            self.color = color
            self.keepHistory = keepHistory
            self.explain = explain
        }
    }

    var conversations: Conversations
    let options: Options

    public init(conversations: Conversations, options: Options) {
        self.conversations = conversations
        self.options = options
    }

    /// Runs until Ctrl-D or /quit; returns the exit status.
    public mutating func run() -> Int32 {
        let responses = conversations.assistant.knowledge.responses
        let output = StandardOutput()
        output.write("spasm: questions and answers about muscle spasms and cramps.\n\(responses.fill(responses.disclaimer))\nType a question, /help for help, Ctrl-D to leave.\n\n")
        while let pointer = readline("you> ") {
            let line = String(cString: pointer)
            free(pointer)
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            add_history(line)
            let reply = conversations.respond(to: line)
            let renderer = Renderer(color: options.color, width: Terminal.width.map { min($0, 100) - 2 })
            output.write(renderer.render(reply) + "\n\n")
            if reply.action == .quit { break }
        }
        return ExitStatus.ok
    }
}
