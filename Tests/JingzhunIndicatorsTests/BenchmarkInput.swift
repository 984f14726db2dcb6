import JingzhunCore

// Synthetic national-scale input for the compute measurement (BenchmarkTests, JINGZHUN_BENCH=1).
// Deterministic (fixed-seed LCG); shaped like the registry: 3.3 members per household on average,
// households grouped by village, incomes around the poverty line, a few cross-province duplicates.

enum BenchmarkInput {
    /// `households` households spread over `provinces` provinces, for `year`; the same household
    /// numbers recur every year (panel), with incomes drifting by year.
    static func year(_ year: Int32, households: Int, provinces: Int = 10) -> [ProvinceYearData] {
        var rng = LCG(state: 0xB0B0 &+ UInt64(year))
        let provinceCodes: [Int32] = [11, 13, 33, 41, 42, 43, 45, 51, 52, 53, 61, 62, 63, 65].prefix(provinces).map {
            $0
        }
        let perProvince = households / provinces
        let countiesPerProvince = 40
        let villagesPerCounty = 25
        return provinceCodes.enumerated().map { ordinal, province in
            var data = ProvinceYearData(key: SubmissionKey(province: province, year: year, revision: 1))
            for county in 0..<countiesPerProvince {
                let code = province * 10_000 + Int32(county / 10 + 1) * 100 + Int32(county % 10 + 1)
                data.counties.countyCode.append(code)
                data.counties.ruralPopulation.append(200_000 + Int64(rng.next() % 300_000))
                data.counties.ruralIncomeFen.append(800_000 + Int64(rng.next() % 800_000))
                data.counties.sourceLine.append(0)
                for village in 0..<villagesPerCounty {
                    data.villages.villageCode.append(Int64(code) * 1_000_000 + Int64(village + 1))
                    data.villages.name.append("v")
                    data.villages.isPoorVillage.append(rng.next() % 3 == 0)
                    data.villages.population.append(500 + Int64(rng.next() % 2000))
                    data.villages.road.append(rng.next() % 10 != 0)
                    data.villages.water.append(rng.next() % 8 != 0)
                    data.villages.electricity.append(true)
                    data.villages.broadband.append(rng.next() % 2 == 0)
                    data.villages.clinic.append(rng.next() % 4 != 0)
                    data.villages.sourceLine.append(0)
                }
            }
            let villageCount = data.villages.count
            let h = perProvince
            data.households.householdID.reserveCapacity(h)
            for index in 0..<h {
                let village = data.villages.villageCode[index * villageCount / h]
                let statusRoll = rng.next() % 20
                let status: HouseholdStatus =
                    statusRoll < 12 ? .poor : statusRoll < 18 ? .exited : statusRoll < 19 ? .returned : .removed
                data.households.householdID.append("H\(province)-\(index)")
                data.households.villageCode.append(village)
                data.households.registeredYear.append(2014)
                data.households.category.append(JingzhunCore.Category.allCases[Int(rng.next() % 3)])
                data.households.cause.append(Cause.allCases[Int(rng.next() % 12)])
                data.households.status.append(status)
                data.households.exitYear.append(
                    status == .exited || status == .returned ? year - Int32(rng.next() % 2) : nil)
                data.households.housingGrade.append(HousingGrade.allCases[Int(rng.next() % 4)])
                data.households.safeWater.append(rng.next() % 10 != 0)
                data.households.foodClothingSecured.append(rng.next() % 20 != 0)
                data.households.incomeWageFen.append(Int64(rng.next() % 1_500_000) + Int64(year - 2014) * 50_000)
                data.households.incomeOperatingFen.append(Int64(rng.next() % 400_000) - 100_000)
                data.households.incomePropertyFen.append(Int64(rng.next() % 50_000))
                data.households.incomeTransferFen.append(Int64(rng.next() % 300_000))
                data.households.operatingCostFen.append(Int64(rng.next() % 100_000))
                data.households.measures.append(MeasureSet(rawValue: UInt16(rng.next() % 1024)))
                data.households.sourceLine.append(0)
                // 1 to 6 members, mean 3.3.
                let roll = rng.next() % 10
                let size = roll < 1 ? 1 : roll < 3 ? 2 : roll < 6 ? 3 : roll < 8 ? 4 : roll < 9 ? 5 : 6
                for member in 0..<size {
                    data.members.householdIndex.append(Int32(index))
                    // One identity in 5,000 is shared with the next province.
                    let shared = index % 5000 == 0 && member == 0 && ordinal > 0
                    data.members.identityKey.append(
                        shared
                            ? Pseudonym(w0: 0, w1: 0, w2: 0, w3: UInt64(index))
                            : Pseudonym(
                                w0: rng.next(), w1: rng.next(), w2: UInt64(province), w3: UInt64(index * 8 + member)))
                    data.members.relation.append(member == 0 ? .head : .child)
                    data.members.sex.append(.male)
                    data.members.birthDate.append(Int32(-8000 + Int(rng.next() % 25_000)))
                    data.members.education.append(.primary)
                    data.members.schooling.append(Schooling.allCases[Int(rng.next() % 5)])
                    data.members.health.append(.healthy)
                    data.members.labor.append(.ordinary)
                    data.members.medicalInsured.append(rng.next() % 50 != 0)
                    data.members.seriousIllnessInsured.append(rng.next() % 5 != 0)
                    data.members.pensionInsured.append(true)
                    data.members.sourceLine.append(0)
                }
            }
            data.counts.householdsReceived = h + h / 100
            data.counts.householdsRejected = h / 100
            return data
        }
    }
}

/// Knuth's MMIX LCG, high bits only; deterministic and fast enough for bulk fixtures.
struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 16 | state << 48
    }
}
