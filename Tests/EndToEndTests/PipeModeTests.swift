import Foundation
import SpasmCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built binary driven through pipes: plain and JSON modes, scripts, lint, options, hardening.
@Suite("Pipe mode (built binary)")
struct PipeModeTests {
    /// The environment of every run: no knowledge folder from the test process's environment.
    static let cleanEnvironment = ["SPASM_KNOWLEDGE": ""]
    static let fixtures = SpasmBinary.packageRoot.appendingPathComponent("Tests/SpasmCoreTests/Fixtures/knowledge")

    /// The knowledge folder on disk, to look topics up by id (the binary embeds the same files).
    static let knowledge: KnowledgeBase? = {
        let root = SpasmBinary.packageRoot.appendingPathComponent("Knowledge")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return nil }
        var files: [KnowledgeFile] = []
        while let url = walker.nextObject() as? URL {
            guard url.pathExtension == "yaml", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            files.append(KnowledgeFile(path: String(url.path.dropFirst(root.path.count + 1)), text: text))
        }
        return try? KnowledgeLoader().load(files).get()
    }()

    private static func subject(ofTopic id: Any?) -> String? {
        (id as? String).flatMap { knowledge?.topicsByID[$0]?.subject }
    }

    private func run(_ arguments: [String] = [], input: String = "", environment: [String: String] = [:],
                     in folder: URL? = nil, timeout: TimeInterval = 60) throws -> SpasmBinary.Output {
        try SpasmBinary.run(arguments: arguments, input: input, environment: Self.cleanEnvironment.merging(environment) { $1 },
                            currentDirectory: folder, timeout: timeout)
    }

    /// The replies of plain mode: the output split on the empty line after each reply.
    private func plainReplies(_ output: String) -> [String] {
        var blocks = output.components(separatedBy: "\n\n")
        if blocks.last == "" { blocks.removeLast() }
        return blocks
    }

    /// The JSON objects of `--json` output, one per line.
    private func jsonReplies(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
        }
    }

    /// A temporary file holding `text`.
    private func temporaryFile(_ text: String, name: String = "script.convo") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spasm-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    // MARK: - Plain mode

    @Test("N lines in, N replies out, each followed by exactly one empty line")
    func plainFraming() throws {
        let questions = ["what is peripheral artery disease?", "hello", "who wrote hamlet?", "tell me more", "/topics", "how is it treated?", "/help"]
        let result = try run(input: questions.joined(separator: "\n") + "\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("\n\n"))
        #expect(!result.stdout.hasSuffix("\n\n\n"))
        #expect(!result.stdout.hasPrefix("\n"))
        let replies = plainReplies(result.stdout)
        #expect(replies.count == questions.count, "\(replies.count) replies for \(questions.count) lines")
        for reply in replies {
            #expect(!reply.isEmpty)
            #expect(!reply.hasPrefix("\n") && !reply.hasSuffix("\n"), "no blank line inside a reply: \(reply.prefix(80))")
        }
        #expect(result.stderr.isEmpty)
    }

    @Test("each reply is written before the next line is read")
    func flushesEachReply() throws {
        let process = try RunningSpasm(arguments: [], environment: Self.cleanEnvironment)
        defer { process.kill() }
        try process.write("what is peripheral artery disease?\n")
        let first = try process.read(until: "\n\n", seconds: 30)
        #expect(!first.isEmpty)
        try process.write("hello\n")
        let second = try process.read(until: "\n\n", seconds: 30)
        #expect(second != first)
        process.closeInput()
        #expect(try process.wait(seconds: 30) == 0)
    }

    @Test("end of input ends with status 0", arguments: ["", "hello", "hello\n"])
    func endOfInput(input: String) throws {
        let result = try run(input: input)
        #expect(result.status == 0)
        #expect(plainReplies(result.stdout).count == (input.isEmpty ? 0 : 1))
    }

    // MARK: - JSON mode

    @Test("--json answers one object per request, in order; a bad line gets an error and the next works")
    func jsonMode() throws {
        let input = [
            #"{"session": "alice", "text": "what is peripheral artery disease?"}"#,
            #"{"session": "bob", "text": "what is dehydration?"}"#,
            #"{"session": "alice", "text": oops}"#,
            #"{"session": "alice", "text": "how is it treated?"}"#,
            #"{"session": "bob", "text": "how is it treated?"}"#,
            #"{"text": "hello"}"#,
        ].joined(separator: "\n") + "\n"
        let result = try run(["--json"], input: input)
        #expect(result.status == 0)
        let replies = try jsonReplies(result.stdout)
        try #require(replies.count == 6, "\(result.stdout)")
        #expect(replies.map { $0["session"] as? String } == ["alice", "bob", nil, "alice", "bob", "default"])
        #expect(replies[2]["kind"] as? String == "error")
        #expect(replies[2]["error"] is String)
        #expect(replies.enumerated().allSatisfy { $0.offset == 2 || $0.element["error"] == nil })
        #expect(replies[0]["kind"] as? String == "answer")
        #expect(Self.subject(ofTopic: replies[0]["topic"]) == "pad")
        #expect(Self.subject(ofTopic: replies[3]["topic"]) == "pad", "alice keeps her subject: \(replies[3]["topic"] ?? "-")")
        #expect(Self.subject(ofTopic: replies[4]["topic"]) != "pad", "bob does not get alice's subject")
        #expect(replies[5]["kind"] as? String == "smalltalk")
        for reply in replies {
            for key in ["session", "reply", "kind", "topic", "escalation", "active_escalation", "confidence", "sources", "suggestions"] {
                #expect(reply.keys.contains(key), "missing \(key)")
            }
        }
    }

    @Test("--json: 100,000 lines in a burst get 100,000 replies")
    func jsonBurst() throws {
        let count = 100_000
        let messages = ["hello", "what causes cramps?", "/help", "how is it treated?", "{", "thanks"]
        var input = ""
        input.reserveCapacity(count * 60)
        for index in 0..<count {
            let text = messages[index % messages.count]
            input += text == "{" ? "{\n" : #"{"session": "s\#(index % 50)", "text": "\#(text)"}"# + "\n"
        }
        let result = try run(["--json"], input: input, timeout: 600)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == count)
        let malformed = (0..<count).filter { messages[$0 % messages.count] == "{" }.count
        #expect(lines.filter { $0.contains(#""kind":"error""#) }.count == malformed)
    }

    // MARK: - Scripts

    @Test("run prints the conversation")
    func runScript() throws {
        let script = try temporaryFile("# a comment\nwhat is peripheral artery disease?\nhello\n---\nhow is it treated?\n")
        let result = try run(["run", script.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("> what is peripheral artery disease?\n"))
        #expect(result.stdout.contains("> hello\n"))
        #expect(result.stdout.contains("> how is it treated?\n"))
        #expect(result.stdout.contains("conversation 2"))
        #expect(!result.stdout.contains("# a comment"))
    }

    @Test("check: a passing script exits 0")
    func checkPasses() throws {
        let script = try temporaryFile("hello\n  -> kind: smalltalk\n  -> escalation: none\n---\nwho wrote hamlet?\n  -> kind: fallback\n")
        let result = try run(["check", script.path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("3 passed, 0 failed"))
    }

    @Test("check: a failing transcript exits 1 naming file:line")
    func checkFails() throws {
        let script = try temporaryFile("hello\n  -> kind: smalltalk\n  -> kind: fallback\n")
        let result = try run(["check", script.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(script.path):3: expected kind fallback, got smalltalk"), "\(result.stdout)")
        #expect(result.stdout.contains("1 passed, 1 failed"))
    }

    @Test("check: a malformed script exits 65 naming file:line")
    func checkMalformed() throws {
        let script = try temporaryFile("hello\n  -> colour: red\n")
        let result = try run(["check", script.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(script.path):2: unknown key 'colour'"), "\(result.stderr)")
    }

    @Test("check and run: a missing file exits 66", arguments: ["check", "run"])
    func missingScript(command: String) throws {
        let result = try run([command, "/nonexistent/spasm/script.convo"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/spasm/script.convo"))
    }

    // MARK: - Knowledge

    @Test("lint passes on the built-in knowledge base")
    func lintBuiltIn() throws {
        let result = try run(["lint"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasPrefix("ok: "))
    }

    @Test("lint lists every problem of a broken folder as file:line: and exits 65")
    func lintBroken() throws {
        let result = try run(["lint", "--knowledge", Self.fixtures.appendingPathComponent("broken").path])
        #expect(result.status == 65)
        let problems = result.stdout.split(separator: "\n").filter { $0.hasPrefix("topics.yaml:") }
        #expect(problems.count == 3, "\(result.stdout)")
        #expect(problems.allSatisfy { $0.split(separator: ":").count >= 3 && Int($0.split(separator: ":")[1]) != nil })
        #expect(result.stdout.contains("topics.yaml:7: unknown key 'colour'"))
    }

    @Test("the chat refuses to start on a broken folder", arguments: [[], ["--json"]])
    func chatRefusesBrokenFolder(extra: [String]) throws {
        let result = try run(["--knowledge", Self.fixtures.appendingPathComponent("broken").path] + extra, input: "hello\n")
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("topics.yaml:7:"))
    }

    @Test("a missing knowledge folder is reported")
    func missingFolder() throws {
        let result = try run(["lint", "--knowledge", "/nonexistent/knowledge"])
        #expect(result.status == 65)
        #expect(result.stdout.contains("/nonexistent/knowledge:1:"))
    }

    @Test("SPASM_KNOWLEDGE is honoured")
    func environmentKnowledge() throws {
        let broken = try run(["lint"], environment: ["SPASM_KNOWLEDGE": Self.fixtures.appendingPathComponent("broken").path])
        #expect(broken.status == 65)
        let valid = Self.fixtures.appendingPathComponent("valid").path
        let result = try run(["--json"], input: #"{"text": "what causes cramps?"}"# + "\n", environment: ["SPASM_KNOWLEDGE": valid])
        #expect(result.status == 0)
        let reply = try #require(try jsonReplies(result.stdout).first)
        #expect(reply["topic"] as? String == "cramp-causes", "the fixture's own topic: \(result.stdout)")
        let option = try run(["lint", "--knowledge", valid], environment: ["SPASM_KNOWLEDGE": "/nonexistent"])
        #expect(option.status == 0, "--knowledge wins over the environment")
    }

    @Test("run from another folder, the binary answers from its embedded knowledge")
    func otherWorkingFolder() throws {
        let result = try run(["--json"], input: #"{"text": "what is peripheral artery disease?"}"# + "\n",
                             in: URL(fileURLWithPath: "/tmp"))
        #expect(result.status == 0)
        let reply = try #require(try jsonReplies(result.stdout).first)
        #expect(reply["kind"] as? String == "answer")
        #expect(Self.subject(ofTopic: reply["topic"]) == "pad")
    }

    // MARK: - Options

    @Test("--help exits 0 for every command", arguments: [["--help"], ["chat", "--help"], ["lint", "--help"], ["run", "--help"], ["check", "--help"], ["help"]])
    func help(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE"), "\(arguments)")
    }

    @Test("an unknown option or bad value exits 64", arguments: [["--frobnicate"], ["--max-sessions", "0"], ["--color", "purple"], ["run"]])
    func usageErrors(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    // MARK: - Hardening

    @Test("a reader that goes away ends the process quietly")
    func closedReader() throws {
        let process = try RunningSpasm(arguments: [], environment: Self.cleanEnvironment)
        defer { process.kill() }
        let head = try process.read(count: 10, seconds: 30, feeding: "what causes cramps?\n")
        #expect(head.count == 10)
        process.closeOutput()
        // Keep asking until the process notices that nobody reads its replies.
        let line = Array("what causes cramps?\n".utf8)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline {
            if !process.feed(line) { usleep(1000) }
        }
        process.closeInput()
        let status = try process.wait(seconds: 60)
        #expect(process.exitedNormally, "killed by a signal")
        #expect(status == 74 || status == 0, "status \(status)")
        #expect(process.standardError().isEmpty, "no crash message: \(process.standardError())")
    }

    @Test("odd bytes never crash and never reach the output raw")
    func oddInput() throws {
        var input = Data()
        input += Data([0x77, 0x68, 0x61, 0x74, 0xFF, 0xFE, 0x20, 0x63, 0x72, 0x61, 0x6D, 0x70, 0x3F, 0x0A])  // invalid UTF-8
        input += Data("what\u{0}causes\u{0}cramps\n".utf8)                                            // NUL
        input += Data("\u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{7} cramps \u{1B}[2J\n".utf8)             // ANSI
        input += Data("💪🏽 leg cramp 😫\n".utf8)                                                        // emoji
        input += Data("ما هو تشنج العضلات؟ \u{202E}olleh\u{202C}\n".utf8)                               // right to left
        input += Data("   \t  \n".utf8)                                                                // whitespace only
        input += Data("\r\n".utf8)                                                                     // empty
        let result = try SpasmBinary.run(inputData: input, environment: Self.cleanEnvironment)
        #expect(result.status == 0)
        #expect(plainReplies(result.stdout).count == 7)
        #expect(!result.stdout.unicodeScalars.contains("\u{1B}"), "an escape sequence reached the output")
        #expect(!result.stdout.unicodeScalars.contains("\u{0}"))
        #expect(!result.stdout.unicodeScalars.contains("\u{7}"))
        #expect(result.stderr.isEmpty)
    }

    @Test("a 10 MB line is cut with a notice and the next line is answered")
    func hugeLine() throws {
        var input = String(repeating: "cramp ", count: 10 * 1024 * 1024 / 6)
        input += "\nhello\n"
        let result = try run(input: input, timeout: 120)
        #expect(result.status == 0)
        let replies = plainReplies(result.stdout)
        #expect(replies.count == 2)
        #expect(replies.first?.contains("longer than") == true, "\(replies.first?.prefix(300) ?? "")")
        #expect(result.stdout.utf8.count < 100_000, "the long line is not echoed")
    }

    @Test("--json: a line over the byte limit gets an error and the next line works")
    func jsonHugeLine() throws {
        let huge = #"{"text": ""# + String(repeating: "a", count: 2 << 20) + #""}"#
        let result = try run(["--json"], input: huge + "\n" + #"{"text": "hello"}"# + "\n", timeout: 120)
        #expect(result.status == 0)
        let replies = try jsonReplies(result.stdout)
        #expect(replies.count == 2)
        #expect(replies.first?["kind"] as? String == "error")
        #expect(replies.last?["kind"] as? String == "smalltalk")
    }
}

/// The C library's `write` and `read`, which the methods below would otherwise shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, buffer, count) }
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(descriptor, buffer, count) }

/// A `spasm` process whose pipes a test drives one step at a time.
private final class RunningSpasm {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let errorData = ErrorCollector()

    init(arguments: [String], environment: [String: String]) throws {
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = SpasmBinary.url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let handle = errors.fileHandleForReading
        let collector = errorData
        Thread { collector.set(handle.readDataToEndOfFile()) }.start()
    }

    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    func write(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Writes bytes without blocking; false when the pipe is full or the process has gone.
    func feed(_ bytes: [UInt8]) -> Bool {
        let descriptor = input.fileHandleForWriting.fileDescriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        return bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) } == bytes.count
    }

    var isRunning: Bool { process.isRunning }

    func closeInput() { try? input.fileHandleForWriting.close() }
    func closeOutput() { try? output.fileHandleForReading.close() }

    /// Reads standard output until it ends with `marker`, failing after `seconds`.
    func read(until marker: String, seconds: Double) throws -> String {
        var data = Data()
        let deadline = Date().addingTimeInterval(seconds)
        while !String(decoding: data, as: UTF8.self).hasSuffix(marker) {
            data += try chunk(before: deadline, what: "a reply ending in \(marker.debugDescription)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `feeding` once, then reads exactly `count` bytes of output.
    func read(count: Int, seconds: Double, feeding text: String) throws -> Data {
        try write(text)
        var data = Data()
        let deadline = Date().addingTimeInterval(seconds)
        while data.count < count {
            data += try chunk(before: deadline, what: "\(count) bytes", limit: count - data.count)
        }
        return data
    }

    private func chunk(before deadline: Date, what: String, limit: Int = 65_536) throws -> Data {
        let descriptor = output.fileHandleForReading.fileDescriptor
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw Timeout(what: what) }
            let ready = poll(&poller, 1, Int32(min(remaining, 1) * 1000))
            if ready > 0 { break }
        }
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, limit) }
        guard count > 0 else { throw Timeout(what: "\(what) (output ended)") }
        return Data(buffer.prefix(count))
    }

    /// Waits for the process to end and returns its status.
    func wait(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { throw Timeout(what: "the process to end") }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    var exitedNormally: Bool { process.terminationReason == .exit }

    /// What the process wrote to standard error, once it has ended.
    func standardError() -> String {
        let deadline = Date().addingTimeInterval(10)
        while errorData.get() == nil && Date() < deadline { usleep(10_000) }
        return String(decoding: errorData.get() ?? Data(), as: UTF8.self)
    }

    func kill() {
        if process.isRunning { process.terminate() }
    }
}

/// Standard error gathered by a reader thread.
private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data? { lock.withLock { data } }
}
