#if canImport(Glibc)
    import Glibc
#endif

func printError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
}

func exitProcess(_ status: Int32) -> Never {
    Glibc.exit(status)
}

/// Signals that must not kill a run (docs/exit-status.md):
/// - SIGPIPE: `jingzhun run … | head` closes stdout early; writes then fail with EPIPE and are
///   dropped, and the run goes on to write its store, reports and records.
/// - SIGXFSZ: a write beyond the file size limit (`ulimit -f`) then fails with EFBIG, which the
///   run reports as an I/O error (exit 74) naming the file, instead of dying without a word.
func ignoreFatalSignals() {
    signal(SIGPIPE, SIG_IGN)
    signal(SIGXFSZ, SIG_IGN)
}
