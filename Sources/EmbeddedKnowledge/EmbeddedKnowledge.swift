import SpasmCore

/// The knowledge base compiled into the binary; its `files` are generated at build time.
public enum EmbeddedKnowledge {
    /// The built-in base: the form compiled at build time when there is one, else the files
    /// loaded and validated now (which reports their problems).
    public static func load() -> Result<KnowledgeBase, KnowledgeErrors> {
        if let compiledText, let base = try? KnowledgeBase(compiled: compiledText) {
            return .success(base)
        }
        return KnowledgeLoader().load(files)
    }
}
