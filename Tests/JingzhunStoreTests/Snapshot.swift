import Testing

@testable import JingzhunStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compares `text` with `Snapshots/<name>` next to this file (house-style §3.5).
/// `JINGZHUN_RECORD=1` re-records the file; a recording run still fails, so it is never silent.
func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let folder = StoreFiles.directory(of: filePath) + "/Snapshots"
    let path = folder + "/" + name
    if getenv("JINGZHUN_RECORD").map({ String(cString: $0) }) == "1" {
        try StoreFiles.writeAtomically(Array(text.utf8), to: path)
        Issue.record("recorded \(path); run again without JINGZHUN_RECORD", sourceLocation: sourceLocation)
        return
    }
    guard StoreFiles.exists(path) else {
        Issue.record("no snapshot at \(path); run with JINGZHUN_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    let expectedLines = lines(try readText(path))
    let actualLines = lines(text)
    for (index, pair) in zip(expectedLines, actualLines).enumerated() where pair.0 != pair.1 {
        Issue.record("\(name) line \(index + 1) differs:\n- \(pair.0)\n+ \(pair.1)", sourceLocation: sourceLocation)
        return
    }
    #expect(expectedLines.count == actualLines.count, "\(name): line count differs", sourceLocation: sourceLocation)
}

/// Lines split on LF at the byte level, a trailing CR removed (CRLF-normalised comparison).
private func lines(_ text: String) -> [String] {
    text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
        String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
    }
}
