public import JingzhunCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A batch's households and members as fixed-width rows (`StagedRowLayout`) in files: ingest's
/// scratch rows or a staged batch's sections. Rows are read by range with positioned reads, a
/// piece at a time, so memory holds the rows asked for, not the file (issue 20).
public final class FileBatchRows: BatchRows, @unchecked Sendable {  // files guarded by `lock`
    public struct Section: Sendable {
        public var path: String
        public var offset: Int
        public var count: Int
        public init(path: String, offset: Int, count: Int) {
            self.path = path
            self.offset = offset
            self.count = count
        }
    }
    public let householdSection: Section
    public let memberSection: Section
    private let lock = Locked(())
    private var householdFile: (any OpenFile)?
    private var memberFile: (any OpenFile)?
    private let removeOnRelease: () -> Void

    /// Rows read through open files (closed by `remove()` or on deinit); `remove` also calls
    /// `removeFiles` (the scratch folder, the staged file).
    public init(
        households: Section, householdFile: (any OpenFile)?, members: Section, memberFile: (any OpenFile)?,
        removeFiles: @escaping () -> Void = {}
    ) {
        householdSection = households
        memberSection = members
        self.householdFile = householdFile
        self.memberFile = memberFile
        removeOnRelease = removeFiles
    }

    deinit { close() }

    public var householdCount: Int { householdSection.count }
    public var memberCount: Int { memberSection.count }

    /// Rows read at a time (a few MiB).
    static let pieceRows = 1 << 15

