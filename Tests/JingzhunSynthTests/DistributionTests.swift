import JingzhunCore
import Testing

@testable import JingzhunSynth

/// The synthetic registry looks like the real one in the ways the indicators care about.
@Suite(.enabled(if: TestReference.isAvailable, "needs pipelines/reference"))
struct DistributionTests {
    static let years: [Int32] = [2014, 2015, 2016, 2017, 2018, 2019, 2020]

    @Test func registryFiguresArePlausible() throws {
        let reference = try #require(TestReference.loaded)
        let run = try generate(provinces: [52], years: Self.years, households: 3000, format: .xml)
        defer { removeTree(run.directory) }
        var incidence: [Int32: Double] = [:]
        var previousIncome: [String: Double] = [:]
        for year in Self.years {
            let parsed = try #require(ParsedSubmission.read(directory: run.directory, prefix: "52-\(year)-r1"))
            let z = reference.povertyLine(year)
            let national = reference.nationalRuralIncome(year)
            // County statistics: income near the year's national level and growing.
            for county in parsed.counties {
                let income = try #require(Double(county["rural_income"] ?? ""))
                #expect(income > 0.5 * national && income < 1.15 * national)
                let code = county["county_code"] ?? ""
                if let before = previousIncome[code] { #expect(income > before) }
                previousIncome[code] = income
            }
            let rural = parsed.counties.reduce(0) { $0 + (Int($1["rural_population"] ?? "") ?? 0) }
            var poorPeople = 0
            var exits = 0
            var bunched = 0
            var sizes = 0
            var counted = 0
            for household in parsed.households {
                let status = household.record["status"] ?? ""
                let size = household.members.count
                #expect((1...7).contains(size))
                #expect(household.members.filter { $0["relation"] == "head" }.count == 1)
                if status != "removed" {
                    sizes += size
                    counted += 1
                }
                if status == "poor" || status == "returned" { poorPeople += size }
                if status == "exited" && household.record["exit_year"] == String(year) {
                    exits += 1
                    let net =
                        ["income_wage", "income_operating", "income_property", "income_transfer"]
                        .reduce(0.0) { $0 + (Double(household.record[$1] ?? "") ?? 0) }
                        - (Double(household.record["operating_cost"] ?? "") ?? 0)
                    let perCapita = net / Double(size)
                    if perCapita > z && perCapita <= 1.1 * z { bunched += 1 }
                }
            }
            incidence[year] = 100 * Double(poorPeople) / Double(rural)
            let meanSize = Double(sizes) / Double(counted)
            #expect(meanSize > 2.9 && meanSize < 3.8, "mean household size \(meanSize) in \(year)")
            if (2016...2019).contains(year) {
                #expect(exits > 50, "exits in \(year)")
                let share = Double(bunched) / Double(exits)
                #expect(share > 0.02 && share < 0.3, "bunching share \(share) in \(year)")
            }
        }
        print(
            "DistributionTests: province 52 incidence % by year: "
                + "\(incidence.sorted { $0.key < $1.key }.map { "\($0.key) \(($0.value * 100).rounded() / 100)" })"
        )
        #expect((1...8).contains(incidence[2016] ?? 0), "incidence \(incidence.sorted { $0.key < $1.key })")
        #expect(
            (incidence[2014] ?? 0) > (incidence[2017] ?? 0) && (incidence[2017] ?? 0) > (incidence[2019] ?? 0),
            "\(incidence)")
    }

