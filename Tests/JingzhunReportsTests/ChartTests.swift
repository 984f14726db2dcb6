import Foundation
import JingzhunCore
import JingzhunReports
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses an SVG with Foundation's XMLParser and keeps every element with its attributes and text.
final class SVGProbe: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }
    var elements: [Element] = []
    private var open: [Int] = []

    static func parse(_ svg: String) throws -> SVGProbe {
        let probe = SVGProbe()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = probe
        let ok = parser.parse()
        try #require(ok, "SVG is not well-formed: \(String(describing: parser.parserError))")
        return probe
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(Element(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func all(_ name: String, where predicate: (Element) -> Bool = { _ in true }) -> [Element] {
        elements.filter { $0.name == name && predicate($0) }
    }
}

extension SVGProbe.Element {
    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
}

@Suite struct ChartTests {
    /// Domain 0…4 (nice step 1 for values 1, 2, 4 and lines at 2 and 3): x(v) = 180 + v / 4 × 460.
    @Test func barLengthsAreProportionalAndThresholdLinesSitAtTheirValues() throws {
        let chart = HorizontalBarChart(
            id: "t", title: "Incidence <test> & co", description: "d", axisTitle: "Poverty incidence (%)",
            unit: .percent,
            decimals: 1,
            bars: [
                ChartBar(label: "A <b>", value: 1), ChartBar(label: "B", value: 2),
                ChartBar(label: "C", value: 4, isEmphasised: true),
                ChartBar(label: "D", value: nil),
            ],
            references: [ChartReferenceLine(value: 2, label: "2%"), ChartReferenceLine(value: 3, label: "3%")])
        let svg = try SVGProbe.parse(chart.svg())
        let root = try #require(svg.elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-labelledby"] == "t-title t-desc")
        #expect(svg.all("title").first?.text == "Incidence <test> & co")
        let bars = svg.all("rect") { $0.attributes["height"] == "16.0" }
        #expect(bars.compactMap { $0.number("width") } == [115, 230, 460])
        #expect(bars.compactMap { $0.number("x") } == [180, 180, 180])
        #expect(bars.map { $0.attributes["fill"] } == [ChartPalette.blue, ChartPalette.blue, ChartPalette.orange])
        #expect(svg.all("title").contains { $0.text == "A <b>: 1.0%" }, "each bar has a tooltip with its value")
        let references = svg.all("line") { $0.attributes["class"] == "reference" }
        #expect(references.compactMap { $0.number("x1") } == [410, 525])
        #expect(references.allSatisfy { $0.attributes["x1"] == $0.attributes["x2"] })
        #expect(svg.all("text").contains { $0.text == "no data" })
        #expect(svg.all("text").contains { $0.text == "A <b>" })
    }

    /// Domain −2…4 (step 2): zero at 180 + 2/6 × 460 = 333.3; the −2 bar spans 180…333.3.
    @Test func negativeBarsExtendLeftOfZero() throws {
        let chart = HorizontalBarChart(
            id: "n", title: "Growth", description: "d", axisTitle: "%", unit: .percent, decimals: 1,
            bars: [ChartBar(label: "A", value: -2), ChartBar(label: "B", value: 4)])
        let bars = try SVGProbe.parse(chart.svg()).all("rect") { $0.attributes["height"] == "16.0" }
        #expect(bars.map { $0.attributes["x"] } == ["180.0", "333.3"])
        #expect(bars.map { $0.attributes["width"] } == ["153.3", "306.7"])
    }

    /// 0–100 axis over 180…680: 50% is 250 long, 100% is 500; a null draws no bar.
    @Test func groupedBars() throws {
        let chart = GroupedBarChart(
            id: "g", title: "Guarantees", description: "d", axisTitle: "%", series: ["a", "b", "c"],
            groups: [ChartGroup(label: "52 贵州省", values: [50, 100, nil])])
        let svg = try SVGProbe.parse(chart.svg())
        let bars = svg.all("rect") { $0.attributes["height"] == "6.0" }
        #expect(bars.compactMap { $0.number("width") } == [250, 500])
        #expect(bars.map { $0.attributes["fill"] } == [ChartPalette.series[0], ChartPalette.series[1]])
        #expect(svg.all("text").contains { $0.text == "52 贵州省" })
    }

    /// y: 0…100 (step 50) over 260…56, so 50 sits at 158; x slots of 590 / 4 = 147.5.
    @Test func lineChartBreaksAtMissingYears() throws {
        let chart = LineChart(
            id: "l", title: "Poor population", description: "d", axisTitle: "persons", unit: .count, decimals: 0,
            points: [("2018", 100), ("2019", nil), ("2020", 50), ("2021", 25)])
        let svg = try SVGProbe.parse(chart.svg())
        let lines = svg.all("polyline")
        #expect(lines.count == 1)
        #expect(lines.first?.attributes["points"] == "468.8,158.0 616.3,209.0")
        #expect(svg.all("circle").compactMap { $0.number("cy") } == [56, 158, 209])
        #expect(svg.all("text").contains { $0.text == "no data" })
    }

    @Test func niceScale() {
        #expect(ValueFormatter.fixed(0.8, decimals: 1) == "0.8")
        // Every SVG coordinate is printed with exactly one decimal.
        let svg = HorizontalBarChart(
            id: "s", title: "t", description: "d", axisTitle: "a", unit: .percent, decimals: 2,
            bars: [ChartBar(label: "x", value: 1.0 / 3)]
        ).svg()
        let numbers = svg.split(whereSeparator: { $0 == "\"" }).filter {
            $0.first?.isNumber == true && $0.allSatisfy { $0.isNumber || $0 == "." }
        }
        #expect(!numbers.isEmpty)
        #expect(numbers.allSatisfy { $0.split(separator: ".").last?.count == 1 })
    }

    /// Every chart embedded in the rendered HTML reports is a well-formed SVG with a title.
    @Test func chartsInReportsAreWellFormed() throws {
        let outputs = try ReportRenderer().renderAll(year: 2020, data: Fixture.data, templates: Fixture.templates())
        var count = 0
        for output in outputs where output.relativePath.hasSuffix(".html") {
            var html = Substring(String(decoding: output.bytes, as: UTF8.self))
            while let start = html.range(of: "<svg "),
                let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex)
            {
                let svg = try SVGProbe.parse(String(html[start.lowerBound..<end.upperBound]))
                #expect(svg.all("title").first?.text.isEmpty == false)
                count += 1
                html = html[end.upperBound...]
            }
        }
        #expect(count == 21)  // national and two province reports × 7 charts (4 + 3 key-indicator trends)
    }
}
