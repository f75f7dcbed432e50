/// A validated knowledge base in a form that loads without parsing or checking YAML again.
///
/// The build compiles `Knowledge/` into this form once (inside the compiled assistant), so
/// starting the assistant costs a binary decode instead of a YAML parse and validation. The
/// derived lookup tables are rebuilt on decoding rather than stored twice.
extension KnowledgeBase: Equatable, SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(sources: try reader.read(), topics: try reader.read(), concepts: try reader.read(),
                  subjects: try reader.read(), facets: try reader.read(), responses: try reader.read(),
                  redFlags: try reader.read(), refusalCues: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(sources)
        writer.write(topics)
        writer.write(concepts)
        writer.write(subjects)
        writer.write(facets)
        writer.write(responses)
        writer.write(redFlags)
        writer.write(refusalCues)
    }

    /// Two bases are equal when everything read from the files is equal (the lookup tables follow).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.sources == rhs.sources && lhs.topics == rhs.topics && lhs.concepts == rhs.concepts
            && lhs.subjects == rhs.subjects && lhs.facets == rhs.facets && lhs.responses == rhs.responses
            && lhs.redFlags == rhs.redFlags && lhs.refusalCues == rhs.refusalCues
    }

    /// The compiled form of this base.
    public func compiled() -> [UInt8] { snapshot() }

    /// Reads a base from its compiled form.
    public init(compiled bytes: [UInt8]) throws(SnapshotError) {
        try self.init(snapshot: bytes)
    }
}

extension Source: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try reader.read(), title: try reader.read(), publisher: try reader.read(), file: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(title)
        writer.write(publisher)
        writer.write(file)
    }
}

extension Topic: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try reader.read(), title: try reader.read(), subject: try reader.read(), facet: try reader.read(),
                  questions: try reader.read(), keywords: try reader.read(), answer: try reader.read(),
                  more: try reader.read(), related: try reader.read(), sources: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(title)
        writer.write(subject)
        writer.write(facet)
        writer.write(questions)
        writer.write(keywords)
        writer.write(answer)
        writer.write(more)
        writer.write(related)
        writer.write(sources)
    }
}

extension Concept: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try reader.read(), terms: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(terms)
    }
}

extension FrameValue: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try reader.read(), name: try reader.read(), cues: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(cues)
    }
}

extension Responses: SnapshotCodable {
    // In `fields` order: a reply added to `fields` is stored without another line here.
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init()
        for entry in Self.fields { self[keyPath: entry.field] = try reader.read() }
    }

    func write(to writer: inout SnapshotWriter) {
        for entry in Self.fields { writer.write(self[keyPath: entry.field]) }
    }
}

extension EscalationLevel: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let name: String = try reader.read()
        guard let level = Self(rawValue: name) else { throw SnapshotError("\(name) is not an escalation level") }
        self = level
    }

    func write(to writer: inout SnapshotWriter) { writer.write(rawValue) }
}

extension RedFlagFinding: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try reader.read(), phrases: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(phrases)
    }
}

extension RedFlagRule: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(id: try reader.read(), level: try reader.read(), when: try reader.read(), message: try reader.read(),
                  sources: try reader.read(), topic: try reader.read(), history: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(id)
        writer.write(level)
        writer.write(when)
        writer.write(message)
        writer.write(sources)
        writer.write(topic)
        writer.write(history)
    }
}

extension RedFlagCatalog: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(findings: try reader.read(), rules: try reader.read(), circumstances: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(findings)
        writer.write(rules)
        writer.write(circumstances)
    }
}
