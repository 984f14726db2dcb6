import JingzhunCore

// Constant-time positions of enumeration cases for the per-household hot loop. Core's `ordinal`
// searches `allCases`; these switches give the same numbers (a test checks every case) without
// touching an array per record.

extension Cause {
    var tallyIndex: Int {
        switch self {
        case .illness: 0
        case .disability: 1
        case .education: 2
        case .disaster: 3
        case .lackOfLand: 4
        case .lackOfWater: 5
        case .lackOfSkills: 6
        case .lackOfLabor: 7
        case .lackOfCapital: 8
        case .poorTransport: 9
        case .lackOfMotivation: 10
        case .other: 11
        }
    }
}

extension Category {
    var tallyIndex: Int {
        switch self {
        case .general: 0
        case .lowIncomeGuarantee: 1
        case .extremePovertySupport: 2
        }
    }
}
