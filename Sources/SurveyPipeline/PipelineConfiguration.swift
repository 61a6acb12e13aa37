public import Foundation
public import SurveyModel

/// A pipeline file (`Pipelines/default.yml`) with its paths resolved.
///
/// Relative paths in the file are relative to the folder the pipeline file is in.
public struct PipelineConfiguration: Sendable {
    public var name: String
    public var file: URL
    public var questionnaire: URL
    public var reference: URL
    public var input: URL
    public var output: URL
    public var store: URL
    public var defaultRound: String
    public var language: Language
    public var reliability: ReliabilityRules

    struct FileEntry: Decodable {
        struct Reliability: Decodable {
            var suppress_below: Int?
            var low_reliability_below: Int?
        }
        var name: String?
        var questionnaire: String
        var reference: String
        var input: String
        var output: String
        var store: String
        var default_round: String
        var language: String?
        var reliability: Reliability?
    }

    /// Reads a pipeline file; `input`, `output` and `store` override the file's values
    /// (relative to the current directory, as typed on the command line).
    public static func load(path: String, input: String? = nil, output: String? = nil, store: String? = nil) throws
        -> PipelineConfiguration
    {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let entry = try YAMLFile.decode(FileEntry.self, at: file, what: "pipeline file")
        let base = file.deletingLastPathComponent()
        func resolve(_ value: String) -> URL {
            value.hasPrefix("/") ? URL(fileURLWithPath: value) : base.appendingPathComponent(value).standardizedFileURL
        }
        func fromCommandLine(_ value: String) -> URL { URL(fileURLWithPath: value).standardizedFileURL }
        func fail(_ detail: String) -> PipelineError { .invalidDefinition(path: file.path, detail: detail) }

        guard let language = Language(rawValue: entry.language ?? "en") else {
            throw fail("language '\(entry.language ?? "")' (expected ar, en, es, fr, ru or zh)")
        }
        let rules = ReliabilityRules(
            suppressBelow: entry.reliability?.suppress_below ?? 5,
            lowReliabilityBelow: entry.reliability?.low_reliability_below ?? 10)
        guard rules.suppressBelow >= 1, rules.lowReliabilityBelow >= rules.suppressBelow else {
            throw fail("reliability: need 1 ≤ suppress_below ≤ low_reliability_below")
        }
        let round = entry.default_round.trimmingCharacters(in: .whitespaces)
        guard !round.isEmpty, round.count <= 32,
            round.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else { throw fail("default_round '\(entry.default_round)' (letters, digits, '.', '_' or '-')") }

        return PipelineConfiguration(
            name: entry.name ?? file.deletingPathExtension().lastPathComponent, file: file,
            questionnaire: resolve(entry.questionnaire), reference: resolve(entry.reference),
            input: input.map(fromCommandLine) ?? resolve(entry.input),
            output: output.map(fromCommandLine) ?? resolve(entry.output),
            store: store.map(fromCommandLine) ?? resolve(entry.store), defaultRound: round, language: language,
            reliability: rules)
    }
}
