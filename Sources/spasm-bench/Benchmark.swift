import Foundation
import SpasmConsole
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The whole run: builds the references, measures every figure and writes the tables.
struct Benchmark {
    let options: Options
    /// The `spasm` executable measured.
    let spasm: String
    /// A private folder for the generated question file and the hello-world programs, removed at the end.
    let temporary: URL

    /// This program, for running itself in its child modes.
    static var selfPath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    init(options: Options) throws {
        self.options = options
        let beside = URL(fileURLWithPath: Self.selfPath).deletingLastPathComponent().appendingPathComponent("spasm").path
        spasm = options.spasmPath ?? beside
        guard FileManager.default.isExecutableFile(atPath: spasm) else {
            throw BenchError("no spasm executable at \(spasm); build it first in the same scratch folder, e.g. "
                + "swift build -c release --static-swift-stdlib --scratch-path .build-bench --product spasm (or pass --spasm PATH)")
        }
        if !Self.selfPath.contains("/release/") {
            progress("spasm-bench: warning: this is not a release build; the figures will not mean much")
        }
        temporary = FileManager.default.temporaryDirectory.appendingPathComponent("spasm-bench-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        StandardOutput.ignoreBrokenPipes()
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: temporary)
    }

    /// The throughput questions as JSON lines, from the built-in knowledge base.
    static func questionLines(count: Int) throws -> String {
        guard case .success(let base) = KnowledgeLoader().load(try KnowledgeLocation.embedded.files()) else {
            throw BenchError("the built-in knowledge base does not load")
        }
        return QuestionSet.jsonLines(QuestionSet.make(from: base.topics, count: count, seed: 3))
    }

