public import Foundation
public import SurveyModel

/// The two editions of the report (issue 25). The public edition (`report.html`) is the one
/// people forward: group-level figures only, no table that ranks, tiers or places named States by
/// what they lack. The internal edition (`report.internal.html`, written when the pipeline file's
/// `internal_edition:` or `--edition internal` asks for it) adds the planning tables that name
/// States, under a banner saying it is not for circulation.
public enum ReportEdition: String, Sendable, CaseIterable {
    case `public`
    case `internal`
}

/// What the HTML report shows: the store's state (cumulative) and this run's accounting.
public struct ReportInput: Sendable {
    /// Which edition to write (``ReportEdition``); public unless asked.
    public var edition: ReportEdition = .public
    /// The internal edition's planning rows (every scored country × area of the latest round);
    /// never shown in the public edition.
    public var planning: [PriorityScore] = []
    /// What `ta_planning.csv` says of each planning row besides need and demand (`"area|ISO3"`):
    /// activities requested, existing support; internal edition only.
    public var planningDetails: [String: PlanningDetail] = [:]
    public var questionnaire: Questionnaire
    public var reference: CountryReference
    public var language: Language
    public var statistics: [ShareStatistic]
    public var progress: [ProgressRow]
    public var priorities: [PriorityScore]
    public var groupPriorities: [GroupPriority]
    public var model: ScoringModel?
    /// Round → countries with an accepted submission.
    public var countriesByRound: [(round: String, countries: Int)]
    /// The run whose accounting the report shows (this run, or the store's last).
    public var run: RunFacts?
    public var diagnostics: [Diagnostic]
    /// The pipeline's custom groups, listed in the appendix by their shown name
    /// (``CustomGroup/displayLabel``: self-declared, or a list's source and date).
    public var customGroups: [CustomGroup] = []
    /// Per round, each list group beside the answer-defined group it is compared with
    /// (`compare_with:`): the counts of States by status, with the list's source and date.
    public var groupComparisons: [GroupComparisonSummary] = []
    /// The submissions that count: the ids of the store's accepted (current) submissions. The
    /// per-check summary counts firings on these only; nil: every firing in ``diagnostics``.
    public var countedSubmissions: Set<String>?
    /// The release this report belongs to (`legisurvey release NAME`, docs/releases.md): named in
    /// the footer with the software version. Nil for an ordinary run, whose report has no footer.
    public var release: String?
    /// Per round that answered an older questionnaire version: each latest item the crosswalks
    /// map exactly, with its id and codes in that round's version (``Analyzer/latestItemSources(forRound:)``).
    /// The progress table finds such a round's own statistic through it.
    public var roundSources: [String: [String: CrosswalkChain.ExactSource]] = [:]
    /// The shares of `legislation_statistics.csv` (the legislation inventory); the report's
    /// inventory section shows the world and regional share of States with a law in force.
    public var legislation: [ShareStatistic] = []
    /// The States with a country profile (`countries/<ISO3>.html`, issue 21): their names in the
    /// report's tables link to it. Empty: no links, and no link to the index of profiles.
    public var profiles: Set<String> = []
    /// The pipeline file's language, whose profile pages carry no language suffix (as
    /// ``ProfilePageContext`` names them); nil: the report's own language.
    public var pipelineLanguage: Language?
    /// The headline items (the pipeline file's `headline:`, ``PipelineDefinitions/headline``);
    /// nil: ``Questionnaire/defaultHeadline`` of ``questionnaire``.
    public var headline: [HeadlineItem]?
    /// The feedback texts (`feedback:`): a rejection reason in the report's language where the
    /// letters have it; nil: the English catalogue's.
    public var feedback: FeedbackTexts?
    /// `numeric_statistics.csv`'s rows: the numeric questions' charts.
    public var numeric: [NumericStatistic] = []
    /// `responses.csv`'s rows: who answered, by round and group (the report's opening).
    public var responses: [ResponseRate] = []
    /// The date of the data (`YYYY-MM-DD`): the printed pages' running header says "data as of"
    /// it beside the round. The pipeline gives the day (UTC) of the latest submission time among
    /// the accepted submissions, from the store, never from the clock, so `legisurvey report`
    /// rewrites a run's bytes; nil (no submission time): the header names the round only.
    public var dataDate: String?
    /// ISO3 → the rounds in which the State has an accepted submission (the tile map's response
    /// status, ``ReportBuilder/tileMapSection()``); the pipeline fills it from the store.
    public var stateRounds: [String: Set<String>] = [:]
    /// Per round and headline question (`"round|question"`), ISO3 → the State's answer as the PUBLIC
    /// view has it (restricted answers withheld, ``StateAnswer/withheld``); a State without an
    /// answer is absent. The headline items' tile maps.
    public var stateAnswers: [String: [String: StateAnswer]] = [:]

    public init(
        questionnaire: Questionnaire, reference: CountryReference, language: Language, statistics: [ShareStatistic],
        progress: [ProgressRow], priorities: [PriorityScore], groupPriorities: [GroupPriority], model: ScoringModel?,
        countriesByRound: [(round: String, countries: Int)], run: RunFacts?, diagnostics: [Diagnostic]
    ) {
        self.questionnaire = questionnaire
        self.reference = reference
        self.language = language
        self.statistics = statistics
        self.progress = progress
        self.priorities = priorities
        self.groupPriorities = groupPriorities
        self.model = model
        self.countriesByRound = countriesByRound
        self.run = run
        self.diagnostics = diagnostics
    }
}

/// A State's answer to one question in one round, as a tile map shows it.
public enum StateAnswer: Sendable, Equatable {
    /// One option (every respondent of the State chose the same one).
    case option(String)
    /// Several different options (several respondents, or a multiple choice).
    case several
    /// Answered, but restricted: the public view withholds it.
    case withheld
}

/// The accounting of one run, as the report shows it.
public struct RunFacts: Sendable {
    public var filesRead: Int
    public var total: Accounting
    public var withdrawn: Int

