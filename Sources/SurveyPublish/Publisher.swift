public import Foundation
public import SurveyModel

/// Writes the output files: RFC 4180 CSV in UTF-8, text cells neutralized against spreadsheet
/// formulas. A table that breaks its stated invariants is refused, not written.
public struct Publisher: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    @discardableResult
    public func writeStatistics(_ rows: [ShareStatistic]) throws -> URL {
        try write(Self.statisticsCSV(rows), to: "statistics.csv")
    }

    @discardableResult
    public func writeNumericStatistics(_ rows: [NumericStatistic]) throws -> URL {
        try write(Self.numericCSV(rows), to: "numeric_statistics.csv")
    }

    @discardableResult
    public func writeCountryIndicators(_ rows: [IndicatorValue], reference: CountryReference) throws -> URL {
        try write(Self.indicatorsCSV(rows, reference: reference), to: "country_indicators.csv")
    }

    @discardableResult
    public func writeProgress(_ rows: [ProgressRow]) throws -> URL {
        try write(Self.progressCSV(rows), to: "progress.csv")
    }

    @discardableResult
    public func writeTransitions(_ rows: [Transition], reference: CountryReference) throws -> URL {
        try write(Self.transitionsCSV(rows, reference: reference), to: "transitions.csv")
    }

    @discardableResult
    public func writeSDMX(_ rows: [ShareStatistic], dataflow: String) throws -> URL {
        try write(try Self.sdmxCSV(rows, dataflow: dataflow), to: "statistics.sdmx.csv")
    }

    @discardableResult
    public func writeValidationReport(_ diagnostics: [Diagnostic]) throws -> URL {
        try write(Self.validationCSV(diagnostics), to: "validation_report.csv")
    }

    /// Writes a text file that is not a table (`run_summary.json`) the same safe way.
    @discardableResult
    public func writeText(_ text: String, to name: String) throws -> URL { try write(text, to: name) }
}

/// Why Publish refused a table.
public enum PublishError: Error, CustomStringConvertible {
    case invariant(String)

    public var description: String {
        switch self {
        case .invariant(let detail): return "output table invariant broken: \(detail)"
        }
    }
}
