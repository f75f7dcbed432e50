import Foundation
import Yams

/// Builds a validated knowledge base from YAML files, or reports every problem at once.
///
/// A file's top-level keys say what it holds (`topics`, `concepts`, `sources`, ...), so the
/// folder can be split into files by concern as its editors see fit.
public struct KnowledgeLoader: Sendable {
    /// The longest short answer allowed, in words; longer detail belongs in `more`.
    public static let maximumAnswerWords = 90
    /// The fewest example questions a topic may have.
    public static let minimumQuestions = 4

    static let topLevelKeys = ["sources", "topics", "concepts", "subjects", "facets", "responses", "findings", "rules", "refuse", "circumstances"]

    public init() {}

    /// Loads the files, returning the knowledge base or all the problems found.
    public func load(_ files: [KnowledgeFile]) -> Result<KnowledgeBase, KnowledgeErrors> {
        var state = LoadState()
        for file in files.sorted(by: { $0.path < $1.path }) {
            var reader = YAMLReader(file: file.path)
            state.read(file, with: &reader)
            state.problems += reader.problems
        }
        state.validate()
        if !state.problems.isEmpty {
            return .failure(KnowledgeErrors(problems: state.problems))
        }
        let catalog = RedFlagCatalog(findings: state.findings.map(\.value), rules: state.rules.map(\.value),
                                     circumstances: state.circumstances)
        return .success(KnowledgeBase(
            sources: state.sources.map(\.value), topics: state.topics.map(\.value),
            concepts: state.concepts.map(\.value), subjects: state.subjects.map(\.value),
            facets: state.facets.map(\.value), responses: state.responses ?? Responses(),
            redFlags: catalog, refusalCues: state.refusalCues))
    }
}

/// Where an entry was written, for problem reports.
private struct Origin {
    var file: String
    var line: Int
    var text: String { "\(file):\(line)" }
}

/// An entry read from a file, with its origin.
private struct Located<Value> {
    var value: Value
    var origin: Origin
}

/// What has been read so far, and the problems found.
private struct LoadState {
    var sources: [Located<Source>] = []
    var topics: [Located<Topic>] = []
    var concepts: [Located<Concept>] = []
    var subjects: [Located<FrameValue>] = []
    var facets: [Located<FrameValue>] = []
    var findings: [Located<RedFlagFinding>] = []
    var rules: [Located<RedFlagRule>] = []
    var responses: Responses?
    var refusalCues: [String] = []
    var circumstances: [String] = []
    var responsesOrigin: Origin?
    var problems: [KnowledgeProblem] = []
    /// Lines of individual cross-references, checked once everything is read.
    var references: [(kind: String, id: String, origin: Origin, what: String)] = []

