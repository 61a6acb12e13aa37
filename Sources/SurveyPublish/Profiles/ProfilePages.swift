// The country profile pages (issue 21): `countries/<ISO3>.html` (and `<ISO3>.<lang>.html`) and
// `countries/index.html`, rendered from the same ``CountryProfile`` values as the JSON files.
// Self-contained (inline CSS and SVG, no script, no network request), right to left in Arabic.
public import Foundation
public import SurveyModel

/// What a page needs besides its profile: the language, the pipeline's own language (whose file
/// names carry no language suffix) and the languages pages are written in (for the language links).
public struct ProfilePageContext: Sendable {
    public var language: Language
    public var defaultLanguage: Language
    public var languages: [Language]
    /// The world tile grid the profile's locator draws (``WorldTiles``); nil: no locator.
    public var world: WorldTiles?

    public init(language: Language, defaultLanguage: Language, languages: [Language], world: WorldTiles? = nil) {
        self.language = language
        self.defaultLanguage = defaultLanguage
        self.languages = languages
        self.world = world
    }

    /// `AFG.html` in the pipeline's language, `AFG.<lang>.html` in another (as the report is named).
    public func profileFile(_ iso3: String, in language: Language? = nil) -> String {
        let language = language ?? self.language
        return language == defaultLanguage ? "\(iso3).html" : "\(iso3).\(language.rawValue).html"
    }

    /// `index.html` or `index.<lang>.html`.
    public func indexFile(in language: Language? = nil) -> String {
        let language = language ?? self.language
        return language == defaultLanguage ? "index.html" : "index.\(language.rawValue).html"
    }

    /// The report beside the `countries/` folder: `../report.html` or `../report.<lang>.html`.
    public func reportFile(in language: Language? = nil) -> String {
        let language = language ?? self.language
        return language == defaultLanguage ? "../report.html" : "../report.\(language.rawValue).html"
    }
}

/// What a profile's locator draws (issue 27): the world tile grid (``TileLayout``), each Member
/// State's name and region, the rounds in which each State has an accepted submission, and the
/// States with a profile (their tiles link to it).
public struct WorldTiles: Sendable {
    public var layout: TileLayout
    public var reference: CountryReference
    /// ISO3 → the rounds with an accepted submission.
    public var rounds: [String: Set<String>]
    /// The States with a profile page.
    public var profiles: Set<String>

    public init(layout: TileLayout, reference: CountryReference, rounds: [String: Set<String>], profiles: Set<String>) {
        self.layout = layout
        self.reference = reference
        self.rounds = rounds
        self.profiles = profiles
    }
}

/// What an internal profile page shows besides the public page: the State's rows of the latest
/// scored round (every area, whatever its quadrant), the place of each planning row within its
/// quadrant among all States (`"area|ISO3"` → `"3"` or `"1="`, as in `ta_planning.csv`), the
/// areas' labels.
public struct InternalPlanning: Sendable {
    public var round: String
    public var rows: [PriorityScore]
    public var places: [String: String]
    public var areaLabels: [String: String]

    public init(round: String, rows: [PriorityScore], places: [String: String], areaLabels: [String: String]) {
        self.round = round
        self.rows = rows
        self.places = places
        self.areaLabels = areaLabels
    }
}

public enum ProfilePages {
    /// The folder under the output folder that holds the profiles.
    public static let folder = "countries"

    /// One profile's page.
    public static func html(_ profile: CountryProfile, context: ProfilePageContext) -> String {
        ProfilePage(profile, context: context).html
    }

    /// One profile's internal page (`countries/internal/<ISO3>.html`): the public page, its links
    /// resolved from `countries/` (`<base href="../">`), with a banner and the planning figures
    /// the public edition never shows.
    public static func internalHTML(_ profile: CountryProfile, context: ProfilePageContext, planning: InternalPlanning) -> String {
        ProfilePage(profile, context: context, planning: planning).html
    }

    /// The index of every State by region, with its response status per round.
    public static func indexHTML(_ index: CountryProfileIndex, context: ProfilePageContext) -> String {
        ProfileIndexPage(index: index, context: context).html
    }

    /// The links at the top of every page: the index (on a profile), the report, and the same page
    /// in each other language the run writes (`file` names it in a language).
    static func navigation(context: ProfilePageContext, file: (Language) -> String, index: Bool) -> String {
        let format = ProfileFormat(language: context.language)
        var links: [String] = []
        if index { links.append("<a class=\"index-link\" href=\"\(format.escape(context.indexFile()))\">\(format.h("index_link"))</a>") }
        links.append("<a class=\"report-link\" href=\"\(format.escape(context.reportFile()))\">\(format.h("report_link"))</a>")
        let others = context.languages.filter { $0 != context.language }.sorted { $0.rawValue < $1.rawValue }
        if !others.isEmpty {
            let items = others.map { language in
                "<a class=\"language-link\" hreflang=\"\(language.rawValue)\" lang=\"\(language.rawValue)\" href=\"\(format.escape(file(language)))\">\(format.escape(ProfileStrings.languageNames[language] ?? language.rawValue))</a>"
            }
            links.append("<span class=\"languages\">\(format.h("languages")): \(items.joined(separator: " "))</span>")
        }
        return "<nav class=\"links\">\(links.joined(separator: " · "))</nav>"
    }

