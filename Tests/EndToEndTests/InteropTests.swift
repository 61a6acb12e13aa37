import Foundation
@testable import legisurvey
import SurveyExtract
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyForms
import SurveyTestSupport
import Testing

/// The questionnaire is exported as an XLSForm, compiled by pyxform (what the Secretariat deploys
/// on ODK or Kobo), and read back as the pipeline's questionnaire; the same answers written in
/// every format a sender uses then give byte-identical statistics.csv. The writers below follow
/// the tools' documented shapes (docs/formats.md); they are not `legisurvey sample`.
@Suite(.serialized) struct InteropTests {
    /// Twelve countries from all regions; `values` are choice codes or numbers as text.
    static let countries = ["FRA", "DEU", "BRA", "CAN", "KEN", "SEN", "EGY", "IND", "JPN", "CHN", "AUS", "FJI"]
    static let questions = [
        "ch3_specific_law", "ch3_instruments", "ch3_main_law", "ch4_illegal_access", "ch4_csam", "ch5_search_basis",
        "ch5_search_used", "ch5_specialized_officers", "ch6_trained_share", "ch8_cert", "ta_digital_forensics_requested",
        "ta_digital_forensics_activities",
    ]

    /// Deterministic answers; every 7th item is left unanswered.
    static func answers(_ questionnaire: Questionnaire) -> [(country: String, values: [(String, [String])])] {
        countries.enumerated().map { c, country in
            var values: [(String, [String])] = []
            for (q, id) in questions.enumerated() where (c + q) % 7 != 3 {
                let question = questionnaire.question(id: id)!
                switch question.type {
                case .singleChoice, .legalForm:
                    values.append((id, [question.choices[(c * 3 + q) % question.choices.count].code]))
                case .multipleChoice:
                    let options = question.choices.map(\.code).filter { $0 != "none" }
                    values.append((id, [options[c % options.count], options[(c + q + 1) % options.count]].uniqued()))
                case .integer, .year: values.append((id, [String(10 * c + q)]))
                case .percent, .decimal: values.append((id, [String(5 * c)]))
                case .text: values.append((id, ["Law \(c) of 20\(10 + c)"]))
                }
            }
            return (country, values)
        }
    }

    /// Exports the project's questionnaire, compiles it with pyxform, returns the XForm.
    func compiledXForm(in folder: URL) async throws -> URL {
        let workbook = folder.appendingPathComponent("questionnaire.xlsx")
        try XLSFormWriter(questionnaire: Fixtures.questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).write(to: workbook)
        let xform = folder.appendingPathComponent("questionnaire.xml")
        let program = Fixtures.xls2xform
        try #require(
            FileManager.default.isExecutableFile(atPath: program.path),
            "xls2xform not found at \(program.path): run `make test`, whose pyxform target installs it")
        let result = try await ExternalProgram.run(program, ["--skip_validate", workbook.path, xform.path], mergeErrors: true)
        try #require(result.status == 0, "xls2xform: \(result.text)")
        return xform
    }

    /// Runs the pipeline on `files` with `questionnaire`; returns statistics.csv.
    func statistics(_ files: [String: String], questionnaire: URL, in folder: URL, name: String) async throws -> Data {
        let input = folder.appendingPathComponent("in-\(name)")
        let output = folder.appendingPathComponent("out-\(name)")
        try Fixtures.write(files, in: input)
        let pipelineFile = try Fixtures.pipelineFile(in: folder, input: input, output: output, questionnaire: questionnaire, name: name)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        #expect(summary.total.accepted == Self.countries.count, "\(name): \(summary.text)")
        #expect(summary.total.answersDropped == 0, "\(name): \(summary.text)")
        return try Data(contentsOf: output.appendingPathComponent("statistics.csv"))
    }

    @Test func everyFormatGivesTheSameStatistics() async throws {
        let folder = Fixtures.temporaryFolder("interop")
        let xform = try await compiledXForm(in: folder)
        let definition = try Extractor().readXForm(fileAt: xform)
        let questionnaire = Fixtures.questionnaire
        let answers = Self.answers(questionnaire)
        let yaml = Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml")

        let reference = try await statistics(["native.xml": Writers.nativeXML(answers)], questionnaire: yaml, in: folder, name: "yaml")
        let inboxes: [(String, [String: String])] = [
            ("native-xml", ["native.xml": Writers.nativeXML(answers)]),
            ("native-wide", ["wide.csv": Writers.wideCSV(answers)]),
            ("native-long", ["long.csv": Writers.longCSV(answers)]),
            ("xform-instances", Writers.instances(answers, definition)),
            ("odk-central", ["export.csv": Writers.central(answers, definition, questionnaire)]),
            ("kobo-values", ["kobo.csv": Writers.kobo(answers, definition, questionnaire, labels: false)]),
            ("kobo-labels", ["kobo.csv": Writers.kobo(answers, definition, questionnaire, labels: true)]),
        ]
        for (name, files) in inboxes {
            let data = try await statistics(files, questionnaire: xform, in: folder, name: name)
            #expect(data == reference, "\(name) differs from the native XML with the YAML questionnaire")
        }
        // The figures are real: the world row of a question every country answered.
        let text = String(decoding: reference, as: UTF8.self)
        #expect(text.contains("2026,3,ch3_specific_law,yes,world,001,"))
    }
}

