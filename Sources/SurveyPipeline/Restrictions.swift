// Restricted answers (issue 26, docs/restricted.md). The store keeps every value as sent; a run
// decides from the questionnaire (`public: false`), the stored `restricted` field of each accepted
// submission and the restrictions file which answers are restricted (``RestrictionSet``), then:
// - every per-State output (answers.csv, the profiles, the inventory, indicators, transitions,
//   priorities, group comparisons) reads the public view, where they are withheld;
// - every group figure (statistics.csv and its SDMX-CSV, numeric statistics, the inventory's
//   statistics, progress, technical-assistance requests) counts them only where at least
//   `restricted_minimum_states` States of the group answered the item, and is otherwise the
//   figure of the public view (``RestrictedFigures``);
// - the team's working files (validation_report.csv, changes.csv, corrections.csv) say
//   "restricted" instead of the value;
// - the internal edition (report.internal*.html, countries/internal/) and the store keep them.

import Foundation
import SurveyDefinitions
public import SurveyModel
import SurveyAnalyze

extension Pipeline {
    /// The restricted answers of the store's accepted submissions in `rounds`.
    public func restrictionSet(store: any SurveyReadStore, rounds: [String]) async throws -> RestrictionSet {
        var set = RestrictionSet(minimumStates: configuration.restrictedMinimumStates)
        var unitsByCountry: [String: [String: [String]]] = [:]
        for round in rounds {
            let items = analyzer.questionnaire(forRound: round).nonPublicItems
            if !items.isEmpty { set.itemsByRound[round] = items }
            for source in try await store.submissionSources(round: round) {
                unitsByCountry[round, default: [:]][source.country, default: []].append(source.unit)
                switch source.restricted {
                case .none: break
                case .everything: set.restrict(round: round, unit: source.unit, .everything, origin: .sender)
                case .items(let ids): set.restrict(round: round, unit: source.unit, .items(Set(ids)), origin: .sender)
                }
            }
        }
        for entry in definitions.restrictions.entries {
            let scope: RestrictionSet.Scope = entry.item == RestrictionEntry.everything ? .everything : .items([entry.item])
            let units = entry.respondent.map { [SurveyUnit.key(country: entry.country, respondent: $0)] }
                ?? unitsByCountry[entry.round]?[entry.country] ?? [entry.country]
            for unit in units { set.restrict(round: entry.round, unit: unit, scope, origin: .file) }
        }
        return set
    }
}

/// Group figures with restricted answers counted only where enough States answered: each figure
/// computed on all answers (`full`) and on the public view (`withheld`), the first kept when the
/// two agree (no restricted answer in it) or when at least `minimum` States of the group answered,
/// the second otherwise (a figure the public view does not have is left out).
struct RestrictedFigures {
    var minimum: Int

    func merge<Row, Key: Hashable>(
        full: [Row], withheld: [Row], key: (Row) -> Key, same: (Row, Row) -> Bool, answering: (Row) -> Int,
        counted: (Row) -> Row = { $0 }
    ) -> [Row] {
        let byKey = Dictionary(withheld.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Row] = []
        rows.reserveCapacity(full.count)
        for row in full {
            let other = byKey[key(row)]
            if let other, same(row, other) {
                rows.append(row)
            } else if answering(row) >= minimum {
                rows.append(counted(row))
            } else if let other {
                rows.append(other)
            }
        }
        return rows
    }

    func shares(full: [ShareStatistic], withheld: [ShareStatistic]) -> [ShareStatistic] {
        merge(
            full: full, withheld: withheld, key: { [$0.round, $0.questionID, $0.option, $0.group.code] },
            same: { $0.nAnswered == $1.nAnswered }, answering: \.nAnswered)
    }

    /// A numeric figure counting a restricted value loses its minimum and maximum: each is one
    /// State's value.
    func numeric(full: [NumericStatistic], withheld: [NumericStatistic]) -> [NumericStatistic] {
        merge(
            full: full, withheld: withheld, key: { [$0.round, $0.questionID, $0.group.code] },
            same: { $0.n == $1.n }, answering: \.n,
            counted: { row in
                var copy = row
                copy.minimum = nil
                copy.maximum = nil
                return copy
            })
    }

    func progress(full: [ProgressRow], withheld: [ProgressRow]) -> [ProgressRow] {
        merge(
            full: full, withheld: withheld,
            key: { [$0.baselineRound, $0.latestRound, $0.questionID, $0.option, $0.group.code] },
            same: { a, b in
                a.baseline.nResponding == b.baseline.nResponding && a.latest.nResponding == b.latest.nResponding
                    && a.panelBaseline.nResponding == b.panelBaseline.nResponding
                    && a.panelLatest.nResponding == b.panelLatest.nResponding
            },
            answering: { min($0.baseline.nResponding, $0.latest.nResponding) })
    }

