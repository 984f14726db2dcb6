import Foundation
import Testing

/// Compares `text` with `Snapshots/<name>` next to this file (house-style §3.5 golden files).
///
/// `JINGZHUN_RECORD=1` rewrites the file and still fails, so a recording run is never mistaken
/// for a passing one. Comparison is line by line after CRLF → LF normalisation; the first
/// differing line is reported.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["JINGZHUN_RECORD"] == "1" {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            Issue.record("recorded snapshot \(name); run again without JINGZHUN_RECORD", sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("missing snapshot \(name); record it with JINGZHUN_RECORD=1", sourceLocation: sourceLocation)
        return
    }
    func lines(_ s: String) -> [Substring] {
        s.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
    }
    let expected = lines(String(decoding: data, as: UTF8.self))
    let actual = lines(text)
    guard expected != actual else { return }
    var index = 0
    while index < expected.count && index < actual.count && expected[index] == actual[index] { index += 1 }
    let want = index < expected.count ? String(expected[index]) : "<end of file>"
    let got = index < actual.count ? String(actual[index]) : "<end of file>"
    let message =
        "snapshot \(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n"
        + "(re-record with JINGZHUN_RECORD=1 if the change is intended)"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}
