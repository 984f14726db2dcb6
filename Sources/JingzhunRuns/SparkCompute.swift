#if canImport(Glibc)
import Glibc
#endif
import JingzhunCatalogue
import JingzhunCore
import JingzhunIO
import JingzhunSQL
import JingzhunStore

/// An external compute engine failed (not found, job failed, timed out, result malformed): the
/// run ends with exit 69 and the message names the engine's log file (RunSession).
struct EngineUnavailable: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `compute: {engine: spark}` (docs/scale-out.md §Spark compute): the catalogue compiled to Spark
/// SQL (the script of `jingzhun sql --dialect spark`), run as one `spark-submit` job by a small
/// PySpark driver that Jingzhun writes next to it, its rows read back as `IndicatorRow`s.
///
/// Files: `<output>/tmp/spark/{statements.json, driver.py, result.tsv}` (removed after a parsed
/// result; left for inspection after a failure, replaced by the next run), and the job's
/// stdout and stderr in `<output>/runs/<run-id>/spark.log`.
enum SparkCompute {
    /// The SQL inputs of the store snapshot the compute stage reads.
    static func store(_ snapshot: StoreSnapshot, root: String) throws -> SQLStore {
        try SQLService.sqlStore(snapshot, root: root)
    }

    /// The whole Spark SQL script for the catalogue over `store`.
    static func script(store: SQLStore, catalogue: Catalogue, reference: SQLReference) throws -> String {
        do {
            let indicators = try CatalogueSQL.indicators(catalogue, reference: reference)
            return try IndicatorScript.script(
                store: store, reference: reference, indicators: indicators, dialect: .spark,
                commandLine: "jingzhun compute --engine spark")
        } catch {
            throw RunError(.usage, "compute.engine spark: cannot write the catalogue as Spark SQL: \(error.message); use compute.engine builtin")
        }
    }

    /// The statements of a script, split at `;` outside quotes ('…', "…", `…`) and `--` comments;
    /// comments are dropped, empty statements skipped.
    static func statements(_ script: String) -> [String] {
        var out: [String] = []
        var current: [Unicode.Scalar] = []
        var quote: Unicode.Scalar? = nil
        var inComment = false
        let scalars = Array(script.unicodeScalars)
        var i = 0
        func flush() {
            let text = String(String.UnicodeScalarView(current))
            let trimmed = text.trimmingWhitespace
            if !trimmed.isEmpty { out.append(trimmed) }
            current = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if inComment {
                if c == "\n" { inComment = false; current.append(c) }
            } else if let q = quote {
                current.append(c)
                if c == q { quote = nil }  // a doubled quote closes and reopens: same text
            } else if c == "-" && i + 1 < scalars.count && scalars[i + 1] == "-" {
                inComment = true
                i += 1
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
                current.append(c)
            } else if c == ";" {
                flush()
            } else {
                current.append(c)
            }
            i += 1
        }
        flush()
        return out
    }

    /// The PySpark driver: runs the statements one by one with `spark.sql`, then writes the last
    /// one's rows (year, level, area_code, indicator, value) tab-separated, values as Python
    /// `repr` of the double (shortest text that reads back to the same bits), null as empty, an
    /// end line with the row count, to a temporary name renamed when complete.
    static let driver = """
        # Written by Jingzhun (jingzhun compute --engine spark); replaced at every run.
        # Usage: spark-submit [--master M] [--conf k=v ...] driver.py STATEMENTS.json RESULT.tsv
        import json
        import os
        import sys

        from pyspark.sql import SparkSession


        def main():
            statements_path, result_path = sys.argv[1], sys.argv[2]
            with open(statements_path, encoding="utf-8") as f:
                statements = json.load(f)
            # Spark's scratch tables go beside the result, not into the working folder.
            warehouse = os.path.join(os.path.dirname(os.path.abspath(result_path)), "warehouse")
            spark = (SparkSession.builder.appName("jingzhun-compute")
                     .config("spark.sql.warehouse.dir", warehouse).getOrCreate())
            last = None
            for number, statement in enumerate(statements, 1):
                print("jingzhun: statement %d of %d" % (number, len(statements)), file=sys.stderr, flush=True)
                last = spark.sql(statement)
            partial = result_path + ".partial"
            count = 0
            with open(partial, "w", encoding="utf-8", newline="\\n") as out:
                out.write("year\\tlevel\\tarea_code\\tindicator\\tvalue\\n")
                for row in last.toLocalIterator():
                    value = row[4]
                    text = "" if value is None else repr(float(value))
                    out.write("%d\\t%s\\t%s\\t%s\\t%s\\n" % (row[0], row[1], row[2], row[3], text))
                    count += 1
                out.write("#end %d\\n" % count)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, result_path)
            print("jingzhun: %d result rows written to %s" % (count, result_path), file=sys.stderr, flush=True)
            spark.stop()


        main()

        """

