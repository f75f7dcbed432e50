import SpasmCore

/// The knowledge base compiled into the binary; its `files` are generated at build time.
public enum EmbeddedKnowledge {}
