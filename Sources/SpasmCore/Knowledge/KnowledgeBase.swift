/// One file of a knowledge folder: where it came from and its text.
public struct KnowledgeFile: Sendable, Hashable {
    /// The path relative to the knowledge folder, used in problem reports.
    public var path: String
    /// The file's UTF-8 text.
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// A document that facts in the knowledge base are taken from.
public struct Source: Sendable, Hashable {
    public var id: String
    public var title: String
    public var publisher: String
    /// The seed file or address the source was read from, when known.
    public var file: String?
}

/// One answerable question: what a person may ask, the short answer and the longer detail.
public struct Topic: Sendable, Hashable {
    public var id: String
    public var title: String
    /// The subject id (what it is about, e.g. `pad`).
    public var subject: String
    /// The facet id (what it asks, e.g. `treatment`).
    public var facet: String
    public var questions: [String]
    public var keywords: [String]
    public var answer: String
    public var more: String
    public var related: [String]
    public var sources: [String]
}

/// A set of words and phrases that mean the same thing in this domain.
public struct Concept: Sendable, Hashable {
    public var id: String
    public var terms: [String]
}

/// A named slot value of the dialogue frame (a subject or a facet) with the words that signal it.
public struct FrameValue: Sendable, Hashable {
    public var id: String
    /// How a reply names it.
    public var name: String
    /// Words and phrases in a question that signal it.
    public var cues: [String]
}

/// The fixed replies of the assistant.
public struct Responses: Sendable, Hashable {
    public var greeting = ""
    public var goodbye = ""
    public var thanks = ""
    public var identity = ""
    public var capabilities = ""
    public var help = ""
    public var fallback = ""
    public var refusal = ""
    public var disclaimer = ""
    public var emergencyNumber = "911"
    public var hypotheticalNote = ""
    public var reminder = ""
    public var reset = ""
    public var noMore = ""
    public var clarifyIntro = ""
    public var clarifyNone = ""

    /// Each reply's YAML key and field, in the order a clinician reads them: the one table the
    /// loader, the compiled form and the look-ups below go by.
    static let fields: [(key: String, field: WritableKeyPath<Responses, String> & Sendable)] = [
        ("greeting", \.greeting), ("goodbye", \.goodbye), ("thanks", \.thanks), ("identity", \.identity),
        ("capabilities", \.capabilities), ("help", \.help), ("fallback", \.fallback), ("refusal", \.refusal),
        ("disclaimer", \.disclaimer), ("emergency_number", \.emergencyNumber), ("hypothetical_note", \.hypotheticalNote),
        ("reminder", \.reminder), ("reset", \.reset), ("no_more", \.noMore), ("clarify_intro", \.clarifyIntro),
        ("clarify_none", \.clarifyNone),
    ]

    /// The YAML keys, in the order a clinician reads them.
    static let keys = fields.map(\.key)

    /// The reply named by a YAML key; empty for an unknown key.
    func text(forKey key: String) -> String {
        Self.fields.first { $0.key == key }.map { self[keyPath: $0.field] } ?? ""
    }

    /// Sets the reply named by a YAML key; unknown keys are ignored (the loader reports them).
    mutating func assign(_ text: String, to key: String) {
        if let entry = Self.fields.first(where: { $0.key == key }) { self[keyPath: entry.field] = text }
    }

    /// Replaces `{emergency}` with the configured emergency number.
    public func fill(_ template: String) -> String {
        // Most replies have no placeholder: a byte scan spares them the replacing. The rest are
        // replaced among bytes too: Foundation's replacingOccurrences costs several microseconds.
        // Scanned as contiguous UTF-8: a byte loop over `utf8` goes through the view's iterator.
        var contiguous = template
        guard contiguous.withUTF8({ $0.contains(UInt8(ascii: "{")) }) else { return template }
        let placeholder = Array("{emergency}".utf8), source = Array(template.utf8)
        var filled: [UInt8] = []
        filled.reserveCapacity(source.count + emergencyNumber.utf8.count)
        // The text between placeholders is copied a run at a time, not byte by byte.
        var index = 0, runStart = 0
        while index < source.count {
            if source[index] == placeholder[0], source[index...].starts(with: placeholder) {
                filled.append(contentsOf: source[runStart..<index])
                filled.append(contentsOf: emergencyNumber.utf8)
                index += placeholder.count
                runStart = index
            } else {
                index += 1
            }
        }
        filled.append(contentsOf: source[runStart...])
        return String(decoding: filled, as: UTF8.self)
    }
}

/// Everything the assistant knows, validated and ready to index.
public struct KnowledgeBase: Sendable {
    public var sources: [Source]
    public var topics: [Topic]
    public var concepts: [Concept]
    public var subjects: [FrameValue]
    public var facets: [FrameValue]
    public var responses: Responses
    public var redFlags: RedFlagCatalog
    /// Phrases of medical questions the assistant declines: diagnosis, doses, other conditions.
    public var refusalCues: [String]

    /// Topics by id.
    public let topicsByID: [String: Topic]
    /// Sources by id.
    public let sourcesByID: [String: Source]

    public init(
        sources: [Source], topics: [Topic], concepts: [Concept], subjects: [FrameValue],
        facets: [FrameValue], responses: Responses, redFlags: RedFlagCatalog, refusalCues: [String] = []
    ) {
        self.refusalCues = refusalCues
        self.sources = sources
        self.topics = topics
        self.concepts = concepts
        self.subjects = subjects
        self.facets = facets
        self.responses = responses
        self.redFlags = redFlags
        self.topicsByID = Dictionary(topics.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.sourcesByID = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The titles of a topic's sources, for citation.
    public func sourceTitles(of topic: Topic) -> [String] {
        topic.sources.compactMap { sourcesByID[$0]?.title }
    }
}
