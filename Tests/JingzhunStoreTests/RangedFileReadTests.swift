import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunStore
@testable import Parquet

/// Data files read by byte ranges (footer apart, then each row group's chunks; issue 20) give
/// exactly the columns, and the errors, of the same files read whole.
struct RangedFileReadTests {
    /// Every data file of a store written at `rowGroupRows`, with its full path.
    static func dataFiles(_ store: Store) throws -> [String] {
        let snapshot = try store.snapshot()
        return StoreTable.allCases.flatMap { table in
            snapshot.files(table, in: [:]).map { store.root + "/" + table.rawValue + "/" + $0.path }
        }
    }

    /// Every column of `path` read whole and per row group, ranged and from the whole file.
    static func expectSameColumns(_ path: String, files: StoreFiles) throws {
        let ranged = try TableFileReader(path: path, files: files)
        let whole = try TableFileReader(path: path, files: files, wholeFileLimit: .max)
        #expect(!ranged.reader.holdsBytes && whole.reader.holdsBytes)
        #expect(ranged.rowCount == whole.rowCount && ranged.rowGroupCount == whole.rowGroupCount)
        #expect(ranged.reader.schema == whole.reader.schema)
        for spec in whole.reader.schema.columns {
            #expect(try ranged.rangedColumn(spec.name) == whole.reader.column(named: spec.name), "\(path) \(spec.name)")
            for group in 0..<whole.rowGroupCount {
                #expect(
                    try ranged.restricted(toRowGroup: group).rangedColumn(spec.name)
                        == whole.reader.column(named: spec.name, rowGroup: group), "\(path) \(spec.name) \(group)")
            }
        }
    }

    @Test(arguments: [1, 7, 1 << 20])
    func rangedReadsEqualWholeFileReads(rowGroupRows: Int) throws {
        let folder = TemporaryFolder("ranged-\(rowGroupRows)")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: rowGroupRows)
        try store.apply(RowGroupStreamingTests.largeBatch(households: 60), now: StoreTests.t0)
        let paths = try Self.dataFiles(store)
        #expect(paths.count >= 6)
        let memory = InMemoryFileSystem()
        for path in paths {
            try Self.expectSameColumns(path, files: StoreFiles())
            // The same file in memory: the in-memory file system's ranged reads.
            try memory.createDirectories(FilePath.directory(of: path))
            try memory.replace(path, with: try POSIXFileSystem().readAll(path))
            try Self.expectSameColumns(path, files: StoreFiles(memory))
        }
        // The members table of a multi-group file really is read group by group.
        let members = try #require(paths.first { $0.contains("/members/") })
        let reader = try TableFileReader(path: members, files: StoreFiles())
        #expect(
            reader.rowGroupCount == (rowGroupRows == 1 << 20 ? 1 : (reader.rowCount + rowGroupRows - 1) / rowGroupRows))
    }

    /// What opening and reading every column of `bytes` throws (nil for no error), one way.
    static func outcome(_ bytes: [UInt8], wholeFileLimit: Int) -> [String] {
        let memory = InMemoryFileSystem()
        let path = "/s/members/part.parquet"
        try? memory.createDirectories("/s/members")
        try? memory.replace(path, with: bytes)
        var out: [String] = []
        do {
            let reader = try TableFileReader(path: path, files: StoreFiles(memory), wholeFileLimit: wholeFileLimit)
            for spec in reader.reader.schema.columns {
                for group in 0..<reader.rowGroupCount {
                    do {
                        _ = try reader.restricted(toRowGroup: group).strings(spec.name)
                        out.append("ok")
                    } catch {
                        out.append("\(error)")
                    }
                }
            }
        } catch {
            out.append("\(error)")
        }
        return out
    }

    /// A file cut short, emptied or damaged inside its chunks or footer gives the same error
    /// (message naming the path) read by ranges as read whole; never a crash.
    @Test func damagedFilesGiveTheSameErrors() throws {
        let folder = TemporaryFolder("ranged-damage")
        defer { folder.remove() }
        let store = Store(root: folder.path, rowGroupRows: 7)
        try store.apply(RowGroupStreamingTests.largeBatch(households: 30), now: StoreTests.t0)
        let members = try #require(try Self.dataFiles(store).first { $0.contains("/members/") })
        let bytes = try POSIXFileSystem().readAll(members)
        var variants: [(String, [UInt8])] = [("intact", bytes), ("empty", []), ("11 bytes", Array(bytes.prefix(11)))]
        for cut in [1, 4, 8, 9, 100, bytes.count / 2, bytes.count - 12] {
            variants.append(("cut \(cut)", Array(bytes.dropLast(cut))))
        }
        for offset in [4, 40, 400, bytes.count / 3, bytes.count - 30, bytes.count - 9, bytes.count - 2] {
            var damaged = bytes
            damaged[offset] ^= 0x5A
            variants.append(("byte \(offset)", damaged))
        }
        for (name, variant) in variants {
            let ranged = Self.outcome(variant, wholeFileLimit: -1)
            let whole = Self.outcome(variant, wholeFileLimit: .max)
            #expect(ranged == whole, "\(name)")
            if name != "intact" { #expect(ranged.contains { $0.contains("/s/members/part.parquet") }, "\(name)") }
        }
        #expect(Self.outcome(Array(bytes.dropLast(1)), wholeFileLimit: -1).first?.contains("truncated?") == true)
    }
}
