// changes.csv (issue 19 part 5): what differs between the store as the previous committed run
// left it and this run. The previous state is read at the start of the run, under the store's
// run lock and before the load replaces it; nothing extra is kept in the store, so a failed run
// leaves the next one comparing with the same committed state, and `--rebuild` compares with the
// same state as an incremental run.

import Foundation
import SurveyAnalyze
import SurveyDefinitions
public import SurveyModel
import SurveyPublish

/// The store's current submissions and answers at one moment: before the load (the previous
/// run's), or after it.
struct StoreSnapshot: Sendable {
    /// The current answers; nil for a store no run has committed to.
    var data: AnswerMatrix?
    /// Round → unit (``SurveyUnit``) → where its current submission came from.
    var sources: [String: [String: SubmissionSource]] = [:]

    static let empty = StoreSnapshot(data: nil)
}

extension Pipeline {
    /// The state the previous committed run left in `store` (empty for a fresh store, without
    /// reading anything more).
    func previousState(of store: any SurveyReadStore) async throws -> StoreSnapshot {
        do {
            guard try await store.runCount() > 0 else { return .empty }
            return try await snapshot(of: store, data: try await Analyzer.data(from: store))
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        }
    }

    /// `data` (read from `store`) with each unit's submission source.
    func snapshot(of store: any SurveyReadStore, data: AnswerMatrix) async throws -> StoreSnapshot {
        var sources: [String: [String: SubmissionSource]] = [:]
        for round in data.roundIDs {
            var units: [String: SubmissionSource] = [:]
            for source in try await store.submissionSources(round: round) where units[source.unit] == nil {
                units[source.unit] = source
            }
            sources[round] = units
        }
        return StoreSnapshot(data: data, sources: sources)
    }

    /// The submission and answer rows of `changes.csv`, round by round (declared order), unit by
    /// unit: the unit's submission row, then its answer rows by item. The new answers' lines are
    /// read from `store` (after the load) for the units whose answers changed.
    func unitChanges(from old: StoreSnapshot, to new: StoreSnapshot, store: any SurveyReadStore) async throws -> [ChangeRow] {
        var rows: [ChangeRow] = []
        let rounds = Set(old.sources.keys).union(new.sources.keys).sorted {
            RoundNames.precedes($0, $1, declared: configuration.rounds)
        }
        for round in rounds {
            let before = old.sources[round] ?? [:]
            let after = new.sources[round] ?? [:]
            for unit in Set(before.keys).union(after.keys).sorted() {
                let country = SurveyUnit.country(of: unit)
                let respondent = SurveyUnit.respondent(of: unit)
                func row(_ kind: ChangeRow.Kind) -> ChangeRow { ChangeRow(round: round, country: country, respondent: respondent, kind: kind) }
                switch (before[unit], after[unit]) {
                case (nil, let added?):
                    var addedRow = row(.submissionAdded)
                    addedRow.newValue = added.submissionID
                    addedRow.location = Self.place(added.file, added.line)
                    rows.append(addedRow)
                case (let gone?, nil):
                    var withdrawn = row(.submissionWithdrawn)
                    withdrawn.oldValue = gone.submissionID
                    withdrawn.location = Self.place(gone.file, gone.line)
                    rows.append(withdrawn)
                case (let was?, let now?):
                    if was.submissionID != now.submissionID || was.file != now.file {
                        var replaced = row(.submissionReplaced)
                        replaced.oldValue = was.submissionID
                        replaced.newValue = now.submissionID
                        replaced.location = Self.place(now.file, now.line)
                        rows.append(replaced)
                    }
                    let oldAnswers = old.data?.answers(of: unit, in: round) ?? [:]
                    let newAnswers = new.data?.answers(of: unit, in: round) ?? [:]
                    let items = Set(oldAnswers.keys).union(newAnswers.keys).filter {
                        Self.valueText(oldAnswers[$0]) != Self.valueText(newAnswers[$0])
                    }.sorted()
                    guard !items.isEmpty else { continue }
                    // Where each new value is: the answer's own line in the store.
                    var lines: [String: String] = [:]
                    for trace in try await store.submissionAnswers(round: round, country: country, respondent: respondent)
                    where lines[trace.questionID] == nil {
                        lines[trace.questionID] = Self.place(trace.file, trace.line)
                    }
                    for item in items {
                        let oldText = Self.valueText(oldAnswers[item])
                        let newText = Self.valueText(newAnswers[item])
                        var answer = row(oldText.isEmpty ? .answerAdded : newText.isEmpty ? .answerRemoved : .answerChanged)
                        answer.item = item
                        answer.oldValue = oldText
                        answer.newValue = newText
                        answer.location = newText.isEmpty ? Self.place(was.file, was.line) : lines[item] ?? Self.place(now.file, now.line)
                        rows.append(answer)
                    }
                case (nil, nil):
                    continue
                }
            }
        }
        return rows
    }

    /// The `figure_moved` rows: statistics rows of this run published in both runs whose percent
    /// moved by at least `changes.min_percent_move` points (and moved at all), in `new`'s order.
    func figureChanges(old: [ShareStatistic], new: [ShareStatistic]) -> [ChangeRow] {
        func key(_ row: ShareStatistic) -> String {
            [row.round, row.questionID, row.option, row.group.type.rawValue, row.group.code].joined(separator: "\u{1F}")
        }
        var before: [String: Double] = [:]
        for row in old { if let percent = row.percent { before[key(row)] = percent } }
        let threshold = configuration.minPercentMove
        return new.compactMap { row in
            guard let now = row.percent, let was = before[key(row)] else { return nil }
            let move = abs(now - was)
            guard move > 1e-9, move >= threshold - 1e-9 else { return nil }
            return ChangeRow(
                round: row.round, kind: .figureMoved, item: row.questionID, option: row.option, groupType: row.group.type.rawValue,
                group: row.group.code, oldValue: Publisher.changePercent(was), newValue: Publisher.changePercent(now))
        }
    }

    /// Unit rows and figure rows together, by round (declared order): a round's units, then its figures.
    func orderedChanges(_ units: [ChangeRow], _ figures: [ChangeRow]) -> [ChangeRow] {
        var byRound: [String: [ChangeRow]] = [:]
        for row in units + figures { byRound[row.round, default: []].append(row) }
        return byRound.keys.sorted { RoundNames.precedes($0, $1, declared: configuration.rounds) }.flatMap { byRound[$0]! }
    }

    /// `file:line`, or the file alone without a line.
    static func place(_ file: String, _ line: Int?) -> String { line.map { "\(file):\($0)" } ?? file }

    /// An answer as `changes.csv` writes it: options (codes, sorted) separated by spaces, a number,
    /// or a text; empty for no answer.
    static func valueText(_ answer: StoredAnswer?) -> String {
        guard let answer else { return "" }
        if !answer.options.isEmpty { return answer.options.sorted().joined(separator: " ") }
        if let number = answer.number { return Publisher.decimal(number) }
        return answer.text ?? ""
    }
}
