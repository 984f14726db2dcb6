import JingzhunCore
import JingzhunIO

/// County statistics of one year, rendered.
struct CountyRecord {
    var code: String
    var ruralPopulation: String
    var ruralIncome: String
}

/// A village of one year, rendered (booleans already in the format's syntax).
struct VillageRecord {
    var code: String
    var countyCode: String
    var name: String
    var poorVillage: String
    var population: String
    /// road, water, electricity, broadband, clinic.
    var facilities: [String]
}

/// Where a written record landed (for truth lines).
struct WrittenAt {
    var file: String
    var line: Int
}

/// Writes one submission's records in document order; XML and CSV forms implement it.
protocol SubmissionEmitter {
    mutating func beginCounty(_ county: CountyRecord) throws(SynthError)
    mutating func beginVillage(_ village: VillageRecord) throws(SynthError)
    /// Writes the household (and its members, and any extra row of `defect`); returns where the
    /// defect sits when there is one.
    mutating func household(_ household: GeneratedHousehold, defect: InjectedDefect?) throws(SynthError) -> WrittenAt?
    mutating func endVillage() throws(SynthError)
    mutating func endCounty() throws(SynthError)
    /// Closes every file; returns them in write order.
    mutating func finish() throws(SynthError) -> [SynthSummary.File]
}

/// The XML form: `registry > county > village > household > (income, measure*, member+)`,
/// one element per line, UTF-8, namespace `urn:jingzhun:registry:1` (submissions.md §Value syntax).
struct XMLEmitter: SubmissionEmitter {
    static let namespace = "urn:jingzhun:registry:1"
    private var out: TextBuffer
    private let fileName: String

    init(directory: String, key: SubmissionKey, gzip: Bool, fileSystem: any FileSystem) throws(SynthError) {
        fileName = key.id + (gzip ? ".registry.xml.gz" : ".registry.xml")
        out = TextBuffer(file: try OutputFile(directory: directory, name: fileName, gzip: gzip, fileSystem: fileSystem))
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" as StaticString)
        try out.newline()
        out.append(
            "<registry xmlns=\"\(Self.namespace)\" province=\"\(key.province)\" year=\"\(key.year)\" "
                + "revision=\"\(key.revision)\">"
        )
        try out.newline()
    }

    private mutating func attribute(_ name: String, _ value: String?) {
        guard let value else { return }
        out.append(" " as StaticString)
        out.append(name)
        out.append("=\"" as StaticString)
        out.appendXMLAttribute(value)
        out.append("\"" as StaticString)
    }

    mutating func beginCounty(_ c: CountyRecord) throws(SynthError) {
        out.append("  <county" as StaticString)
        attribute("code", c.code)
        attribute("rural-population", c.ruralPopulation)
        attribute("rural-income", c.ruralIncome)
        out.append(">" as StaticString)
        try out.newline()
    }

    mutating func beginVillage(_ v: VillageRecord) throws(SynthError) {
        out.append("    <village" as StaticString)
        attribute("code", v.code)
        attribute("name", v.name)
        attribute("poor-village", v.poorVillage)
        attribute("population", v.population)
        for (name, value) in zip(["road", "water", "electricity", "broadband", "clinic"], v.facilities) {
            attribute(name, value)
        }
        out.append(">" as StaticString)
        try out.newline()
    }

    mutating func household(_ h: GeneratedHousehold, defect: InjectedDefect?) throws(SynthError) -> WrittenAt? {
        var at: WrittenAt?
        if case .household = defect?.target { at = WrittenAt(file: fileName, line: out.line) }
        out.append("      <household" as StaticString)
        for field in HouseholdField.allCases {
            if let name = field.xmlHouseholdAttribute { attribute(name, h[field]) }
        }
        out.append(">" as StaticString)
        try out.newline()
        out.append("        <income" as StaticString)
        for field in HouseholdField.allCases {
            if let name = field.xmlIncomeAttribute { attribute(name, h[field]) }
        }
        out.append("/>" as StaticString)
        try out.newline()
        if let measures = h[.measures] {
            for code in measures.split(separator: ";") {
                out.append("        <measure>" as StaticString)
                out.appendXMLText(String(code))
                out.append("</measure>" as StaticString)
                try out.newline()
            }
        }
        for (position, member) in h.members.enumerated() {
            if case .member(position) = defect?.target { at = WrittenAt(file: fileName, line: out.line) }
            out.append("        <member" as StaticString)
            for field in MemberField.allCases {
                if let name = field.xmlAttribute { attribute(name, member[field]) }
            }
            out.append("/>" as StaticString)
            try out.newline()
        }
        out.append("      </household>" as StaticString)
        try out.newline()
        return at
    }

