import Foundation

/// Runs an outside program (Python with openpyxl/pandas, headless Chromium) for the reports'
/// interop tests; a test skips, printing the reason, when the program or module is absent.
enum ExternalTool {
    static var python: String { ProcessInfo.processInfo.environment["JINGZHUN_PYTHON"] ?? "python3" }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `arguments[0]` (looked up on PATH) with the rest; stdout and stderr go to files, so a
    /// chatty child cannot block on a full pipe.
    static func run(_ arguments: [String], timeout: TimeInterval = 120) throws -> Output {
        let directory = temporaryDirectory("run")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/stdout"
        let errPath = directory + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    /// Nil when `python` imports every module; otherwise the reason to skip.
    static func pythonSkipReason(modules: [String]) -> String? {
        guard let output = try? run([python, "-c", "import " + modules.joined(separator: ", ")]) else {
            return "cannot run \(python)"
        }
        if output.status == 0 { return nil }
        return
            "\(python) cannot import \(modules.joined(separator: ", ")) "
            + "(pip install \(modules.joined(separator: " "))): "
            + (output.stderr.split(separator: "\n").last.map(String.init) ?? "")
    }

    /// The first of `names` found on PATH.
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":")
            where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// A fresh, empty temporary directory.
    static func temporaryDirectory(_ name: String) -> String {
        let path =
            FileManager.default.temporaryDirectory.path
            + "/jingzhun-reports-\(ProcessInfo.processInfo.processIdentifier)-\(name)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
