import Foundation
import Testing

/// `jingzhun explain RUN_A RUN_B`: a run, then a revision of one province (52-2019-r2, the
/// sample's late revision) submitted, a second run; explain lists exactly the values that
/// differ between the two runs' exports, and names that revision (and the one it replaced)
/// for every one of them, and nothing else.
@Suite(.serialized) struct ExplainTests {
    /// `year,level,area_code,indicator` → value text, from an `indicators.csv`.
    static func values(_ bytes: Data) -> [String: String] {
        var out: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[fields[0..<4].joined(separator: ",")] = fields[4]
        }
        return out
    }

    @Test func explainNamesTheRevisionForEveryChangedValueAndNothingElse() throws {
        let inbox = Harness.scratch("explain-inbox")
        let out = Harness.scratch("explain-out")
        try Harness.runSampleThenAddLateRevision(inbox: inbox, output: out)
        let before = Self.values(Harness.read(out + "/exports/indicators.csv"))
        let second = try Harness.run(["run", "pipelines/sample.yaml", "--inbox", inbox, "--output", out, "--quiet"])
        #expect(second.status == 0, "\(second.stderr)")
        let after = Self.values(Harness.read(out + "/exports/indicators.csv"))
        let runs = try FileManager.default.contentsOfDirectory(atPath: out + "/runs").sorted()
        try #require(runs.count == 2)
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        #expect(!changed.isEmpty, "the late revision changes nothing: no test")
        // Only province 52 and the nation (and its later year's values reading 2019) can change.
        #expect(
            changed.allSatisfy { key in
                let area = key.split(separator: ",")[2]
                return area == "CN" || area.hasPrefix("52") || key.contains("cross_province_duplicates")
            }, "\(changed.sorted().prefix(5))")

        let csv = try Harness.run(["explain", runs[0], runs[1], "--output", out, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "year,level,area_code,indicator,value_a,value_b,causes,m0_from_h,m0_from_a")
        var listed: Set<String> = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let key = fields[0..<4].joined(separator: ",")
            listed.insert(key)
            // The values are those of the two exports, and the causes exactly the revision and the one it replaced.
            #expect(fields[4] == before[key] && fields[5] == after[key], "\(line)")
            #expect(fields[6] == "entered:52-2019-r2;left:52-2019-r1", "\(line)")
        }
        #expect(
            listed == changed,
            Comment(
                rawValue: "listed but unchanged: \(listed.subtracting(changed).sorted().prefix(3)); "
                    + "changed but not listed: \(changed.subtracting(listed).sorted().prefix(3))")
        )

        // The text form, filtered to one changed value of province 52.
        let key = try #require(changed.sorted().first { $0.hasPrefix("2019,province,52,") })
        let indicator = String(key.split(separator: ",")[3])
        let text = try Harness.run([
            "explain", runs[0], runs[1], "--output", out, "--area", "52", "--indicator", indicator,
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Program: unchanged"))
        #expect(text.stdout.contains("Catalogue: unchanged"))
        #expect(text.stdout.contains("Reference data: unchanged"))
        #expect(
            text.stdout.contains(
                "because: submission 52-2019-r2 (province 52, 2019, revision 2) entered the records in force"))
        #expect(
            text.stdout.contains(
                "because: submission 52-2019-r1 (province 52, 2019, revision 1) left the records in force"))
        #expect(text.stdout.contains("\n2019 province 52 \(indicator): \(before[key] ?? "?") → \(after[key] ?? "?")\n"))
        // One value per year of the sample (2018, 2019) compared, one differs.
        #expect(
            text.stdout.contains("\n1 of 2 indicator values differ.\n"),
            "the --area and --indicator filters hold: \(text.stdout)")

        // Same run twice: nothing differs. An unknown run is a usage error naming the runs there are.
        let same = try Harness.run(["explain", runs[1], runs[1], "--output", out, "--format", "csv"])
        #expect(same.stdout == "year,level,area_code,indicator,value_a,value_b,causes,m0_from_h,m0_from_a\n")
        let unknown = try Harness.run(["explain", "no-such-run", runs[1], "--output", out])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(runs[0]), "\(unknown.stderr)")
    }

    /// An Alkire–Foster indicator (`mpi` of pipelines/extra-indicators.yaml): the change of M0 is
    /// split into ΔH·Ā and H̄·ΔA, which add up to ΔM0, computed from the listed H and A.
    @Test func afChangeOfM0SplitsIntoHAndA() throws {
        let fm = FileManager.default
        let inbox = Harness.scratch("explain-af-inbox")
        let out = Harness.scratch("explain-af-out")
        let sample = Harness.repository + "/sample-inputs"
        let late = ["52-2019-r2.registry.xml.gz", "52-2019-r2.registry.xml.gz.sha256"]
        for name in try fm.contentsOfDirectory(atPath: sample)
        where !late.contains(name) && name.contains(".") && !name.hasSuffix(".md") {
            try fm.copyItem(atPath: sample + "/" + name, toPath: inbox + "/" + name)
        }
        let run = ["run", "pipelines/sample-extra.yaml", "--inbox", inbox, "--output", out, "--quiet"]
        #expect(try Harness.run(run).status == 1)
        for name in late { try fm.copyItem(atPath: sample + "/" + name, toPath: inbox + "/" + name) }
        #expect(try Harness.run(run).status == 0)
        let runs = try fm.contentsOfDirectory(atPath: out + "/runs").sorted()
        try #require(runs.count == 2)
        let csv = try Harness.run([
            "explain", runs[0], runs[1], "--pipeline", "pipelines/sample-extra.yaml", "--output", out, "--area", "52",
            "--indicator", "mpi", "--format", "csv",
        ])
        #expect(csv.status == 0, "\(csv.stderr)")
        var rows: [String: [String]] = [:]
        for line in csv.stdout.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields[3].hasPrefix("mpi_"), "the --indicator filter of an AF id keeps its family: \(line)")
            rows[fields[0] + " " + fields[3]] = fields
        }
        let m0 = try #require(rows["2019 mpi_m0"], "M0 of province 52 changes with the revision: \(csv.stdout)")
        let h = try #require(rows["2019 mpi_h"])
        // A is listed when it changed; otherwise both runs have the exported value.
        let exported = Self.values(Harness.read(out + "/exports/indicators.csv"))["2019,province,52,mpi_a"] ?? ""
        let a = rows["2019 mpi_a"] ?? ["", "", "", "", exported, exported]
        let (hA, hB, aA, aB) = (
            try #require(Double(h[4])), try #require(Double(h[5])), try #require(Double(a[4])),
            try #require(Double(a[5]))
        )
        let fromH = try #require(Double(m0[7]))
        let fromA = try #require(Double(m0[8]))
        #expect(abs(fromH - (hB - hA) * (aA + aB) / 2) <= 1e-15)
        #expect(abs(fromA - (hA + hB) / 2 * (aB - aA)) <= 1e-15)
        let deltaM0 = try #require(Double(m0[5])) - (try #require(Double(m0[4])))
        #expect(abs(fromH + fromA - deltaM0) <= 1e-12, "ΔH·Ā + H̄·ΔA = ΔM0")
        // Other AF rows carry no split.
        #expect(h[7].isEmpty && h[8].isEmpty)
    }
}