    /// Runs the job and returns its rows by year.
    /// - Throws: `EngineUnavailable` (exit 69) naming `logPath` when spark-submit is missing,
    ///   fails, outlives the timeout or leaves no complete result; `Interrupted` after stopping
    ///   the job when the run is interrupted.
    static func run(script: String, settings: ComputeSettings, workDirectory: String, logPath: String) throws -> [Int32: [IndicatorRow]] {
        FilePath.removeTree(workDirectory)
        try FilePath.createDirectories(workDirectory)
        let statementsPath = workDirectory + "/statements.json"
        let driverPath = workDirectory + "/driver.py"
        let resultPath = workDirectory + "/result.tsv"
        try AtomicFile.write(JSONValue.array(statements(script).map { .string($0) }).render(pretty: true) + "\n", to: statementsPath)
        try AtomicFile.write(script, to: workDirectory + "/script.sql")
        try AtomicFile.write(driver, to: driverPath)

        var arguments = [settings.sparkSubmit]
        if let master = settings.master { arguments += ["--master", master] }
        for pair in settings.conf { arguments += ["--conf", "\(pair.key)=\(pair.value)"] }
        arguments += [driverPath, statementsPath, resultPath]
        // The log names the command, but not the conf values (they may hold credentials).
        let shown = [settings.sparkSubmit] + (settings.master.map { ["--master", $0] } ?? [])
            + settings.conf.flatMap { ["--conf", "\($0.key)=…"] } + [driverPath, statementsPath, resultPath]
        try AtomicFile.write("jingzhun: running " + shown.joined(separator: " ") + "\n", to: logPath)

        let outcome = try spawnAndWait(arguments, logPath: logPath, timeoutSeconds: settings.timeoutSeconds)
        switch outcome {
        case .notStarted(let code):
            let why = code == ENOENT ? "not found" : code == EACCES ? "not executable" : String(cString: strerror(code))
            throw EngineUnavailable(
                message: "compute.engine spark: cannot start '\(settings.sparkSubmit)' (\(why)); install Spark (pip install pyspark gives spark-submit) or set compute.spark_submit; log: \(logPath)")
        case .timedOut:
            throw EngineUnavailable(
                message: "compute.engine spark: the Spark job did not end within compute.timeout_seconds (\(settings.timeoutSeconds) s) and was stopped; see \(logPath)")
        case .signaled(let signal):
            throw EngineUnavailable(message: "compute.engine spark: spark-submit was killed by signal \(signal); see \(logPath)")
        case .exited(let status) where status != 0:
            throw EngineUnavailable(message: "compute.engine spark: the Spark job failed (spark-submit exit status \(status)); see \(logPath)")
        case .exited:
            break
        }
        let bytes: [UInt8]
        do { bytes = try FilePath.readAll(resultPath) } catch {
            throw EngineUnavailable(message: "compute.engine spark: the Spark job ended without writing its result \(resultPath); see \(logPath)")
        }
        let rows = try parse(String(decoding: bytes, as: UTF8.self), path: resultPath, logPath: logPath)
        return Dictionary(grouping: rows, by: \.year)
    }