    @Test func membersAndVillagesLookReal() throws {
        let run = try generate(provinces: [53], years: [2019], households: 2000, format: .csv)
        defer { removeTree(run.directory) }
        let parsed = try #require(ParsedSubmission.read(directory: run.directory, prefix: "53-2019-r1"))
        let members = parsed.households.flatMap(\.members)
        let schoolAge = members.filter { m in
            let year = Int(m["birth_date"]?.prefix(4) ?? "") ?? 0
            return (6...15).contains(2019 - year)
        }
        let inSchool = schoolAge.filter { $0["schooling"] == "in_school" }.count
        #expect(Double(inSchool) / Double(schoolAge.count) > 0.9)
        #expect(members.contains { $0["member_id"]?.hasSuffix("X") == true }, "some numbers end in X")
        let insured = members.filter { $0["medical_insured"] == "1" }.count
        #expect(Double(insured) / Double(members.count) > 0.9)
        let roads = parsed.villages.filter { $0["road"] == "1" }.count
        #expect(Double(roads) / Double(parsed.villages.count) > 0.8)
        #expect(
            parsed.villages.contains { $0["poor_village"] == "1" }
                && parsed.villages.contains { $0["poor_village"] == "0" })
        #expect(parsed.villages.allSatisfy { ($0["name"] ?? "").hasSuffix("村") })
        let causes = Set(parsed.households.compactMap { $0.record["cause"] })
        #expect(causes.count >= 8)
        let statuses = Set(parsed.households.compactMap { $0.record["status"] })
        #expect(statuses == ["poor", "exited", "returned", "removed"])
    }

    /// Counties are real, prefer the 832 poverty counties, span two prefectures, 5-30 villages each.
    @Test func countiesComeFromTheReference() throws {
        let reference = try #require(TestReference.loaded)
        let plan = try ProvincePlan(province: 52, householdCount: 3000, seed: 1, reference: reference)
        let known = Dictionary(uniqueKeysWithValues: (reference.countiesByProvince[52] ?? []).map { ($0.code, $0) })
        #expect(plan.counties.count == 6)
        #expect(plan.counties.allSatisfy { known[$0.code]?.isPovertyCounty == true })
        #expect(Set(plan.counties.map { $0.code / 100 }).count >= 2)
        #expect(plan.counties.allSatisfy { (5...30).contains($0.villages.count) })
        #expect(plan.counties.reduce(0) { $0 + $1.households.count } == 3000)
        // Beijing has no poverty counties and one prefecture code (1101): still works.
        let beijing = try ProvincePlan(province: 11, householdCount: 3000, seed: 1, reference: reference)
        #expect(beijing.counties.count == 6)
    }

    /// Memory by design: the plan for a million households holds villages, not households.
    @Test func planSizeDoesNotGrowWithHouseholds() throws {
        let reference = try #require(TestReference.loaded)
        let small = try ProvincePlan(province: 51, householdCount: 100_000, seed: 1, reference: reference)
        let large = try ProvincePlan(province: 51, householdCount: 1_000_000, seed: 1, reference: reference)
        #expect(small.counties.count == large.counties.count)  // all 183 counties of 四川 either way
        #expect(large.villageCount <= large.counties.count * 30)
        #expect(large.counties.allSatisfy { $0.households.count <= ProvincePlan.maximumHouseholdsPerCounty })
    }

    /// Issue 20's largest province: 3,000,000 households need every county of 四川 (183, more
    /// than 15,000 each); the narrower spread keeps each under the identity numbers' limit, and a
    /// province too small for its households is still refused with the counties it would need.
    @Test func crowdedProvinceUsesEveryCountyWithinTheIdentityLimit() throws {
        let reference = try #require(TestReference.loaded)
        let counties = try #require(reference.countiesByProvince[51]).count
        let plan = try ProvincePlan(province: 51, householdCount: 3_000_000, seed: 1, reference: reference)
        #expect(plan.counties.count == counties)
        #expect(plan.counties.reduce(0) { $0 + $1.households.count } == 3_000_000)
        let largest = plan.counties.map(\.households.count).max() ?? 0
        #expect(largest <= ProvincePlan.maximumHouseholdsPerCounty)
        #expect(largest > 3_000_000 / counties)  // still spread, not equal shares
        #expect(throws: SynthError.self) {
            _ = try ProvincePlan(
                province: 51, householdCount: counties * ProvincePlan.crowdedMeanCeiling + 1, seed: 1,
                reference: reference)
        }
    }
}
