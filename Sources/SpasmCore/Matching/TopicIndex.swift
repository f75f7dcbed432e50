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

    /// A topic that contains a term, and the term's weight there.
    struct Posting: Sendable {
        var topic: Int32
        var weight: Double
        /// How fully the topic covers the term: 1 when a field other than the longer detail
        /// holds it, less when only the detail mentions it in passing.
        var coverage: Double
    }

    /// The number of each term any topic contains; the arrays below are indexed by it, so a
    /// question looks each of its terms up once and then works with numbers and arrays.
    private(set) var termNumbers: [String: Int] = [:]
    /// For each term number, the topics that contain the term, in topic order.
    private(set) var postings: [[Posting]] = []
    /// Inverse document frequency of each term number.
    private(set) var idf: [Double] = []
    /// The weight given to a term no topic contains: as rare as a term can be.
    let unknownIDF: Double

    /// For each term number, the example questions that contain it (flattened question numbers).
    private(set) var questionPostings: [[Int32]] = []
    /// The topic of each example question.
    private(set) var questionTopic: [Int32] = []
    /// The length (Euclidean norm of IDF weights) of each example question.
    private(set) var questionNorm: [Double] = []

    init(topics: [Topic], analyzer: TextAnalyzer) {
        let count = Double(max(topics.count, 1))
        // Every text of every field analysed once; the example questions are reused below.
        let analysed = topics.map { topic in
            Self.fields.map { field in field.text(topic).map(analyzer.terms(of:)) }
        }
        // Field lengths and document frequencies first; each topic's term counts are made again
        // where its postings are, rather than kept for every topic at once (for 10,000 topics,
        // 50,000 dictionaries alive at once during a build).
        var lengths: [[Double]] = []
        var documentFrequency: [String: Int] = [:]
        for topicTexts in analysed {
            lengths.append(topicTexts.map { fieldTexts in fieldTexts.reduce(0.0) { $0 + Double($1.count) } })
            for term in Set(topicTexts.joined().joined()) { documentFrequency[term, default: 0] += 1 }
        }
        let averages = Self.fields.indices.map { field in
            max(1, lengths.map { $0[field] }.reduce(0, +) / count)
        }
        for (term, df) in documentFrequency {
            termNumbers[term] = idf.count
            idf.append(log(1 + (count - Double(df) + 0.5) / (Double(df) + 0.5)))
        }
        postings = Array(repeating: [], count: idf.count)
        questionPostings = Array(repeating: [], count: idf.count)
        unknownIDF = log(1 + (count + 0.5) / 0.5)
        for (topicIndex, topicTexts) in analysed.enumerated() {
            for questionTerms in topicTexts[Self.questionsField] {
                let terms = Set(questionTerms)
                guard !terms.isEmpty else { continue }
                let number = Int32(questionTopic.count)
                questionTopic.append(Int32(topicIndex))
                questionNorm.append(terms.reduce(0) { $0 + pow(idf(of: $1), 2) }.squareRoot())
                for term in terms { questionPostings[termNumbers[term]!].append(number) }
            }
        }
        for (topicIndex, topicTexts) in analysed.enumerated() {
            let perField = Self.termCounts(of: topicTexts)
            for term in Set(perField.flatMap(\.keys)) {
                var weighted = 0.0
                var coverage = Self.detailOnlyCoverage
                for (fieldIndex, field) in Self.fields.enumerated() {
                    guard let tf = perField[fieldIndex][term] else { continue }
                    if field.weight >= 1 { coverage = 1 }
                    let norm = 1 - field.b + field.b * lengths[topicIndex][fieldIndex] / averages[fieldIndex]
                    weighted += field.weight * tf / norm
                }
                let number = termNumbers[term]!
                let weight = idf[number] * weighted / (Self.k1 + weighted)
                postings[number].append(Posting(topic: Int32(topicIndex), weight: weight, coverage: coverage))
            }
        }
    }

    /// How often each term occurs in each field of a topic, given each field's texts as terms.
    private static func termCounts(of topicTexts: [[[String]]]) -> [[String: Double]] {
        topicTexts.map { fieldTexts in
            var counts: [String: Double] = [:]
            for terms in fieldTexts {
                for term in terms { counts[term, default: 0] += 1 }
            }
            return counts
        }
    }

    /// Whether the topic at `position` contains the term numbered `termNumber`: a binary search,
    /// as each term's postings are in topic order.
    func topic(_ position: Int, hasTermNumber termNumber: Int) -> Bool {
        let list = postings[termNumber]
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if Int(list[middle].topic) < position { low = middle + 1 } else { high = middle }
        }
        return low < list.count && Int(list[low].topic) == position
    }

    /// The inverse document frequency of a term, or 0 when no topic has it.
    func idf(of term: String) -> Double { termNumbers[term].map { idf[$0] } ?? 0 }
}

