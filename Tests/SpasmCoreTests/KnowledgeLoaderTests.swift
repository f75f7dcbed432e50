import EmbeddedKnowledge
import Foundation
import Testing

@testable import SpasmCore

/// Reads the knowledge fixtures and builds broken variants of the valid folder in code.
enum KnowledgeFixtures {
    /// `Tests/SpasmCoreTests/Fixtures/knowledge`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/knowledge")

    /// Every `.yaml` file under a fixture folder, with paths relative to it, as the console reads them.
    static func folder(_ name: String) throws -> [KnowledgeFile] {
        let base = root.appendingPathComponent(name).standardizedFileURL
        let walker = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
        var files: [KnowledgeFile] = []
        while let url = walker.nextObject() as? URL {
            guard url.pathExtension == "yaml" else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            files.append(KnowledgeFile(path: relative, text: try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The valid folder with one file replaced (or added), and optionally some files removed.
    static func valid(replacing path: String? = nil, with text: String = "", removing removed: [String] = []) throws -> [KnowledgeFile] {
        var files = try folder("valid").filter { !removed.contains($0.path) }
        if let path {
            files.removeAll { $0.path == path }
            files.append(KnowledgeFile(path: path, text: text))
        }
        return files
    }

    /// The 1-based line of the first line of `text` that contains `marker`.
    static func line(of marker: String, in text: String) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains(marker) }, "marker \(marker) not in the fixture")
        return index + 1
    }

    /// The problems of a load that must fail.
    static func problems(_ files: [KnowledgeFile]) -> [KnowledgeProblem] {
        switch KnowledgeLoader().load(files) {
        case .success: return []
        case .failure(let errors): return errors.problems
        }
    }

    /// A topics file with one valid topic whose lines can be replaced by the caller.
    static func topicsFile(
        id: String = "cramp-causes",
        questions: String = "[what causes cramps?, why do I get cramps, what brings on a charley horse, cramp causes]",
        answer: String? = "Cramps often follow overuse or dehydration.",
        extraLines: String = "",
        related: String = "[pad-treatment]",
        subject: String = "cramps",
        facet: String = "causes",
        sources: String = "[leaflet]"
    ) -> String {
        var text = """
            topics:
              - id: \(id)
                title: What causes muscle cramps
                subject: \(subject)
                facet: \(facet)
                questions: \(questions)

            """
        if let answer { text += "    answer: \(answer)\n" }
        text += extraLines
        text += "    related: \(related)\n    sources: \(sources)\n"
        text += """
              - id: pad-treatment
                title: How peripheral artery disease is treated
                subject: pad
                facet: treatment
                questions: [how is PAD treated?, what is the treatment for PAD, can PAD be cured, is there surgery for PAD]
                answer: Exercise, quitting smoking, angioplasty or bypass surgery.
                sources: [leaflet]

            """
        return text
    }
}

/// The strict loader: every kind of problem is named with its file and line, all at once.
@Suite("Knowledge loader")
struct KnowledgeLoaderTests {
    typealias Fixtures = KnowledgeFixtures
    static let topicsPath = "topics/cramps.yaml"

    /// Loads and expects exactly one problem, returning it.
    private func onlyProblem(_ files: [KnowledgeFile], sourceLocation: SourceLocation = #_sourceLocation) throws -> KnowledgeProblem {
        let problems = Fixtures.problems(files)
        #expect(problems.count == 1, "expected one problem, got: \(problems)", sourceLocation: sourceLocation)
        return try #require(problems.first, sourceLocation: sourceLocation)
    }

