// spasm-bench: how fast spasm starts and answers, how its cost grows with the knowledge base,
// and how much memory sessions take, each figure next to a reference measured in the same run.
//
// usage: spasm-bench [--quick] [--markdown] [--runs N] [--spasm PATH] [--write-questions FILE]
// Build both in release first, as scripts/start.sh builds spasm:
//   swift build -c release --static-swift-stdlib --scratch-path .build-bench
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

let usage = """
    usage: spasm-bench [--quick] [--markdown] [--runs N] [--spasm PATH] [--write-questions FILE]
      --quick                 small counts, for a smoke run (seconds instead of minutes)
      --markdown              print the results as a markdown table (the default and only format)
      --runs N                start-up runs per program (default 30, 5 with --quick)
      --spasm PATH            the spasm executable (default: the one beside this program)
      --write-questions FILE  write the throughput question file (JSON lines) and exit
    """

/// What the command line asked for.
struct Options {
    var quick = false
    var runs: Int?
    var spasmPath: String?
    var questionFile: String?

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--quick": quick = true
            case "--markdown": break
            case "--runs":
                guard let value = rest.popFirst().flatMap(Int.init), value > 0 else { throw BenchError("--runs needs a positive number\n" + usage) }
                runs = value
            case "--spasm":
                guard let value = rest.popFirst() else { throw BenchError("--spasm needs a path\n" + usage) }
                spasmPath = value
            case "--write-questions":
                guard let value = rest.popFirst() else { throw BenchError("--write-questions needs a file\n" + usage) }
                questionFile = value
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BenchError("unknown option \(argument)\n" + usage)
            }
        }
    }

    var startRuns: Int { runs ?? (quick ? 5 : 30) }
    var latencyQuestions: Int { quick ? 300 : 2_000 }
    var throughputQuestions: Int { quick ? 1_000 : 10_000 }
    var throughputRuns: Int { quick ? 1 : 3 }
    var scaleSizes: [Int] { quick ? [100, 1_000] : [100, 1_000, 10_000] }
    var sessionCount: Int { quick ? 10_000 : 100_000 }
    var sessionCapacity: Int { quick ? 1_000 : 10_000 }
}

func progress(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs the bench itself in a child mode and returns the fields it printed.
func runChild(_ arguments: [String]) throws -> [String: Double] {
    let child = try Child(path: Benchmark.selfPath, arguments: arguments)
    close(child.input)
    let text = child.readAll()
    let exit = child.finish()
    guard exit.status == 0 else { throw BenchError("spasm-bench \(arguments.joined(separator: " ")) failed with status \(exit.status)") }
    return parseFields(text)
}

do {
    var arguments = Array(CommandLine.arguments.dropFirst())
    switch arguments.first {
    case "echo":
        exit(InProcess.echo())
    case "assistant-child":
        let numbers = arguments.dropFirst().compactMap { Int($0) }
        guard numbers.count == 3 else { throw BenchError("assistant-child SIZE QUESTIONS WARMUP") }
        print(try InProcess.assistant(size: numbers[0], questionCount: numbers[1], warmUp: numbers[2]))
        exit(0)
    case "slowest":
        let numbers = arguments.dropFirst().compactMap { Int($0) }
        guard numbers.count == 3 else { throw BenchError("slowest SIZE QUESTIONS SHOWN") }
        print(try InProcess.slowest(size: numbers[0], questionCount: numbers[1], shown: numbers[2]))
        exit(0)
    case "sessions-child":
        let numbers = arguments.dropFirst().compactMap { Int($0) }
        guard numbers.count == 2 else { throw BenchError("sessions-child COUNT CAPACITY") }
        print(try InProcess.sessions(count: numbers[0], capacity: numbers[1]))
        exit(0)
    default:
        break
    }
    if arguments.first == "--" { arguments.removeFirst() }
    let options = try Options(arguments)
    if let file = options.questionFile {
        try Benchmark.writeQuestions(count: options.throughputQuestions, to: file)
        exit(0)
    }
    let benchmark = try Benchmark(options: options)
    defer { benchmark.cleanUp() }
    print(try benchmark.run())
} catch {
    progress("spasm-bench: \(error)")
    exit(1)
}
