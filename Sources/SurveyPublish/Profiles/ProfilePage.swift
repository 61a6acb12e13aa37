// One country's profile page, section by section, from its ``CountryProfile`` only. Every figure
// shown is also a `data-` attribute of its element, so a test can compare the page with the JSON.
import Foundation
import SurveyModel

struct ProfilePage {
    let profile: CountryProfile
    let context: ProfilePageContext
    let format: ProfileFormat
    /// The internal edition's planning figures (``ProfilePages/internalHTML(_:context:planning:)``);
    /// nil on the public page, which never shows them.
    var planning: InternalPlanning?

    init(_ profile: CountryProfile, context: ProfilePageContext, planning: InternalPlanning? = nil) {
        self.profile = profile
        self.context = context
        self.planning = planning
        format = ProfileFormat(language: context.language)
    }

    var language: Language { context.language }
    func h(_ key: String, _ values: [String: String] = [:]) -> String { format.h(key, values) }
    func escape(_ text: String) -> String { format.escape(text) }
    var name: String { profile.country.name.text(in: language).isEmpty ? profile.country.iso3 : profile.country.name.text(in: language) }

    /// The page, written into one string with room for it made first: a page is a megabyte at
    /// 50 respondents per State, and its sections made apart, joined into a body and the body
    /// into the page were copied three times over, into fresh memory each time (a quarter of
    /// the pages' time was copying and page faults).
    var html: String {
        var page = ProfilePages.pageHead(
            title: "\(escape(name)) — \(h("profile"))", context: context,
            attributes: "data-iso3=\"\(escape(profile.country.iso3))\" data-latest-round=\"\(escape(profile.latestRound))\" data-edition=\"\(planning == nil ? "public" : "internal")\"",
            base: planning == nil ? nil : "../")
        page.reserveCapacity(estimatedBytes)
        if planning != nil { page += "<p class=\"notice edition-banner\" role=\"note\" data-edition=\"internal\">\(h("internal_banner"))</p>\n" }
        page += header()
        page += locatorSection()
        page += headlineSection()
        answersSection(into: &page)
        page += lawsSection()
        page += practicesSection()
        page += changesSection()
        page += technicalAssistanceSection()
        page += planningSection()
        page += dataQualitySection()
        page += ProfilePages.pageTail
        return page
    }

    /// Room for the page: more than its answers take (a few hundred bytes each, every
    /// respondent's), so that it is not moved as it grows; room not written is never touched.
    var estimatedBytes: Int { (128 << 10) + 512 * profile.listedAnswers }

    // MARK: Header

    func header() -> String {
        let country = profile.country
        var html = "<header><p class=\"kicker\">\(h("profile")) · \(h("survey"))</p>"
        html += "<h1 data-iso3=\"\(escape(country.iso3))\">\(escape(name)) <span class=\"iso3\">\(escape(format.ltr(country.iso3)))</span></h1>"
        html += ProfilePages.navigation(context: context, file: { context.profileFile(country.iso3, in: $0) }, index: true)
        html += "</header>\n<section id=\"about\"><dl class=\"facts\">"
        if let region = country.region {
            html += "<dt>\(h("region"))</dt><dd data-region=\"\(escape(region.code))\">\(escape(format.label(region)))</dd>"
        }
        if let subregion = country.subregion {
            html += "<dt>\(h("subregion"))</dt><dd data-subregion=\"\(escape(subregion.code))\">\(escape(format.label(subregion)))</dd>"
        }
        if !country.groups.isEmpty {
            let groups = country.groups.map { "<li data-group=\"\(escape($0.code))\">\(escape(format.label($0)))</li>" }.joined()
            html += "<dt>\(h("groups"))</dt><dd><ul class=\"labels groups\">\(groups)</ul></dd>"
        }
        let statusKey = ["member", "observer", "associated"].contains(country.unStatus) ? "status_\(country.unStatus)" : "status_other"
        html += "<dt>\(h("un_status"))</dt><dd data-un-status=\"\(escape(country.unStatus))\">\(h(statusKey))</dd>"
        let questionnaire = profile.questionnaire
        html += "<dt>\(h("questionnaire"))</dt><dd data-questionnaire=\"\(escape(questionnaire.id))\" data-version=\"\(escape(questionnaire.version))\">\(escape(questionnaire.title.text(in: language))) <span class=\"code\">(\(escape(format.ltr("\(questionnaire.id) \(questionnaire.version)"))))</span></dd>"
        html += "</dl>"
        if !country.inPopulation { html += "<p class=\"notice outside\" data-in-population=\"false\">\(h("outside_population"))</p>" }
        html += roundsTable()
        if !profile.latestRound.isEmpty {
            html += "<p class=\"latest\" data-latest-round=\"\(escape(profile.latestRound))\">\(h("latest_round", ["round": profile.latestRound]))</p>"
        }
        return html + "</section>\n"
    }

