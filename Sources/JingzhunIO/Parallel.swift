import Dispatch
import Synchronization

/// Work spread over every core with results in index order, whatever order the workers ran in
/// (so outputs never depend on scheduling).
public enum Parallel {
    /// `body(0) … body(count − 1)`, run by `DispatchQueue.concurrentPerform`.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
        return slots.values()
    }

    /// Result slots, each written once by one worker, read after all have finished.
    private final class Slots<T: Sendable>: Sendable {
        private let storage: Mutex<[T?]>
        init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }
        func set(_ index: Int, _ value: sending T) { storage.withLock { $0[index] = value } }
        func values() -> [T] { storage.withLock { $0.map { $0! } } }
    }
}
