import JingzhunCore

/// One group of bars (an area) with one value per series (nil: no bar, "no data" tooltip).
public struct ChartGroup: Sendable, Hashable {
    public var label: String
    public var values: [Double?]
    public init(label: String, values: [Double?]) {
        self.label = label
        self.values = values
    }
}

/// Horizontal grouped bars on a fixed 0–100 % axis: one group per area, one bar per series.
///
/// Values are printed in the text table next to the chart and in each bar's tooltip, not on the
/// bars, which would be unreadable at 5 × 31 bars.
public struct GroupedBarChart: Sendable {
    public static let width = 720.0
    public static let plotLeft = 180.0
    public static let plotRight = 680.0
    public static let barHeight = 6.0
    public static let groupGap = 10.0

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

    public func svg() -> String {
        var canvas = SVGCanvas(width: Self.width, height: 0)
        canvas.text(title, x: 12, y: 22, size: 15, bold: true)
        let legend = series.enumerated().map {
            ChartLegendEntry(colour: ChartPalette.series[$0.offset % ChartPalette.series.count], label: $0.element)
        }
        let plotTop = 34 + drawLegend(legend, on: &canvas, y: 34, maxX: Self.width - 12) + 8
        let groupHeight = Double(series.count) * (Self.barHeight + 1) + Self.groupGap
        let plotBottom = plotTop + Double(groups.count) * groupHeight + Self.groupGap
        let x = ChartScale(covering: [0, 100], rangeStart: Self.plotLeft, rangeEnd: Self.plotRight, fixedUpper: 100)
        for tick in x.ticks {
            canvas.line(
                x1: x(tick), y1: plotTop, x2: x(tick), y2: plotBottom,
                stroke: tick == 0 ? ChartPalette.axis : ChartPalette.grid, strokeWidth: tick == 0 ? 1.5 : 1)
            canvas.text(
                ValueFormatter.fixed(tick, decimals: x.tickDecimals), x: x(tick), y: plotBottom + 16, anchor: .middle,
                size: 11, fill: ChartPalette.axis)
        }
        canvas.text(axisTitle, x: (Self.plotLeft + Self.plotRight) / 2, y: plotBottom + 36, anchor: .middle, size: 12)
        for (groupIndex, group) in groups.enumerated() {
            let top = plotTop + Self.groupGap + Double(groupIndex) * groupHeight
            let middle = top + (groupHeight - Self.groupGap) / 2
            canvas.text(group.label, x: Self.plotLeft - 8, y: middle + 4, anchor: .end, size: 12)
            for (seriesIndex, value) in group.values.enumerated() {
                let y = top + Double(seriesIndex) * (Self.barHeight + 1)
                let colour = ChartPalette.series[seriesIndex % ChartPalette.series.count]
                guard let value, value.isFinite else { continue }
                let clamped = min(max(value, 0), 100)
                canvas.rect(
                    x: x(0), y: y, width: x(clamped) - x(0), height: Self.barHeight, fill: colour,
                    title: "\(group.label), \(series[seriesIndex]): "
                        + ValueFormatter.display(value, unit: .percent, decimals: decimals))
            }
        }
        canvas.height = plotBottom + 48
        return canvas.document(id: id, title: title, description: description)
    }
}
