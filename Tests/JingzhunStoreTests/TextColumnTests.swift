import Testing

@testable import JingzhunStore
@testable import Parquet

/// How a column of texts is handed to the Parquet writer (`ParquetValues.texts`): the members'
/// household numbers, converted once per run of one household (`texts(_:runsOf:)`), give exactly
/// what converting every row gives (issue 20).
struct TextColumnTests {
    static func same(_ a: ParquetValues, _ b: ParquetValues) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x.map { Array($0.utf8) } == y.map { Array($0.utf8) }
        case (.padded32(let x), .padded32(let y)): x == y
        default: false
        }
    }

    @Test(arguments: [
        ["H1", "H1", "H2"],  // short texts stay Strings
        ["520102001001-0001", "520102001001-0001", "520102001001-0002", "H3"],  // padded
        ["520102001001-0001", String(repeating: "x", count: 33), String(repeating: "x", count: 33)],  // too long
        ["520102001001-0001", "520102001001-00\u{0}1", "520102001001-0001"],  // a zero byte
        [String](),
    ])
    func runsGiveWhatEveryRowGives(households: [String]) {
        // Members in runs of their household, a household met again later in its own run.
        var keys: [Int32] = []
        var values: [String] = []
        for (index, id) in households.enumerated() {
            let key = Int32(households.firstIndex(of: id) ?? index)
            for _ in 0...(index % 3) {
                keys.append(key)
                values.append(id)
            }
        }
        let perRun = ParquetValues.texts(values, runsOf: keys)
        #expect(Self.same(perRun, ParquetValues.texts(values)))
        if households.contains(where: { $0.utf8.count > 15 && $0.utf8.count <= 32 && !$0.utf8.contains(0) })
            && households.allSatisfy({ $0.utf8.count <= 32 && !$0.utf8.contains(0) })
        {
            #expect(Self.same(perRun, .padded32(values.map { PaddedString32($0)! })))
        }
    }
}
