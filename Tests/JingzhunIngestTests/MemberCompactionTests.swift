import JingzhunCore
import Testing

@testable import JingzhunIngest

/// `SubmissionValidator.keepMembers`: members of rejected households leave the columns in
/// place (no second copy of a province's members, issue 20), in order, renumbered.
struct MemberCompactionTests {
    static func members(slots: [Int32]) -> MemberColumns {
        var columns = MemberColumns()
        for (position, slot) in slots.enumerated() {
            columns.householdIndex.append(slot)
            columns.identityKey.append(Pseudonym(w0: UInt64(position), w1: 1, w2: 2, w3: 3))
            columns.relation.append(position % 2 == 0 ? .head : .spouse)
            columns.sex.append(position % 3 == 0 ? .female : .male)
            columns.birthDate.append(Int32(position * 100))
            columns.education.append(.primary)
            columns.schooling.append(position % 2 == 0 ? .inSchool : .notInSchool)
            columns.health.append(.healthy)
            columns.labor.append(.none)
            columns.medicalInsured.append(position % 2 == 0)
            columns.seriousIllnessInsured.append(position % 3 == 0)
            columns.pensionInsured.append(position % 5 == 0)
            columns.sourceLine.append(Int64(position + 2))
        }
        return columns
    }

    @Test func keepsTheMembersOfKeptHouseholdsInOrderRenumbered() {
        // Households 0…3; 1 and 3 rejected; the others renumbered 0 and 1.
        let newIndex: [Int32] = [0, -1, 1, -1]
        let slots: [Int32] = [0, 0, 1, 2, 1, 3, 2, 0]
        let original = Self.members(slots: slots)
        var columns = original
        SubmissionValidator.keepMembers(of: newIndex, in: &columns)
        let kept = slots.indices.filter { newIndex[Int(slots[$0])] >= 0 }
        #expect(kept == [0, 1, 3, 6, 7])
        #expect(columns.householdIndex == kept.map { newIndex[Int(slots[$0])] })
        #expect(columns.identityKey == kept.map { original.identityKey[$0] })
        #expect(columns.relation == kept.map { original.relation[$0] })
        #expect(columns.sex == kept.map { original.sex[$0] })
        #expect(columns.birthDate == kept.map { original.birthDate[$0] })
        #expect(columns.schooling == kept.map { original.schooling[$0] })
        #expect(columns.medicalInsured == kept.map { original.medicalInsured[$0] })
        #expect(columns.seriousIllnessInsured == kept.map { original.seriousIllnessInsured[$0] })
        #expect(columns.pensionInsured == kept.map { original.pensionInsured[$0] })
        #expect(columns.sourceLine == kept.map { original.sourceLine[$0] })
        #expect(columns.education.count == 5 && columns.health.count == 5 && columns.labor.count == 5)
    }

    @Test func keepingEveryoneOrNoOneIsExact() {
        let slots: [Int32] = [0, 1, 1, 2]
        var all = Self.members(slots: slots)
        SubmissionValidator.keepMembers(of: [2, 1, 0], in: &all)
        #expect(all.householdIndex == [2, 1, 1, 0])
        #expect(all.sourceLine == [2, 3, 4, 5])
        var none = Self.members(slots: slots)
        SubmissionValidator.keepMembers(of: [-1, -1, -1], in: &none)
        #expect(none == MemberColumns())
    }
}