    /// The page around a body: inline CSS, no script, no external resource; right to left in Arabic;
    /// a notice that the interface translation is not reviewed on a page in another language than
    /// English while the strings are machine-drafted.
    static func page(title: String, context: ProfilePageContext, body: String, attributes: String = "", base: String? = nil) -> String {
        var page = pageHead(title: title, context: context, attributes: attributes, base: base)
        page += body
        page += pageTail
        return page
    }

    /// A page's text up to its body's content (``page(title:context:body:attributes:base:)``
    /// is this, the body, ``pageTail``), for a page written into one string as it is made.
    static func pageHead(title: String, context: ProfilePageContext, attributes: String = "", base: String? = nil) -> String {
        let language = context.language
        let format = ProfileFormat(language: language)
        let notice = language != .en && !ProfileStrings.reviewed
            ? "<p class=\"notice translation\" data-translation-reviewed=\"false\">\(format.h("translation_notice"))</p>\n" : ""
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)" dir="\(language.isRightToLeft ? "rtl" : "ltr")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            \(base.map { "<base href=\"\(format.escape($0))\">\n" } ?? "")<title>\(title)</title>
            <style>\(css)</style>
            </head>
            <body \(attributes)>
            \(notice)
            """
    }

    /// What follows a page's body.
    static let pageTail = "</body>\n</html>\n"

    static let css = """
        body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#1a1a1a;line-height:1.4}
        h1{font-size:1.7em;margin:.1em 0}h1 .iso3{font-size:.6em;color:#666;font-weight:normal}
        h2{font-size:1.3em;border-bottom:2px solid #0b5394;padding-bottom:.2em;margin-top:1.8em}
        h3{font-size:1.05em;margin:1.2em 0 .3em}.kicker{color:#555;margin:0;font-size:.9em}
        nav.links{margin:.4em 0 1em;font-size:.95em}nav.links a{color:#0b5394}
        .notice{background:#fff4d6;border:1px solid #e6c36a;padding:.3em .6em}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.5em 0}dl.facts dt{font-weight:bold}dl.facts dd{margin:0}
        table{border-collapse:collapse;margin:.5em 0;width:100%}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:start;vertical-align:top}
        th{background:#eef3f8}td.num{text-align:end;font-variant-numeric:tabular-nums}
        table.laws{font-size:.9em}.law-title{font-weight:bold}
        ul.labels{list-style:none;padding:0;margin:.1em 0;display:flex;flex-wrap:wrap;gap:.25em}
        ul.labels li{background:#eef3f8;border:1px solid #c9d7e6;border-radius:3px;padding:0 .35em;font-size:.9em}
        .covers-kind{font-size:.85em;color:#555}.not-answered{color:#8a5a00;font-style:italic}
        tr.unanswered td{background:#fafafa}.option-shares,.by-respondent{margin:.1em 0;padding-inline-start:1.2em}
        .respondent{font-weight:bold}.legend,.cnote,.empty{color:#555;font-size:.9em}.cnote{margin-top:.2em}
        .chose{font-size:.85em;color:#555}.difference{color:#555}
        td.responded{color:#0b5394}td.not-responded{color:#888}
        .swatch{display:inline-block;width:1em;height:.8em;border:1px solid #999;vertical-align:middle}
        .swatch.self{background:#e69138}.swatch.responded{background:#0b5394}.swatch.not-responded{background:#e6e6e6}
        .swatch.region{background:#fff;border:2px solid #1a1a1a}svg text{font-size:12px}
        \(TileGrid.css).me rect{fill:#e69138;stroke:#000!important;stroke-width:2!important}.rs rect{fill:#0b5394}.rn rect{fill:#e6e6e6}
        .rs .tile-label{fill:#fff!important}.me .tile-label{font-weight:bold}svg.tile-grid .rg rect{stroke:#1a1a1a;stroke-width:1.5}
        .practice dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}.practice dd{margin:0}
        .practice h3{margin-bottom:.2em}code{font-size:.9em}
        table.states td.status{text-align:center}.counts{color:#555}
        @media print{body{margin:0;max-width:none}nav.links{display:none}section{break-inside:avoid-page}h2,h3{break-after:avoid}tr{break-inside:avoid}}
        """
}
