public import SurveyModel

extension Transformer {
    /// Long-layout rows are grouped by the country as written, so rows that name one country in
    /// two ways ("FRA" and "France") arrive as two submissions. This merges the submissions of
    /// one file that resolve to the same country and round (and respondent, with a respondent
    /// key), keeping the first one's place, and numbers them again from 1 in file order.
    public func mergingSameCountry(_ submissions: [RawSubmission]) -> [RawSubmission] {
        var merged: [RawSubmission] = []
        var position: [String: Int] = [:]
        for submission in submissions {
            let countryText = submission.country?.text.trimmingWhitespace() ?? ""
            let country: String
            if case .country(let iso3) = resolveCountry(countryText) { country = iso3 } else { country = "?" + countryText }
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
    public func transform(file raws: [RawSubmission], format: SourceFormat) -> [Submission] {
        let submissions = format == .longCSV ? mergingSameCountry(raws) : raws
        return submissions.map(transform)
    }
}
