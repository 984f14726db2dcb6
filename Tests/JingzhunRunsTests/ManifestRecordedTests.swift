import Testing

@testable import JingzhunRuns

/// A manifest read back through `Manifest.Recorded`, the one reader of its shape (issue 14).
struct ManifestRecordedTests {
    static let text = """
        {"format":"jingzhun-manifest/1","run_id":"20261204T020000Z-7","command":"run",
         "pipeline":{"name":"sample","path":"../pipelines/sample.yaml","sha256":"aa11"},
         "inbox":"../sample-inputs","reference":{"path":"ref","sha256":"bb22","files":[]},
         "pseudonym_key":{"source":"env","fingerprint":"cc33"},
         "inputs":[{"path":"52-2019-r1.registry.xml","size":10,"sha256":"dd44",
                    "submission":"52-2019-r1","outcome":"applied"},
                   {"path":"fifo","submission":"","outcome":"refused"},
                   {"path":"README.txt","size":3,"sha256":"ee55","submission":"","outcome":"not-a-submission"}],
         "outputs":[{"path":"exports/indicators.csv","sha256":"ff66","size":9}]}
        """

    @Test func readsTheFieldsVerifyUses() throws {
        let m = try #require(Manifest.Recorded(bytes: Array(Self.text.utf8)))
        #expect(m.runID == "20261204T020000Z-7" && m.command == "run")
        #expect(m.endedAt == nil && m.exitStatus == nil, "absent in this manifest")
        #expect(m.pipelinePath == "../pipelines/sample.yaml" && m.pipelineSHA256 == "aa11")
        #expect(m.inboxPath == "../sample-inputs")
        #expect(m.referenceSHA256 == "bb22" && m.keyFingerprint == "cc33")
        // The refused entry was never read: no digest, left out.
        #expect(
            m.inputs == [
                .init(path: "52-2019-r1.registry.xml", sha256: "dd44", outcome: "applied", submission: "52-2019-r1"),
                .init(path: "README.txt", sha256: "ee55", outcome: "not-a-submission"),
            ])
        #expect(m.outputs == [.init(path: "exports/indicators.csv", sha256: "ff66")])
    }

    @Test func refusesWhatIsNotAManifest() {
        #expect(Manifest.Recorded(bytes: Array("not json".utf8)) == nil)
        let otherFormat = Self.text.replacing("jingzhun-manifest/1", with: "jingzhun-manifest/0")
        #expect(Manifest.Recorded(bytes: Array(otherFormat.utf8)) == nil)
        let noInbox = Self.text.replacing("\"inbox\":", with: "\"inbox_\":")
        #expect(Manifest.Recorded(bytes: Array(noInbox.utf8)) == nil)
    }
}
