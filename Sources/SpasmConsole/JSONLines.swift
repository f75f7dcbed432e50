/// The JSON-lines protocol for chat bridges: one request object per line, one reply object per line.
///
/// Request: `{"text": String, "session": String?}`. Reply: `session`, `reply`, `kind`, `topic`,
/// `escalation`, `active_escalation`, `confidence`, `sources`, `suggestions`, and `error` when
/// the request could not be read.
public enum JSONLines {
    /// The longest session id accepted, in characters.
    public static let maximumSessionLength = 200

    /// A request that could be read.
    public struct Request: Sendable, Equatable {
        public var session: String
        public var text: String
    }

    /// A line that could not be read, with what was wrong and any session it named.
    public struct RequestError: Error, Sendable, Equatable {
        public var message: String
        public var session: String?
    }

    /// Reads one request line.
    public static func decode(_ line: String) -> Result<Request, RequestError> {
        guard !isBlank(line) else {
            return .failure(RequestError(message: "empty line: send one JSON object per line, such as {\"text\": \"what causes cramps?\"}"))
        }
        let fields: [String: JSONScanner.Member]
        switch JSONScanner.scan(line) {
        case .object(let members): fields = members
        case .notAnObject:
            return .failure(RequestError(message: "the line is JSON but not an object: send {\"text\": \"...\", \"session\": \"...\"}"))
        case .invalid:
            return .failure(RequestError(message: "not valid JSON: send one JSON object per line, such as {\"text\": \"what causes cramps?\"}"))
        }
        var session = "default"
        switch fields["session"] {
        case nil, .null?: break
        case .other?: return .failure(RequestError(message: "\"session\" must be a string"))
        case .string(let text)?:
            guard text.utf8.count <= maximumSessionLength || text.count <= maximumSessionLength else {
                return .failure(RequestError(message: "\"session\" is longer than \(maximumSessionLength) characters"))
            }
            session = text
        }
        switch fields["text"] {
        case nil: return .failure(RequestError(message: "missing \"text\": send {\"text\": \"your question\"}", session: session))
        case .null?, .other?: return .failure(RequestError(message: "\"text\" must be a string", session: session))
        case .string(let text)?: return .success(Request(session: session, text: LineReader.clean(Array(text.utf8))))
        }
    }

    /// True for an empty line or one of white space only (Unicode spaces included).
    static func isBlank(_ line: String) -> Bool {
        for byte in line.utf8 {
            if byte >= 0x80 { return line.allSatisfy(\.isWhitespace) }
            if !(byte == 0x20 || (0x09...0x0D).contains(byte)) { return false }
        }
        return true
    }

    /// Encodes a reply as one line of JSON, without the newline.
    public static func encode(_ reply: Reply, session: String?, text: String) -> String {
        var bytes: [UInt8] = []
        encode(reply, session: session, text: text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends a reply as one line of JSON, without the newline, to a byte buffer.
    public static func encode(_ reply: Reply, session: String?, text: String, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + text.utf8.count + 256)
        out.append(contentsOf: #"{"session":"#.utf8)
        appendQuotedOrNull(session, to: &out)
        out.append(contentsOf: #","reply":"#.utf8)
        appendQuoted(text, to: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        appendQuoted(reply.kind.rawValue, to: &out)
        out.append(contentsOf: #","topic":"#.utf8)
        appendQuotedOrNull(reply.topic, to: &out)
        out.append(contentsOf: #","escalation":"#.utf8)
        appendQuoted(reply.escalation.rawValue, to: &out)
        out.append(contentsOf: #","active_escalation":"#.utf8)
        appendQuoted(reply.activeEscalation.rawValue, to: &out)
        out.append(contentsOf: #","confidence":"#.utf8)
        appendThreeDecimals(min(1, max(0, reply.confidence)), to: &out)
        out.append(contentsOf: #","sources":["#.utf8)
        appendList(reply.sources, to: &out)
        out.append(contentsOf: #"],"suggestions":["#.utf8)
        appendList(reply.suggestions, to: &out)
        out.append(UInt8(ascii: "]"))
        if reply.kind == .error {
            out.append(contentsOf: #","error":"#.utf8)
            appendQuoted(reply.body, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal; slashes stay as they are, control characters are escaped.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendQuotedOrNull(_ text: String?, to out: inout [UInt8]) {
        if let text { appendQuoted(text, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    private static func appendList(_ items: [String], to out: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(item, to: &out)
        }
    }

    /// Appends a JSON string literal, escaping quotes, backslashes, control characters and the
    /// two line separators (U+2028, U+2029) that some JavaScript readers take as line ends.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape (nearly all of a reply) are copied whole.
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2 else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; any other E2 sequence passes through.
                    if index + 1 < bytes.count, bytes[index] == 0x80, bytes[index + 1] == 0xA8 || bytes[index + 1] == 0xA9 {
                        out.append(contentsOf: "\\u202".utf8)
                        out.append(bytes[index + 1] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                        index += 2
                    } else {
                        out.append(byte)
                    }
                default:
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hexDigit(byte >> 4), hexDigit(byte & 15)])
                }
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends a number from 0 to 1 with three decimals, rounded to the nearest thousandth.
    static func appendThreeDecimals(_ value: Double, to out: inout [UInt8]) {
        let thousandths = Int((value * 1000).rounded())
        out.append(UInt8(ascii: "0") + UInt8(thousandths / 1000))
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(thousandths / 100 % 10))
        out.append(UInt8(ascii: "0") + UInt8(thousandths / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(thousandths % 10))
    }

    /// The lower-case hex digit for a value from 0 to 15.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
