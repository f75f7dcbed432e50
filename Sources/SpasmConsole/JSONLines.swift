import Foundation

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
        guard !line.allSatisfy(\.isWhitespace) else {
            return .failure(RequestError(message: "empty line: send one JSON object per line, such as {\"text\": \"what causes cramps?\"}"))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            return .failure(RequestError(message: "not valid JSON: send one JSON object per line, such as {\"text\": \"what causes cramps?\"}"))
        }
        guard let fields = object as? [String: Any] else {
            return .failure(RequestError(message: "the line is JSON but not an object: send {\"text\": \"...\", \"session\": \"...\"}"))
        }
        var session = "default"
        if let value = fields["session"], !(value is NSNull) {
            guard let text = value as? String else {
                return .failure(RequestError(message: "\"session\" must be a string"))
            }
            guard text.count <= maximumSessionLength else {
                return .failure(RequestError(message: "\"session\" is longer than \(maximumSessionLength) characters"))
            }
            session = text
        }
        guard let value = fields["text"] else {
            return .failure(RequestError(message: "missing \"text\": send {\"text\": \"your question\"}", session: session))
        }
        guard let text = value as? String else {
            return .failure(RequestError(message: "\"text\" must be a string", session: session))
        }
        return .success(Request(session: session, text: LineReader.clean(Array(text.utf8))))
    }

    /// Encodes a reply as one line of JSON, without the newline.
    public static func encode(_ reply: Reply, session: String?, text: String) -> String {
        var out = "{\"session\":" + (session.map(quote) ?? "null")
        out += ",\"reply\":" + quote(text)
        out += ",\"kind\":" + quote(reply.kind.rawValue)
        out += ",\"topic\":" + (reply.topic.map(quote) ?? "null")
        out += ",\"escalation\":" + quote(reply.escalation.rawValue)
        out += ",\"active_escalation\":" + quote(reply.activeEscalation.rawValue)
        out += ",\"confidence\":" + String(format: "%.3f", min(1, max(0, reply.confidence)))
        out += ",\"sources\":[" + reply.sources.map(quote).joined(separator: ",") + "]"
        out += ",\"suggestions\":[" + reply.suggestions.map(quote).joined(separator: ",") + "]"
        if reply.kind == .error { out += ",\"error\":" + quote(reply.body) }
        return out + "}"
    }

    /// A JSON string literal; slashes stay as they are, control characters are escaped.
    public static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
