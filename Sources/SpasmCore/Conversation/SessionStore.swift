/// Many conversations at once, keyed by session id, with bounded memory.
///
/// The least recently used session is evicted when the store is full, and sessions idle past
/// the expiry are dropped. Recency is kept in a queue of (id, use) stamps: each use appends a
/// stamp and stale stamps are skipped when they reach the front, so every operation costs
/// amortised O(1) instead of a scan of all sessions.
public struct SessionStore: Sendable {
    /// The most sessions kept at once.
    public let capacity: Int
    /// Seconds a session may stay unused before it is forgotten.
    public let idleExpiry: Double

    private struct Entry: Sendable {
        var state: SessionState
        var lastUse: Int
        var lastTime: Double
    }

    private var sessions: [String: Entry] = [:]
    private var queue: [(id: String, use: Int)] = []
    private var queueHead = 0
    private var uses = 0

    public init(capacity: Int = 10_000, idleExpiry: Double = 3600) {
        self.capacity = max(1, capacity)
        self.idleExpiry = idleExpiry
    }

    /// How many sessions are live.
    public var count: Int { sessions.count }

    /// Runs `body` on the session's state (a new one if unknown or expired) at time `now`, in seconds.
    public mutating func withSession<Result>(
        _ id: String, now: Double, _ body: (inout SessionState) -> Result
    ) -> Result {
        expire(now: now)
        uses += 1
        var entry = sessions.removeValue(forKey: id) ?? Entry(state: SessionState(), lastUse: uses, lastTime: now)
        let result = body(&entry.state)
        entry.lastUse = uses
        entry.lastTime = now
        sessions[id] = entry
        queue.append((id, uses))
        while sessions.count > capacity, let oldest = popOldest() { sessions.removeValue(forKey: oldest) }
        compactIfNeeded()
        return result
    }

    /// The state of a session, if it is live.
    public func state(of id: String) -> SessionState? { sessions[id]?.state }

    /// Drops sessions idle for longer than the expiry.
    public mutating func expire(now: Double) {
        while queueHead < queue.count {
            let stamp = queue[queueHead]
            guard let entry = sessions[stamp.id], entry.lastUse == stamp.use else {
                queueHead += 1
                continue
            }
            guard now - entry.lastTime > idleExpiry else { break }
            sessions.removeValue(forKey: stamp.id)
            queueHead += 1
        }
    }

    /// The id of the least recently used live session, removed from the queue.
    private mutating func popOldest() -> String? {
        while queueHead < queue.count {
            let stamp = queue[queueHead]
            queueHead += 1
            if sessions[stamp.id]?.lastUse == stamp.use { return stamp.id }
        }
        return nil
    }

    /// Drops stale stamps once they outnumber live ones, keeping the queue proportional to the sessions.
    private mutating func compactIfNeeded() {
        guard queue.count > 64, queue.count > 2 * sessions.count + queueHead / 2 || queueHead > queue.count / 2 else { return }
        queue = queue[queueHead...].filter { sessions[$0.id]?.lastUse == $0.use }
        queueHead = 0
    }
}
