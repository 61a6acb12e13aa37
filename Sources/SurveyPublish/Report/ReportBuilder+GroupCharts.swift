// The rest of issue 27 item 2: multiple-choice questions as grouped bars (options × groups, with
// the interval's whiskers), legal-form items as a small-multiple matrix (acts × groups, each cell
// a 100% bar of the group's N States), and progress as a dumbbell chart per item (baseline share →
// latest share, with intervals, the all-respondents and the panel change, the comparable flag).
// Every chart is inline SVG drawn left to right, has a title and a one-sentence description for
// screen readers, carries its figures as `data-` attributes (the CSV outputs' values, so a test
// can compare them), has its legend in HTML (long labels wrap) and its data in a collapsed table.

import Foundation
public import SurveyModel

extension ReportBuilder {
    /// World first, then the regions: the groups of every chart by group.
    var chartGroups: [String] { ["001"] + input.reference.regions.map(\.code) }

    /// How many characters of a label fit in `pixels` at the charts' 12px: about 7px a character
    /// (a Chinese one counts two, see ``lines(_:width:)``), 8 in Cyrillic, which is wider.
    func chars(_ pixels: Double) -> Int { Int(pixels / (language == .ru ? 8.2 : 7.2)) }

    func groupKey(_ code: String) -> String { code == "001" ? "world|001" : "region|\(code)" }
    func groupAttribute(_ code: String) -> String { code == "001" ? "world:001" : "region:\(code)" }

    /// The opening of an inline chart: `<svg>` with its class, role, title and description.
    func svgOpen(_ kind: String, width: Double, height: Double, title: String, desc: String, attributes: String = "") -> String {
        "<svg class=\"chart \(kind)\" \(attributes)role=\"img\" direction=\"ltr\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\"><title>\(escape(title))</title><desc>\(escape(desc))</desc>"
    }

