/// A validated knowledge base in a form that loads without parsing or checking YAML again.
///
/// The build compiles `Knowledge/` into this form once, so starting the assistant costs a
/// compact binary decode instead of a YAML parse and validation. The derived lookup tables are rebuilt on
/// decoding rather than stored twice.
extension KnowledgeBase: Codable, Equatable {
    private enum CodingKeys: String, CodingKey {
        case sources, topics, concepts, subjects, facets, responses, redFlags, refusalCues
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sources: try container.decode([Source].self, forKey: .sources),
            topics: try container.decode([Topic].self, forKey: .topics),
            concepts: try container.decode([Concept].self, forKey: .concepts),
            subjects: try container.decode([FrameValue].self, forKey: .subjects),
            facets: try container.decode([FrameValue].self, forKey: .facets),
            responses: try container.decode(Responses.self, forKey: .responses),
            redFlags: try container.decode(RedFlagCatalog.self, forKey: .redFlags),
            refusalCues: try container.decode([String].self, forKey: .refusalCues)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sources, forKey: .sources)
        try container.encode(topics, forKey: .topics)
        try container.encode(concepts, forKey: .concepts)
        try container.encode(subjects, forKey: .subjects)
        try container.encode(facets, forKey: .facets)
        try container.encode(responses, forKey: .responses)
        try container.encode(redFlags, forKey: .redFlags)
        try container.encode(refusalCues, forKey: .refusalCues)
    }

    /// Two bases are equal when everything read from the files is equal (the lookup tables follow).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.sources == rhs.sources && lhs.topics == rhs.topics && lhs.concepts == rhs.concepts
            && lhs.subjects == rhs.subjects && lhs.facets == rhs.facets && lhs.responses == rhs.responses
            && lhs.redFlags == rhs.redFlags && lhs.refusalCues == rhs.refusalCues
    }

    /// The compiled form of this base (`CompactCoding`).
    public func compiled() throws -> [UInt8] {
        try CompactCoding.encode(self)
    }

    /// Reads a base from its compiled form.
    public init(compiled bytes: [UInt8]) throws {
        self = try CompactCoding.decode(KnowledgeBase.self, from: bytes)
    }
}
