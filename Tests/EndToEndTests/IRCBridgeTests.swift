import Foundation
import Testing

/// Runs the IRC bridge example end to end: a loopback ngircd, the bridge with `spasm --json`, and
/// a second ii client asking questions (see `Examples/irc-bridge/test-bridge.sh`).
@Suite("IRC bridge")
struct IRCBridgeTests {
    /// The tools the bridge test needs, found the way the script finds them.
    static let toolsInstalled: Bool = {
        let ngircd = FileManager.default.isExecutableFile(atPath: "/usr/sbin/ngircd") || isOnPath("ngircd")
        return ngircd && isOnPath("ii") && isOnPath("python3")
    }()

    @Test("answers a question and its follow-up in the channel, survives junk, stops on SIGTERM",
          .enabled(if: toolsInstalled, "needs ngircd, ii and python3 (apt-get install -y ngircd ii)"),
          .timeLimit(.minutes(2)))
    func bridgeEndToEnd() throws {
        let script = SpasmBinary.packageRoot.appendingPathComponent("Examples/irc-bridge/test-bridge.sh")
        try #require(FileManager.default.fileExists(atPath: script.path), "missing \(script.path)")
        try #require(FileManager.default.isExecutableFile(atPath: SpasmBinary.url.path),
                     "no spasm binary at \(SpasmBinary.url.path): run swift build first")

        let result = try runScript(script, arguments: [SpasmBinary.url.path], timeout: 90)

        #expect(result.status == 0, "test-bridge.sh exited with \(result.status):\n\(result.output)")
        #expect(result.output.contains("PASS: IRC bridge end-to-end"), "\(result.output)")
    }
}

/// Whether an executable of this name is in one of the PATH folders.
private func isOnPath(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { folder in
        FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)")
    }
}

/// A script run that did not finish in time; the script was killed.
private struct ScriptTimeout: Error, CustomStringConvertible {
    var seconds: TimeInterval
    var description: String { "the script did not finish within \(seconds) seconds" }
}

/// Runs a shell script with bash, returning its exit status and its output and errors together.
private func runScript(_ script: URL, arguments: [String], timeout: TimeInterval) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script.path] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice

    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    let collected = ScriptOutput()
    let reading = DispatchGroup()
    // Read while the script runs: a full pipe would otherwise stall it.
    DispatchQueue.global().async(group: reading) {
        collected.set(output.fileHandleForReading.readDataToEndOfFile())
    }
    try process.run()
    if finished.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()  // the script's trap stops ngircd, ii and the bridge
        finished.wait()
        _ = reading.wait(timeout: .now() + 10)
        throw ScriptTimeout(seconds: timeout)
    }
    _ = reading.wait(timeout: .now() + 10)
    return (process.terminationStatus, collected.text)
}

/// The output gathered by the reader thread.
private final class ScriptOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ newData: Data) { lock.withLock { data = newData } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
