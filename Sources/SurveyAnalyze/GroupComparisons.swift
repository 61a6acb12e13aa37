public import SurveyModel

// A list group compared with an answer-defined group (issue 17 part 7): a dated list (a treaty
// office's chart) beside what States answered (`ch3_instruments` ∋ `budapest`), State by State.

extension Analyzer {
    /// Every State of the population that is on the list or has an accepted submission, in every
    /// round (``AnswerMatrix/roundIDs`` order) and compared pair (declared order of the list
    /// groups with `compare_with:`), by ISO code, with its ``GroupComparisonStatus``.
    ///
    /// A State's answer is its accepted submission's answer to the answer group's question: it
    /// "answered" when it selected at least one option, and is a member when it selected one of the
    /// group's options (as ``groupMembers(data:round:)`` decides). Not answering is never "no": a
    /// listed State without an answer is `listed_not_answered` or `listed_no_submission`, never a
    /// disagreement. With a respondent key a State is a member when any of its respondents'
    /// answers makes it one, and answered when any respondent answered. States outside the
    /// population are not compared (a list's frame is the list ∩ the population, as its N is); a
    /// State neither listed nor with a submission has nothing to compare and has no row.
    public func groupComparisons(from data: AnswerMatrix) -> [GroupComparison] {
        let pairs = comparedPairs
        guard !pairs.isEmpty else { return [] }
        let frame = reference.countries.map(\.iso3).filter { population.contains($0) }.sorted()
        var rows: [GroupComparison] = []
        for (r, round) in data.roundIDs.enumerated() {
            var unitsOf: [String: [Int]] = [:]
            for (u, unit) in data.units(inRound: r).enumerated() {
                unitsOf[SurveyUnit.country(of: unit), default: []].append(u)
            }
            for (list, answer) in pairs {
                guard case .countries(let listed) = list.rule, case .answer(let question, let options) = answer.rule else {
                    continue
                }
                // Per value id of the question: answered (an option selected), and a member.
                let q = data.questionIndex(of: question)
                let column = q.map { data.column(question: $0, round: r) } ?? CellColumn([])
                let values = q.map { data.values(of: $0) } ?? []
                for country in frame {
                    let onList = listed.contains(country)
                    let units = unitsOf[country] ?? []
                    guard onList || !units.isEmpty else { continue }
                    let answers = units.compactMap { u -> AnswerMatrix.Value? in
                        guard !column.isEmpty else { return nil }
                        let value = values[Int(column[u])]
                        return value.options.isEmpty ? nil : value
                    }
                    let member = answers.contains { $0.options.contains(where: options.contains) }
                    let status: GroupComparisonStatus
                    switch (onList, units.isEmpty, answers.isEmpty, member) {
                    case (true, true, _, _): status = .listedNoSubmission
                    case (true, false, true, _): status = .listedNotAnswered
                    case (true, false, false, true): status = .agreeMember
                    case (true, false, false, false): status = .listedAnsweredNotMember
                    case (false, _, true, _): status = .notListedNotAnswered
                    case (false, _, false, true): status = .answeredMemberNotListed
                    case (false, _, false, false): status = .agreeNotMember
                    }
                    rows.append(
                        GroupComparison(round: round, listGroup: list.id, answerGroup: answer.id, country: country, status: status))
                }
            }
        }
        return rows
    }

    /// Per round and compared pair (in the order of ``groupComparisons(from:)``), the States by
    /// status, with the list's source and date. Every pair has its summary in every round, also
    /// when no State was compared.
    public func groupComparisonSummaries(_ rows: [GroupComparison], data: AnswerMatrix) -> [GroupComparisonSummary] {
        var counts: [String: [GroupComparisonStatus: Int]] = [:]
        for row in rows { counts["\(row.round)\u{1F}\(row.listGroup)", default: [:]][row.status, default: 0] += 1 }
        return data.roundIDs.flatMap { round in
            comparedPairs.map { list, answer in
                GroupComparisonSummary(
                    round: round, listGroup: list.id, answerGroup: answer.id, source: list.source, asOf: list.asOf,
                    counts: counts["\(round)\u{1F}\(list.id)"] ?? [:])
            }
        }
    }

    /// The list groups with `compare_with:` and the answer-defined group each names, in declared
    /// order (the definitions checked that the target exists and is answer-defined).
    var comparedPairs: [(list: CustomGroup, answer: CustomGroup)] {
        catalog.custom.compactMap { list in
            guard let target = list.compareWith, let answer = catalog.custom.first(where: { $0.id == target }) else { return nil }
            return (list, answer)
        }
    }
}
