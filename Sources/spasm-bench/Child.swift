import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A spawned process with its standard input and output, for timing replies as a client sees them.
struct Child {
    /// How a finished child ended.
    struct Exit {
        var status: Int32
    }

    let pid: pid_t
    /// Where the bench writes the child's input.
    let input: Int32
    /// Where the bench reads the child's output.
    let output: Int32

    /// Starts `path` with `arguments`, its input and output connected to pipes.
    init(path: String, arguments: [String]) throws {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&fromChild) == 0 else { throw BenchError("pipe failed: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard pipe(&toChild) == 0 else { throw BenchError("pipe failed: \(String(cString: strerror(errno)))") }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_addclose(&actions, toChild[0])
        posix_spawn_file_actions_addclose(&actions, toChild[1])
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addclose(&actions, fromChild[0])
        posix_spawn_file_actions_addclose(&actions, fromChild[1])

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard result == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw BenchError("cannot start \(path): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        self.input = toChild[1]
        self.output = fromChild[0]
    }

    /// Writes all of `text` to the child's input; false if the child closed it.
    @discardableResult
    func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(input, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Reads until the first newline (or end of output); false if none came within `timeout` seconds.
    func awaitLine(timeout: Int32 = 60) -> Bool {
        var byte: UInt8 = 0
        while true {
            var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, timeout * 1000)
            if polled < 0 && errno == EINTR { continue }
            guard polled > 0 else {
                kill(pid, SIGKILL)
                return false
            }
            let count = read(output, &byte, 1)
            if count == 1 && byte == 10 { return true }
            if count == 0 { return false }
            if count < 0 && errno != EINTR { return false }
        }
    }

    /// Reads all remaining output as text.
    func readAll() -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return String(decoding: bytes, as: UTF8.self) }
            bytes += chunk[0..<count]
        }
    }

    /// Reads until `count` lines have arrived or the output ends; the number of lines read.
    func readLines(_ count: Int) -> Int {
        var lines = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while lines < count {
            let read = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { break }
            lines += chunk[0..<read].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        return lines
    }

    /// The child's own peak resident memory (VmHWM), read while it is still running.
    ///
    /// wait4()'s ru_maxrss is not used: on Linux it starts from the high-water mark of the
    /// process that spawned the child (the kernel records the old address space's peak at exec),
    /// so a small child would report the bench's own memory.
    func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }

    /// Writes `bytes` to the child's input from another thread, then closes it, so the bench can read meanwhile.
    func feed(_ bytes: [UInt8], thenClose: Bool) {
        let descriptor = input
        let thread = Thread {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += written
            }
            if thenClose { close(descriptor) }
        }
        thread.start()
    }

    /// Reads all remaining output and counts its lines.
    func countLines() -> Int {
        var lines = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return lines }
            lines += chunk[0..<count].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
    }

    /// Closes the pipes (the input unless it was handed to `feed`) and waits for the child.
    func finish(closeInput: Bool = true) -> Exit {
        if input >= 0 && closeInput { close(input) }
        _ = countLines()
        close(output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Exit(status: exitStatus)
    }
}

/// A failure that stops the bench with a message.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
