// The pieces of text the profile pages share: the language's strings, escaping, numbers that read
// right in Arabic, shares as the report prints them, and an answer as labels (never codes).
import Foundation
import SurveyModel

struct ProfileFormat {
    let language: Language

    func t(_ key: String) -> String { ProfileStrings.text(key, language) }

    /// `t(key)` with each `{name}` replaced.
    func t(_ key: String, _ values: [String: String]) -> String {
        t(key).filling(values)
    }

    func escape(_ text: String) -> String { XMLText.escape(text, apostrophe: true) }

    /// `t(key)` escaped for HTML.
    func h(_ key: String, _ values: [String: String] = [:]) -> String { escape(t(key, values)) }

    /// A run of digits isolated left to right in Arabic (U+2066 … U+2069), as the report does, so a
    /// range `53.4–72.6` or a location `file.xml:12` is not reordered; other languages unchanged.
    func ltr(_ text: String) -> String { language.isRightToLeft ? "\u{2066}\(text)\u{2069}" : text }

    /// The list separator: `; `, or the Arabic semicolon.
    var separator: String { language.isRightToLeft ? "؛ " : "; " }

    /// A number as written (at most four decimals), a true minus sign for negatives, isolated.
    func number(_ value: Double) -> String {
        let text = Publisher.decimal(value)
        return ltr(text.hasPrefix("-") ? "−" + text.dropFirst() : text)
    }

    /// A difference with its sign: `+5.9`, `−2.2`, `0` (isolated in Arabic so the sign stays in front).
    func signed(_ value: Double) -> String {
        let text = Publisher.decimal(abs(value))
        let sign = value > 0 ? "+" : value < 0 ? "−" : ""
        return ltr(sign + text)
    }

    /// A number with its unit: `45%`, `30 days`.
    func number(_ value: Double, unit: ProfileText?) -> String {
        let unitText = unit?.text(in: language) ?? ""
        if unitText.isEmpty { return number(value) }
        if unitText == "%" { return ltr(Publisher.decimal(value).replacingOccurrences(of: "-", with: "−") + "%") }
        return number(value) + " " + unitText
    }

    /// A share as the report's `shareText` prints it: the percent and its 95% interval (a dagger when
    /// of low reliability), then "n of N States answered" (n only for a group without a frame);
    /// "suppressed" in place of a suppressed percent. Plain text (escape it).
    func shareText(_ share: ProfileShare) -> String {
        var parts: [String] = []
        if let percent = share.percent {
            var text = ltr("\(Publisher.oneDecimal(percent))%")
            if let low = share.ciLow, let high = share.ciHigh {
                text += " (" + ltr("\(Publisher.oneDecimal(low))–\(Publisher.oneDecimal(high))") + ")"
            }
            if share.flag == ReliabilityFlag.lowReliability.rawValue { text += " †" }
            parts.append(text)
        } else {
            parts.append(t("suppressed"))
        }
        // As the report: n of N counts the group's States that answered (N minus those that did
        // not); a group without a frame shows the share's denominator only.
        if let frame = share.nInGroup, let missing = share.nNotResponding {
            parts.append(t("n_of_N", ["n": String(frame - missing), "N": String(frame)]))
        } else {
            parts.append("n=\(share.nResponding)")
        }
        // The one rule for "don't know" answers: a substantive share leaves them out of its n.
        if share.denominator == "substantive", share.nUnknown > 0 {
            parts.append(t("unknown_excluded", ["k": String(share.nUnknown)]))
        }
        return parts.joined(separator: separator)
    }

    /// A share's figures as `data-` attributes (empty values where absent).
    func shareAttributes(_ share: ProfileShare) -> String {
        "data-group=\"\(escape(share.group.code))\" data-percent=\"\(Publisher.oneDecimal(share.percent))\" data-ci-low=\"\(Publisher.oneDecimal(share.ciLow))\" data-ci-high=\"\(Publisher.oneDecimal(share.ciHigh))\" data-n=\"\(share.n)\" data-n-responding=\"\(share.nResponding)\" data-n-answered=\"\(share.nAnswered)\" data-n-not-responding=\"\(Publisher.count(share.nNotResponding))\" data-n-in-group=\"\(Publisher.count(share.nInGroup))\" data-flag=\"\(escape(share.flag))\""
    }

    /// An option's label in the page's language; the code only when the item does not list it.
    func optionLabel(_ code: String, in item: ProfileItem) -> String {
        let label = item.options.first { $0.code == code }?.label.text(in: language) ?? ""
        return label.isEmpty ? code : label
    }