    @Test("the valid fixture folder loads with everything in it")
    func validFolderLoads() throws {
        let base = try KnowledgeLoader().load(Fixtures.folder("valid")).get()
        #expect(base.topics.map(\.id).sorted() == ["cramp-causes", "pad-treatment"])
        #expect(base.sources.map(\.id) == ["leaflet"])
        #expect(Set(base.subjects.map(\.id)) == ["cramps", "pad"])
        #expect(Set(base.facets.map(\.id)) == ["causes", "treatment"])
        #expect(base.concepts.first { $0.id == "cramp" }?.terms == ["cramp", "cramps", "charley horse"])
        #expect(base.responses.emergencyNumber == "999")
        #expect(base.responses.fill(base.responses.reminder) == "Remember to call 999.")
        #expect(base.redFlags.rules.map(\.id) == ["heart"])
        #expect(base.redFlags.rules.first?.level == .emergency)
        #expect(base.topicsByID["pad-treatment"]?.more == "", "an optional key left out is empty")
        #expect(base.sourceTitles(of: try #require(base.topicsByID["cramp-causes"])) == ["A leaflet about cramps"])
    }

    @Test("an unknown key is reported at its line with the allowed keys")
    func unknownKey() throws {
        let text = Fixtures.topicsFile(extraLines: "    colour: red\n")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "colour: red", in: text)))
        #expect(problem.message.contains("unknown key 'colour'"))
        #expect(problem.message.contains("answer"), "the message lists the allowed keys")
    }

    @Test("a duplicate topic id is reported at the second entry, naming the first")
    func duplicateTopicID() throws {
        let text = Fixtures.topicsFile(id: "pad-treatment", related: "[]")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let entryLines = lines.indices.filter { lines[$0].contains("- id: pad-treatment") }.map { $0 + 1 }
        #expect(entryLines.count == 2)
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == entryLines.last)
        #expect(problem.message.contains("duplicate topic id 'pad-treatment'"))
        #expect(problem.message.contains("\(Self.topicsPath):\(entryLines[0])"), "the message names where the first one is")
    }

    @Test("a duplicate id across two files is reported in the later file")
    func duplicateSourceAcrossFiles() throws {
        let extra = "sources:\n  - id: leaflet\n    title: Another\n    publisher: Someone\n"
        let problem = try onlyProblem(Fixtures.valid(replacing: "zz-more-sources.yaml", with: extra))
        #expect(problem.file == "zz-more-sources.yaml")
        #expect(problem.line == 2)
        #expect(problem.message.contains("duplicate source id 'leaflet'"))
        #expect(problem.message.contains("sources.yaml:3"))
    }

    @Test("a topic without an answer is reported at the topic")
    func missingAnswer() throws {
        let text = Fixtures.topicsFile(answer: nil)
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "- id: cramp-causes", in: text)))
        #expect(problem.message.contains("missing 'answer'"))
    }

    @Test("an answer of 91 words is too long; 90 is allowed")
    func overLongAnswer() throws {
        let ninetyOne = Array(repeating: "word", count: 91).joined(separator: " ")
        let text = Fixtures.topicsFile(answer: ninetyOne)
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "answer: word", in: text)))
        #expect(problem.message.contains("91 words"))
        #expect(problem.message.contains("90"))

        let ninety = Array(repeating: "word", count: 90).joined(separator: " ")
        let fine = Fixtures.topicsFile(answer: ninety)
        #expect(Fixtures.problems(try Fixtures.valid(replacing: Self.topicsPath, with: fine)).isEmpty)
    }

    @Test("a topic with three questions is reported at its questions")
    func tooFewQuestions() throws {
        let text = Fixtures.topicsFile(questions: "[what causes cramps?, why do I get cramps, cramp causes]")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "questions: [what causes cramps?, why", in: text)))
        #expect(problem.message.contains("3 example questions"))
        #expect(problem.message.contains("at least 4"))
    }

    @Test("a source id that does not exist is reported at the topic's sources")
    func danglingSource() throws {
        let text = Fixtures.topicsFile(sources: "[leaflet, pamphlet]")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "sources: [leaflet, pamphlet]", in: text)))
        #expect(problem.message.contains("topic cramp-causes names source 'pamphlet', which does not exist"))
        #expect(problem.message.contains("leaflet"), "the message offers the ids that exist")
    }

    @Test("a related topic that does not exist is reported at related")
    func danglingRelated() throws {
        let text = Fixtures.topicsFile(related: "[pad-treatment, pad-surgery]")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "related: [pad-treatment, pad-surgery]", in: text)))
        #expect(problem.message.contains("topic 'pad-surgery', which does not exist"))
    }

    @Test("a subject that does not exist is reported at subject")
    func danglingSubject() throws {
        let text = Fixtures.topicsFile(subject: "kidneys")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "subject: kidneys", in: text)))
        #expect(problem.message.contains("subject 'kidneys', which does not exist"))
    }

    @Test("a facet that does not exist is reported at facet")
    func danglingFacet() throws {
        let text = Fixtures.topicsFile(facet: "prognosis")
        let problem = try onlyProblem(Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.file == Self.topicsPath)
        #expect(problem.line == (try Fixtures.line(of: "facet: prognosis", in: text)))
        #expect(problem.message.contains("facet 'prognosis', which does not exist"))
    }

    @Test("a red-flag rule naming a finding that does not exist is reported at its group")
    func danglingFinding() throws {
        let text = """
            findings:
              - id: chest-pain
                phrases: [chest pain]
            rules:
              - id: heart
                level: emergency
                when:
                  - [chest-pain]
                  - [short-of-breath]
                message: Call {emergency} now.
                sources: [leaflet]

            """
        let problem = try onlyProblem(Fixtures.valid(replacing: "redflags.yaml", with: text))
        #expect(problem.file == "redflags.yaml")
        #expect(problem.line == (try Fixtures.line(of: "[short-of-breath]", in: text)))
        #expect(problem.message.contains("rule heart names finding 'short-of-breath', which does not exist"))
    }

    @Test("a rule's history naming a finding that does not exist is reported")
    func danglingHistoryFinding() throws {
        let text = """
            findings:
              - id: chest-pain
                phrases: [chest pain]
            rules:
              - id: heart
                level: emergency
                when: [[chest-pain]]
                history: [old-heart]
                message: Call {emergency} now.
                sources: [leaflet]

            """
        let problem = try onlyProblem(Fixtures.valid(replacing: "redflags.yaml", with: text))
        #expect(problem.file == "redflags.yaml")
        #expect(problem.message.contains("rule heart names finding 'old-heart', which does not exist"))
    }

    @Test("a rule with an unknown level is reported at level")
    func unknownRuleLevel() throws {
        let text = """
            findings:
              - id: chest-pain
                phrases: [chest pain]
            rules:
              - id: heart
                level: panic
                when: [[chest-pain]]
                message: Call {emergency} now.
                sources: [leaflet]

            """
        let problem = try onlyProblem(Fixtures.valid(replacing: "redflags.yaml", with: text))
        #expect(problem.file == "redflags.yaml")
        #expect(problem.line == 6)
        #expect(problem.message.contains("level 'panic'"))
    }

    @Test("a term in two synonym sets is reported at the second set")
    func overlappingSynonymSets() throws {
        let text = """
            concepts:
              - id: cramp
                terms: [cramp, cramps, charley horse]
              - id: spasm
                terms: [spasm, Charley Horses]
              - id: artery
                terms: [artery, arteries]

            """
        let problem = try onlyProblem(Fixtures.valid(replacing: "concepts.yaml", with: text))
        #expect(problem.file == "concepts.yaml")
        #expect(problem.line == (try Fixtures.line(of: "- id: spasm", in: text)))
        #expect(problem.message.contains("'Charley Horses' of concept spasm is also in concept cramp"),
                "terms are compared after normalising and stemming")
        #expect(problem.message.contains("concepts.yaml:2"))
    }

    /// The problems of one file, expecting exactly one; a file that does not parse also leaves
    /// its sections undefined, which other files' references then report.
    private func onlyProblem(in path: String, of files: [KnowledgeFile], sourceLocation: SourceLocation = #_sourceLocation) throws -> KnowledgeProblem {
        let problems = Fixtures.problems(files).filter { $0.file == path }
        #expect(problems.count == 1, "expected one problem in \(path), got: \(problems)", sourceLocation: sourceLocation)
        return try #require(problems.first, sourceLocation: sourceLocation)
    }

    @Test("a colon inside a plain value is a YAML error at its line")
    func yamlSyntaxError() throws {
        let text = """
            sources:
              - id: leaflet
                title: Cramps: a leaflet
                publisher: Test Publisher
            """
        let problem = try onlyProblem(in: "sources.yaml", of: Fixtures.valid(replacing: "sources.yaml", with: text))
        #expect(problem.line == 3)
        #expect(problem.message.hasPrefix("YAML error:"))
        #expect(problem.message.contains("mapping values"), "the parser's own words are kept: \(problem.message)")
    }

    @Test("a YAML error in one file does not hide the problems of the others")
    func yamlErrorAmongOthers() throws {
        var files = try Fixtures.valid(replacing: "notes.yaml", with: "sources:\n  - id: x\n    title: a: b\n")
        files.removeAll { $0.path == "facets.yaml" }
        let problems = Fixtures.problems(files)
        #expect(problems.contains { $0.file == "notes.yaml" && $0.line == 3 && $0.message.hasPrefix("YAML error:") }, "\(problems)")
        #expect(problems.contains { $0.message.contains("no file defines 'facets'") }, "\(problems)")
    }

    @Test("a bad indentation is reported at the line where it goes wrong")
    func yamlIndentationError() throws {
        let text = """
            sources:
              - id: leaflet
                title: A leaflet about cramps
               publisher: Test Publisher
            """
        let problem = try onlyProblem(in: "sources.yaml", of: Fixtures.valid(replacing: "sources.yaml", with: text))
        #expect(problem.line == 4)
        #expect(problem.message.hasPrefix("YAML error:"))
    }

    @Test("a key written twice in one mapping is reported at that key, not the top of the file")
    func duplicateYAMLKey() throws {
        let text = Fixtures.topicsFile(extraLines: "    answer: A second answer.\n")
        let problem = try onlyProblem(in: Self.topicsPath, of: Fixtures.valid(replacing: Self.topicsPath, with: text))
        #expect(problem.message.contains("duplicate keys answer"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let answerLines = lines.indices.filter { lines[$0].hasPrefix("    answer:") }.map { $0 + 1 }.prefix(2)
        #expect(answerLines.contains(problem.line), "expected one of the lines \(Array(answerLines)), got \(problem.line)")
    }

    @Test("a folder without responses names the missing section")
    func missingResponsesSection() throws {
        let problem = try onlyProblem(Fixtures.valid(removing: ["responses.yaml"]))
        #expect(problem.file == "(knowledge)")
        #expect(problem.line == 1)
        #expect(problem.message.contains("no file defines 'responses'"))
    }

    @Test("a folder without sources names the missing section and every dangling source")
    func missingSourcesSection() throws {
        let problems = Fixtures.problems(try Fixtures.valid(removing: ["sources.yaml"]))
        #expect(problems.contains { $0.file == "(knowledge)" && $0.message.contains("no file defines 'sources'") })
        #expect(problems.filter { $0.message.contains("source 'leaflet', which does not exist") }.count == 3,
                "two topics and one rule cite the missing source: \(problems)")
    }

    @Test("responses missing a key name it")
    func missingResponseKey() throws {
        let original = try #require(try Fixtures.folder("valid").first { $0.path == "responses.yaml" }).text
        let text = original.split(separator: "\n").filter { !$0.contains("no_more:") }.joined(separator: "\n")
        let problem = try onlyProblem(Fixtures.valid(replacing: "responses.yaml", with: text))
        #expect(problem.file == "responses.yaml")
        #expect(problem.line == 2, "reported at the responses mapping")
        #expect(problem.message.contains("missing 'no_more'"))
    }

    @Test("an empty file is a problem of its own")
    func emptyFile() throws {
        let problem = try onlyProblem(Fixtures.valid(replacing: "notes.yaml", with: "# nothing yet\n"))
        #expect(problem.file == "notes.yaml")
        #expect(problem.line == 1)
        #expect(problem.message.contains("empty"))
    }

    @Test("an unknown top-level key is reported at its line")
    func unknownTopLevelKey() throws {
        let problems = Fixtures.problems(try Fixtures.valid(replacing: "extra.yaml", with: "glossary:\n  - word\n"))
        #expect(problems.allSatisfy { $0.file == "extra.yaml" }, "\(problems)")
        #expect(problems.contains { $0.line == 1 && $0.message.contains("unknown key 'glossary'") }, "\(problems)")
    }

    @Test("the broken folder reports all three of its problems at once")
    func everyProblemAtOnce() throws {
        let files = try Fixtures.folder("broken")
        let text = try #require(files.first { $0.path == "topics.yaml" }).text
        let problems = Fixtures.problems(files)
        #expect(problems.count == 3, "\(problems)")
        let byLine = Dictionary(grouping: problems, by: \.line)
        #expect(problems.allSatisfy { $0.file == "topics.yaml" })
        #expect(byLine[try Fixtures.line(of: "colour: red", in: text)]?.first?.message.contains("unknown key 'colour'") == true)
        #expect(byLine[try Fixtures.line(of: "questions: [how do I stop", in: text)]?.first?.message.contains("2 example questions") == true)
        #expect(byLine[try Fixtures.line(of: "sources: [pamphlet]", in: text)]?.first?.message.contains("source 'pamphlet'") == true)
        let description = KnowledgeErrors(problems: problems).description
        #expect(description.split(separator: "\n").allSatisfy { $0.hasPrefix("topics.yaml:") }, "each problem prints as file:line: message")
    }
}

