// Revision resolution groups the accepted candidates by country, round and respondent (none and
// an empty one alike) and decides each group on its own, the groups in the order of their first
// member. Checked on generated batches: the decisions over the whole batch are those over each
// group alone, concatenated in that order, with the indexes mapped back.
import SurveyModel
import Testing

@testable import SurveyTransform

@Suite struct RevisionGroupingTests {
    static func batch(seed: UInt64) -> [RevisionCandidate] {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        var candidates: [RevisionCandidate] = []
        let items = CandidateItems()
        for index in 0..<Int(20 + random.next() % 60) {
            // The first two always one group to decide; the rest as they fall.
            let forced = index < 2
            let file = pick(["a.csv", "b.xml", "c.csv", "d.xml", "e-corrige.csv"])
            let answered = ["q1", "q2", "q3", "q4"].filter { _ in random.next() % 3 != 0 }
            var submission = Submission(
                id: "\(file)#\(index + 1)", location: SourceLocation(file: file, line: index + 2), format: .wideCSV,
                country: forced ? "FRA" : pick(["FRA", "DEU", "ITA", nil]), countryGiven: "x", round: forced ? "2026" : pick(["2026", "2027"]),
                status: forced ? .accepted : pick([.accepted, .accepted, .accepted, .rejected, .excluded]),
                answers: answered.map { Answer(questionID: $0, value: .choice("yes"), location: SourceLocation(file: file)) },
                answersSeen: answered.count, diagnostics: [])
            submission.respondent = forced ? nil : pick([nil, "", "r1", "r2"])
            submission.metadata = SubmissionMetadata(
                instanceID: pick([nil, "uuid:1", "uuid:2", "uuid:3"]), deprecatedID: pick([nil, nil, "uuid:1", "uuid:2"]),
                submittedAt: pick([nil, "2026-03-01T10:00:00Z", "2026-03-05T10:00:00Z"]))
            candidates.append(
                RevisionCandidate(
                    submission, arrival: pick([nil, 1, 2]), manifestRank: pick([nil, nil, 0, 1]),
                    complementRank: pick([nil, nil, nil, 0, 1]), items: items))
        }
        return candidates
    }

    static func text(_ decisions: RevisionDecisions, mapped map: (Int) -> Int = { $0 }) -> [String] {
        decisions.supersessions.map { "superseded \(map($0.loser)) by \(map($0.winner)): \($0.diagnostic)" }
            + decisions.merges.map { "merged \(map($0.complement)) onto \(map($0.base)): \($0.diagnostic)" }
            + decisions.warnings.map { "warning \($0)" }
    }

    @Test(arguments: Array(UInt64(1)...UInt64(60)))
    func eachGroupIsDecidedAsIfAlone(seed: UInt64) {
        let candidates = Self.batch(seed: seed)
        var groups: [[Int]] = []
        var groupOf: [String: Int] = [:]
        for index in candidates.indices where candidates[index].status == .accepted {
            guard let country = candidates[index].country else { continue }
            let key = [country, candidates[index].round, candidates[index].respondent ?? ""].joined(separator: "|")
            if let group = groupOf[key] { groups[group].append(index) } else {
                groupOf[key] = groups.count
                groups.append([index])
            }
        }
        var supersessions: [String] = []
        var merges: [String] = []
        var warnings: [String] = []
        for group in groups {
            let alone = Transformer.revisionDecisions(group.map { candidates[$0] })
            supersessions += alone.supersessions.map { "superseded \(group[$0.loser]) by \(group[$0.winner]): \($0.diagnostic)" }
            merges += alone.merges.map { "merged \(group[$0.complement]) onto \(group[$0.base]): \($0.diagnostic)" }
            warnings += alone.warnings.map { "warning \($0)" }
        }
        let whole = Self.text(Transformer.revisionDecisions(candidates))
        #expect(whole == supersessions + merges + warnings)
        #expect(groups.contains { $0.count > 1 }, "the batch has a group to decide")
    }

    /// An original replaced by an edit (deprecatedID) whose file no revisions.yml lists, while
    /// every remaining submission is listed: resolved by the list, the original counting as the
    /// oldest (it stopped the run: its missing rank was read by force).
    @Test func anEditedOriginalWithoutTheRankTheOthersHaveIsTheOldest() {
        func candidate(_ file: String, instance: String, deprecated: String? = nil, rank: Int?) -> RevisionCandidate {
            var submission = Submission(
                id: "\(file)#1", location: SourceLocation(file: file, line: 2), format: .xformInstance, country: "FRA", countryGiven: "France",
                round: "2026", status: .accepted,
                answers: [Answer(questionID: "q1", value: .choice("yes"), location: SourceLocation(file: file))], answersSeen: 1,
                diagnostics: [])
            submission.metadata = SubmissionMetadata(instanceID: instance, deprecatedID: deprecated)
            return RevisionCandidate(submission, manifestRank: rank)
        }
        let decisions = Transformer.revisionDecisions([
            candidate("original.xml", instance: "uuid:1", rank: nil), candidate("edit.xml", instance: "uuid:2", deprecated: "uuid:1", rank: 0),
            candidate("later.xml", instance: "uuid:3", rank: 1),
        ])
        #expect(Set(decisions.supersessions.map { [$0.loser, $0.winner] }) == [[0, 2], [1, 2]])
    }
}
