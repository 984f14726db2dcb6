import JingzhunCore
import JingzhunIO
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Where a run's log goes: `runs/{run-id}/log.jsonl` (always JSON lines) and stderr
/// (human text, or JSON with `--log-format json`; only warnings and errors with `--quiet`).
///
/// Structured fields (`code`, `rule`, `file`, `line`, …) travel as metadata, never parsed back
/// out of text (house-style §3.3). Personal data never reaches a log: messages are built from
/// `Redacted` values and masked identity numbers only.
public final class RunLogSink: @unchecked Sendable {  // guarded by `mutex`
    public enum StderrFormat: String, Sendable { case text, json }

    private var mutex = pthread_mutex_t()
    private let fileSystem: any FileSystem
    private var file: (any OpenFile)?
    private let stderrFormat: StderrFormat
    private let quiet: Bool
    private let clock: @Sendable () -> WallTime
    /// Lines written while no log file is open yet (kept to flush into the file once it opens).
    private var pending: [String] = []
    /// The run's id, on every JSON log line once the run has one (`run_id`).
    private var runID: String?
    public private(set) var warningCount = 0
    public private(set) var errorCount = 0

    public init(
        stderrFormat: StderrFormat, quiet: Bool, clock: @escaping @Sendable () -> WallTime,
        fileSystem: any FileSystem = POSIXFileSystem()
    ) {
        self.fileSystem = fileSystem
        self.stderrFormat = stderrFormat
        self.quiet = quiet
        self.clock = clock
        pthread_mutex_init(&mutex, nil)
    }

    deinit {
        // try?: closeFile() synced and closed the log at the end of the run; this is the fallback.
        try? file?.close()
        pthread_mutex_destroy(&mutex)
    }

    /// Names the run every later line belongs to.
    public func setRunID(_ id: String) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        runID = id
    }

    /// Starts appending JSON lines to `path` (and flushes what was logged before). A log file
    /// that cannot be opened is not an error: the lines still go to stderr.
    public func open(path: String) {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        do { file = try fileSystem.open(path, mode: .appending) } catch {
            StandardError.write(
                Array(
                    ("jingzhun: cannot open the run log \(path): \(error.message); this run logs to stderr only"
                        + " (check that the output folder is writable)\n").utf8))
        }
        for line in pending { writeFile(line) }
        pending = []
    }

    public func closeFile() {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if let file {
            // try? (both): the log is best effort (runs-and-store.md): a log that cannot be synced or
            // closed never fails the run; the manifest is what records it.
            try? file.sync()
            try? file.close()
            self.file = nil
        }
    }

    private func writeFile(_ line: String) {
        guard let file else { return }
        try? file.write(Array((line + "\n").utf8))  // a full disk loses log lines, never the run
    }

    func emit(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        let time = clock()
        pthread_mutex_lock(&mutex)
        let id = runID
        pthread_mutex_unlock(&mutex)
        var fields: [(String, JSONValue)] = [("time", .string(time.iso8601))]
        if let id { fields.append(("run_id", .string(id))) }
        fields += [("level", .string(level.rawValue)), ("stage", .string(label)), ("message", .string(message))]
        for key in metadata.keys.sorted() {
            if let value = metadata[key] { fields.append((key, .string("\(value)"))) }
        }
        let json = JSONValue.object(fields).render()
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if level >= .warning { warningCount += 1 }
        if level >= .error { errorCount += 1 }
        if file != nil { writeFile(json) } else { pending.append(json) }
        let show = quiet ? level >= .warning : level >= .info
        guard show else { return }
        var line: String
        switch stderrFormat {
        case .json: line = json
        case .text:
            // One event, one line: control characters of names (a newline in an inbox file name)
            // are escaped, never written raw (issue 13).
            let severity = level >= .warning ? level.rawValue + ": " : ""
            line = "\(label): \(severity)\(DisplayText.escapingControlCharacters(message))"
            let keys = metadata.keys.sorted()
            if !keys.isEmpty {
                line +=
                    " ["
                    + keys.map { "\($0)=\(DisplayText.escapingControlCharacters("\(metadata[$0]!)"))" }.joined(
                        separator: " ") + "]"
            }
        }
        ProgressLine.shared.clear()
        StandardError.write(Array((line + "\n").utf8))
    }
}

/// swift-log handler writing to a `RunLogSink`.
public struct RunLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let sink: RunLogSink

    public init(label: String, sink: RunLogSink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        sink.emit(level: event.level, label: label, message: event.message.description, metadata: merged)
    }
}

/// A live progress line on a terminal (stderr is a TTY): files, MB, records, rate, ETA.
/// Off a terminal, progress goes to the log at a modest rate instead.
public final class ProgressLine: @unchecked Sendable {  // guarded by `mutex`
    public static let shared = ProgressLine()
    private var mutex = pthread_mutex_t()
    private var visible = false
    public var enabled: Bool

    init() {
        pthread_mutex_init(&mutex, nil)
        enabled = isatty(2) == 1
    }

    public func show(_ text: String) {
        guard enabled else { return }
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        StandardError.write(Array(("\r\u{1B}[2K" + text).utf8))
        visible = true
    }

    public func clear() {
        guard enabled else { return }
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        guard visible else { return }
        StandardError.write(Array("\r\u{1B}[2K".utf8))
        visible = false
    }
}
