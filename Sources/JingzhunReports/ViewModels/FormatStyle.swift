import JingzhunCore
import JingzhunIO

/// Escaping and number printing for one output format; the only place view models get text from.
///
/// HTML text stays raw here because Mustache escapes it; Markdown and CSV text is escaped here.
struct FormatStyle {
    let format: ReportFormat
    var options = ReportOptions()
    /// Cells for a spreadsheet (XLSX): text raw as for HTML, headers for people, values and
    /// counts as plain numbers (as for CSV), nulls empty, no links.
    var isWorkbook = false

    /// Units written into workbook headers, since workbook cells hold bare numbers.
    static let workbookUnit: [IndicatorUnit: String] = [.percent: "%", .percentagePoints: "pp", .yuan: "yuan"]

    /// The style of a report's workbook.
    static func workbook(options: ReportOptions) -> FormatStyle {
        var style = FormatStyle(format: .html, options: options)
        style.isWorkbook = true
        return style
    }

    init(format: ReportFormat, options: ReportOptions = ReportOptions()) {
        self.format = format
        self.options = options
    }

    /// Text of a link to another page of the site (`province-52`, fragment `area-5201`) from a page
    /// `depth` folders below `reports/`; nil for CSV, which has no links. Markdown pages link to
    /// the Markdown files, without fragments (Markdown renderers name anchors each their own way).
    func href(_ base: String, fragment: String? = nil) -> String? {
        if isWorkbook { return nil }
        switch format {
        case .html: return base + ".html" + (fragment.map { "#" + $0 } ?? "")
        case .md: return base + ".md"
        case .csv: return nil
        }
    }

    /// A code with both labels, the reader's language first: `因病 (Illness)` / `Illness (因病)`.
    /// CSV keeps the bare code (a key for machines).
    func code(_ code: any LabelledCode) -> String {
        if format == .csv { return code.code }
        return label(Self.both(primaryChinese: options.language == .zh, code.labelChinese, code.labelEnglish))
    }

    static func both(primaryChinese: Bool, _ chinese: String, _ english: String) -> String {
        primaryChinese ? "\(chinese) (\(english))" : "\(english) (\(chinese))"
    }

    /// An indicator's labels in reading order: (first, second); second is empty without a Chinese label.
    func labels(_ indicator: IndicatorDefinition) -> (first: String, second: String) {
        guard let chinese = indicator.labelChinese else { return (indicator.summary, "") }
        // A summary that already quotes the Chinese term (`Wrongful exits (错退率)`) drops it.
        let english = indicator.summary.replacing(" (\(chinese))", with: "")
        return options.language == .zh ? (chinese, english) : (english, chinese)
    }

    /// Text from outside this program (submitted values, reference names, file names, messages).
    func text(_ value: String) -> String {
        switch format {
        case .html: return value
        case .md: return TextEscaping.markdown(value)
        case .csv: return TextEscaping.csvText(value)
        }
    }

    /// Text written by this program (labels, headings): escaped the same way, which is a no-op for
    /// plain labels but keeps Markdown safe if a label ever holds `*` or `|`.
    func label(_ value: String) -> String { text(value) }

    /// Numbers as machines read them: CSV and workbooks.
    var isMachineNumbers: Bool { format == .csv || isWorkbook }

    var null: String { isMachineNumbers ? "" : ValueFormatter.nullDisplay }

    func value(_ value: Double?, _ indicator: IndicatorDefinition) -> String {
        isMachineNumbers
            ? ValueFormatter.csv(value, indicator: indicator) : ValueFormatter.display(value, indicator: indicator)
    }

    func value(_ value: Double?, unit: IndicatorUnit, decimals: Int) -> String {
        isMachineNumbers
            ? ValueFormatter.csv(value, unit: unit, decimals: decimals)
            : ValueFormatter.display(value, unit: unit, decimals: decimals)
    }

    func count(_ value: Int) -> String { isMachineNumbers ? String(value) : ValueFormatter.count(value) }

    /// A value cell of a catalogue indicator.
    func cell(_ value: Double?, _ indicator: IndicatorDefinition, status: String = "") -> CellModel {
        CellModel(self.value(value, indicator), numeric: true, status: status)
    }

    /// Header text: the catalogue labels (the reader's language first) for people, the indicator
    /// id for CSV machines.
    func header(_ indicator: IndicatorDefinition, short: String? = nil) -> HeaderCell {
        if format == .csv { return HeaderCell(indicator.id, numeric: true) }
        var (first, second) = labels(indicator)
        if let short { return HeaderCell(label(short), numeric: true) }
        if isWorkbook, let unit = Self.workbookUnit[indicator.unit] { first += " (" + unit + ")" }
        var cell = HeaderCell(label(first), numeric: true)
        if !second.isEmpty {
            if format == .md {
                cell.text = label(first + " (" + second + ")")
            } else {
                cell.secondary = label(second)
                cell.hasSecondary = true
            }
        }
        return cell
    }

    /// A plain header: `human` for people, `machine` (a snake_case id) for CSV.
    func header(_ human: String, machine: String, numeric: Bool = false) -> HeaderCell {
        HeaderCell(format == .csv ? machine : label(human), numeric: numeric)
    }
}