    func taRequests(full: [TARequestCount], withheld: [TARequestCount]) -> [TARequestCount] {
        merge(
            full: full, withheld: withheld, key: { [$0.round, $0.area, $0.group.code] },
            same: { $0.nAnswered == $1.nAnswered && $0.nRequested == $1.nRequested }, answering: \.nAnswered)
    }
}

extension OutputContext {
    /// validation_report.csv's diagnostics: a restricted answer's value (`found`, the detail, a
    /// suggestion) written "restricted". The letters, each to its own sender, keep them.
    var publicDiagnostics: [Diagnostic] { withholding(diagnostics) }

    /// changes.csv's rows: a restricted answer's old and new values written "restricted".
    var publicChanges: [ChangeRow] {
        guard !restrictions.isEmpty else { return changes }
        return changes.map { row in
            guard row.kind.isUnitChange, !row.item.isEmpty, restrictions.mayRestrict(country: row.country, item: row.item) else { return row }
            var copy = row
            if !copy.oldValue.isEmpty { copy.oldValue = RestrictionSet.marker }
            if !copy.newValue.isEmpty { copy.newValue = RestrictionSet.marker }
            return copy
        }
    }

    /// corrections.csv's rows: a correction of a restricted answer keeps its audit trail, its
    /// values written "restricted".
    var publicCorrections: [CorrectionOutcome] {
        guard !restrictions.isEmpty else { return corrections }
        return corrections.map { outcome in
            let c = outcome.correction
            guard restrictions.mayRestrict(country: c.country, item: c.questionID) else { return outcome }
            var copy = outcome
            let marker = CorrectionValue(text: RestrictionSet.marker)
            copy.correction.value = marker
            if copy.correction.was != nil { copy.correction.was = marker }
            if copy.original != nil { copy.original = marker }
            if !copy.detail.isEmpty { copy.detail = RestrictionSet.marker }
            return copy
        }
    }
}

extension OutputContext {
    /// Diagnostics with a restricted answer's value written "restricted" (``publicDiagnostics``).
    func withholding(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !restrictions.isEmpty else { return diagnostics }
        return diagnostics.map { diagnostic in
            guard let item = diagnostic.questionID, restrictions.mayRestrict(country: diagnostic.country, item: item) else {
                return diagnostic
            }
            var copy = diagnostic
            if copy.found != nil { copy.found = RestrictionSet.marker }
            if copy.detail != nil { copy.detail = RestrictionSet.marker }
            copy.suggestion = nil
            return copy
        }
    }

    /// Per round and country, the questions whose answer is withheld (answered, restricted).
    var withheldQuestions: [String: [String: Set<String>]] {
        var result: [String: [String: Set<String>]] = [:]
        guard !restrictions.isEmpty else { return result }
        for (r, round) in fullData.roundIDs.enumerated() {
            for unit in fullData.units(inRound: r) where restrictions.restrictsAnything(round: round, unit: unit) {
                let withheld = fullData.withheld(round: round, unit: unit, by: restrictions)
                if !withheld.isEmpty { result[round, default: [:]][SurveyUnit.country(of: unit), default: []].formUnion(withheld) }
            }
        }
        return result
    }

    /// A profile with its restricted answers marked (``ProfileItem/restricted``); in a public
    /// profile, the changes since the previous round leave out a restricted item (its answer is
    /// not shown in either round, so no change can be said).
    func markingRestricted(_ profile: CountryProfile, public isPublic: Bool) -> CountryProfile {
        guard !restrictions.isEmpty else { return profile }
        let withheld = withheldCache
        let iso3 = profile.country.iso3
        var copy = profile
        func mark(_ item: inout ProfileItem, round: String) {
            if withheld[round]?[iso3]?.contains(item.question) == true { item.restricted = true }
        }
        for r in copy.rounds.indices {
            let round = copy.rounds[r].round
            for c in copy.rounds[r].chapters.indices {
                for i in copy.rounds[r].chapters[c].items.indices { mark(&copy.rounds[r].chapters[c].items[i], round: round) }
            }
        }
        for h in copy.headline.indices { mark(&copy.headline[h].answer, round: copy.latestRound) }
        for t in copy.technicalAssistance.indices { mark(&copy.technicalAssistance[t], round: copy.latestRound) }
        if var changes = copy.changes {
            for i in changes.items.indices {
                mark(&changes.items[i].before, round: changes.from)
                mark(&changes.items[i].after, round: changes.to)
            }
            if isPublic {
                changes.items.removeAll { $0.before.restricted == true || $0.after.restricted == true }
            }
            copy.changes = changes
        }
        return copy
    }
}
