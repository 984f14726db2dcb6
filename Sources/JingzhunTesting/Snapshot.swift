import JingzhunIO
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Compares `text` with `Snapshots/<name>` next to the calling test file (house style §3.5
/// golden files).
///
/// `JINGZHUN_RECORD=1` rewrites the file and still fails, so a recording run is never mistaken
/// for a passing one. Comparison is line by line after CRLF → LF normalisation; the first
/// differing line is reported with its number.
public func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let path = Golden.path(named: name, filePath: filePath)
    guard let stored = Golden.storedOrRecord(Array(text.utf8), at: path, sourceLocation: sourceLocation) else {
        return
    }
    let expected = Golden.lines(stored)
    let actual = Golden.lines(Array(text.utf8))
    guard expected != actual else { return }
    var index = 0
    while index < expected.count && index < actual.count && expected[index] == actual[index] { index += 1 }
    let want = index < expected.count ? expected[index] : "<end of file>"
    let got = index < actual.count ? actual[index] : "<end of file>"
    let message =
        "snapshot \(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n"
        + "(re-record with JINGZHUN_RECORD=1 if the change is intended)"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// Compares `bytes` with `Snapshots/<name>` byte for byte (exports whose line endings matter).
public func assertSnapshot(
    _ bytes: [UInt8], named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let path = Golden.path(named: name, filePath: filePath)
    guard let stored = Golden.storedOrRecord(bytes, at: path, sourceLocation: sourceLocation) else { return }
    guard stored != bytes else { return }
    let offset =
        zip(stored, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(stored.count, bytes.count)
    Issue.record(
        Comment(
            rawValue: "snapshot \(name) differs from byte \(offset) (\(stored.count) bytes stored, "
                + "\(bytes.count) produced); re-record with JINGZHUN_RECORD=1 if the change is intended"),
        sourceLocation: sourceLocation)
}

enum Golden {
    static func path(named name: String, filePath: String) -> String {
        FilePath.directory(of: filePath) + "/Snapshots/" + name
    }

    static var isRecording: Bool { getenv("JINGZHUN_RECORD").map { String(cString: $0) } == "1" }

    /// The stored bytes, or nil after recording `bytes` (or finding no file), each an issue.
    static func storedOrRecord(_ bytes: [UInt8], at path: String, sourceLocation: SourceLocation) -> [UInt8]? {
        let files = POSIXFileSystem()
        if isRecording {
            do {
                try files.createDirectories(FilePath.directory(of: path))
                try files.replace(path, with: bytes)
                Issue.record("recorded \(path); run again without JINGZHUN_RECORD", sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot write the snapshot: \(error)", sourceLocation: sourceLocation)
            }
            return nil
        }
        guard files.exists(path), let stored = try? files.readAll(path) else {
            Issue.record("no snapshot at \(path); record it with JINGZHUN_RECORD=1", sourceLocation: sourceLocation)
            return nil
        }
        return stored
    }

    /// Lines split on LF at the byte level, a trailing CR removed (CRLF-normalised comparison).
    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
    }
}
