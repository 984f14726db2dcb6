public import JingzhunCore

/// A single series over years, each point labelled with its value.
///
/// The y axis starts where the data does when the values are all well above zero (the axis is
/// then marked as broken), so year-to-year differences fill the plot. Each value label goes
/// above its point, or below when above would cross the line or another label. Missing years
/// (nil) break the line rather than being drawn as zero.
public struct LineChart: Sendable {
    public static let width = 720.0
    public static let height = 320.0
    public static let plotLeft = 100.0
    public static let plotRight = 690.0
    public static let plotTop = 56.0
    public static let plotBottom = 260.0

    public var id: String
    public var title: String
    public var description: String
    public var axisTitle: String
    public var unit: IndicatorUnit
    public var decimals: Int
    public var points: [(label: String, value: Double?)]
    public var colour = ChartPalette.vermillion

    public init(
        id: String, title: String, description: String, axisTitle: String, unit: IndicatorUnit, decimals: Int,
        points: [(label: String, value: Double?)]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.axisTitle = axisTitle
        self.unit = unit
        self.decimals = decimals
        self.points = points
    }

    var scale: ChartScale {
        ChartScale(
            covering: points.compactMap(\.value).filter(\.isFinite), rangeStart: Self.plotBottom,
            rangeEnd: Self.plotTop,
            targetTicks: 4, fromData: true)
    }

    /// x position of point `index`: points are spread evenly with half a slot of margin.
    func xPosition(_ index: Int) -> Double {
        let slot = (Self.plotRight - Self.plotLeft) / Double(max(points.count, 1))
        return Self.plotLeft + slot * (Double(index) + 0.5)
    }

    /// Segments of the drawn line (consecutive points with values).
    func segments(_ y: ChartScale) -> [((x: Double, y: Double), (x: Double, y: Double))] {
        var result: [((x: Double, y: Double), (x: Double, y: Double))] = []
        for index in points.indices.dropLast() {
            guard let a = points[index].value, let b = points[index + 1].value, a.isFinite, b.isFinite else { continue }
            result.append(((xPosition(index), y(a)), (xPosition(index + 1), y(b))))
        }
        return result
    }

    public func svg() -> String {
        var canvas = SVGCanvas(width: Self.width, height: Self.height)
        canvas.text(title, x: 12, y: 22, size: 15, bold: true)
        let y = scale
        for tick in y.ticks {
            canvas.line(
                x1: Self.plotLeft, y1: y(tick), x2: Self.plotRight, y2: y(tick),
                stroke: tick == 0 ? ChartPalette.axis : ChartPalette.grid, strokeWidth: tick == 0 ? 1.5 : 1)
            let label =
                unit == .count
                ? ValueFormatter.grouped(ValueFormatter.fixed(tick, decimals: y.tickDecimals))
                : ValueFormatter.fixed(tick, decimals: y.tickDecimals)
            canvas.text(label, x: Self.plotLeft - 6, y: y(tick) + 4, anchor: .end, size: 11, fill: ChartPalette.axis)
        }
        canvas.text(axisTitle, x: 16, y: (Self.plotTop + Self.plotBottom) / 2, anchor: .middle, size: 12, rotate: true)
        var run: [(x: Double, y: Double)] = []
        for (index, point) in points.enumerated() {
            canvas.text(point.label, x: xPosition(index), y: Self.plotBottom + 18, anchor: .middle, size: 12)
            if let value = point.value, value.isFinite {
                run.append((xPosition(index), y(value)))
            } else {
                if run.count > 1 { canvas.polyline(points: run, stroke: colour) }
                run = []
            }
        }
        if run.count > 1 { canvas.polyline(points: run, stroke: colour) }
        if y.isBroken { canvas.axisBreak(x: Self.plotLeft, y: Self.plotBottom, vertical: true) }
        let segments = self.segments(y)
        // The year labels under the axis are placed first; value labels stay inside the plot.
        var placed: [LabelBox] = points.indices.map {
            LabelBox(points[$0].label, x: xPosition($0), baseline: Self.plotBottom + 18, anchor: .middle, size: 12)
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value, value.isFinite else {
                canvas.text(
                    "no data", x: xPosition(index), y: Self.plotBottom - 6, anchor: .middle, size: 11,
                    fill: ChartPalette.axis)
                continue
            }
            let text = ValueFormatter.display(value, unit: unit, decimals: decimals)
            canvas.circle(cx: xPosition(index), cy: y(value), r: 4, fill: colour, title: "\(point.label): \(text)")
            // Above the point, else below, right, left, further above or below: the first place clear
            // of the line, of the labels already placed and of the plot's edges.
            let px = xPosition(index)
            let py = y(value)
            let candidates: [(x: Double, baseline: Double, anchor: SVGCanvas.Anchor)] = [
                (px, py - 9, .middle), (px, py + 17, .middle), (px + 7, py + 4, .start), (px - 7, py + 4, .end),
                (px, py - 22, .middle), (px, py + 30, .middle),
            ]
            let boxes = candidates.map { LabelBox(text, x: $0.x, baseline: $0.baseline, anchor: $0.anchor, size: 11) }
            let choice =
                boxes.firstIndex { box in
                    box.top >= Self.plotTop - 20 && box.bottom <= Self.plotBottom && box.right <= Self.width - 2
                        && !segments.contains { box.crosses($0.0, $0.1) } && !placed.contains { box.intersects($0) }
                } ?? 0
            placed.append(boxes[choice])
            canvas.text(
                text, x: candidates[choice].x, y: candidates[choice].baseline, anchor: candidates[choice].anchor,
                size: 11)
        }
        canvas.text("Year", x: (Self.plotLeft + Self.plotRight) / 2, y: Self.plotBottom + 40, anchor: .middle, size: 12)
        return canvas.document(id: id, title: title, description: description)
    }
}
