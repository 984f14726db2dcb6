import Dispatch
import JingzhunCore
import JingzhunIO
import JingzhunIngest

#if canImport(Glibc)
    import Glibc
#endif

/// Ingests several submissions at once, one per core. Each `Ingestor.ingest` call is a pure
/// function of its submission's bytes and the options (its own inflater, scanner, libxml2
/// context and validator), so running them side by side cannot change any result; results come
/// back in input order.
enum ParallelIngest {
    static func run(_ submissions: [DiscoveredSubmission], options: IngestOptions) -> [SubmissionBatch] {
        Parallel.map(submissions.count) { Ingestor.ingest(submissions[$0], options: options) }
    }
}

enum Processors {
    /// Online processors (sysconf), at least 1.
    static var online: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