    mutating func read(_ file: KnowledgeFile, with reader: inout YAMLReader) {
        guard let root = reader.compose(file.text) else {
            if reader.problems.isEmpty {
                reader.report(line: 1, "the file is empty; add content or delete it")
            }
            return
        }
        guard let top = reader.fields(of: root, what: "the file", allowed: KnowledgeLoader.topLevelKeys) else { return }
        if top.isEmpty { reader.report(root, "the file has none of the keys \(KnowledgeLoader.topLevelKeys.joined(separator: ", "))") }
        func origin(_ node: Node) -> Origin { Origin(file: reader.file, line: reader.line(of: node)) }

        for entry in reader.list(top["sources"], what: "sources") ?? [] {
            guard let f = reader.fields(of: entry, what: "a source", allowed: ["id", "title", "publisher", "file", "url"], required: ["id", "title", "publisher"]),
                  let id = reader.string(f["id"], what: "id"), let title = reader.string(f["title"], what: "title"),
                  let publisher = reader.string(f["publisher"], what: "publisher") else { continue }
            let location = reader.string(f["file"], what: "file") ?? reader.string(f["url"], what: "url")
            sources.append(Located(value: Source(id: id, title: title, publisher: publisher, file: location), origin: origin(entry)))
        }

        for entry in reader.list(top["topics"], what: "topics") ?? [] {
            let keys = ["id", "title", "subject", "facet", "questions", "keywords", "answer", "more", "related", "sources"]
            guard let f = reader.fields(of: entry, what: "a topic", allowed: keys, required: ["id", "title", "subject", "facet", "questions", "answer", "sources"]),
                  let id = reader.string(f["id"], what: "id") else { continue }
            let at = origin(entry)
            let topic = Topic(
                id: id,
                title: reader.string(f["title"], what: "title of \(id)") ?? "",
                subject: reader.string(f["subject"], what: "subject of \(id)") ?? "",
                facet: reader.string(f["facet"], what: "facet of \(id)") ?? "",
                questions: reader.strings(f["questions"], what: "questions of \(id)") ?? [],
                keywords: reader.strings(f["keywords"], what: "keywords of \(id)") ?? [],
                answer: reader.string(f["answer"], what: "answer of \(id)") ?? "",
                more: reader.string(f["more"], what: "more of \(id)") ?? "",
                related: reader.strings(f["related"], what: "related of \(id)") ?? [],
                sources: reader.strings(f["sources"], what: "sources of \(id)") ?? [])
            let answerWords = topic.answer.split(whereSeparator: \.isWhitespace).count
            if answerWords > KnowledgeLoader.maximumAnswerWords {
                reader.report(f["answer"], "the answer of \(id) has \(answerWords) words; keep it to \(KnowledgeLoader.maximumAnswerWords) or fewer and move detail into 'more'")
            }
            if f["questions"] != nil && topic.questions.count < KnowledgeLoader.minimumQuestions {
                reader.report(f["questions"], "topic \(id) has \(topic.questions.count) example questions; write at least \(KnowledgeLoader.minimumQuestions)")
            }
            if f["sources"] != nil && topic.sources.isEmpty {
                reader.report(f["sources"], "topic \(id) cites no source; name at least one id from the sources")
            }
            func refs(_ kind: String, _ ids: [String], _ node: Node?) {
                for ref in ids { references.append((kind, ref, origin(node ?? entry), "topic \(id)")) }
            }
            refs("subject", [topic.subject].filter { !$0.isEmpty }, f["subject"])
            refs("facet", [topic.facet].filter { !$0.isEmpty }, f["facet"])
            refs("topic", topic.related, f["related"])
            refs("source", topic.sources, f["sources"])
            topics.append(Located(value: topic, origin: at))
        }

        for entry in reader.list(top["concepts"], what: "concepts") ?? [] {
            guard let f = reader.fields(of: entry, what: "a concept", allowed: ["id", "terms"], required: ["id", "terms"]),
                  let id = reader.string(f["id"], what: "id"), let terms = reader.strings(f["terms"], what: "terms of \(id)") else { continue }
            concepts.append(Located(value: Concept(id: id, terms: terms), origin: origin(entry)))
        }

        for (key, what) in [("subjects", "a subject"), ("facets", "a facet")] {
            for entry in reader.list(top[key], what: key) ?? [] {
                guard let f = reader.fields(of: entry, what: what, allowed: ["id", "name", "cues"], required: ["id", "name", "cues"]),
                      let id = reader.string(f["id"], what: "id"), let name = reader.string(f["name"], what: "name of \(id)"),
                      let cues = reader.strings(f["cues"], what: "cues of \(id)") else { continue }
                let value = Located(value: FrameValue(id: id, name: name, cues: cues), origin: origin(entry))
                if key == "subjects" { subjects.append(value) } else { facets.append(value) }
            }
        }

        if let node = top["responses"] {
            let keys = Responses.keys
            if responses != nil {
                reader.report(node, "responses are already defined at \(responsesOrigin?.text ?? "?"); keep one set")
            } else if let f = reader.fields(of: node, what: "responses", allowed: keys, required: keys) {
                var value = Responses()
                for key in Responses.keys {
                    if let text = reader.string(f[key], what: "response \(key)") { value.assign(text, to: key) }
                }
                responses = value
                responsesOrigin = origin(node)
            }
        }

        refusalCues += reader.strings(top["refuse"], what: "refuse (phrases of questions to decline)") ?? []
        if let node = top["circumstances"] {
            let ids = reader.strings(node, what: "circumstances (finding ids)") ?? []
            for ref in ids { references.append(("finding", ref, origin(node), "circumstances")) }
            circumstances += ids
        }

        for entry in reader.list(top["findings"], what: "findings") ?? [] {
            guard let f = reader.fields(of: entry, what: "a finding", allowed: ["id", "phrases"], required: ["id", "phrases"]),
                  let id = reader.string(f["id"], what: "id"), let phrases = reader.strings(f["phrases"], what: "phrases of \(id)") else { continue }
            findings.append(Located(value: RedFlagFinding(id: id, phrases: phrases), origin: origin(entry)))
        }

        for entry in reader.list(top["rules"], what: "rules") ?? [] {
            guard let f = reader.fields(of: entry, what: "a red-flag rule", allowed: ["id", "level", "when", "message", "sources", "topic", "history"], required: ["id", "level", "when", "message", "sources"]),
                  let id = reader.string(f["id"], what: "id") else { continue }
            let levelText = reader.string(f["level"], what: "level of \(id)") ?? ""
            let level = EscalationLevel(rawValue: levelText)
            if level == nil || level == EscalationLevel.none {
                reader.report(f["level"], "rule \(id) has level '\(levelText)'; use see-doctor, urgent or emergency")
            }
            var groups: [[String]] = []
            for group in reader.list(f["when"], what: "when of \(id)") ?? [] {
                if let ids = reader.strings(group, what: "a group in when of \(id) (a list of finding ids)") {
                    groups.append(ids)
                    for ref in ids { references.append(("finding", ref, origin(group), "rule \(id)")) }
                }
            }
            if f["when"] != nil && groups.isEmpty {
                reader.report(f["when"], "rule \(id) has no findings; list groups such as [[swelling, redness], [calf]]")
            }
            let ruleSources = reader.strings(f["sources"], what: "sources of \(id)") ?? []
            for ref in ruleSources { references.append(("source", ref, origin(f["sources"] ?? entry), "rule \(id)")) }
            let topic = reader.string(f["topic"], what: "topic of \(id)")
            if let topic { references.append(("topic", topic, origin(f["topic"] ?? entry), "rule \(id)")) }
            let history = f["history"] == nil ? nil : reader.strings(f["history"], what: "history of \(id) (finding ids)")
            for ref in history ?? [] { references.append(("finding", ref, origin(f["history"] ?? entry), "rule \(id)")) }
            let rule = RedFlagRule(id: id, level: level ?? .seeDoctor, when: groups,
                                   message: reader.string(f["message"], what: "message of \(id)") ?? "", sources: ruleSources,
                                   topic: topic, history: history)
            rules.append(Located(value: rule, origin: origin(entry)))
        }
    }

