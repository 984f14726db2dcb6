import JingzhunCore
internal import Mustache

/// The formats a report is written in, as links: `HTML · Markdown · CSV · Excel`.
struct FormatLinks {
    /// Every file of a report, in the order the indexes list them.
    static let files: [(extension: String, label: String)] = [
        ("html", "HTML"), ("md", "Markdown"), ("csv", "CSV"), ("xlsx", "Excel"),
    ]

    /// Links to `prefix + base + .ext` for every format; the page's own format first.
    static func links(_ base: String, prefix: String, style: FormatStyle) -> [LinkModel] {
        let own = style.format.rawValue
        let ordered = files.filter { $0.extension == own } + files.filter { $0.extension != own }
        return NavModel.markLast(
            ordered.map {
                LinkModel(text: style.label($0.label), href: prefix + base + "." + $0.extension, isCurrent: false)
            })
    }
}

/// View model of `{year}/index`: the national report, data quality, and every province with its
/// province and county-exit reports.
struct YearIndexModel {
    var page: PageModel
    var national: [LinkModel]
    var dataQuality: [LinkModel]
    var provinces: [ProvinceEntry]
    var hasProvinces: Bool
    var siteIndexHref: String
    var definitionsHref: String
    var years: [LinkModel]

    struct ProvinceEntry {
        var label: String
        var anchor: String
        var province: [LinkModel]
        var countyExit: [LinkModel]
        var poorPopulation: String
        var incidence: String
    }

    static func build(index: ReportIndex, year: Int32, style: FormatStyle) -> YearIndexModel {
        let site = SiteMap(index: index)
        let poor = ReportIndex.definition("poor_population")
        let incidence = ReportIndex.definition("poverty_incidence_pct")
        let provinces = index.provinces(year: year).map { code in
            ProvinceEntry(
                label: style.text(index.label(code)), anchor: "province-\(code)",
                province: FormatLinks.links(SiteMap.base(.province, province: code), prefix: "", style: style),
                countyExit: FormatLinks.links(SiteMap.base(.countyExit, province: code), prefix: "", style: style),
                poorPopulation: style.value(index.value(poor.id, year: year, area: code), poor),
                incidence: style.value(index.value(incidence.id, year: year, area: code), incidence))
        }
        let page = PageModel.site(
            title: "Reports for \(year)",
            subtitle: "\(year)年 脱贫攻坚监测报告 — every province and its county exit review",
            year: String(year), index: index, style: style)
        return YearIndexModel(
            page: page, national: FormatLinks.links("national", prefix: "", style: style),
            dataQuality: FormatLinks.links("data-quality", prefix: "", style: style), provinces: provinces,
            hasProvinces: !provinces.isEmpty, siteIndexHref: style.href("../index") ?? "",
            definitionsHref: style.href("../definitions") ?? "",
            years: NavModel.markLast(
                site.years.map {
                    LinkModel(text: String($0), href: style.href("../\($0)/index") ?? "", isCurrent: $0 == year)
                }))
    }
}

/// View model of the site's `index`: every year of the store with its national report, data
/// quality and year index, and the national headline figures of each year.
struct SiteIndexModel {
    var page: PageModel
    var years: [YearEntry]
    var hasYears: Bool
    var definitionsHref: String

    struct YearEntry {
        var year: String
        var yearIndexHref: String
        var national: [LinkModel]
        var dataQuality: [LinkModel]
        var provinces: String
        var poorPopulation: String
        var incidence: String
        var submissions: String
    }