    private func read(_ section: Section, members: Bool, rows: Range<Int>, rowBytes: Int) throws(BatchRowsError)
        -> [UInt8]
    {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= section.count, "rows \(rows) out of range")
        if rows.isEmpty { return [] }
        let result: Result<[UInt8], BatchRowsError> = lock.withLock { _ in
            guard let file = members ? memberFile : householdFile else {
                return .failure(BatchRowsError("the rows were already removed", path: section.path))
            }
            do throws(IOError) {
                let bytes = try file.read(at: section.offset + rows.lowerBound * rowBytes, count: rows.count * rowBytes)
                guard bytes.count == rows.count * rowBytes else {
                    return .failure(
                        BatchRowsError(
                            "the file ends before its rows do (cut short or damaged); ingest the submission again",
                            path: section.path))
                }
                return .success(bytes)
            } catch {
                return .failure(BatchRowsError("cannot read the rows: \(error.message)", path: section.path))
            }
        }
        return try result.get()
    }

    private static func damaged(_ path: String) -> BatchRowsError {
        BatchRowsError("a row holds a code out of range (the file is damaged); ingest the submission again", path: path)
    }

    /// Rows reserved at most before reading (a damaged count must not reserve unbounded memory:
    /// beyond it, columns grow as the rows are actually read).
    static let reserveLimit = 1 << 22

    /// Household rows `range` as a staged batch holds them (`StagedRowLayout.restageHouseholds`):
    /// the bytes the columns of `households(_:)` encode to, without making the columns.
    public func stagedHouseholdRows(_ range: Range<Int>) throws(BatchRowsError) -> [UInt8] {
        var bytes = try read(householdSection, members: false, rows: range, rowBytes: StagedRowLayout.householdBytes)
        let ok = bytes.withUnsafeMutableBytes { StagedRowLayout.restageHouseholds($0, count: range.count) }
        guard ok else { throw Self.damaged(householdSection.path) }
        return bytes
    }

    /// Member rows `range` as a staged batch holds them (`StagedRowLayout.restageMembers`).
    public func stagedMemberRows(_ range: Range<Int>) throws(BatchRowsError) -> [UInt8] {
        var bytes = try read(memberSection, members: true, rows: range, rowBytes: StagedRowLayout.memberBytes)
        let households = householdCount
        let ok = bytes.withUnsafeMutableBytes {
            StagedRowLayout.restageMembers($0, count: range.count, households: households)
        }
        guard ok else { throw Self.damaged(memberSection.path) }
        return bytes
    }

    public func households(_ range: Range<Int>) throws(BatchRowsError) -> HouseholdColumns {
        var columns = HouseholdColumns()
        columns.reserveCapacity(min(range.count, Self.reserveLimit))
        var start = range.lowerBound
        while start < range.upperBound {
            let piece = start..<min(range.upperBound, start + Self.pieceRows)
            let bytes = try read(
                householdSection, members: false, rows: piece, rowBytes: StagedRowLayout.householdBytes)
            let ok = bytes.withUnsafeBytes { StagedRowLayout.appendHouseholds($0, count: piece.count, to: &columns) }
            guard ok else { throw Self.damaged(householdSection.path) }
            start = piece.upperBound
        }
        return columns
    }

    public func members(_ range: Range<Int>) throws(BatchRowsError) -> MemberColumns {
        var columns = MemberColumns()
        columns.reserveCapacity(min(range.count, Self.reserveLimit))
        var start = range.lowerBound
        while start < range.upperBound {
            let piece = start..<min(range.upperBound, start + Self.pieceRows)
            let bytes = try read(memberSection, members: true, rows: piece, rowBytes: StagedRowLayout.memberBytes)
            let ok = bytes.withUnsafeBytes { StagedRowLayout.appendMembers($0, count: piece.count, to: &columns) }
            guard ok else { throw Self.damaged(memberSection.path) }
            for index in columns.householdIndex.suffix(piece.count) where index < 0 || Int(index) >= householdCount {
                throw Self.damaged(memberSection.path)
            }
            start = piece.upperBound
        }
        return columns
    }

    /// Reads the households from the lowest to the highest index asked for, a piece at a time,
    /// keeping the ids of those asked for only: members grouped by household (the usual case)
    /// read as many households as they cover.
    public func householdIDs(_ indices: [Int32]) throws(BatchRowsError) -> [String] {
        guard let low = indices.min(), let high = indices.max() else { return [] }
        guard low >= 0, Int(high) < householdCount else { throw Self.damaged(memberSection.path) }
        var wanted = [Bool](repeating: false, count: Int(high - low) + 1)
        for index in indices { wanted[Int(index - low)] = true }
        // By position from `low`, not a dictionary: a hash per member was ≈ 2 % of normalize (issue 20).
        var ids = [String?](repeating: nil, count: wanted.count)
        var start = Int(low)
        while start <= Int(high) {
            let piece = start..<min(Int(high) + 1, start + Self.pieceRows)
            let bytes = try read(
                householdSection, members: false, rows: piece, rowBytes: StagedRowLayout.householdBytes)
            bytes.withUnsafeBytes { raw in
                for row in piece where wanted[row - Int(low)] {
                    ids[row - Int(low)] = StagedRowLayout.householdID(
                        raw.baseAddress! + (row - piece.lowerBound) * StagedRowLayout.householdBytes)
                }
            }
            start = piece.upperBound
        }
        return indices.map { ids[Int($0 - low)]! }
    }

    private func close() {
        lock.withLock { _ in
            // try?: the files are only read; a failed close loses nothing.
            try? householdFile?.close()
            if memberFile !== householdFile { try? memberFile?.close() }
            householdFile = nil
            memberFile = nil
        }
    }

    public func remove() {
        close()
        removeOnRelease()
    }
}

/// A file opened for positioned reads only (a staged batch's rows).
public final class ReadOnlyFile: OpenFile {
    public let path: String
    private var descriptor: Int32

    public init(path: String) throws(IOError) {
        self.path = path
        descriptor = POSIXFileSystem.retrying { open(path, O_RDONLY | O_CLOEXEC) }
        if descriptor < 0 { throw IOError("cannot open", path: path, operation: .open, errno: errno) }
    }

    deinit { try? close() }  // try?: read-only, nothing to lose

    public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        throw IOError("opened for reading only", path: path, operation: .write)
    }

    public func read(at offset: Int, count: Int) throws(IOError) -> [UInt8] {
        try POSIXOpenFile.positionedRead(descriptor, path: path, at: offset, count: count)
    }

    public func sync() throws(IOError) {}

    public func close() throws(IOError) {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
