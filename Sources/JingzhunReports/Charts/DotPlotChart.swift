import JingzhunCore

/// Shares near 100 % as dots: one row per area, one dot per series, on an axis that ends at 100
/// and starts where the data does (marked as broken when that is not 0).
///
/// Bars of 95–100 % on a 0–100 axis look identical; dots on a 90–100 axis show the differences
/// without suggesting lengths. Within a row the series sit on their own line, so equal values
/// never hide each other. Values are in the tooltips and the text table, not on the dots.
public struct DotPlotChart: Sendable {
    public static let width = 720.0
    public static let plotLeft = 180.0
    public static let plotRight = 680.0
    public static let seriesSpacing = 7.0
    public static let rowGap = 10.0
    public static let dotRadius = 3.5

    public var id: String
    public var title: String
    public var description: String
    public var axisTitle: String
    public var series: [String]
    public var groups: [ChartGroup]
    public var decimals: Int

    public init(
        id: String, title: String, description: String, axisTitle: String, series: [String], groups: [ChartGroup],
        decimals: Int = 1
    ) {
        precondition(groups.allSatisfy { $0.values.count == series.count }, "every group has one value per series")
        self.id = id
        self.title = title
        self.description = description
        self.axisTitle = axisTitle
        self.series = series
        self.groups = groups
        self.decimals = decimals
    }

    /// The axis: up to 100, from the data (exposed for tests).
    var scale: ChartScale {
        let values = groups.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite).map { min(max($0, 0), 100) }
        return ChartScale(
            covering: values, rangeStart: Self.plotLeft, rangeEnd: Self.plotRight, fixedUpper: 100, fromData: true)
    }

    public func svg() -> String {
        var canvas = SVGCanvas(width: Self.width, height: 0)
        canvas.text(title, x: 12, y: 22, size: 15, bold: true)
        let legend = series.enumerated().map {
            ChartLegendEntry(colour: ChartPalette.series[$0.offset % ChartPalette.series.count], label: $0.element)
        }
        let plotTop = 34 + drawLegend(legend, on: &canvas, y: 34, maxX: Self.width - 12) + 8
        let rowHeight = Double(series.count) * Self.seriesSpacing + Self.rowGap
        let plotBottom = plotTop + Double(groups.count) * rowHeight + Self.rowGap
        let x = scale
        for tick in x.ticks {
            canvas.line(
                x1: x(tick), y1: plotTop, x2: x(tick), y2: plotBottom,
                stroke: tick == x.lower ? ChartPalette.axis : ChartPalette.grid, strokeWidth: tick == x.lower ? 1.5 : 1)
            canvas.text(
                ValueFormatter.fixed(tick, decimals: x.tickDecimals), x: x(tick), y: plotBottom + 16, anchor: .middle,
                size: 11, fill: ChartPalette.axis)
        }
        canvas.line(x1: Self.plotLeft, y1: plotBottom, x2: Self.plotRight, y2: plotBottom, stroke: ChartPalette.axis)
        if x.isBroken { canvas.axisBreak(x: Self.plotLeft, y: plotBottom, vertical: false) }
        let lower = ValueFormatter.fixed(x.lower, decimals: x.tickDecimals)
        let axisNote = x.isBroken ? " — the axis starts at \(lower), not 0" : ""
        canvas.text(
            axisTitle + axisNote, x: (Self.plotLeft + Self.plotRight) / 2, y: plotBottom + 36, anchor: .middle, size: 12
        )
        for (groupIndex, group) in groups.enumerated() {
            let top = plotTop + Self.rowGap + Double(groupIndex) * rowHeight
            let middle = top + (rowHeight - Self.rowGap) / 2
            canvas.line(
                x1: Self.plotLeft, y1: middle, x2: Self.plotRight, y2: middle, stroke: "#F0F0F0",
                strokeWidth: rowHeight - Self.rowGap)
            canvas.text(group.label, x: Self.plotLeft - 8, y: middle + 4, anchor: .end, size: 12)
            for (seriesIndex, value) in group.values.enumerated() {
                guard let value, value.isFinite else { continue }
                let clamped = min(max(value, x.lower), 100)
                canvas.circle(
                    cx: x(clamped), cy: top + Self.seriesSpacing / 2 + Double(seriesIndex) * Self.seriesSpacing,
                    r: Self.dotRadius, fill: ChartPalette.series[seriesIndex % ChartPalette.series.count],
                    title: "\(group.label), \(series[seriesIndex]): "
                        + ValueFormatter.display(value, unit: .percent, decimals: decimals))
            }
        }
        canvas.height = plotBottom + 48
        return canvas.document(id: id, title: title, description: description)
    }
}
