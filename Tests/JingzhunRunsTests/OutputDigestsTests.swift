import Foundation
import JingzhunIO
import Testing

@testable import JingzhunRuns

/// The manifest's digests of the reports a run wrote come from the bytes as written
/// (`OutputDigests`, issue 19): they must be what reading the files back gives.
struct OutputDigestsTests {
    @Test func digestsOfWrittenFilesAreThoseOfTheFilesOnDisk() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("jz-digests-\(getpid())").path
        defer { FilePath.removeTree(output) }
        let digests = OutputDigests()
        try digests.write(Array("first\n".utf8), output: output, relativePath: "reports/2019/a.csv")
        try digests.write(Array("第二".utf8), output: output, relativePath: "reports/b.md")
        // Written twice: the second bytes count.
        try digests.write(Array("again\r\n".utf8), output: output, relativePath: "reports/2019/a.csv")
        for path in ["reports/2019/a.csv", "reports/b.md"] {
            let kept = try digests.digest(of: path, output: output)
            let read = try FilePath.sha256(of: output + "/" + path)
            #expect(kept.hex == read.hex && kept.size == read.size, "\(path)")
        }
        #expect(try digests.digest(of: "reports/2019/a.csv", output: output).size == 7)
        // A file this process did not write is read from disk.
        try AtomicFile.write(Array("other".utf8), to: output + "/exports/c.csv")
        let other = try digests.digest(of: "exports/c.csv", output: output)
        #expect(other.hex == SHA256Hasher.hex(of: Array("other".utf8)) && other.size == 5)
        #expect(throws: (any Error).self) { try digests.digest(of: "exports/missing.csv", output: output) }
    }
}