extension TopicIndex: SnapshotCodable {
    // Stored as columns: the terms in number order, then the postings as packed counts and
    // topics and raw weights, so the tens of thousands of postings are read in a few passes
    // instead of three numbers at a time.
    init(from reader: inout SnapshotReader) throws(SnapshotError) {
        let terms: [String] = try reader.read()
        termNumbers.reserveCapacity(terms.count)
        for (number, term) in terms.enumerated() {
            guard termNumbers.updateValue(number, forKey: term) == nil else { throw SnapshotError("the term \(term) is numbered twice") }
        }
        let postingCounts: [Int] = try reader.readPacked()
        let topics = try reader.skipPacked(), weights = try reader.skipDoubles(), coverages = try reader.skipDoubles()
        guard weights.count == topics.count, coverages.count == topics.count else {
            throw SnapshotError("the topic index's posting columns differ in length")
        }
        // Each term's postings are made straight from the columns: an array of all the postings
        // first would, for a large base, double the index's memory while it is read.
        postings.reserveCapacity(postingCounts.count)
        var next = 0
        for count in postingCounts {
            guard count <= topics.count - next else { throw SnapshotError("the topic index's posting counts exceed its postings") }
            var list: [Posting] = []
            list.reserveCapacity(count)
            for index in next..<(next + count) {
                guard let topic = Int32(exactly: reader.value(in: topics, at: index)) else {
                    throw SnapshotError("a posting's topic number does not fit")
                }
                list.append(Posting(topic: topic, weight: reader.double(in: weights, at: index), coverage: reader.double(in: coverages, at: index)))
            }
            postings.append(list)
            next += count
        }
        guard next == topics.count else { throw SnapshotError("the topic index's posting counts fall short of its postings") }
        idf = try reader.readDoubles()
        unknownIDF = try reader.read()
        questionPostings = try reader.readNested()
        questionTopic = try reader.readPacked()
        questionNorm = try reader.readDoubles()
        guard postings.count == idf.count, questionPostings.count == idf.count, questionNorm.count == questionTopic.count,
              terms.count == idf.count else {
            throw SnapshotError("the topic index's tables do not fit together")
        }
    }

    func write(to writer: inout SnapshotWriter) {
        var terms = [String](repeating: "", count: termNumbers.count)
        for (term, number) in termNumbers { terms[number] = term }
        writer.write(terms)
        // Each column is read off the postings as it is written: for a large base, arrays of
        // every posting first raised the peak memory of compiling it by tens of megabytes.
        let all = postings.joined()
        writer.writePacked(postings.lazy.map { Int64($0.count) })
        writer.writePacked(all.lazy.map(\.topic))
        writer.writeDoubles(all.lazy.map(\.weight))
        writer.writeDoubles(all.lazy.map(\.coverage))
        writer.writeDoubles(idf)
        writer.write(unknownIDF)
        writer.writeNested(questionPostings)
        writer.writePacked(questionTopic)
        writer.writeDoubles(questionNorm)
    }
}