    /// "Not answered", marked as such.
    var notAnswered: String { "<span class=\"not-answered\">\(h("not_answered"))</span>" }

    /// One stored answer as HTML: the chosen options' labels, a number with its unit, or the text.
    func answerValue(_ answer: ProfileAnswer, of item: ProfileItem) -> String {
        guard let corrected = answer.corrected else { return sentValue(answer, of: item) }
        // An analyst's correction (issue 26): the corrected value, marked, with the sender's.
        var sent = answer
        sent.corrected = nil
        let trail = "\(corrected.reason); \(corrected.source); \(corrected.analyst), \(corrected.date) (\(corrected.place))"
        return sentValue(sent, of: item)
            + " <span class=\"corrected\" data-original=\"\(escape(corrected.original))\" title=\"\(escape(trail))\">"
            + "\(h("corrected_from", ["original": corrected.original]))</span>"
    }

    /// One answer's value as sent (or as corrected, without the mark).
    func sentValue(_ answer: ProfileAnswer, of item: ProfileItem) -> String {
        if !answer.options.isEmpty {
            return answer.options.map { optionSpan($0, of: item) }.joined(separator: escape(separator))
        }
        if let value = answer.number { return "<span class=\"number\">\(escape(number(value, unit: item.unit)))</span>" }
        if let text = answer.text, !text.isEmpty { return "<span class=\"text\">\(escape(text))</span>" }
        return notAnswered
    }

    /// A question's answer: "Not answered" when it has none; with respondents, per option how many
    /// of the respondents chose it, then each respondent's answer.
    func answerHTML(_ item: ProfileItem) -> String {
        // A restricted answer (issue 26): withheld in the public edition, marked in the internal one.
        if item.restricted == true {
            let mark = "<span class=\"restricted\">\(h("restricted_answer"))</span>"
            guard item.isAnswered else { return mark }
            var shown = item
            shown.restricted = nil
            return answerHTML(shown) + " " + mark
        }
        guard item.isAnswered else { return notAnswered }
        let byRespondent = item.answers.contains { $0.respondent != nil }
        guard byRespondent || item.answers.count > 1 else { return answerValue(item.answers[0], of: item) }
        var html = ""
        if !item.shares.isEmpty {
            html += "<ul class=\"option-shares\">"
            for share in item.shares {
                html += "<li data-option=\"\(escape(share.option))\" data-n=\"\(share.n)\" data-of=\"\(share.of)\">\(escape(optionLabel(share.option, in: item))): \(h("k_of_m", ["k": String(share.n), "m": String(share.of)]))</li>"
            }
            html += "</ul>"
        }
        html += "<ul class=\"by-respondent\">"
        // A State's respondents choose among a few options: each option's span is made once
        // (the same text ``sentValue(_:of:)`` gives), not once per respondent.
        var spans: [(code: String, html: String)] = []
        let between = escape(separator)
        for answer in item.answers {
            let name = escape(answer.respondent ?? "")
            html += "<li data-respondent=\""
            html += name
            html += "\"><span class=\"respondent\">"
            html += name
            html += "</span>: "
            if answer.corrected == nil, !answer.options.isEmpty {
                for (position, code) in answer.options.enumerated() {
                    if position > 0 { html += between }
                    if let made = spans.first(where: { $0.code == code }) {
                        html += made.html
                    } else {
                        let span = optionSpan(code, of: item)
                        spans.append((code, span))
                        html += span
                    }
                }
            } else {
                html += answerValue(answer, of: item)
            }
            html += "</li>"
        }
        return html + "</ul>"
    }

    /// One chosen option as ``sentValue(_:of:)`` shows it.
    func optionSpan(_ code: String, of item: ProfileItem) -> String {
        "<span class=\"option\" data-option=\"\(escape(code))\">\(escape(optionLabel(code, in: item)))</span>"
    }

    /// The answer's figures as `data-` attributes: answered or not, the option codes, the number.
    func answerAttributes(_ item: ProfileItem) -> String {
        let options = item.answers.flatMap(\.options).joined(separator: " ")
        let numbers = item.answers.compactMap(\.number).map { Publisher.decimal($0) }.joined(separator: " ")
        return "data-question=\"\(escape(item.question))\" data-type=\"\(escape(item.type))\" data-answered=\"\(item.isAnswered)\" data-options=\"\(escape(options))\" data-number=\"\(escape(numbers))\""
    }

    func label(_ code: ProfileCode?) -> String {
        guard let code else { return "" }
        let text = code.label.text(in: language)
        return text.isEmpty ? code.code : text
    }
}