    static func writeQuestions(count: Int, to path: String) throws {
        try questionLines(count: count).write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: - Running

    func run() throws -> String {
        var rows: [[String]] = []
        rows += try startUp()
        rows += try latency()
        rows += try throughput()
        let scaleTable = try scale()
        rows += try sessions()
        return report(rows: rows, scaleTable: scaleTable)
    }

    /// Compiles `print("hello")` with `swiftc -O` and the given extra flags, or nil if that fails.
    func helloWorld(named name: String, flags: [String], source text: String = "print(\"hello\")\n") -> String? {
        let source = temporary.appendingPathComponent(name + ".swift")
        let binary = temporary.appendingPathComponent(name).path
        do {
            try text.write(to: source, atomically: true, encoding: .utf8)
            let compiler = Process()
            compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            compiler.arguments = ["swiftc", "-O"] + flags + [source.path, "-o", binary]
            compiler.standardOutput = FileHandle.nullDevice
            compiler.standardError = FileHandle.nullDevice
            try compiler.run()
            compiler.waitUntilExit()
            guard compiler.terminationStatus == 0 else {
                progress("spasm-bench: swiftc -O \(flags.joined(separator: " ")) failed; that reference is left out")
                return nil
            }
            return binary
        } catch {
            progress("spasm-bench: cannot run swiftc (\(error)); that reference is left out")
            return nil
        }
    }

    /// Seconds from spawning the program to the first reply line, and its peak memory by then.
    func firstReply(_ path: String, arguments: [String]) throws -> (seconds: Double, peak: Int) {
        let start = Measure.now()
        let child = try Child(path: path, arguments: arguments)
        child.write("{\"text\":\"what causes muscle cramps?\"}\n")
        guard child.awaitLine() else { throw BenchError("\(path) gave no reply line") }
        let seconds = Double(Measure.now() - start) / 1e9
        let peak = child.peakResidentBytes()
        _ = child.finish()
        return (seconds, peak)
    }

    func startUp() throws -> [[String]] {
        progress("start-up: compiling the hello-world references")
        // The timed hello world exits at once, so its memory is read from a twin that prints and
        // then waits for the end of its input, leaving /proc/PID/status readable (it flushes, as
        // print() to a pipe is buffered until exit).
        let waiting = "import Glibc\nprint(\"hello\")\nfflush(stdout)\nwhile readLine() != nil {}\n"
        var programs: [(name: String, path: String, arguments: [String], memoryPath: String)] = [("spasm --json", spasm, ["--json"], spasm)]
        if let plain = helloWorld(named: "hello", flags: []), let twin = helloWorld(named: "hello-wait", flags: [], source: waiting) {
            programs.append(("hello world (swiftc -O)", plain, [], twin))
        }
        if let fixed = helloWorld(named: "hello-static", flags: ["-static-stdlib"]),
           let twin = helloWorld(named: "hello-static-wait", flags: ["-static-stdlib"], source: waiting) {
            programs.append(("hello world (swiftc -O -static-stdlib)", fixed, [], twin))
        }
        var times = Array(repeating: [Double](), count: programs.count)
        var peaks = Array(repeating: [Double](), count: programs.count)
        progress("start-up: \(options.startRuns) runs of each, interleaved")
        for _ in 0..<2 { for program in programs { _ = try firstReply(program.path, arguments: program.arguments) } }
        for _ in 0..<options.startRuns {
            for (number, program) in programs.enumerated() {
                times[number].append(try firstReply(program.path, arguments: program.arguments).seconds)
            }
        }
        for _ in 0..<min(options.startRuns, 5) {
            for (number, program) in programs.enumerated() {
                peaks[number].append(Double(try firstReply(program.memoryPath, arguments: program.arguments).peak))
            }
        }
        let method = "spawn (posix_spawn), write one JSON question to stdin, time until the first output line; median of \(options.startRuns) runs after 2 warm-ups, interleaved"
        let memoryMethod = "VmHWM of /proc/PID/status once the first line has arrived, child still running (hello world: a twin that prints, then reads stdin to EOF); median of \(min(options.startRuns, 5))"
        let spasmTime = Measure.median(times[0])
        let spasmPeak = Measure.median(peaks[0])
        var rows: [[String]] = []
        for number in programs.indices.dropFirst() {
            let reference = Measure.median(times[number])
            rows.append(["start-up to first reply vs \(programs[number].name)", Format.milliseconds(spasmTime),
                         Format.milliseconds(reference), Format.ratio(spasmTime / reference), method])
        }
        for number in programs.indices.dropFirst() {
            let reference = Measure.median(peaks[number])
            rows.append(["peak memory (RSS) at first reply vs \(programs[number].name)", Format.megabytes(Int(spasmPeak)),
                         Format.megabytes(Int(reference)), Format.ratio(spasmPeak / reference), memoryMethod])
        }
        if programs.count == 1 {
            rows.append(["start-up to first reply", Format.milliseconds(spasmTime), "n/a (no swiftc)", "", method])
        }
        return rows
    }

    func latency() throws -> [[String]] {
        progress("latency: \(options.latencyQuestions) questions in process")
        let fields = try runChild(["assistant-child", "0", "\(options.latencyQuestions)", "200"])
        let p50 = fields["p50"] ?? .nan
        let p99 = fields["p99"] ?? .nan
        let method = "Assistant.respond in process over \(options.latencyQuestions) generated questions (60% knowledge-base examples, 25% with a typo, 15% out of domain; seed 7), new session every 5, after 200 warm-up replies"
        return [
            ["per-reply latency p50", Format.microseconds(p50), "", "", method],
            ["per-reply latency p99", Format.microseconds(p99), "p50: " + Format.microseconds(p50), Format.ratio(p99 / p50), method],
            ["knowledge load (YAML → validated base, as with --knowledge DIR)", Format.milliseconds(fields["load"] ?? .nan), "", "", "KnowledgeLoader.load of the built-in files, timed once in the same child"],
            ["assistant load (compiled at build time, what spasm does)", Format.milliseconds(fields["embedded"] ?? .nan),
             "build from the base: " + Format.milliseconds(fields["init"] ?? .nan), Format.ratio((fields["embedded"] ?? .nan) / (fields["init"] ?? .nan)),
             "KnowledgeLocation.embedded.assistant(): the string literal of 7-bit blocks in the binary (LiteralBytes) decoded, then the knowledge base and indexes the build compiled (\(Int(fields["compiledBytes"] ?? 0) / 1024) KiB); against Assistant(knowledge:) building them from the loaded base, as with --knowledge DIR; each timed once in the same child"],
            ["memory of the loaded assistant", Format.megabytes(Int(fields["resident"] ?? 0)),
             "peak " + Format.megabytes(Int(fields["peak"] ?? 0)), "", "/proc/self/status VmRSS after load minus before; peak is VmHWM"],
        ]
    }

    func throughput() throws -> [[String]] {
        let count = options.throughputQuestions
        let file = temporary.appendingPathComponent("questions.jsonl").path
        try Self.writeQuestions(count: count, to: file)
        defer { try? FileManager.default.removeItem(atPath: file) }
        progress("throughput: \(count) questions through spasm --json and the echo floor, \(options.throughputRuns) run(s) each")
        let input = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        func measure(_ path: String, _ arguments: [String]) throws -> (seconds: Double, peak: Int) {
            let start = Measure.now()
            let child = try Child(path: path, arguments: arguments)
            child.feed(input, thenClose: false)
            let lines = child.readLines(count)
            let seconds = Double(Measure.now() - start) / 1e9
            let peak = child.peakResidentBytes()
            close(child.input)
            let exit = child.finish(closeInput: false)
            guard lines == count, exit.status == 0 else {
                throw BenchError("\(path) \(arguments.joined(separator: " ")) answered \(lines) of \(count) lines (status \(exit.status))")
            }
            return (seconds, peak)
        }
        var spasmTimes: [Double] = []
        var echoTimes: [Double] = []
        var spasmPeak = 0
        var echoPeak = 0
        for _ in 0..<options.throughputRuns {
            let spasmRun = try measure(spasm, ["--json"])
            let echoRun = try measure(Self.selfPath, ["echo"])
            spasmTimes.append(spasmRun.seconds)
            echoTimes.append(echoRun.seconds)
            spasmPeak = max(spasmPeak, spasmRun.peak)
            echoPeak = max(echoPeak, echoRun.peak)
        }
        let spasmRate = Double(count) / Measure.median(spasmTimes)
        let echoRate = Double(count) / Measure.median(echoTimes)
        let method = "\(count) JSON-line questions (same generator, seed 3, 16 sessions) written to a temp file, then streamed into stdin through a pipe, replies counted from the pipe; wall time from spawn to the last reply (start-up included), median of \(options.throughputRuns); floor = `spasm-bench echo` (the same `Modes.serveJSONLines` loop as `spasm --json`, with a fixed reply)"
        return [
            ["--json pipe throughput vs protocol-only echo floor", Format.rate(spasmRate), Format.rate(echoRate), Format.ratio(echoRate / spasmRate) + " slower", method],
            ["peak memory (RSS) over the pipe run vs echo floor", Format.megabytes(spasmPeak), Format.megabytes(echoPeak),
             Format.ratio(Double(spasmPeak) / Double(echoPeak)), "VmHWM of /proc/PID/status after the last reply, before closing stdin; largest over the runs"],
        ]
    }

    func scale() throws -> String {
        var lines = [
            "| Topics | Load (YAML → base) | Assistant build | Load + build | Compiled load | p50 latency | p99 latency | Memory after load | Peak RSS |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        let questions = options.quick ? 300 : 1_000
        for size in [0] + options.scaleSizes {
            progress("scale: \(size == 0 ? "the real knowledge base" : "\(size) topics")")
            let fields = try runChild(["assistant-child", "\(size)", "\(questions)", "100"])
            let load = fields["load"] ?? .nan
            let build = fields["init"] ?? .nan
            let label = size == 0 ? "\(Int(fields["topics"] ?? 0)) (real)" : "\(Int(fields["topics"] ?? 0))"
            lines.append("| \(label) | \(Format.milliseconds(load)) | \(Format.milliseconds(build)) | \(Format.milliseconds(load + build)) | "
                + "\(Format.milliseconds(fields["compiled"] ?? .nan)) | \(Format.microseconds(fields["p50"] ?? .nan)) | \(Format.microseconds(fields["p99"] ?? .nan)) | "
                + "\(Format.megabytes(Int(fields["resident"] ?? 0))) | \(Format.megabytes(Int(fields["peak"] ?? 0))) |")
        }
        return lines.joined(separator: "\n") + "\n\nEach row runs in its own child process: the real topic files are replaced by one generated YAML file "
            + "of N topics (copies of the real ones with new ids, `related` kept within a copy, and two invented words per copy "
            + "so the vocabulary grows), loaded with KnowledgeLoader and built, then \(questions) questions drawn from that base's examples "
            + "(with typos and out-of-domain ones) after 100 warm-ups. Compiled load is `Assistant(compiled:)` reading back the built assistant's compiled form, which is what `spasm` would do at start-up had the build compiled a base of that size. Memory after load is VmRSS after minus before; peak is the child's VmHWM at the end (YAML text, loading and replies included)."
    }

    func sessions() throws -> [[String]] {
        let count = options.sessionCount
        let capacity = options.sessionCapacity
        progress("sessions: \(count) sessions unbounded, then with capacity \(capacity)")
        let all = try runChild(["sessions-child", "\(count)", "\(count)"])
        let capped = try runChild(["sessions-child", "\(count)", "\(capacity)"])
        let live = all["sessions"] ?? 1
        let livedCapped = capped["sessions"] ?? 1
        let perSession = (all["resident"] ?? 0) / live
        let method = "Conversations.respond with \(count) session ids (\"session-N\"), one turn each and a second turn for every other one, in a child after 100 warm-up replies; growth of /proc/self/status VmRSS"
        return [
            ["memory per session", Format.bytes(perSession), "", "", method],
            ["memory for \(count) sessions", Format.megabytes(Int(all["resident"] ?? 0)),
             "\(Int(live)) live", "", method],
            ["memory with LRU capacity \(capacity), \(count) session ids", Format.megabytes(Int(capped["resident"] ?? 0)),
             "\(Int(livedCapped)) live; \(capacity) × per-session = " + Format.megabytes(Int(perSession * Double(capacity))),
             Format.ratio((capped["resident"] ?? 0) / (perSession * Double(capacity))), "same, with SessionStore capacity \(capacity): the least recently used are evicted"],
        ]
    }

    // MARK: - Report

    func report(rows: [[String]], scaleTable: String) -> String {
        var cpu = "unknown CPU"
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            cpu = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? cpu
        }
        let formatter = ISO8601DateFormatter()
        var out = "# spasm benchmark\n\n"
        out += "- date: \(formatter.string(from: Date()))\n"
        out += "- machine: \(ProcessInfo.processInfo.activeProcessorCount) CPUs (nproc), \(cpu)\n"
        out += "- command: `.build-bench/release/spasm-bench\(options.quick ? " --quick" : "")`"
            + " (spasm and spasm-bench built with `swift build -c release --static-swift-stdlib --scratch-path .build-bench`, as scripts/start.sh builds spasm)\n\n"
        out += "| Figure | spasm | Reference | Ratio | How it was measured |\n|---|---:|---:|---:|---|\n"
        for row in rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
        out += "\n## Scale: cost as the knowledge base grows\n\n" + scaleTable + "\n"
        return out
    }
}