    /// Reads the driver's result file.
    static func parse(_ text: String, path: String, logPath: String) throws(EngineUnavailable) -> [IndicatorRow] {
        func bad(_ line: Int, _ what: String) -> EngineUnavailable {
            EngineUnavailable(message: "compute.engine spark: the Spark result \(path) is malformed at line \(line): \(what); see \(logPath)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "year\tlevel\tarea_code\tindicator\tvalue" else { throw bad(1, "not the expected header") }
        var rows: [IndicatorRow] = []
        var ended = false
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            if ended {
                guard line.isEmpty, offset == lines.count - 1 else { throw bad(number, "text after the end line") }
                continue
            }
            if line.hasPrefix("#end ") {
                guard Int(line.dropFirst(5)) == rows.count else { throw bad(number, "the end line does not count \(rows.count) rows") }
                ended = true
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 5 else { throw bad(number, "\(fields.count) fields instead of 5") }
            guard let year = Int32(fields[0]) else { throw bad(number, "year '\(fields[0])'") }
            guard let level = AreaLevel(rawValue: String(fields[1])) else { throw bad(number, "level '\(fields[1])'") }
            var value: Double? = nil
            if !fields[4].isEmpty {
                guard let parsed = Double(String(fields[4])) else { throw bad(number, "value '\(fields[4])'") }
                value = parsed
            }
            rows.append(IndicatorRow(year: year, level: level, areaCode: String(fields[2]), indicator: String(fields[3]), value: value))
        }
        guard ended else { throw bad(lines.count, "no end line (the result is incomplete)") }
        return rows
    }

    /// The values of `spark` in the order and shape of `reference` (the built-in engine's rows
    /// of the same year): both must hold exactly the same (level, area, indicator) keys.
    static func merge(_ spark: [IndicatorRow], into reference: [IndicatorRow], year: Int32, logPath: String) throws(EngineUnavailable) -> [IndicatorRow] {
        struct Key: Hashable { var level: AreaLevel; var area: String; var indicator: String }
        var values: [Key: Double?] = [:]
        for row in spark { values[Key(level: row.level, area: row.areaCode, indicator: row.indicator)] = row.value }
        guard values.count == spark.count, spark.count == reference.count else {
            throw EngineUnavailable(
                message: "compute.engine spark: Spark returned \(spark.count) rows for \(year) (\(values.count) distinct), the catalogue has \(reference.count); see \(logPath)")
        }
        var out = reference
        for index in out.indices {
            let key = Key(level: out[index].level, area: out[index].areaCode, indicator: out[index].indicator)
            guard let value = values[key] else {
                throw EngineUnavailable(
                    message: "compute.engine spark: Spark returned no row for \(year) \(key.level.rawValue) \(key.area) \(key.indicator); see \(logPath)")
            }
            out[index].value = value
        }
        return out
    }

    enum Outcome { case notStarted(Int32), exited(Int32), signaled(Int32), timedOut }

    /// Starts `arguments` (looked up on PATH when the first has no `/`) in its own process group,
    /// stdin from /dev/null, stdout and stderr appended to `logPath`; waits at most
    /// `timeoutSeconds`, then stops the whole group (SIGTERM, SIGKILL 10 s later).
    static func spawnAndWait(_ arguments: [String], logPath: String, timeoutSeconds: Int) throws -> Outcome {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        // jingzhun ignores SIGPIPE and SIGXFSZ and handles SIGINT/SIGTERM; the job gets the defaults.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGXFSZ, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard started == 0 else { return .notStarted(started) }

        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_MONOTONIC, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        func stop() {
            kill(-pid, SIGTERM)
            let grace = now() + 10
            var status: Int32 = 0
            while now() < grace {
                if waitpid(pid, &status, WNOHANG) == pid { kill(-pid, SIGKILL); return }
                usleep(100_000)
            }
            kill(-pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
        }
        let deadline = now() + Double(timeoutSeconds)
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR {
                throw EngineUnavailable(message: "compute.engine spark: lost track of spark-submit (waitpid: \(String(cString: strerror(errno)))); see \(logPath)")
            }
            do { try Interruption.check() } catch {
                stop()
                throw error
            }
            if now() >= deadline {
                stop()
                return .timedOut
            }
            usleep(100_000)
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
