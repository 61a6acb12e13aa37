// `countries/index.html`: every State by region with its response to each round, the States with a
// profile linked to it, and per region and round how many of its States responded.
import Foundation
import SurveyModel

struct ProfileIndexPage {
    let index: CountryProfileIndex
    let context: ProfilePageContext
    let format: ProfileFormat

    init(index: CountryProfileIndex, context: ProfilePageContext) {
        self.index = index
        self.context = context
        format = ProfileFormat(language: context.language)
    }

    func h(_ key: String, _ values: [String: String] = [:]) -> String { format.h(key, values) }

    var html: String {
        var body = "<header><p class=\"kicker\">\(h("survey"))</p><h1>\(h("countries"))</h1>"
        body += ProfilePages.navigation(context: context, file: { context.indexFile(in: $0) }, index: false)
        body += "</header>\n<p>\(h("index_title")). \(h("index_legend"))</p>\n"
        for region in index.regions { body += section(region) }
        return ProfilePages.page(title: h("countries"), context: context, body: body)
    }

    func section(_ region: ProfileIndexRegion) -> String {
        let total = region.countries.count
        var html = "<section class=\"region\" data-region=\"\(format.escape(region.region.code))\" data-states=\"\(total)\"><h2>\(format.escape(format.label(region.region)))</h2>"
        guard total > 0 else { return html + "<p class=\"empty\">\(h("no_states"))</p></section>\n" }
        let counts = index.rounds.map { round in
            let responded = region.countries.filter { $0.respondedRounds.contains(round) }.count
            return "<span class=\"count\" data-round=\"\(format.escape(round))\" data-n=\"\(responded)\" data-of=\"\(total)\">\(h("round")) \(format.escape(round)): \(h("responded_count", ["n": String(responded), "N": String(total)]))</span>"
        }
        html += "<p class=\"counts\">\(counts.joined(separator: format.escape(format.separator)))</p>"
        html += "<table class=\"states\"><tr><th>\(h("country"))</th><th>ISO3</th>"
        for round in index.rounds { html += "<th>\(h("round")) \(format.escape(round))</th>" }
        html += "</tr>"
        for entry in region.countries {
            let name = entry.name.text(in: context.language).isEmpty ? entry.iso3 : entry.name.text(in: context.language)
            let shown = entry.hasProfile
                ? "<a class=\"profile-link\" href=\"\(format.escape(context.profileFile(entry.iso3)))\">\(format.escape(name))</a>"
                : format.escape(name)
            html += "<tr class=\"state\" data-iso3=\"\(format.escape(entry.iso3))\" data-has-profile=\"\(entry.hasProfile)\" data-responded-rounds=\"\(format.escape(entry.respondedRounds.joined(separator: " ")))\"><td>\(shown)</td><td><code>\(format.escape(entry.iso3))</code></td>"
            for round in index.rounds {
                let responded = entry.respondedRounds.contains(round)
                html += "<td class=\"status \(responded ? "responded" : "not-responded")\" data-round=\"\(format.escape(round))\" data-responded=\"\(responded)\">\(h(responded ? "responded" : "not_responded"))</td>"
            }
            html += "</tr>"
        }
        return html + "</table></section>\n"
    }
}
