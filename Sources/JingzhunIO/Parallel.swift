import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Work spread over every core with results in index order, whatever order the workers ran in
/// (so outputs never depend on scheduling).
public enum Parallel {
    /// `body(0) … body(count − 1)`, run by `DispatchQueue.concurrentPerform`.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = IndexedSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
        return slots.values()
    }
}

/// One slot per index, each written once by one worker and read after every worker has
/// finished (`concurrentPerform` returning, or the call that ran the workers). Distinct slots
/// are distinct memory, so the writes need no lock.
public final class IndexedSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>

    public init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    public func set(_ index: Int, _ value: T) { storage[index] = value }

    /// Every slot's value. - Precondition: every slot was set.
    public func values() -> [T] { storage.map { $0! } }
}

/// A value guarded by a pthread mutex (the Synchronization module's `Mutex` needs macOS 15;
/// the package supports macOS 13).
public final class Locked<Value>: @unchecked Sendable {  // `value` guarded by `mutex`
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<R>(_ body: (inout Value) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&value)
    }
}
