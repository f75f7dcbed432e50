extension Matcher {
    /// The scored terms of each subject's and facet's name, by id (``Matcher/subjectNameTerms``
    /// and ``Matcher/facetNameTerms``): the build stores them in the compiled assistant, so
    /// start-up does not analyse the forty names again.
    struct NameTerms: Sendable {
        var subjects: [String: [String]]
        var facets: [String: [String]]
    }

    /// The name terms the matcher holds.
    var nameTerms: NameTerms { NameTerms(subjects: subjectNameTerms, facets: facetNameTerms) }
}

extension Matcher.NameTerms: SnapshotCodable {
    /// The name terms of a knowledge base, analysed by `analyzer`; the first of a repeated id counts.
    init(knowledge: KnowledgeBase, analyzer: TextAnalyzer) {
        self.init(subjects: Dictionary(knowledge.subjects.map { ($0.id, analyzer.terms(of: $0.name)) }, uniquingKeysWith: { first, _ in first }),
                  facets: Dictionary(knowledge.facets.map { ($0.id, analyzer.terms(of: $0.name)) }, uniquingKeysWith: { first, _ in first }))
    }

    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        self.init(subjects: try reader.read(), facets: try reader.read())
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(subjects)
        writer.write(facets)
    }
}
