import Foundation
import SpasmConsole

/// The measurements taken inside a child process of the bench, so each starts from a clean heap.
///
/// Each prints one line of `key=value` pairs for the parent to read.
enum InProcess {
    /// The knowledge files for a size: 0 means the real knowledge base, as `spasm` loads it.
    static func files(size: Int) throws -> [KnowledgeFile] {
        let real = try KnowledgeLocation.embedded.files()
        guard size > 0 else { return real }
        guard case .success(let base) = KnowledgeLoader().load(real) else { throw BenchError("the built-in knowledge base does not load") }
        return SyntheticKnowledge.files(size: size, from: real, topics: base.topics)
    }

    /// Load time, per-reply latency and memory of the assistant over a knowledge base of `size` topics.
    static func assistant(size: Int, questionCount: Int, warmUp: Int) throws -> String {
        let files = try files(size: size)
        let residentBefore = Measure.processStatus("VmRSS")
        let loading = Measure.time { KnowledgeLoader().load(files) }
        guard case .success(let base) = loading.value else { throw BenchError("the knowledge base of \(size) topics does not load") }
        // What `spasm` itself does for the built-in base: decode the assistant compiled at build time
        // (LiteralBytes text in the binary, then the knowledge base and its indexes).
        let embeddedSeconds = size == 0 ? Measure.time { KnowledgeLocation.embedded.assistant() }.seconds : .nan
        let buildStart = Measure.threadTime()
        let building = Measure.time { Assistant(knowledge: base) }
        let buildProcessorTime = Double(Measure.threadTime() - buildStart) / 1e9
        let assistant = building.value
        let residentLoaded = Measure.processStatus("VmRSS")
        // The same for a base of this size, had the build compiled it: decoding its compiled form.
        let compiledBytes = assistant.compiled()
        let decoding = Measure.time { try? Assistant(compiled: compiledBytes) }
        guard decoding.value != nil else { throw BenchError("the compiled assistant of \(size) topics does not read back") }

        let questions = QuestionSet.make(from: base.topics, count: questionCount)
        var state = SessionState()
        for question in questions.prefix(warmUp) { _ = assistant.respond(to: question, in: &state) }
        var samples: [Double] = []
        samples.reserveCapacity(questions.count)
        let repliesStart = Measure.threadTime()
        for (number, question) in questions.enumerated() {
            // A new conversation every five questions, so follow-up framing is exercised but bounded.
            if number % 5 == 0 { state = SessionState() }
            let start = Measure.now()
            _ = assistant.respond(to: question, in: &state)
            samples.append(Double(Measure.now() - start) / 1e9)
        }
        let replyProcessorTime = Double(Measure.threadTime() - repliesStart) / 1e9 / Double(samples.count)
        let mean = samples.reduce(0, +) / Double(samples.count)
        return "topics=\(base.topics.count) load=\(loading.seconds) embedded=\(embeddedSeconds) compiled=\(decoding.seconds) compiledBytes=\(compiledBytes.count) init=\(building.seconds) initCPU=\(buildProcessorTime) replyCPU=\(replyProcessorTime)"
            + " p50=\(Measure.quantile(samples, 0.5)) p99=\(Measure.quantile(samples, 0.99)) mean=\(mean)"
            + " resident=\(residentLoaded - residentBefore) peak=\(Measure.processStatus("VmHWM"))"
    }

    /// The generated questions that take longest, each timed as the best of several replies
    /// from a new session, so a profile can start from the questions that set the tail latency.
    static func slowest(size: Int, questionCount: Int, shown: Int) throws -> String {
        guard case .success(let base) = KnowledgeLoader().load(try files(size: size)) else { throw BenchError("the knowledge base does not load") }
        let assistant = Assistant(knowledge: base)
        let questions = QuestionSet.make(from: base.topics, count: questionCount)
        var timed: [(seconds: Double, question: String)] = []
        for question in questions {
            var best = Double.infinity
            for _ in 0..<5 {
                var state = SessionState()
                let start = Measure.now()
                _ = assistant.respond(to: question, in: &state)
                best = min(best, Double(Measure.now() - start) / 1e9)
            }
            timed.append((best, question))
        }
        timed.sort { $0.seconds > $1.seconds }
        let times = timed.map(\.seconds)
        let summary = String(format: "best of 5 per question: p50 %.1f µs, p99 %.1f µs, max %.1f µs\n",
                             Measure.quantile(times, 0.5) * 1e6, Measure.quantile(times, 0.99) * 1e6, times[0] * 1e6)
        return summary + timed.prefix(shown).map { String(format: "%8.1f µs  ", $0.seconds * 1e6) + $0.question }.joined(separator: "\n")
    }

    /// Memory held by `count` sessions of one or two turns each in a store of `capacity` sessions.
    static func sessions(count: Int, capacity: Int) throws -> String {
        guard case .success(let base) = KnowledgeLoader().load(try files(size: 0)) else { throw BenchError("the built-in knowledge base does not load") }
        let questions = QuestionSet.make(from: base.topics, count: 1_000, seed: 11)
        var conversations = Conversations(assistant: Assistant(knowledge: base), capacity: capacity, idleExpiry: 1e9)
        // Warm the assistant so lazily built state is not counted as session memory.
        for question in questions.prefix(100) { _ = conversations.respond(to: question, session: "warm-up") }
        conversations = Conversations(assistant: conversations.assistant, capacity: capacity, idleExpiry: 1e9)
        let residentBefore = Measure.processStatus("VmRSS")
        let elapsed = Measure.time {
            for number in 0..<count {
                let session = "session-\(number)"
                _ = conversations.respond(to: questions[number % questions.count], session: session)
                if number % 2 == 0 { _ = conversations.respond(to: questions[(number + 7) % questions.count], session: session) }
            }
        }
        let resident = Measure.processStatus("VmRSS") - residentBefore
        return "sessions=\(conversations.store.count) resident=\(resident) seconds=\(elapsed.seconds)"
    }

    /// The protocol-only floor: the JSON-lines loop of `spasm --json` (`Modes.serveJSONLines`) with a fixed reply and no assistant.
    static func echo() -> Int32 {
        StandardOutput.ignoreBrokenPipes()
        var reply = Reply(kind: .answer, body: "A fixed reply of about the length of a real short answer, so encoding and writing cost what they cost for spasm.")
        reply.topic = "echo"
        reply.confidence = 1
        reply.sources = ["A source title"]
        reply.suggestions = ["What causes muscle cramps?", "How do I stop a cramp?"]
        return Modes.serveJSONLines { _ in (reply, reply.body) }
    }
}

/// Reads a child's `key=value` line.
func parseFields(_ line: String) -> [String: Double] {
    var fields: [String: Double] = [:]
    for pair in line.split(whereSeparator: \.isWhitespace) {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2, let value = Double(parts[1]) { fields[String(parts[0])] = value }
    }
    return fields
}
