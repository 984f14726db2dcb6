import Foundation
import JingzhunIO
import Testing

/// issue 13: a damaged store never leads to exit 0 with wrong or blank numbers. Each kind of
/// damage makes `run` and `report` refuse with exit 65 naming the table; `verify --against`
/// sees it; `rebuild` restores outputs byte-identical to the undamaged run's.
@Suite(.serialized) struct StoreDamageTests {
    /// The undamaged sample run, made once and copied for each case.
    static let base: String = {
        let output = Harness.scratch("damage-base")
        _ = try? Bounded.run(["run", "pipelines/sample.yaml", "--output", output, "--quiet"], timeout: 300)
        return output
    }()

    static func copyOfBase(_ name: String) throws -> String {
        let copy = Harness.scratch(name)
        try FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: base, toPath: copy)
        return copy
    }

    /// Commit files of a table's log, ascending.
    static func commits(_ output: String, _ table: String) throws -> [String] {
        let log = output + "/store/\(table)/_delta_log"
        return try FileManager.default.contentsOfDirectory(atPath: log).filter {
            $0.hasSuffix(".json") && $0.count == 25
        }.sorted()
            .map { log + "/" + $0 }
    }

    /// Appends a well-formed commit removing the file in force of `partition` (the attack of the issue).
    static func removeInForce(_ output: String, table: String, partition: String) throws -> String {
        var active: [String: Bool] = [:]
        let files = try commits(output, table)
        for commit in files {
            for line in String(decoding: Harness.read(commit), as: UTF8.self).split(separator: "\n") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    continue
                }
                if let add = object["add"] as? [String: Any], let path = add["path"] as? String { active[path] = true }
                if let remove = object["remove"] as? [String: Any], let path = remove["path"] as? String {
                    active[path] = nil
                }
            }
        }
        guard let victim = active.keys.sorted().first(where: { $0.hasPrefix(partition) }) else { return "" }
        let next = String(format: "%020d.json", files.count)
        let action = "{\"remove\":{\"path\":\"\(victim)\",\"deletionTimestamp\":0,\"dataChange\":true}}\n"
        try Data(action.utf8).write(to: URL(fileURLWithPath: output + "/store/\(table)/_delta_log/" + next))
        return victim
    }

    func expectRefused(_ output: String, naming: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try Bounded.run(["run", "pipelines/sample.yaml", "--output", output, "--quiet"], timeout: 120)
        #expect(run.status == 65, "run: \(run.stderr)", sourceLocation: sourceLocation)
        #expect(
            run.stderr.contains("store damaged") || run.stderr.contains("is not valid"), "\(run.stderr)",
            sourceLocation: sourceLocation)
        #expect(run.stderr.contains(naming), "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains("jingzhun rebuild"), "\(run.stderr)", sourceLocation: sourceLocation)
        let report = try Bounded.run(
            ["report", "national", "--year", "2019", "--format", "csv", "--output-dir", output], timeout: 60)
        #expect(report.status == 65, "report: \(report.stderr)", sourceLocation: sourceLocation)
        #expect(report.stdout.isEmpty, sourceLocation: sourceLocation)
        // The refused run left the lock free and the exports untouched.
        #expect(
            Harness.read(output + "/exports/indicators.csv") == Harness.read(Self.base + "/exports/indicators.csv"),
            sourceLocation: sourceLocation)
    }

    @Test func aRemovedDataTableIsRefusedThenRebuiltIdentically() throws {
        let output = try Self.copyOfBase("damage-members")
        try FileManager.default.removeItem(atPath: output + "/store/members")
        try expectRefused(output, naming: "members")
        // Recovery: rebuild from the inbox; outputs byte-identical to the undamaged run's.
        let rebuild = try Bounded.run(
            ["rebuild", "pipelines/sample.yaml", "--output", output, "--quiet"], timeout: 300)
        #expect(rebuild.status == 1, "\(rebuild.stderr)")  // the sample's rejected submission, as in the first run
        try expectSameOutputs(output)
        let aside = try FileManager.default.contentsOfDirectory(atPath: output).filter {
            $0.hasPrefix("store.damaged-")
        }
        #expect(aside.count == 1, "the damaged store is kept aside for inspection")
        let again = try Bounded.run(["run", "pipelines/sample.yaml", "--output", output, "--quiet"], timeout: 120)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func aRemovedIndicatorsTableIsRefused() throws {
        let output = try Self.copyOfBase("damage-indicators")
        try FileManager.default.removeItem(atPath: output + "/store/indicators")
        try expectRefused(output, naming: "indicators")
    }

    @Test func aZeroByteOrUnparsableCommitIsRefused() throws {
        let empty = try Self.copyOfBase("damage-empty-commit")
        let last = try Self.commits(empty, "households").last ?? ""
        try Data().write(to: URL(fileURLWithPath: last))
        try expectRefused(empty, naming: "households")
        let garbled = try Self.copyOfBase("damage-garbled-commit")
        try Data("{\"add\": {\"path\": ".utf8).write(
            to: URL(fileURLWithPath: try Self.commits(garbled, "villages").last ?? ""))
        try expectRefused(garbled, naming: "villages")
    }

    @Test func aWellFormedRemoveOfAYearsFileIsRefusedAndVerifySeesIt() throws {
        let output = try Self.copyOfBase("damage-remove")
        let victim = try Self.removeInForce(output, table: "households", partition: "year=2019/province=52/")
        #expect(!victim.isEmpty)
        // The files on disk are unchanged; the log says the file is no longer in force.
        let verify = try Bounded.run(["verify", "--against", Self.base, output], timeout: 60)
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.contains("NOT IN FORCE") && verify.stdout.contains(victim), "\(verify.stdout)")
        try expectRefused(output, naming: "households")
        let clean = try Bounded.run(
            ["verify", "--against", Self.base, try Self.copyOfBase("damage-none")], timeout: 60)
        #expect(clean.status == 0, "\(clean.stdout)")
    }

    @Test func aDeletedDataFileAndARemovedLedgerAreRefusedAndTheLedgerIsRebuiltFromTheInbox() throws {
        let deleted = try Self.copyOfBase("damage-deleted-file")
        let victim = try Self.removeInForce(deleted, table: "members", partition: "year=2018/province=53/")
        // Undo the remove commit: only the file goes, the log still lists it.
        try FileManager.default.removeItem(atPath: try Self.commits(deleted, "members").last ?? "")
        try FileManager.default.removeItem(atPath: deleted + "/store/members/" + victim)
        try expectRefused(deleted, naming: "members")

        let ledger = try Self.copyOfBase("damage-ledger")
        try FileManager.default.removeItem(atPath: ledger + "/store/submissions")
        try expectRefused(ledger, naming: "submissions")
        let rebuild = try Bounded.run(["rebuild", "pipelines/sample.yaml", "--output", ledger], timeout: 300)
        #expect(rebuild.status == 1, "\(rebuild.stderr)")
        #expect(rebuild.stderr.contains("ledger is unreadable"), "\(rebuild.stderr)")
        try expectSameOutputs(ledger)
    }

    /// Not damage: a province applied (normalize) but not yet computed. `report` and the separate
    /// compute stage must not refuse it (the indicators of the year lack that province until compute).
    @Test func aProvinceAppliedButNotYetComputedIsNotDamage() throws {
        let inbox = try Bounded.sampleInbox("late-province-inbox")
        let output = Harness.scratch("late-province-output")
        let late = try FileManager.default.contentsOfDirectory(atPath: inbox).filter { $0.hasPrefix("53-2019-") }
        let aside = Harness.scratch("late-province-aside")
        for name in late { try FileManager.default.moveItem(atPath: inbox + "/" + name, toPath: aside + "/" + name) }
        let first = try Bounded.run(
            ["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", output, "--quiet"], timeout: 300)
        #expect(first.status == 1, "\(first.stderr)")
        for name in late { try FileManager.default.moveItem(atPath: aside + "/" + name, toPath: inbox + "/" + name) }
        let arguments = ["pipelines/sample.yaml", "--inbox", inbox, "--output", output, "--quiet"]
        for stage in ["jingzhun-ingest", "jingzhun-normalize"] {
            let run = try Bounded.run(arguments, timeout: 300, executable: stage)
            #expect(run.status == 0, "\(stage): \(run.stderr)")
        }
        // `report` in the middle of a run reads the version the last finished run left: the same
        // bytes as that run's report, without the submission applied since (which the newest
        // ledger already holds).
        let report = try Bounded.run(
            ["report", "data-quality", "--year", "2019", "--format", "csv", "--output-dir", output], timeout: 60)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(Data(report.stdout.utf8) == Harness.read(output + "/reports/2019/data-quality.csv"))
        #expect(!report.stdout.contains("53-2019-r1"))
        let compute = try Bounded.run(arguments, timeout: 300, executable: "jingzhun-compute")
        #expect(compute.status == 0, "\(compute.stderr)")
    }

    /// A rebuild refuses (65, changing nothing) when a submission in force is gone from the inbox.
    @Test func aRebuildWithoutTheInForceFilesRefusesAndChangesNothing() throws {
        let output = try Self.copyOfBase("damage-missing-input")
        let inbox = try Bounded.sampleInbox("damage-missing-inbox")
        try FileManager.default.removeItem(atPath: inbox + "/41-2019-r1.registry.xml")
        let rebuild = try Bounded.run(
            ["rebuild", "pipelines/sample.yaml", "--inbox", inbox, "--output", output], timeout: 120)
        #expect(rebuild.status == 65, "\(rebuild.stderr)")
        #expect(rebuild.stderr.contains("41-2019-r1"), "\(rebuild.stderr)")
        #expect(FileManager.default.fileExists(atPath: output + "/store/members/_delta_log"))
        #expect(
            try !FileManager.default.contentsOfDirectory(atPath: output).contains { $0.hasPrefix("store.damaged-") })
    }

    func expectSameOutputs(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = FilePath.walkFiles(Self.base).filter { $0.hasPrefix("exports/") || $0.hasPrefix("reports/") }
        #expect(files.count > 20, sourceLocation: sourceLocation)
        for file in files {
            #expect(
                Harness.read(output + "/" + file) == Harness.read(Self.base + "/" + file), "\(file) differs",
                sourceLocation: sourceLocation)
        }
        #expect(
            FilePath.walkFiles(output).filter { $0.hasPrefix("exports/") || $0.hasPrefix("reports/") } == files,
            sourceLocation: sourceLocation)
    }
}
