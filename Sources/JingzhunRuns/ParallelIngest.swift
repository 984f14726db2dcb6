import Dispatch
import JingzhunCore
import JingzhunIngest
import JingzhunStore
#if canImport(Glibc)
import Glibc
#endif

/// Ingests several submissions at once, one per core. Each `Ingestor.ingest` call is a pure
/// function of its submission's bytes and the options (its own inflater, scanner, libxml2
/// context and validator), so running them side by side cannot change any result; results come
/// back in input order.
enum ParallelIngest {
    /// What one worker hands back: the batch and, when asked for, its store files already
    /// encoded (then the batch keeps its counts and rejections but not its record columns).
    struct Result: Sendable {
        var batch: SubmissionBatch
        var prepared: Swift.Result<PreparedApply, StoreError>?
    }

    /// Slots written once each, by distinct workers, read after all have finished.
    private final class Results: @unchecked Sendable {
        var results: [Result?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
    }

    /// Ingests `submissions` on every core; with `prepare`, each worker also encodes its accepted
    /// batch's store files (`Store.prepareApply`, pure), so Parquet encoding runs beside the
    /// other worker's reading instead of after it. Applying stays in submission order, on the
    /// caller's thread.
    static func run(
        _ submissions: [DiscoveredSubmission], options: IngestOptions,
        prepare: (@Sendable (SubmissionBatch) -> Swift.Result<PreparedApply, StoreError>)? = nil
    ) -> [Result] {
        @Sendable func work(_ submission: DiscoveredSubmission) -> Result {
            var batch = Ingestor.ingest(submission, options: options)
            guard let prepare, batch.outcome == .applied else { return Result(batch: batch, prepared: nil) }
            let prepared = prepare(batch)
            if case .success = prepared {
                // The encoded files stand for the columns from here on.
                batch.counties = CountyColumns()
                batch.villages = VillageColumns()
                batch.households = HouseholdColumns()
                batch.members = MemberColumns()
            }
            return Result(batch: batch, prepared: prepared)
        }
        if submissions.count == 1 { return [work(submissions[0])] }
        let results = Results(count: submissions.count)
        let lock = NSLockShim()
        DispatchQueue.concurrentPerform(iterations: submissions.count) { index in
            let result = work(submissions[index])
            lock.withLock { results.results[index] = result }
        }
        return results.results.map { $0! }
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
