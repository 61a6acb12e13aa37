// Who responded, at a glance (issue 27 item 3): the world tile grid (``TileGrid``, one tile per
// UN Member State at its cell of `world-tiles.csv`) coloured by each State's response status in
// the latest round, then, collapsed, the same grid for each headline item coloured by each
// State's answer as the public view has it. Each map has an HTML legend with the count of States
// per colour, a caption, and its data as a collapsed table.

import Foundation
public import SurveyModel

extension ReportBuilder {
    /// A Member State's response status on the map: an accepted submission in the latest round,
    /// in an earlier round only, or none.
    enum MapStatus: String, CaseIterable {
        case answered, earlier, none

        var fill: String {
            switch self {
            case .answered: return "s-a"
            case .earlier: return "s-e"
            case .none: return "s-n"
            }
        }
    }

    /// The Member States of the reference that have a tile, in the layout's order.
    var mapStates: [String] {
        guard let layout = input.reference.tiles else { return [] }
        return layout.order.filter { input.reference.country(iso3: $0)?.unStatus == .member }
    }

    func mapStatus(_ iso3: String, round: String) -> MapStatus {
        guard let rounds = input.stateRounds[iso3], !rounds.isEmpty else { return .none }
        return rounds.contains(round) ? .answered : .earlier
    }

    /// A tile's link to the State's profile (as ``countryLink(_:_:)`` makes it), nil without one.
    func profileHref(_ iso3: String) -> String? {
        guard input.profiles.contains(iso3) else { return nil }
        let folder = input.edition == .internal ? "\(ProfilePages.folder)/internal" : ProfilePages.folder
        return "\(folder)/\(profileContext.profileFile(iso3))"
    }

    /// The response map and the headline items' maps; nothing without a tile grid or a round.
    func tileMapSection() -> String {
        guard let layout = input.reference.tiles, let round = latestRound else { return "" }
        let states = mapStates
        guard !states.isEmpty else { return "" }
        let grid = TileGrid(layout: layout)
        let label: [MapStatus: String] = [
            .answered: fill(t("map_status_answered"), ["round": round]), .earlier: t("map_status_earlier"), .none: t("map_status_none"),
        ]
        var counts: [MapStatus: Int] = [:]
        var tiles: [GridTile] = []
        var rows: [(name: String, iso3: String, status: MapStatus)] = []
        for iso3 in states {
            let status = mapStatus(iso3, round: round)
            counts[status, default: 0] += 1
            let name = stateName(iso3)
            tiles.append(GridTile(iso3: iso3, fill: status.fill, status: status.rawValue, title: "\(name): \(label[status]!)", href: profileHref(iso3)))
            rows.append((name, iso3, status))
        }
        let title = "\(t("map_title")) (\(t("round")) \(round))"
        var html = "<section id=\"map\"><h2>\(escape(title))</h2><figure class=\"tile-map\" data-map=\"response\" data-round=\"\(escape(round))\" data-states=\"\(states.count)\">"
        html += grid.svg(tiles, title: title, desc: t("map_desc"), escape: escape)
        html += "<ul class=\"map-legend\">"
        for status in MapStatus.allCases where status != .earlier || counts[status, default: 0] > 0 {
            html += "<li data-status=\"\(status.rawValue)\" data-count=\"\(counts[status, default: 0])\"><span class=\"swatch\" style=\"\(TileGrid.swatchStyle(status.fill))\"></span>\(escape(label[status]!)): \(escape(ltr("\(counts[status, default: 0])")))</li>"
        }
        html += "</ul><figcaption class=\"legend\">\(escape(fill(t("map_caption"), ["N": ltr("\(states.count)"), "round": ltr(round)])))</figcaption>"
        html += mapTable(rows.map { ($0.name, $0.iso3, label[$0.status]!) }, header: t("map_status"))
        html += "</figure>"
        html += answerMaps(grid: grid, states: states, round: round)
        return html + "</section>\n"
    }

    /// A map's data, collapsed: one row per State (name, linked to its profile; its category),
    /// sorted by name.
    func mapTable(_ rows: [(name: String, iso3: String, value: String)], header: String) -> String {
        var html = "<details class=\"chart-data\"><summary>\(escape(t("chart_data")))</summary><table class=\"map-data\"><tr><th>\(escape(t("country")))</th><th>\(escape(header))</th></tr>"
        for row in rows.sorted(by: { ($0.name.compare($1.name) == .orderedAscending) || ($0.name == $1.name && $0.iso3 < $1.iso3) }) {
            html += "<tr data-iso3=\"\(escape(row.iso3))\"><td>\(countryLink(row.iso3, row.name))</td><td>\(escape(row.value))</td></tr>"
        }
        return html + "</table></details>"
    }

