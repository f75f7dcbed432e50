/// Turns replies into text for a terminal or a pipe.
public struct Renderer: Sendable {
    /// Whether to use colour and bold.
    public var color: Bool
    /// The column to wrap at, or nil not to wrap.
    public var width: Int?

    public init(color: Bool = false, width: Int? = nil) {
        self.color = color
        self.width = width
    }

    /// The reply as lines without blank lines between its parts, so a pipe reader can split
    /// replies on the empty line that follows each one.
    public func render(_ reply: Reply) -> String {
        var parts: [String] = []
        if !reply.warning.isEmpty {
            let style = reply.escalation >= .urgent ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
            parts.append(paint(wrap(reply.warning), style))
        }
        var body = reply.body
        for (number, choice) in reply.choices.enumerated() { body += "\n\(number + 1). \(choice)" }
        if !body.isEmpty { parts.append(wrap(body)) }
        if !reply.footnote.isEmpty { parts.append(paint(wrap(reply.footnote), "\u{1B}[33m")) }
        if reply.kind == .answer && !reply.sources.isEmpty {
            parts.append(paint(wrap("Sources: " + reply.sources.joined(separator: "; ")), "\u{1B}[2m"))
        }
        return Self.withoutEmptyLines(parts.joined(separator: "\n"))
    }

    /// The text with its empty lines taken out (most replies have none, and are returned as they are).
    static func withoutEmptyLines(_ text: String) -> String {
        let newline = UInt8(ascii: "\n")
        // Scanned as contiguous UTF-8: a byte loop over `utf8` goes through the view's iterator.
        var contiguous = text
        let hasEmptyLine = contiguous.withUTF8 { bytes in
            var previous = newline
            for byte in bytes {
                if byte == newline && previous == newline { return true }
                previous = byte
            }
            return false
        }
        guard hasEmptyLine || text.utf8.last == newline else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: "\n")
    }

    func paint(_ text: String, _ style: String) -> String {
        guard color else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { style + $0 + "\u{1B}[0m" }.joined(separator: "\n")
    }

    /// Wraps each paragraph at word boundaries to the width.
    public func wrap(_ text: String) -> String {
        guard let width, width >= 20 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