    static func build(index: ReportIndex, style: FormatStyle) -> SiteIndexModel {
        let site = SiteMap(index: index)
        let poor = ReportIndex.definition("poor_population")
        let incidence = ReportIndex.definition("poverty_incidence_pct")
        // Newest year first: the one most readers come for.
        let entries = site.years.reversed().map { year in
            let submissions = index.data.submissions.filter { $0.key.year == year }
            let applied = submissions.filter { $0.outcome == .applied }.count
            return YearEntry(
                year: String(year), yearIndexHref: style.href("\(year)/index") ?? "",
                national: FormatLinks.links("national", prefix: "\(year)/", style: style),
                dataQuality: FormatLinks.links("data-quality", prefix: "\(year)/", style: style),
                provinces: style.count(site.provincesByYear[year]?.count ?? 0),
                poorPopulation: style.value(index.value(poor.id, year: year, area: AreaCode.nation), poor),
                incidence: style.value(index.value(incidence.id, year: year, area: AreaCode.nation), incidence),
                submissions: style.label(
                    "\(ValueFormatter.count(applied)) applied, "
                        + "\(ValueFormatter.count(submissions.count - applied)) not applied"
                ))
        }
        let page = PageModel.site(
            title: "Poverty-alleviation monitoring reports",
            subtitle: "脱贫攻坚监测报告 — national, province, county exit and data-quality reports of "
                + "every year",
            year: "", index: index, style: style)
        return SiteIndexModel(
            page: page, years: entries, hasYears: !entries.isEmpty, definitionsHref: style.href("definitions") ?? "")
    }
}

/// View model of the site's `definitions` page: the indicator catalogue.
struct DefinitionsModel {
    var page: PageModel
    var table: TableModel
    var siteIndexHref: String

    static func build(index: ReportIndex, style: FormatStyle) -> DefinitionsModel {
        let table = TableModel(
            caption: style.label("The indicator catalogue"),
            headers: [
                style.header("Indicator", machine: "indicator"),
                style.header(style.options.language == .zh ? "名称" : "Label", machine: "label"),
                style.header(style.options.language == .zh ? "Label" : "名称", machine: "label_zh"),
                style.header("Unit", machine: "unit"), style.header("Levels", machine: "levels"),
                style.header("Decimals shown", machine: "decimals", numeric: true),
                style.header("Formula", machine: "formula"),
            ],
            rows: index.catalogueDefinitions.map { definition in
                let labels = style.labels(definition)
                return RowModel(cells: [
                    CellModel(style.text(definition.id)).anchored(definition.id),
                    CellModel(style.text(labels.first)), CellModel(style.text(labels.second)),
                    CellModel(style.text(definition.unit.rawValue)),
                    CellModel(
                        AreaLevel.allCases.filter(definition.levels.contains).map(style.code).joined(separator: ", ")),
                    CellModel(String(definition.decimals), numeric: true), CellModel(style.text(definition.formula)),
                ])
            })
        let page = PageModel.site(
            title: "Definitions of the indicators",
            subtitle: "指标解释 — every indicator of the catalogue, its unit and formula",
            year: "", index: index, style: style)
        return DefinitionsModel(page: page, table: table, siteIndexHref: style.href("index") ?? "")
    }
}

extension PageModel {
    /// Page furniture of the site's own pages (indexes, definitions): no indicator table, no notes
    /// beyond the notation.
    static func site(title: String, subtitle: String, year: String, index: ReportIndex, style: FormatStyle) -> PageModel
    {
        let notes = [
            "H: registered households (status not removed); P: poor households (poor or returned); X: households "
                + "exited in the year; size(h): members; net(h): net income; pcni(h) = net(h) / size(h); "
                + "G(h): the two assurances and three guarantees met; z: the poverty line of the year.",
            "— marks a value that is not defined (a ratio whose denominator is 0, or an indicator not defined "
                + "at the level).",
        ]
        let asOf = dataAsOf(index: index, upTo: nil)
        return PageModel(
            title: style.label(title), subtitle: style.label(subtitle), year: year, report: "index",
            yearsAvailable: SiteMap(index: index).years.map(String.init).joined(separator: ", "),
            notes: notes.map { NoteModel(text: style.label($0)) },
            definitions: TableModel(caption: "", headers: [], rows: []),
            nav: .hidden, asOf: style.label(asOf), hasAsOf: !asOf.isEmpty)
    }
}

extension YearIndexModel.ProvinceEntry: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "anchor": anchor
        case "province": province
        case "countyExit": countyExit
        case "poorPopulation": poorPopulation
        case "incidence": incidence
        default: nil
        }
    }
}

extension SiteIndexModel.YearEntry: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "year": year
        case "yearIndexHref": yearIndexHref
        case "national": national
        case "dataQuality": dataQuality
        case "provinces": provinces
        case "poorPopulation": poorPopulation
        case "incidence": incidence
        case "submissions": submissions
        default: nil
        }
    }
}