    /// Checks what can only be checked with every file read: ids, references and synonym sets.
    mutating func validate() {
        var known: [String: [String: Origin]] = [:]
        func register<T>(_ kind: String, _ entries: [Located<T>], id: (T) -> String) {
            var seen: [String: Origin] = [:]
            for entry in entries {
                let key = id(entry.value)
                if let first = seen[key] {
                    problems.append(KnowledgeProblem(file: entry.origin.file, line: entry.origin.line,
                        message: "duplicate \(kind) id '\(key)' (first at \(first.text)); rename one"))
                } else {
                    seen[key] = entry.origin
                }
            }
            known[kind] = seen
        }
        register("source", sources) { $0.id }
        register("topic", topics) { $0.id }
        register("concept", concepts) { $0.id }
        register("subject", subjects) { $0.id }
        register("facet", facets) { $0.id }
        register("finding", findings) { $0.id }
        register("rule", rules) { $0.id }

        for reference in references where known[reference.kind]?[reference.id] == nil {
            let choices = known[reference.kind].map { Array($0.keys).sorted().prefix(8).joined(separator: ", ") } ?? ""
            problems.append(KnowledgeProblem(file: reference.origin.file, line: reference.origin.line,
                message: "\(reference.what) names \(reference.kind) '\(reference.id)', which does not exist; use one of the \(reference.kind) ids (\(choices)\(choices.isEmpty ? "none defined" : ", ..."))"))
        }

        var owner: [String: (concept: String, origin: Origin)] = [:]
        for entry in concepts {
            for term in entry.value.terms {
                let key = TextNormalizer.termKey(term)
                if let first = owner[key], first.concept != entry.value.id {
                    problems.append(KnowledgeProblem(file: entry.origin.file, line: entry.origin.line,
                        message: "the term '\(term)' of concept \(entry.value.id) is also in concept \(first.concept) (\(first.origin.text)); synonym sets must not overlap, so keep it in one"))
                } else {
                    owner[key] = (entry.value.id, entry.origin)
                }
            }
        }

        let required: [(String, Bool)] = [("sources", sources.isEmpty), ("topics", topics.isEmpty),
                                          ("subjects", subjects.isEmpty), ("facets", facets.isEmpty),
                                          ("responses", responses == nil)]
        for (key, missing) in required where missing {
            problems.append(KnowledgeProblem(file: "(knowledge)", line: 1,
                message: "no file defines '\(key)'; the knowledge folder needs them (see Knowledge/README.md)"))
        }
    }
}
