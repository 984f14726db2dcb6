import Testing

@testable import JingzhunRuns

/// One mapping from how a run ended to its exit status (runs-and-store.md §Command line;
/// docs/exit-status.md): what the commands exit with is what the manifest records.
@Suite struct ExitStatusMappingTests {
    @Test(arguments: [
        (RunEnd.ok, Int32(0)), (.submissionRejected, 1), (.usage("u"), 2), (.locked("l"), 3),
        (.storeDamaged("d"), 65), (.systemFailure(.unavailable, "s"), 69), (.internalError("i"), 70),
        (.systemFailure(.cannotCreate, "s"), 73), (.systemFailure(.io, "s"), 74),
        (.systemFailure(.permission, "s"), 77), (.interrupted(signal: 2), 130), (.interrupted(signal: 15), 143),
    ])
    func everyEndHasTheContractsNumber(end: RunEnd, status: Int32) {
        #expect(end.exitStatus.rawValue == status)
        #expect(end.exitStatus.isFinished == (status <= 1))
    }
}
