import ArgumentParser
import Foundation
import SpasmConsole

/// Starts spasm: a plain chat with no options (`spasm`, `spasm --json`) goes straight to it,
/// anything else through the argument parser.
///
/// Parsing the arguments builds every command's argument set by reflection, with runtime
/// look-ups of types and conformances: about 15 M instructions, a fifth of start-up, for the
/// two command lines a bridge or a person starts most. Those two have no option to check, so
/// they run `ChatSettings` with its defaults, which are the parser's defaults too.
@main
enum Start {
    static func main() {
        switch CommandLine.arguments.dropFirst() {
        case []: ChatSettings().run()
        case ["--json"]: ChatSettings(json: true).run()
        default: Spasm.main()
        }
    }
}

/// The spasm command line: chat (the default), lint, run and check.
struct Spasm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spasm",
        abstract: "Answers plain-English questions about muscle spasms and cramps.",
        discussion: """
            With no subcommand, chats: interactively with line editing when standard input is a \
            terminal, else one reply per input line (or per JSON object with --json). \
            General information only, not medical advice.
            """,
        version: "0.1.0",
        subcommands: [Chat.self, Lint.self, Run.self, Check.self],
        defaultSubcommand: Chat.self
    )
}

/// Options shared by every command that loads the knowledge base.
struct KnowledgeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Load the knowledge base from this folder instead of the built-in one (or set SPASM_KNOWLEDGE).", valueName: "dir"))
    var knowledge: String?

    /// The loaded assistant, or exit 65 with every problem listed.
    func assistant() throws -> Assistant { try Self.assistant(knowledge: knowledge) }

    /// The assistant of the `--knowledge` folder (nil for none), or exit 65 with every problem listed.
    static func assistant(knowledge: String?) throws -> Assistant {
        switch KnowledgeLocation.resolve(option: knowledge).assistant() {
        case .success(let assistant):
            return assistant
        case .failure(let errors):
            StandardOutput.error(errors.description + "\nspasm: the knowledge base has \(errors.problems.count) problem(s); fix them and run `spasm lint`.")
            throw ExitCode(ExitStatus.dataError)
        }
    }
}

/// What a chat runs with: the options of `Chat`, whose defaults are these.
struct ChatSettings {
    var knowledge: String?
    var json = false
    var explain = false
    var color: Terminal.ColorMode = .auto
    var noHistory = false
    var maxSessions = 10_000
    var sessionExpiry: Double = 3600
    var maxMessage = 2000

    /// Chats until the input ends, then exits.
    func run() -> Never {
        StandardOutput.ignoreBrokenPipes()
        let assistant: Assistant
        do {
            assistant = try KnowledgeOptions.assistant(knowledge: knowledge)
        } catch {
            Spasm.exit(withError: error)
        }
        var conversations = Conversations(assistant: assistant, capacity: maxSessions,
                                          idleExpiry: sessionExpiry, messageLimit: maxMessage)
        let status: Int32
        if json {
            status = Modes.json(&conversations)
        } else if Terminal.inputIsTerminal {
            let environment = ProcessInfo.processInfo.environment
            var repl = REPL(conversations: conversations, options: REPL.Options(
                color: Terminal.useColor(color, environment: environment), keepHistory: !noHistory, explain: explain))
            status = repl.run()
        } else {
            status = Modes.plain(&conversations, explain: explain)
        }
        // Every reply is written and flushed, and the history saved: end here instead of freeing
        // the assistant's tables one by one on the way out, which costs more than a short chat.
        Foundation.exit(status)
    }
}

struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with the assistant (the default command).")

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    @Flag(name: .long, help: "Speak the JSON-lines protocol: one {\"text\", \"session\"} object per line in, one reply object per line out.")
    var json = ChatSettings().json

    @Flag(name: .long, help: "After each reply, show how the question was read and scored.")
    var explain = ChatSettings().explain

    @Option(name: .long, help: "When to use colour: auto, always or never.")
    var color: Terminal.ColorMode = ChatSettings().color

    @Flag(name: .long, help: "Keep no history of what you type in the interactive mode.")
    var noHistory = ChatSettings().noHistory

    @Option(name: .long, help: "The most conversations kept at once; the least recently used is forgotten first.")
    var maxSessions = ChatSettings().maxSessions

    @Option(name: .long, help: "Seconds a conversation may stay idle before it is forgotten.")
    var sessionExpiry: Double = ChatSettings().sessionExpiry

    @Option(name: .long, help: "The longest message read, in characters; longer ones are cut with a notice.")
    var maxMessage = ChatSettings().maxMessage

    func validate() throws {
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1") }
        guard sessionExpiry > 0 else { throw ValidationError("--session-expiry must be more than 0 seconds") }
        guard maxMessage >= 10 else { throw ValidationError("--max-message must be at least 10 characters") }
    }

    func run() throws {
        ChatSettings(knowledge: knowledgeOptions.knowledge, json: json, explain: explain, color: color, noHistory: noHistory,
                     maxSessions: maxSessions, sessionExpiry: sessionExpiry, maxMessage: maxMessage).run()
    }
}

extension Terminal.ColorMode: ExpressibleByArgument {}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check the knowledge base and list every problem as file:line: message (exit 65 if any).")

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func run() throws {
        let location = KnowledgeLocation.resolve(option: knowledgeOptions.knowledge)
        switch location.load() {
        case .success(let base):
            print("ok: \(base.topics.count) topics, \(base.concepts.count) synonym sets, \(base.redFlags.rules.count) red-flag rules, \(base.sources.count) sources")
        case .failure(let errors):
            print(errors.description)
            print("\(errors.problems.count) problem(s)")
            throw ExitCode(ExitStatus.dataError)
        }
    }
}

/// The arguments of the commands that play conversation scripts.
struct ScriptOptions: ParsableArguments {
    @OptionGroup var knowledgeOptions: KnowledgeOptions

    @Argument(help: "Script files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one script file") }
    }

    /// Runs a mode over the scripts and exits with its status.
    func play(_ mode: ([String], Assistant) -> Int32) throws {
        StandardOutput.ignoreBrokenPipes()
        let status = mode(files, try knowledgeOptions.assistant())
        if status != 0 { throw ExitCode(status) }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Play conversation scripts (one message per line, # comments, --- between conversations) and print them.")

    @OptionGroup var scripts: ScriptOptions

    func run() throws {
        try scripts.play { Modes.run($0, assistant: $1) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Play conversation scripts and check each reply against its '-> key: value' lines (exit 1 on a mismatch, 65 on a malformed script).")

    @OptionGroup var scripts: ScriptOptions

    func run() throws {
        try scripts.play { Modes.check($0, assistant: $1) }
    }
}