    mutating func endVillage() throws(SynthError) {
        out.append("    </village>" as StaticString)
        try out.newline()
    }

    mutating func endCounty() throws(SynthError) {
        out.append("  </county>" as StaticString)
        try out.newline()
    }

    mutating func finish() throws(SynthError) -> [SynthSummary.File] {
        out.append("</registry>" as StaticString)
        try out.newline()
        try out.flush()
        return [try out.file.close()]
    }
}

/// The CSV form: four gzip files written in one pass (header row first, LF line ends, no BOM).
struct CSVEmitter: SubmissionEmitter {
    static let countyColumns = ["county_code", "rural_population", "rural_income"]
    static let villageColumns = [
        "village_code", "county_code", "name", "poor_village", "population", "road", "water", "electricity",
        "broadband", "clinic",
    ]
    private var counties: TextBuffer
    private var villages: TextBuffer
    private var households: TextBuffer
    private var members: TextBuffer

    init(directory: String, key: SubmissionKey, fileSystem: any FileSystem) throws(SynthError) {
        func buffer(_ part: String) throws(SynthError) -> TextBuffer {
            TextBuffer(
                file: try OutputFile(
                    directory: directory, name: "\(key.id).\(part).csv.gz", gzip: true, fileSystem: fileSystem))
        }
        counties = try buffer("counties")
        villages = try buffer("villages")
        households = try buffer("households")
        members = try buffer("members")
        try Self.row(Self.countyColumns, into: &counties)
        try Self.row(Self.villageColumns, into: &villages)
        try Self.row(HouseholdField.allCases.map(\.csvName), into: &households)
        try Self.row(MemberField.allCases.map(\.csvName), into: &members)
    }

    private static func row(_ values: [String?], into out: inout TextBuffer) throws(SynthError) {
        for (index, value) in values.enumerated() {
            if index > 0 { out.append("," as StaticString) }
            if let value { out.appendCSVField(value) }
        }
        try out.newline()
    }

    mutating func beginCounty(_ c: CountyRecord) throws(SynthError) {
        try Self.row([c.code, c.ruralPopulation, c.ruralIncome], into: &counties)
    }

    mutating func beginVillage(_ v: VillageRecord) throws(SynthError) {
        try Self.row([v.code, v.countyCode, v.name, v.poorVillage, v.population] + v.facilities, into: &villages)
    }

    mutating func household(_ h: GeneratedHousehold, defect: InjectedDefect?) throws(SynthError) -> WrittenAt? {
        var at: WrittenAt?
        if case .duplicateRowBefore(let fields) = defect?.target {
            at = WrittenAt(file: households.file.name, line: households.line)
            try Self.row(fields, into: &households)
        }
        if case .household = defect?.target { at = WrittenAt(file: households.file.name, line: households.line) }
        try Self.row(h.fields, into: &households)
        for (position, member) in h.members.enumerated() {
            if case .member(position) = defect?.target { at = WrittenAt(file: members.file.name, line: members.line) }
            try Self.row(member.fields, into: &members)
        }
        if case .orphanRowAfter(let fields) = defect?.target {
            at = WrittenAt(file: members.file.name, line: members.line)
            try Self.row(fields, into: &members)
        }
        return at
    }

    mutating func endVillage() throws(SynthError) {}
    mutating func endCounty() throws(SynthError) {}

    mutating func finish() throws(SynthError) -> [SynthSummary.File] {
        try counties.flush()
        try villages.flush()
        try households.flush()
        try members.flush()
        return [
            try counties.file.close(), try villages.file.close(), try households.file.close(), try members.file.close(),
        ]
    }
}
