import Foundation

/// Exit statuses, following sysexits(3) as Unix users expect.
public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let mismatch: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let ioError: Int32 = 74
}

/// A failure that ends a command with an exit status, its message already printed.
public struct ExitFailure: Error, Sendable {
    public var status: Int32
}

/// The non-interactive ways in: plain lines, JSON lines, and transcripts.
public enum Modes {
    /// Plain pipe mode: one reply per line, each followed by one empty line, flushed at once.
    public static func plain(_ conversations: inout Conversations, explain: Bool, input: Int32 = 0, output: StandardOutput = StandardOutput()) -> Int32 {
        var reader = LineReader(descriptor: input, limit: conversations.messageLimit * 4)
        let renderer = Renderer()
        while let line = reader.next() {
            let reply = conversations.respond(to: line.text, truncated: line.truncated)
            var text = renderer.render(reply)
            if explain && reply.kind != .command {
                text += "\n" + conversations.assistant.explain(line.text, context: conversations.state(of: "default")?.lastContext ?? MatchContext())
            }
            output.write(text + "\n\n")
        }
        return ExitStatus.ok
    }

    /// JSON-lines mode: one reply object per request line, in order.
    public static func json(_ conversations: inout Conversations, input: Int32 = 0, output: StandardOutput = StandardOutput()) -> Int32 {
        serveJSONLines(input: input, output: output) { request in
            let reply = conversations.respond(to: request.text, session: request.session)
            return (reply, Renderer().render(reply))
        }
    }

    /// Reads JSON request lines and writes one reply line for each, in order, with `answer`
    /// giving the reply and its text; lines that cannot be read get an `error` reply.
    ///
    /// Replies to lines that arrived together are written together; before waiting for more
    /// input everything is written, so a bridge never waits for a reply that is ready.
    public static func serveJSONLines(input: Int32 = 0, output: StandardOutput = StandardOutput(), answer: (JSONLines.Request) -> (reply: Reply, text: String)) -> Int32 {
        let byteLimit = 1 << 20
        var reader = LineReader(descriptor: input, limit: byteLimit)
        var pending: [UInt8] = []
        while let line = reader.next() {
            if line.truncated {
                pending.append(contentsOf: errorLine("the line is longer than \(byteLimit) bytes; send shorter messages", session: nil).utf8)
            } else {
                switch JSONLines.decode(line.text) {
                case .success(let request):
                    let (reply, text) = answer(request)
                    JSONLines.encode(reply, session: request.session, text: text, into: &pending)
                case .failure(let error):
                    pending.append(contentsOf: errorLine(error.message, session: error.session).utf8)
                }
            }
            pending.append(10)
            if pending.count >= 1 << 16 || !reader.hasWaitingLine {
                output.write(bytes: pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        return ExitStatus.ok
    }

    static func errorLine(_ message: String, session: String?) -> String {
        JSONLines.encode(Reply(kind: .error, body: message), session: session, text: message)
    }

    /// Reads transcript files, reporting missing or malformed ones on standard error.
    static func loadTranscripts(_ paths: [String]) -> Result<[Transcript], ExitFailure> {
        var transcripts: [Transcript] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                StandardOutput.error("spasm: \(path): no such file or not readable")
                return .failure(ExitFailure(status: ExitStatus.noInput))
            }
            switch Transcript.parse(String(decoding: data, as: UTF8.self), file: path) {
            case .success(let transcript): transcripts.append(transcript)
            case .failure(let problems):
                StandardOutput.error(problems.problems.map(\.description).joined(separator: "\n"))
                return .failure(ExitFailure(status: ExitStatus.dataError))
            }
        }
        return .success(transcripts)
    }

    /// `spasm run`: plays each script and prints the conversation.
    public static func run(_ paths: [String], assistant: Assistant, output: StandardOutput = StandardOutput()) -> Int32 {
        let transcripts: [Transcript]
        switch loadTranscripts(paths) {
        case .success(let loaded): transcripts = loaded
        case .failure(let failure): return failure.status
        }
        let renderer = Renderer()
        for transcript in transcripts {
            for (number, conversation) in transcript.conversations.enumerated() {
                if transcript.conversations.count > 1 || transcripts.count > 1 {
                    output.write("# \(transcript.file), conversation \(number + 1)\n")
                }
                var state = SessionState()
                for turn in conversation {
                    let reply = assistant.respond(to: turn.text, in: &state)
                    output.write("> \(turn.text)\n" + renderer.render(reply) + "\n\n")
                }
            }
        }
        return ExitStatus.ok
    }

    /// `spasm check`: plays each script and reports every reply that does not show what it must.
    public static func check(_ paths: [String], assistant: Assistant, output: StandardOutput = StandardOutput()) -> Int32 {
        let transcripts: [Transcript]
        switch loadTranscripts(paths) {
        case .success(let loaded): transcripts = loaded
        case .failure(let failure): return failure.status
        }
        var failures = 0
        var checked = 0
        for transcript in transcripts {
            let result = transcript.check(with: assistant)
            checked += result.checked
            failures += result.mismatches.count
            for mismatch in result.mismatches { output.write("\(transcript.file):\(mismatch.line): \(mismatch.message)\n") }
        }
        output.write("\(checked - failures) passed, \(failures) failed\n")
        return failures == 0 ? ExitStatus.ok : ExitStatus.mismatch
    }
}
