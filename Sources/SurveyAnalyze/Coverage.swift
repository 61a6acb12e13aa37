public import SurveyModel

// Coverage of the frame: who responded, per group and chapter, and who did not (issue 17).

extension Analyzer {
    /// `responses.csv`: per round (in ``AnswerMatrix/roundIDs`` order), group (catalogue order) and
    /// chapter (questionnaire order), the States of the group with an accepted submission and
    /// those that answered at least one item of the chapter, beside the group's frame N.
    ///
    /// Members are those of ``groupMembers(data:round:)`` (so `outside` and the custom groups are
    /// counted as everywhere else); units are folded to their countries.
    public func responseRates(from data: AnswerMatrix) -> [ResponseRate] {
        var chapters: [Chapter] = []
        for question in questionnaire.questions where !chapters.contains(question.chapter) { chapters.append(question.chapter) }
        var rows: [ResponseRate] = []
        for (r, round) in data.roundIDs.enumerated() {
            let members = groupMembers(data: data, round: r)
            let unitCount = data.units(inRound: r).count
            // Per chapter, whether each unit answered at least one of its items.
            let answeredChapter: [Chapter: [Bool]] = Dictionary(
                uniqueKeysWithValues: chapters.map { chapter in
                    var answered = Array(repeating: false, count: unitCount)
                    for question in questionnaire(forRound: round).questions where question.chapter == chapter {
                        guard let q = data.questionIndex(of: question.id) else { continue }
                        let column = data.column(question: q, round: r)
                        let isAnswered = data.values(of: q).map(\.isAnswered)
                        for u in 0..<unitCount where !answered[u] {
                            let value = Int(column[u])
                            if value != 0 && isAnswered[value] { answered[u] = true }
                        }
                    }
                    return (chapter, answered)
                })
            var counter = CountryCounter(data: data, round: r)
            let frames = catalog.frameSizes(inRound: round)
            for (g, group) in catalog.groups.enumerated() {
                let submitted = counter.count(members[g])
                for chapter in chapters {
                    let answered = answeredChapter[chapter]!
                    rows.append(
                        ResponseRate(
                            round: round, group: group, chapter: chapter, nInGroup: frames[g],
                            nWithSubmission: submitted, nAnswering: counter.count(members[g]) { answered[$0] },
                            frameAsOf: frames[g] == nil ? nil : Population.year(of: round)))
                }
            }
        }
        return rows
    }

    /// `nonrespondents.csv`: per round (in ``AnswerMatrix/roundIDs`` order), the States of the
    /// population with no accepted submission for it, by region in the reference's order (the
    /// population's States without a region last), then ISO code.
    public func nonrespondents(from data: AnswerMatrix) -> [Nonrespondent] {
        let regionOrder = Dictionary(uniqueKeysWithValues: reference.regions.enumerated().map { ($1.code, $0) })
        let frame = reference.countries.filter { population.contains($0.iso3) }.sorted {
            let a = $0.region.flatMap { regionOrder[$0] } ?? Int.max
            let b = $1.region.flatMap { regionOrder[$0] } ?? Int.max
            return a != b ? a < b : $0.iso3 < $1.iso3
        }
        var rows: [Nonrespondent] = []
        for (r, round) in data.roundIDs.enumerated() {
            let responded = Set((0..<data.units(inRound: r).count).map { data.country(ofUnit: $0, inRound: r) })
            // The round's frame: a State that joined the population after the round is not missing from it.
            rows += frame.filter { !responded.contains($0.iso3) && population.contains($0.iso3, inRound: round) }
                .map { Nonrespondent(round: round, country: $0.iso3) }
        }
        return rows
    }
}

/// Counts the distinct countries of sets of units of one round, without hashing strings per unit:
/// each unit's country gets a dense index once per round, and a count marks a reused array with a
/// fresh stamp (with a respondent key a round has a unit per respondent).
struct CountryCounter {
    private let countryOfUnit: [Int]
    private var marks: [Int]
    private var stamp = 0

    init(data: AnswerMatrix, round r: Int) {
        var index: [String: Int] = [:]
        countryOfUnit = (0..<data.units(inRound: r).count).map { u in
            let country = data.country(ofUnit: u, inRound: r)
            if let known = index[country] { return known }
            index[country] = index.count
            return index.count - 1
        }
        marks = Array(repeating: 0, count: index.count)
    }

    /// The distinct countries of `units` for which `include` holds.
    mutating func count(_ units: [Int], where include: (Int) -> Bool = { _ in true }) -> Int {
        stamp += 1
        var distinct = 0
        for u in units where include(u) {
            let country = countryOfUnit[u]
            if marks[country] != stamp {
                marks[country] = stamp
                distinct += 1
            }
        }
        return distinct
    }
}
