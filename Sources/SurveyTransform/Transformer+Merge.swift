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
    public func transform(file raws: [RawSubmission], format: SourceFormat) -> [Submission] {
        let naIsNamibia = naMeansNamibia(raws)
        let submissions = format == .longCSV ? mergingSameCountry(raws, naIsNamibia: naIsNamibia) : raws
        return submissions.map { transform($0, naIsNamibia: naIsNamibia) }
    }

    /// Whether `NA` stands for Namibia in a file: it is Namibia's alpha-2 code, but R and pandas
    /// write `NA` for a blank. Only a file whose other country values (at least one, blanks
    /// aside) are all alpha-2 codes writes countries that way; names, alpha-3 or M49 codes, a mix,
    /// or no other value (a file of one submission) leave `NA` ambiguous. One pass over the
    /// country texts of the file, each a set lookup.
    public func naMeansNamibia(_ raws: [RawSubmission]) -> Bool {
        var others = 0
        for raw in raws {
            let text = (raw.country ?? withIdentityFields(raw).country)?.text.trimmingWhitespace() ?? ""
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
