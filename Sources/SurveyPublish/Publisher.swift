public import Foundation
public import SurveyModel

/// Writes the output files: RFC 4180 CSV in UTF-8, text cells neutralized against spreadsheet
/// formulas. A table that breaks its stated invariants is refused, not written.
public struct Publisher: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// `statistics.csv`: one row per round × question × option × group.
    public static let statisticsColumns = [
        "round", "chapter", "question_id", "option", "group_type", "group_code", "n_responding", "n_option",
        "percent", "ci_low", "ci_high", "flag",
    ]

    /// `validation_report.csv`: one row per diagnostic.
    public static let validationColumns = [
        "file", "line", "column", "offset", "submission_id", "question_id", "code", "severity", "expected", "found",
        "message",
    ]

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

    /// The text of `statistics.csv`, after checking the table's invariants.
    public static func statisticsCSV(_ rows: [ShareStatistic]) throws -> String {
        try checkInvariants(rows)
        var text = CSVText.header(statisticsColumns)
        for row in rows {
            text += CSVText.line([
                .text(row.round), .text(row.chapter.rawValue), .text(row.questionID), .text(row.option),
                .text(row.group.type.rawValue), .text(row.group.code), .number(String(row.nResponding)),
                .number(String(row.nOption)), .number(oneDecimal(row.percent)), .number(oneDecimal(row.ciLow)),
                .number(oneDecimal(row.ciHigh)), .text(row.flag.rawValue),
            ])
        }
        return text
    }

    /// The text of `validation_report.csv`, ordered by file, line, column and code.
    public static func validationCSV(_ diagnostics: [Diagnostic]) -> String {
        let ordered = diagnostics.enumerated().sorted { a, b in
            let left = (a.element.location, a.element.code.rawValue, a.offset)
            let right = (b.element.location, b.element.code.rawValue, b.offset)
            if left.0 != right.0 { return left.0 < right.0 }
            if left.1 != right.1 { return left.1 < right.1 }
            return left.2 < right.2
        }.map(\.element)
        var text = CSVText.header(validationColumns)
        for diagnostic in ordered {
            text += CSVText.line([
                .text(diagnostic.location.file), .number(diagnostic.location.line.map(String.init) ?? ""),
                .number(diagnostic.location.column.map(String.init) ?? ""),
                .number(diagnostic.location.offset.map(String.init) ?? ""), .text(diagnostic.submissionID ?? ""),
                .text(diagnostic.questionID ?? ""), .text(diagnostic.code.rawValue), .text(diagnostic.severity.rawValue),
                .text(diagnostic.expected ?? ""), .text(diagnostic.found ?? ""), .text(diagnostic.message),
            ])
        }
        return text
    }

    /// Grain unique; `n_option ≤ n_responding`; percent and interval present exactly when not
    /// suppressed and inside 0–100 with `ci_low ≤ percent ≤ ci_high`.
    public static func checkInvariants(_ rows: [ShareStatistic]) throws {
        var seen = Set<String>()
        for row in rows {
            let key = [row.round, row.questionID, row.option, row.group.type.rawValue, row.group.code].joined(separator: "\u{1F}")
            guard seen.insert(key).inserted else { throw PublishError.invariant("duplicate row \(key)") }
            guard row.nOption >= 0, row.nOption <= row.nResponding else {
                throw PublishError.invariant("n_option > n_responding for \(row.questionID)/\(row.option)")
            }
            let suppressed = row.flag == .suppressed
            let values = [row.percent, row.ciLow, row.ciHigh]
            if suppressed {
                guard values.allSatisfy({ $0 == nil }) else {
                    throw PublishError.invariant("suppressed row with a percent: \(row.questionID)/\(row.option)")
                }
            } else {
                guard let percent = row.percent, let low = row.ciLow, let high = row.ciHigh,
                    0 <= low, low <= percent + 1e-9, percent <= high + 1e-9, high <= 100
                else { throw PublishError.invariant("bad percent or interval: \(row.questionID)/\(row.option)") }
            }
        }
    }

    static func oneDecimal(_ value: Double?) -> String {
        guard let value else { return "" }
        return FixedPoint.format(value + 0.0, digits: 1)
    }

    /// Writes a text file that is not a table (`run_summary.json`) the same safe way.
    @discardableResult
    public func writeText(_ text: String, to name: String) throws -> URL { try write(text, to: name) }

    /// Writes through a temporary file and a rename, so a reader never sees half a file.
    func write(_ text: String, to name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).partial")
        // Written from the string's own UTF-8 bytes: no second copy of a large table in memory.
        var text = text
        try text.withUTF8 { bytes in
            guard let file = fopen(temporary.path, "wb") else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
            }
            let written = bytes.isEmpty ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, file)
            let closed = fclose(file)
            guard written == bytes.count, closed == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
            }
        }
        return try Self.moveIntoPlace(temporary, url)
    }

    /// rename(2) replaces the old file in one step; on failure the temporary file is removed.
    static func moveIntoPlace(_ temporary: URL, _ url: URL) throws -> URL {
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}

extension Publisher {
    /// Writes a table in pieces through the same temporary file and rename as ``write(_:to:)``:
    /// `body` appends its text to the ``TableFile``, which goes to disk a megabyte at a time, so a
    /// large table is never whole in memory. When `body` throws, or a write fails, the temporary
    /// file is removed and nothing is renamed: a reader still never sees half a file.
    func writeStreamed(to name: String, _ body: (inout TableFile) throws -> Void) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).partial")
        guard let handle = fopen(temporary.path, "wb") else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        var file = TableFile(handle: handle)
        do {
            try body(&file)
            file.flush()
        } catch {
            fclose(handle)
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        let closed = fclose(handle)
        guard !file.failed, closed == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        return try Self.moveIntoPlace(temporary, url)
    }
}

extension Publisher {
    /// Writes a table of `header` and then the text of chunks `0..<chunks` in order, through
    /// ``writeStreamed(to:_:)``. The chunks' texts are made in parallel, a few at a time (so
    /// memory holds only those); the first chunk that throws (in order) stops the table, which is
    /// then not written, as when the lines are made one by one.
    func writeChunked(to name: String, header: String, chunks: Int, text: @Sendable (Int) throws -> String) throws -> URL {
        try writeStreamed(to: name) { file in
            file.append(header)
            let batch = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
            var start = 0
            while start < chunks {
                let first = start
                let count = min(batch, chunks - first)
                let results = ConcurrentResults.compute(count: count) { index in Result { try text(first + index) } }
                for result in results { file.append(try result.get()) }
                start += count
            }
        }
    }
}

/// The open temporary file of ``Publisher/writeStreamed(to:_:)``: text is buffered and written a
/// megabyte at a time.
struct TableFile {
    let handle: UnsafeMutablePointer<FILE>
    private var buffer = ""
    private(set) var failed = false

    init(handle: UnsafeMutablePointer<FILE>) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20 + 1 << 16)
    }

    mutating func append(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        let handle = handle
        let written = buffer.withUTF8 { bytes in
            bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count
        }
        if !written { failed = true }
        buffer.removeAll(keepingCapacity: true)
    }
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
