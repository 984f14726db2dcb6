import Dispatch
import JingzhunCore
import JingzhunIngest
#if canImport(Glibc)
import Glibc
#endif

/// Ingests several submissions at once, one per core. Each `Ingestor.ingest` call is a pure
/// function of its submission's bytes and the options (its own inflater, scanner, libxml2
/// context and validator), so running them side by side cannot change any result; results come
/// back in input order.
enum ParallelIngest {
    /// Slots written once each, by distinct workers, read after all have finished.
    private final class Results: @unchecked Sendable {
        var batches: [SubmissionBatch?]
        init(count: Int) { batches = Array(repeating: nil, count: count) }
    }

    static func run(_ submissions: [DiscoveredSubmission], options: IngestOptions) -> [SubmissionBatch] {
        if submissions.count == 1 { return [Ingestor.ingest(submissions[0], options: options)] }
        let results = Results(count: submissions.count)
        let lock = NSLockShim()
        DispatchQueue.concurrentPerform(iterations: submissions.count) { index in
            let batch = Ingestor.ingest(submissions[index], options: options)
            lock.withLock { results.batches[index] = batch }
        }
        return results.batches.map { $0! }
    }
}

/// A pthread mutex (no Foundation needed here).
final class NSLockShim: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

enum Processors {
    /// Online processors (sysconf), at least 1.
    static var online: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
