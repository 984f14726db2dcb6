import JingzhunIO

/// How a manifest records paths so that it travels with its output folder (docs/verify.md).
///
/// A path the user wrote absolute (on the command line or in the pipeline file) is recorded as
/// it is: `/etc/jingzhun/nightly.yaml` stays where it is when the output folder moves. Every
/// other path is recorded relative to the output folder (`../pipelines/sample.yaml`), so moving
/// the output folder together with its pipeline, inbox and reference data (`mv eval1 eval2`)
/// keeps the manifest valid. The output folder itself is `.` unless it was given absolute.
enum ManifestPaths {
    /// `absolute` as the manifest records it: itself when `wasGivenAbsolute`, else relative to `output`.
    static func record(_ absolute: String, wasGivenAbsolute: Bool, output: String) -> String {
        wasGivenAbsolute ? absolute : relative(absolute, from: output)
    }

    /// A recorded path back to an absolute one, for the output folder the manifest now lives in.
    static func resolve(_ recorded: String, output: String) -> String {
        FilePath.absolute(recorded, relativeTo: output)
    }

    /// The lexical relative path from folder `base` to `target` (both absolute, normalised).
    static func relative(_ target: String, from base: String) -> String {
        let t = target.split(separator: "/")
        let b = base.split(separator: "/")
        var common = 0
        while common < t.count && common < b.count && t[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: b.count - common) + t[common...].map(String.init)
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
