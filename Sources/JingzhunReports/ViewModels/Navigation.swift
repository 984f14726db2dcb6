import JingzhunCore
internal import Mustache

/// A link as the templates see it: text already escaped for the format, a relative target.
struct LinkModel {
    var text: String
    var href: String
    /// The page itself (printed as text, not as a link).
    var isCurrent: Bool
    /// Last of its list (templates place separators with it).
    var last = false
}

/// Where a page sits in the site (`reports/`), as links: up to the indexes, across to the same
/// report in other years, and to the definitions page.
///
/// Every link is relative (`../index.html`, `../2019/province-52.html`), so the folder can be
/// copied to any web server or opened from disk; Markdown pages link to Markdown pages.
struct NavModel {
    /// All years › 2020 › this page.
    var crumbs: [LinkModel]
    /// The same report in every year of the store that has it, this year as `isCurrent`.
    var years: [LinkModel]
    var hasYears: Bool
    /// Other reports of the same area and year (province ↔ county exit ↔ data quality).
    var related: [LinkModel]
    var hasRelated: Bool
    var definitionsHref: String
    var indexHref: String
    /// False for CSV (no links) and for pages that have none.
    var isShown: Bool

    static let hidden = NavModel(
        crumbs: [], years: [], hasYears: false, related: [], hasRelated: false, definitionsHref: "", indexHref: "",
        isShown: false)

    static func markLast(_ links: [LinkModel]) -> [LinkModel] {
        var links = links
        if !links.isEmpty { links[links.count - 1].last = true }
        return links
    }
}

/// The pages the site has: years of the store and the provinces of each.
///
/// A report links only to pages that exist, so the years and provinces come from
/// `ReportData.siteProvinces` (the whole store, later years included) when the caller gives it.
struct SiteMap {
    let provincesByYear: [Int32: [String]]

    init(index: ReportIndex) {
        if index.data.siteProvinces.isEmpty {
            var map: [Int32: [String]] = [:]
            for year in index.years { map[year] = index.provinces(year: year) }
            provincesByYear = map
        } else {
            provincesByYear = index.data.siteProvinces.mapValues {
                Array(Set($0)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }
        }
    }

    var years: [Int32] { provincesByYear.keys.sorted() }

    /// File base name of a report (`province-52`, `national`), relative to its year folder.
    static func base(_ report: ReportName, province: String?) -> String {
        switch report {
        case .national: return "national"
        case .province: return "province-\(province ?? "")"
        case .countyExit: return "county-exit-\(province ?? "")"
        case .dataQuality: return "data-quality"
        }
    }

    /// Years that have the report (`province` nil: every year).
    func years(having province: String?) -> [Int32] {
        guard let province else { return years }
        return years.filter { provincesByYear[$0]?.contains(province) ?? false }
    }

    /// Navigation of a report page in `{year}/`.
    func nav(report: ReportName, year: Int32, province: String?, index: ReportIndex, style: FormatStyle) -> NavModel {
        guard style.format != .csv, let indexHref = style.href("../index"), let yearHref = style.href("index"),
            let definitions = style.href("../definitions")
        else { return .hidden }
        var crumbs = [
            LinkModel(text: style.label("All years"), href: indexHref, isCurrent: false),
            LinkModel(text: style.label("\(year)"), href: yearHref, isCurrent: false),
        ]
        let area = province ?? AreaCode.nation
        let pageTitle: String
        switch report {
        case .national: pageTitle = "National report"
        case .province: pageTitle = index.label(area)
        case .countyExit: pageTitle = "County exit review: " + index.label(area)
        case .dataQuality: pageTitle = "Data quality" + (province.map { ": " + index.label($0) } ?? "")
        }
        if report != .national, let national = style.href("national") {
            crumbs.append(LinkModel(text: style.label("National report"), href: national, isCurrent: false))
        }
        if report == .countyExit, let province, let href = style.href(Self.base(.province, province: province)) {
            crumbs.append(LinkModel(text: style.text(index.label(province)), href: href, isCurrent: false))
        }
        crumbs.append(LinkModel(text: style.text(pageTitle), href: "", isCurrent: true))
        let base = Self.base(report, province: province)
        let years = self.years(having: report == .dataQuality ? nil : province).compactMap { other -> LinkModel? in
            guard let href = style.href("../\(other)/" + base) else { return nil }
            return LinkModel(text: String(other), href: href, isCurrent: other == year)
        }
        var related: [LinkModel] = []
        if let province, report == .province || report == .countyExit {
            let other: ReportName = report == .province ? .countyExit : .province
            if let href = style.href(Self.base(other, province: province)) {
                related.append(
                    LinkModel(
                        text: style.label(other == .countyExit ? "County exit review" : "Province report"), href: href,
                        isCurrent: false))
            }
            if let href = style.href("data-quality") {
                related.append(LinkModel(text: style.label("Data quality \(year)"), href: href, isCurrent: false))
            }
        }
        return NavModel(
            crumbs: NavModel.markLast(crumbs), years: NavModel.markLast(years), hasYears: years.count > 1,
            related: NavModel.markLast(related), hasRelated: !related.isEmpty, definitionsHref: definitions,
            indexHref: indexHref, isShown: true)
    }
}

extension LinkModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "href": href
        case "isCurrent": isCurrent
        case "last": last
        default: nil
        }
    }
}

extension NavModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "crumbs": crumbs
        case "years": years
        case "hasYears": hasYears
        case "related": related
        case "hasRelated": hasRelated
        case "definitionsHref": definitionsHref
        case "indexHref": indexHref
        case "isShown": isShown
        default: nil
        }
    }
}
