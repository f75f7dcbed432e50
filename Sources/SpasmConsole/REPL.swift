import Foundation

/// The interactive loop: a banner, a prompt with libedit line editing, replies wrapped to the terminal.
///
/// Ctrl-C throws away the line being typed and keeps the conversation; Ctrl-D, `/quit`, `quit`
/// or `exit` leave with status 0.
public struct REPL {
    /// How the session looks and what it keeps.
    public struct Options: Sendable {
        /// Colour and bold in the prompt and replies.
        public var color: Bool
        /// Save the lines typed to the history file (`--no-history` turns this off).
        public var keepHistory: Bool
        /// Show how each question was read and scored after its reply.
        public var explain: Bool
        /// The history file; nil picks the XDG location from the environment.
        public var historyFile: String?

        public init(color: Bool, keepHistory: Bool, explain: Bool, historyFile: String? = nil) {
            self.color = color
            self.keepHistory = keepHistory
            self.explain = explain
            self.historyFile = historyFile
        }
    }

    var conversations: Conversations
    let options: Options
    private let output = StandardOutput()

    public init(conversations: Conversations, options: Options) {
        self.conversations = conversations
        self.options = options
    }

    /// The session, as used in `Conversations`; the REPL has only one.
    static let session = "default"
    /// Replies are not wrapped wider than this, however wide the terminal: long lines read badly.
    static let widestLine = 100

    /// Runs until Ctrl-D or a quit command; returns the exit status.
    public mutating func run() -> Int32 {
        let knowledge = conversations.assistant.knowledge
        let editor = LineEditor(completions: CompletionVocabulary.words(of: knowledge))
        let historyFile = options.keepHistory
            ? options.historyFile ?? History.defaultFile(environment: ProcessInfo.processInfo.environment) : nil
        var history = History(file: historyFile)

        output.write(banner(knowledge.responses) + "\n\n")
        while true {
            switch editor.read(prompt: prompt) {
            case .end:
                // Ctrl-D leaves the cursor after the prompt: end the line before the shell's prompt.
                output.write("\n")
                return ExitStatus.ok
            case .interrupted:
                // Mark the discarded text as a shell does, and start afresh on the next line.
                output.write("^C\n")
            case .line(let line):
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                history.add(line)
                let reply = conversations.respond(to: line, session: Self.session)
                output.write(render(reply, question: line) + "\n\n")
                if reply.action == .quit { return ExitStatus.ok }
            }
        }
    }

    /// What it is, the disclaimer, and how to get help and leave, wrapped to the terminal.
    func banner(_ responses: Responses) -> String {
        let renderer = Renderer(color: options.color, width: Self.wrapWidth)
        return [
            renderer.paint(renderer.wrap("spasm: answers plain-English questions about muscle spasms and cramps."), "\u{1B}[1m"),
            renderer.paint(renderer.wrap(responses.fill(responses.disclaimer)), "\u{1B}[33m"),
            renderer.wrap("Type a question; /help for help, Tab to complete, /quit or Ctrl-D to leave."),
        ].joined(separator: "\n")
    }

    /// The column to wrap at, read afresh each time so a resized terminal is followed.
    static var wrapWidth: Int? { Terminal.width.map { min($0, widestLine) - 2 } }

    /// The prompt, its colour codes wrapped in `\u{1}` ... `\u{2}` so libedit does not count them as columns.
    var prompt: String {
        options.color ? "\u{1}\u{1B}[1;36m\u{2}you>\u{1}\u{1B}[0m\u{2} " : "you> "
    }

    /// The reply wrapped to the terminal, then, with `--explain`, how the question was read.
    func render(_ reply: Reply, question: String) -> String {
        var text = Renderer(color: options.color, width: Self.wrapWidth).render(reply)
        if options.explain && reply.kind != .command {
            let context = conversations.state(of: Self.session)?.lastContext ?? MatchContext()
            text += "\n" + paint(conversations.assistant.explain(question, context: context), "\u{1B}[2m")
        }
        return text
    }

    func paint(_ text: String, _ style: String) -> String {
        Renderer(color: options.color).paint(text, style)
    }
}
