import JingzhunCatalogue
import JingzhunCore
import JingzhunIO
import JingzhunIndicators
import JingzhunSQL
import JingzhunStore

#if canImport(Glibc)
    import Glibc
#endif

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

    /// What the Spark job runs (docs/scale-out.md §Spark compute): the tables to read, the
    /// statements, and the two result queries.
    struct Job {
        /// `jingzhun sql --dialect spark`'s script with the store views reading the tables the
        /// driver registers (`StoreViews.registeredView`), then the breakdowns' statements; the
        /// last statement of each part is a result query.
        var script: String
        var statements: [String]
        var indicatorsQuery: String
        var breakdownsQuery: String
        var store: SQLStore
        /// Every id the catalogue exports (Alkire–Foster's expanded), for the check of the result.
        var indicatorIDs: [String]
    }

    /// The job for the catalogue over `store`: every kind, builtins included, and the breakdowns.
    static func job(store: SQLStore, catalogue: Catalogue, reference: SQLReference) throws -> Job {
        let indicatorScript: String
        let indicators: [SQLIndicator]
        do {
            indicators = try CatalogueSQL.indicators(catalogue, reference: reference)
            indicatorScript = try IndicatorScript.script(
                store: store, reference: reference, indicators: indicators, dialect: .spark,
                commandLine: "jingzhun compute --engine spark", source: .registered)
        } catch {
            throw RunError(
                .usage,
                """
                compute.engine spark: cannot write the catalogue as Spark SQL: \(error.message); use \
                compute.engine builtin
                """
            )
        }
        let breakdownScript = SQLBreakdowns.script(dialect: .spark)
        var indicatorPart = statements(indicatorScript)
        var breakdownPart = statements(breakdownScript)
        guard let indicatorsQuery = indicatorPart.popLast(), let breakdownsQuery = breakdownPart.popLast() else {
            preconditionFailure("both scripts end with their result query")
        }
        return Job(
            script: indicatorScript + breakdownScript, statements: indicatorPart + breakdownPart,
            indicatorsQuery: indicatorsQuery, breakdownsQuery: breakdownsQuery, store: store,
            indicatorIDs: indicators.map(\.id))
    }

    /// The job as the driver reads it: `tables` (name, root folder, columns with Delta types, the
    /// files in force), `statements`, and `results` (name, query, file).
    static func jobJSON(_ job: Job, indicatorsPath: String, breakdownsPath: String) -> String {
        let tables = job.store.tables.keys.sorted().compactMap { name -> JSONValue? in
            guard let table = job.store.tables[name] else { return nil }
            return .object([
                ("name", .string(name)),
                ("root", .string(job.store.root + "/" + name)),
                (
                    "columns",
                    .array(
                        table.columns.map { .object([("name", .string($0.name)), ("type", .string($0.deltaType))]) })
                ),
                ("files", .array(table.files.map { .string($0.path) })),
            ])
        }
        return JSONValue.object([
            ("tables", .array(tables)),
            ("statements", .array(job.statements.map { .string($0) })),
            (
                "results",
                .array([
                    .object([
                        ("name", .string("indicators")), ("query", .string(job.indicatorsQuery)),
                        ("file", .string(indicatorsPath)),
                    ]),
                    .object([
                        ("name", .string("breakdowns")), ("query", .string(job.breakdownsQuery)),
                        ("file", .string(breakdownsPath)),
                    ]),
                ])
            ),
        ]).render(pretty: true) + "\n"
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
                if c == "\n" {
                    inComment = false
                    current.append(c)
                }
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

    /// The PySpark driver. It reads each store table once, every file in force in one scan with
    /// the schema the Delta log declares (no schema inference: with one `parquet.`path`` per
    /// file, Spark ran a job per file at every reference of a view), registers it as
    /// `jz_files_<table>`, runs the statements (each `CACHE TABLE` computes its result once), then
    /// writes each result query's rows tab-separated (doubles as Python `repr`, the shortest text
    /// that reads back to the same bits; null as empty) with an end line holding the row count,
    /// to a temporary name renamed when complete. In local mode without an explicit
    /// `spark.sql.shuffle.partitions`, shuffles use as many partitions as there are cores.
    static let driver = """
        # Written by Jingzhun (jingzhun compute --engine spark); replaced at every run.
        # Usage: spark-submit [--master M] [--conf k=v ...] driver.py JOB.json
        import json
        import os
        import re
        import sys
        import time

        from pyspark.sql import SparkSession

        TYPES = {"string": "STRING", "integer": "INT", "long": "BIGINT", "double": "DOUBLE",
                 "boolean": "BOOLEAN", "date": "DATE"}


        CACHED = re.compile(r"^CACHE TABLE ([A-Za-z_][A-Za-z0-9_]*) AS\\s(.*)$", re.S)


        def say(text):
            print("jingzhun: " + text, file=sys.stderr, flush=True)


        def text(value):
            if value is None:
                return ""
            if isinstance(value, float):
                return repr(value)
            return str(value)


        def main():
            with open(sys.argv[1], encoding="utf-8") as f:
                job = json.load(f)
            started = time.time()
            # Spark's scratch tables go beside the result, not into the working folder.
            warehouse = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "warehouse")
            spark = (SparkSession.builder.appName("jingzhun-compute")
                     .config("spark.sql.warehouse.dir", warehouse).getOrCreate())
            try:
                context = spark.sparkContext
            except Exception:  # Spark Connect (SPARK_REMOTE): the server keeps its own settings
                context = None
            if context is not None:
                context.setLogLevel("WARN")
                conf = context.getConf()
                if not conf.contains("spark.sql.shuffle.partitions") and context.master.startswith("local"):
                    spark.conf.set("spark.sql.shuffle.partitions", str(max(1, context.defaultParallelism)))
                if not conf.contains("spark.sql.adaptive.enabled"):
                    spark.conf.set("spark.sql.adaptive.enabled", "true")
            say("Spark %s, master %s, %s shuffle partitions, started in %.1f s" % (
                spark.version, context.master if context is not None else os.environ.get("SPARK_REMOTE", "?"),
                spark.conf.get("spark.sql.shuffle.partitions"), time.time() - started))
            for table in job["tables"]:
                ddl = ", ".join("`%s` %s" % (c["name"], TYPES[c["type"]]) for c in table["columns"])
                if table["files"]:
                    frame = spark.read.schema(ddl).option("basePath", table["root"]).parquet(*table["files"])
                else:
                    frame = spark.createDataFrame([], ddl)
                frame.createOrReplaceTempView("jz_files_" + table["name"])
            statements = job["statements"]
            for number, statement in enumerate(statements, 1):
                t = time.time()
                cached = CACHED.match(statement)
                if cached:
                    # Computed once and cut from its lineage: a cached table keeps the plans of
                    # the tables it reads, nested, and Spark writes every plan as text for its
                    # listeners, which grows with each layer; a checkpoint is a leaf.
                    frame = spark.sql(cached.group(2)).localCheckpoint(eager=True)
                    frame.createOrReplaceTempView(cached.group(1))
                else:
                    spark.sql(statement)
                say("statement %d of %d: %.1f s" % (number, len(statements), time.time() - t))
            for result in job["results"]:
                t = time.time()
                frame = spark.sql(result["query"])
                partial = result["file"] + ".partial"
                count = 0
                with open(partial, "w", encoding="utf-8", newline="\\n") as out:
                    out.write("\\t".join(frame.columns) + "\\n")
                    for row in frame.toLocalIterator():
                        out.write("\\t".join(text(value) for value in row) + "\\n")
                        count += 1
                    out.write("#end %d\\n" % count)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, result["file"])
                say("%s: %d rows written to %s in %.1f s" % (result["name"], count, result["file"], time.time() - t))
            say("Spark job done in %.1f s" % (time.time() - started))
            spark.stop()


        main()

        """

    /// What the job returned: every year's indicator and breakdown rows, each year's rows in
    /// export order.
    struct Result {
        var indicators: [Int32: [IndicatorRow]]
        var breakdowns: [Int32: [BreakdownRow]]
    }

    /// Runs the job and returns its rows by year.
    /// - Throws: `EngineUnavailable` (exit 69) naming `logPath` when spark-submit is missing,
    ///   fails, outlives the timeout or leaves no complete result; `Interrupted` after stopping
    ///   the job when the run is interrupted.
    static func run(_ job: Job, settings: ComputeSettings, workDirectory: String, logPath: String) throws -> Result {
        FilePath.removeTree(workDirectory)
        try FilePath.createDirectories(workDirectory)
        let jobPath = workDirectory + "/job.json"
        let driverPath = workDirectory + "/driver.py"
        let indicatorsPath = workDirectory + "/indicators.tsv"
        let breakdownsPath = workDirectory + "/breakdowns.tsv"
        try AtomicFile.write(jobJSON(job, indicatorsPath: indicatorsPath, breakdownsPath: breakdownsPath), to: jobPath)
        try AtomicFile.write(job.script, to: workDirectory + "/script.sql")
        try AtomicFile.write(driver, to: driverPath)

        var arguments = [settings.sparkSubmit]
        if let master = settings.master { arguments += ["--master", master] }
        for pair in settings.conf { arguments += ["--conf", "\(pair.key)=\(pair.value)"] }
        arguments += [driverPath, jobPath]
        // The log names the command, but not the conf values (they may hold credentials).
        let shown =
            [settings.sparkSubmit] + (settings.master.map { ["--master", $0] } ?? [])
            + settings.conf.flatMap { ["--conf", "\($0.key)=…"] } + [driverPath, jobPath]
        try AtomicFile.write("jingzhun: running " + shown.joined(separator: " ") + "\n", to: logPath)

        let outcome = try spawnAndWait(arguments, logPath: logPath, timeoutSeconds: settings.timeoutSeconds)
        switch outcome {
        case .notStarted(let code):
            let why = code == ENOENT ? "not found" : code == EACCES ? "not executable" : String(cString: strerror(code))
            throw EngineUnavailable(
                message:
                    """
                    compute.engine spark: cannot start '\(settings.sparkSubmit)' (\(why)); install Spark (pip \
                    install pyspark gives spark-submit) or set compute.spark_submit; log: \(logPath)
                    """
            )
        case .timedOut:
            throw EngineUnavailable(
                message:
                    """
                    compute.engine spark: the Spark job did not end within compute.timeout_seconds \
                    (\(settings.timeoutSeconds) s) and was stopped; see \(logPath)
                    """
            )
        case .signaled(let signal):
            throw EngineUnavailable(
                message: "compute.engine spark: spark-submit was killed by signal \(signal); see \(logPath)")
        case .exited(let status) where status != 0:
            throw EngineUnavailable(
                message:
                    "compute.engine spark: the Spark job failed (spark-submit exit status \(status)); see \(logPath)")
        case .exited:
            break
        }
        func text(_ path: String) throws(EngineUnavailable) -> String {
            do { return String(decoding: try FilePath.readAll(path), as: UTF8.self) } catch {
                throw EngineUnavailable(
                    message:
                        "compute.engine spark: the Spark job ended without writing its result \(path); see \(logPath)")
            }
        }
        let indicators = try parse(try text(indicatorsPath), path: indicatorsPath, logPath: logPath)
        let breakdowns = try parseBreakdowns(try text(breakdownsPath), path: breakdownsPath, logPath: logPath)
        return Result(
            indicators: Dictionary(grouping: indicators.sorted(by: ExportWriter.precedes), by: \.year),
            breakdowns: Dictionary(grouping: breakdowns.sorted(by: ExportWriter.precedes), by: \.year))
    }

    /// The data lines of a result file (after its header, up to its end line, which must count them).
    static func dataLines(_ text: String, header: String, path: String, logPath: String) throws(EngineUnavailable) -> [(
        number: Int, fields: [Substring]
    )] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map(String.init) == header else {
            throw EngineUnavailable(
                message:
                    """
                    compute.engine spark: the Spark result \(path) is malformed at line 1: not the expected \
                    header; see \(logPath)
                    """
            )
        }
        let columns = header.split(separator: "\t").count
        var out: [(number: Int, fields: [Substring])] = []
        var ended = false
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            func bad(_ what: String) -> EngineUnavailable {
                EngineUnavailable(
                    message:
                        """
                        compute.engine spark: the Spark result \(path) is malformed at line \(number): \(what); \
                        see \(logPath)
                        """
                )
            }
            if ended {
                guard line.isEmpty, offset == lines.count - 1 else { throw bad("text after the end line") }
                continue
            }
            if line.hasPrefix("#end ") {
                guard Int(line.dropFirst(5)) == out.count else {
                    throw bad("the end line does not count \(out.count) rows")
                }
                ended = true
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == columns else { throw bad("\(fields.count) fields instead of \(columns)") }
            out.append((number, fields))
        }
        guard ended else {
            throw EngineUnavailable(
                message:
                    """
                    compute.engine spark: the Spark result \(path) is malformed at line \(lines.count): no end \
                    line (the result is incomplete); see \(logPath)
                    """
            )
        }
        return out
    }

    /// Reads the indicators result file.
    static func parse(_ text: String, path: String, logPath: String) throws(EngineUnavailable) -> [IndicatorRow] {
        var rows: [IndicatorRow] = []
        for (number, fields) in try dataLines(
            text, header: "year\tlevel\tarea_code\tindicator\tvalue", path: path, logPath: logPath)
        {
            func bad(_ what: String) -> EngineUnavailable {
                EngineUnavailable(
                    message:
                        """
                        compute.engine spark: the Spark result \(path) is malformed at line \(number): \(what); \
                        see \(logPath)
                        """
                )
            }
            guard let year = Int32(fields[0]) else { throw bad("year '\(fields[0])'") }
            guard let level = AreaLevel(rawValue: String(fields[1])) else { throw bad("level '\(fields[1])'") }
            var value: Double? = nil
            if !fields[4].isEmpty {
                guard let parsed = Double(String(fields[4])) else { throw bad("value '\(fields[4])'") }
                // As the built-in engine: a value that is not finite is null.
                value = parsed.isFinite ? parsed : nil
            }
            rows.append(
                IndicatorRow(
                    year: year, level: level, areaCode: String(fields[2]), indicator: String(fields[3]), value: value))
        }
        return rows
    }

    /// Reads the breakdowns result file.
    static func parseBreakdowns(_ text: String, path: String, logPath: String) throws(EngineUnavailable)
        -> [BreakdownRow]
    {
        var rows: [BreakdownRow] = []
        let header = "year\tlevel\tarea_code\tdimension\tmember\thouseholds\tpopulation"
        for (number, fields) in try dataLines(text, header: header, path: path, logPath: logPath) {
            func bad(_ what: String) -> EngineUnavailable {
                EngineUnavailable(
                    message:
                        """
                        compute.engine spark: the Spark result \(path) is malformed at line \(number): \(what); \
                        see \(logPath)
                        """
                )
            }
            guard let year = Int32(fields[0]) else { throw bad("year '\(fields[0])'") }
            guard let level = AreaLevel(rawValue: String(fields[1])) else { throw bad("level '\(fields[1])'") }
            guard let households = Int64(fields[5]) else { throw bad("households '\(fields[5])'") }
            var population: Int64? = nil
            if !fields[6].isEmpty {
                guard let parsed = Int64(fields[6]) else { throw bad("population '\(fields[6])'") }
                population = parsed
            }
            rows.append(
                BreakdownRow(
                    year: year, level: level, areaCode: String(fields[2]), dimension: String(fields[3]),
                    member: String(fields[4]),
                    households: households, population: population))
        }
        return rows
    }

    /// Checks that Spark returned, for `year`, one row per (area, indicator) of the catalogue and
    /// one per (area, breakdown member), over the same areas: the shape the built-in engine gives.
    static func check(_ result: Result, year: Int32, indicatorIDs: [String], logPath: String) throws(EngineUnavailable)
    {
        struct Area: Hashable {
            var level: AreaLevel
            var code: String
        }
        var ids: [Area: [String]] = [:]
        for row in result.indicators[year] ?? [] {
            ids[Area(level: row.level, code: row.areaCode), default: []].append(row.indicator)
        }
        let expected = indicatorIDs.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for (area, found) in ids where found != expected {
            let missing = Set(expected).subtracting(found).sorted()
            let which = missing.isEmpty ? " (some twice)" : " (missing: \(missing.prefix(3).joined(separator: ", ")))"
            throw EngineUnavailable(
                message:
                    """
                    compute.engine spark: Spark returned \(found.count) indicator rows for \(year) \
                    \(area.level.rawValue) \(area.code), the catalogue has \
                    \(expected.count)\(which); see \(logPath)
                    """
            )
        }
        var members: [Area: Int] = [:]
        for row in result.breakdowns[year] ?? [] {
            members[Area(level: row.level, code: row.areaCode), default: 0] += 1
        }
        let perArea = SQLBreakdowns.memberCount
        guard Set(members.keys) == Set(ids.keys), members.values.allSatisfy({ $0 == perArea }) else {
            throw EngineUnavailable(
                message:
                    """
                    compute.engine spark: Spark's breakdown rows for \(year) do not cover its \(ids.count) areas \
                    with \(perArea) rows each; see \(logPath)
                    """
            )
        }
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
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
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
                if waitpid(pid, &status, WNOHANG) == pid {
                    kill(-pid, SIGKILL)
                    return
                }
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
                throw EngineUnavailable(
                    message:
                        """
                        compute.engine spark: lost track of spark-submit (waitpid: \
                        \(String(cString: strerror(errno)))); see \(logPath)
                        """
                )
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
