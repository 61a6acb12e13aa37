import Foundation
public import SurveyModel
import SurveyDefinitions
public import SurveyAnalyze

/// `legisurvey explain`: where a published figure comes from, recomputed from the store.
extension Pipeline {
    /// The countries behind one statistic, recomputed from the store (``StatisticLineage``): the
    /// pipeline's store, or `store` (any backend of the read protocol).
    public func explainStatistic(
        round: String, question: String, option: String, group: String, store: (any SurveyReadStore)? = nil
    ) async throws -> StatisticLineage {
        let store: any SurveyReadStore = if let store { store } else { try await existingStore() }
        do {
            return try await StatisticLineage.explain(
                store: store, analyzer: analyzer, round: round, questionID: question, option: option, groupName: group)
        } catch let failure as StatisticLineage.Failure {
            throw PipelineError.invalidArgument(failure.description)
        }
    }

    /// The arithmetic of one priority score, recomputed from the store (``PriorityExplanation``).
    /// `country` is an ISO alpha-3 or alpha-2 code, an M49 code or an English short name.
    public func explainPriority(
        country: String, area: String, round: String?, respondent: String? = nil, store: (any SurveyReadStore)? = nil
    ) async throws -> PriorityExplanation {
        guard let model = scoringModel else {
            throw PipelineError.invalidArgument("the pipeline file names no scoring model (priorities:)")
        }
        let wanted = country.trimmingCharacters(in: .whitespaces)
        let folded = wanted.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        guard let match = reference.countries.first(where: {
            $0.iso3 == wanted.uppercased() || $0.iso2 == wanted.uppercased() || $0.m49 == wanted
                || ($0.name[.en] ?? "").folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) == folded
        }) else { throw PipelineError.invalidArgument("no country '\(country)' in the reference data (try its ISO alpha-3 code)") }
        let store: any SurveyReadStore = if let store { store } else { try await existingStore() }
        do {
            return try await PriorityExplanation.explain(
                store: store, model: model, country: match.iso3, areaID: area, round: round, respondent: respondent,
                declaredRounds: configuration.rounds, analyzer: analyzer)
        } catch let failure as PriorityExplanation.Failure {
            throw PipelineError.invalidArgument(failure.description)
        }
    }
}
