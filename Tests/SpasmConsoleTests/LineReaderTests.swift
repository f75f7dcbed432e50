import Foundation
import Testing

@testable import SpasmConsole

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading lines from a real pipe, whatever bytes arrive.
@Suite("Line reader")
struct LineReaderTests {
    /// The lines a `LineReader` reads from a pipe fed with `chunks` by a background thread.
    private func lines(_ chunks: [[UInt8]], limit: Int = 4096) throws -> [LineReader.Line] {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        let writer = Thread {
            for chunk in chunks {
                var offset = 0
                while offset < chunk.count {
                    let written = chunk.withUnsafeBytes { write(writeEnd, $0.baseAddress! + offset, chunk.count - offset) }
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        var reader = LineReader(descriptor: readEnd, limit: limit)
        var result: [LineReader.Line] = []
        while let line = reader.next() { result.append(line) }
        return result
    }

    private func texts(_ text: String, limit: Int = 4096) throws -> [String] {
        try lines([Array(text.utf8)], limit: limit).map(\.text)
    }

    @Test("lines split on LF and CRLF")
    func lineEndings() throws {
        #expect(try texts("one\ntwo\r\nthree\n") == ["one", "two", "three"])
        #expect(try texts("\n\n") == ["", ""], "empty lines are lines")
        #expect(try texts("") == [], "no input, no lines")
    }

    @Test("the last line needs no newline")
    func noTrailingNewline() throws {
        #expect(try texts("first\nlast") == ["first", "last"])
        #expect(try texts("only") == ["only"])
    }

    @Test("NUL bytes and other control characters are dropped; tabs become spaces")
    func controls() throws {
        #expect(try texts("a\u{0}b\u{7}c\u{7F}d\te\n") == ["abcd e"])
    }

    @Test("invalid UTF-8 is repaired, not fatal")
    func invalidUTF8() throws {
        let read = try lines([[0x61, 0xFF, 0x62, 0xC3, 0x0A, 0xE2, 0x82, 0x0A]])
        #expect(read.map(\.text) == ["a\u{FFFD}b\u{FFFD}", "\u{FFFD}"])
    }

    @Test("ANSI escape sequences are removed")
    func ansi() throws {
        let read = try texts("\u{1B}[31mred\u{1B}[0m text\n\u{1B}[2J\u{1B}[1;1Hclear\n\u{1B}]0;title\u{7}x\n")
        #expect(read[0] == "red text")
        #expect(read[1] == "clear")
        #expect(read.allSatisfy { !$0.unicodeScalars.contains("\u{1B}") && !$0.unicodeScalars.contains("\u{7}") })
    }

    @Test("a line split across many writes is one line")
    func chunked() throws {
        let read = try lines([Array("what ca".utf8), Array("uses cr".utf8), Array("amps?\r".utf8), Array("\nnext".utf8)])
        #expect(read.map(\.text) == ["what causes cramps?", "next"])
        #expect(read.allSatisfy { !$0.truncated })
    }

    @Test("a 10 MB line is cut at the limit and the next line is read whole")
    func hugeLine() throws {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
        let read = try lines([huge, Array("\nafter\n".utf8)], limit: 4096)
        #expect(read.count == 2)
        #expect(read.first?.text.utf8.count == 4096)
        #expect(read.first?.truncated == true)
        #expect(read.last == LineReader.Line(text: "after", truncated: false))
    }

    @Test("a line exactly at the limit is not cut")
    func atLimit() throws {
        let read = try lines([Array(String(repeating: "b", count: 64).utf8) + [10]], limit: 64)
        #expect(read == [LineReader.Line(text: String(repeating: "b", count: 64), truncated: false)])
    }

    @Test("a huge last line without a newline is cut too")
    func hugeLastLine() throws {
        let read = try lines([[UInt8](repeating: UInt8(ascii: "z"), count: 300_000)], limit: 1000)
        #expect(read.count == 1)
        #expect(read.first?.text.count == 1000)
        #expect(read.first?.truncated == true)
    }
}
