public import JingzhunCore

/// One bar: a labelled value (nil draws "no data"), optionally emphasised in the second colour.
public struct ChartBar: Sendable, Hashable {
    public var label: String
    public var value: Double?
    /// Drawn in the emphasis colour (e.g. at or above the exit threshold).
    public var isEmphasised: Bool
    public init(label: String, value: Double?, isEmphasised: Bool = false) {
        self.label = label
        self.value = value
        self.isEmphasised = isEmphasised
    }
}

/// A vertical line across the plot at a data value (threshold, national average).
public struct ChartReferenceLine: Sendable, Hashable {
    public var value: Double
    public var label: String
    public var colour: String
    /// SVG `stroke-dasharray`, e.g. `"6 3"`.
    public var dash: String
    public init(value: Double, label: String, colour: String = ChartPalette.black, dash: String = "6 3") {
        self.value = value
        self.label = label
        self.colour = colour
        self.dash = dash
    }
}

/// A legend entry: colour swatch and text.
public struct ChartLegendEntry: Sendable, Hashable {
    public var colour: String
    public var label: String
    public init(colour: String, label: String) {
        self.colour = colour
        self.label = label
    }
}

/// Horizontal bars, one per area, with reference lines; the domain always contains zero, so
/// negative values (income falling) extend left of the zero line.
///
/// Sized for A4: 720 user units wide (≈ 180 mm of text width), 12-unit labels.
public struct HorizontalBarChart: Sendable {
    public static let width = 720.0
    public static let plotLeft = 180.0
    public static let plotRight = 640.0
    public static let barHeight = 16.0
    public static let barGap = 6.0

    public var id: String
    public var title: String
    public var description: String
    public var axisTitle: String
    public var unit: IndicatorUnit
    public var decimals: Int
    public var bars: [ChartBar]
    public var references: [ChartReferenceLine]
    public var legend: [ChartLegendEntry]
    public var barColour = ChartPalette.blue
    public var emphasisColour = ChartPalette.orange

    public init(
        id: String, title: String, description: String, axisTitle: String, unit: IndicatorUnit, decimals: Int,
        bars: [ChartBar], references: [ChartReferenceLine] = [], legend: [ChartLegendEntry] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.axisTitle = axisTitle
        self.unit = unit
        self.decimals = decimals
        self.bars = bars
        self.references = references
        self.legend = legend
    }

    /// The scale the bars are drawn with (exposed for tests: bar length is `x(value) − x(0)`).
    var scale: ChartScale {
        ChartScale(
            covering: bars.compactMap(\.value).filter(\.isFinite) + references.map(\.value),
            rangeStart: Self.plotLeft, rangeEnd: Self.plotRight)
    }

    /// Where a value label starting at `start` goes so that it crosses no reference line: past
    /// every line it would sit on (labels are never drawn across the national-growth line).
    func labelPosition(start: Double, text: String, x: ChartScale) -> Double {
        let width = estimatedTextWidth(text, size: 11)
        var position = start
        for line in references.map({ x($0.value) }).sorted() where line >= position - 1 && line <= position + width + 1
        {
            position = line + 4
        }
        return position
    }

