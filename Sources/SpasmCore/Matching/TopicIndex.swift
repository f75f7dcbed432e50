import Foundation

/// An inverted index of the topics, with BM25F term weights computed once at load time.
///
/// Each topic is a document with fields of different weight (example questions, keywords,
/// title, answer, longer detail). A term's weight in a topic is the BM25F saturation of its
/// field-weighted frequency times its inverse document frequency, so scoring a question is a
/// sum over the postings of its few terms: the cost grows with the postings, not the topics.
struct TopicIndex: Sendable {
    /// A field of a topic and how much a match in it counts.
    struct Field: Sendable {
        var weight: Double
        /// Length normalisation: 0 ignores the field's length, 1 divides by it fully.
        var b: Double
        var text: @Sendable (Topic) -> [String]
    }

    static let fields: [Field] = [
        Field(weight: 3.0, b: 0.3, text: { $0.questions }),
        Field(weight: 2.5, b: 0.3, text: { $0.keywords }),
        Field(weight: 2.0, b: 0.5, text: { [$0.title] }),
        Field(weight: 1.0, b: 0.75, text: { [$0.answer] }),
        Field(weight: 0.3, b: 0.75, text: { [$0.more] }),
    ]
    /// The position in `fields` of the example questions, which also feed the nearest-question index.
    static let questionsField = 0
    static let k1 = 1.2
    /// How much a term found only in a topic's longer detail counts towards covering a question.
    static let detailOnlyCoverage = 0.4

    /// For each term, the topics that contain it and the term's weight there.
    ///
    /// `coverage` is how fully the topic covers the term: 1 when a field other than the longer
    /// detail holds it, less when only the detail mentions it in passing.
    private(set) var postings: [String: [(topic: Int, weight: Double, coverage: Double)]] = [:]
    /// Inverse document frequency of each known term.
    private(set) var idf: [String: Double] = [:]
    /// The weight given to a term no topic contains: as rare as a term can be.
    let unknownIDF: Double

    /// For each term, the example questions that contain it (flattened question numbers).
    private(set) var questionPostings: [String: [Int32]] = [:]
    /// The topic of each example question.
    private(set) var questionTopic: [Int32] = []
    /// The length (Euclidean norm of IDF weights) of each example question.
    private(set) var questionNorm: [Double] = []

    init(topics: [Topic], analyzer: TextAnalyzer) {
        let count = Double(max(topics.count, 1))
        // Term frequencies per field per topic.
        // Every text of every field analysed once; the example questions are reused below.
        let analysed = topics.map { topic in
            Self.fields.map { field in field.text(topic).map { analyzer.analyze($0, correctSpelling: false).terms } }
        }
        var frequencies: [[[String: Double]]] = []
        var lengths: [[Double]] = []
        for topicTexts in analysed {
            var perField: [[String: Double]] = []
            var fieldLengths: [Double] = []
            for fieldTexts in topicTexts {
                var counts: [String: Double] = [:]
                var length = 0.0
                for terms in fieldTexts {
                    length += Double(terms.count)
                    for term in terms { counts[term, default: 0] += 1 }
                }
                perField.append(counts)
                fieldLengths.append(length)
            }
            frequencies.append(perField)
            lengths.append(fieldLengths)
        }
        let averages = Self.fields.indices.map { field in
            max(1, lengths.map { $0[field] }.reduce(0, +) / count)
        }
        var documentFrequency: [String: Int] = [:]
        for perField in frequencies {
            for term in Set(perField.flatMap(\.keys)) { documentFrequency[term, default: 0] += 1 }
        }
        for (term, df) in documentFrequency {
            idf[term] = log(1 + (count - Double(df) + 0.5) / (Double(df) + 0.5))
        }
        unknownIDF = log(1 + (count + 0.5) / 0.5)
        for (topicIndex, topicTexts) in analysed.enumerated() {
            for questionTerms in topicTexts[Self.questionsField] {
                let terms = Set(questionTerms)
                guard !terms.isEmpty else { continue }
                let number = Int32(questionTopic.count)
                questionTopic.append(Int32(topicIndex))
                questionNorm.append(terms.reduce(0) { $0 + pow(idf[$1] ?? 0, 2) }.squareRoot())
                for term in terms { questionPostings[term, default: []].append(number) }
            }
        }
        for (topicIndex, perField) in frequencies.enumerated() {
            for term in Set(perField.flatMap(\.keys)) {
                var weighted = 0.0
                var coverage = Self.detailOnlyCoverage
                for (fieldIndex, field) in Self.fields.enumerated() {
                    guard let tf = perField[fieldIndex][term] else { continue }
                    if field.weight >= 1 { coverage = 1 }
                    let norm = 1 - field.b + field.b * lengths[topicIndex][fieldIndex] / averages[fieldIndex]
                    weighted += field.weight * tf / norm
                }
                let weight = (idf[term] ?? 0) * weighted / (Self.k1 + weighted)
                postings[term, default: []].append((topicIndex, weight, coverage))
            }
        }
    }

    /// The inverse document frequency of a term, or the unknown weight when no topic has it.
    func weight(of term: String) -> Double { idf[term] ?? unknownIDF }
}
