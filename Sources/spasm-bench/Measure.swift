import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Clocks, statistics and memory readings shared by every benchmark.
enum Measure {
    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Nanoseconds of processor time this thread has used: unlike the wall clock, not
    /// inflated when other processes share the processors.
    static func threadTime() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Seconds taken by `body`, with its result.
    static func time<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let start = now()
        let value = try body()
        return (Double(now() - start) / 1e9, value)
    }

    /// The value at quantile `q` (0...1) of the samples, by the nearest-rank method.
    static func quantile(_ samples: [Double], _ q: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func median(_ samples: [Double]) -> Double { quantile(samples, 0.5) }

    /// A field of /proc/self/status in bytes (`VmHWM`, `VmRSS`), or 0 where there is no /proc.
    static func processStatus(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let number = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return number * 1024
        }
        return 0
    }
}

/// Formatting for the results table.
enum Format {
    static func milliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1e3) }
    static func microseconds(_ seconds: Double) -> String { String(format: "%.1f µs", seconds * 1e6) }
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
    static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
    static func rate(_ perSecond: Double) -> String { String(format: "%.0f /s", perSecond) }
    static func bytes(_ value: Double) -> String { String(format: "%.0f B", value) }
}

