import Testing

@testable import JingzhunSynth

@Suite struct SplitMix64Tests {
    /// Reference outputs of Vigna's splitmix64.c for seed 1234567 (checked with the C original).
    @Test func matchesReferenceImplementation() {
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in rng.next() } == expected)
    }

    @Test func boundedDrawsAreInRangeAndRoughlyUniform() {
        var rng = SplitMix64(seed: 42)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[rng.below(6)] += 1 }
        // 10,000 expected each; sd ≈ 91, so ±500 is > 5 sd.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "counts \(counts)")
        for _ in 0..<1000 {
            let v = rng.int(in: -3...3)
            #expect((-3...3).contains(v))
            let u = rng.unit()
            #expect(u >= 0 && u < 1)
        }
    }

    @Test func weightedFollowsWeights() {
        var rng = SplitMix64(seed: 9)
        var counts = [0, 0, 0]
        for _ in 0..<40_000 { counts[rng.weighted([1, 0, 3])] += 1 }
        #expect(counts[1] == 0)
        #expect(abs(counts[0] - 10_000) < 500 && abs(counts[2] - 30_000) < 500, "counts \(counts)")
    }

    @Test func streamsDependOnEveryPathElement() {
        var a = SplitMix64(seed: 1, path: 1, 2)
        var b = SplitMix64(seed: 1, path: 2, 1)
        var c = SplitMix64(seed: 2, path: 1, 2)
        var a2 = SplitMix64(seed: 1, path: 1, 2)
        let first = a.next()
        #expect(first != b.next())
        #expect(first != c.next())
        #expect(first == a2.next())
    }

    @Test func normalHasRequestedMeanAndSpread() {
        var rng = SplitMix64(seed: 5)
        var sum = 0.0
        var squares = 0.0
        let n = 20_000
        for _ in 0..<n {
            let v = rng.normal(mean: 50, sd: 10)
            sum += v
            squares += v * v
        }
        let mean = sum / Double(n)
        let sd = (squares / Double(n) - mean * mean).squareRoot()
        #expect(abs(mean - 50) < 0.5 && abs(sd - 10) < 0.5, "mean \(mean) sd \(sd)")
    }
}
