import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A producer on another thread and a consumer on the calling thread, with at most `depth`
/// values made and not yet taken: reading the next part of the store while the calling thread
/// tallies this one, so that two cores share work that is one after the other in the code.
///
/// The consumer takes the values in the order they were made, so results are those of the
/// plain loop `produce { consume($0) }`, whatever the timing. Failures keep that loop's order
/// too: a failure of the producer is thrown after the consumer has taken every value made
/// before it; a failure of the consumer stops the producer at its next `yield` (which throws
/// `Handoff.Stopped`), and the consumer's error is thrown once the producer has returned.
public enum Handoff {
    /// What `yield` throws in the producer once the consumer has failed: the producer should
    /// let it through (its value is never taken).
    public struct Stopped: Error {}

    /// Runs `produce` on another thread and `consume` on this one (see the type's comment).
    /// Returns when both have finished.
    public static func run<Value: Sendable>(
        depth: Int = 1,
        produce: @escaping @Sendable (_ yield: (Value) throws -> Void) throws -> Void,
        consume: (Value) throws -> Void
    ) throws {
        precondition(depth >= 1, "a handoff holds at least one value")
        let channel = Channel<Value>(depth: depth)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do {
                try produce { value throws(Stopped) in try channel.put(value) }
                channel.close(failure: nil)
            } catch {
                channel.close(failure: error)
            }
            finished.signal()
        }
        // The producer is waited for on every path: it may still hold or read what the caller
        // owns (files, the store) until it has returned.
        defer { finished.wait() }
        do {
            while let value = try channel.take() { try consume(value) }
        } catch {
            channel.stop()
            throw error
        }
    }

    /// The values between the two threads, guarded by one mutex and its condition.
    private final class Channel<Value>: @unchecked Sendable {  // all state guarded by `mutex`
        private let depth: Int
        /// Values not yet taken from `head` on; a taken one is cleared at once (not held by the buffer).
        private var values: [Value?] = []
        private var head = 0
        private var closed = false
        private var failure: (any Error)?
        private var stopped = false
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        init(depth: Int) {
            self.depth = depth
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(changed, nil)
        }

        deinit {
            pthread_cond_destroy(changed)
            pthread_mutex_destroy(mutex)
            changed.deallocate()
            mutex.deallocate()
        }

        private func locked<R>(_ body: () throws -> R) rethrows -> R {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body()
        }

        /// The producer's side: waits while `depth` values are waiting to be taken.
        func put(_ value: Value) throws(Stopped) {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while values.count - head >= depth && !stopped { pthread_cond_wait(changed, mutex) }
            if stopped { throw Stopped() }
            values.append(value)
            pthread_cond_broadcast(changed)
        }

        /// The producer has returned (`failure` nil) or thrown.
        func close(failure: (any Error)?) {
            locked {
                closed = true
                self.failure = failure
                pthread_cond_broadcast(changed)
            }
        }

        /// The consumer failed: the producer's next `put` throws `Stopped`.
        func stop() {
            locked {
                stopped = true
                values.removeAll()
                head = 0
                pthread_cond_broadcast(changed)
            }
        }

        /// The consumer's side: the next value in order; nil once the producer has returned and
        /// every value was taken; the producer's failure after the values made before it.
        func take() throws -> Value? {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while head == values.count && !closed { pthread_cond_wait(changed, mutex) }
            guard head < values.count else {
                if let failure, !(failure is Stopped) { throw failure }
                return nil
            }
            let value = values[head]!
            values[head] = nil
            head += 1
            if head == values.count {
                // Nothing waits: start the buffer again (it holds at most `depth` values).
                values.removeAll(keepingCapacity: true)
                head = 0
            }
            pthread_cond_broadcast(changed)
            return value
        }
    }
}
