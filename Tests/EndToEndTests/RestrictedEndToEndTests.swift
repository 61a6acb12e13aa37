import Foundation
import GRDB
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Restricted answers in whole runs on a copy of the demo inbox (issue 26, docs/restricted.md).
/// Planted: Ghana's XML submission marks two answers restricted with its own `restricted` field
/// (a canary number and a canary law title); Argentina's response time is restricted by the
/// restrictions file (a canary number); Guinea's CSV row restricts its whole submission
/// (`restricted` column: `all`). Then no public output holds a canary, State by State or in a
/// workbook; group figures with at least `restricted_minimum_states` answering States still count
/// them (without their minimum and maximum), smaller groups do not; the internal edition and the
/// store keep them.
@Suite struct RestrictedEndToEndTests {
    static let canaryNumber = "48611"
    static let canaryDays = "3217"
    static let canaryLaw = "Canary restricted law 7Q3X"

    static let restrictions = """
        restrictions:
          - country: ARG
            round: "2026"
            item: ch7_response_days
            reason: the ministry asked that its response times stay confidential
            source: letter from the focal point, 2026-03-01
            date: 2026-03-02

        """

    struct Setup {
        let folder: URL
        let inbox: URL
        let restrictionsFile: URL

        /// The demo inbox copied; with `plant`, the restrictions planted (without: the same canary
        /// values, nothing restricted).
        init(_ name: String, plant: Bool) throws {
            folder = Fixtures.temporaryFolder(name)
            inbox = folder.appendingPathComponent("inbox")
            try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Input"), to: inbox)
            restrictionsFile = folder.appendingPathComponent("restrictions.yml")
            try Data((plant ? RestrictedEndToEndTests.restrictions : "restrictions: []\n").utf8).write(to: restrictionsFile)
            try edit("demo-1-xml/GHA.xml") { text in
                text.replacingOccurrences(
                    of: "<answer question=\"ch7_mla_received\">26</answer>",
                    with: "<answer question=\"ch7_mla_received\">\(RestrictedEndToEndTests.canaryNumber)</answer>"
                        + (plant ? "\n  <answer question=\"restricted\">ch7_mla_received, ch3_main_law</answer>" : ""))
                    .replacingOccurrences(of: "Synthetic demo law No. 70 on cybercrime", with: RestrictedEndToEndTests.canaryLaw)
            }
            try edit("demo-1-xml/ARG.xml") { text in
                text.replacingOccurrences(
                    of: "<answer question=\"ch7_response_days\">136</answer>",
                    with: "<answer question=\"ch7_response_days\">\(RestrictedEndToEndTests.canaryDays)</answer>")
            }
            if plant {
                // Guinea's row of the wide CSV: a `restricted` column, `all` on its row only.
                try edit("demo-2-wide.csv") { text in
                    // Lines end in CRLF (one Character in Swift): split on it.
                    var lines = text.components(separatedBy: "\r\n")
                    #expect(lines.count > 10, "the wide CSV's lines")
                    for index in lines.indices where !lines[index].isEmpty {
                        lines[index] += index == 0 ? ",restricted" : (lines[index].hasPrefix("GIN,2026,") ? ",all" : ",")
                    }
                    return lines.joined(separator: "\r\n")
                }
            }
        }

        func edit(_ file: String, _ change: (String) -> String) throws {
            let url = inbox.appendingPathComponent(file)
            let before = try String(contentsOf: url, encoding: .utf8)
            let after = change(before)
            #expect(after != before, "\(file) was not changed")
            try Data(after.utf8).write(to: url)
        }

        func run(_ output: String, internalEdition: Bool = false, minimumStates: Int = 5) async throws -> URL {
            let out = folder.appendingPathComponent(output)
            var configuration = try PipelineConfiguration.load(
                path: Fixtures.pipelineFile.path, input: inbox.path, output: out.path,
                store: out.appendingPathComponent("store.sqlite").path)
            configuration.restrictions = restrictionsFile
            configuration.internalEdition = internalEdition
            configuration.restrictedMinimumStates = minimumStates
            _ = try await Pipeline(configuration: configuration).run()
            return out
        }
    }

    /// The ways a number can be written in an output: plainly, with a thousands separator of any
    /// of the six languages.
    static func spellings(_ value: String) -> [String] {
        guard value.count > 3 else { return [value] }
        let head = value.dropLast(3)
        let tail = value.suffix(3)
        return [value] + [",", ".", " ", "\u{00A0}", "\u{202F}", "'", "٬"].map { "\(head)\($0)\(tail)" }
    }

