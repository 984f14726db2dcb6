import Dispatch
import Testing

@testable import JingzhunIO

/// `Handoff.run` must give the consumer exactly what the plain loop `produce { consume($0) }`
/// gives it, in order, whatever the two threads' timing, and fail as that loop fails.
@Suite struct HandoffTests {
    struct Failure: Error, Equatable { let at: Int }

    /// A few microseconds of work, varied by a seed, so the two threads take turns unevenly.
    static func busy(_ seed: Int) {
        var x = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15
        for _ in 0..<Int(x % 2_000) { x = x &* 6_364_136_223_846_793_005 &+ 1 }
        if x == 42 { print(x) }  // keeps the loop
    }

    @Test(arguments: [1, 2, 5])
    func valuesArriveInTheOrderTheyWereMadeAndNoMoreThanDepthWait(depth: Int) throws {
        let outstanding = Locked((now: 0, most: 0))
        var taken: [Int] = []
        try Handoff.run(
            depth: depth,
            produce: { yield in
                for i in 0..<2_000 {
                    Self.busy(i)
                    outstanding.withLock { $0.now += 1 }
                    try yield(i)
                    // After `yield` returns, at most `depth` values wait in the channel; the
                    // count may include one the consumer has taken and not yet counted.
                    outstanding.withLock { $0.most = max($0.most, $0.now) }
                }
            },
            consume: { value in
                outstanding.withLock { $0.now -= 1 }
                Self.busy(value * 7)
                taken.append(value)
            })
        #expect(taken == Array(0..<2_000))
        #expect(outstanding.withLock { $0.most } <= depth + 1)
    }

    @Test(arguments: [0, 1, 17, 499])
    func aProducerFailureComesAfterEveryValueMadeBeforeIt(at failing: Int) {
        var taken: [Int] = []
        #expect(throws: Failure(at: failing)) {
            try Handoff.run(
                produce: { yield in
                    for i in 0..<500 {
                        if i == failing { throw Failure(at: i) }
                        try yield(i)
                    }
                },
                consume: { taken.append($0) })
        }
        #expect(taken == Array(0..<failing))
    }

    @Test(arguments: [0, 3, 250])
    func aConsumerFailureStopsTheProducerAndIsWhatIsThrown(at failing: Int) {
        let produced = Locked(0)
        let sawStopped = Locked(false)
        #expect(throws: Failure(at: failing)) {
            try Handoff.run(
                depth: 2,
                produce: { yield in
                    do {
                        for i in 0..<100_000 {
                            try yield(i)
                            produced.withLock { $0 = i + 1 }
                        }
                    } catch is Handoff.Stopped {
                        sawStopped.withLock { $0 = true }
                        throw Handoff.Stopped()
                    }
                },
                consume: { value in if value == failing { throw Failure(at: value) } })
        }
        // `run` returned only after the producer did, and the producer was stopped early.
        #expect(sawStopped.withLock { $0 })
        #expect(produced.withLock { $0 } <= failing + 3)
    }

    @Test func nothingProducedIsNothingConsumed() throws {
        var count = 0
        try Handoff.run(produce: { (_: (Int) throws -> Void) in }, consume: { _ in count += 1 })
        #expect(count == 0)
    }
}
