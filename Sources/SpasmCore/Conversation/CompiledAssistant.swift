/// An assistant in a form that starts without building its indexes again.
///
/// Building an assistant tokenises and stems the whole knowledge base, indexes its topics and
/// spelling, and reads the red-flag phrases into choice slots (checked against their thousands of
/// brace expansions); the build does that once and stores the result here, so starting `spasm`
/// decodes tables instead. The form (``SnapshotCodable``) holds
/// the knowledge base followed by the indexes built from it, so the two cannot come from
/// different bases. The cheap derived tables are rebuilt on reading.
extension Assistant {
    /// The version of the form: a binary built from other sources refuses an older form.
    static let compiledFormVersion = 11

    /// The assistant with its knowledge base and built indexes, in compiled form.
    public func compiled() -> [UInt8] {
        var writer = SnapshotWriter()
        writer.write(Self.compiledFormVersion)
        writer.write(knowledge)
        writer.write(matcher.analyzer)
        writer.write(matcher.index)
        writer.write(matcher.vocabulary)
        writer.write(detector.patterns)
        writer.write(detector.triggers)
        writer.write(tables)
        writer.write(matcher.nameTerms)
        return writer.bytes
    }

    /// The knowledge base alone of a compiled assistant, without reading its indexes.
    public static func knowledge(inCompiled bytes: [UInt8]) throws -> KnowledgeBase {
        var reader = SnapshotReader(bytes)
        try readVersion(&reader)
        return try reader.read(KnowledgeBase.self)
    }

    private static func readVersion(_ reader: inout SnapshotReader) throws {
        let version: Int = try reader.read()
        guard version == compiledFormVersion else {
            throw SnapshotError("the compiled assistant is of form \(version), this program reads form \(compiledFormVersion)")
        }
    }

    /// Reads an assistant from the form `compiled()` writes.
    public init(compiled bytes: [UInt8]) throws {
        var reader = SnapshotReader(bytes)
        try Self.readVersion(&reader)
        let knowledge: KnowledgeBase = try reader.read()
        let analyzer: TextAnalyzer = try reader.read()
        let index: TopicIndex = try reader.read()
        let vocabulary: DomainVocabulary = try reader.read()
        let patterns: FindingPatterns = try reader.read()
        let triggers: [String: [TriggerEntry]] = try reader.read()
        let tables: Tables = try reader.read()
        let nameTerms: Matcher.NameTerms = try reader.read()
        guard reader.isAtEnd else { throw SnapshotError("bytes left over after the compiled assistant") }
        guard index.questionTopic.allSatisfy({ knowledge.topics.indices.contains(Int($0)) }) else {
            throw SnapshotError("the compiled topic index names topics the knowledge base does not have")
        }
        let matcher = Matcher(knowledge: knowledge, analyzer: analyzer, index: index, vocabulary: vocabulary, nameTerms: nameTerms)
        self.init(knowledge: knowledge, matcher: matcher,
                  detector: RedFlagDetector(catalog: knowledge.redFlags, analyzer: analyzer, patterns: patterns,
                                           triggers: triggers),
                  tables: tables)
    }
}

extension Assistant.Tables: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(refusals: try reader.read(), starterQuestions: try reader.read(), broadestSubject: try reader.read(),
                  coreStems: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(refusals)
        writer.write(starterQuestions)
        writer.write(broadestSubject)
        writer.write(coreStems)
    }
}
