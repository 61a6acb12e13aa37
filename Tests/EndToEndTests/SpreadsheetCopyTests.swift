import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveyTestSupport
import Testing

/// Issue 23: the spreadsheet copies under `excel/` (`excel_csv: true`) and the labels beside the
/// codes of the share tables (`question_text`, `option_label`, `group_name`).
@Suite struct SpreadsheetCopyTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")
    static let formLabels = Fixtures.packageRoot.appendingPathComponent("Pipelines/forms/xlsform-labels.yml")
    static let checker = Fixtures.packageRoot.appendingPathComponent("scripts/check-excel-csv.py")

    struct Check: Decodable {
        var differences: [String]
        var tables: Int
        var rows: Int
    }

    /// A demo run into `folder/name` with the extra pipeline keys `extra`.
    func run(_ folder: URL, _ name: String, extra: String) async throws -> (Pipeline, URL) {
        let output = folder.appendingPathComponent(name)
        let file = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, rounds: Fixtures.rounds, name: name,
            extra: Fixtures.defaultStatisticsKeys + "\nform_labels: \(Self.formLabels.path)\n" + extra)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path))
        _ = try await pipeline.run()
        return (pipeline, output)
    }

    /// The rows of a CSV file as Python's csv module reads them (header → cell).
    func records(_ file: URL) async throws -> [[String: String]] {
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", "import csv,json,sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))))", file.path])
        try #require(result.status == 0, "python3 failed: \(result.errors)")
        return try JSONDecoder().decode([[String: String]].self, from: result.output)
    }

    @Test func excelCopiesReadBackEqualToTheDefaultTablesAndLeaveSDMXAlone() async throws {
        let folder = Fixtures.temporaryFolder("excel-copies")
        let (pipeline, output) = try await run(folder, "excel", extra: "language: fr\nexcel_csv: true\n")
        // The numeric columns, from the registered table descriptions (what decides the decimal comma).
        var numeric: [String: [String]] = [:]
        for table in pipeline.tables { numeric[table.file] = table.table.columns.filter { $0.kind.isNumeric }.map(\.header) }
        let numericFile = folder.appendingPathComponent("numeric.json")
        try JSONEncoder().encode(numeric).write(to: numericFile)
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", Self.checker.path, output.path, numericFile.path])
        try #require(result.status == 0, "check-excel-csv.py failed: \(result.errors)")
        let check = try JSONDecoder().decode(Check.self, from: result.output)
        #expect(check.differences.isEmpty, "\(check.differences)")
        let copied = pipeline.tables.filter {
            $0.table.spreadsheetCopy && FileManager.default.fileExists(atPath: output.appendingPathComponent($0.file).path)
        }
        #expect(check.tables == copied.count && check.tables >= 19)
        #expect(check.rows > 10_000)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("excel/statistics.sdmx.csv").path))

        // SDMX: the same bytes whatever the language and the copies.
        let (_, plain) = try await run(folder, "plain", extra: "")
        let sdmx = try Data(contentsOf: output.appendingPathComponent("statistics.sdmx.csv"))
        #expect(sdmx == (try Data(contentsOf: plain.appendingPathComponent("statistics.sdmx.csv"))))
        #expect(!FileManager.default.fileExists(atPath: plain.appendingPathComponent("excel").path))
        // The default statistics.csv differs between the two runs only in the label columns.
        let french = try await records(output.appendingPathComponent("statistics.csv"))
        let english = try await records(plain.appendingPathComponent("statistics.csv"))
        let labels: Set<String> = ["question_text", "option_label", "group_name"]
        #expect(french.count == english.count)
        #expect(zip(french, english).allSatisfy { a, b in a.filter { !labels.contains($0.key) } == b.filter { !labels.contains($0.key) } })
    }

    /// legisurvey.xlsx read by openpyxl (scripts/check-workbook.py): every sheet equals its CSV file,
    /// numbers as numbers, percentages with one decimal, codes and rounds as text, the header frozen;
    /// the same bytes from the same inputs; `workbook: false` removes it.
    @Test func theWorkbookHoldsEveryTableAsItsCSVFile() async throws {
        let python = Fixtures.venvPython
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "python not found at \(python.path): run `make test` (its `interop` target installs openpyxl into $LEGISURVEY_VENV)")
        let folder = Fixtures.temporaryFolder("workbook")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (pipeline, output) = try await run(folder, "wb", extra: "language: fr\n")
        let workbook = output.appendingPathComponent(WorkbookCollector.file)
        let result = try await ExternalProgram.run(python, [Fixtures.packageRoot.appendingPathComponent("scripts/check-workbook.py").path, output.path])
        #expect(result.status == 0, "check-workbook.py: \(result.text)")
        let sheets = pipeline.tables.filter {
            $0.table.spreadsheetCopy && FileManager.default.fileExists(atPath: output.appendingPathComponent($0.file).path)
        }
        #expect(sheets.count >= 20)
        #expect(result.text.contains("check-workbook: \(sheets.count) sheets"), "\(result.text)")
        #expect(result.text.contains(", 0 problems"), "\(result.text)")

        let (_, again) = try await run(folder, "wb-again", extra: "language: fr\n")
        #expect(try Data(contentsOf: workbook) == Data(contentsOf: again.appendingPathComponent(WorkbookCollector.file)))
        _ = try await run(folder, "wb", extra: "language: fr\nworkbook: false\n")
        #expect(!FileManager.default.fileExists(atPath: workbook.path))
    }

    @Test func turningTheCopiesOffRemovesThem() async throws {
        let folder = Fixtures.temporaryFolder("excel-off")
        let (_, output) = try await run(folder, "out", extra: "excel_csv: true\n")
        let excel = output.appendingPathComponent("excel")
        #expect(FileManager.default.fileExists(atPath: excel.appendingPathComponent("statistics.csv").path))
        // A file of the analyst's own in excel/ is left alone; the copies go.
        try Data("mine".utf8).write(to: excel.appendingPathComponent("notes.txt"))
        _ = try await run(folder, "out", extra: "excel_csv: false\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: excel.path)
        #expect(left == ["notes.txt"])
        try FileManager.default.removeItem(at: excel.appendingPathComponent("notes.txt"))
        _ = try await run(folder, "out", extra: "")
        #expect(!FileManager.default.fileExists(atPath: excel.path))
    }

    /// Every row of statistics.csv names its question, option and group as the questionnaire, the
    /// form labels and the reference data do, in English and in French.
    @Test(arguments: [Language.en, .fr])
    func labelsAgreeWithTheQuestionnaireAndTheGroups(_ language: Language) async throws {
        let folder = Fixtures.temporaryFolder("labels-\(language.rawValue)")
        let (pipeline, output) = try await run(folder, "out", extra: "language: \(language.rawValue)\n")
        let questionnaires = [pipeline.questionnaire] + pipeline.definitions.questionnaires
        let anyForm = try FormLabels.load(from: Self.formLabels).tableOptions["any_form"]?.text(in: language)
        #expect(anyForm?.isEmpty == false)
        let reference = pipeline.reference
        let rows = try await records(output.appendingPathComponent("statistics.csv"))
        #expect(rows.count > 1000)
        var checked = 0
        for row in rows {
            let id = row["question_id"]!, option = row["option"]!
            let question = try #require(questionnaires.lazy.compactMap { $0.question(id: id) }.first)
            #expect(row["question_text"] == question.label.text(in: language), "\(id)")
            let expected = question.choice(code: option)?.label.text(in: language) ?? (option == "any_form" ? anyForm : nil)
            #expect(row["option_label"] == expected, "\(id) \(option)")
            let code = row["group_code"]!
            switch row["group_type"]! {
            case "world": #expect(row["group_name"] == (language == .fr ? "Monde" : "World"))
            case "region":
                let area = try #require(reference.regions.first { $0.code == code })
                #expect(row["group_name"] == (area.name[language] ?? area.name[.en]))
            case "subregion":
                let area = try #require(reference.subregions.first { $0.code == code })
                #expect(row["group_name"] == (area.name[language] ?? area.name[.en]))
            default: #expect(row["group_name"]?.isEmpty == false)
            }
            checked += 1
        }
        #expect(checked == rows.count)
    }
}