    func roundsTable() -> String {
        guard !profile.rounds.isEmpty else { return "" }
        let withRespondents = profile.rounds.contains { !$0.respondents.isEmpty }
        var html = "<h2>\(h("rounds"))</h2><table class=\"rounds\"><tr><th>\(h("round"))</th><th>\(h("version"))</th><th>\(h("response"))</th><th>\(h("submissions"))</th>"
        if withRespondents { html += "<th>\(h("respondents"))</th>" }
        html += "</tr>"
        for round in profile.rounds {
            html += "<tr class=\"round\" data-round=\"\(escape(round.round))\" data-answered=\"\(round.answered)\" data-submissions=\"\(round.submissions.count)\" data-respondents=\"\(round.respondents.count)\">"
            html += "<td>\(escape(round.round))</td><td>\(escape(round.questionnaireVersion))</td>"
            html += "<td class=\"\(round.answered ? "responded" : "not-responded")\">\(h(round.answered ? "responded" : "not_responded"))</td><td>"
            html += round.submissions.map { submission in
                var text = "<span class=\"submission\" data-submission=\"\(escape(submission.id))\"><code>\(escape(submission.file))</code>"
                if let respondent = submission.respondent { text += " (\(escape(respondent)))" }
                return text + "</span>"
            }.joined(separator: "<br>")
            html += "</td>"
            if withRespondents {
                html += "<td><ul class=\"respondents\">" + round.respondents.map { "<li>\(escape($0))</li>" }.joined() + "</ul></td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    // MARK: Locator

    /// The world tile grid (issue 27): one tile per UN Member State, this State highlighted,
    /// the other States of its region outlined, the States that responded in the profile's latest
    /// round shaded; tiles link to the States' profiles.
    func locatorSection() -> String {
        guard let world = context.world else { return "" }
        let grid = TileGrid(layout: world.layout)
        let own = profile.country.iso3
        let region = profile.country.region?.code
        let round = profile.latestRound
        var tiles: [GridTile] = []
        for iso3 in world.layout.order {
            guard let country = world.reference.country(iso3: iso3) else { continue }
            let responded = world.rounds[iso3]?.contains(round) ?? false
            let status = iso3 == own ? "self" : responded ? "responded" : "not-responded"
            let fill = iso3 == own ? "me" : responded ? "rs" : "rn"
            let inRegion = region != nil && country.region == region
            let name = country.name.text(in: language).isEmpty ? iso3 : country.name.text(in: language)
            let state = iso3 == own ? format.t("this_state") : format.t(responded ? "responded_latest" : "not_responded_latest", ["round": round])
            tiles.append(GridTile(
                iso3: iso3, fill: fill, status: status, title: "\(name): \(state)",
                href: iso3 != own && world.profiles.contains(iso3) ? context.profileFile(iso3) : nil,
                classes: [iso3 == own ? "self" : "", inRegion ? "rg" : ""].filter { !$0.isEmpty }.joined(separator: " ")))
        }
        var html = "<section id=\"locator\"><h2>\(h("locator"))</h2>"
        html += grid.svg(tiles, title: format.t("locator"), desc: format.t("locator_legend"), escape: { format.escape($0) }, attributes: " data-iso3=\"\(escape(own))\" data-region=\"\(escape(region ?? ""))\"")
        html += "<p class=\"legend\"><span class=\"swatch self\"></span> \(h("this_state")) <span class=\"swatch responded\"></span> \(h("responded_latest", ["round": round])) <span class=\"swatch not-responded\"></span> \(h("not_responded_latest", ["round": round]))"
        if let area = profile.country.region {
            html += " <span class=\"swatch region\"></span> \(h("region_states", ["region": format.label(area)]))"
        }
        html += "<br>\(h("locator_legend"))</p>"
        return html + "</section>\n"
    }

    // MARK: Headline

    func headlineSection() -> String {
        guard !profile.headline.isEmpty else { return "" }
        let region = profile.country.region.map { format.label($0) } ?? h("region")
        var html = "<section id=\"headline\"><h2>\(h("headline")) (\(h("round")) \(escape(profile.latestRound)))</h2>"
        html += "<p class=\"legend\">\(h("headline_legend"))</p><table class=\"headline\"><tr><th>\(h("question"))</th><th>\(h("its_answer"))</th><th>\(escape(region))</th><th>\(h("world"))</th></tr>"
        var lowReliability = false
        for item in profile.headline {
            let chose = item.choseOption.map { $0 ? "true" : "false" } ?? ""
            html += "<tr class=\"headline-item\" data-chapter=\"\(escape(item.chapter))\" data-question=\"\(escape(item.question))\" data-option=\"\(escape(item.option.code))\" data-chose=\"\(chose)\">"
            html += "<td><span class=\"chapter-ref\">\(h("chapter")) \(escape(item.chapter))</span> \(escape(item.text.text(in: language))) — <span class=\"option\">\(escape(format.label(item.option)))</span></td>"
            html += "<td>\(format.answerHTML(item.answer))"
            if let choseOption = item.choseOption {
                html += "<div class=\"chose \(choseOption ? "yes" : "no")\">\(h(choseOption ? "chose" : "did_not_choose"))</div>"
            }
            html += "</td>"
            for share in [item.region, item.world] {
                if let share {
                    if share.flag == ReliabilityFlag.lowReliability.rawValue { lowReliability = true }
                    html += "<td class=\"num share\" \(format.shareAttributes(share))>\(escape(format.shareText(share)))</td>"
                } else {
                    html += "<td class=\"num share none\">\(h("no_share"))</td>"
                }
            }
            html += "</tr>"
        }
        html += "</table>"
        if lowReliability { html += "<p class=\"legend\">\(h("low_reliability"))</p>" }
        return html + "</section>\n"
    }

    // MARK: Answers

    func chapterTitle(_ chapter: ProfileChapter) -> String {
        let title = chapter.title.text(in: language)
        if !title.isEmpty { return title }
        return Chapter(rawValue: chapter.chapter).flatMap { ReportStrings.chapters[$0]?[language] } ?? chapter.chapter
    }

    func itemsTable(_ items: [ProfileItem]) -> String {
        var html = ""
        itemsTable(items, into: &html)
        return html
    }

    /// ``itemsTable(_:)`` appended to `html`.
    func itemsTable(_ items: [ProfileItem], into html: inout String) {
        html += "<table class=\"answers\"><tr><th>\(h("question"))</th><th>\(h("answer"))</th></tr>"
        for item in items {
            html += "<tr class=\"item\(item.isAnswered ? "" : " unanswered")\" \(format.answerAttributes(item))><td>\(escape(item.text.text(in: language)))</td><td>"
            html += format.answerHTML(item)
            html += "</td></tr>"
        }
        html += "</table>"
    }

    func answersSection() -> String {
        var html = ""
        answersSection(into: &html)
        return html
    }

    /// ``answersSection()`` appended to `html`.
    func answersSection(into html: inout String) {
        html += "<section id=\"answers\"><h2>\(h("answers")) (\(h("round")) \(escape(profile.latestRound)))</h2>"
        let chapters = (profile.latest?.chapters ?? []).filter { !$0.items.isEmpty }
        if chapters.isEmpty {
            html += "<p class=\"empty\">\(h("no_answers"))</p></section>\n"
            return
        }
        for chapter in chapters {
            html += "<section class=\"chapter\" data-chapter=\"\(escape(chapter.chapter))\"><h3>\(h("chapter")) \(escape(chapter.chapter)): \(escape(chapterTitle(chapter)))</h3>"
            itemsTable(chapter.items, into: &html)
            html += "</section>"
        }
        html += "</section>\n"
    }

    // MARK: Laws

    func lawsSection() -> String {
        var html = "<section id=\"laws\"><h2>\(h("laws")) (\(h("round")) \(escape(profile.latestRound)))</h2>"
        guard !profile.laws.isEmpty else { return html + "<p class=\"empty\">\(h("no_laws", ["round": profile.latestRound]))</p></section>\n" }
        let withRespondents = profile.laws.contains { $0.respondent != nil }
        html += "<table class=\"laws\"><tr><th>#</th>"
        if withRespondents { html += "<th>\(h("respondent"))</th>" }
        for key in ["title", "title_en", "type", "status", "years", "citation", "url", "covers"] { html += "<th>\(h(key))</th>" }
        html += "</tr>"
        for law in profile.laws {
            let years = [("adopted", law.yearAdopted), ("amended", law.yearAmended), ("expected", law.expectedYear)].compactMap { key, year in
                year.map { h(key, ["year": String($0)]) }
            }
            html += "<tr class=\"law\" data-law-index=\"\(law.index)\" data-type=\"\(escape(law.type?.code ?? ""))\" data-status=\"\(escape(law.status?.code ?? ""))\" data-year-adopted=\"\(Publisher.count(law.yearAdopted))\" data-year-amended=\"\(Publisher.count(law.yearAmended))\" data-expected-year=\"\(Publisher.count(law.expectedYear))\" data-acts=\"\(escape(law.acts.map(\.code).joined(separator: " ")))\" data-powers=\"\(escape(law.powers.map(\.code).joined(separator: " ")))\">"
            html += "<td class=\"num\">\(law.index)</td>"
            if withRespondents { html += "<td>\(escape(law.respondent ?? ""))</td>" }
            html += "<td class=\"law-title\">\(escape(law.title))</td><td>\(escape(law.titleEnglish))</td>"
            html += "<td>\(escape(format.label(law.type)))</td><td>\(escape(format.label(law.status)))</td>"
            html += "<td>\(years.joined(separator: "<br>"))</td><td>\(escape(law.citation))</td><td>\(link(law.url))</td><td>\(covers(law))</td></tr>"
        }
        return html + "</table></section>\n"
    }

    /// A web address as a link (http and https only; anything else as text, never a link).
    func link(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return "" }
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return "<span class=\"url\">\(escape(trimmed))</span>" }
        return "<a class=\"url\" rel=\"noreferrer\" href=\"\(escape(trimmed))\">\(escape(trimmed))</a>"
    }

    func covers(_ law: ProfileLaw) -> String {
        var html = ""
        for (key, codes) in [("acts", law.acts), ("powers", law.powers)] where !codes.isEmpty {
            html += "<div class=\"covers \(key)\"><span class=\"covers-kind\">\(h(key)):</span><ul class=\"labels\">"
            html += codes.map { "<li data-code=\"\(escape($0.code))\">\(escape(format.label($0)))</li>" }.joined()
            html += "</ul></div>"
        }
        if !law.nested.isEmpty {
            html += "<div class=\"covers nested\"><span class=\"covers-kind\">\(h("nested")):</span><ul>"
            for entry in law.nested {
                let fields = entry.fields.keys.sorted().map { "\(escape($0)): \(escape(entry.fields[$0] ?? ""))" }.joined(separator: escape(format.separator))
                html += "<li data-path=\"\(escape(entry.path))\" data-index=\"\(entry.index)\"><code>\(escape(entry.path))</code> \(fields)</li>"
            }
            html += "</ul></div>"
        }
        return html
    }

    // MARK: Practices

    func practicesSection() -> String {
        var html = "<section id=\"practices\"><h2>\(h("practices")) (\(h("round")) \(escape(profile.latestRound)))</h2>"
        guard !profile.practices.isEmpty else {
            return html + "<p class=\"empty\">\(h("no_practices", ["round": profile.latestRound]))</p></section>\n"
        }
        for practice in profile.practices {
            html += "<div class=\"practice\" data-practice-index=\"\(practice.index)\"><h3>\(h("practice", ["index": String(practice.index)]))"
            if let respondent = practice.respondent { html += " (\(h("respondent")): \(escape(respondent)))" }
            html += "</h3><dl>"
            for field in practice.fields where field.isAnswered {
                html += "<dt>\(escape(field.text.text(in: language)))</dt><dd \(format.answerAttributes(field))>\(format.answerHTML(field))</dd>"
            }
            html += "</dl></div>"
        }
        return html + "</section>\n"
    }

    // MARK: Changes

    /// The question text of `id` in the latest round's answers (for the list of items not compared).
    func questionText(_ id: String) -> String? {
        for chapter in profile.latest?.chapters ?? [] {
            if let item = chapter.items.first(where: { $0.question == id }) { return item.text.text(in: language) }
        }
        return nil
    }

    func changesSection() -> String {
        var html = "<section id=\"changes\"><h2>\(h("changes"))"
        guard let previous = profile.previousRound else {
            // No previous round: none answered before the latest, or (a value without the field
            // filled) one answered but not compared; the page never says "no change" then.
            let earlier = profile.rounds.prefix { $0.round != profile.latestRound }.contains { $0.answered }
            return html + "</h2><p class=\"empty\">\(h(earlier ? "not_computed" : "no_previous"))</p></section>\n"
        }
        let from = profile.changes?.from ?? previous
        let to = profile.changes?.to ?? profile.latestRound
        let arrow = language.isRightToLeft ? " ← " : " → "
        html += " (\(escape(from + arrow + to)))</h2>"
        guard let changes = profile.changes else { return html + "<p class=\"empty\">\(h("not_computed"))</p></section>\n" }
        if changes.items.isEmpty {
            html += "<p class=\"empty\">\(h("no_change"))</p>"
        } else {
            html += "<p class=\"legend\">\(h("changes_legend"))</p><table class=\"changes\"><tr><th>\(h("question"))</th><th>\(h("before")) (\(escape(from)))</th><th>\(h("after")) (\(escape(to)))</th></tr>"
            for change in changes.items {
                html += "<tr class=\"change\" data-question=\"\(escape(change.question))\" data-comparable=\"\(escape(change.comparable))\" data-before=\"\(escape(change.before.answers.flatMap(\.options).joined(separator: " ")))\" data-after=\"\(escape(change.after.answers.flatMap(\.options).joined(separator: " ")))\">"
                html += "<td>\(escape(change.text.text(in: language)))"
                if change.comparable == "partial" {
                    html += "<div class=\"cnote\"><span class=\"partial\">\(h("partly_comparable"))</span>"
                    if let note = change.note, !note.isEmpty { html += ": \(escape(note))" }
                    html += "</div>"
                }
                html += "</td><td>\(format.answerHTML(change.before))</td><td>\(format.answerHTML(change.after))"
                if let difference = numericDifference(change) {
                    html += " <span class=\"difference\" data-difference=\"\(Publisher.decimal(difference))\">(\(escape(format.signed(difference))))</span>"
                }
                html += "</td></tr>"
            }
            html += "</table>"
        }
        if !changes.notComparable.isEmpty {
            html += "<p>\(h("not_compared"))</p><ul class=\"not-comparable\">"
            for id in changes.notComparable {
                html += "<li data-question=\"\(escape(id))\">\(escape(questionText(id) ?? id))</li>"
            }
            html += "</ul>"
        }
        return html + "</section>\n"
    }

    /// After minus before, for a number answered once in both rounds.
    func numericDifference(_ change: ProfileChange) -> Double? {
        guard change.before.answers.count == 1, change.after.answers.count == 1,
            let before = change.before.answers[0].number, let after = change.after.answers[0].number
        else { return nil }
        return after - before
    }

    // MARK: Technical assistance, data quality

    func technicalAssistanceSection() -> String {
        let html = "<section id=\"technical-assistance\"><h2>\(h("ta")) (\(h("round")) \(escape(profile.latestRound)))</h2>"
        guard !profile.technicalAssistance.isEmpty else { return html + "<p class=\"empty\">\(h("no_ta"))</p></section>\n" }
        return html + itemsTable(profile.technicalAssistance) + "</section>\n"
    }

    /// The internal edition's planning figures for this State: per area its score, its rank among
    /// the round's States (ties written "1="), the coverage and the request.
    func planningSection() -> String {
        guard let planning else { return "" }
        var html = "<section id=\"planning\"><h2>\(h("planning")) (\(h("round")) \(escape(planning.round)))</h2>"
        guard !planning.rows.isEmpty else { return html + "<p class=\"empty\">\(h("no_planning"))</p></section>\n" }
        // The report's names of quadrants and tiers, so both editions speak alike.
        func report(_ key: String) -> String { escape(ReportStrings.text(key, language)) }
        html += "<p class=\"legend\">\(h("planning_legend"))</p>"
        html += "<table class=\"planning\"><tr><th>\(h("planning_area"))</th><th>\(h("planning_need"))</th><th>\(h("planning_tier"))</th><th>\(h("planning_coverage"))</th><th>\(h("planning_requested"))</th><th>\(h("planning_quadrant"))</th><th>\(h("planning_place"))</th></tr>"
        for row in planning.rows {
            let place = planning.places["\(row.area)|\(row.country)"] ?? ""
            let requested = row.requested.map { h($0 ? "planning_yes" : "planning_no") } ?? h("planning_unknown")
            let tier = row.tier.map { ReportStrings.has("tier_\($0)") ? report("tier_\($0)") : escape($0) } ?? ""
            html += "<tr data-area=\"\(escape(row.area))\" data-need=\"\(Publisher.oneDecimal(row.score))\" data-tier=\"\(escape(row.tier ?? ""))\" data-quadrant=\"\(row.quadrant.rawValue)\" data-place=\"\(escape(place))\">"
            html += "<td>\(escape(planning.areaLabels[row.area] ?? row.area))</td><td class=\"num\">\(Publisher.oneDecimal(row.score))</td><td>\(tier)</td><td class=\"num\">\(Publisher.oneDecimal(row.coverage * 100))%</td><td>\(requested)</td><td>\(report("quadrant_\(row.quadrant.rawValue)"))</td><td class=\"num\">\(escape(place))</td></tr>"
        }
        return html + "</table></section>\n"
    }

    func dataQualitySection() -> String {
        var html = "<section id=\"data-quality\"><h2>\(h("dq"))</h2>"
        guard !profile.dataQuality.isEmpty else { return html + "<p class=\"empty\">\(h("no_dq"))</p></section>\n" }
        html += "<p class=\"legend\">\(h("dq_legend"))</p><table class=\"diagnostics\"><tr><th>\(h("round"))</th><th>\(h("code"))</th><th>\(h("severity"))</th><th>\(h("message"))</th><th>\(h("where"))</th><th>\(h("question"))</th></tr>"
        for note in profile.dataQuality {
            let location = note.line.map { "\(note.file):\($0)" } ?? note.file
            let severity = ["error", "warning", "info"].contains(note.severity) ? h("severity_\(note.severity)") : escape(note.severity)
            html += "<tr class=\"diagnostic \(escape(note.severity))\" data-round=\"\(escape(note.round))\" data-code=\"\(escape(note.code))\" data-severity=\"\(escape(note.severity))\" data-file=\"\(escape(note.file))\" data-line=\"\(Publisher.count(note.line))\">"
            html += "<td>\(escape(note.round))</td><td><code>\(escape(note.code))</code></td><td>\(severity)</td><td>\(escape(note.message))</td>"
            html += "<td><code>\(escape(format.ltr(location)))</code></td><td>\(note.question.map { "<code>\(escape($0))</code>" } ?? "")</td></tr>"
        }
        return html + "</table></section>\n"
    }
}
