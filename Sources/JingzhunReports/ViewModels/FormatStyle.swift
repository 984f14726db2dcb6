import JingzhunCore

/// Escaping and number printing for one output format; the only place view models get text from.
///
/// HTML text stays raw here because Mustache escapes it; Markdown and CSV text is escaped here.
struct FormatStyle {
    let format: ReportFormat

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

    var null: String { format == .csv ? "" : ValueFormatter.nullDisplay }

    func value(_ value: Double?, _ indicator: IndicatorDefinition) -> String {
        format == .csv ? ValueFormatter.csv(value, indicator: indicator) : ValueFormatter.display(value, indicator: indicator)
    }

    func value(_ value: Double?, unit: IndicatorUnit, decimals: Int) -> String {
        format == .csv
            ? ValueFormatter.csv(value, unit: unit, decimals: decimals)
            : ValueFormatter.display(value, unit: unit, decimals: decimals)
    }

    func count(_ value: Int) -> String { format == .csv ? String(value) : ValueFormatter.count(value) }

    /// A value cell of a catalogue indicator.
    func cell(_ value: Double?, _ indicator: IndicatorDefinition, status: String = "") -> CellModel {
        CellModel(self.value(value, indicator), numeric: true, status: status)
    }

    /// Header text: the catalogue summary and unit for people, the indicator id for CSV machines.
    func header(_ indicator: IndicatorDefinition, short: String? = nil) -> HeaderCell {
        if format == .csv { return HeaderCell(indicator.id, numeric: true) }
        return HeaderCell(label(short ?? indicator.summary), numeric: true)
    }

    /// A plain header: `human` for people, `machine` (a snake_case id) for CSV.
    func header(_ human: String, machine: String, numeric: Bool = false) -> HeaderCell {
        HeaderCell(format == .csv ? machine : label(human), numeric: numeric)
    }
}
