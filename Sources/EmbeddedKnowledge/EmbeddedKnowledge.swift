import FoundationEssentials
import SpasmCore

/// The knowledge base compiled into the binary; its `files` are generated at build time.
public enum EmbeddedKnowledge {
    /// The built-in base: the form compiled at build time when there is one, else the files
    /// loaded and validated now (which reports their problems).
    public static func load() -> Result<KnowledgeBase, KnowledgeErrors> {
        if let base = try? compiledBase() { return .success(base) }
        return KnowledgeLoader().load(files)
    }

    /// The base as loaded and validated at build time; nil when the files did not load then.
    public static func compiledBase() throws -> KnowledgeBase? {
        guard let compiledBase64 else { return nil }
        guard let data = Data(base64Encoded: compiledBase64) else {
            throw CompactCodingError("the compiled knowledge base is not valid base64")
        }
        return try KnowledgeBase(compiled: [UInt8](data))
    }
}
