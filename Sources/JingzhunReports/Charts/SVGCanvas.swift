import JingzhunIO

/// Accumulates SVG elements with fixed-decimal coordinates and escaped text.
///
/// Every coordinate is printed with one decimal by `ValueFormatter.fixed`, so the markup depends
/// only on the data, never on how a platform prints doubles.
struct SVGCanvas {
    static let fontFamily = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
    let width: Double
    var height: Double
    private(set) var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func number(_ value: Double) -> String { ValueFormatter.fixed(value, decimals: 1) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        let open =
            "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(width, 0)))\" "
            + "height=\"\(Self.number(max(height, 0)))\" fill=\"\(fill)\""
        if let title {
            elements.append(open + "><title>\(TextEscaping.xml(title))</title></rect>")
        } else {
            elements.append(open + "/>")
        }
    }

    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, strokeWidth: Double = 1, dash: String? = nil,
        cssClass: String? = nil
    ) {
        var attributes =
            "x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
            + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(strokeWidth))\""
        if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
        if let cssClass { attributes += " class=\"\(cssClass)\"" }
        elements.append("<line \(attributes)/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(
        _ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12, bold: Bool = false,
        fill: String = ChartPalette.black, rotate: Bool = false
    ) {
        var attributes =
            "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" "
            + "text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if bold { attributes += " font-weight=\"bold\"" }
        if rotate { attributes += " transform=\"rotate(-90 \(Self.number(x)) \(Self.number(y)))\"" }
        elements.append("<text \(attributes)>\(TextEscaping.xml(text))</text>")
    }

    mutating func polyline(points: [(x: Double, y: Double)], stroke: String, strokeWidth: Double = 2) {
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        elements.append(
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" "
                + "stroke-width=\"\(Self.number(strokeWidth))\"/>"
        )
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, title: String? = nil) {
        let open =
            "<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\" fill=\"\(fill)\""
        if let title {
            elements.append(open + "><title>\(TextEscaping.xml(title))</title></circle>")
        } else {
            elements.append(open + "/>")
        }
    }

    /// The whole `<svg>` element: `role="img"`, a `<title>` and `<desc>` referenced by
    /// `aria-labelledby`, a viewBox so that it scales to the page width in print.
    func document(id: String, title: String, description: String) -> String {
        let safeID = TextEscaping.xml(id)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" role=\"img\" "
            + "aria-labelledby=\"\(safeID)-title \(safeID)-desc\" "
            + "font-family=\"\(TextEscaping.xml(Self.fontFamily))\">\n"
        out += "<title id=\"\(safeID)-title\">\(TextEscaping.xml(title))</title>\n"
        out += "<desc id=\"\(safeID)-desc\">\(TextEscaping.xml(description))</desc>\n"
        out +=
            "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
            + "fill=\"#FFFFFF\"/>\n"
        for element in elements { out += element + "\n" }
        out += "</svg>"
        return out
    }
}
