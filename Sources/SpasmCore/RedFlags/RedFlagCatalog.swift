/// How urgently a person should get care, in rising order.
public enum EscalationLevel: String, Sendable, Hashable, Comparable, CaseIterable {
    case none
    case seeDoctor = "see-doctor"
    case urgent
    case emergency

    private var rank: Int {
        switch self {
        case .none: 0
        case .seeDoctor: 1
        case .urgent: 2
        case .emergency: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A symptom or circumstance the detector looks for, with the ways people say it.
public struct RedFlagFinding: Sendable, Hashable {
    public var id: String
    /// Phrases that report it, in lay words; matched as whole phrases after normalising.
    public var phrases: [String]
}

/// A warning sign: a combination of findings, the level it calls for and what to tell the person.
public struct RedFlagRule: Sendable, Hashable {
    public var id: String
    public var level: EscalationLevel
    /// Groups of finding ids: the rule holds when every group has at least one finding present.
    public var when: [[String]]
    /// What it may be and what to do now, in plain words; `{emergency}` is the emergency number.
    public var message: String
    public var sources: [String]
    /// The topic that answers about this warning sign, given after the warning when the message
    /// reported symptoms rather than asked something else.
    public var topic: String? = nil
    /// Findings that count towards the rule even when told in the past: a long-standing back
    /// problem is still the back ("I had sciatica years ago, and now I can't pee").
    public var history: [String]? = nil
}

/// The red-flag findings and rules of a knowledge base.
public struct RedFlagCatalog: Sendable, Hashable {
    public var findings: [RedFlagFinding]
    public var rules: [RedFlagRule]
    /// Findings that are circumstances, not signs (a calf, a workout, heat, a cramp itself): a
    /// question that asks about them alone asks about no warning sign.
    public var circumstances: [String]

    public init(findings: [RedFlagFinding] = [], rules: [RedFlagRule] = [], circumstances: [String] = []) {
        self.findings = findings
        self.rules = rules
        self.circumstances = circumstances
    }
}
