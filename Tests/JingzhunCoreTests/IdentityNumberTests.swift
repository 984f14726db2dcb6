import Foundation
import JingzhunCore
import Testing

/// Fixtures are found via #filePath (house-style §3.5), never the network.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

struct IdentityVector: CustomStringConvertible, Sendable {
    var id: String
    var valid: Bool
    var description: String { "\(id) \(valid)" }
}

func loadVectors() -> [IdentityVector] {
    let url = fixtures.appendingPathComponent("reference/id_check_vectors.csv")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").dropFirst().map {
        let parts = $0.split(separator: ",")
        return IdentityVector(id: String(parts[0]), valid: parts[1] == "true")
    }
}

@Test func referenceVectorsAreLoaded() {
    #expect(loadVectors().count == 16)
}

@Test(arguments: loadVectors())
func identityVector(_ v: IdentityVector) {
    let result = IdentityNumber.check(Array(v.id.utf8))
    switch result {
    case .success: #expect(v.valid, "\(v.id) accepted but the reference says invalid")
    case .failure(let e): #expect(!v.valid, "\(v.id) rejected (\(e.problem)) but the reference says valid")
    }
}

@Test func standardExampleReadsBirthAndSex() throws {
    let checked = try IdentityNumber.check(Array("11010519491231002X".utf8)).get()
    #expect(checked.birthDate == CivilDate(year: 1949, month: 12, day: 31))
    // Sequence 002: even → female.
    #expect(checked.sex == .female)
}

@Test func lowercaseXIsNormalised() throws {
    let checked = try IdentityNumber.check(Array("11010519491231002x".utf8)).get()
    #expect(checked.normalized == Array("11010519491231002X".utf8))
}

@Test func problemsAreClassified() {
    func problem(_ s: String) -> IdentityNumber.Problem? {
        if case .failure(let e) = IdentityNumber.check(Array(s.utf8)) { return e.problem }
        return nil
    }
    #expect(problem("11010519491231002") == .length)
    #expect(problem("1101051949123100AX") == .nonDigit)
    #expect(problem("11010519491331002X") == .birthDate)
    #expect(problem("110105194912310021") == .checkCharacter)
}

@Test func maskingKeepsFirstSixAndLastTwo() {
    #expect(IdentityNumber.masked(Array("11010519491231002X".utf8)) == "110105**********2X")
    #expect(IdentityNumber.masked(Array("1234".utf8)) == "****")
}

@Test func identityShapedRunsAreMaskedWhereverTheyAre() {
    #expect(
        IdentityNumber.maskEmbedded(in: "household_id \"11010519491231002X\" is unknown")
            == "household_id \"110105**********2X\" is unknown")
    #expect(IdentityNumber.maskEmbedded(in: "11010519491231002x") == "110105**********2x")
    #expect(
        IdentityNumber.maskEmbedded(in: "a 440524188001010014 and 370101190102039973.")
            == "a 440524**********14 and 370101**********73.")
    // Not identity-shaped: 19 digits, 17 digits, digits glued to letters, a village code.
    for text in [
        "1101051949123100211", "11010519491231002", "H11010519491231002X", "11010519491231002XY", "520102001001", "",
    ] {
        #expect(IdentityNumber.maskEmbedded(in: text) == text)
    }
}

/// `readFields` (in place, as ingest checks every member) agrees with `check` on the reference
/// vectors and on every problem, and `normalize` gives `check`'s normalised bytes.
@Test func readingInPlaceAgreesWithCheck() {
    let numbers =
        loadVectors().map(\.id) + [
            "11010519491231002X", "11010519491231002x", "11010519491231002", "1101051949123100AX",
            "11010519491331002X", "110105194912310021", "11010519490229002X", "11010520000229002x",
            "110105194912310020", "11010519491231002Y", "", "1101051949123100211",
        ]
    #expect(numbers.count > 20)
    for number in numbers {
        let bytes = Array(number.utf8)
        let checked = IdentityNumber.check(bytes)
        let fields = bytes.withUnsafeBufferPointer { IdentityNumber.readFields($0) }
        switch (checked, fields) {
        case (.success(let checked), .success(let fields)):
            #expect(fields.birthDate == checked.birthDate, "\(number)")
            #expect(fields.sex == checked.sex, "\(number)")
            var normalized = [UInt8](repeating: 0, count: 18)
            bytes.withUnsafeBufferPointer { source in
                normalized.withUnsafeMutableBufferPointer { IdentityNumber.normalize(source, into: $0) }
            }
            #expect(normalized == checked.normalized, "\(number)")
        case (.failure(let a), .failure(let b)):
            #expect(a.problem == b.problem, "\(number)")
        default:
            Issue.record("\(number): check \(checked), readFields \(fields)")
        }
    }
}
