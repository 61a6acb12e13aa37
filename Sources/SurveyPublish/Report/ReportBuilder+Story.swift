// The report's opening (issue 27): what it is about, the date of the data, who answered, and the
// key findings, before the chapters. The run's accounting and the store's contents move to the
// appendix: they are for the analyst, not for the reader the report is forwarded to.

import Foundation
public import SurveyModel

extension ReportBuilder {
    /// Under the title: the round and the date of the data (the latest submission time the survey
    /// tools recorded, never the clock, so that `legisurvey report` and a release's verification
    /// write the same bytes).
    func dateLine() -> String {
        guard let round = latestRound else { return "" }
        let date = input.dataDate.map { fill(t("data_as_of_line"), ["date": ltr($0)]) } ?? t("data_date_unknown")
        return "<p class=\"data-date\" data-round=\"\(escape(round))\" data-date=\"\(escape(input.dataDate ?? ""))\">"
            + "\(escape(t("round"))) \(escape(round)) · \(escape(date))</p>\n"
    }

    /// Who answered the latest round: N States of the population, how many answered, by region.
    func responseSection() -> String {
        guard let round = latestRound else { return "" }
        let rows = input.responses.filter { $0.round == round && $0.chapter == input.responses.first?.chapter }
        guard let world = rows.first(where: { $0.group == .world }), let size = world.nInGroup else { return "" }
        func percent(_ n: Int, _ of: Int) -> String { of > 0 ? Publisher.oneDecimal(100 * Double(n) / Double(of)) + "%" : "–" }
        var html = "<section id=\"response\"><h2>\(escape(t("who_answered"))) (\(escape(t("round"))) \(escape(round)))</h2>"
        html += "<p class=\"population\" data-n=\"\(world.nWithSubmission)\" data-size=\"\(size)\">"
            + escape(fill(t("population_answered"), ["n": ltr("\(world.nWithSubmission)"), "N": ltr("\(size)"), "percent": ltr(percent(world.nWithSubmission, size))]))
            + "</p>"
        html += "<table class=\"response\"><tr><th>\(escape(t("region")))</th><th>\(escape(t("states_in_group")))</th><th>\(escape(t("states_answered")))</th><th>%</th></tr>"
        let regions = input.reference.regions.map(\.code)
        for row in [world] + regions.compactMap({ code in rows.first { $0.group.type == .region && $0.group.code == code } }) {
            let n = row.nInGroup ?? 0
            html += "<tr data-group=\"\(row.group.type.rawValue):\(escape(row.group.code))\"><td>\(escape(regionName(row.group.code)))</td>"
                + "<td class=\"num\">\(n)</td><td class=\"num\">\(row.nWithSubmission)</td><td class=\"num\">\(escape(ltr(percent(row.nWithSubmission, n))))</td></tr>"
        }
        return html + "</table></section>\n"
    }

    /// The key findings (``KeyFindingRules``), each sentence linked to its question's chart and
    /// carrying the figures it states as `data-` attributes, with the `explain stat` command that
    /// traces it.
    func keyFindingsSection() -> String {
        guard let round = latestRound else { return "" }
        let findings = KeyFindingRules().findings(
            statistics: input.statistics, progress: input.progress, questionnaire: input.questionnaire, round: round)
        guard !findings.isEmpty else { return "" }
        var html = "<section id=\"findings\"><h2>\(escape(t("key_findings")))</h2><p class=\"legend\">\(escape(t("key_findings_note")))</p><ul class=\"findings\">"
        for finding in findings {
            html += findingItem(finding)
        }
        return html + "</ul></section>\n"
    }

    func percentText(_ value: Double?) -> String { ltr(Publisher.oneDecimal(value) + "%") }

    func findingItem(_ finding: KeyFinding) -> String {
        let questionID = finding.row?.questionID ?? finding.change?.questionID ?? ""
        guard let question = input.questionnaire.question(id: questionID) else { return "" }
        let questionText = question.label.text(in: language)
        var attributes = "data-rule=\"\(finding.rule.rawValue)\" data-question=\"\(escape(questionID))\""
        var sentence = ""
        var explain = ""
        switch finding.rule {
        case .largestShare:
            guard let row = finding.row else { return "" }
            attributes += " data-round=\"\(escape(row.round))\" data-option=\"\(escape(row.option))\" data-group=\"world:001\" data-percent=\"\(Publisher.oneDecimal(row.percent))\" data-n=\"\(row.nResponding)\""
            sentence = fill(t("finding_largest_share"), [
                "question": questionText, "option": optionLabel(question, row.option), "percent": percentText(row.percent),
                "n": ltr("\(row.nResponding)"),
            ])
            explain = "legisurvey explain stat \(row.round) \(row.questionID) \(row.option) 001"
        case .regionalGap:
            guard let high = finding.row, let low = finding.other else { return "" }
            attributes += " data-round=\"\(escape(high.round))\" data-option=\"\(escape(high.option))\" data-group=\"region:\(escape(high.group.code))\" data-percent=\"\(Publisher.oneDecimal(high.percent))\" data-n=\"\(high.nResponding)\" data-other-group=\"region:\(escape(low.group.code))\" data-other-percent=\"\(Publisher.oneDecimal(low.percent))\" data-other-n=\"\(low.nResponding)\""
            sentence = fill(t("finding_regional_gap"), [
                "question": questionText, "option": optionLabel(question, high.option),
                "high": percentText(high.percent), "high_region": regionName(high.group.code), "high_n": ltr("\(high.nResponding)"),
                "low": percentText(low.percent), "low_region": regionName(low.group.code), "low_n": ltr("\(low.nResponding)"),
            ])
            explain = "legisurvey explain stat \(high.round) \(high.questionID) \(high.option) \(high.group.code)"
        case .largestChange:
            guard let row = finding.change, let change = row.change else { return "" }
            let signed = (change >= 0 ? "+" : "−") + Publisher.oneDecimal(abs(change))
            attributes += " data-baseline=\"\(escape(row.baselineRound))\" data-latest=\"\(escape(row.latestRound))\" data-option=\"\(escape(row.option))\" data-group=\"world:001\" data-change=\"\(Publisher.oneDecimal(change))\""
            sentence = fill(t("finding_largest_change"), [
                "question": questionText, "option": optionLabel(question, row.option), "change": ltr(signed),
                "baseline": ltr(row.baselineRound), "before": percentText(row.baseline.percent), "latest": ltr(row.latestRound),
                "after": percentText(row.latest.percent),
            ])
            explain = "legisurvey explain stat \(row.latestRound) \(row.questionID) \(row.option) 001"
        case .leastCoverage:
            guard let row = finding.row, let size = row.nInGroup else { return "" }
            attributes += " data-round=\"\(escape(row.round))\" data-group=\"world:001\" data-answered=\"\(row.nAnswered)\" data-size=\"\(size)\""
            sentence = fill(t("finding_least_coverage"), [
                "question": questionText, "n": ltr("\(row.nAnswered)"), "N": ltr("\(size)"),
            ])
            explain = "legisurvey explain stat \(row.round) \(row.questionID) \(Self.headlineOption(of: question)) 001"
        }
        return "<li \(attributes)><a href=\"#q-\(escape(questionID))\">\(escape(sentence))</a> <code class=\"explain\" dir=\"ltr\">\(escape(explain))</code></li>"
    }
}
