import EmbeddedKnowledge
import Foundation
import SpasmCore

/// Where the knowledge base comes from: the copy built into the binary, or a folder on disk.
public enum KnowledgeLocation: Sendable, Equatable {
    case embedded
    case folder(String)

    /// The folder named by `--knowledge`, else by `SPASM_KNOWLEDGE`, else the embedded copy.
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        if let option, !option.isEmpty { return .folder(option) }
        if let path = environment["SPASM_KNOWLEDGE"], !path.isEmpty { return .folder(path) }
        return .embedded
    }

    /// The YAML files at this location.
    public func files() throws(KnowledgeErrors) -> [KnowledgeFile] {
        switch self {
        case .embedded:
            return EmbeddedKnowledge.files
        case .folder(let path):
            return try Self.readFolder(path)
        }
    }

    /// Loads and validates the knowledge base.
    public func load() -> Result<KnowledgeBase, KnowledgeErrors> {
        if self == .embedded { return EmbeddedKnowledge.load() }
        do {
            return KnowledgeLoader().load(try files())
        } catch {
            return .failure(error)
        }
    }

    /// The assistant over this location's knowledge base: for the built-in base, the one the
    /// build compiled (indexes included); for a folder, built now from the loaded files.
    public func assistant() -> Result<Assistant, KnowledgeErrors> {
        if self == .embedded { return EmbeddedKnowledge.assistant() }
        return load().map { Assistant(knowledge: $0) }
    }

    /// Reads every `.yaml` and `.yml` file under a folder, with paths relative to it.
    static func readFolder(_ path: String) throws(KnowledgeErrors) -> [KnowledgeFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KnowledgeErrors(problems: [KnowledgeProblem(file: path, line: 1,
                message: "no such folder; pass the knowledge folder with --knowledge DIR")])
        }
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var files: [KnowledgeFile] = []
        var problems: [KnowledgeProblem] = []
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard ["yaml", "yml"].contains(url.pathExtension) else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count)).drop { $0 == "/" }
            if let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) {
                files.append(KnowledgeFile(path: String(relative), text: text))
            } else {
                problems.append(KnowledgeProblem(file: String(relative), line: 1, message: "cannot read the file as UTF-8 text"))
            }
        }
        if files.isEmpty && problems.isEmpty {
            problems.append(KnowledgeProblem(file: path, line: 1, message: "the folder has no .yaml files"))
        }
        guard problems.isEmpty else { throw KnowledgeErrors(problems: problems) }
        return files.sorted { $0.path < $1.path }
    }
}
