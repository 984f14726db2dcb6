public import JingzhunCore

/// What to generate: which provinces and years, how many households, in which form, how dirty.
public struct SynthOptions: Sendable, Hashable {
    /// Form of the generated submissions (submissions.md: one XML document, optionally gzip
    /// compressed, or a set of four gzip-compressed CSV files).
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case xml
        case xmlGzip = "xml.gz"
        case csv
        /// Provinces (in ascending code order) alternate xml, csv, xml.gz, csv, …
        case mixed

        /// The concrete form for the province at `position` in ascending order.
        public func submissionFormat(position: Int) -> SubmissionFormat {
            switch self {
            case .xml: return .xml
            case .xmlGzip: return .xmlGzip
            case .csv: return .csvGzip
            case .mixed:
                switch position % 4 {
                case 0: return .xml
                case 2: return .xmlGzip
                default: return .csvGzip
                }
            }
        }
    }

    /// 2-digit province codes; duplicates are ignored, order does not matter.
    public var provinces: [Int32]
    /// Reporting years (2014-2030); duplicates are ignored, order does not matter.
    public var years: [Int32]
    /// Households in each province's registry (registered by 2019; fewer appear in early years).
    public var householdsPerProvince: Int
    public var seed: UInt64
    public var format: Format
    /// Share of household records (0...1) that get exactly one defect; 0 = clean data.
    public var defectRate: Double
    /// Revision number in the file names and root element (≥ 1).
    public var revision: Int
    /// Directory with `counties.csv`, `poverty_counties.csv`, `national.csv`.
    public var referenceDirectory: String
    /// Also write `NAME.sha256` sidecars (`sha256sum` format).
    public var writesChecksums: Bool
    /// Where truth files go; nil = a `truth` folder inside the output directory (the inbox is
    /// read non-recursively, so the scanner never sees them).
    public var truthDirectory: String?

    public init(
        provinces: [Int32], years: [Int32], householdsPerProvince: Int, seed: UInt64 = 1,
        format: Format = .xml, defectRate: Double = 0, revision: Int = 1,
        referenceDirectory: String = "pipelines/reference", writesChecksums: Bool = false,
        truthDirectory: String? = nil
    ) {
        self.provinces = provinces
        self.years = years
        self.householdsPerProvince = householdsPerProvince
        self.seed = seed
        self.format = format
        self.defectRate = defectRate
        self.revision = revision
        self.referenceDirectory = referenceDirectory
        self.writesChecksums = writesChecksums
        self.truthDirectory = truthDirectory
    }
}

/// What `Synthesizer.generate` wrote.
public struct SynthSummary: Sendable, Hashable {
    /// One written file: name (relative to its directory), size and SHA-256 of its bytes.
    public struct File: Sendable, Hashable {
        public var name: String
        public var bytes: Int64
        public var sha256: String
    }

    /// One generated submission.
    public struct Submission: Sendable, Hashable {
        public var key: SubmissionKey
        public var format: SubmissionFormat
        /// Submission files in write order (sidecars not included).
        public var files: [File]
        public var counties: Int
        public var villages: Int
        /// Household records written (an injected duplicate row counts as a record).
        public var households: Int
        /// Member records written (an injected orphan row counts).
        public var members: Int
        /// Injected defects (each is one truth-file line).
        public var defects: Int
        /// Households the validator should reject (defects except orphan member rows, which are
        /// not household records).
        public var expectedRejectedHouseholds: Int
        /// Truth file of this submission, when defects were requested.
        public var truthFile: File?
    }

    public var submissions: [Submission]
    /// Directory the truth files were written to (nil when `defectRate` is 0).
    public var truthDirectory: String?

    public var totalBytes: Int64 { submissions.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.bytes } } }
    public var totalHouseholds: Int { submissions.reduce(0) { $0 + $1.households } }
    public var totalMembers: Int { submissions.reduce(0) { $0 + $1.members } }
}
