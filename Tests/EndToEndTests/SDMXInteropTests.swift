import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// `statistics.sdmx.csv` read back by a reader LegiSurvey did not write: pysdmx's SDMX-CSV 1.0
/// reader (`pysdmx.io.get_datasets` without a structure, which reads the file with
/// `pysdmx.io.csv.sdmx10.reader.read`), from the venv `make test` installs. What it reads must equal
/// `statistics.csv`, row by row.
@Suite struct SDMXInteropTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")
    static let dataflow = (agency: "UNODC", id: "DF_CYBERCRIME_SURVEY", version: "1.0")
    /// The SDMX columns pysdmx keeps after taking DATAFLOW as the dataset's structure.
    static let columns = [
        "REF_AREA", "TIME_PERIOD", "CHAPTER", "QUESTION", "OPTION", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS",
        "LOWER_BOUND", "UPPER_BOUND", "N_RESPONDING", "N_IN_GROUP", "N_NOT_RESPONDING", "NONRESPONSE_LOW",
        "NONRESPONSE_HIGH",
    ]
    static let status = ["normal": "A", "low_reliability": "U", "suppressed": "Q"]

    /// Reads the file given as argument with pysdmx only, and prints JSON lines: per dataset the
    /// structure pysdmx reports and its columns, then one line per observation with its row number
    /// in the file (pandas' index) and the values as pysdmx holds them (null when missing).
    /// Exit status 3: pysdmx (or pandas) does not import.
    static let script = #"""
        import json
        import sys

        try:
            import pandas as pd
            from pysdmx.io import get_datasets
            from pysdmx.util import parse_short_urn
        except ImportError as error:
            print(f"pysdmx does not import: {error}", file=sys.stderr)
            sys.exit(3)

        # No structure: pysdmx's SDMX-CSV 1.0 reader alone.
        datasets = get_datasets(sys.argv[1])
        for dataset in datasets:
            reference = parse_short_urn(dataset.short_urn)
            frame = dataset.data
            print(json.dumps({
                "kind": "dataset", "structure": dataset.short_urn, "type": reference.sdmx_type,
                "agency": reference.agency, "id": reference.id, "version": reference.version,
                "observations": len(frame), "columns": [str(column) for column in frame.columns],
            }))
            for index, row in zip(frame.index, frame.itertuples(index=False, name=None)):
                values = {str(column): (None if pd.isna(value) else str(value)) for column, value in zip(frame.columns, row)}
                print(json.dumps({"kind": "observation", "row": int(index), "values": values}))
        """#

    struct Line: Decodable {
        var kind: String
        var structure: String?
        var type: String?
        var agency: String?
        var id: String?
        var version: String?
        var observations: Int?
        var columns: [String]?
        var row: Int?
        var values: [String: String?]?
    }

    /// Runs a program; standard output and error go to files (the output is megabytes).
    func execute(_ program: URL, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: Data, errors: String) {
        let outputFile = folder.appendingPathComponent("pysdmx.out")
        let errorFile = folder.appendingPathComponent("pysdmx.err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        let errors = try FileHandle(forWritingTo: errorFile)
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        try output.close()
        try errors.close()
        return (
            process.terminationStatus, try Data(contentsOf: outputFile),
            (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        )
    }

    /// A number as either side writes it; nil when missing (empty, or pandas' null or "NaN").
    func number(_ text: String?) -> Double? {
        guard let text, !text.isEmpty, text != "NaN" else { return nil }
        return Double(text) ?? .nan  // not a number: equal to nothing
    }

    @Test func pysdmxReadsTheSameValuesAsStatisticsCSV() async throws {
        let python = Fixtures.venvPython
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record(
                "python not found at \(python.path): run `make test` (its `interop` target installs the pinned pysdmx of requirements-interop.txt into $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv)"
            )
            return
        }

        let folder = Fixtures.temporaryFolder("sdmx")
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, extra: Fixtures.defaultStatisticsKeys)
        _ = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        let sdmx = output.appendingPathComponent("statistics.sdmx.csv")
        #expect(FileManager.default.fileExists(atPath: sdmx.path), "no statistics.sdmx.csv written")

        let script = folder.appendingPathComponent("read_sdmx.py")
        try Data(Self.script.utf8).write(to: script)
        let result = try execute(python, [script.path, sdmx.path], in: folder)
        if result.status == 3 {
            Issue.record("\(result.errors.trimmingCharacters(in: .whitespacesAndNewlines)) (with \(python.path)): run `make test`")
            return
        }
        try #require(result.status == 0, "pysdmx could not read \(sdmx.path): \(result.errors)")

        // What pysdmx read.
        let decoder = JSONDecoder()
        var datasets: [Line] = []
        var observations: [Line] = []
        for line in result.output.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let decoded = try decoder.decode(Line.self, from: Data(line))
            if decoded.kind == "dataset" { datasets.append(decoded) } else { observations.append(decoded) }
        }
        try #require(datasets.count == 1, "pysdmx read \(datasets.count) datasets: \(datasets.map { $0.structure ?? "?" })")
        let dataset = datasets[0]
        #expect(dataset.structure == "Dataflow=UNODC:DF_CYBERCRIME_SURVEY(1.0)")
        #expect(dataset.type == "Dataflow")
        #expect(dataset.agency == Self.dataflow.agency)
        #expect(dataset.id == Self.dataflow.id)
        #expect(dataset.version == Self.dataflow.version)
        #expect(dataset.columns == Self.columns, "pysdmx's columns")

        // statistics.csv, read as RFC 4180 CSV.
        let text = try String(contentsOf: output.appendingPathComponent("statistics.csv"), encoding: .utf8)
        let table = MinimalReader.splitCSV(text)
        let header = try #require(table.first)
        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset) })
        let rows = Array(table.dropFirst())
        for name in [
            "round", "chapter", "question_id", "option", "group_code", "n_responding", "percent", "ci_low", "ci_high", "flag",
            "n_in_group", "n_not_responding", "bound_low", "bound_high",
        ] {
            try #require(column[name] != nil, "statistics.csv has no column \(name)")
        }
        #expect(rows.count > 1000, "the demo gives thousands of rows, not \(rows.count)")
        #expect(rows.contains { $0[column["flag"]!] == "suppressed" }, "no suppressed row: empty values are not tested")
        #expect(rows.contains { $0[column["flag"]!] == "low_reliability" })
        #expect(rows.contains { $0[column["n_in_group"]!].isEmpty } && rows.contains { !$0[column["bound_low"]!].isEmpty },
            "both framed rows and rows without a frame are tested")

        #expect(dataset.observations == rows.count, "pysdmx's dataset size")
        #expect(observations.count == rows.count, "observations read by pysdmx vs rows of statistics.csv")
        #expect(observations.map { $0.row ?? -1 } == Array(0..<observations.count), "pysdmx's observations are not in file order")

        var mismatches: [String] = []
        for (index, observation) in observations.enumerated() where index < rows.count {
            let row = rows[index]
            let values = observation.values ?? [:]
            func cell(_ name: String) -> String { row[column[name]!] }
            func read(_ name: String) -> String? { values[name] ?? nil }
            let texts: [(sdmx: String, csv: String?)] = [
                ("REF_AREA", cell("group_code")), ("TIME_PERIOD", cell("round")), ("CHAPTER", cell("chapter")),
                ("QUESTION", cell("question_id")), ("OPTION", cell("option")),
                ("OBS_STATUS", Self.status[cell("flag")]), ("UNIT_MEASURE", "PT"),
            ]
            for (name, expected) in texts where read(name) != expected {
                mismatches.append("data row \(index + 1) \(name): pysdmx read \(read(name) ?? "null"), statistics.csv has \(expected ?? "flag \(cell("flag"))")")
            }
            let numbers = [
                ("OBS_VALUE", "percent"), ("LOWER_BOUND", "ci_low"), ("UPPER_BOUND", "ci_high"),
                ("N_RESPONDING", "n_responding"), ("N_IN_GROUP", "n_in_group"), ("N_NOT_RESPONDING", "n_not_responding"),
                ("NONRESPONSE_LOW", "bound_low"), ("NONRESPONSE_HIGH", "bound_high"),
            ]
            for (name, csvName) in numbers where number(read(name)) != number(cell(csvName)) {
                mismatches.append("data row \(index + 1) \(name): pysdmx read \(read(name) ?? "null"), statistics.csv \(csvName) is \(cell(csvName))")
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) differences, the first: \(mismatches.prefix(20).joined(separator: "; "))")
    }
}