    /// Each headline item's map (the headline table's items), collapsed: every Member State
    /// coloured by its answer in the latest round as published.
    func answerMaps(grid: TileGrid, states: [String], round: String) -> String {
        let items = input.headline ?? input.questionnaire.defaultHeadline
        var maps = ""
        var seen = Set<String>()
        for item in items where seen.insert(item.question.id).inserted {
            maps += answerMap(item.question, grid: grid, states: states, round: round)
        }
        guard !maps.isEmpty else { return "" }
        return "<h3 id=\"map-answers\">\(escape(t("map_answers")))</h3>" + maps
    }

    /// The fill class, `data-status` and label of each answer a map of `question` can show: the
    /// options (the stacked charts' colours, "unknown" grey), several answers, not published, and
    /// no answer, in that order.
    func answerCategories(_ question: Question) -> [(fill: String, status: String, label: String)] {
        var categories: [(String, String, String)] = []
        var colour = 0
        for option in question.choices {
            let fill = option.isDontKnow ? "cu" : "c\(colour % ReportPalette.colours.count)"
            if !option.isDontKnow { colour += 1 }
            categories.append((fill, option.code, option.label.text(in: language)))
        }
        categories.append(("cm", "several", t("map_several")))
        categories.append(("cw", "withheld", t("map_not_published")))
        categories.append(("cx", "none", t("map_no_answer")))
        return categories
    }

    func answerMap(_ question: Question, grid: TileGrid, states: [String], round: String) -> String {
        guard !question.choices.isEmpty else { return "" }
        let categories = answerCategories(question)
        let byStatus = Dictionary(categories.map { ($0.status, $0) }, uniquingKeysWith: { first, _ in first })
        let answers = input.stateAnswers["\(round)|\(question.id)"] ?? [:]
        var counts: [String: Int] = [:]
        var tiles: [GridTile] = []
        var members: [String: [(name: String, iso3: String)]] = [:]
        for iso3 in states {
            var status: String
            switch answers[iso3] {
            case .option(let code)?: status = byStatus[code] == nil ? "several" : code
            case .several?: status = "several"
            case .withheld?: status = "withheld"
            case nil: status = "none"
            }
            let category = byStatus[status]!
            counts[status, default: 0] += 1
            let name = stateName(iso3)
            // No link here: the response map above links each State to its profile (the page's weight).
            tiles.append(GridTile(iso3: iso3, fill: category.fill, status: status, title: "\(name): \(category.label)", href: nil))
            members[status, default: []].append((name, iso3))
        }
        let title = fill(t("map_answer_title"), ["question": question.label.text(in: language), "round": round])
        var html = "<details class=\"tile-map\" data-map=\"answer\" data-question=\"\(escape(question.id))\" data-round=\"\(escape(round))\"><summary>\(escape(title))</summary>"
        html += grid.svg(tiles, title: title, desc: t("map_desc"), escape: escape)
        html += "<ul class=\"map-legend\">"
        for category in categories where counts[category.status, default: 0] > 0 || !["several", "withheld"].contains(category.status) {
            let count = counts[category.status, default: 0]
            html += "<li data-status=\"\(escape(category.status))\" data-count=\"\(count)\"><span class=\"swatch\" style=\"\(TileGrid.swatchStyle(category.fill))\"></span>\(escape(category.label)): \(escape(ltr("\(count)")))</li>"
        }
        html += "</ul><p class=\"legend\">\(escape(fill(t("map_answer_caption"), ["N": ltr("\(states.count)"), "round": ltr(round)])))</p>"
        // The map's data: per answer, its count and the States that gave it (by name); the States
        // without an answer are counted only (they are most of the map).
        html += "<details class=\"chart-data\"><summary>\(escape(t("chart_data")))</summary><table class=\"map-data\"><tr><th>\(escape(t("map_answer")))</th><th>\(escape(t("map_states")))</th><th>\(escape(t("map_which")))</th></tr>"
        for category in categories {
            let list = members[category.status] ?? []
            guard !list.isEmpty else { continue }
            let names = category.status == "none" ? "" : list.sorted { $0.name.compare($1.name) == .orderedAscending }
                .map { "<span data-iso3=\"\(escape($0.iso3))\">\(escape($0.name))</span>" }.joined(separator: ", ")
            html += "<tr data-status=\"\(escape(category.status))\"><td>\(escape(category.label))</td><td class=\"num\">\(list.count)</td><td>\(names)</td></tr>"
        }
        return html + "</table></details></details>\n"
    }
}
