import Foundation
import JingzhunCore
import JingzhunReports
import Testing

/// Labels never overlap each other, a data line or a reference line: each `<text>` gets a box
/// from a fixed per-character width estimate (0.6 em for Latin, 1 em for CJK; the font's ascent
/// 0.8 em above the baseline, descent 0.25 em below), and no two boxes may intersect, nor may a
/// box cross a `<polyline>` segment or a reference `<line>`.
@Suite struct ChartLayoutTests {
    struct Box {
        var left, top, right, bottom: Double
        var text: String
        func intersects(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }
        /// Whether the segment (x1,y1)–(x2,y2) passes through the box (Liang–Barsky clipping).
        func crosses(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) -> Bool {
            var t0 = 0.0
            var t1 = 1.0
            let dx = x2 - x1
            let dy = y2 - y1
            for (p, q) in [(-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)] {
                if p == 0 {
                    if q < 0 { return false }
                } else {
                    let r = q / p
                    if p < 0 {
                        if r > t1 { return false } else if r > t0 { t0 = r }
                    } else {
                        if r < t0 { return false } else if r < t1 { t1 = r }
                    }
                }
            }
            return t0 < t1
        }
    }

    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? size : size * 0.6) }
    }

    static func boxes(_ svg: SVGProbe) -> [Box] {
        svg.all("text").compactMap { element in
            guard let x = element.number("x"), let y = element.number("y"), let size = element.number("font-size")
            else {
                return nil
            }
            let width = Self.width(element.text, size: size)
            let left: Double
            switch element.attributes["text-anchor"] {
            case "middle": left = x - width / 2
            case "end": left = x - width
            default: left = x
            }
            if element.attributes["transform"]?.hasPrefix("rotate(-90") == true {
                // Rotated about (x, y): the text runs upwards, centred on y for anchor middle.
                let along = element.attributes["text-anchor"] == "middle" ? width / 2 : 0
                return Box(
                    left: x - 0.8 * size, top: y - along, right: x + 0.25 * size, bottom: y + along, text: element.text)
            }
            return Box(
                left: left, top: y - 0.8 * size, right: left + width, bottom: y + 0.25 * size, text: element.text)
        }
    }

    static func segments(_ svg: SVGProbe) -> [(Double, Double, Double, Double)] {
        var segments: [(Double, Double, Double, Double)] = []
        for polyline in svg.all("polyline") {
            let points = (polyline.attributes["points"] ?? "").split(separator: " ").compactMap {
                pair -> (Double, Double)? in
                let parts = pair.split(separator: ",").compactMap { Double($0) }
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
            for (a, b) in zip(points, points.dropFirst()) { segments.append((a.0, a.1, b.0, b.1)) }
        }
        for line in svg.all("line", where: { $0.attributes["class"] == "reference" }) {
            if let x1 = line.number("x1"), let y1 = line.number("y1"), let x2 = line.number("x2"),
                let y2 = line.number("y2")
            {
                segments.append((x1, y1, x2, y2))
            }
        }
        return segments
    }

    /// Problems of one SVG: overlapping labels, labels crossing lines.
    static func problems(_ svgText: String) throws -> [String] {
        let svg = try SVGProbe.parse(svgText)
        let boxes = Self.boxes(svg)
        var problems: [String] = []
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] where a.intersects(b) { problems.append("'\(a.text)' overlaps '\(b.text)'") }
            for s in segments(svg) where a.crosses(s.0, s.1, s.2, s.3) {
                problems.append("'\(a.text)' crosses a line at \(s)")
            }
        }
        return problems
    }

    /// Every chart of every report of the fixture (both years, national and provinces).
    @Test func noLabelOverlapsAnotherOrALineInTheReports() throws {
        var count = 0
        for year: Int32 in [2019, 2020] {
            for output in try ReportRenderer().renderAll(year: year, data: Fixture.data, templates: Fixture.templates())
            where output.relativePath.hasSuffix(".html") {
                var html = Substring(String(decoding: output.bytes, as: UTF8.self))
                while let start = html.range(of: "<svg "),
                    let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex)
                {
                    let problems = try Self.problems(String(html[start.lowerBound..<end.upperBound]))
                    #expect(problems.isEmpty, "\(output.relativePath): \(problems.prefix(5))")
                    count += 1
                    html = html[end.upperBound...]
                }
            }
        }
        #expect(count > 0)
    }

    /// A value label right of its bar that would sit on the national-growth line moves past it.
    @Test func valueLabelsClearReferenceLines() throws {
        let chart = HorizontalBarChart(
            id: "g", title: "Growth", description: "d", axisTitle: "%", unit: .percent, decimals: 1,
            bars: [
                ChartBar(label: "A", value: 6.5), ChartBar(label: "B", value: 6.8), ChartBar(label: "C", value: 12),
            ],
            references: [ChartReferenceLine(value: 6.9, label: "national rural income growth 6.9%")])
        let problems = try Self.problems(chart.svg())
        #expect(problems.isEmpty, "\(problems)")
    }

    /// Close values on a line: labels go above or below the line so they cross neither it nor each other.
    @Test func lineLabelsClearTheLine() throws {
        let chart = LineChart(
            id: "l", title: "Incidence", description: "d", axisTitle: "%", unit: .percent, decimals: 2,
            points: [("2016", 9.1), ("2017", 3.2), ("2018", 3.1), ("2019", 8.8), ("2020", 0.4)])
        let problems = try Self.problems(chart.svg())
        #expect(problems.isEmpty, "\(problems)")
    }

    /// The synthetic test itself: two labels at one spot are caught, and so is a label on a line.
    @Test func theCheckFindsOverlaps() throws {
        let overlapping = """
            <svg xmlns="http://www.w3.org/2000/svg">\
            <text x="10" y="20" font-size="11" text-anchor="start">label one</text>\
            <text x="30" y="22" font-size="11" text-anchor="start">label two</text>\
            <polyline points="0,100 200,100"/><text x="50" y="104" font-size="11" text-anchor="middle">on</text></svg>
            """
        #expect(try Self.problems(overlapping).count == 2)
    }
}
