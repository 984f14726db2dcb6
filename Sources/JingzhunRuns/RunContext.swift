import JingzhunCore

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a run takes from its surroundings: clock, environment, process id.
///
/// house-style §3.4: nothing else reads the clock or the environment, which is what makes
/// data outputs byte-identical on rerun. Times reach only manifests, logs and metrics.
public struct RunContext: Sendable {
    public var environment: [String: String]
    public var now: @Sendable () -> WallTime

    public init(environment: [String: String], now: @escaping @Sendable () -> WallTime) {
        self.environment = environment
        self.now = now
    }

    /// The real process environment and clock.
    public static func live() -> RunContext {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return RunContext(environment: env, now: { WallTime.current() })
    }
}

/// A wall-clock instant (UTC), milliseconds since the epoch.
public struct WallTime: Sendable, Hashable, Comparable {
    public var milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func current() -> WallTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return WallTime(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
    public static func < (a: WallTime, b: WallTime) -> Bool { a.milliseconds < b.milliseconds }
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// RFC 3339 UTC with milliseconds: `2026-11-29T03:04:05.123Z`.
    public var iso8601: String {
        let secs = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let ms = Int(milliseconds - secs * 1000)
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = Int(secs - days * 86_400)
        let date = CivilDate(daysSinceEpoch: Int32(days))
        func p(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let day = "\(p(date.year, 4))-\(p(date.month, 2))-\(p(date.day, 2))"
        return day + "T\(p(rem / 3600, 2)):\(p(rem / 60 % 60, 2)):\(p(rem % 60, 2)).\(p(ms, 3))Z"
    }

    /// Compact form for run ids: `20261129T030405Z`.
    public var compact: String {
        let s = iso8601
        let digits = s.prefix(19).filter { $0 != "-" && $0 != ":" }
        return String(digits) + "Z"
    }
}