    /// Vertical grid lines from `top` and percent labels every 25 points below a plot from `x0`,
    /// `plot` wide; with `labelsOnTop`, the labels above it too (a tall chart).
    func percentAxis(x0: Double, plot: Double, height: Double, top: Double = 0, labelsOnTop: Bool = false) -> String {
        var svg = ""
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = x0 + plot * Double(tick) / 100
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(height - 18))\"/><text x=\"\(f(x))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">\(tick)%</text>"
            if labelsOnTop { svg += "<text x=\"\(f(x))\" y=\"\(f(top - 6))\" text-anchor=\"middle\">\(tick)%</text>" }
        }
        return svg
    }

    /// A percent with its interval as the data tables print it: `41.2% (30.1–53.2)`, or
    /// "suppressed"; isolated left to right in Arabic.
    func percentText(_ row: ShareStatistic?) -> String {
        guard let row, let percent = row.percent else { return t("suppressed") }
        var text = ltr("\(Publisher.oneDecimal(percent))%")
        if let low = row.ciLow, let high = row.ciHigh { text += " (" + ltr("\(Publisher.oneDecimal(low))–\(Publisher.oneDecimal(high))") + ")" }
        return text + (row.flag == .lowReliability ? " †" : "")
    }

    // MARK: Multiple choice: grouped bars

    /// A multiple-choice question as grouped bars: one block per option (its label wrapped at the
    /// left), in it one bar per group (world, then the regions) for the share of the group's
    /// answering States that chose the option (`statistics.csv`'s percent over `n_responding`),
    /// with the 95% interval's whiskers. Low-reliability bars are pale; a suppressed share has no
    /// bar. The legend (groups with n of N) and the data table are HTML. The round and the question
    /// are the figure's `data-` attributes (once, not on each of its bars).
    func groupedChart(_ question: Question, round: String, index: [String: ShareStatistic]) -> String {
        let groups = chartGroups.filter { code in question.choices.contains { index["\(question.id)|\($0.code)|\(groupKey(code))"] != nil } }
        guard !groups.isEmpty else { return "" }
        let labelWidth = 250.0, plot = 380.0, barStep = 9.0
        let blocks = question.choices.map { (choice: $0, lines: Self.lines($0.label.text(in: language), width: chars(labelWidth - 6)).count) }
        let heights = blocks.map { max(barStep * Double(groups.count) + 8, 14 * Double($0.lines) + 8) }
        let height = heights.reduce(0, +) + 22
        let text = question.label.text(in: language)
        var svg = svgOpen("grouped", width: labelWidth + plot + 20, height: height,
                          title: fill(t("grouped_title"), ["question": text]), desc: t("grouped_desc"))
        svg += percentAxis(x0: labelWidth, plot: plot, height: height)
        var top = 0.0
        for (block, blockHeight) in zip(blocks, heights) {
            let label = block.choice.label.text(in: language)
            svg += wrappedText(label, x: labelWidth - 6, y: top + blockHeight / 2 + 4, width: chars(labelWidth - 6))
            let first = top + (blockHeight - barStep * Double(groups.count)) / 2
            for (position, code) in groups.enumerated() {
                guard let row = index["\(question.id)|\(block.choice.code)|\(groupKey(code))"] else { continue }
                let y = first + barStep * Double(position)
                svg += "<g class=\"gbar g\(position)\(row.flag == .lowReliability ? " low" : "")\" data-option=\"\(escape(block.choice.code))\" data-group=\"\(groupAttribute(code))\" data-n=\"\(row.nResponding)\" data-n-option=\"\(row.nOption)\" data-percent=\"\(Publisher.oneDecimal(row.percent))\" data-ci-low=\"\(Publisher.oneDecimal(row.ciLow))\" data-ci-high=\"\(Publisher.oneDecimal(row.ciHigh))\" data-flag=\"\(row.flag.rawValue)\" data-n-in-group=\"\(Publisher.count(row.nInGroup))\">"
                if let percent = row.percent {
                    svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(plot * percent / 100))\" height=\"7\"/>"
                    if let low = row.ciLow, let high = row.ciHigh {
                        let x1 = labelWidth + plot * low / 100, x2 = labelWidth + plot * high / 100
                        svg += "<path class=\"whisker\" d=\"M\(f(x1)) \(f(y + 3.5))H\(f(x2))M\(f(x1)) \(f(y))v7M\(f(x2)) \(f(y))v7\"/>"
                    }
                }
                svg += "</g>"
            }
            top += blockHeight
        }
        svg += "</svg>\n"
        // The groups' legend: the colour, the group, and n of N (the States that answered the question).
        var legend = "<ul class=\"stacked-legend\">"
        for (position, code) in groups.enumerated() {
            let row = question.choices.lazy.compactMap { index["\(question.id)|\($0.code)|\(groupKey(code))"] }.first
            var sizes = ""
            if let row, let size = row.nInGroup { sizes = fill(t("n_of_N_short"), ["n": "\(row.nResponding)", "N": "\(size)"]) }
            legend += "<li><span class=\"swatch g\(position)\"></span>\(escape(regionName(code)))\(sizes.isEmpty ? "" : " (" + ltr(sizes) + ")")</li>"
        }
        legend += "</ul>"
        var table = "<details class=\"chart-data\"><summary>\(escape(t("chart_data")))</summary><table><tr><th>\(escape(t("option")))</th>"
        for code in groups { table += "<th>\(escape(regionName(code)))</th>" }
        table += "</tr>"
        for choice in question.choices {
            table += "<tr><th>\(escape(choice.label.text(in: language)))</th>"
            for code in groups { table += "<td class=\"num\">\(escape(percentText(index["\(question.id)|\(choice.code)|\(groupKey(code))"])))</td>" }
            table += "</tr>"
        }
        table += "<tr><th>n / N</th>"
        for code in groups {
            let row = question.choices.lazy.compactMap { index["\(question.id)|\($0.code)|\(groupKey(code))"] }.first
            table += "<td class=\"num\">\(row.map { "\($0.nResponding) / \(Publisher.count($0.nInGroup))" } ?? "")</td>"
        }
        table += "</tr></table></details>"
        return "<figure class=\"grouped\" data-round=\"\(escape(round))\" data-question=\"\(escape(question.id))\">" + svg + legend + "<figcaption class=\"legend\">\(escape(t("grouped_caption")))</figcaption>" + table + "</figure>\n"
    }

    // MARK: Legal-form items: the acts × groups matrix

    /// A chapter's legal-form items as a small-multiple matrix: one row per item (act), one column
    /// per group (world first), each cell a 100% bar of the group's N States (a segment per
    /// option, "unknown" grey, then the States that did not answer), with one shared legend. The
    /// matrix is an HTML table (the acts' and groups' names wrap as text does); each cell's small
    /// SVG has no text. Items whose options differ get a matrix each.
    func legalFormMatrix(_ questions: [Question], round: String, index: [String: ShareStatistic]) -> String {
        var sets: [(codes: [String], questions: [Question])] = []
        for question in questions where question.type == .legalForm {
            let codes = question.choices.map(\.code)
            if let at = sets.firstIndex(where: { $0.codes == codes }) { sets[at].questions.append(question) } else { sets.append((codes, [question])) }
        }
        var html = ""
        for set in sets {
            let options = set.questions[0].choices
            let groups = chartGroups
            let classes = Self.optionClasses(options)
            var table = "<table class=\"lf-matrix\"><tr><th>\(escape(t("question")))</th>"
            for code in groups { table += "<th>\(escape(regionName(code)))</th>" }
            table += "</tr>"
            var data = "<details class=\"chart-data\"><summary>\(escape(t("chart_data")))</summary><table><tr><th>\(escape(t("question")))</th><th>\(escape(t("region")))</th>"
            for option in options { data += "<th>\(escape(option.label.text(in: language)))</th>" }
            data += "<th>\(escape(t("not_answered")))</th><th>N</th></tr>"
            for question in set.questions {
                let act = question.label.text(in: language)
                table += "<tr><th><a href=\"#q-\(escape(question.id))\">\(escape(act))</a></th>"
                var dataRows: [String] = []
                for code in groups {
                    let rows = options.map { index["\(question.id)|\($0.code)|\(groupKey(code))"] }
                    guard let first = rows.compactMap({ $0 }).first, let size = first.nInGroup, size > 0 else {
                        table += "<td></td>"
                        continue
                    }
                    let counts = rows.map { $0?.nOption ?? 0 }
                    let missing = max(0, size - first.nAnswered)
                    let parts = zip(options, counts).map { "\($0.code):\($1)" } + ["not_answered:\(missing)"]
                    let sentence = zip(options, counts).map { "\($0.label.text(in: language)) \($1)" }.joined(separator: ", ")
                        + ", \(t("not_answered")) \(missing) (N = \(size))"
                    table += "<td class=\"lf-cell\" data-round=\"\(escape(round))\" data-question=\"\(escape(question.id))\" data-group=\"\(groupAttribute(code))\" data-n-in-group=\"\(size)\" data-answered=\"\(first.nAnswered)\" data-counts=\"\(escape(parts.joined(separator: " ")))\">"
                    table += "<svg class=\"cell\" role=\"img\" direction=\"ltr\" width=\"100\" height=\"14\" viewBox=\"0 0 100 14\"><title>\(escape("\(act) · \(regionName(code))"))</title><desc>\(escape(sentence))</desc>"
                    var x = 0.0
                    for (count, style) in zip(counts + [missing], classes + ["na"]) where count > 0 {
                        let width = 100 * Double(count) / Double(size)
                        table += ("<rect class=\"\(style)\" x=\"\(f(x))\" width=\"\(f(width))\" height=\"14\"/>")
                        x += width
                    }
                    table += "</svg></td>"
                    var line = "<td>\(escape(regionName(code)))</td>"
                    for count in counts + [missing, size] { line += "<td class=\"num\">\(count)</td>" }
                    dataRows.append(line)
                }
                table += "</tr>"
                // The act's name once, over its groups' rows.
                for (position, line) in dataRows.enumerated() {
                    data += "<tr>" + (position == 0 ? "<th rowspan=\"\(dataRows.count)\">\(escape(act))</th>" : "") + line + "</tr>"
                }
            }
            table += "</table>"
            data += "</table></details>"
            var legend = "<ul class=\"stacked-legend\">"
            for (option, style) in zip(options, classes) {
                legend += "<li><span class=\"swatch \(style)\"></span>\(escape(option.label.text(in: language)))</li>"
            }
            legend += "<li><span class=\"swatch na\"></span>\(escape(t("not_answered")))</li></ul>"
            html += "<figure class=\"lf-matrix\" role=\"group\" aria-label=\"\(escape(t("matrix_title")))\"><p class=\"figure-title\">\(escape(t("matrix_title")))</p>" + legend + table
                + "<figcaption class=\"legend\">\(escape(t("matrix_caption")))</figcaption>" + data + "</figure>\n"
        }
        return html
    }

    /// The colour classes of a question's options: `o0`, `o1`… in order (the stacked charts'
    /// palette), `ou` for an "unknown" option.
    static func optionClasses(_ options: [Choice]) -> [String] {
        var next = 0
        return options.map { option in
            if option.isDontKnow { return "ou" }
            defer { next += 1 }
            return "o\(next % palette.count)"
        }
    }

    // MARK: Progress: dumbbells

    /// The round's world row of `statistics.csv` for an item's option, with its interval and
    /// bounds: in a round that answered an older questionnaire version, under the item's id and
    /// code there when the crosswalks map it exactly (else none).
    func roundStatistic(_ question: Question, option: String, round: String) -> ShareStatistic? {
        var id: String? = question.id
        var code = option
        if let sources = input.roundSources[round] {
            let source = sources[question.id]
            id = source?.question
            code = source?.codes.first { $0.value == option }?.key ?? option
            // An unpacked yes / no item: `yes` is the share of the older item's option; `no`
            // has no statistic of its own in that round.
            if let unpacked = source?.unpacked { code = option == "yes" ? unpacked : "" }
        }
        guard let id else { return nil }
        return input.statistics.first { $0.round == round && $0.questionID == id && $0.option == code && $0.group == .world }
    }

    /// A signed change in points, its sign before its digits in right-to-left text too.
    func signed(_ value: Double?) -> String { value.map { ltr(($0 >= 0 ? "+" : "−") + Publisher.oneDecimal(abs($0))) } ?? "–" }

    /// The progress items as dumbbells (world): per item, the baseline round's share (open
    /// circle) and the latest round's (filled), joined, each with its 95% interval's whiskers
    /// where `statistics.csv` has one; beside it the change over all respondents and over the
    /// panel (with its n), and the comparable flag: a pair that is not comparable is grey and
    /// dashed and says so, a partly comparable one says so.
    func progressChart(_ items: [(question: Question, option: String, row: ProgressRow)]) -> String {
        guard let first = items.first?.row else { return "" }
        let labelWidth = 260.0, plot = 300.0, textWidth = 250.0
        let labels = items.map { "\($0.question.label.text(in: language)) — \(optionLabel($0.question, $0.option))" }
        let heights = zip(labels, items).map { label, item in
            max(Double(Self.lines(label, width: chars(labelWidth - 6)).count), item.row.comparable == .yes ? 1 : 2) * 14 + 10
        }
        // Above the rows: the axis's labels, and the headers of the two columns of changes.
        let header = 22.0
        let height = heights.reduce(0, +) + 22 + header
        let title = fill(t("progress_title"), ["baseline": first.baselineRound, "latest": first.latestRound])
        var svg = svgOpen("dumbbell", width: labelWidth + plot + textWidth, height: height, title: title, desc: fill(t("progress_desc"), ["baseline": first.baselineRound, "latest": first.latestRound]))
        svg += percentAxis(x0: labelWidth, plot: plot, height: height, top: header, labelsOnTop: true)
        let allX = labelWidth + plot + 26, panelX = allX + 70
        svg += "<text class=\"head\" x=\"\(f(allX))\" y=\"\(f(header - 6))\">\(escape(t("all_short")))</text><text class=\"head\" x=\"\(f(panelX))\" y=\"\(f(header - 6))\">\(escape(t("panel_short"))) (n)</text>"
        var top = header
        for ((item, label), rowHeight) in zip(zip(items, labels), heights) {
            let row = item.row
            let middle = top + rowHeight / 2
            svg += wrappedText(label, x: labelWidth - 6, y: middle + 4, width: chars(labelWidth - 6))
            let before = roundStatistic(item.question, option: item.option, round: row.baselineRound)
            let after = roundStatistic(item.question, option: item.option, round: row.latestRound)
            let state = row.comparable == .yes ? "" : row.comparable == .no ? " not-comparable" : " partly-comparable"
            svg += "<g class=\"dumbbell\(state)\" data-question=\"\(escape(item.question.id))\" data-option=\"\(escape(item.option))\" data-baseline-round=\"\(escape(row.baselineRound))\" data-latest-round=\"\(escape(row.latestRound))\" data-baseline=\"\(Publisher.oneDecimal(row.baseline.percent))\" data-latest=\"\(Publisher.oneDecimal(row.latest.percent))\" data-change=\"\(Publisher.oneDecimal(row.change))\" data-panel-change=\"\(Publisher.oneDecimal(row.panelChange))\" data-n-panel=\"\(row.panelBaseline.nResponding)\" data-comparable=\"\(row.comparable.rawValue)\" data-baseline-ci=\"\(Publisher.oneDecimal(before?.ciLow))–\(Publisher.oneDecimal(before?.ciHigh))\" data-latest-ci=\"\(Publisher.oneDecimal(after?.ciLow))–\(Publisher.oneDecimal(after?.ciHigh))\">"
            func x(_ percent: Double) -> Double { labelWidth + plot * percent / 100 }
            if let b = row.baseline.percent, let l = row.latest.percent {
                svg += "<line class=\"span\" x1=\"\(f(x(b)))\" y1=\"\(f(middle))\" x2=\"\(f(x(l)))\" y2=\"\(f(middle))\"/>"
            }
            for (share, statistic, end) in [(row.baseline, before, "base"), (row.latest, after, "last")] {
                guard let percent = share.percent else { continue }
                let offset = end == "base" ? -3.0 : 3.0
                if let low = statistic?.ciLow, let high = statistic?.ciHigh {
                    svg += "<path class=\"whisker \(end)\" d=\"M\(f(x(low))) \(f(middle + offset))H\(f(x(high)))\"/>"
                }
                svg += "<circle class=\"\(end)\" cx=\"\(f(x(percent)))\" cy=\"\(f(middle))\" r=\"4\"/>"
            }
            // The changes as figures only (signs and digits, left to right in every language):
            // the column headers above say which is which.
            let mark = row.comparable == .no ? t("not_comparable") : row.comparable == .partial ? t("partly_comparable") : ""
            let textTop = mark.isEmpty ? middle + 4 : middle - 3
            svg += "<text x=\"\(f(allX))\" y=\"\(f(textTop))\">\(signed(row.change))</text><text x=\"\(f(panelX))\" y=\"\(f(textTop))\">\(signed(row.panelChange)) (n=\(row.panelBaseline.nResponding))</text>"
            if !mark.isEmpty { svg += "<text class=\"mark\" x=\"\(f(allX))\" y=\"\(f(textTop + 14))\">\(escape(mark))</text>" }
            svg += "</g>"
            top += rowHeight
        }
        svg += "</svg>\n"
        let legend = "<ul class=\"stacked-legend\"><li><span class=\"dot base\"></span>\(escape(first.baselineRound))</li><li><span class=\"dot last\"></span>\(escape(first.latestRound))</li><li><span class=\"swatch dashed\"></span>\(escape(t("not_comparable")))</li></ul>"
        return "<figure class=\"dumbbell\">" + svg + legend + "<figcaption class=\"legend\">\(escape(fill(t("progress_caption"), ["baseline": first.baselineRound, "latest": first.latestRound])))</figcaption></figure>\n"
    }

    /// The stylesheet of these charts (in ``css``): colours by class, not repeated inline.
    static let groupChartCSS: String = {
        let groupColours = ["#1a1a1a", "#0b5394", "#38761d", "#b45f06", "#741b47", "#76a5af"]
        var css = "svg .grid{stroke:#ddd}svg .whisker{stroke:#222;fill:none}.gbar.low rect{fill-opacity:.45}"
        for (index, colour) in groupColours.enumerated() { css += ".g\(index) rect,.swatch.g\(index){fill:\(colour);background:\(colour)}" }
        for (index, colour) in palette.enumerated() { css += ".o\(index){fill:\(colour);background:\(colour)}" }
        css += ".ou{fill:#999;background:#999}.na{fill:#f4f4f4;background:#f4f4f4;border:1px solid #999}rect.na{stroke:#999;stroke-width:.5}"
        css += "table.lf-matrix td.lf-cell{padding:.2em;vertical-align:middle}table.lf-matrix th{font-weight:normal;font-size:.85em}table.lf-matrix svg{display:block}.figure-title{font-weight:bold;margin:.3em 0}"
        css += "svg .span{stroke:#0b5394;stroke-width:2}circle.base{fill:#fff;stroke:#0b5394;stroke-width:2}circle.last{fill:#0b5394}"
        css += ".not-comparable .span{stroke:#999;stroke-dasharray:4 3}.not-comparable circle.last{fill:#999}.not-comparable circle.base{stroke:#999}.not-comparable text,svg text.mark{fill:#777}svg text.head{font-weight:bold}"
        css += ".dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;border:2px solid #0b5394;margin-inline-end:.3em;vertical-align:middle}.dot.last{background:#0b5394}.swatch.dashed{border-top:2px dashed #999;height:0}"
        return css
    }()
}
