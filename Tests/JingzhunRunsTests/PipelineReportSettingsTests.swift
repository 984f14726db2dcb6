import JingzhunReports
import JingzhunRuns
import Testing

/// The report settings of a pipeline file: `lang` (label order) and `settings.csv_bom`.
@Test func reportSettingsDefaultAndParse() throws {
    let defaults = try PipelineConfig.parse(validPipeline, file: "/etc/jz/p.yaml")
    #expect(defaults.language == .en)
    #expect(defaults.settings.csvByteOrderMark)
    #expect(defaults.reportOptions == ReportOptions(language: .en, csvByteOrderMark: true))
    let set = try PipelineConfig.parse(
        validPipeline.replacing("settings:\n", with: "lang: zh\nsettings:\n  csv_bom: false\n"),
        file: "/etc/jz/p.yaml")
    #expect(set.language == .zh)
    #expect(!set.settings.csvByteOrderMark)
}

@Test(arguments: [
    ("lang: fr\n", "'lang' must be zh or en", 7),
    ("settings:\n  csv_bom: maybe\n", "'settings.csv_bom' must be true or false", 8),
])
func badReportSettingsNameTheKeyAndLine(_ tail: String, _ expected: String, _ line: Int) {
    let text = "name: t\ninbox: in\noutput: o\nreference: r\npseudonym_key:\n  file: k\n" + tail
    #expect {
        try PipelineConfig.parse(text, file: "/p/bad.yaml")
    } throws: { error in
        guard let e = error as? RunError else { return false }
        return e.code == .pipelineFile && e.message.contains(expected) && e.message.contains("bad.yaml (line \(line))")
    }
}
