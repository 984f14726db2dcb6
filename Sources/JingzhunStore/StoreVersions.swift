/// The Delta version of each table: what a run manifest records, and what `Store.snapshot(asOf:)`
/// reads back ("the store as of an earlier run").
public struct StoreVersions: Sendable, Hashable, CustomStringConvertible {
    /// Version per table; a table without commits is absent.
    public var byTable: [StoreTable: Int64]

    public init(_ byTable: [StoreTable: Int64] = [:]) { self.byTable = byTable }

    public subscript(table: StoreTable) -> Int64? {
        get { byTable[table] }
        set { byTable[table] = newValue }
    }

    /// Tables in declaration order with their versions (for manifests; never hash order).
    public var entries: [(table: StoreTable, version: Int64)] {
        StoreTable.allCases.compactMap { table in byTable[table].map { (table, $0) } }
    }

    /// `counties=3 villages=3 …`.
    public var description: String { entries.map { "\($0.table.rawValue)=\($0.version)" }.joined(separator: " ") }
}
