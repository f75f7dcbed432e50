/// Why a mention of a finding does not count as the person reporting it now.
public enum SuppressionReason: String, Sendable, Hashable {
    case negated
    case hypothetical
    case otherPerson = "other-person"
    case past
}

/// A finding mentioned but not reported as current, and why.
public struct SuppressedMention: Sendable, Hashable {
    public var finding: String
    public var reason: SuppressionReason
}

/// The findings one message reports, and those it mentions without reporting.
public struct SymptomScan: Sendable, Hashable {
    /// Findings the person reports having now.
    public var present: Set<String> = []
    public var suppressed: [SuppressedMention] = []
    /// Whether the message asks in general or "what if" about a warning sign.
    public var isHypothetical: Bool { suppressed.contains { $0.reason == .hypothetical } }
}

/// Finds red-flag findings in a message, with negation, hypotheticals, other people and the past.
public struct RedFlagDetector: Sendable {
    let catalog: RedFlagCatalog
    private let phrases: PhraseTable<String>

    public init(catalog: RedFlagCatalog, analyzer: TextAnalyzer) {
        self.catalog = catalog
        var phrases = PhraseTable<String>()
        for finding in catalog.findings {
            for phrase in finding.phrases { phrases.add(analyzer.stems(of: phrase), finding.id) }
        }
        self.phrases = phrases
    }

    /// The findings of one message.
    public func scan(_ analysis: AnalyzedText) -> SymptomScan {
        var scan = SymptomScan()
        for match in phrases.allMatches(in: analysis.stems) {
            scan.present.insert(match.tag)
        }
        return scan
    }
}

extension RedFlagCatalog {
    /// The rules that hold for a set of findings, highest level first.
    public func rulesHolding(for findings: Set<String>) -> [RedFlagRule] {
        rules.filter { rule in rule.when.allSatisfy { group in group.contains(where: findings.contains) } }
            .sorted { ($1.level, $0.id) < ($0.level, $1.id) }
    }
}