    public init(filesRead: Int, total: Accounting, withdrawn: Int) {
        self.filesRead = filesRead
        self.total = total
        self.withdrawn = withdrawn
    }
}

/// `Output/report.html`: one self-contained page (inline CSS and SVG, no script, no network),
/// printable, in one of the six languages (right to left for Arabic).
///
/// Every bar and heat cell carries its figures as `data-` attributes, so a test can compare the
/// page with `statistics.csv` and `priorities_by_group.csv`.
public struct ReportBuilder: Sendable {
    public let input: ReportInput

    public init(input: ReportInput) { self.input = input }

    var language: Language { input.language }
    func t(_ key: String) -> String { ReportStrings.text(key, language) }

    /// The option a question's regional chart shows: `any_form` for a legal-form item, `yes` when
    /// the list has it, else the first option.
    public static func headlineOption(of question: Question) -> String {
        if question.type == .legalForm { return StatisticOption.anyForm }
        if question.choice(code: "yes") != nil { return "yes" }
        return question.choices.first?.code ?? ""
    }

    func optionLabel(_ question: Question, _ option: String) -> String {
        if option == StatisticOption.anyForm {
            return ReportStrings.anyForm[language]!
        }
        return question.choice(code: option)?.label.text(in: language) ?? option
    }

    func regionName(_ code: String) -> String {
        code == "001" ? t("world") : input.reference.regions.first { $0.code == code }?.name.text(in: language) ?? code
    }

    public var html: String {
        var body = ""
        let title = input.edition == .internal ? t("title") + " — " + t("internal_edition") : t("title")
        body += "<header><h1>\(escape(title))</h1><p class=\"sub\">\(escape(input.questionnaire.title.text(in: language))) · \(escape(input.questionnaire.id)) \(escape(input.questionnaire.version))</p>\(dateLine())</header>\n"
        // The report's own words are working translations (ReportStrings): said on every page
        // in another language than English, as the questionnaire's translation policy requires.
        if language != .en {
            body += "<p class=\"notice translation\" role=\"note\" data-translation-reviewed=\"false\">\(escape(t("translation_notice")))</p>\n"
        }
        if input.edition == .internal {
            body += "<p class=\"edition-banner\" role=\"note\" data-edition=\"internal\">\(escape(t("internal_banner")))</p>\n"
        }
        body += profilesLink()
        // The story first (who answered, the key findings, the headline figures), then the
        // chapters; the store's contents and the run's accounting are for the analyst: last.
        body += responseSection()
        body += tileMapSection()
        body += keyFindingsSection()
        body += headlineSection()
        for chapter in Chapter.allCases { body += chapterSection(chapter) }
        body += legislationSection()
        body += progressSection()
        body += prioritySection()
        body += storeSection()
        body += runSection()
        body += appendix()
        body += releaseFooter()
        body = Self.accessibleTables(body)
        let direction = language == .ar ? "rtl" : "ltr"
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)" dir="\(direction)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(Self.css)\(pageRules)</style>
            </head>
            <body data-edition="\(input.edition.rawValue)">
            \(body)</body>
            </html>

