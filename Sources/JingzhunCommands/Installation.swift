import JingzhunIO
import JingzhunRuns

#if canImport(Glibc)
    import Glibc
#endif

/// Where the defaults of `report`, `status` and `synth` come from: the executable's installation,
/// never the working directory (a command run from `/` or from cron finds the same files).
///
/// The installation root is found by walking up from the executable (`/proc/self/exe`, links
/// resolved) at most four folders, taking the first that holds `pipelines/sample.yaml`
/// (a source checkout: `.build/debug/jingzhun`, `.build/<triple>/release/jingzhun`) or
/// `share/jingzhun/pipelines/sample.yaml` (an installed prefix: `/opt/jingzhun/bin/jingzhun`).
enum Installation {
    /// The executable's own path, or nil when the system does not say.
    static var executable: String? {
        FilePath.symlinkTarget("/proc/self/exe")
    }

    /// The folder holding `pipelines/` and `templates/` of this installation, if any.
    static var root: String? {
        guard let executable else { return nil }
        var folder = FilePath.directory(of: executable)
        for _ in 0..<5 {
            if FilePath.exists(folder + "/pipelines/sample.yaml") { return folder }
            if FilePath.exists(folder + "/share/jingzhun/pipelines/sample.yaml") { return folder + "/share/jingzhun" }
            let parent = FilePath.directory(of: folder)
            if parent == folder { break }
            folder = parent
        }
        return nil
    }

    /// The default pipeline file (`pipelines/sample.yaml` of the installation).
    /// - Throws: a usage message when the installation has none: the user must name one.
    static func defaultPipeline(option: String = "--pipeline") throws(RunError) -> String {
        guard let root else {
            throw RunError(
                .usage,
                "no pipeline file given and none installed next to \(executable ?? "the executable") (looked for "
                    + "pipelines/sample.yaml): pass \(option) FILE"
            )
        }
        return root + "/pipelines/sample.yaml"
    }
}