/// The knowledge base compiled into the binary.
@Suite("Embedded knowledge base")
struct EmbeddedKnowledgeTests {
    static let clinicNames = ["Healthpointe", "Lakeland", "Mobility Bone", "Neuro Spine", "Key West", "Henry County", "Colton"]

    static func base() throws -> KnowledgeBase {
        switch KnowledgeLoader().load(EmbeddedKnowledge.files) {
        case .success(let base): return base
        case .failure(let errors):
            Issue.record("the embedded knowledge base has problems:\n\(errors)")
            throw errors
        }
    }

    @Test("loads with no problems and at least 60 topics")
    func loads() throws {
        let base = try Self.base()
        #expect(base.topics.count >= 60)
        #expect(!base.concepts.isEmpty)
        #expect(!base.subjects.isEmpty && !base.facets.isEmpty)
    }

    @Test("the form compiled at build time is the base the YAML files load into")
    func compiledMatchesFiles() throws {
        let fromFiles = try Self.base()
        let built = try #require(try EmbeddedKnowledge.compiledBase(), "the build compiled the base")
        #expect(built == fromFiles)
        #expect(built.topicsByID.count == fromFiles.topicsByID.count && built.sourcesByID.count == fromFiles.sourcesByID.count)
        var changed = fromFiles
        changed.redFlags.rules[0].message += " changed"
        #expect(try KnowledgeBase(compiled: changed.compiled()) == changed, "the compiled form keeps every field")
        #expect(changed != fromFiles, "equality sees a changed field")
    }

    @Test("every topic has at least four questions and a short answer")
    func topicShape() throws {
        for topic in try Self.base().topics {
            #expect(topic.questions.count >= KnowledgeLoader.minimumQuestions, "\(topic.id)")
            let words = topic.answer.split(whereSeparator: \.isWhitespace).count
            #expect(words <= KnowledgeLoader.maximumAnswerWords, "\(topic.id) has \(words) words")
            #expect(!topic.sources.isEmpty, "\(topic.id) cites no source")
        }
    }

    @Test("no answer or detail names a clinic")
    func noClinicNames() throws {
        for topic in try Self.base().topics {
            for name in Self.clinicNames {
                #expect(topic.answer.range(of: name, options: .caseInsensitive) == nil, "\(topic.id) answer names \(name)")
                #expect(topic.more.range(of: name, options: .caseInsensitive) == nil, "\(topic.id) more names \(name)")
            }
        }
    }
}
