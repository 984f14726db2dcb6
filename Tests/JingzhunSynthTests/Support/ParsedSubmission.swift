/// A generated submission read back by a deliberately simple test-side reader.
///
/// The generator writes one XML element per line, so the XML side is read line by line
/// (libxml2 checks well-formedness separately); CSV is split per RFC 4180. Fields are keyed by
/// the contract's CSV column names whatever the format, so checks are format-agnostic.
struct ParsedRecord {
    var fields: [String: String]
    var file: String
    var line: Int
    subscript(_ name: String) -> String? { fields[name] }
}

struct ParsedHousehold {
    var record: ParsedRecord
    var members: [ParsedRecord]
    var id: String { record["household_id"] ?? "" }
}

struct ParsedSubmission {
    var isCSV: Bool
    var counties: [ParsedRecord] = []
    var villages: [ParsedRecord] = []
    var households: [ParsedHousehold] = []
    /// CSV member rows whose household_id matches no household row.
    var orphanMembers: [ParsedRecord] = []
    var root: [String: String] = [:]

    static let householdXML: [String: String] = [
        "id": "household_id", "registered": "registered_year", "category": "category", "cause": "cause",
        "status": "status", "exit-year": "exit_year", "housing-grade": "housing_grade", "safe-water": "safe_water",
        "food-clothing": "food_clothing_secured",
    ]
    static let incomeXML: [String: String] = [
        "wage": "income_wage", "operating": "income_operating", "property": "income_property",
        "transfer": "income_transfer", "operating-cost": "operating_cost",
    ]
    static let memberXML: [String: String] = [
        "id": "member_id", "name": "name", "relation": "relation", "sex": "sex", "birth": "birth_date",
        "education": "education", "schooling": "schooling", "health": "health", "labor": "labor",
        "medical-insured": "medical_insured", "serious-illness-insured": "serious_illness_insured",
        "pension-insured": "pension_insured",
    ]
    static let villageXML: [String: String] = [
        "code": "village_code", "name": "name", "poor-village": "poor_village", "population": "population",
        "road": "road", "water": "water", "electricity": "electricity", "broadband": "broadband", "clinic": "clinic",
    ]
    static let countyXML: [String: String] = [
        "code": "county_code", "rural-population": "rural_population", "rural-income": "rural_income",
    ]

    /// Reads `<prefix>.registry.xml[.gz]` or the four CSV files from `directory`.
    static func read(directory: String, prefix: String) -> ParsedSubmission? {
        for name in [prefix + ".registry.xml", prefix + ".registry.xml.gz"] where fileExists(directory + "/" + name) {
            guard let text = readText(directory + "/" + name) else { return nil }
            return parseXML(text, file: name)
        }
        return parseCSV(directory: directory, prefix: prefix)
    }