    /// Whether `text` holds `canary` as a value of its own: a number not inside a longer number
    /// (`81.83217857` holds no 3217).
    static func holds(_ text: String, _ canary: String) -> Bool {
        guard canary.first?.isNumber == true else { return text.contains(canary) }
        func isDigitOrPoint(_ c: Character?) -> Bool { c.map { $0.isNumber || $0 == "." } ?? false }
        var searchFrom = text.startIndex
        while let range = text.range(of: canary, range: searchFrom..<text.endIndex) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
            if !isDigitOrPoint(before) && !(after?.isNumber ?? false) { return true }
            searchFrom = range.upperBound
        }
        return false
    }

    static var canaries: [String] {
        spellings(canaryNumber) + spellings(canaryDays) + [canaryLaw, canaryLaw.replacingOccurrences(of: " ", with: "&#32;")]
    }

    /// Every file of an output folder that may be forwarded: all but the internal edition, each
    /// State's own letters, and the store. A workbook is read entry by entry.
    static func publicTexts(_ output: URL) async throws -> [(file: String, text: String)] {
        let manager = FileManager.default
        var texts: [(String, String)] = []
        let enumerator = try #require(manager.enumerator(at: output, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator {
            let relative = String(url.path.dropFirst(output.path.count + 1))
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            if relative.hasPrefix("countries/internal/") || relative.hasPrefix("report.internal") || relative.hasPrefix("feedback/")
                || relative.hasPrefix("store.sqlite") || relative.hasSuffix(".lock")
            {
                continue
            }
            if relative.hasSuffix(".xlsx") {
                for (entry, text) in try await zipEntries(url) { texts.append(("\(relative)!\(entry)", text)) }
            } else {
                texts.append((relative, String(decoding: try Data(contentsOf: url), as: UTF8.self)))
            }
        }
        return texts
    }

    /// The text of every entry of a zip archive, read by Python's zipfile (an independent reader).
    static func zipEntries(_ url: URL) async throws -> [(String, String)] {
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            [
                "-c",
                "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: z.read(n).decode('utf-8','replace') for n in z.namelist()}))",
                url.path,
            ])
        let data = result.output
        #expect(result.status == 0, "\(result.errors)")
        let entries = try JSONDecoder().decode([String: String].self, from: data)
        #expect(entries.count > 3, "the workbook has sheets")
        return entries.sorted { $0.key < $1.key }
    }

    /// The rows of a CSV output as cells by header.
    static func rows(_ output: URL, _ file: String) throws -> [[String: String]] {
        let records = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8))
        var header = try #require(records.first)
        if header[0].hasPrefix("\u{FEFF}") { header[0].removeFirst() }
        return records.dropFirst().filter { $0.count == header.count }.map {
            Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first })
        }
    }

    @Test func noPublicOutputHoldsARestrictedValueAndGroupFiguresCountThemWhereEnoughStatesAnswered() async throws {
        let planted = try Setup("restricted-planted", plant: true)
        // 15 States: the world and the larger groups count Ghana's answer, Africa (14 answered) does not.
        let minimum = 15
        let output = try await planted.run("out", internalEdition: true, minimumStates: minimum)
        let unrestricted = try Setup("restricted-none", plant: false)
        let baseline = try await unrestricted.run("out")

        // The canaries are in the unrestricted run's public files (the scan can find them)…
        let baselineTexts = try await Self.publicTexts(baseline)
        for canary in [Self.canaryNumber, Self.canaryDays, Self.canaryLaw] {
            #expect(baselineTexts.contains { Self.holds($0.text, canary) }, "\(canary) in some public output of the unrestricted run")
        }
        // …and in none of the restricted run's.
        let texts = try await Self.publicTexts(output)
        #expect(texts.count > 50, "the scan reads every public output (\(texts.count) files and workbook entries)")
        for (file, text) in texts {
            for canary in Self.canaries { #expect(!Self.holds(text, canary), "\(canary) in \(file)") }
        }

        // answers.csv: the withheld cells are empty, and named.
        let answers = try Self.rows(output, "answers.csv")
        let ghana = try #require(answers.first { $0["round"] == "2026" && $0["country"] == "GHA" })
        #expect(ghana["restricted_items"] == "ch3_main_law ch7_mla_received")
        #expect(ghana["ch3_main_law"] == "" && ghana["ch7_mla_received"] == "")
        #expect(ghana["ch3_specific_law"] != "", "Ghana's other answers are published")
        let guinea = try #require(answers.first { $0["round"] == "2026" && $0["country"] == "GIN" })
        #expect(guinea["ch3_specific_law"] == "" && guinea["ch3_main_law"] == "", "Guinea restricted its whole submission")
        #expect((guinea["restricted_items"] ?? "").split(separator: " ").count > 20)
        let argentina = try #require(answers.first { $0["round"] == "2026" && $0["country"] == "ARG" })
        #expect(argentina["restricted_items"] == "ch7_response_days")

        // Group figures: a group with at least `minimum` answering States counts Ghana's number (its
        // n is the unrestricted run's, without minimum and maximum); a smaller group does not.
        func numeric(_ out: URL) throws -> [String: [String: String]] {
            Dictionary(
                try Self.rows(out, "numeric_statistics.csv").filter { $0["round"] == "2026" && $0["question_id"] == "ch7_mla_received" }
                    .map { ($0["group_code"]!, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let restricted = try numeric(output)
        let full = try numeric(baseline)
        let world = try #require(restricted["001"])
        #expect(world["n"] == full["001"]?["n"] && world["mean"] == full["001"]?["mean"], "the world figure counts Ghana's answer")
        #expect(world["min"] == "" && world["max"] == "", "a figure counting a restricted value has no minimum or maximum")
        #expect(full["001"]?["max"] == Self.canaryNumber, "without the restriction Ghana's value is the world's maximum")
        var smaller = 0
        for (group, row) in full {
            let n = Int(row["n"] ?? "") ?? 0
            let withheld = Int(restricted[group]?["n"] ?? "") ?? 0
            if n >= minimum {
                #expect(withheld == n, "group \(group): \(n) answering States count every answer")
            } else {
                #expect(withheld <= n, "group \(group)")
                if withheld < n { smaller += 1 }
            }
        }
        #expect(smaller > 0, "some group under \(minimum) answering States leaves Ghana's answer out")
        // The shares: Guinea's answers are counted in the world's share of ch3_specific_law.
        func worldShare(_ out: URL) throws -> String? {
            try Self.rows(out, "statistics.csv").first {
                $0["round"] == "2026" && $0["question_id"] == "ch3_specific_law" && $0["group_code"] == "001" && $0["option"] == "no"
            }?["n_responding"]
        }
        #expect(try worldShare(output) == worldShare(baseline))

        // The internal edition shows them, marked; the public profile says they are not published.
        let internalGhana = try String(contentsOf: output.appendingPathComponent("countries/internal/GHA.html"), encoding: .utf8)
        #expect(internalGhana.contains(Self.canaryNumber) && internalGhana.contains(Self.canaryLaw))
        #expect(internalGhana.contains("class=\"restricted\""))
        let publicGhana = try String(contentsOf: output.appendingPathComponent("countries/GHA.html"), encoding: .utf8)
        #expect(publicGhana.contains("not published (restricted answer)"))
        // The report's map of a headline item (issue 27) reads the public view: Guinea answered
        // (the response map says so) but its answer is not published; Ghana's is.
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let answerMap = ReportTests.tiles(report, after: "data-map=\"answer\" data-question=\"ch3_specific_law\"")
        #expect(answerMap["GIN"]?.status == "withheld" && answerMap["GIN"]?.title == "Guinea: not published")
        #expect(ReportTests.tiles(report, after: "data-map=\"response\"")["GIN"]?.status == "answered")
        let ghanaAnswer = try #require(ghana["ch3_specific_law"])
        #expect(answerMap["GHA"]?.title == "Ghana: \(ghanaAnswer)")
        #expect(report.contains("<li data-status=\"withheld\" data-count=\"1\">"))

        // The store keeps the sender's values and marks.
        let queue = try DatabaseQueue(path: output.appendingPathComponent("store.sqlite").path)
        let stored = try await queue.read { db in
            try Double.fetchOne(
                db,
                sql: """
                    SELECT a.number FROM answer a JOIN submission s ON s.key = a.submission_key
                    WHERE s.country = 'GHA' AND s.round = '2026' AND s.status = 'accepted' AND a.question_id = 'ch7_mla_received'
                    """)
        }
        #expect(stored == Double(Self.canaryNumber))
        let marks = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT country || ':' || restricted FROM submission WHERE restricted IS NOT NULL ORDER BY country")
        }
        #expect(marks == ["GHA:ch7_mla_received ch3_main_law", "GIN:*"])
    }

    /// The questionnaire declares ch7_mla_received `public: false`: no State's answer is
    /// published, the world figure still counts them all.
    @Test func anItemDeclaredNotPublicIsWithheldForEveryState() async throws {
        let setup = try Setup("restricted-questionnaire", plant: false)
        let original = Fixtures.packageRoot.appendingPathComponent("Pipelines/questionnaires/cybercrime-survey.yml")
        let text = try String(contentsOf: original, encoding: .utf8)
        let declared = text.replacingOccurrences(
            of: "  - id: ch7_mla_received\n    chapter: \"7\"\n", with: "  - id: ch7_mla_received\n    chapter: \"7\"\n    public: false\n")
        #expect(declared != text)
        let questionnaire = setup.folder.appendingPathComponent("questionnaire.yml")
        try Data(declared.utf8).write(to: questionnaire)
        let out = setup.folder.appendingPathComponent("out")
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: setup.inbox.path, output: out.path,
            store: out.appendingPathComponent("store.sqlite").path)
        configuration.questionnaire = questionnaire
        configuration.restrictions = setup.restrictionsFile
        _ = try await Pipeline(configuration: configuration).run()

        let rows = try Self.rows(out, "answers.csv").filter { $0["round"] == "2026" }
        #expect(rows.count > 50)
        #expect(rows.allSatisfy { $0["ch7_mla_received"] == "" }, "no State's answer is published")
        let withheld = rows.filter { ($0["restricted_items"] ?? "").split(separator: " ").contains("ch7_mla_received") }
        let world = try #require(
            try Self.rows(out, "numeric_statistics.csv").first {
                $0["round"] == "2026" && $0["question_id"] == "ch7_mla_received" && $0["group_code"] == "001"
            })
        #expect(withheld.count >= 60, "every State that answered has it withheld")
        let baseline = try await setup.run("base")
        let full = try #require(
            try Self.rows(baseline, "numeric_statistics.csv").first {
                $0["round"] == "2026" && $0["question_id"] == "ch7_mla_received" && $0["group_code"] == "001"
            })
        #expect(world["n"] == full["n"] && world["mean"] == full["mean"], "the world figure counts every withheld answer")
        #expect(world["min"] == "" && world["max"] == "" && world["median"] != "")
        let ghana = try String(contentsOf: out.appendingPathComponent("countries/GHA.json"), encoding: .utf8)
        #expect(ghana.contains("\"restricted\" : true"))
    }

    @Test func aRestrictedFieldNamingAnUnknownItemRestrictsTheWholeSubmission() async throws {
        let setup = try Setup("restricted-unknown", plant: false)
        try setup.edit("demo-1-xml/GHA.xml") { text in
            text.replacingOccurrences(
                of: "<answer question=\"ch3_main_law\">",
                with: "<answer question=\"restricted\">ch7_mla_recieved</answer>\n  <answer question=\"ch3_main_law\">")
        }
        let output = try await setup.run("out")
        let ghana = try #require(try Self.rows(output, "answers.csv").first { $0["round"] == "2026" && $0["country"] == "GHA" })
        #expect(ghana["ch3_specific_law"] == "" && ghana["ch7_mla_received"] == "")
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        let line = try #require(report.split(separator: "\r\n").first { $0.contains("restricted-item-unknown") })
        #expect(line.contains("demo-1-xml/GHA.xml") && line.contains("ch7_mla_recieved"))
    }

    @Test func aRestrictionInErrorStopsTheRunWithItsLine() async throws {
        let setup = try Setup("restricted-invalid", plant: false)
        try Data(
            """
            restrictions:
              - country: ARG
                round: "2026"
                item: ch7_response_dayz
                reason: r
                source: s
                date: 2026-03-02

            """.utf8
        ).write(to: setup.restrictionsFile)
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: setup.inbox.path, output: setup.folder.appendingPathComponent("out").path,
            store: setup.folder.appendingPathComponent("out/store.sqlite").path)
        configuration.restrictions = setup.restrictionsFile
        let error = try #require(throws: DefinitionError.self) { try Pipeline(configuration: configuration) }
        let text = "\(error)"
        #expect(text.contains("restrictions.yml:2") && text.contains("ch7_response_dayz") && text.contains("unknown item"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: setup.folder.appendingPathComponent("out/answers.csv").path))
    }
}
