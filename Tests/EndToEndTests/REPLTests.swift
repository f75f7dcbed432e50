import Foundation
import Testing

/// The interactive mode, driven through a real terminal: the built binary runs in a tmux pane,
/// keys are sent with `send-keys` and the screen is read with `capture-pane`.
///
/// Each test uses its own tmux server (a private socket in a temporary folder) and a fresh home folder, with no
/// locale variables set, so libedit's UTF-8 fallback is exercised too.
@Suite("REPL under tmux", .serialized, .enabled(if: TerminalSession.tmux != nil,
    "tmux is not installed: the interactive end-to-end tests need it (CI installs it)"))
struct REPLTests {
    @Test("A question typed at the prompt gets the same answer as in pipe mode")
    func questionGetsAnswer() throws {
        let expected = try PipeReplies(["what is PAD?"])
        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home)
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)

        terminal.type("what is PAD?")
        terminal.press("Enter")
        let screen = try terminal.waitForPrompt(count: 2)
        #expect(screen.flattened.contains(expected[0].flattened))
        #expect(screen.contains("you> what is PAD?"))
    }

    @Test("Ctrl-C throws away the half-typed line and keeps the conversation")
    func interruptKeepsSession() throws {
        let expected = try PipeReplies(["what is PAD?", "how is it treated?"])
        let withoutContext = try PipeReplies(["how is it treated?"])
        // Otherwise the test could not tell a kept conversation from a lost one.
        try #require(expected[1] != withoutContext[0])

        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home)
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)
        terminal.type("what is PAD?")
        terminal.press("Enter")
        try terminal.waitForPrompt(count: 2)

        terminal.type("do cramps hurt mo")
        try terminal.waitFor("the half-typed line") { $0.lastLine == "you> do cramps hurt mo" }
        terminal.press("C-c")
        try terminal.waitForPrompt(count: 3)

        terminal.type("how is it treated?")
        terminal.press("Enter")
        let screen = try terminal.waitForPrompt(count: 4)
        #expect(screen.flattened.contains(expected[1].flattened))
        #expect(screen.contains("you> how is it treated?"))
        #expect(terminal.isRunning)
    }

    @Test("Ctrl-D on an empty line leaves with status 0")
    func endOfInputExits() throws {
        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home)
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)
        terminal.press("C-d")
        let status = try terminal.waitForExit()
        #expect(status == 0)
    }

    @Test("Quit commands said in words or with a slash leave with status 0", arguments: ["quit", "exit", "/quit"])
    func quitCommandExits(command: String) throws {
        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home)
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)
        terminal.type(command)
        terminal.press("Enter")
        let status = try terminal.waitForExit()
        #expect(status == 0)
    }

    @Test("History persists: after a restart the up arrow recalls the last question; the file is private")
    func historyPersists() throws {
        let home = try TemporaryHome()
        let first = try TerminalSession(home: home)
        defer { first.close() }
        try first.waitForPrompt(count: 1)
        first.type("what is PAD?")
        first.press("Enter")
        try first.waitForPrompt(count: 2)
        first.press("C-d")
        #expect(try first.waitForExit() == 0)
        first.close()

        let file = home.historyFile
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: file.deletingLastPathComponent().path)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains("what\\040is\\040PAD?"), "libedit's history format escapes spaces")

        let second = try TerminalSession(home: home)
        defer { second.close() }
        try second.waitForPrompt(count: 1)
        second.press("Up")
        try second.waitFor("the recalled question") { $0.lastLine == "you> what is PAD?" }
    }

    @Test("--no-history keeps no file")
    func noHistoryWritesNothing() throws {
        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home, arguments: ["--no-history"])
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)
        terminal.type("what is PAD?")
        terminal.press("Enter")
        try terminal.waitForPrompt(count: 2)
        terminal.press("C-d")
        #expect(try terminal.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: home.historyFile.path))
        #expect(!FileManager.default.fileExists(atPath: home.historyFile.deletingLastPathComponent().path))
    }

    @Test("Accented letters and emoji are read and echoed intact, with no UTF-8 locale set")
    func utf8Input() throws {
        let questions = ["crampé?", "leg cramp 🦵 at night?"]
        let expected = try PipeReplies(questions)
        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home)
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)
        for (number, question) in questions.enumerated() {
            terminal.type(question)
            terminal.press("Enter")
            let screen = try terminal.waitForPrompt(count: number + 2)
            #expect(screen.contains("you> \(question)"))
            #expect(screen.flattened.contains(expected[number].flattened))
        }
        terminal.press("C-d")
        #expect(try terminal.waitForExit() == 0)
        let saved = try String(contentsOf: home.historyFile, encoding: .utf8)
        #expect(saved.contains("crampé?"))
    }

    @Test("Tab completes commands and words the knowledge base knows")
    func tabCompletes() throws {
        let home = try TemporaryHome()
        let terminal = try TerminalSession(home: home)
        defer { terminal.close() }
        try terminal.waitForPrompt(count: 1)
        terminal.type("/top")
        terminal.press("Tab")
        try terminal.waitFor("the completed command") { $0.lastLine == "you> /topics" }
        terminal.press("C-u")
        terminal.type("what is periph")
        terminal.press("Tab")
        try terminal.waitFor("the completed word") { $0.lastLine == "you> what is peripheral" }
    }
}

