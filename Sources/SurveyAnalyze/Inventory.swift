public import SurveyModel

/// The legislation inventory's tables (docs/legislation.md) from the repeat records
/// (``RepeatRecord``): `legislation.csv`, `practices.csv`, `legislation_by_act.csv`.
public enum Inventory {
    /// The repeat groups the tables read.
    public static let lawsGroup = ["laws"]
    public static let practicesGroup = ["practices"]

    /// The law statuses under which a law counts as a cyber-specific law (with a law type other
    /// than ``draftType``): in force, or adopted and not yet in force.
    public static let enactedStatuses: Set<String> = ["in_force", "adopted"]
    public static let draftType = "draft_bill"
    /// The answer to a chapter-4 act (or a chapter-5 power's legal basis) that says the country
    /// criminalizes it (or provides it) in a cyber-specific provision.
    public static let cyberSpecificAnswer = "cyber_specific"

    /// Sorts records by round (the declared order of `rounds`, then any other round in byte
    /// order), country, respondent and position.
    static func ordered(_ records: [RepeatRecord], rounds: [String]) -> [RepeatRecord] {
        let position = Dictionary(rounds.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return records.sorted { a, b in
            let pa = position[a.round] ?? rounds.count, pb = position[b.round] ?? rounds.count
            if pa != pb { return pa < pb }
            if a.round != b.round { return a.round.utf8.lexicographicallyPrecedes(b.round.utf8) }
            if a.country != b.country { return a.country.utf8.lexicographicallyPrecedes(b.country.utf8) }
            if a.respondent != b.respondent {
                guard let ra = a.respondent else { return true }
                guard let rb = b.respondent else { return false }
                return ra.utf8.lexicographicallyPrecedes(rb.utf8)
            }
            return a.path < b.path
        }
    }

    /// The codes of a multiple-choice field in the order of its choice list (codes the list
    /// lacks, never stored by a checked run, follow in stored order).
    public static func inQuestionnaireOrder(_ codes: [String], _ question: Question?) -> [String] {
        guard let question, !question.choices.isEmpty, codes.count > 1 else { return codes }
        // A code's place: its first choice's position; an unknown code after every choice, in
        // the order given. (Called for every answer of every profile: no dictionary per call.)
        var keyed: [(place: Int, code: String)] = []
        keyed.reserveCapacity(codes.count)
        for code in codes where !keyed.contains(where: { $0.code == code }) {
            var place = question.choices.count + keyed.count
            for index in question.choices.indices where question.choices[index].code == code {
                place = index
                break
            }
            keyed.append((place, code))
        }
        keyed.sort { $0.place < $1.place }
        return keyed.map(\.code)
    }

    /// The source of a record's first answered field, in the repeat's questionnaire order (then
    /// any other field by id).
    static func firstSource(_ record: RepeatRecord, _ group: RepeatGroup?) -> String {
        for question in group?.questions ?? [] {
            if let source = record.sources[question.id] { return source }
        }
        return record.sources.keys.sorted().first.flatMap { record.sources[$0] } ?? ""
    }

    /// The repeat group a round's records follow: the round's questionnaire's, else the latest's.
    static func group(
        _ path: [String], round: String, questionnaire: (String) -> Questionnaire, latest: Questionnaire
    ) -> RepeatGroup? {
        questionnaire(round).repeatGroup(path: path) ?? latest.repeatGroup(path: path)
    }

    /// `legislation.csv`: one row per law of every accepted submission.
    public static func legislation(
        _ records: [RepeatRecord], rounds: [String], questionnaire: (String) -> Questionnaire, latest: Questionnaire
    ) -> [LegislationRow] {
        ordered(records, rounds: rounds).map { record in
            let group = group(lawsGroup, round: record.round, questionnaire: questionnaire, latest: latest)
            var row = LegislationRow(round: record.round, country: record.country, respondent: record.respondent, lawIndex: record.index)
            row.title = record.text("title") ?? ""
            row.titleEnglish = record.text("title_en") ?? ""
            row.type = record.text("type") ?? ""
            row.status = record.text("status") ?? ""
            row.yearAdopted = record.text("year_adopted") ?? ""
            row.yearAmended = record.text("year_amended") ?? ""
            row.citation = record.text("citation") ?? ""
            row.url = record.text("url") ?? ""
            row.acts = inQuestionnaireOrder(record.codes("acts"), group?.question(id: "acts")).joined(separator: ";")
            row.powers = inQuestionnaireOrder(record.codes("powers"), group?.question(id: "powers")).joined(separator: ";")
            row.expectedYear = record.text("expected_year") ?? ""
            row.source = firstSource(record, group)
            return row
        }
    }

    /// `practices.csv`: one row per good practice or challenge of every accepted submission.
    public static func practices(
        _ records: [RepeatRecord], rounds: [String], questionnaire: (String) -> Questionnaire, latest: Questionnaire
    ) -> [PracticeRow] {
        ordered(records, rounds: rounds).map { record in
            let group = group(practicesGroup, round: record.round, questionnaire: questionnaire, latest: latest)
            var row = PracticeRow(
                round: record.round, country: record.country, respondent: record.respondent, practiceIndex: record.index)
            row.kind = record.text("kind") ?? ""
            row.chapter = record.text("chapter") ?? ""
            row.title = record.text("title") ?? ""
            row.description = record.text("description") ?? ""
            row.institution = record.text("institution") ?? ""
            row.year = record.text("year") ?? ""
            row.link = record.text("link") ?? ""
            row.source = firstSource(record, group)
            return row
        }
    }

    /// Whether a law counts toward `cyber_specific_law`: an enacted status and not a draft bill.
    public static func isEnacted(_ law: RepeatRecord) -> Bool {
        guard let status = law.text("status"), enactedStatuses.contains(status) else { return false }
        return law.text("type") != draftType
    }

    /// The question whose answer says an act is criminalized (its chapter-4 question, whose id is
    /// the act's code) or a power is provided (the chapter-5 question with that `power:` and
    /// `aspect: legal_basis`) in a cyber-specific provision; nil when the questionnaire has none.
    public static func formQuestion(kind: LegislationByActRow.Kind, code: String, in questionnaire: Questionnaire) -> String? {
        switch kind {
        case .act: return questionnaire.questions.contains { $0.id == code } ? code : nil
        case .power:
            return questionnaire.questions.first { $0.attributes["power"] == code && $0.attributes["aspect"] == "legal_basis" }?.id
        }
    }

    /// `legislation_by_act.csv`: per round, unit, act or power, the listed laws covering it.
    /// `answer(unit, questionID, round)` gives the unit's stored option codes for an ordinary
    /// question (the chapter-4 act, the chapter-5 legal basis).
    public static func byAct(
        _ records: [RepeatRecord], rounds: [String], questionnaire: (String) -> Questionnaire, latest: Questionnaire,
        language: Language, answer: (_ unit: String, _ questionID: String, _ round: String) -> [String]
    ) -> [LegislationByActRow] {
        var rows: [LegislationByActRow] = []
        // Records are ordered by round, unit, index: a unit's laws come together.
        let laws = ordered(records, rounds: rounds)
        var start = 0
        while start < laws.count {
            var end = start
            while end < laws.count, laws[end].round == laws[start].round, laws[end].unit == laws[start].unit { end += 1 }
            let unitLaws = laws[start..<end]
            let first = laws[start]
            let roundQuestionnaire = questionnaire(first.round)
            let group = group(lawsGroup, round: first.round, questionnaire: questionnaire, latest: latest)
            for (kind, field) in [(LegislationByActRow.Kind.act, "acts"), (.power, "powers")] {
                let question = group?.question(id: field)
                let codes = inQuestionnaireOrder(unitLaws.flatMap { $0.codes(field) }, question)
                for code in codes {
                    let covering = unitLaws.filter { $0.codes(field).contains(code) }
                    let formAnswer = formQuestion(kind: kind, code: code, in: roundQuestionnaire).map {
                        answer(first.unit, $0, first.round)
                    } ?? []
                    rows.append(
                        LegislationByActRow(
                            round: first.round, country: first.country, respondent: first.respondent, kind: kind, code: code,
                            label: question?.choice(code: code)?.label.text(in: language) ?? code,
                            laws: covering.map(\.index),
                            lawTitles: covering.map { law in
                                if let english = law.text("title_en"), !english.isEmpty { return english }
                                return law.text("title") ?? ""
                            },
                            statuses: covering.map { $0.text("status") ?? "" },
                            cyberSpecificLaw: formAnswer.contains(cyberSpecificAnswer) && covering.contains(where: isEnacted)))
                }
            }
            start = end
        }
        return rows
    }
}
