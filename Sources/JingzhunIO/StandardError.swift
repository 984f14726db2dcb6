#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard error, unbuffered: log lines and the progress line go straight out,
/// whole (one `write` per line, retried on EINTR like every IO call of this module).
public enum StandardError {
    /// Writes `bytes` to file descriptor 2; failures (a closed stderr) are ignored: there is
    /// nowhere left to report them.
    public static func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { POSIXFileSystem.writeAll(2, $0) }
    }

    /// Whether standard error is a terminal.
    public static var isTerminal: Bool { isatty(2) == 1 }
}
