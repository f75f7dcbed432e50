import SpasmCore

/// The knowledge base compiled into the binary; its `files` are generated at build time.
public enum EmbeddedKnowledge {
    /// The built-in assistant: the one compiled at build time when there is one, else built now
    /// from the files, loaded and validated now (which reports their problems).
    public static func assistant() -> Result<Assistant, KnowledgeErrors> {
        if let assistant = try? compiledAssistant() { return .success(assistant) }
        return KnowledgeLoader().load(files).map { Assistant(knowledge: $0) }
    }

    /// The built-in base: the one compiled at build time when there is one, else the files
    /// loaded and validated now (which reports their problems).
    public static func load() -> Result<KnowledgeBase, KnowledgeErrors> {
        if let base = try? compiledBase() { return .success(base) }
        return KnowledgeLoader().load(files)
    }

    /// The assistant as built at build time; nil when the files did not load then.
    public static func compiledAssistant() throws -> Assistant? {
        try compiledBytes().map { try Assistant(compiled: $0) }
    }

    /// The base as loaded and validated at build time; nil when the files did not load then.
    public static func compiledBase() throws -> KnowledgeBase? {
        try compiledBytes().map { try Assistant.knowledge(inCompiled: $0) }
    }

    private static func compiledBytes() throws -> [UInt8]? {
        guard let compiled = compiledAssistantLiteral else { return nil }
        guard let bytes = compiled.text.withUTF8Buffer({ LiteralBytes.bytes(ofUTF8: $0, count: compiled.count) }) else {
            throw SnapshotError("the compiled assistant is not LiteralBytes text")
        }
        return bytes
    }
}
