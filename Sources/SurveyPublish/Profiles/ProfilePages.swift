// The country profile pages (issue 21): `countries/<ISO3>.html` (and `<ISO3>.<lang>.html`) and
// `countries/index.html`, rendered from the same ``CountryProfile`` values as the JSON files.
// Self-contained (inline CSS and SVG, no script, no network request), right to left in Arabic.
//
// SKELETON: the full renderer replaces the bodies below.
public import Foundation
public import SurveyModel

/// What a page needs besides its profile: the language, the pipeline's own language (whose file
/// names carry no language suffix) and the languages pages are written in (for the language links).
public struct ProfilePageContext: Sendable {
    public var language: Language
    public var defaultLanguage: Language
    public var languages: [Language]

    public init(language: Language, defaultLanguage: Language, languages: [Language]) {
        self.language = language
        self.defaultLanguage = defaultLanguage
        self.languages = languages
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

public enum ProfilePages {
    /// The folder under the output folder that holds the profiles.
    public static let folder = "countries"

    /// One profile's page.
    public static func html(_ profile: CountryProfile, context: ProfilePageContext) -> String {
        let language = context.language
        let name = XMLText.escape(profile.country.name.text(in: language), apostrophe: true)
        var laws = "<ul class=\"laws\">"
        for law in profile.laws { laws += "<li class=\"law\">\(XMLText.escape(law.title, apostrophe: true))</li>" }
        laws += "</ul>"
        return page(title: name, language: language, body: "<h1>\(name)</h1>\(laws)")
    }

    /// The index of every State by region.
    public static func indexHTML(_ index: CountryProfileIndex, context: ProfilePageContext) -> String {
        var body = ""
        for region in index.regions {
            body += "<h2>\(XMLText.escape(region.region.label.text(in: context.language), apostrophe: true))</h2><ul>"
            for entry in region.countries {
                let name = XMLText.escape(entry.name.text(in: context.language), apostrophe: true)
                body += entry.hasProfile ? "<li><a href=\"\(context.profileFile(entry.iso3))\">\(name)</a></li>" : "<li>\(name)</li>"
            }
            body += "</ul>"
        }
        return page(title: "Countries", language: context.language, body: body)
    }

    static func page(title: String, language: Language, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)" dir="\(language.isRightToLeft ? "rtl" : "ltr")">
        <head><meta charset="utf-8"><title>\(title)</title></head>
        <body>\(body)</body>
        </html>

        """
    }
}
