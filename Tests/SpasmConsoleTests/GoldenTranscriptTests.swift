import Foundation
import Testing

@testable import SpasmConsole

/// Plays every golden conversation in `Tests/Transcripts` against the embedded knowledge base.
@Suite("Golden transcripts")
struct GoldenTranscriptTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Transcripts")

    /// The `.convo` files, by name.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".convo") }.sorted()
    }()

    @Test("the golden transcripts are there")
    func present() {
        #expect(Self.files.count >= 10, "found \(Self.files)")
    }

    @Test("every expectation holds", arguments: files)
    func transcript(name: String) throws {
        let path = "Tests/Transcripts/\(name)"
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let transcript: Transcript
        switch Transcript.parse(text, file: path) {
        case .success(let parsed): transcript = parsed
        case .failure(let failure):
            for problem in failure.problems { Issue.record("\(problem)") }
            return
        }
        let result = transcript.check(with: ConversationsTests.assistant)
        for mismatch in result.mismatches {
            Issue.record("\(path):\(mismatch.line): \(mismatch.text) — \(mismatch.message)")
        }
        #expect(result.checked > 0, "\(path) checks nothing")
    }
}