// MARK: - Helpers

/// The replies of pipe mode to a conversation, the reference for what the REPL must show.
struct PipeReplies {
    let replies: [String]

    init(_ questions: [String]) throws {
        let output = try SpasmBinary.run(arguments: ["--color", "never"],
                                         input: questions.map { $0 + "\n" }.joined())
        try #require(output.status == 0, "pipe mode failed: \(output.stderr)")
        replies = output.stdout.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        try #require(replies.count == questions.count, "expected one reply per question: \(output.stdout)")
    }

    subscript(index: Int) -> String { replies[index] }
}

/// A fresh home folder with its own XDG state folder, deleted at the end of the test.
final class TemporaryHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("spasm-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var stateFolder: URL { url.appendingPathComponent("state") }
    var historyFile: URL { stateFolder.appendingPathComponent("spasm/history") }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// `spasm` running in a pane of a private tmux server.
final class TerminalSession {
    /// The tmux executable, or nil when it is not installed.
    static let tmux: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return folders.map { $0 + "/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Printed by the pane's shell when spasm ends, followed by its exit status.
    static let exitMarker = "spasm-exit-status="
    static let prompt = "you>"

    /// The private server's socket, in the test's own folder.
    private let socket: String
    private let environment: [String: String]
    /// Kept so the folder (and the socket in it) outlives the server, however early the test lets go of it.
    private let home: TemporaryHome
    private let server = Process()
    private var closed = false

    /// Starts `spasm` with the arguments in a 100 x 50 pane, with `HOME` and `XDG_STATE_HOME` in `home`.
    init(home: TemporaryHome, arguments: [String] = []) throws {
        self.home = home
        // Only what the test needs: no LANG or LC_*, so the REPL must find UTF-8 itself.
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home.url.path,
            "XDG_STATE_HOME": home.stateFolder.path,
            "TERM": "xterm-256color",
            "SHELL": "/bin/sh",
        ]
        let configuration = home.url.appendingPathComponent("tmux.conf")
        try "set -g default-terminal xterm-256color\nset -g history-limit 5000\n"
            .write(to: configuration, atomically: true, encoding: .utf8)
        socket = home.url.appendingPathComponent("tmux-\(UUID().uuidString.prefix(8)).sock").path
        try startServer(configuration: configuration.path)
        let command = ([SpasmBinary.url.path] + arguments).map(Self.shellQuoted).joined(separator: " ")
            + "; echo \"\(Self.exitMarker)$?\"; exec sleep 600"
        try tmux(["new-session", "-d", "-s", "spasm", "-x", "100", "-y", "50", command])
    }

    /// Starts the tmux server in the foreground (`-D`) as our own child and waits for its socket.
    ///
    /// A server started by `new-session` would daemonize and inherit the descriptor Foundation
    /// uses on Linux to notice the client's exit, so that client would never seem to end.
    private func startServer(configuration: String) throws {
        server.executableURL = URL(fileURLWithPath: Self.tmux ?? "tmux")
        server.arguments = ["-S", socket, "-u", "-f", configuration, "-D"]
        server.environment = environment
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        let deadline = Date().addingTimeInterval(15)
        while !FileManager.default.fileExists(atPath: socket) {
            guard Date() < deadline, server.isRunning else {
                throw Failure(description: "the tmux server did not start")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Types text literally (no key names).
    func type(_ text: String) {
        _ = try? tmux(["send-keys", "-t", "spasm", "-l", text])
    }

    /// Presses keys by tmux name: "Enter", "C-c", "Up", "Tab".
    func press(_ keys: String...) {
        _ = try? tmux(["send-keys", "-t", "spasm"] + keys)
    }

    /// The screen and its scrollback, wrapped lines joined, trailing blank lines dropped.
    func screen() -> Screen {
        Screen(text: (try? tmux(["capture-pane", "-p", "-J", "-S", "-5000", "-t", "spasm"])) ?? "")
    }

    /// Whether spasm is still running (the pane's shell has not printed the exit marker).
    var isRunning: Bool { !screen().text.contains(Self.exitMarker) }

    /// Polls the screen until `condition` holds; fails with the screen after `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, _ condition: (Screen) -> Bool) throws -> Screen {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let current = screen()
            if condition(current) { return current }
            if Date() > deadline {
                throw Failure(description: "timed out after \(timeout)s waiting for \(what); the screen:\n\(current.text)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Waits until the screen shows `count` prompts, the last one empty and waiting for input.
    @discardableResult
    func waitForPrompt(count: Int) throws -> Screen {
        try waitFor("prompt number \(count)") { screen in
            screen.lines.filter { $0.hasPrefix(Self.prompt) }.count >= count && screen.lastLine == Self.prompt
        }
    }

    /// Waits for spasm to end and returns its exit status.
    func waitForExit() throws -> Int32? {
        let screen = try waitFor("spasm to exit") { $0.text.contains(Self.exitMarker) }
        let line = screen.lines.first { $0.hasPrefix(Self.exitMarker) }
        return line.flatMap { Int32($0.dropFirst(Self.exitMarker.count)) }
    }

    /// Ends the tmux server and everything in it.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"])
        // kill-server ends the server at once, but Foundation may not notice (the panes inherited
        // the descriptor it watches); the process is not reaped while isRunning is true, so its
        // id is still ours to kill. This makes sure no test leaves a server behind.
        let deadline = Date().addingTimeInterval(0.5)
        while server.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if server.isRunning { kill(server.processIdentifier, SIGKILL) }
    }

    deinit { close() }

    /// Runs a tmux command on this test's server and returns what it printed.
    @discardableResult
    private func tmux(_ arguments: [String], timeout: TimeInterval = 15) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tmux ?? "tmux")
        process.arguments = ["-S", socket, "-u"] + arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) did not finish within \(timeout)s")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }
}

/// What a pane showed.
struct Screen {
    let text: String

    init(text: String) {
        var lines = text.components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        while lines.last == "" { lines.removeLast() }
        self.text = lines.joined(separator: "\n")
    }

    var lines: [String] { text.components(separatedBy: "\n") }
    var lastLine: String { lines.last ?? "" }

    func contains(_ part: String) -> Bool { text.contains(part) }

    /// The text with all whitespace runs made one space, so wrapped and unwrapped replies compare equal.
    var flattened: String { text.flattened }
}

fileprivate extension String {
    /// The text with all whitespace runs made one space.
    var flattened: String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
