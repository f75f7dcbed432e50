/// The words that say a question is about muscle cramps and spasms at all.
struct DomainVocabulary: Sendable {
    /// Stems and concept terms that mark a question as being about this domain.
    let anchors: Set<String>
    /// The terms that name the domain itself ("cramp", "spasm"): the broadest subject's name.
    let coreTerms: Set<String>
    /// Words of the synonym sets and subject cues that are not everyday English ("stenosis",
    /// "potassium", "pad", but not "water" or "night"): a question using one is about the domain.
    let domainWords: Set<String>

    init(knowledge: KnowledgeBase, analyzer: TextAnalyzer) {
        let facetWords = Set(knowledge.facets.flatMap(\.cues).flatMap { analyzer.terms(of: $0) })
        var anchors: Set<String> = []
        // Only the curated vocabulary anchors a question in the domain: synonym sets and the words
        // that name subjects. Topic keywords hold everyday words ("desk job") that do not.
        let anchorTexts = knowledge.concepts.flatMap(\.terms) + knowledge.subjects.flatMap { $0.cues + [$0.name] }
        // A word of a longer phrase anchors only with the rest of it ("physical job", not "job"):
        // a matched phrase names its concept or subject, which anchors the question anyway.
        for text in anchorTexts {
            let terms = analyzer.terms(of: text)
            if terms.count == 1 { anchors.formUnion(terms) }
        }
        self.anchors = anchors.subtracting(facetWords)
        let broadest = knowledge.subjects.max { (analyzer.breadth(of: $0.id), $1.id) < (analyzer.breadth(of: $1.id), $0.id) }
        self.coreTerms = Set(broadest.map { analyzer.analyze($0.name, correctSpelling: false).terms } ?? [])
        let everyday = EverydayWords()
        let facetCueWords = Set(knowledge.facets.flatMap(\.cues).flatMap(TextNormalizer.words))
        self.domainWords = Set(anchorTexts.flatMap(TextNormalizer.words)).filter {
            !everyday.contains($0) && !StopWords.contains($0) && !facetCueWords.contains($0)
        }
    }
}

extension DomainVocabulary: SnapshotCodable {
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        anchors = try reader.read()
        coreTerms = try reader.read()
        domainWords = try reader.read()
    }

    func write(to writer: inout SnapshotWriter) {
        writer.write(anchors)
        writer.write(coreTerms)
        writer.write(domainWords)
    }
}
