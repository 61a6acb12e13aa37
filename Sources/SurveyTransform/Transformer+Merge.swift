public import SurveyModel

extension Transformer {
    /// Long-layout rows are grouped by the country as written, so rows that name one country in
    /// two ways ("FRA" and "France") arrive as two submissions. This merges the submissions of
    /// one file that resolve to the same country and round (and respondent, with a respondent
    /// key), keeping the first one's place, and numbers them again from 1 in file order.
    /// `naIsNamibia`: whether `NA` names Namibia in this file (``naMeansNamibia(_:)``); else its
    /// rows are grouped by the text, and rejected.
    public func mergingSameCountry(_ submissions: [RawSubmission], naIsNamibia: Bool = false) -> [RawSubmission] {
        var merged: [RawSubmission] = []
        var position: [String: Int] = [:]
        for submission in submissions {
            let countryText = submission.country?.text.trimmingWhitespace() ?? ""
            let country: String
            if !naIsNamibia && Self.isNA(countryText) {
                country = "?" + countryText
            } else if case .country(let iso3) = resolveCountry(countryText) {
                country = iso3
            } else {
                country = "?" + countryText
            }
            let roundText = roundKey(submission.round?.text)
            var key = country + "\u{1F}" + (roundText.isEmpty ? defaultRound : roundText)
            if let respondentField {  // with a respondent key, each respondent is its own submission
                let respondent = submission.answers.first { !fields.isQuestionID($0.field) && FieldMapper.names($0.field, respondentField) }
                key += "\u{1F}" + (respondent?.values.joined(separator: " ").trimmingWhitespace() ?? "")
            }
            if let index = position[key] {
                merged[index].answers += submission.answers
                merged[index].diagnostics += submission.diagnostics
            } else {
                position[key] = merged.count
                var first = submission
                first.ordinal = merged.count + 1
                merged.append(first)
            }
        }
        return merged
    }
}

extension Transformer {
    /// Checks every raw submission one file gave, in file order. The long CSV layout gives one
    /// raw submission per row: rows of the same country, round and respondent are merged into
    /// one submission first (``mergingSameCountry(_:)``).
    ///
    /// A country written `NA` is Namibia only when the file's other countries are alpha-2 codes
    /// (``naMeansNamibia(_:)``); elsewhere it is `country-ambiguous-na`.
    public func transform(file raws: consuming [RawSubmission], format: SourceFormat) -> [Submission] {
        let naIsNamibia = naMeansNamibia(raws)
        var submissions = format == .longCSV ? mergingSameCountry(raws, naIsNamibia: naIsNamibia) : consume raws
        if format == .wideCSV || format == .koboCSV || format == .odkCentralCSV || format == .xlsxWide || format == .xlsxTransposed {
            droppingRepeatColumns(&submissions) }
        // Each submission is taken out of the array before it is checked, so that its answers are
        // held once and checked in place (the array's copy would make every answer a copy).
        var checked: [Submission] = []
        checked.reserveCapacity(submissions.count)
        for index in submissions.indices {
            let raw = submissions[index]
            submissions[index].answers = []
            checked.append(transform(consume raw, naIsNamibia: naIsNamibia))
        }
        return checked
    }

    /// A wide layout cannot carry repeats (one cell per column, a repeat any number of times): a
    /// column whose name is a path into one of the questionnaire's repeats (`laws-title`,
    /// `laws/title`, `laws[1]/title`) is not read, and reported once per file, not once per row
    /// (`answer-in-repeat`, on the first submission that fills it, with the number of cells).
    /// Its cells are not counted as answers seen, like any column that is not read.
    func droppingRepeatColumns(_ raws: inout [RawSubmission]) {
        guard !questionnaire.repeats.isEmpty else { return }
        let repeatIDs = Set(questionnaire.repeats.map { $0.id.lowercased() })
        var verdicts: [String: Bool] = [:]
        func isRepeatPath(_ field: String) -> Bool {
            if let known = verdicts[field] { return known }
            let segments = FieldMapper.segments(field).map { segment -> String in
                let name = segment.firstIndex(of: "[").map { segment[..<$0] } ?? Substring(segment)
                return String(name).trimmingWhitespace().lowercased()
            }
            var verdict = false
            if segments.count >= 2, segments.dropLast().contains(where: repeatIDs.contains), case .unknown = fields.map(field) {
                verdict = true
            }
            verdicts[field] = verdict
            return verdict
        }
        var cells: [String: (count: Int, submission: Int, location: SourceLocation)] = [:]
        var order: [String] = []
        // Fields looked at by index: a closure over each answer copied it.
        func hasRepeatColumn(_ answers: [RawAnswer]) -> Bool {
            for index in answers.indices where answers[index].groups.isEmpty && isRepeatPath(answers[index].field) { return true }
            return false
        }
        for index in raws.indices where hasRepeatColumn(raws[index].answers) {
            // Matched cells count the raw answers before them (`MatchedCell.order`): raw answers
            // again before any is removed.
            raws[index].unmatch()
            raws[index].answers.removeAll { answer in
                guard answer.groups.isEmpty, isRepeatPath(answer.field) else { return false }
                if answer.isEmpty { return true }
                if cells[answer.field] == nil {
                    order.append(answer.field)
                    cells[answer.field] = (0, index, answer.location)
                }
                cells[answer.field]?.count += 1
                return true
            }
        }
        for field in order {
            guard let column = cells[field] else { continue }
            raws[column.submission].diagnostics.append(
                Diagnostic(
                    .answerInRepeat, at: column.location, questionID: field,
                    expected: "no repeat in a wide layout: send repeats as native XML, XForm instances, the long layout with repeat_index or ODK Central's .csv.zip",
                    found: "column \(field): \(column.count) \(column.count == 1 ? "cell" : "cells") in this file, not read"))
        }
    }

    /// Whether `NA` stands for Namibia in a file: it is Namibia's alpha-2 code, but R and pandas
    /// write `NA` for a blank. Only a file whose other country values (at least one, blanks
    /// aside) are all alpha-2 codes writes countries that way; names, alpha-3 or M49 codes, a mix,
    /// or no other value (a file of one submission) leave `NA` ambiguous. One pass over the
    /// country texts of the file, each a set lookup.
    public func naMeansNamibia(_ raws: [RawSubmission]) -> Bool {
        var others = 0
        for raw in raws {
            let text = writtenIdentity(raw, .country)?.text.trimmingWhitespace() ?? ""
            if text.isEmpty || Self.isNA(text) { continue }
            guard countries.isAlpha2Code(text) else { return false }
            others += 1
        }
        return others > 0
    }

    /// `NA` in any case, trimmed.
    static func isNA(_ text: String) -> Bool {
        text.utf8.count == 2 && text.uppercased() == "NA"
    }
}
