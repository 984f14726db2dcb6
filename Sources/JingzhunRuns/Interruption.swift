import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM and SIGINT during a run (issue 13): stop at the next safe point and record it.
///
/// The first signal only sets a flag (the handler does nothing else but write one fixed line to
/// stderr, which is async-signal-safe); the run checks the flag between units of work — before
/// each ingest wave and each apply, between compute provinces and years, between rendered years
/// and between stages — and then ends as `RunEnd.interrupted`: the log and the manifest record
/// "interrupted by SIGTERM", the run lock is released and the process exits 128 + signal (130
/// for SIGINT, 143 for SIGTERM, as shells report). Every unit of work is a complete commit, so
/// the store is as consistent as after any crash, and the next run completes what is left.
/// The handler is installed with `SA_RESETHAND`: a second signal kills at once (still safe: the
/// store is crash-safe and the kernel releases the lock).
enum Interruption {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers for SIGINT and SIGTERM (once per process; later calls do nothing new).
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                Interruption.received.store(signalNumber, ordering: .relaxed)
                let message: StaticString =
                    "jingzhun: interrupt received; stopping at the next safe point (send it again to stop at once)\n"
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            }
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_RESTART))
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
        }
        // A blocked mask is inherited across exec (some launchers block these signals): unblock
        // them, or a signal would stay pending and the run would never see it. Threads started
        // later inherit this thread's mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// The signal received, if any.
    static var signal: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Throws `Interrupted` when a signal was received: call between units of work.
    static func check() throws {
        if let signal { throw Interrupted(signal: signal) }
    }

    /// Name of a signal for logs and manifests.
    static func name(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}

/// Thrown at a safe point after SIGINT or SIGTERM.
struct Interrupted: Error {
    var signal: Int32
}
