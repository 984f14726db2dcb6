import JingzhunCore
import Testing

@testable import JingzhunSynth

@Suite(.enabled(if: TestReference.isAvailable, "needs pipelines/reference"))
struct PanelTests {
    @Test func householdsKeepTheirIdentityAcrossYears() throws {
        let run = try generate(provinces: [52], years: [2017, 2018, 2019], households: 800, format: .csv)
        defer { removeTree(run.directory) }
        let years = try [2017, 2018, 2019].map {
            try #require(ParsedSubmission.read(directory: run.directory, prefix: "52-\($0)-r1"))
        }
        var exitedInto2019 = 0
        var births = 0
        for (earlier, later, laterYear) in [(years[0], years[1], "2018"), (years[1], years[2], "2019")] {
            let next = Dictionary(uniqueKeysWithValues: later.households.map { ($0.id, $0) })
            #expect(later.households.count > earlier.households.count, "households registered later join the panel")
            var identical = 0
            for household in earlier.households {
                let following = try #require(next[household.id], "household \(household.id) disappeared")
                #expect(following.record["village_code"] == household.record["village_code"])
                #expect(following.record["registered_year"] == household.record["registered_year"])
                #expect(following.record["cause"] == household.record["cause"])
                let before = Dictionary(uniqueKeysWithValues: household.members.map { ($0["member_id"] ?? "", $0) })
                let after = Dictionary(uniqueKeysWithValues: following.members.map { ($0["member_id"] ?? "", $0) })
                for (id, member) in before {
                    let same = try #require(after[id], "member left household \(household.id)")
                    #expect(
                        same["name"] == member["name"] && same["birth_date"] == member["birth_date"]
                            && same["sex"] == member["sex"])
                }
                if before.count == after.count { identical += 1 } else { births += after.count - before.count }
                // Status moves only forward: poor → exited (exit year = that year) → returned; removed stays.
                let from = household.record["status"] ?? ""
                let to = following.record["status"] ?? ""
                switch (from, to) {
                case ("poor", "poor"), ("poor", "removed"), ("removed", "removed"), ("returned", "returned"): break
                case ("poor", "exited"):
                    exitedInto2019 += 1
                    #expect(following.record["exit_year"] == laterYear)
                case ("exited", "exited"), ("exited", "returned"):
                    #expect(following.record["exit_year"] == household.record["exit_year"])
                default:
                    Issue.record("unexpected transition \(from) → \(to) for \(household.id)")
                }
            }
            #expect(identical * 10 >= earlier.households.count * 9, "most households keep exactly their members")
        }
        #expect(exitedInto2019 > 0)
        #expect(births > 0, "some children are born into the panel")
    }

    /// A household that exits in year y carries exit_year = y in y and later.
    @Test func exitYearIsTheYearOfExit() throws {
        let run = try generate(provinces: [53], years: [2017, 2018], households: 600, format: .xml)
        defer { removeTree(run.directory) }
        let y2017 = try #require(ParsedSubmission.read(directory: run.directory, prefix: "53-2017-r1"))
        let y2018 = try #require(ParsedSubmission.read(directory: run.directory, prefix: "53-2018-r1"))
        let before = Dictionary(uniqueKeysWithValues: y2017.households.map { ($0.id, $0.record["status"] ?? "") })
        var newExits = 0
        for household in y2018.households where household.record["status"] == "exited" {
            if before[household.id] == "poor" || before[household.id] == nil {
                #expect(household.record["exit_year"] == "2018")
                newExits += 1
            } else {
                #expect(Int(household.record["exit_year"] ?? "") ?? 9999 <= 2017)
            }
        }
        #expect(newExits > 10)
    }

    /// Regenerating a household out of order gives the same record: no hidden per-household state.
    @Test func householdsAreRegeneratedIndependentlyOfOrder() throws {
        let reference = try #require(TestReference.loaded)
        let generator = HouseholdGenerator(seed: 5, province: 52, reference: reference, booleans: .xml)
        func make(_ index: Int) -> [String?]? {
            generator.household(
                index: index, householdInCounty: index, countyCode: 520_322, villageCode: 520_322_100_200,
                sequenceInVillage: index + 1, year: 2019
            ).map { $0.fields + $0.members.flatMap(\.fields) }
        }
        let forward = (0..<50).map(make)
        let backward = Array((0..<50).reversed().map(make).reversed())
        #expect(forward.count == backward.count)
        for (a, b) in zip(forward, backward) { #expect(a == b) }
    }
}