/// Writers of each sender format, from the formats' documented shapes.
enum Writers {
    typealias Answers = [(country: String, values: [(String, [String])])]

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func csv(_ cells: [String], delimiter: String = ",", quoteAll: Bool = false) -> String {
        cells.map { cell in
            quoteAll || cell.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: delimiter) + "\r\n"
    }

    static func nativeXML(_ answers: Answers) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<submissions>\n"
        for (country, values) in answers {
            text += "  <submission country=\"\(country)\" round=\"2026\">\n"
            for (id, value) in values {
                text += "    <answer question=\"\(id)\">" + value.map { "<value>\(escape($0))</value>" }.joined() + "</answer>\n"
            }
            text += "  </submission>\n"
        }
        return text + "</submissions>\n"
    }

    static func wideCSV(_ answers: Answers) -> String {
        let ids = InteropTests.questions
        var text = csv(["country", "round"] + ids)
        for (country, values) in answers {
            let byID = Dictionary(uniqueKeysWithValues: values.map { ($0.0, $0.1.joined(separator: "|")) })
            text += csv([country, "2026"] + ids.map { byID[$0] ?? "" })
        }
        return text
    }

    static func longCSV(_ answers: Answers) -> String {
        var text = csv(["country", "round", "question_id", "value"])
        for (country, values) in answers {
            for (id, value) in values { for single in value { text += csv([country, "2026", id, single]) } }
        }
        return text
    }

    /// The leaf fields of the form, in form order, with their paths.
    static func leaves(_ definition: XFormDefinition) -> [XFormField] {
        definition.fields.filter { !$0.isGroup && $0.path.first != "meta" }
    }

    /// One XForm instance per submission, nested in the form's groups.
    static func instances(_ answers: Answers, _ definition: XFormDefinition) -> [String: String] {
        var files: [String: String] = [:]
        for (index, (country, values)) in answers.enumerated() {
            var byField = Dictionary(uniqueKeysWithValues: values.map { ($0.0, $0.1.joined(separator: " ")) })
            byField["country"] = country
            byField["round"] = "2026"
            var text = "<?xml version=\"1.0\"?>\n<\(definition.rootName) xmlns:orx=\"http://openrosa.org/xforms\" id=\"\(definition.formID)\" orx:version=\"\(definition.version ?? "")\">\n"
            var open: [String] = []
            for field in leaves(definition) {
                let groups = Array(field.path.dropLast())
                while !open.isEmpty && (open.count > groups.count || Array(groups.prefix(open.count)) != open) {
                    text += "</\(open.removeLast())>"
                }
                while open.count < groups.count {
                    open.append(groups[open.count])
                    text += "<\(open.last!)>"
                }
                text += "<\(field.name)>\(escape(byField[field.name] ?? ""))</\(field.name)>\n"
            }
            while let group = open.popLast() { text += "</\(group)>" }
            text += "<orx:meta><orx:instanceID>uuid:\(index)</orx:instanceID></orx:meta>\n</\(definition.rootName)>\n"
            files["instance-\(country).xml"] = text
        }
        return files
    }

    /// ODK Central: `-`-joined group paths, split select_multiple 0/1 columns, then its metadata.
    static func central(_ answers: Answers, _ definition: XFormDefinition, _ questionnaire: Questionnaire) -> String {
        var header = ["SubmissionDate"]
        var columns: [(field: String, option: String?)] = []
        for field in leaves(definition) {
            header.append(field.path.joined(separator: "-"))
            columns.append((field.name, nil))
            if questionnaire.question(id: field.name)?.type == .multipleChoice {
                for choice in questionnaire.question(id: field.name)!.choices {
                    header.append(field.path.joined(separator: "-") + "/" + choice.code)
                    columns.append((field.name, choice.code))
                }
            }
        }
        header += ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected",
            "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"]
        var text = csv(header)
        for (index, (country, values)) in answers.enumerated() {
            var byField = Dictionary(uniqueKeysWithValues: values.map { ($0.0, $0.1) })
            byField["country"] = [country]
            byField["round"] = ["2026"]
            var row = ["2026-03-01T10:00:\(String(format: "%02d", index)).000Z"]
            for (field, option) in columns {
                let value = byField[field]
                if let option { row.append(value == nil ? "" : (value!.contains(option) ? "1" : "0")) } else {
                    row.append((value ?? []).joined(separator: " "))
                }
            }
            row += ["uuid:\(index)", "uuid:\(index)", "7", "Focal point", "0", "0", "", index % 2 == 0 ? "approved" : "", "", "0", definition.version ?? ""]
            text += csv(row)
        }
        return text
    }

    /// KoboToolbox: `;`, every field quoted, `/`-joined paths, an HXL row, values as XML names
    /// or as English labels (the form's language), split 0/1 columns, then its metadata.
    static func kobo(_ answers: Answers, _ definition: XFormDefinition, _ questionnaire: Questionnaire, labels: Bool) -> String {
        var header: [String] = []
        var columns: [(field: String, option: String?)] = []
        for field in leaves(definition) {
            header.append(field.path.joined(separator: "/"))
            columns.append((field.name, nil))
            if questionnaire.question(id: field.name)?.type == .multipleChoice {
                for choice in questionnaire.question(id: field.name)!.choices {
                    header.append(field.path.joined(separator: "/") + "/" + choice.code)
                    columns.append((field.name, choice.code))
                }
            }
        }
        header += ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "_tags", "_index"]
        var text = csv(header, delimiter: ";", quoteAll: true)
        text += csv(header.map { $0 == "country" ? "#country" : "" }, delimiter: ";", quoteAll: true)
        for (index, (country, values)) in answers.enumerated() {
            var byField = Dictionary(uniqueKeysWithValues: values.map { ($0.0, $0.1) })
            byField["country"] = [country]
            byField["round"] = ["2026"]
            var row: [String] = []
            for (field, option) in columns {
                let value = byField[field]
                if let option { row.append(value == nil ? "" : (value!.contains(option) ? "1" : "0")) } else {
                    let question = questionnaire.question(id: field)
                    let written = (value ?? []).map { code in
                        labels ? (question?.choice(code: code)?.label.text(in: .en) ?? code) : code
                    }
                    row.append(written.joined(separator: " "))
                }
            }
            row += ["\(100 + index)", "kobo-\(index)", "2026-03-02T09:00:\(String(format: "%02d", index))", "", "", "submitted_via_web", "", "", "\(index + 1)"]
            text += csv(row, delimiter: ";", quoteAll: true)
        }
        return text
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
