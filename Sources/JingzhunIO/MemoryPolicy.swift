#if canImport(Glibc)
    import Glibc
#endif

/// How the process asks glibc's allocator to give memory back, so that peak RSS follows the
/// data actually held (docs/performance.md, "Memory").
///
/// Ingest workers and the Parquet encoder allocate on several threads, and glibc keeps a heap
/// (arena) per thread: memory freed in a worker's arena stays resident and cannot serve the next
/// stage on the main thread, and glibc's dynamic mmap threshold grows until even multi-megabyte
/// column arrays live inside those arenas. Measured at 4 × 250,000 households, RSS was 630-760
/// MiB from run to run (thread timing decides which arena holds what) for a smaller heap peak.
public enum MemoryPolicy {
    /// Allocations of at least this many bytes get their own mapping, returned to the kernel on
    /// free (a fixed threshold also stops glibc from raising it on its own).
    public static let mmapThreshold: Int32 = 1 << 20

    /// At most this many glibc arenas (heaps). glibc gives threads up to 8 per core, and memory
    /// freed in one arena cannot serve an allocation in another: which thread ran what decides
    /// how much of the freed memory stays resident. At one province of 3,000,000 households
    /// (issue 20) normalize measured 472-587 MiB from run to run with the default and 446 MiB
    /// with 2 arenas, for the same heap and the same CPU time. Allocation here is coarse
    /// (columns, pages, row groups), so two arenas cost no measurable lock contention.
    public static let arenaLimit: Int32 = 2

    /// Called once at program start, before any thread is made.
    public static func configure() {
        #if canImport(Glibc)
            // <malloc.h>'s M_MMAP_THRESHOLD and M_ARENA_MAX; the Glibc module exports neither the
            // macros nor mallopt.
            let mmapThresholdParameter: Int32 = -3
            let arenaMaxParameter: Int32 = -8
            _ = mallopt?(mmapThresholdParameter, mmapThreshold)
            _ = mallopt?(arenaMaxParameter, arenaLimit)
        #endif
    }

    /// Hands free memory of every arena back to the kernel; called between large phases (after a
    /// submission is applied, after a year is computed). Cheap next to them.
    public static func releaseFreeMemory() {
        #if canImport(Glibc)
            _ = trim?(0)
        #endif
    }

    #if canImport(Glibc)
        /// glibc functions looked up at run time: absent (another C library), they are skipped.
        private static func symbol<F>(_ name: String, as type: F.Type) -> F? {
            // RTLD_DEFAULT is the null handle in glibc.
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(address, to: type)
        }
        private static let trim = symbol("malloc_trim", as: (@convention(c) (Int) -> Int32).self)
        private static let mallopt = symbol("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)
    #endif
}