    /// Inline SVG markup.
    public func svg() -> String {
        var canvas = SVGCanvas(width: Self.width, height: 0)
        canvas.text(title, x: 12, y: 22, size: 15, bold: true)
        var cursor = 34.0
        if !legend.isEmpty { cursor += drawLegend(legend, on: &canvas, y: cursor, maxX: Self.width - 12) + 4 }
        let referenceLabelTop = cursor
        cursor += Double(references.count) * 15 + 4
        let plotTop = cursor
        let plotBottom = plotTop + Double(bars.count) * (Self.barHeight + Self.barGap) + Self.barGap
        let x = scale

        for tick in x.ticks {
            let position = x(tick)
            canvas.line(
                x1: position, y1: plotTop, x2: position, y2: plotBottom,
                stroke: tick == 0 ? ChartPalette.axis : ChartPalette.grid, strokeWidth: tick == 0 ? 1.5 : 1)
            canvas.text(
                ValueFormatter.fixed(tick, decimals: x.tickDecimals), x: position, y: plotBottom + 16, anchor: .middle,
                size: 11, fill: ChartPalette.axis)
        }
        canvas.text(axisTitle, x: (Self.plotLeft + Self.plotRight) / 2, y: plotBottom + 36, anchor: .middle, size: 12)

        let zero = x(0)
        for (index, bar) in bars.enumerated() {
            let top = plotTop + Self.barGap + Double(index) * (Self.barHeight + Self.barGap)
            let baseline = top + Self.barHeight - 4
            canvas.text(bar.label, x: Self.plotLeft - 8, y: baseline, anchor: .end, size: 12)
            guard let value = bar.value, value.isFinite else {
                canvas.text("no data", x: zero + 4, y: baseline, size: 11, fill: ChartPalette.axis)
                continue
            }
            let end = x(value)
            let text = ValueFormatter.display(value, unit: unit, decimals: decimals)
            canvas.rect(
                x: min(zero, end), y: top, width: (end - zero).magnitude, height: Self.barHeight,
                fill: bar.isEmphasised ? emphasisColour : barColour, title: "\(bar.label): \(text)")
            canvas.text(
                text, x: labelPosition(start: value < 0 ? zero + 4 : end + 4, text: text, x: x), y: baseline, size: 11)
        }

        // Label rows from the rightmost line down: a line runs from its label's row to the plot, so
        // it passes only through the rows of lines left of it, and a label placed left of its own
        // line can never cross one.
        let rowOrder = references.indices.sorted { (x(references[$0].value), $1) > (x(references[$1].value), $0) }
        var row = [Int](repeating: 0, count: references.count)
        for (rank, index) in rowOrder.enumerated() { row[index] = rank }
        for (index, reference) in references.enumerated() {
            let position = x(reference.value)
            let rowTop = referenceLabelTop + Double(row[index]) * 15
            canvas.line(
                x1: position, y1: rowTop + 4, x2: position, y2: plotBottom,
                stroke: reference.colour, strokeWidth: 2, dash: reference.dash, cssClass: "reference")
            // Right of the line, unless the label would run off the chart or across a line of an
            // earlier row: then left of it.
            let width = estimatedTextWidth(reference.label, size: 11)
            let earlier = references.indices.filter { row[$0] < row[index] }.map { x(references[$0].value) }
            let fitsRight =
                position + 4 + width <= Self.width - 4
                && !earlier.contains { $0 >= position + 2 && $0 <= position + 6 + width }
            canvas.text(
                reference.label, x: fitsRight ? position + 4 : position - 4, y: rowTop + 12,
                anchor: fitsRight ? .start : .end, size: 11, bold: true, fill: reference.colour)
        }
        canvas.height = plotBottom + 48
        return canvas.document(id: id, title: title, description: description)
    }
}

/// Estimated width of a label: CJK characters are about one em, others about 0.6 em.
///
/// SVG has no text measurement without a renderer; the estimate only decides wrapping and
/// which side of a line a label goes, so being a little generous is enough.
func estimatedTextWidth(_ text: String, size: Double) -> Double {
    text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? size : size * 0.6) }
}

/// Draws legend swatches left to right from x = 12, wrapping before `maxX`.
/// - Returns: The height used (18 units per row).
@discardableResult
func drawLegend(_ legend: [ChartLegendEntry], on canvas: inout SVGCanvas, y: Double, maxX: Double) -> Double {
    var x = 12.0
    var rowTop = y
    for entry in legend {
        let width = 16 + estimatedTextWidth(entry.label, size: 11)
        if x > 12 && x + width > maxX {
            x = 12
            rowTop += 18
        }
        canvas.rect(x: x, y: rowTop, width: 12, height: 12, fill: entry.colour)
        canvas.text(entry.label, x: x + 16, y: rowTop + 10, size: 11)
        x += width + 18
    }
    return legend.isEmpty ? 0 : rowTop - y + 18
}
