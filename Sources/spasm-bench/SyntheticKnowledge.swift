import SpasmConsole

/// Knowledge bases of any size made from the real one, as YAML text, so loading them is real work.
///
/// Topic `i` copies real topic `i mod R` (R real topics). Copies after the first get a new id,
/// `related` links within the same copy, and two invented words (one in the questions, keywords
/// and title, one in the answer and detail), so the vocabulary, the index and the spelling
/// corrector grow with the number of topics as they would with real new content. Subjects,
/// facets, sources and concepts stay the real ones, so every reference stays valid.
enum SyntheticKnowledge {
    /// The real knowledge files with the topic files replaced by one generated file of `size` topics.
    ///
    /// A size below the real number of topics is raised to it: red-flag rules name real topics.
    static func files(size: Int, from real: [KnowledgeFile], topics: [Topic]) -> [KnowledgeFile] {
        let size = max(size, topics.count)
        let kept = real.filter { !$0.text.contains("\ntopics:") && !$0.text.hasPrefix("topics:") }
        return kept + [KnowledgeFile(path: "topics/synthetic.yaml", text: yaml(size: size, topics: topics))]
    }

    /// The id of copy `copy` of a real topic.
    static func id(_ base: String, copy: Int) -> String { copy == 0 ? base : "\(base)-x\(copy)" }

    /// An invented word of eight letters, different for every `number` below 20^4.
    static func word(_ number: Int) -> String {
        let syllables = ["ka", "lo", "mi", "nu", "pe", "ro", "sa", "ti", "vu", "ze",
                         "bo", "du", "fa", "gi", "ho", "ju", "ne", "qi", "wo", "ya"]
        var value = number
        var text = ""
        for _ in 0..<4 {
            text += syllables[value % 20]
            value /= 20
        }
        return text
    }

    static func yaml(size: Int, topics real: [Topic]) -> String {
        let index = Dictionary(real.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var out = "topics:\n"
        out.reserveCapacity(size * 2_000)
        for number in 0..<size {
            var topic = real[number % real.count]
            let copy = number / real.count
            topic.related = topic.related.compactMap { related in
                guard let position = index[related], copy * real.count + position < size else { return nil }
                return id(related, copy: copy)
            }
            topic.id = id(topic.id, copy: copy)
            if copy > 0 {
                let named = word(2 * number)
                let described = word(2 * number + 1)
                topic.title += " " + named
                topic.questions = topic.questions.map { $0 + " " + named }
                topic.keywords.append(named)
                if topic.answer.split(whereSeparator: \.isWhitespace).count < KnowledgeLoader.maximumAnswerWords {
                    topic.answer += " " + described
                }
                topic.more += " " + described
            }
            out += "  - id: \(quote(topic.id))\n"
            out += "    title: \(quote(topic.title))\n"
            out += "    subject: \(quote(topic.subject))\n"
            out += "    facet: \(quote(topic.facet))\n"
            out += "    questions:\n"
            for question in topic.questions { out += "      - \(quote(question))\n" }
            out += "    keywords: [\(topic.keywords.map(quote).joined(separator: ", "))]\n"
            out += "    answer: \(quote(topic.answer))\n"
            out += "    more: \(quote(topic.more))\n"
            out += "    related: [\(topic.related.map(quote).joined(separator: ", "))]\n"
            out += "    sources: [\(topic.sources.map(quote).joined(separator: ", "))]\n"
        }
        return out
    }

    /// A YAML double-quoted scalar.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
