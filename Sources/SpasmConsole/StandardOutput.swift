#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes replies straight to a file descriptor, unbuffered, so a bridge sees each reply at once.
///
/// A reader that has gone away is not an error to report: the process ends quietly with
/// status 74 (`EX_IOERR`), as the issue of closed pipes asks.
public struct StandardOutput: Sendable {
    public static let ioErrorStatus: Int32 = 74
    let descriptor: Int32

    public init(descriptor: Int32 = 1) {
        self.descriptor = descriptor
    }

    /// Makes a closed pipe a failed write instead of a signal that kills the process.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of the text, or ends the process with status 74 if the reader is gone.
    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes all of the bytes, or ends the process with status 74 if the reader is gone.
    public func write(bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                exit(Self.ioErrorStatus)
            }
            offset += written
        }
    }

    /// Writes the text to standard error.
    public static func error(_ text: String) {
        StandardOutput(descriptor: 2).write(text.hasSuffix("\n") ? text : text + "\n")
    }
}
