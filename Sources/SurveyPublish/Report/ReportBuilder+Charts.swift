// Charts that show the whole answer (issue 27 item 2): a single-choice or legal-form question as
// 100% stacked bars by group (every option, "unknown" options, and the States that did not answer,
// out of the group's N States), and a numeric question as its quartiles by group with n. Each
// chart has a caption saying what it counts and its data as a collapsed table.

import Foundation
public import SurveyModel

extension ReportBuilder {
    /// The colours of the options in order (blues and greens, then the rest); "unknown" options
    /// are grey, "not answered" white with a grey outline.
    static let palette = ReportPalette.colours

    /// The stacked segments' fills, one class per colour of ``palette`` (`sg0`…), for the page's
    /// stylesheet.
    static var segmentCSS: String {
        palette.enumerated().map { "rect.sg\($0.offset){fill:\($0.element)}" }.joined()
    }

    /// A label cut into lines of at most `width` characters at spaces (never an ellipsis). A
    /// Chinese or Japanese character counts as two (it is about twice as wide) and a line may
    /// break between two of them, as such text has no spaces.
    static func lines(_ label: String, width: Int) -> [String] {
        func wide(_ character: Character) -> Bool {
            guard let value = character.unicodeScalars.first?.value else { return false }
            return (0x2E80...0x9FFF).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFF00...0xFFEF).contains(value)
        }
        // The pieces a line may break between: words, and each wide character on its own;
        // `spaced`: a space before it in the label.
        var pieces: [(text: String, width: Int, spaced: Bool)] = []
        for word in label.split(separator: " ") {
            var spaced = true
            var run = ""
            for character in word {
                guard wide(character) else { run.append(character); continue }
                // Closing punctuation stays on the line of the character before it.
                if "）」』、。，：；".contains(character), !(spaced && run.isEmpty) {
                    if !run.isEmpty { pieces.append((run, run.count, spaced)); spaced = false; run = "" }
                    pieces[pieces.count - 1].text.append(character)
                    pieces[pieces.count - 1].width += 2
                    continue
                }
                if !run.isEmpty { pieces.append((run, run.count, spaced)); spaced = false; run = "" }
                pieces.append((String(character), 2, spaced))
                spaced = false
            }
            if !run.isEmpty { pieces.append((run, run.count, spaced)) }
        }
        var lines: [String] = []
        var current = ""
        var used = 0
        for piece in pieces {
            let gap = piece.spaced && !current.isEmpty ? 1 : 0
            if !current.isEmpty && used + gap + piece.width > width {
                lines.append(current)
                current = piece.text
                used = piece.width
            } else {
                current += (gap == 1 ? " " : "") + piece.text
                used += gap + piece.width
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    /// `text` as an SVG text element of one or more lines ending at `x`, vertically centred on `y`.
    func wrappedText(_ text: String, x: Double, y: Double, width: Int = 34, anchor: String = "end") -> String {
        let parts = Self.lines(text, width: width)
        let top = y - Double(parts.count - 1) * 7
        var svg = "<text x=\"\(f(x))\" y=\"\(f(top))\" text-anchor=\"\(anchor)\">"
        for (index, part) in parts.enumerated() {
            svg += "<tspan x=\"\(f(x))\" dy=\"\(index == 0 ? "0" : "14")\">\(escape(part))</tspan>"
        }
        return svg + "</text>"
    }

    /// The whole answer to a single-choice or legal-form question by group (world and regions):
    /// one 100% bar per group over its N States, a segment per option (the derived `any_form` is
    /// not an option), then "not answered". A group without a frame is left out.
    func stackedChart(_ question: Question, round: String, index: [String: ShareStatistic]) -> String {
        let options = question.choices
        let groups = ["001"] + input.reference.regions.map(\.code)
        var bars: [(code: String, counts: [Int], answered: Int, size: Int)] = []
        for code in groups {
            let key = code == "001" ? "world|001" : "region|\(code)"
            let rows = options.map { index["\(question.id)|\($0.code)|\(key)"] }
            guard let first = rows.compactMap({ $0 }).first, let size = first.nInGroup, size > 0 else { continue }
            bars.append((code, rows.map { $0?.nOption ?? 0 }, first.nAnswered, size))
        }
        guard !bars.isEmpty else { return "" }
        let labelWidth = 150.0, plot = 520.0, rowHeight = 24.0
        let height = rowHeight * Double(bars.count) + 22
        let title = fill(t("stacked_title"), ["question": question.label.text(in: language)])
        var svg = svgOpen("stacked", width: labelWidth + plot + 24, height: height, title: title, desc: t("stacked_desc"), attributes: "data-plot=\"\(Int(plot))\" ")
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + plot * Double(tick) / 100
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"0\" x2=\"\(f(x))\" y2=\"\(f(height - 18))\"/><text x=\"\(f(x))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">\(tick)%</text>"
        }
        for (position, bar) in bars.enumerated() {
            let y = rowHeight * Double(position) + 3
            svg += wrappedText(regionName(bar.code), x: labelWidth - 6, y: y + 13, width: chars(labelWidth - 6))
            svg += "<g class=\"stacked-bar\" data-round=\"\(escape(round))\" data-question=\"\(escape(question.id))\" data-group=\"\(bar.code == "001" ? "world" : "region"):\(escape(bar.code))\" data-n-in-group=\"\(bar.size)\" data-answered=\"\(bar.answered)\">"
            var x = labelWidth
            var colour = 0
            // One tooltip per bar (the group's counts, option by option, of its N), not one per
            // segment: the same figures at a fraction of the page's weight (the data table has them too).
            var tooltip: [String] = []
            func segment(_ option: String, _ count: Int, fill: String, label: String) {
                let width = plot * Double(count) / Double(bar.size)
                svg += "<rect class=\"segment \(fill)\" data-option=\"\(escape(option))\" data-count=\"\(count)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"18\"/>"
                tooltip.append("\(label) \(count)")
                x += width
            }
            for (option, count) in zip(options, bar.counts) {
                // The fill as a class of the page's stylesheet (``segmentCSS``).
                let fill = option.isDontKnow ? "sgu" : "sg\(colour % Self.palette.count)"
                if !option.isDontKnow { colour += 1 }
                segment(option.code, count, fill: fill, label: option.label.text(in: language))
            }
            segment("not_answered", max(0, bar.size - bar.answered), fill: "sgn", label: t("not_answered"))
            svg += "<title>\(escape("\(regionName(bar.code)) (N \(bar.size)): " + tooltip.joined(separator: " · ")))</title></g>"
        }
        svg += "</svg>\n"
        // The legend in HTML, so that long labels wrap.
        var legend = "<ul class=\"stacked-legend\">"
        var colour = 0
        for option in options {
            let fill = option.isDontKnow ? "#999999" : Self.palette[colour % Self.palette.count]
            if !option.isDontKnow { colour += 1 }
            legend += "<li><span class=\"swatch\" style=\"background:\(fill)\"></span>\(escape(option.label.text(in: language)))</li>"
        }
        legend += "<li><span class=\"swatch\" style=\"background:#f4f4f4;border:1px solid #999\"></span>\(escape(t("not_answered")))</li></ul>"
        // The chart's data, collapsed.
        var table = "<details class=\"chart-data\"><summary>\(escape(t("chart_data")))</summary><table><tr><th>\(escape(t("region")))</th>"
        for option in options { table += "<th>\(escape(option.label.text(in: language)))</th>" }
        table += "<th>\(escape(t("not_answered")))</th><th>N</th></tr>"
        for bar in bars {
            table += "<tr><th>\(escape(regionName(bar.code)))</th>"
            for count in bar.counts { table += "<td class=\"num\">\(count)</td>" }
            table += "<td class=\"num\">\(max(0, bar.size - bar.answered))</td><td class=\"num\">\(bar.size)</td></tr>"
        }
        table += "</table></details>"
        return "<figure class=\"stacked\">" + svg + legend + "<figcaption class=\"legend\">\(escape(t("stacked_caption")))</figcaption>" + table + "</figure>\n"
    }

    /// A numeric question's distribution by group (world and regions) in the latest round: the
    /// quartiles as a box with the median, and n; a group with too few answers (suppressed) is
    /// listed without a box.
    func numericChart(_ question: Question, round: String) -> String {
        let groups = ["001"] + input.reference.regions.map(\.code)
        let rows: [(code: String, row: NumericStatistic)] = groups.compactMap { code in
            let group = code == "001" ? CountryGroup.world : CountryGroup(type: .region, code: code)
            return input.numeric.first { $0.round == round && $0.questionID == question.id && $0.group == group }.map { (code, $0) }
        }
        guard !rows.isEmpty else { return "" }
        let values = rows.flatMap { [$0.row.p25, $0.row.p75, $0.row.median].compactMap { $0 } }
        let top = max(1, values.max() ?? 1)
        let scale = top <= 100 && question.type == .percent ? 100 : Self.niceCeiling(top)
        let labelWidth = 150.0, plot = 420.0, rowHeight = 24.0
        let height = rowHeight * Double(rows.count) + 22
        let title = fill(t("numeric_title"), ["question": question.label.text(in: language)])
        var svg = svgOpen("numeric", width: labelWidth + plot + 340, height: height, title: title, desc: t("numeric_desc"))
        for step in 0...4 {
            let value = scale * Double(step) / 4
            let x = labelWidth + plot * Double(step) / 4
            svg += "<line class=\"grid\" x1=\"\(f(x))\" y1=\"0\" x2=\"\(f(x))\" y2=\"\(f(height - 18))\"/><text x=\"\(f(x))\" y=\"\(f(height - 4))\" text-anchor=\"middle\">\(escape(AnswerLayout.numberText(value)))</text>"
        }
        for (position, entry) in rows.enumerated() {
            let y = rowHeight * Double(position) + 3
            let row = entry.row
            svg += wrappedText(regionName(entry.code), x: labelWidth - 6, y: y + 13, width: chars(labelWidth - 6))
            svg += "<g class=\"distribution\" data-round=\"\(escape(round))\" data-question=\"\(escape(question.id))\" data-group=\"\(entry.code == "001" ? "world" : "region"):\(escape(entry.code))\" data-n=\"\(row.n)\" data-median=\"\(Self.numberText(row.median))\" data-p25=\"\(Self.numberText(row.p25))\" data-p75=\"\(Self.numberText(row.p75))\">"
            if let p25 = row.p25, let p75 = row.p75, let median = row.median {
                let x1 = labelWidth + plot * min(1, p25 / scale), x2 = labelWidth + plot * min(1, p75 / scale)
                let xm = labelWidth + plot * min(1, median / scale)
                svg += "<rect x=\"\(f(x1))\" y=\"\(f(y + 1))\" width=\"\(f(max(1, x2 - x1)))\" height=\"16\" fill=\"#9fc5e8\" stroke=\"#0b5394\"/><line x1=\"\(f(xm))\" y1=\"\(f(y - 1))\" x2=\"\(f(xm))\" y2=\"\(f(y + 19))\" stroke=\"#0b5394\" stroke-width=\"3\"/>"
                svg += "<text x=\"\(f(labelWidth + plot + 6))\" y=\"\(f(y + 13))\">\(escape(fill(t("numeric_values"), ["median": AnswerLayout.numberText(median), "p25": AnswerLayout.numberText(p25), "p75": AnswerLayout.numberText(p75), "n": "\(row.n)"])))</text>"
            } else {
                svg += "<text x=\"\(f(labelWidth + 4))\" y=\"\(f(y + 13))\">\(escape(t("suppressed"))) (n=\(row.n))</text>"
            }
            svg += "</g>"
        }
        // The chart's data, collapsed: each group's n of N and quartiles.
        var table = "<details class=\"chart-data\"><summary>\(escape(t("chart_data")))</summary><table><tr><th>\(escape(t("region")))</th><th>n / N</th><th>\(escape(t("first_quartile")))</th><th>\(escape(t("median")))</th><th>\(escape(t("third_quartile")))</th></tr>"
        for entry in rows {
            let row = entry.row
            table += "<tr><th>\(escape(regionName(entry.code)))</th><td class=\"num\">\(row.n) / \(Publisher.count(row.nInGroup))</td>"
            for value in [row.p25, row.median, row.p75] { table += "<td class=\"num\">\(value.map { AnswerLayout.numberText($0) } ?? escape(t("suppressed")))</td>" }
            table += "</tr>"
        }
        table += "</table></details>"
        return "<figure class=\"numeric\">" + svg + "</svg><figcaption class=\"legend\">\(escape(t("numeric_caption"))) \(escape(t("numeric_caption_n")))</figcaption>" + table + "</figure>\n"
    }

    static func numberText(_ value: Double?) -> String { value.map { AnswerLayout.numberText($0) } ?? "" }

    /// 1, 2, 2.5 or 5 times a power of ten at or above `value`: a round end for an axis.
    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 2.5, 5.0, 10.0] where step * power >= value { return step * power }
        return 10 * power
    }
}
