internal import Mustache

// Explicit Mustache lookups for the page models and their sections, like those of the table,
// chart, page and navigation models (TableModel.swift, Navigation.swift, SiteModel.swift):
// without them swift-mustache reads every name through `Mirror`, which reflects every stored
// property on every lookup, and every name a template looks up inside a section that the
// section's own model lacks is looked up again one level down the stack, ending at these.
// The names are the stored properties' names, so templates read exactly what `Mirror` gave them;
// MustacheLookupTests checks every stored property of every model a report reaches against
// its `child(named:)`, so a property added without its case here fails a test.

extension AreaReportModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "headline": headline
        case "exits": exits
        case "causes": causes
        case "categories": categories
        case "measures": measures
        case "charts": charts
        case "trends": trends
        case "trendChart": trendChart
        case "trendCharts": trendCharts
        case "csv": csv
        case "mpi": mpi
        case "dynamics": dynamics
        case "addedIndicators": addedIndicators
        default: nil
        }
    }
}

extension CountyExitModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "provinceLabel": provinceLabel
        case "reviewPath": reviewPath
        case "summary": summary
        case "counties": counties
        case "hasCounties": hasCounties
        case "csv": csv
        default: nil
        }
    }
}

extension CountyExitModel.ReviewStep: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "text": text
        default: nil
        }
    }
}

extension CountyExitModel.CountySection: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": heading
        case "verdict": verdict
        case "status": status
        case "criteria": criteria
        case "anchor": anchor
        case "figuresHref": figuresHref
        case "hasFigures": hasFigures
        default: nil
        }
    }
}

extension DataQualityModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "overview": overview
        case "submissions": submissions
        case "hasSubmissions": hasSubmissions
        case "provinceQuality": provinceQuality
        case "missingProvinces": missingProvinces
        case "hasMissingProvinces": hasMissingProvinces
        case "csv": csv
        default: nil
        }
    }
}

extension DataQualityModel.SubmissionSection: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": heading
        case "files": files
        case "status": status
        case "reason": reason
        case "hasReason": hasReason
        case "rules": rules
        case "rejected": rejected
        case "rejectedNote": rejectedNote
        case "warningRules": warningRules
        case "warnings": warnings
        case "warningsNote": warningsNote
        case "isClean": isClean
        default: nil
        }
    }
}

extension MultidimensionalPovertyModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": heading
        case "notes": notes
        case "areas": areas
        case "dimensions": dimensions
        case "contributionChart": contributionChart
        case "trendChart": trendChart
        case "contributionTrendChart": contributionTrendChart
        case "trend": trend
        default: nil
        }
    }
}

extension TransitionsModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "note": note
        case "households": households
        case "population": population
        default: nil
        }
    }
}

extension YearIndexModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "national": national
        case "dataQuality": dataQuality
        case "provinces": provinces
        case "hasProvinces": hasProvinces
        case "siteIndexHref": siteIndexHref
        case "definitionsHref": definitionsHref
        case "years": years
        default: nil
        }
    }
}

extension SiteIndexModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "years": years
        case "hasYears": hasYears
        case "definitionsHref": definitionsHref
        default: nil
        }
    }
}

extension DefinitionsModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": page
        case "table": table
        case "siteIndexHref": siteIndexHref
        default: nil
        }
    }
}

/// What tests need to check the lookups without importing Mustache themselves.
enum MustacheLookup {
    /// Whether templates read `model` through an explicit lookup (else through `Mirror`).
    static func isExplicit(_ model: Any) -> Bool { model is any MustacheParent }

    /// What a template's `{{name}}` finds on `model` through its explicit lookup (nil: none, or no lookup).
    static func child(of model: Any, named name: String) -> Any? { (model as? any MustacheParent)?.child(named: name) }
}
