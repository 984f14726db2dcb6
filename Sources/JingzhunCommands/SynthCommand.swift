import ArgumentParser
import JingzhunCore
import JingzhunRuns
import JingzhunSynth

/// `jingzhun synth`: deterministic contract-valid submissions, optionally with injected defects.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate submissions (XML, XML.gz, CSV.gz sets) deterministically from a seed.",
        discussion: """
            Same options and seed → the same bytes on every machine. With --defects RATE about RATE of the
            households get one defect each (every record-level rule of the contract in turn); what was
            injected is listed in a truth file outside the inbox pattern (see --truth).
            """)

    @Option(help: "Comma-separated 2-digit province codes, e.g. 52,53.")
    var provinces: String
    @Option(help: "Comma-separated reporting years, e.g. 2018,2019.")
    var years: String
    @Option(help: "Households in each province's registry.")
    var householdsPerProvince: Int = 1000
    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1
    @Option(help: "xml, xml.gz, csv or mixed (provinces alternate).")
    var format: String = "mixed"
    @Option(help: "Share of households (0-1) that get one injected defect.")
    var defects: Double = 0
    @Option(help: "Revision number in the file names.")
    var revision: Int = 1
    @Option(
        help:
            ArgumentHelp(
                "Reference data folder (counties.csv, poverty_counties.csv, national.csv); default: the "
                    + "installation's pipelines/reference.")
    )
    var reference: String?
    @Flag(help: "Also write NAME.sha256 sidecars.")
    var checksums = false
    @Option(help: "Folder for the truth files (default: OUT/truth).")
    var truth: String?
    @Option(help: "Output folder (the inbox to fill).")
    var out: String

    /// `--reference`, else the installation's reference data (never the working directory's).
    func referenceDirectory() throws -> String {
        if let reference { return reference }
        guard let root = Installation.root else {
            throw ValidationError(
                "no --reference given and no pipelines/reference installed next to "
                    + "\(Installation.executable ?? "the executable"): pass --reference DIR"
            )
        }
        return root + "/pipelines/reference"
    }

    func run() throws {
        func codes(_ text: String, _ name: String) throws -> [Int32] {
            try text.split(separator: ",").map {
                guard let v = Int32($0) else { throw ValidationError("--\(name): '\($0)' is not a number") }
                return v
            }
        }
        guard let f = SynthOptions.Format(rawValue: format) else {
            throw ValidationError("--format must be xml, xml.gz, csv or mixed, not '\(format)'")
        }
        guard (0...1).contains(defects) else { throw ValidationError("--defects must be between 0 and 1") }
        guard householdsPerProvince > 0 else { throw ValidationError("--households-per-province must be positive") }
        let options = SynthOptions(
            provinces: try codes(provinces, "provinces"), years: try codes(years, "years"),
            householdsPerProvince: householdsPerProvince, seed: seed, format: f, defectRate: defects,
            revision: revision,
            referenceDirectory: try referenceDirectory(), writesChecksums: checksums, truthDirectory: truth)
        do {
            let summary = try Synthesizer.generate(options, outputDirectory: out)
            for s in summary.submissions {
                print("\(s.key.id)  \(s.files.map(\.name).joined(separator: " "))")
            }
        } catch {
            finish(with: .usage("synth: \(error)"))
        }
    }
}