    /// `name="value"` pairs of one element line, entities decoded.
    static func attributes(_ line: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = line[...]
        while let equals = rest.firstRange(of: "=\"") {
            let nameStart =
                rest[..<equals.lowerBound].lastIndex(of: " ").map { rest.index(after: $0) } ?? rest.startIndex
            let name = String(rest[nameStart..<equals.lowerBound])
            let valueStart = equals.upperBound
            guard let close = rest[valueStart...].firstIndex(of: "\"") else { break }
            result[name] = decodeEntities(String(rest[valueStart..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences("&lt;", "<").replacingOccurrences("&gt;", ">")
            .replacingOccurrences("&quot;", "\"").replacingOccurrences("&#10;", "\n").replacingOccurrences(
                "&#13;", "\r"
            )
            .replacingOccurrences("&#9;", "\t").replacingOccurrences("&amp;", "&")
    }

    static func mapped(_ attributes: [String: String], _ table: [String: String]) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in attributes { if let column = table[name] { fields[column] = value } }
        return fields
    }

    static func parseXML(_ text: String, file: String) -> ParsedSubmission {
        var result = ParsedSubmission(isCSV: false)
        var county = ""
        var village = ""
        var current: ParsedHousehold?
        var measures: [String] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop(while: { $0 == " " })
            let lineNumber = offset + 1
            if line.hasPrefix("<registry ") {
                result.root = attributes(line)
            } else if line.hasPrefix("<county ") {
                let fields = mapped(attributes(line), countyXML)
                county = fields["county_code"] ?? ""
                result.counties.append(ParsedRecord(fields: fields, file: file, line: lineNumber))
            } else if line.hasPrefix("<village ") {
                var fields = mapped(attributes(line), villageXML)
                fields["county_code"] = county
                village = fields["village_code"] ?? ""
                result.villages.append(ParsedRecord(fields: fields, file: file, line: lineNumber))
            } else if line.hasPrefix("<household ") || line.hasPrefix("<household>") {
                var fields = mapped(attributes(line), householdXML)
                fields["village_code"] = village
                current = ParsedHousehold(
                    record: ParsedRecord(fields: fields, file: file, line: lineNumber), members: [])
                measures = []
            } else if line.hasPrefix("<income") {
                for (key, value) in mapped(attributes(line), incomeXML) { current?.record.fields[key] = value }
            } else if line.hasPrefix("<measure>") {
                measures.append(String(line.dropFirst("<measure>".count).prefix(while: { $0 != "<" })))
            } else if line.hasPrefix("<member") {
                var fields = mapped(attributes(line), memberXML)
                fields["household_id"] = current?.id
                current?.members.append(ParsedRecord(fields: fields, file: file, line: lineNumber))
            } else if line.hasPrefix("</household>"), var household = current {
                household.record.fields["measures"] = measures.joined(separator: ";")
                result.households.append(household)
                current = nil
            }
        }
        return result
    }

    static func csvRows(_ text: String) -> [(line: Int, fields: [String])] {
        var rows: [(Int, [String])] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if characters.first == "\"" {
                        field.unicodeScalars.append(c)
                        characters = characters.dropFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\n" {
                record.append(field)
                rows.append((recordLine, record))
                record = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !record.isEmpty || !field.isEmpty {
            record.append(field)
            rows.append((recordLine, record))
        }
        return rows
    }

    /// Header-keyed records of one CSV file; empty cells are missing (absent keys).
    static func csvRecords(_ text: String, file: String) -> (header: [String], records: [ParsedRecord], ragged: Int) {
        let rows = csvRows(text)
        guard let header = rows.first?.fields else { return ([], [], 0) }
        var records: [ParsedRecord] = []
        var ragged = 0
        for row in rows.dropFirst() {
            if row.fields.count != header.count { ragged += 1 }
            var fields: [String: String] = [:]
            for (name, value) in zip(header, row.fields) where !value.isEmpty { fields[name] = value }
            records.append(ParsedRecord(fields: fields, file: file, line: row.line))
        }
        return (header, records, ragged)
    }

    static func parseCSV(directory: String, prefix: String) -> ParsedSubmission? {
        var result = ParsedSubmission(isCSV: true)
        func load(_ part: String) -> [ParsedRecord]? {
            let name = "\(prefix).\(part).csv.gz"
            guard let text = readText(directory + "/" + name) else { return nil }
            let parsed = csvRecords(text, file: name)
            guard parsed.ragged == 0 else { return nil }
            return parsed.records
        }
        guard let counties = load("counties"), let villages = load("villages"), let households = load("households"),
            let members = load("members")
        else { return nil }
        result.counties = counties
        result.villages = villages
        var byID: [String: Int] = [:]
        for record in households {
            result.households.append(ParsedHousehold(record: record, members: []))
            let id = record["household_id"] ?? ""
            if byID[id] == nil { byID[id] = result.households.count - 1 }
        }
        for member in members {
            if let index = byID[member["household_id"] ?? ""] {
                result.households[index].members.append(member)
            } else {
                result.orphanMembers.append(member)
            }
        }
        return result
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
