public import SurveyModel

/// One occurrence of a repeat group in one accepted submission: a law of the inventory, a good
/// practice. Built from the stored repeat answer rows (``RepeatAnswerRow``), one per path.
public struct RepeatRecord: Sendable, Equatable {
    public var round: String
    public var country: String
    public var respondent: String?
    public var submissionID: String
    /// `laws[2]`: the record's repeat and its position (the law index).
    public var path: RepeatPath
    /// Question id (local to the repeat) → the option codes selected (in stored order), or the
    /// one number or text as stored. A question left blank has no entry: "not answered" is never
    /// a value.
    public var values: [String: [String]]
    /// Question id → where its value was written, `file:line`.
    public var sources: [String: String]

    public init(
        round: String, country: String, respondent: String?, submissionID: String, path: RepeatPath,
        values: [String: [String]] = [:], sources: [String: String] = [:]
    ) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.submissionID = submissionID
        self.path = path
        self.values = values
        self.sources = sources
    }

    /// The position of the innermost repeat (`laws[2]` → 2).
    public var index: Int { path.steps.last?.index ?? 0 }

    /// A text or single code answer (the first value), nil when not answered.
    public func text(_ questionID: String) -> String? { values[questionID]?.first }
    /// The codes of a choice answer (empty when not answered).
    public func codes(_ questionID: String) -> [String] { values[questionID] ?? [] }
    /// A year or other whole number, nil when not answered.
    public func integer(_ questionID: String) -> Int? { text(questionID).flatMap { Double($0) }.map { Int($0) } }

    /// The statistics' unit: the country, or the country's respondent.
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

extension RepeatRecord {
    /// The records of one repeat group (`["laws"]`; nested: `["laws", "amendments"]`), from rows
    /// in the store's order (round, country, respondent, path). A number is written as an integer
    /// when it is one (`2019`, not `2019.0`). Records come out in the rows' order.
    public static func records(from rows: [RepeatAnswerRow], group: [String]) -> [RepeatRecord] {
        var records: [RepeatRecord] = []
        var position: [String: Int] = [:]
        for row in rows where row.path.groupPath == group {
            let key = "\(row.round)\u{1}\(row.country)\u{1}\(row.respondent ?? "")\u{1}\(row.path)"
            let at: Int
            if let known = position[key] {
                at = known
            } else {
                at = records.count
                position[key] = at
                records.append(
                    RepeatRecord(round: row.round, country: row.country, respondent: row.respondent, submissionID: row.submissionID, path: row.path))
            }
            let value: String?
            if let option = row.option {
                value = option
            } else if let number = row.number {
                value = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            } else {
                value = row.text
            }
            guard let value else { continue }
            records[at].values[row.questionID, default: []].append(value)
            if records[at].sources[row.questionID] == nil { records[at].sources[row.questionID] = row.source }
        }
        return records
    }
}
