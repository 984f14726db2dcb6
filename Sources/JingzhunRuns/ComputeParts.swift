import JingzhunIndicators

/// How the compute stage cuts each province (`IndicatorAccumulator`'s parts and identity runs).
///
/// The defaults are `IndicatorAccumulator`'s. Two environment variables of the run context
/// override them, for tests that check that the result does not depend on the cut (tiny parts,
/// tiny runs); they change memory and time only, never an output (docs/performance.md):
/// `JINGZHUN_COMPUTE_PART_HOUSEHOLDS` (households per part) and
/// `JINGZHUN_COMPUTE_IDENTITY_RUN_ENTRIES` (members of H per identity run). A value that is not
/// a positive integer is ignored.
struct ComputeParts: Equatable {
    var householdsPerPart = IndicatorAccumulator.defaultHouseholdsPerPart
    var identityRunEntries = IndicatorAccumulator.defaultIdentityRunEntries

    init(environment: [String: String]) {
        func positive(_ name: String) -> Int? {
            guard let text = environment[name], let value = Int(text), value > 0 else { return nil }
            return value
        }
        householdsPerPart = positive("JINGZHUN_COMPUTE_PART_HOUSEHOLDS") ?? householdsPerPart
        identityRunEntries = positive("JINGZHUN_COMPUTE_IDENTITY_RUN_ENTRIES") ?? identityRunEntries
    }
}
