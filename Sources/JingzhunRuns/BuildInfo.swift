import JingzhunIO

#if canImport(Glibc)
    import Glibc
#endif

/// Version and source commit of this build, recorded in every manifest.
public enum BuildInfo {
    public static let version = "0.1.0"

    /// The git commit the binary was built from: `JINGZHUN_GIT_COMMIT` if set, else read from the
    /// `.git` folder above the executable (a source checkout), else "unknown".
    public static func gitCommit(environment: [String: String]) -> String {
        if let c = environment["JINGZHUN_GIT_COMMIT"], !c.isEmpty { return c }
        guard let executable = FilePath.symlinkTarget("/proc/self/exe") else { return "unknown" }
        var dir = FilePath.directory(of: executable)
        // try? below: the commit is best effort provenance for the manifest; any unreadable git file
        // means "unknown" (set JINGZHUN_GIT_COMMIT to record it), never a failed run.
        while dir != "/" && !dir.isEmpty {
            let git = dir + "/.git"
            if FilePath.isDirectory(git), let head = try? FilePath.readAll(git + "/HEAD") {
                let text = String(decoding: head, as: UTF8.self).trimmingNewlines()
                if text.hasPrefix("ref: ") {
                    let ref = String(text.dropFirst(5))
                    if let r = try? FilePath.readAll(git + "/" + ref) {
                        return String(decoding: r, as: UTF8.self).trimmingNewlines()
                    }
                    if let packed = try? FilePath.readAll(git + "/packed-refs") {
                        for line in String(decoding: packed, as: UTF8.self).split(separator: "\n")
                        where line.hasSuffix(" " + ref) {
                            return String(line.prefix(40))
                        }
                    }
                    return "unknown"
                }
                return text
            }
            dir = FilePath.directory(of: dir)
        }
        return "unknown"
    }
}

extension String {
    func trimmingNewlines() -> String {
        var s = Substring(self)
        while let l = s.last, l == "\n" || l == "\r" || l == " " { s = s.dropLast() }
        return String(s)
    }
}
