import Yams

/// The engine that computes the indicator catalogue (pipeline key `compute`, options `--engine`,
/// `--master`; docs/scale-out.md §Spark compute).
public enum ComputeEngine: String, Sendable, CaseIterable {
    /// The Swift engine in this binary (the default).
    case builtin
    /// The catalogue compiled to Spark SQL and run as one `spark-submit` job.
    case spark
}

/// The pipeline's `compute:` mapping:
/// `compute: {engine: builtin|spark, spark_submit: PATH, master: URL, conf: {key: value}, timeout_seconds: N}`.
public struct ComputeSettings: Sendable, Equatable {
    /// Default `builtin`.
    public var engine: ComputeEngine = .builtin
    /// The `spark-submit` to run: a path, or a name looked up on PATH. Default `spark-submit`.
    public var sparkSubmit: String = "spark-submit"
    /// `--master` of spark-submit (`local[2]`, `spark://host:7077`, `yarn`, `k8s://https://…`);
    /// nil: not passed, so Spark's own default applies (spark-defaults.conf, else `local[*]`).
    public var master: String?
    /// `--conf key=value` pairs, in the order written.
    public var conf: [(key: String, value: String)] = []
    /// The job is stopped (its whole process group) after this many seconds. Default 3600.
    public var timeoutSeconds: Int = 3600

    public init() {}

    public static func == (a: ComputeSettings, b: ComputeSettings) -> Bool {
        a.engine == b.engine && a.sparkSubmit == b.sparkSubmit && a.master == b.master
            && a.conf.map { "\($0.key)=\($0.value)" } == b.conf.map { "\($0.key)=\($0.value)" }
            && a.timeoutSeconds == b.timeoutSeconds
    }

    /// Parses the `compute` mapping; `fail` makes the error that names the line.
    static func parse(_ node: Node, fail: (String, Node?) -> RunError) throws(RunError) -> ComputeSettings {
        guard case .mapping(let map) = node else {
            throw fail("'compute' must be a mapping such as {engine: spark, master: \"local[2]\"}", node)
        }
        var settings = ComputeSettings()
        for (k, v) in map {
            let key = k.string ?? "?"
            func text() throws(RunError) -> String {
                guard let s = v.scalar?.string, !s.isEmpty, !s.contains("\n") else {
                    throw fail("'compute.\(key)' must be a non-empty text on one line", v)
                }
                return s
            }
            switch key {
            case "engine":
                let name = try text()
                guard let engine = ComputeEngine(rawValue: name) else {
                    throw fail("'compute.engine' must be builtin or spark, not '\(name)'", v)
                }
                settings.engine = engine
            case "spark_submit": settings.sparkSubmit = try text()
            case "master": settings.master = try text()
            case "timeout_seconds":
                guard let i = v.int, i > 0 else {
                    throw fail("'compute.timeout_seconds' must be a positive whole number", v)
                }
                settings.timeoutSeconds = i
            case "conf":
                guard case .mapping(let pairs) = v else {
                    throw fail(
                        "'compute.conf' must be a mapping of Spark settings, such as {spark.executor.memory: 8g}", v)
                }
                for (ck, cv) in pairs {
                    guard let name = ck.string, !name.isEmpty, !name.contains("="), !name.contains("\n") else {
                        throw fail(
                            "each 'compute.conf' key must be a Spark setting name such as spark.executor.memory", ck)
                    }
                    guard let value = cv.scalar?.string, !value.contains("\n") else {
                        throw fail("'compute.conf.\(name)' must be a value on one line", cv)
                    }
                    settings.conf.append((name, value))
                }
            default:
                throw fail(
                    "unknown key 'compute.\(key)'; expected engine, spark_submit, master, conf or timeout_seconds", k)
            }
        }
        return settings
    }
}
