import Dispatch
import Testing

@testable import Parquet

#if canImport(Glibc)
    import Glibc
#endif

/// `ParquetFileWriter.encodeInOrder` (the streaming writer's columns on every core, handed to
/// the sink in schema order): whatever order the workers finish in, items arrive in order, each
/// once; a failure ends the walk with the items before it delivered and the workers stopped.
@Suite struct EncodeInOrderTests {
    /// Items that take uneven, seeded times, so workers finish out of order.
    static func encode(seed: UInt64, failAt: Int? = nil) -> @Sendable (Int) -> Result<Int, ParquetError> {
        { index in
            var generator = SeededGenerator(seed: seed &+ UInt64(index))
            usleep(UInt32(generator.next() % 300))
            if index == failAt { return .failure(ParquetError(.invalidArgument, "item \(index) failed")) }
            return .success(index * 10)
        }
    }

    @Test(arguments: [0, 1, 2, 3, 8])
    func itemsArriveInOrderEachOnce(workers: Int) throws {
        for seed in UInt64(1)...20 {
            for count in [0, 1, 2, 5, 23] {
                var delivered: [Int] = []
                try ParquetFileWriter.encodeInOrder(
                    count: count, workers: workers, encode: Self.encode(seed: seed),
                    deliver: { (index, value: Int) throws(ParquetError) in
                        #expect(value == index * 10)
                        delivered.append(index)
                    })
                #expect(delivered == Array(0..<count), "seed \(seed), count \(count), workers \(workers)")
            }
        }
    }

    @Test(arguments: [0, 2, 3])
    func aFailureStopsTheWalkAfterTheItemsBeforeIt(workers: Int) {
        for seed in UInt64(1)...20 {
            for failAt in [0, 1, 7, 22] {
                var delivered: [Int] = []
                do throws(ParquetError) {
                    try ParquetFileWriter.encodeInOrder(
                        count: 23, workers: workers, encode: Self.encode(seed: seed, failAt: failAt),
                        deliver: { (index, _: Int) throws(ParquetError) in delivered.append(index) })
                    Issue.record("no error for item \(failAt)")
                } catch {
                    #expect(error.message == "item \(failAt) failed")
                }
                #expect(delivered == Array(0..<failAt), "seed \(seed), failAt \(failAt), workers \(workers)")
            }
        }
    }

    /// A sink that fails (a full disk) ends the walk the same way.
    @Test func aFailingDeliveryStopsTheWalk() {
        var delivered: [Int] = []
        do throws(ParquetError) {
            try ParquetFileWriter.encodeInOrder(
                count: 40, workers: 2, encode: Self.encode(seed: 5),
                deliver: { (index, _: Int) throws(ParquetError) in
                    if index == 9 { throw ParquetError(.invalidArgument, "sink full") }
                    delivered.append(index)
                })
            Issue.record("no error from the sink")
        } catch {
            #expect(error.message == "sink full")
        }
        #expect(delivered == Array(0..<9))
    }
}
