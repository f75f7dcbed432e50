import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `spasm` executable, for tests that run it as a user would.
///
/// `swift build` must have run first: `swift test` builds the test bundle, and (in the same
/// scratch folder) the executable beside it. Set `SPASM_BINARY` to test another build.
///
/// ```swift
/// let result = try SpasmBinary.run(arguments: ["--color", "never"], input: "what is a cramp?\n")
/// #expect(result.status == 0)
/// ```
enum SpasmBinary {
    /// The package's root folder: three levels above this file (`Tests/EndToEndTests/BinaryLocator.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where the executable is: `SPASM_BINARY`, else a `spasm` beside the test bundle (the scratch
    /// folder that built the tests), else `<root>/.build/debug/spasm`.
    static let url: URL = {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["SPASM_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let fallback = packageRoot.appendingPathComponent(".build/debug/spasm")
        return buildFolders().map { $0.appendingPathComponent("spasm") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? fallback
    }()

    /// Folders that may hold the test bundle: on Linux the bundle is the running executable; on
    /// macOS it is a `.xctest` bundle loaded by a runner.
    private static func buildFolders() -> [URL] {
        var folders: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        folders.append(executable.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL)
        return folders
    }

    /// What a run of the executable produced.
    typealias Output = (status: Int32, stdout: String, stderr: String)

    /// A run that did not finish in time; the process was killed.
    struct Timeout: Error, CustomStringConvertible {
        var seconds: TimeInterval
        var description: String { "spasm did not finish within \(seconds) seconds" }
    }

    /// Runs `spasm` with `input` on standard input and returns its exit status and output.
    ///
    /// - Parameters:
    ///   - arguments: the command-line arguments, without the program name.
    ///   - input: sent to standard input, which is then closed.
    ///   - environment: variables set on top of (or replacing) the test process's environment.
    ///   - currentDirectory: the working folder; nil keeps the test process's.
    ///   - timeout: seconds before the process is killed and `Timeout` thrown.
    static func run(arguments: [String] = [], input: String = "", environment: [String: String] = [:],
                    currentDirectory: URL? = nil, timeout: TimeInterval = 60) throws -> Output {
        try run(arguments: arguments, inputData: Data(input.utf8), environment: environment,
                currentDirectory: currentDirectory, timeout: timeout)
    }

    /// Runs `spasm` with raw bytes (which may be invalid UTF-8) on standard input.
    static func run(arguments: [String] = [], inputData: Data, environment: [String: String] = [:],
                    currentDirectory: URL? = nil, timeout: TimeInterval = 60) throws -> Output {
        // A process that exits before reading all its input must fail our write, not kill the tests.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let standardInput = Pipe(), standardOutput = Pipe(), standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()

        // Write and read on their own threads: a full pipe in either direction would otherwise
        // block both processes.
        let group = DispatchGroup()
        let collected = CollectedOutput()
        DispatchQueue.global().async(group: group) {
            try? standardInput.fileHandleForWriting.write(contentsOf: inputData)
            try? standardInput.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: group) {
            collected.setStdout(standardOutput.fileHandleForReading.readDataToEndOfFile())
        }
        DispatchQueue.global().async(group: group) {
            collected.setStderr(standardError.fileHandleForReading.readDataToEndOfFile())
        }

        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            group.wait()
            throw Timeout(seconds: timeout)
        }
        group.wait()
        return (process.terminationStatus, collected.stdout, collected.stderr)
    }
}

/// Output gathered by reader threads.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func setStdout(_ data: Data) { lock.withLock { out = data } }
    func setStderr(_ data: Data) { lock.withLock { err = data } }
    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
}
