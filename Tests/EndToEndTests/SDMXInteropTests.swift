import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyPublish
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
        "NONRESPONSE_HIGH", "N_ANSWERED", "N_UNKNOWN", "DENOMINATOR",
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

    /// Runs a program in `folder` (the output is megabytes: ``ExternalProgram`` writes it to a file).
    func execute(_ program: URL, _ arguments: [String], in folder: URL) async throws -> (status: Int32, output: Data, errors: String) {
        let result = try await ExternalProgram.run(program, arguments, in: folder)
        return (result.status, result.output, result.errors)
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
        let result = try await execute(python, [script.path, sdmx.path], in: folder)
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
            "n_in_group", "n_not_responding", "bound_low", "bound_high", "n_answered", "n_unknown", "denominator",
        ] {
            try #require(column[name] != nil, "statistics.csv has no column \(name)")
        }
        #expect(rows.count > 1000, "the demo gives thousands of rows, not \(rows.count)")
        #expect(rows.contains { $0[column["flag"]!] == "suppressed" }, "no suppressed row: empty values are not tested")
        #expect(rows.contains { $0[column["flag"]!] == "low_reliability" })
        #expect(rows.contains { $0[column["n_in_group"]!].isEmpty } && rows.contains { !$0[column["bound_low"]!].isEmpty },
            "both framed rows and rows without a frame are tested")
        #expect(rows.contains { $0[column["denominator"]!] == "answered" } && rows.contains { $0[column["n_unknown"]!] != "0" },
            "rows of both denominators, with unknown answers, are tested")

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
                ("OBS_STATUS", Self.status[cell("flag")]), ("UNIT_MEASURE", "PT"), ("DENOMINATOR", cell("denominator")),
            ]
            for (name, expected) in texts where read(name) != expected {
                mismatches.append("data row \(index + 1) \(name): pysdmx read \(read(name) ?? "null"), statistics.csv has \(expected ?? "flag \(cell("flag"))")")
            }
            let numbers = [
                ("OBS_VALUE", "percent"), ("LOWER_BOUND", "ci_low"), ("UPPER_BOUND", "ci_high"),
                ("N_RESPONDING", "n_responding"), ("N_IN_GROUP", "n_in_group"), ("N_NOT_RESPONDING", "n_not_responding"),
                ("NONRESPONSE_LOW", "bound_low"), ("NONRESPONSE_HIGH", "bound_high"), ("N_ANSWERED", "n_answered"),
                ("N_UNKNOWN", "n_unknown"),
            ]
            for (name, csvName) in numbers where number(read(name)) != number(cell(csvName)) {
                mismatches.append("data row \(index + 1) \(name): pysdmx read \(read(name) ?? "null"), statistics.csv \(csvName) is \(cell(csvName))")
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) differences, the first: \(mismatches.prefix(20).joined(separator: "; "))")
    }

    /// Reads `statistics.sdmx-structure.xml` with pysdmx's SDMX-ML 2.1 reader (`read_sdmx`, which
    /// validates the message against the SDMX 2.1 schemas first), then `statistics.sdmx.csv` with
    /// that structure (`get_datasets(data, structure)`), and prints one JSON object: the structures,
    /// the DSD's components (id, role, attachment level, codelist), the codes of each codelist, the
    /// dataset's structure and columns, and per coded column the values of the data its codelist
    /// lacks. Exit status 3: pysdmx or its xml extra does not import.
    static let structureScript = #"""
        import json
        import sys

        try:
            from pysdmx.io import get_datasets, read_sdmx
            import pysdmx.io.xml  # noqa: F401 (the xml extra)
        except ImportError as error:
            print(f"pysdmx does not import: {error}", file=sys.stderr)
            sys.exit(3)

        structure, data = sys.argv[1], sys.argv[2]
        message = read_sdmx(structure)
        dsds = message.get_data_structure_definitions()
        flows = message.get_dataflows()
        codelists = {codelist.id: [code.id for code in codelist.codes] for codelist in message.get_codelists()}
        dsd = dsds[0]
        components = [
            {"id": c.id, "role": str(c.role.value if hasattr(c.role, "value") else c.role),
             "attachment": c.attachment_level, "codelist": (c.local_codes.id if c.local_codes is not None else None)}
            for c in dsd.components
        ]
        datasets = get_datasets(data, structure)
        dataset = datasets[0]
        frame = dataset.data
        missing = {}
        for component in components:
            if component["codelist"] and component["id"] in frame.columns:
                codes = set(codelists[component["codelist"]])
                values = sorted({str(v) for v in frame[component["id"]].dropna()} - codes)
                missing[component["id"]] = values
        print(json.dumps({
            "structures": sorted(s.short_urn for s in message.structures),
            "dsd": dsd.short_urn, "dataflows": [f.short_urn for f in flows],
            "flowStructure": str(flows[0].structure),
            "components": components, "codelists": codelists,
            "datasets": len(datasets), "datasetStructure": dataset.short_urn,
            "schema": type(dataset.structure).__name__,
            "columns": [str(c) for c in frame.columns], "observations": len(frame), "missing": missing,
        }))
        """#

    struct StructureReport: Decodable {
        struct Component: Decodable {
            var id: String
            var role: String
            var attachment: String?
            var codelist: String?
        }
        var structures: [String]
        var dsd: String
        var dataflows: [String]
        var flowStructure: String
        var components: [Component]
        var codelists: [String: [String]]
        var datasets: Int
        var datasetStructure: String
        var schema: String
        var columns: [String]
        var observations: Int
        var missing: [String: [String]]
    }

    @Test func pysdmxReadsTheStructureFileAndTheDataWithIt() async throws {
        let python = Fixtures.venvPython
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("python not found at \(python.path): run `make test` (its `interop` target installs pysdmx[data,xml])")
            return
        }
        let folder = Fixtures.temporaryFolder("sdmx-structure")
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, extra: Fixtures.defaultStatisticsKeys)
        _ = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        let structure = output.appendingPathComponent("statistics.sdmx-structure.xml")
        let data = output.appendingPathComponent("statistics.sdmx.csv")
        try #require(FileManager.default.fileExists(atPath: structure.path), "no statistics.sdmx-structure.xml written")

        let script = folder.appendingPathComponent("read_structure.py")
        try Data(Self.structureScript.utf8).write(to: script)
        let result = try await execute(python, [script.path, structure.path, data.path], in: folder)
        if result.status == 3 {
            Issue.record("\(result.errors.trimmingCharacters(in: .whitespacesAndNewlines)) (with \(python.path)): run `make interop`")
            return
        }
        try #require(result.status == 0, "pysdmx could not read \(structure.path) with \(data.path): \(result.errors)")
        let report = try JSONDecoder().decode(StructureReport.self, from: result.output)

        #expect(report.dataflows == ["Dataflow=UNODC:DF_CYBERCRIME_SURVEY(1.0)"])
        #expect(report.dsd == "DataStructure=UNODC:DSD_CYBERCRIME_SURVEY(1.0)")
        #expect(report.flowStructure.contains("DSD_CYBERCRIME_SURVEY"), "the dataflow references the DSD: \(report.flowStructure)")
        for codelist in ["CL_AREA", "CL_CHAPTER", "CL_QUESTION", "CL_OPTION", "CL_OBS_STATUS", "CL_UNIT_MEASURE"] {
            #expect(report.structures.contains("Codelist=UNODC:\(codelist)(1.0)"), "\(codelist) in \(report.structures)")
        }

        // The DSD's components are the CSV's columns: the dimensions in the CSV's order (the time
        // dimension, which SDMX-ML 2.1 lists last, apart), OBS_VALUE, the attributes in order.
        let dimensions = report.components.filter { $0.role == "D" || $0.role.lowercased().contains("dimension") }.map(\.id)
        let measures = report.components.filter { $0.role == "M" || $0.role.lowercased().contains("measure") }.map(\.id)
        let attributes = report.components.filter { $0.role == "A" || $0.role.lowercased().contains("attribute") }
        let csvDimensions = ["REF_AREA", "TIME_PERIOD", "CHAPTER", "QUESTION", "OPTION"]
        #expect(dimensions == csvDimensions.filter { $0 != "TIME_PERIOD" } + ["TIME_PERIOD"], "dimensions: \(report.components.map { "\($0.id) \($0.role)" })")
        #expect(measures == ["OBS_VALUE"])
        #expect(csvDimensions + measures + attributes.map(\.id) == Self.columns.filter { csvDimensions.contains($0) } + ["OBS_VALUE"] + Self.columns.filter { !csvDimensions.contains($0) && $0 != "OBS_VALUE" },
            "the attributes in the CSV's order")
        #expect(Set(report.components.map(\.id)) == Set(Self.columns), "the DSD's components and the CSV's columns")
        for coverage in ["N_IN_GROUP", "N_NOT_RESPONDING", "NONRESPONSE_LOW", "NONRESPONSE_HIGH", "N_ANSWERED", "N_UNKNOWN", "DENOMINATOR"] {
            let attribute = try #require(attributes.first { $0.id == coverage }, "\(coverage) is an attribute")
            #expect(attribute.attachment == "O", "\(coverage) is attached to the observation")
        }
        #expect(report.components.first { $0.id == "REF_AREA" }?.codelist == "CL_AREA")
        #expect(report.components.first { $0.id == "OBS_STATUS" }?.codelist == "CL_OBS_STATUS")

        // The data read with the structure: every coded value is in its codelist.
        #expect(report.datasets == 1)
        #expect(report.datasetStructure == "Dataflow=UNODC:DF_CYBERCRIME_SURVEY(1.0)")
        #expect(report.schema == "Schema", "pysdmx applied the structure to the data")
        let rows = MinimalReader.splitCSV(try String(contentsOf: data, encoding: .utf8)).dropFirst().filter { $0.count > 1 }
        #expect(report.observations == rows.count)
        #expect(report.missing.keys.sorted() == ["CHAPTER", "OBS_STATUS", "OPTION", "QUESTION", "REF_AREA", "UNIT_MEASURE"])
        for (column, values) in report.missing { #expect(values.isEmpty, "\(column) values not in the codelist: \(values)") }
        let areas = Set(report.codelists["CL_AREA"] ?? [])
        for code in ["001", "002", "150", "202", "053", "514", "515", "199", "432", "722", "outside"] {
            #expect(areas.contains(code), "CL_AREA has \(code)")
        }

        // Names in the six languages where the project has them (regions, questions), fixed header.
        let xml = try String(contentsOf: structure, encoding: .utf8)
        #expect(xml.contains("<mes:Prepared>\(SDMXStructure.prepared)</mes:Prepared>"))
        for language in Language.allCases { #expect(xml.contains("<com:Name xml:lang=\"\(language.rawValue)\">"), "names in \(language)") }
    }

    /// A release's structure (`legisurvey release`, docs/releases.md): the dataflow carries the
    /// release id as an annotation; pysdmx still reads the structure and the data with it.
    static let releaseScript = #"""
        import json
        import sys

        try:
            from pysdmx.io import get_datasets, read_sdmx
            import pysdmx.io.xml  # noqa: F401 (the xml extra)
        except ImportError as error:
            print(f"pysdmx does not import: {error}", file=sys.stderr)
            sys.exit(3)

        structure, data = sys.argv[1], sys.argv[2]
        message = read_sdmx(structure)
        flow = message.get_dataflows()[0]
        datasets = get_datasets(data, structure)
        print(json.dumps({
            "annotations": [{"id": a.id, "title": a.title, "type": a.type, "text": str(a.text)} for a in (flow.annotations or [])],
            "schema": type(datasets[0].structure).__name__, "observations": len(datasets[0].data),
        }))
        """#

    @Test func pysdmxReadsAReleasesStructureWithItsAnnotation() async throws {
        let python = Fixtures.venvPython
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("python not found at \(python.path): run `make test` (its `interop` target installs pysdmx[data,xml])")
            return
        }
        let folder = Fixtures.temporaryFolder("sdmx-release")
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, extra: Fixtures.defaultStatisticsKeys)
        var configuration = try PipelineConfiguration.load(path: pipelineFile.path)
        configuration.release = "2026-04-expert-group"
        _ = try await Pipeline(configuration: configuration).run()
        let structure = output.appendingPathComponent("statistics.sdmx-structure.xml")
        let data = output.appendingPathComponent("statistics.sdmx.csv")
        let script = folder.appendingPathComponent("read_release.py")
        try Data(Self.releaseScript.utf8).write(to: script)
        let result = try await execute(python, [script.path, structure.path, data.path], in: folder)
        if result.status == 3 {
            Issue.record("\(result.errors.trimmingCharacters(in: .whitespacesAndNewlines)) (with \(python.path)): run `make interop`")
            return
        }
        try #require(result.status == 0, "pysdmx could not read \(structure.path) with \(data.path): \(result.errors)")
        struct Report: Decodable {
            struct Annotation: Decodable {
                var id: String?
                var title: String?
                var type: String?
                var text: String?
            }
            var annotations: [Annotation]
            var schema: String
            var observations: Int
        }
        let report = try JSONDecoder().decode(Report.self, from: result.output)
        #expect(report.annotations.count == 1)
        #expect(report.annotations.first?.id == "RELEASE")
        #expect(report.annotations.first?.title == "2026-04-expert-group")
        #expect(report.annotations.first?.type == "LEGISURVEY_RELEASE")
        #expect(report.annotations.first?.text?.contains("LegiSurvey \(SoftwareVersion.current)") == true, "\(report.annotations)")
        #expect(report.schema == "Schema", "pysdmx applied the structure to the data")
        let rows = MinimalReader.splitCSV(try String(contentsOf: data, encoding: .utf8)).dropFirst().filter { $0.count > 1 }
        #expect(report.observations == rows.count)
    }

    @Test func theXMLWriterEscapesTextAndAttributes() {
        let tree = XMLTree("a", [("b", "x\"&<>")], [XMLTree("c", text: "1 < 2 & \u{1}3 > 0")])
        #expect(tree.rendered(document: false) == "<a b=\"x&quot;&amp;&lt;&gt;\">\n  <c>1 &lt; 2 &amp; 3 &gt; 0</c>\n</a>\n")
    }
}