            """
    }

    static let css = """
        body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:60em;color:#1a1a1a;line-height:1.4}
        h1{font-size:1.6em;margin:0}h2{font-size:1.3em;border-bottom:2px solid #0b5394;padding-bottom:.2em;margin-top:2em}
        h3{font-size:1em;margin:1.2em 0 .3em}.sub{color:#555;margin:.2em 0 1em}
        table{border-collapse:collapse;margin:.5em 0}.table-wrap{overflow-x:auto;max-width:100%}.table-wrap:focus{outline:2px solid #0b5394;outline-offset:2px}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:start;vertical-align:top}
        th{background:#eef3f8}td.num{text-align:end;font-variant-numeric:tabular-nums}
        tr.not-comparable td{color:#999;background:#f4f4f4}.cnote{font-size:.85em;color:#666;margin-top:.2em}
        .chart{margin:.2em 0 1em;max-width:100%;height:auto}.legend{color:#555;font-size:.85em}
        svg text{font-size:12px;fill:#1a1a1a}.bar rect.share{fill:#0b5394}.bar rect.share.low{fill-opacity:.45}.bar rect.bounds{fill:#9fc5e8;fill-opacity:.5}.bar rect.suppressed{fill:#e6e6e6}
        rect.segment{stroke:#fff;stroke-width:.5}.sgu{fill:#999}.sgn{fill:#f4f4f4}.heat td{text-align:center}
        code{unicode-bidi:isolate;direction:ltr}.notice.translation{background:#fff8e1;border:1px solid #e0c060;padding:.4em .6em}
        .in-english{color:#666;font-size:.85em}figure{margin:.5em 0 1em}ul.stacked-legend{list-style:none;padding:0;margin:.2em 0;display:flex;flex-wrap:wrap;gap:.3em 1em;font-size:.85em}
        .swatch{display:inline-block;width:.9em;height:.9em;margin-inline-end:.3em;vertical-align:middle}details.chart-data{font-size:.85em}
        \(TileGrid.css)ul.map-legend{list-style:none;padding:0;margin:.2em 0;display:flex;flex-wrap:wrap;gap:.3em 1em;font-size:.85em}.map-legend .swatch{border:1px solid #999}
        .data-date{color:#333;margin:.2em 0 1em}ul.findings li{margin:.3em 0}ul.findings a{color:inherit}code.explain{font-size:.8em;color:#666;display:block}
        \(segmentCSS)\(groupChartCSS)\(printCSS)
        """

    /// The print stylesheet (`@media print`; Chromium's "Print" and `report.pdf`, issue 27):
    /// - every chapter, and each section after the chapters, starts a new page;
    /// - a chart, a table, a legend or a table row is not split across pages where it fits, and a
    ///   heading stays with what follows it;
    /// - colours that carry meaning (heat cells, greyed rows, header cells) print as on screen;
    /// - navigation (the link to the country profiles) is left out, and links print as plain
    ///   text: their targets are files beside the report, useless on paper;
    /// - collapsed `<details>` (a chart's data table) print EXPANDED, their summary as a plain
    ///   caption: paper cannot be clicked, and the data table is the chart's exact figures (the
    ///   form a reader quotes), so hiding it would lose them. `::details-content` is Chromium's
    ///   (131 and later); a browser without it prints the summary line only.
    /// The running header and the page numbers are `@page` margin boxes (``pageRules``); the
    /// internal edition's header names it on every page.
    static let printCSS = """
        @media print{body{margin:0;max-width:none;font-size:10.5pt}\
        section.chapter,#legislation,#progress,#priorities,#appendix{break-before:page}\
        h2,h3{break-after:avoid}svg.chart,table,tr,.legend,figure{break-inside:avoid}\
        th,td,tr.not-comparable td,.heat td{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
        nav{display:none}a{color:inherit;text-decoration:none}.table-wrap{overflow:visible}\
        details::details-content{content-visibility:visible;display:block}\
        summary{list-style:none;font-weight:bold}summary::-webkit-details-marker{display:none}}
        """

    /// The printed page (`@page`, print only): A4 margins, the running header in the top margin
    /// box (the edition when internal, the round and the date of the data), the page number and
    /// count in the bottom one. Chromium draws `@page` margin boxes from version 131.
    var pageRules: String {
        var parts: [String] = []
        if input.edition == .internal { parts.append(t("title") + " — " + t("internal_edition")) }
        if let round = latestRound { parts.append("\(t("round")) \(ltr(round))") }
        if let date = input.dataDate { parts.append("\(t("data_as_of")) \(ltr(date))") }
        let header = parts.isEmpty ? t("title") : parts.joined(separator: " · ")
        return "@page{size:A4;margin:18mm 16mm 16mm;@top-center{content:\(Self.cssString(header));font-size:9pt;color:#555}"
            + "@bottom-center{content:counter(page) \" / \" counter(pages);font-size:9pt;color:#555}}"
    }

    /// `text` as a CSS string literal: quotes and backslashes escaped, `<` as `\3c ` (never a
    /// `</style>` inside the style element), line breaks as `\a `.
    static func cssString(_ text: String) -> String {
        var quoted = "\""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            // Scalar by scalar (a quote followed by a combining mark is another Character).
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "<": quoted += "\\3c "
            case "\n" where previous == "\r": break  // CR LF: one line break
            case "\n", "\r": quoted += "\\a "
            default: quoted.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return quoted + "\""
    }

    /// The profiles' context for this report's language (file names with the same suffix rule).
    var profileContext: ProfilePageContext {
        ProfilePageContext(language: language, defaultLanguage: input.pipelineLanguage ?? language, languages: [])
    }

    /// The link to the index of country profiles, near the top (nothing without profiles).
    func profilesLink() -> String {
        guard !input.profiles.isEmpty else { return "" }
        let href = "\(ProfilePages.folder)/\(profileContext.indexFile())"
        return "<nav class=\"profiles\"><a class=\"profiles-index-link\" href=\"\(escape(href))\">\(escape(t("profiles_link")))</a></nav>\n"
    }

    /// `text` (a country's name or code) linked to the country's profile when it has one, as
    /// `countries/AFG.html` (`countries/AFG.fr.html` beside a report in another language than the
    /// pipeline's); escaped text otherwise.
    func countryLink(_ iso3: String, _ text: String) -> String {
        guard input.profiles.contains(iso3) else { return escape(text) }
        // The internal edition links to the internal profiles (countries/internal/), which show
        // the State's planning figures.
        let folder = input.edition == .internal ? "\(ProfilePages.folder)/internal" : ProfilePages.folder
        let href = "\(folder)/\(profileContext.profileFile(iso3))"
        return "<a class=\"profile-link\" href=\"\(escape(href))\">\(escape(text))</a>"
    }

    func storeSection() -> String {
        var html = "<section id=\"store\"><h2>\(escape(t("store")))</h2><table><tr><th>\(escape(t("round")))</th><th>\(escape(t("countries")))</th></tr>"
        for entry in input.countriesByRound {
            html += "<tr><td>\(escape(entry.round))</td><td class=\"num\">\(entry.countries)</td></tr>"
        }
        return html + "</table></section>\n"
    }

    /// The world figure of each headline item (the pipeline file's `headline:`; by default the
    /// first choice question of each chapter), latest round.
    func headlineSection() -> String {
        guard let round = latestRound else { return "" }
        var html = "<section id=\"headline\"><h2>\(escape(t("headline"))) (\(escape(t("round"))) \(escape(round)))</h2><table>"
        for item in input.headline ?? input.questionnaire.defaultHeadline {
            let question = item.question, option = item.option, chapter = item.chapter
            guard let row = input.statistics.first(where: {
                $0.round == round && $0.questionID == question.id && $0.option == option && $0.group == .world
            }) else { continue }
            html += "<tr data-question=\"\(escape(question.id))\" data-percent=\"\(Publisher.oneDecimal(row.percent))\" \(boundAttributes(row))><th>\(escape(t("chapter"))) \(chapter.rawValue)</th><td>\(escape(question.label.text(in: language))): \(escape(optionLabel(question, option)))</td><td class=\"num\">\(escape(shareText(row)))</td></tr>"
        }
        return html + "</table>" + meaningParagraph() + "</section>\n"
    }

    /// The two sentences that say what the interval and the non-response bounds mean.
    func meaningParagraph() -> String {
        "<p class=\"legend meaning\">\(escape(t("interval_meaning"))) \(escape(t("bounds_meaning"))) \(escape(t("unknown_meaning")))</p>"
    }

    /// A text in the other direction's run of digits: in Arabic, a range such as `53.4–72.6` is
    /// isolated left to right (U+2066 … U+2069), or the bidirectional algorithm shows it as
    /// `72.6–53.4`; other languages unchanged.
    func ltr(_ text: String) -> String { language.isRightToLeft ? "\u{2066}\(text)\u{2069}" : text }

    /// A share as the report prints it: the percent and its 95% interval, n of N and the
    /// non-response bounds, e.g. `63.5% (53.4–72.6); 63 of 193 States answered; all 193: 20.7–88.1%`.
    /// n of N counts States (N minus those that did not answer), also with a respondent key; a
    /// group without a frame (custom by answers, `outside`) shows n only.
    func shareText(_ row: ShareStatistic) -> String {
        var parts: [String] = []
        if let percent = row.percent {
            var text = ltr("\(Publisher.oneDecimal(percent))%")
            if let low = row.ciLow, let high = row.ciHigh {
                text += " (" + ltr("\(Publisher.oneDecimal(low))–\(Publisher.oneDecimal(high))") + ")"
            }
            if row.flag == .lowReliability { text += " †" }
            parts.append(text)
        } else {
            parts.append(t("suppressed"))
        }
        if let frame = row.nInGroup, let missing = row.nNotResponding {
            parts.append(fill(t("n_of_N"), ["n": String(frame - missing), "N": String(frame)]))
            if let low = row.boundLow, let high = row.boundHigh {
                parts.append(fill(t("all_N"), [
                    "N": String(frame), "range": ltr("\(Publisher.oneDecimal(low))–\(Publisher.oneDecimal(high))%"),
                ]))
            }
        } else {
            parts.append("n=\(row.nResponding)")
        }
        // The one rule for "don't know" answers: a substantive share leaves them out of its n.
        if row.denominator == .substantive, row.nUnknown > 0 {
            parts.append(fill(t("unknown_excluded"), ["k": String(row.nUnknown)]))
        }
        return parts.joined(separator: language.isRightToLeft ? "؛ " : "; ")
    }

    /// ``shareText(_:)`` beside a bar, on lines of at most `width` characters (the share with
    /// its interval first; then n of N, the bounds and the "unknown" note, as many as fit on a
    /// line), so that it fits beside the chart in every language. The chart is drawn left to
    /// right, so in Arabic each line is isolated right to left (U+2067 … U+2069), and reads from
    /// its first figure as in the tables.
    func chartLines(_ row: ShareStatistic, width: Int = 66) -> [String] {
        let separator = language.isRightToLeft ? "؛ " : "; "
        let parts = shareText(row).components(separatedBy: separator)
        var lines = [parts[0]]
        var current = ""
        for part in parts.dropFirst() {
            if !current.isEmpty && current.count + separator.count + part.count > width {
                lines.append(current)
                current = part
            } else {
                current += current.isEmpty ? part : separator + part
            }
        }
        if !current.isEmpty { lines.append(current) }
        return language.isRightToLeft ? lines.map { "\u{2067}\($0)\u{2069}" } : lines
    }

    /// ``chartLines(_:)`` as an SVG text from `x`, its first line's baseline at `y`.
    func chartText(_ row: ShareStatistic, x: Double, y: Double) -> String {
        var svg = "<text x=\"\(f(x))\" y=\"\(f(y))\">"
        for (index, line) in chartLines(row, width: chars(470)).enumerated() {
            svg += "<tspan x=\"\(f(x))\" dy=\"\(index == 0 ? "0" : "14")\">\(escape(line))</tspan>"
        }
        return svg + "</text>"
    }

    /// `template` with each `{key}` replaced by its value.
    func fill(_ template: String, _ values: [String: String]) -> String {
        template.filling(values)
    }

    /// The row's frame and bounds as `data-` attributes (empty values where the group has no frame).
    func boundAttributes(_ row: ShareStatistic) -> String {
        "data-n-in-group=\"\(Publisher.count(row.nInGroup))\" data-bound-low=\"\(Publisher.oneDecimal(row.boundLow))\" data-bound-high=\"\(Publisher.oneDecimal(row.boundHigh))\""
    }

    /// The legislation inventory: the world and regional share of States with at least one listed
    /// law in force, in the latest round with the inventory. Nothing when no State listed a law.
    func legislationSection() -> String {
        let item = "inventory_law_in_force"
        let rows = input.legislation.filter { $0.questionID == item && $0.option == "yes" }
        guard let round = rows.last(where: { $0.group == .world && $0.nAnswered > 0 })?.round else { return "" }
        var html = "<section id=\"legislation\"><h2>\(escape(t("legislation"))) (\(escape(t("round"))) \(escape(round)))</h2>"
        html += "<p>\(escape(t("law_in_force")))</p><table><tr><th>\(escape(t("region")))</th><th></th></tr>"
        for code in ["001"] + input.reference.regions.map(\.code) {
            let group = code == "001" ? CountryGroup.world : CountryGroup(type: .region, code: code)
            guard let row = rows.first(where: { $0.round == round && $0.group == group }) else { continue }
            html += "<tr data-item=\"\(item)\" data-group=\"\(escape(code))\" data-percent=\"\(Publisher.oneDecimal(row.percent))\" \(boundAttributes(row))><th>\(escape(regionName(code)))</th><td class=\"num\">\(escape(shareText(row)))</td></tr>"
        }
        return html + "</table><p class=\"legend\">\(escape(t("inventory_meaning")))</p></section>\n"
    }

    func runSection() -> String {
        guard let run = input.run else { return "" }
        let a = run.total
        var html = "<section id=\"run\"><h2>\(escape(t("this_run")))</h2><table>"
        html += "<tr><th>\(escape(t("files")))</th><td class=\"num\">\(run.filesRead)</td></tr>"
        html += "<tr><th>\(escape(t("seen")))</th><td class=\"num\" data-seen=\"\(a.submissionsSeen)\">\(a.submissionsSeen)</td></tr>"
        for (key, value) in [("accepted", a.accepted), ("superseded", a.superseded), ("excluded", a.excluded), ("rejected", a.rejected)] {
            html += "<tr><th>\(escape(t(key)))</th><td class=\"num\" data-\(key)=\"\(value)\">\(value)</td></tr>"
        }
        let withdrawn = run.withdrawn
        if withdrawn > 0 { html += "<tr><th>\(escape(t("withdrawn")))</th><td class=\"num\">\(withdrawn)</td></tr>" }
        html += "</table>"
        var reasons: [String: Int] = [:]
        for diagnostic in input.diagnostics where diagnostic.severity == .error { reasons[diagnostic.code.rawValue, default: 0] += 1 }
        html += "<h3>\(escape(t("reasons")))</h3>"
        if reasons.isEmpty { html += "<p>\(escape(t("none")))</p>" } else {
            html += "<table>"
            for (code, count) in reasons.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(5) {
                html += "<tr><td><code dir=\"ltr\">\(escape(code))</code></td><td class=\"num\">\(count)</td><td>\(reasonText(DiagnosticCode(rawValue: code)))</td></tr>"
            }
            html += "</table>"
        }
        return html + "</section>\n"
    }

    /// The latest round with statistics: the last of ``ReportInput/countriesByRound``, which is in
    /// round order (the pipeline's declared order), never the greatest as text; as text only when
    /// the input lists no rounds.
    var latestRound: String? {
        let withStatistics = Set(input.statistics.map(\.round))
        if let last = input.countriesByRound.last(where: { withStatistics.contains($0.round) }) { return last.round }
        return withStatistics.max { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func chapterSection(_ chapter: Chapter) -> String {
        let questions = input.questionnaire.questions.filter { $0.chapter == chapter && ($0.type.hasChoices || $0.type.isNumeric) }
        guard !questions.isEmpty, let round = latestRound else { return "" }
        var index: [String: ShareStatistic] = [:]
        for row in input.statistics where row.round == round && row.questionID.hasPrefix("") && row.chapter == chapter {
            index["\(row.questionID)|\(row.option)|\(row.group.type.rawValue)|\(row.group.code)"] = row
        }
        var html = "<section class=\"chapter\" id=\"chapter-\(chapter.rawValue)\"><h2>\(escape(t("chapter"))) \(chapter.rawValue): \(escape(ReportStrings.chapters[chapter]?[language] ?? chapter.rawValue))</h2>"
        html += "<p class=\"legend\">\(escape(t("round"))) \(escape(round)). \(escape(t("legend")))</p>" + meaningParagraph()
        // The chapter's legal-form items side by side (acts × groups), before each item's own chart.
        html += legalFormMatrix(questions, round: round, index: index)
        for question in questions {
            html += "<h3 id=\"q-\(escape(question.id))\">\(escape(question.label.text(in: language)))</h3>"
            if question.type.isNumeric {
                html += numericChart(question, round: round)
            } else if question.type == .multipleChoice {
                html += groupedChart(question, round: round, index: index)
            } else {
                let option = Self.headlineOption(of: question)
                let groups = ["001"] + input.reference.regions.map(\.code)
                let bars = groups.map { code in
                    (label: regionName(code), row: index["\(question.id)|\(option)|\(code == "001" ? "world" : "region")|\(code)"])
                }
                html += stackedChart(question, round: round, index: index)
                html += "<p class=\"legend\">\(escape(t("share_by_region"))): \(escape(optionLabel(question, option)))</p>" + chart(bars, title: "\(question.label.text(in: language)): \(t("share_by_region")), \(optionLabel(question, option))")
            }
        }
        return html + "</section>\n"
    }

    /// A horizontal bar chart: one bar per row, the non-response bounds as a light band behind it,
    /// the interval's whiskers, and beside it the figures of ``shareText(_:)``.
    func chart(_ bars: [(label: String, row: ShareStatistic?)], title: String) -> String {
        let labelWidth = 150.0
        let plot = 300.0
        let lineCount = bars.map { Self.lines($0.label, width: chars(labelWidth - 6)).count }.max() ?? 1
        let textLines = bars.compactMap { $0.row.map { chartLines($0, width: chars(470)).count } }.max() ?? 2
        let rowHeight = max(34.0, 14.0 * Double(max(lineCount, textLines)) + 6)
        let height = rowHeight * Double(bars.count) + 24
        var svg = svgOpen("bars", width: labelWidth + plot + 480, height: height, title: title, desc: t("bars_desc"))
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + plot * Double(tick) / 100
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"0\" x2=\"\(f(x))\" y2=\"\(f(height - 18))\"/><text x=\"\(f(x))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">\(tick)%</text>"
        }
        for (position, bar) in bars.enumerated() {
            let y = rowHeight * Double(position) + 3
            // Long labels wrap onto more lines; never cut.
            svg += wrappedText(bar.label, x: labelWidth - 6, y: y + 13, width: chars(labelWidth - 6))
            guard let row = bar.row else { continue }
            let attributes = "data-round=\"\(escape(row.round))\" data-question=\"\(escape(row.questionID))\" data-option=\"\(escape(row.option))\" data-group=\"\(row.group.type.rawValue):\(escape(row.group.code))\" data-n=\"\(row.nResponding)\" data-percent=\"\(Publisher.oneDecimal(row.percent))\" data-flag=\"\(row.flag.rawValue)\" \(boundAttributes(row))"
            svg += "<g class=\"bar\" \(attributes)>"
            if let low = row.boundLow, let high = row.boundHigh {
                svg += "<rect class=\"bounds\" x=\"\(f(labelWidth + plot * low / 100))\" y=\"\(f(y + 1))\" width=\"\(f(plot * (high - low) / 100))\" height=\"14\"/>"
            }
            if let percent = row.percent, let low = row.ciLow, let high = row.ciHigh {
                svg += "<rect class=\"share\(row.flag == .lowReliability ? " low" : "")\" x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(plot * percent / 100))\" height=\"16\"/>"
                let x1 = labelWidth + plot * low / 100
                let x2 = labelWidth + plot * high / 100
                svg += "<path class=\"whisker\" d=\"M\(f(x1)) \(f(y + 8))H\(f(x2))M\(f(x1)) \(f(y + 3))v10M\(f(x2)) \(f(y + 3))v10\"/>"
                svg += chartText(row, x: labelWidth + plot + 6, y: y + 8)
            } else {
                svg += "<rect class=\"suppressed\" x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(plot))\" height=\"16\"/>"
                svg += chartText(row, x: labelWidth + plot + 6, y: y + 8)
            }
            svg += "</g>"
        }
        return svg + "</svg>\n"
    }

    func progressSection() -> String {
        guard let first = input.progress.first else { return "" }
        var html = "<section id=\"progress\"><h2>\(escape(t("progress"))): \(escape(first.baselineRound)) → \(escape(first.latestRound))</h2>"
        var items: [(question: Question, option: String, row: ProgressRow)] = []
        for question in input.questionnaire.questions where question.type.hasChoices && question.type != .multipleChoice {
            let option = Self.headlineOption(of: question)
            guard let row = input.progress.first(where: { $0.questionID == question.id && $0.option == option && $0.group == .world }) else { continue }
            items.append((question, option, row))
        }
        // The chart first, then its figures: the table (not collapsed, as before the chart).
        html += progressChart(items)
        html += "<table><tr><th>\(escape(t("question")))</th><th>\(escape(first.baselineRound))</th><th>\(escape(first.latestRound))</th><th>\(escape(t("change"))) · \(escape(t("all")))</th><th>\(escape(t("change"))) · \(escape(t("panel")))</th></tr>"
        for (question, option, row) in items {
            func cell(_ share: RoundShare, _ round: String) -> String {
                // The round's world row of statistics.csv, with its interval and bounds, when it has one
                // (``roundStatistic(_:option:round:)``); else the progress share as it is.
                if let statistic = roundStatistic(question, option: option, round: round) { return shareText(statistic) }
                return "\(Publisher.oneDecimal(share.percent).isEmpty ? t("suppressed") : Publisher.oneDecimal(share.percent) + "%") (n=\(share.nResponding))"
            }
            // A pair that does not compare like with like is greyed out (`no`) and says why.
            let comparability = row.comparable == .yes
                ? "" : " class=\"\(row.comparable == .no ? "not-comparable" : "partly-comparable")\" data-comparable=\"\(row.comparable.rawValue)\""
            let note = row.comparable == .yes || row.comparabilityNote.isEmpty ? "" : "<div class=\"cnote\">\(english(row.comparabilityNote))</div>"
            html += "<tr data-question=\"\(escape(question.id))\"\(comparability)><td>\(escape(question.label.text(in: language))) — \(escape(optionLabel(question, option)))\(note)</td><td class=\"num\">\(escape(cell(row.baseline, row.baselineRound)))</td><td class=\"num\">\(escape(cell(row.latest, row.latestRound)))</td><td class=\"num\">\(signed(row.change))</td><td class=\"num\">\(ltr(signed(row.panelChange) + " (n=\(row.panelBaseline.nResponding))"))</td></tr>"
        }
        return html + "</table>" + meaningParagraph() + "</section>\n"
    }

    func prioritySection() -> String {
        guard let model = input.model, let round = latestRound else { return "" }
        var html = "<section id=\"priorities\"><h2>\(escape(t("priorities"))) (\(escape(t("round"))) \(escape(round)))</h2>"
        html += "<h3>\(escape(t("heat")))</h3><table class=\"heat\"><tr><th>\(escape(t("region")))</th>"
        for area in model.areas { html += "<th>\(escape(areaLabel(area.id, area.label)))</th>" }
        html += "</tr>"
        for code in ["001"] + input.reference.regions.map(\.code) {
            html += "<tr><th>\(escape(regionName(code)))</th>"
            for area in model.areas {
                let group = code == "001" ? CountryGroup.world : CountryGroup(type: .region, code: code)
                let row = input.groupPriorities.first { $0.round == round && $0.area == area.id && $0.group == group }
                let mean = row?.meanScore
                let shade = mean.map { String(format: "hsl(8,70%%,%.0f%%)", 95 - 0.45 * $0) } ?? "#eee"
                html += "<td data-area=\"\(escape(area.id))\" data-group=\"\(group.type.rawValue):\(group.code)\" data-mean=\"\(Publisher.oneDecimal(mean))\" data-n=\"\(row?.nCountries ?? 0)\" style=\"background:\(shade)\">\(mean.map { Publisher.oneDecimal($0) } ?? t("suppressed")) <small>(n=\(row?.nCountries ?? 0))</small></td>"
            }
            html += "</tr>"
        }
        html += "</table>"
        guard input.edition == .internal else {
            // The public edition: group-level figures only (the heat table above); the tables
            // that name States are the internal edition's.
            return html + "<p class=\"edition-note\">\(escape(t("public_priorities_note")))</p></section>\n"
        }
        html += needDemandTable(model: model, round: round)
        html += planningTable(round: round)
        html += followUpTable(model: model, round: round)
        return html + "</section>\n"
    }

    /// A quadrant's name in the report's language.
    func quadrantName(_ quadrant: Quadrant) -> String { t("quadrant_\(quadrant.rawValue)") }

    /// A tier's name in the report's language (a tier the strings do not know: its id).
    func tierName(_ tier: String?) -> String {
        guard let tier else { return "" }
        let key = "tier_\(tier)"
        return ReportStrings.has(key) ? t(key) : tier
    }

    /// A State's name in the report's language (its code when the reference does not know it).
    func stateName(_ iso3: String) -> String { input.reference.country(iso3: iso3)?.name.text(in: language) ?? iso3 }

    /// The internal edition's need × demand table: per area, the States of each quadrant by name
    /// (in the report's language; never by code), with their count.
    func needDemandTable(model: ScoringModel, round: String) -> String {
        var html = "<h3>\(escape(t("need_demand")))</h3><p>\(escape(t("need_demand_note")))</p><table class=\"names-states need-demand\"><tr><th>\(escape(t("area")))</th>"
        for quadrant in Quadrant.allCases { html += "<th data-quadrant=\"\(quadrant.rawValue)\">\(escape(quadrantName(quadrant)))</th>" }
        html += "</tr>"
        let rows = input.priorities.filter { $0.round == round }
        for area in model.areas {
            html += "<tr data-area=\"\(escape(area.id))\"><td>\(escape(areaLabel(area.id, area.label)))</td>"
            for quadrant in Quadrant.allCases {
                let names = rows.filter { $0.area == area.id && $0.quadrant == quadrant }.map { ($0.country, stateName($0.country)) }
                    .sorted { $0.1.compare($1.1) == .orderedAscending }
                let links = names.map { countryLink($0.0, $0.1) }.joined(separator: ", ")
                html += "<td data-quadrant=\"\(quadrant.rawValue)\" data-n=\"\(names.count)\"><small>(\(names.count))</small> \(links)</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    /// The internal edition's planning table: the rows of `ta_planning.csv` (quadrants plan, scope
    /// and outreach, in its order), with the rank by need within the quadrant (equal needs share a
    /// rank, written "1="; within a tie, the better-known need first, then the State's name,
    /// never its code).
    func planningTable(round: String) -> String {
        var html = "<h3>\(escape(t("planning_table")))</h3><p>\(escape(t("planning_note")))</p><table class=\"names-states planning\"><tr><th>\(escape(t("quadrant")))</th><th>\(escape(t("rank")))</th><th>\(escape(t("country")))</th><th>\(escape(t("area")))</th><th>\(escape(t("tier")))</th><th>\(escape(t("need")))</th><th>\(escape(t("coverage")))</th><th>\(escape(t("quadrant_change")))</th><th>\(escape(t("activities_requested")))</th><th>\(escape(t("already_supported_by")))</th></tr>"
        let labels = Dictionary(input.model?.areas.map { ($0.id, areaLabel($0.id, $0.label)) } ?? [], uniquingKeysWith: { first, _ in first })
        for row in input.planning where row.round == round {
            let shown = row.planningRank.map { "\($0)\(row.planningRankTied ? "=" : "")" } ?? ""
            html += "<tr data-iso3=\"\(escape(row.country))\" data-area=\"\(escape(row.area))\" data-quadrant=\"\(row.quadrant.rawValue)\" data-rank=\"\(shown)\" data-coverage=\"\(Publisher.fixed(row.coverage, 3))\"><td>\(escape(quadrantName(row.quadrant)))</td><td class=\"num\">\(shown)</td><td>\(countryLink(row.country, stateName(row.country)))</td><td>\(escape(labels[row.area] ?? row.area))</td><td>\(escape(tierName(row.tier)))</td><td class=\"num\">\(Publisher.oneDecimal(row.score))</td><td class=\"num\">\(Publisher.oneDecimal(row.coverage * 100))%</td><td class=\"num\" data-p-quadrant-change=\"\(Publisher.fixed(row.pQuadrantChange, 3))\">\(row.pQuadrantChange.map { "\(Int(($0 * 100).rounded()))%" } ?? "")</td>"
            // The planner's details are in English (the questionnaire's labels, the programmes
            // file's providers), as in ta_planning.csv.
            let detail = input.planningDetails["\(row.area)|\(row.country)"]
            html += "<td lang=\"en\">\(escape(detail?.activitiesRequested.joined(separator: "; ") ?? ""))</td><td lang=\"en\">\(escape(detail?.alreadySupportedBy ?? ""))</td></tr>"
        }
        return html + "</table>"
    }

    /// The internal edition's follow-up list: the States × areas with too little answered for a
    /// need score, by area and name, with the items to ask for.
    func followUpTable(model: ScoringModel, round: String) -> String {
        let rows = input.priorities.filter { $0.round == round && $0.status == .insufficientData }
        var html = "<h3>\(escape(t("follow_up")))</h3><p>\(escape(t("follow_up_note")))</p>"
        guard !rows.isEmpty else { return html + "<p>\(escape(t("none")))</p>" }
        html += "<table class=\"names-states follow-up\"><tr><th>\(escape(t("area")))</th><th>\(escape(t("country")))</th><th>\(escape(t("coverage")))</th><th>\(escape(t("missing_items")))</th></tr>"
        for area in model.areas {
            for row in rows.filter({ $0.area == area.id }).sorted(by: { stateName($0.country).compare(stateName($1.country)) == .orderedAscending }) {
                html += "<tr data-iso3=\"\(escape(row.country))\" data-area=\"\(escape(area.id))\"><td>\(escape(areaLabel(area.id, area.label)))</td><td>\(countryLink(row.country, stateName(row.country)))</td><td class=\"num\">\(Publisher.oneDecimal(row.coverage * 100))%</td><td><code>\(escape(row.missingItems.joined(separator: " ")))</code></td></tr>"
            }
        }
        return html + "</table>"
    }

    /// The footer of a frozen release: its id and the software version, so a figure quoted from
    /// the page can be traced to `Output/releases/<id>/manifest.json`. Nothing without a release.
    func releaseFooter() -> String {
        guard let release = input.release else { return "" }
        return "<footer class=\"release\" data-release=\"\(escape(release))\"><p>\(escape(t("release"))): <code>\(escape(release))</code> · LegiSurvey \(escape(SoftwareVersion.current))</p></footer>\n"
    }

    func appendix() -> String {
        var counts: [DiagnosticCode: Int] = [:]
        for diagnostic in input.diagnostics { counts[diagnostic.code, default: 0] += 1 }
        var html = "<section id=\"appendix\"><h2>\(escape(t("appendix")))</h2>"
        guard !counts.isEmpty else { return html + "<p>\(escape(t("none")))</p>" + checksSummary() + groupsSummary() + comparisonsSummary() + "</section>\n" }
        html += "<table><tr><th>\(escape(t("code")))</th><th>\(escape(t("severity")))</th><th>\(escape(t("count")))</th><th>\(escape(t("remedy")))</th></tr>"
        for (code, count) in counts.sorted(by: { ($0.key.severity, $0.key.rawValue) < ($1.key.severity, $1.key.rawValue) }) {
            html += "<tr><td><code dir=\"ltr\">\(escape(code.rawValue))</code></td><td data-severity=\"\(code.severity.rawValue)\">\(escape(t("severity_\(code.severity.rawValue)")))</td><td class=\"num\">\(count)</td><td>\(english(code.remedy))</td></tr>"
        }
        return html + "</table>" + checksSummary() + groupsSummary() + comparisonsSummary() + "</section>\n"
    }

    /// The custom groups by id and shown name: an answer-defined group says it is self-declared,
    /// a list group names its source and date.
    func groupsSummary() -> String {
        guard !input.customGroups.isEmpty else { return "" }
        var html = "<h3 id=\"custom-groups\">\(escape(t("custom_groups")))</h3><ul class=\"custom-groups\">"
        for group in input.customGroups {
            html += "<li data-group=\"\(escape(group.id))\"><code>\(escape(group.id))</code>: \(escape(group.displayLabel))</li>"
        }
        return html + "</ul>"
    }

    /// One row per round × compared pair: the list group (with its source and date) beside the
    /// answer-defined group, and how many States of the population agree, disagree each way, or
    /// cannot be compared (no answer to the question, or no submission). Not answering is never a
    /// disagreement. The States themselves are in `group_comparison.csv`.
    func comparisonsSummary() -> String {
        guard !input.groupComparisons.isEmpty else { return "" }
        var html = "<h3 id=\"group-comparisons\">\(escape(t("comparisons")))</h3><p>\(escape(t("comparisons_note")))</p>"
        html += "<table class=\"group-comparisons\"><tr><th>\(escape(t("round")))</th><th>\(escape(t("list_group")))</th><th>\(escape(t("answer_group")))</th>"
        let columns: [(String, [GroupComparisonStatus])] = [
            ("agree", [.agreeMember, .agreeNotMember]), ("listed_not_member", [.listedAnsweredNotMember]),
            ("member_not_listed", [.answeredMemberNotListed]), ("listed_unanswered", [.listedNotAnswered]),
            ("listed_no_submission", [.listedNoSubmission]), ("unlisted_unanswered", [.notListedNotAnswered]),
        ]
        for (key, _) in columns { html += "<th>\(escape(t(key)))</th>" }
        html += "</tr>"
        for summary in input.groupComparisons {
            let list = input.customGroups.first { $0.id == summary.listGroup }
            let provenance = [summary.source, summary.asOf.map { "as of \($0)" }].compactMap { $0 }.joined(separator: ", ")
            html += "<tr data-round=\"\(escape(summary.round))\" data-list=\"\(escape(summary.listGroup))\" data-answer=\"\(escape(summary.answerGroup))\"><td>\(escape(summary.round))</td><td><code>\(escape(summary.listGroup))</code> \(escape(list?.label ?? ""))<br><small>\(escape(provenance))</small></td><td><code>\(escape(summary.answerGroup))</code></td>"
            for (key, statuses) in columns {
                let count = statuses.reduce(0) { $0 + summary.count($1) }
                html += "<td class=\"num\" data-status=\"\(key)\">\(count)</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    /// One row per declared consistency check: its id, severity, message in the report's language,
    /// how many submissions it fired on and in which countries (ISO3, sorted). Only submissions
    /// that count are counted (``ReportInput/countedSubmissions``): a firing on a submission a
    /// revision superseded stays in `validation_report.csv` for its sender, not in this summary.
    func checksSummary() -> String {
        let checks = input.questionnaire.checks
        guard !checks.isEmpty else { return "" }
        var submissions: [String: Set<String>] = [:]
        var countries: [String: Set<String>] = [:]
        for diagnostic in input.diagnostics {
            guard let firing = ConsistencyCheck.firing(diagnostic) else { continue }
            if let counted = input.countedSubmissions, !counted.contains(diagnostic.submissionID ?? "") { continue }
            submissions[firing.check, default: []].insert(diagnostic.submissionID ?? "\(diagnostic.location)")
            if !firing.country.isEmpty { countries[firing.check, default: []].insert(firing.country) }
        }
        var html = "<h3 id=\"checks\">\(escape(t("checks")))</h3><p>\(escape(t("checks_note")))</p>"
        html += "<table class=\"checks\"><tr><th>\(escape(t("check")))</th><th>\(escape(t("severity")))</th><th>\(escape(t("message")))</th><th>\(escape(t("submissions_firing")))</th><th>\(escape(t("countries")))</th></tr>"
        for check in checks {
            let fired = submissions[check.id]?.count ?? 0
            let list = (countries[check.id] ?? []).sorted().map { countryLink($0, $0) }.joined(separator: ", ")
            html += "<tr data-check=\"\(escape(check.id))\" data-submissions=\"\(fired)\"><td><code>\(escape(check.id))</code></td><td data-severity=\"\(check.severity.rawValue)\">\(escape(t("severity_\(check.severity.rawValue)")))</td><td>\(escape(check.message.text(in: language)))</td><td class=\"num\">\(fired)</td><td><bdi dir=\"ltr\">\(list)</bdi></td></tr>"
        }
        return html + "</table>"
    }

    /// A coordinate with one decimal, without a trailing `.0` (the page's size: a coordinate is
    /// written some 40,000 times).
    func f(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A scoring area's name in the report's language (the scoring model names them in English).
    func areaLabel(_ id: String, _ label: String) -> String {
        ReportStrings.has("area_\(id)") ? t("area_\(id)") : label
    }

    /// A text the report has in English only (a remedy, a crosswalk's note): marked as English and
    /// isolated left to right in another language, so that its punctuation stays where it belongs,
    /// with "(in English)" after it.
    func english(_ text: String) -> String {
        guard language != .en else { return escape(text) }
        return "<span lang=\"en\" dir=\"ltr\">\(escape(text))</span> <span class=\"in-english\">\(escape(t("in_english")))</span>"
    }

    /// A rejection reason in the report's language: the letters' text where the feedback texts
    /// have one (`feedback:`), else the English catalogue's, marked as English.
    func reasonText(_ code: DiagnosticCode?) -> String {
        guard let code else { return "" }
        if language != .en, let feedback = input.feedback, code.asksSender {
            let text = feedback.summary(code, language)
            if text != code.summary { return escape(text) }
        }
        return english(code.summary)
    }

    func escape(_ text: String) -> String { XMLText.escape(text, apostrophe: true) }
}
