import Foundation
import JingzhunCore
import JingzhunIO
import Testing

@testable import JingzhunIngest

/// `.gz` files are inflated by ISA-L, and a broken stream is read again through zlib so that it
/// is told exactly as before (issue 20): for every broken variant of a real submission's file
/// (cut, a byte changed, data appended, an expansion bound crossed), the batch ingested with
/// ISA-L equals the batch ingested with zlib alone: outcome, reason (rule, place, message with
/// its compressed offset), every rejection and warning, counts and rows.
@Suite struct GzipEngineEquivalenceTests {
    static var sampleInputs: String { Fixtures.root + "/../../sample-inputs" }

    struct Variant: CustomStringConvertible {
        var description: String
        var file: String
        var bytes: [UInt8]
        var maxInflatedBytes: Int64 = 1 << 30
    }

    /// Broken (and a few intact) versions of one CSV.gz member file and one XML.gz registry.
    static func variants() throws -> [Variant] {
        var variants: [Variant] = []
        var generator = SplitMix64(seed: 20)
        for name in ["45-2018-r1.members.csv.gz", "52-2018-r1.registry.xml.gz"] {
            let original = try FilePath.readAll(sampleInputs + "/" + name)
            variants.append(Variant(description: "\(name) intact", file: name, bytes: original))
            let cuts = [1, 9, 10, 11, 20, 100, 1_000, original.count / 2, original.count - 9, original.count - 4]
            for cut in cuts + (0..<4).map({ _ in 1 + generator.below(original.count - 1) }) {
                variants.append(
                    Variant(description: "\(name) cut at \(cut)", file: name, bytes: Array(original[..<cut])))
            }
            for position in [0, 1, 3, 10, 12, original.count - 8, original.count - 2]
                + (0..<8).map({ _ in
                    generator.below(original.count)
                })
            {
                var bytes = original
                bytes[position] ^= UInt8(1 + generator.below(255))
                variants.append(Variant(description: "\(name) byte \(position) changed", file: name, bytes: bytes))
            }
            variants.append(
                Variant(description: "\(name) garbage after", file: name, bytes: original + Array("garbage".utf8)))
            variants.append(
                Variant(description: "\(name) padding then garbage", file: name, bytes: original + [0, 0, 0, 1]))
            variants.append(
                Variant(description: "\(name) two members", file: name, bytes: original + original))
            for bound in [Int64(1), 65_535, 65_536, 100_000] {
                variants.append(
                    Variant(
                        description: "\(name) bound \(bound)", file: name, bytes: original, maxInflatedBytes: bound))
            }
        }
        return variants
    }

    struct Outcome: Equatable {
        var outcome: SubmissionOutcome
        var reason: String?
        var findings: [String]
        var households: Int
        var members: Int
        var identities: [Pseudonym]

        init(_ batch: SubmissionBatch) {
            outcome = batch.outcome
            reason = batch.reason.map { "\($0.rule.rawValue) \($0.location) \($0.message)" }
            findings =
                batch.rejections.map { "\($0.rule.rawValue) \($0.location) \($0.field ?? "") \($0.message)" }
                + batch.warnings.map { "\($0.rule.rawValue) \($0.location) \($0.message)" }
            households = batch.households.count
            members = batch.members.count
            identities = batch.members.identityKey
        }
    }

    @Test func brokenStreamsAreToldAsZlibTellsThem() throws {
        let variants = try Self.variants()
        #expect(variants.count > 70)
        var broken = 0
        for variant in variants {
            let inbox = try TemporaryInbox()
            let prefix = String(variant.file.prefix(10))
            for name in try FileManager.default.contentsOfDirectory(atPath: Self.sampleInputs)
            where name.hasPrefix(prefix) && name != variant.file {
                try inbox.write(name, try FilePath.readAll(Self.sampleInputs + "/" + name))
            }
            try inbox.write(variant.file, variant.bytes)
            let discovery = try SubmissionDiscovery.discover(inbox: inbox.path)
            let submission = try #require(discovery.submissions.first, "\(variant)")
            var results: [Outcome] = []
            for engine in [GzipInflater.Engine.zlib, .isal] {
                var options = IngestOptions(
                    pseudonymizer: Fixtures.pseudonymizer, maxRejectedHouseholdPct: 100,
                    maxInflatedBytes: variant.maxInflatedBytes, readChunkBytes: 4096)
                options.gzipEngine = engine
                results.append(Outcome(Ingestor.ingest(submission, options: options)))
            }
            #expect(results[0] == results[1], "\(variant)")
            if results[0].reason?.hasPrefix("F00") == true { broken += 1 }
        }
        // Most variants are broken streams (F004, F005, F006), the rest intact or lenient.
        #expect(broken > 45)
    }
}
