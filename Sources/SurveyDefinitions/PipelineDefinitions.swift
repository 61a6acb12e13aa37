public import Foundation
public import SurveyModel
public import SurveyExtract
import SurveyTransform

/// A pipeline file and every definition it names, read and checked together: the questionnaire
/// (YAML or XForm), the country reference data, the custom groups and country indicators, and
/// the scoring model of the priority tables. What every command starts from.
public struct PipelineDefinitions: Sendable {
    public let configuration: PipelineConfiguration
    public let questionnaire: Questionnaire
    public let reference: CountryReference
    /// The pipeline file's custom groups and country indicators, checked.
    public let customGroups: [CustomGroup]
    public let indicators: [IndicatorDefinition]
    /// The pipeline file's scoring model for the priority tables, when it names one.
    public let scoringModel: ScoringModel?
    /// The population statistics describe (`population:`), resolved against the reference.
    public let population: Population

    /// Reads the definitions the pipeline file names.
    public init(configuration: PipelineConfiguration) throws {
        self.configuration = configuration
        var questionnaire = try Questionnaire.load(
            from: configuration.questionnaire, chapters: configuration.chapters,
            identityFields: Set(
                [configuration.countryField, configuration.roundField] + (configuration.respondentField.map { [$0] } ?? [])))
        if let checks = configuration.checks {
            // One place for a pipeline's checks: an XForm cannot declare them, a YAML questionnaire can.
            guard questionnaire.checks.isEmpty else {
                throw DefinitionError.invalidDefinition(
                    path: configuration.file.path,
                    detail: "checks: the questionnaire (\(configuration.questionnaire.lastPathComponent)) declares its own checks: declare them in one place, the questionnaire or the checks file")
            }
            questionnaire.checks = try Questionnaire.loadChecks(from: checks, for: questionnaire)
        }
        self.questionnaire = questionnaire
        self.reference = try CountryReference.load(from: configuration.reference)
        if let collision = Transformer.labelCollisions(in: questionnaire).first {
            throw DefinitionError.invalidDefinition(path: configuration.questionnaire.path, detail: collision)
        }
        do {
            population = try StatisticsDefinitions.population(configuration.populationEntry, reference: reference)
            customGroups = try StatisticsDefinitions.groups(
                configuration.groupEntries, questionnaire: questionnaire, reference: reference,
                relativeTo: configuration.file.deletingLastPathComponent())
            indicators = try StatisticsDefinitions.indicators(configuration.indicatorEntries, questionnaire: questionnaire)
        } catch let mistake as StatisticsDefinitions.Mistake {
            throw DefinitionError.invalidDefinition(path: mistake.path ?? configuration.file.path, detail: mistake.detail)
        }
        scoringModel = try configuration.priorities.map { try ScoringModel.load(from: $0, questionnaire: questionnaire) }
    }

    /// Reads a pipeline file and its definitions; `input`, `output` and `store` override the
    /// file's folders (relative to the current directory, as typed on the command line).
    public static func load(
        path: String, input: String? = nil, output: String? = nil, store: String? = nil,
        readers: ReaderRegistry = .standard
    ) throws -> PipelineDefinitions {
        try PipelineDefinitions(
            configuration: try PipelineConfiguration.load(
                path: path, input: input, output: output, store: store, readers: readers))
    }

    /// The form labels the pipeline file names (`form_labels:`), for the XLSForm export.
    public func formLabels() throws -> FormLabels {
        guard let url = configuration.formLabels else {
            throw DefinitionError.invalidDefinition(
                path: configuration.file.path,
                detail: "names no form labels (form_labels:, e.g. forms/xlsform-labels.yml as in Pipelines/default.yml)")
        }
        return try FormLabels.load(from: url)
    }

    /// A digest of everything a file's reading depends on besides its bytes: `salt` (the cache
    /// format), the pipeline file, the questionnaire and the reference data. Any change re-reads
    /// every file.
    public func fingerprint(salt: String) -> String {
        var hash = SHA256()
        hash.update(Array(salt.utf8))
        // A checks file changes what a file's reading reports (its firings); without one the
        // digest is what it always was.
        for url in [configuration.file, configuration.questionnaire, configuration.reference] + [configuration.checks].compactMap({ $0 }) {
            hash.update(Array((FileDigest.sha256(of: url) ?? "missing").utf8))
        }
        return hash.finalizeHex()
    }
}
