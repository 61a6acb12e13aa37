public import Foundation
public import SurveyModel

/// Writes the output files: RFC 4180 CSV in UTF-8, text cells neutralized against spreadsheet
/// formulas. Each table is described (``TableDescription``: grain, columns, invariants) and a
/// table that breaks one of its invariants is refused, not written (``write(_:_:)``).
public struct Publisher: Sendable {
    public let directory: URL
    /// The publisher of the spreadsheet copies (`excel_csv: true`: `<output>/excel/`, in
    /// ``CSVDialect/excel``), or nil when none are written. Every described table but those whose
    /// description says otherwise (``TableDescription/spreadsheetCopy``) is copied there from the
    /// same cells.
    public var spreadsheetCopies: Publisher? { spreadsheetDirectory.map { Publisher(directory: $0) } }
    /// The folder of ``spreadsheetCopies``.
    public let spreadsheetDirectory: URL?

    /// Collects a sheet per table written (``TableDescription/spreadsheetCopy``) for the run's
    /// workbook, `legisurvey.xlsx` (``WorkbookCollector``); nil: no workbook.
    public let workbook: WorkbookCollector?

    /// A publisher into `directory`; with a `spreadsheetDirectory` it also writes each table's
    /// spreadsheet copy there, with a `workbook` it also collects each table's sheet.
    public init(directory: URL, spreadsheetDirectory: URL? = nil, workbook: WorkbookCollector? = nil) {
        self.directory = directory
        self.spreadsheetDirectory = spreadsheetDirectory
        self.workbook = workbook
    }

    /// The folder of the spreadsheet copies under an output folder.
    public static let spreadsheetFolder = "excel"

    @discardableResult
    public func writeStatistics(_ rows: [ShareStatistic]) throws -> URL {
        try write(Self.statisticsTable, Self.statisticsRows(rows))
    }

    @discardableResult
    public func writeNumericStatistics(_ rows: [NumericStatistic]) throws -> URL {
        try write(Self.numericTable, Self.numericRows(rows))
    }

    @discardableResult
    public func writeCountryIndicators(_ rows: [IndicatorValue], reference: CountryReference) throws -> URL {
        try write(Self.indicatorsTable, Self.indicatorRows(rows, reference: reference))
    }

    @discardableResult
    public func writeProgress(_ rows: [ProgressRow]) throws -> URL {
        try write(Self.progressTable, Self.progressRows(rows))
    }

    @discardableResult
    public func writeTransitions(_ rows: [Transition], reference: CountryReference) throws -> URL {
        try write(Self.transitionsTable, Self.transitionRows(rows, reference: reference))
    }

    @discardableResult
    public func writeSDMX(_ rows: [ShareStatistic], dataflow: String) throws -> URL {
        try write(Self.sdmxTable, Self.sdmxRows(rows, dataflow: dataflow))
    }

    @discardableResult
    public func writeValidationReport(_ diagnostics: [Diagnostic]) throws -> URL {
        try write(Self.validationTable, Self.validationRows(diagnostics))
    }

    /// Writes a text file that is not a table (`run_summary.json`) the same safe way.
    @discardableResult
    public func writeText(_ text: String, to name: String) throws -> URL { try write(text, to: name) }
}
