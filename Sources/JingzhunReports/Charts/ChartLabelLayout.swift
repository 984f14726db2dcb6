/// Boxes of chart labels, estimated like `estimatedTextWidth` (ascent 0.8 em, descent 0.25 em),
/// so charts can place a label where it crosses no line and no other label.
struct LabelBox {
    var left, top, right, bottom: Double

    /// The box of `text` drawn at (x, baseline) with the given anchor and size.
    init(_ text: String, x: Double, baseline: Double, anchor: SVGCanvas.Anchor, size: Double) {
        let width = estimatedTextWidth(text, size: size)
        switch anchor {
        case .start: left = x
        case .middle: left = x - width / 2
        case .end: left = x - width
        }
        right = left + width
        top = baseline - 0.8 * size
        bottom = baseline + 0.25 * size
    }

    func intersects(_ other: LabelBox) -> Bool {
        left < other.right && other.left < right && top < other.bottom && other.top < bottom
    }

    /// Whether the segment a–b passes through the box (Liang–Barsky clipping).
    func crosses(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Bool {
        var t0 = 0.0
        var t1 = 1.0
        let dx = b.x - a.x
        let dy = b.y - a.y
        for (p, q) in [(-dx, a.x - left), (dx, right - a.x), (-dy, a.y - top), (dy, bottom - a.y)] {
            if p == 0 {
                if q < 0 { return false }
                continue
            }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                t0 = max(t0, r)
            } else {
                if r < t0 { return false }
                t1 = min(t1, r)
            }
        }
        return t0 < t1
    }
}

extension SVGCanvas {
    /// The mark of an axis that does not start at zero: two short parallel slashes across the axis
    /// line at (x, y), on a white gap. `vertical` for a y axis.
    mutating func axisBreak(x: Double, y: Double, vertical: Bool) {
        if vertical {
            rect(x: x - 6, y: y - 7, width: 12, height: 6, fill: "#FFFFFF")
            line(x1: x - 6, y1: y - 5, x2: x + 6, y2: y - 9, stroke: ChartPalette.axis, strokeWidth: 1.2)
            line(x1: x - 6, y1: y - 1, x2: x + 6, y2: y - 5, stroke: ChartPalette.axis, strokeWidth: 1.2)
        } else {
            rect(x: x + 1, y: y - 6, width: 6, height: 12, fill: "#FFFFFF")
            line(x1: x + 1, y1: y + 6, x2: x + 5, y2: y - 6, stroke: ChartPalette.axis, strokeWidth: 1.2)
            line(x1: x + 5, y1: y + 6, x2: x + 9, y2: y - 6, stroke: ChartPalette.axis, strokeWidth: 1.2)
        }
    }
}
