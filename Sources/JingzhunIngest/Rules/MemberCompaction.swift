import JingzhunCore

extension SubmissionValidator {
    /// Keeps the members whose household slot has a new index (`newIndex[slot] >= 0`), in order,
    /// with `householdIndex` set to it: an in-place compaction, no second copy of a province's
    /// members (issue 20).
    static func keepMembers(of newIndex: [Int32], in columns: inout MemberColumns) {
        let count = columns.householdIndex.count
        var kept = 0
        for position in 0..<count {
            let index = newIndex[Int(columns.householdIndex[position])]
            guard index >= 0 else { continue }
            if kept != position {
                columns.identityKey[kept] = columns.identityKey[position]
                columns.relation[kept] = columns.relation[position]
                columns.sex[kept] = columns.sex[position]
                columns.birthDate[kept] = columns.birthDate[position]
                columns.education[kept] = columns.education[position]
                columns.schooling[kept] = columns.schooling[position]
                columns.health[kept] = columns.health[position]
                columns.labor[kept] = columns.labor[position]
                columns.medicalInsured[kept] = columns.medicalInsured[position]
                columns.seriousIllnessInsured[kept] = columns.seriousIllnessInsured[position]
                columns.pensionInsured[kept] = columns.pensionInsured[position]
                columns.sourceLine[kept] = columns.sourceLine[position]
            }
            columns.householdIndex[kept] = index
            kept += 1
        }
        let dropped = count - kept
        guard dropped > 0 else { return }
        columns.householdIndex.removeLast(dropped)
        columns.identityKey.removeLast(dropped)
        columns.relation.removeLast(dropped)
        columns.sex.removeLast(dropped)
        columns.birthDate.removeLast(dropped)
        columns.education.removeLast(dropped)
        columns.schooling.removeLast(dropped)
        columns.health.removeLast(dropped)
        columns.labor.removeLast(dropped)
        columns.medicalInsured.removeLast(dropped)
        columns.seriousIllnessInsured.removeLast(dropped)
        columns.pensionInsured.removeLast(dropped)
        columns.sourceLine.removeLast(dropped)
    }
}
