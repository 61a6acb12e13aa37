import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveyTestSupport
import Testing

/// answers.csv, codebook.csv, answers.do and answers.sps on the demo (issue 23): the answers agree
/// with an independent reading of the inbox, every column is in the codebook, and the scripts
/// label every column and option once, in well-formed syntax.
@Suite(.serialized) struct AnswersTableTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")
    /// One country per format family, each with one submission per round (no revision, no
    /// exclusion): Benin in native XML (`demo-1-xml/BEN.xml`, labels in several languages),
    /// Guatemala in the wide CSV (`demo-2-wide.csv`, and the 2022 baseline, another questionnaire
    /// version), Singapore as an XForm instance (`demo-6-odk-instances/SGP.xml`, and 2022).
    static let countries = ["BEN", "GTM", "SGP"]

    /// One run with labels, shared by the tests that only read its outputs.
    static let labelsRun = Task { try await AnswersTableTests().run("answers-demo") }

    /// The project's pipeline file on the demo inbox, into a temporary folder.
    func run(_ name: String, values: AnswerValues = .labels) async throws -> (output: URL, definitions: PipelineDefinitions) {
        let output = Fixtures.temporaryFolder(name).appendingPathComponent("out")
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Self.input.path, output: output.path,
            store: output.appendingPathComponent("s.sqlite").path)
        configuration.answerValues = values
        let summary = try await Pipeline(configuration: configuration).run()
        #expect(summary.total.isBalanced)
        return (output, try PipelineDefinitions(configuration: configuration))
    }

    @Test func thePipelineFileChoosesLabelsOrCodes() throws {
        let folder = Fixtures.temporaryFolder("answers-key")
        func load(_ extra: String) throws -> PipelineConfiguration {
            let file = try Fixtures.pipelineFile(in: folder, input: folder, output: folder.appendingPathComponent("out"), extra: extra)
            return try PipelineConfiguration.load(path: file.path)
        }
        #expect(try load("").answerValues == .labels)
        #expect(try load("answers: {values: codes}").answerValues == .codes)
        #expect(try load("answers: {values: labels}").answerValues == .labels)
        #expect(throws: (any Error).self) { try load("answers: {values: numbers}") }
    }

    static func table(_ url: URL) throws -> [[String]] {
        MinimalReader.splitCSV(try String(contentsOf: url, encoding: .utf8))
    }

    /// The definitions the oracle needs, as JSON: each round's questionnaire (ids, types, options
    /// and their labels in every language) and the names of the chosen countries.
    static func definitionsJSON(_ definitions: PipelineDefinitions) throws -> Data {
        func labels(_ text: LocalizedText) -> [String: String] {
            Dictionary(uniqueKeysWithValues: text.values.map { ($0.key.rawValue, $0.value) })
        }
        let rounds: [[String: Any]] = definitions.configuration.rounds.map { round in
            let questionnaire = definitions.roundQuestionnaires[round] ?? definitions.questionnaire
            return [
                "id": round, "version": questionnaire.version,
                "questions": questionnaire.questions.map { question -> [String: Any] in
                    [
                        "id": question.id, "type": question.type.rawValue,
                        "choices": question.choices.map { ["code": $0.code, "labels": labels($0.label)] },
                    ]
                },
            ]
        }
        var countries: [String: [String]] = [:]
        for iso3 in Self.countries {
            let country = try #require(definitions.reference.country(iso3: iso3))
            var names = [country.iso3, country.iso2, country.m49] + country.aliases
            for text in [country.name, country.formalName] {
                for name in text.values.values {
                    names.append(name)
                    // "Bénin (le)": the name without its article.
                    if let open = name.firstIndex(of: "(") { names.append(String(name[..<open])) }
                }
            }
            countries[iso3] = names
        }
        let object: [String: Any] = [
            "language": definitions.configuration.language.rawValue, "default_round": definitions.configuration.defaultRound,
            "values": definitions.configuration.answerValues.rawValue, "rounds": rounds, "countries": countries,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }


    @Test func answersAgreeWithAnIndependentReadingOfTheInbox() async throws {
        let (output, definitions) = try await Self.labelsRun.value
        let json = output.deletingLastPathComponent().appendingPathComponent("definitions.json")
        try Self.definitionsJSON(definitions).write(to: json)
        let script = Fixtures.packageRoot.appendingPathComponent("scripts/answers-oracle.py")
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, Self.input.path, json.path] + Self.countries)
        try #require(result.status == 0, "the oracle failed: \(result.errors)")
        let oracle = MinimalReader.splitCSV(result.text)
        let answers = try Self.table(output.appendingPathComponent("answers.csv"))
        let header = try #require(answers.first)
        #expect(oracle.first == header, "the oracle's columns (every round's questions, in the documented order)")
        let expected = oracle.dropFirst()
        #expect(Set(expected.map { $0[1] }) == Set(Self.countries))
        #expect(expected.count >= 5, "Guatemala and Singapore answered two rounds")
        let got = answers.dropFirst().filter { Self.countries.contains($0[1]) }
        #expect(got.count == expected.count, "one row per country and round")
        var cells = 0
        for row in expected {
            guard let mine = got.first(where: { $0[0] == row[0] && $0[1] == row[1] }) else {
                Issue.record("answers.csv has no row \(row[1]) \(row[0])")
                continue
            }
            #expect(mine.count == header.count)
            for (index, column) in header.enumerated() where index < row.count && index < mine.count {
                cells += 1
                #expect(mine[index] == row[index], "\(row[1]) \(row[0]) \(column)")
            }
        }
        #expect(cells == expected.count * header.count)
        // The three were read from three format families, and answered something in each.
        for row in expected { #expect(row.dropFirst(3).contains { !$0.isEmpty }, "\(row[1]) \(row[0]) answered") }
    }

    @Test func everyColumnIsInTheCodebookAndNotAnsweredIsNeverZero() async throws {
        let (output, _) = try await Self.labelsRun.value
        let answers = try Self.table(output.appendingPathComponent("answers.csv"))
        let codebook = try Self.table(output.appendingPathComponent("codebook.csv"))
        let header = try #require(answers.first)
        let book = try #require(codebook.first)
        let rows = codebook.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(book, $0)) }
        var columns: [String] = []
        for row in rows where columns.last != row["column"] { columns.append(row["column"]!) }
        #expect(columns == header, "every column of answers.csv, in order, once")
        #expect(Set(header).count == header.count)
        for key in ["stata_name", "spss_name"] {
            let names = columns.map { column in rows.first { $0["column"] == column }![key]! }
            #expect(Set(names.map { key == "spss_name" ? $0.lowercased() : $0 }).count == names.count, "\(key) unique")
            for name in names {
                #expect(name.range(of: "^[A-Za-z_][A-Za-z0-9_]*$", options: .regularExpression) != nil, "\(name)")
                #expect(name.utf8.count <= (key == "stata_name" ? 32 : 64), "\(name)")
            }
        }
        #expect(rows.contains { $0["stata_name"] != $0["column"] }, "the demo has a header longer than Stata allows")

        // Multiple choice: the joined column empty exactly when every 0/1 column is; never 0 for
        // "not answered". A question is answered only in the rounds whose questionnaire asks it.
        let kinds = Dictionary(rows.map { ($0["column"]!, ($0["kind"]!, $0["question_id"]!)) }) { first, _ in first }
        let asked = Dictionary(rows.map { ($0["column"]!, Set($0["rounds"]!.split(separator: ";").map(String.init))) }) { a, _ in a }
        var optionCells = 0
        var unansweredMultiple = 0
        for row in answers.dropFirst() {
            for (index, column) in header.enumerated() {
                let (kind, question) = kinds[column]!
                if kind != "identifier", !asked[column]!.contains(row[0]) {
                    #expect(row[index].isEmpty, "\(row[1]) \(row[0]) \(column): not asked, yet answered")
                }
                guard kind == "option", let selected = header.firstIndex(of: question) else { continue }
                optionCells += 1
                if row[selected].isEmpty {
                    unansweredMultiple += 1
                    #expect(row[index].isEmpty, "\(row[1]) \(row[0]) \(column): not answered is never 0")
                } else {
                    #expect(row[index] == "0" || row[index] == "1", "\(row[1]) \(row[0]) \(column)")
                }
            }
        }
        #expect(optionCells > 100)
        #expect(unansweredMultiple > 0, "the demo has unanswered multiple-choice questions")
    }

    @Test func theStataAndSPSSScriptsLabelEveryColumnAndOptionOnce() async throws {
        let (output, definitions) = try await Self.labelsRun.value
        let codebook = try Self.table(output.appendingPathComponent("codebook.csv"))
        let book = try #require(codebook.first)
        let rows = codebook.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(book, $0)) }
        let language = definitions.configuration.language.rawValue
        try Self.checkScripts(
            stata: try String(contentsOf: output.appendingPathComponent("answers.do"), encoding: .utf8),
            spss: try String(contentsOf: output.appendingPathComponent("answers.sps"), encoding: .utf8),
            codebook: rows, language: language)
    }

    /// Parses both scripts and checks them against the codebook's rows.
    static func checkScripts(stata stataText: String, spss spssText: String, codebook rows: [[String: String]], language: String) throws {
        let stata = try StataScript(stataText)
        let spss = try SPSSScript(spssText)
        var columns: [String] = []
        for row in rows where columns.last != row["column"] { columns.append(row["column"]!) }
        func first(_ column: String) -> [String: String] { rows.first { $0["column"] == column }! }
        // Stata: columns by position, a label for every variable, value labels for coded columns.
        let renamed = Dictionary(stata.renames.filter { $0.from != "_code" }.map { ($0.from, $0.to) }) { first, _ in first }
        #expect(stata.renames.filter { $0.from == "_code" }.count == stata.valueLabels.count - 1, "each coded column renamed back once")
        for (index, column) in columns.enumerated() {
            let row = first(column)
            let name = row["stata_name"]!
            #expect((renamed["v\(index + 1)"] ?? "v\(index + 1)") == name, "\(column) read from its position")
            let labels = stata.variableLabels[name] ?? []
            #expect(labels.count == 1, "Stata: \(name) labelled once")
            if let raw = labels.first, let text = row["text_\(language)"], !text.isEmpty {
                let label = CSVText.neutralized(raw)  // as codebook.csv writes the text
                // Stata cannot hold `"'` in compound quotes: the script breaks it with a space.
                var broken = String.UnicodeScalarView()
                for scalar in text.unicodeScalars {
                    if scalar == "'", broken.last == "\"" { broken.append(" ") }
                    broken.append(scalar)
                }
                let text = String(broken)
                #expect(text.hasPrefix(label.hasSuffix("…") ? String(label.dropLast()) : label) || label.hasPrefix(text), "\(name): \(label)")
            }
            let options = rows.filter { $0["column"] == column && !$0["option_value"]!.isEmpty }
            switch row["kind"]! {
            case "answer" where !options.isEmpty:
                let defined = stata.valueLabels[name] ?? []
                #expect(defined.count == 1, "Stata: \(name)'s value labels defined once")
                let pairs = defined.first ?? []
                #expect(pairs.map(\.0) == options.map { Int($0["option_value"]!)! })
                // codebook.csv's cells are neutralized as every CSV cell is (a label starting with `-`).
                #expect(pairs.map { CSVText.neutralized($0.1) } == options.map { $0["option_label_\(language)"]! })
                #expect(stata.attached[name] == [name])
            case "option":
                #expect(stata.attached[name] == ["selected01"], "Stata: \(name) is 0/1")
                #expect(stata.destrung.contains(name))
            case "answer" where ["integer", "decimal", "percent", "year"].contains(row["type"]!):
                #expect(stata.destrung.contains(name))
            default:
                #expect(stata.attached[name] == nil, "\(name) keeps its text")
            }
        }
        #expect(Set(stata.variableLabels.keys).count == columns.count, "no label for a variable that is not a column")

        // SPSS: the variables read in order, a label for each, value labels for coded columns.
        #expect(spss.variables.map(\.name) == columns.map { first($0)["spss_name"]! })
        for column in columns {
            let row = first(column)
            let name = row["spss_name"]!
            #expect(spss.variableLabels[name]?.count == 1, "SPSS: \(name) labelled once")
            let options = rows.filter { $0["column"] == column && !$0["option_value"]!.isEmpty }
            let defined = spss.valueLabels[name] ?? []
            switch row["kind"]! {
            case "answer" where !options.isEmpty:
                #expect(defined.count == 1, "SPSS: \(name)'s value labels once")
                #expect((defined.first ?? []).map(\.0) == options.map { Int($0["option_value"]!)! })
                #expect((defined.first ?? []).map { CSVText.neutralized($0.1) } == options.map { $0["option_label_\(language)"]! })
            case "option":
                #expect(defined.count == 1 && defined[0].map(\.0) == [0, 1], "SPSS: \(name) is 0/1")
            default:
                #expect(defined.isEmpty, "SPSS: \(name) has no value labels")
            }
        }
        #expect(Set(spss.variableLabels.keys).count == columns.count)
    }

    @Test func codesInsteadOfLabelsOnRequest() async throws {
        let (output, _) = try await run("answers-codes", values: .codes)
        let answers = try Self.table(output.appendingPathComponent("answers.csv"))
        let header = try #require(answers.first)
        let codebook = try Self.table(output.appendingPathComponent("codebook.csv"))
        let book = try #require(codebook.first)
        let rows = codebook.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(book, $0)) }
        // Every coded cell is one of its column's codes, and the codebook says so.
        var checked = 0
        for row in rows where !row["option_value"]!.isEmpty { #expect(row["answers_value"] == row["option_code"]) }
        for (index, column) in header.enumerated() {
            let codes = Set(rows.filter { $0["column"] == column && !$0["option_value"]!.isEmpty }.map { $0["option_code"]! })
            guard !codes.isEmpty else { continue }
            for row in answers.dropFirst() where !row[index].isEmpty {
                checked += 1
                #expect(codes.contains(row[index]), "\(column): \(row[index])")
            }
        }
        #expect(checked > 1000)
        try Self.checkScripts(
            stata: try String(contentsOf: output.appendingPathComponent("answers.do"), encoding: .utf8),
            spss: try String(contentsOf: output.appendingPathComponent("answers.sps"), encoding: .utf8), codebook: rows,
            language: "en")
    }
}

/// Labels that need escaping in Stata (`"`, `` ` ``, `$`) and SPSS (`'`), long labels and
/// non-Latin scripts reach both scripts intact (or cut where the format's limit says).
@Suite struct AnswerScriptQuotingTests {
    static func text(_ english: String) -> LocalizedText {
        LocalizedText([.en: english, .ar: "نص \(english)", .fr: "l'\(english)", .zh: "文本"])
    }

    @Test func awkwardLabelsAreQuotedForEachFormat() throws {
        let awkward = [
            "He said \"yes\"", "l'accès d'État", "costs $100 or `more'", "100% sure; really", "a \\ backslash",
            String(repeating: "very long label ", count: 12),
            // Quotes and Stata's specials followed by a combining mark: other characters, the same scalars.
            "a \"\u{0301}' b", "tick `\u{0301}x and $\u{0301}HOME", "l'\u{0301}État \"\u{0301}dit\"\u{0301}", "x \"'\u{0301} y",
            // A label that starts as a formula does: answers.csv writes it with a leading ', and the recodes must match that.
            "- Other (specify)", "=1",
        ]
        let choices = (Array(awkward.prefix(5)) + awkward.suffix(2)).enumerated().map { Choice(code: "c\($0.offset)", label: Self.text($0.element)) }
        var questions = awkward.enumerated().map { index, label in
            Question(id: "q\(index)_single", chapter: .legislation, type: .singleChoice, label: Self.text(label), choiceList: "l", choices: choices)
        }
        questions.append(
            Question(id: "q_multiple_with_a_rather_long_identifier", chapter: .prevention, type: .multipleChoice, label: Self.text("Pick \"any\""), choiceList: "l", choices: choices))
        questions.append(Question(id: "q_number", chapter: .evidence, type: .decimal, label: Self.text("A 'number'"), unit: Self.text("days")))
        let questionnaire = Questionnaire(id: "t", version: "1", title: Self.text("T"), questions: questions)
        for language in [Language.en, .ar, .fr] {
            let layout = AnswerLayout(rounds: [("2026", questionnaire)], language: language, values: .labels, respondents: true)
            let codebook = Publisher.codebook(layout)
            let csv = try Publisher.text(Publisher.codebookTable, Publisher.codebookRows(codebook))
            let table = MinimalReader.splitCSV(csv)
            let rows = table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(table[0], $0)) }
            #expect(rows.contains { $0["column"] == "respondent" })
            let stata = StatisticalScripts.stata(codebook, language: language)
            let spss = StatisticalScripts.spss(codebook, language: language, widths: [:])
            try AnswersTableTests.checkScripts(stata: stata, spss: spss, codebook: rows, language: language.rawValue)
            if language == .en {
                // answers.csv holds `'- Other (specify)` (neutralized): the recodes compare with that.
                #expect(stata.contains(#"if q0_single == `"'- Other (specify)"'"#), "\(stata)")
                #expect(spss.contains(#"('''- Other (specify)'="#) && spss.contains(#"('''=1'="#), "\(spss)")
            }
        }
    }

    /// A multiple-choice question `m` (options a and b), a decimal `n`, then text questions.
    static func multipleNumberAndTexts(_ texts: [String], secondOption: String) -> Questionnaire {
        let choices = [Choice(code: "a", label: Self.text("A")), Choice(code: "b", label: Self.text(secondOption))]
        return Questionnaire(
            id: "t", version: "1", title: Self.text("T"),
            questions: [
                Question(id: "m", chapter: .legislation, type: .multipleChoice, label: Self.text("M"), choiceList: "l", choices: choices),
                Question(id: "n", chapter: .legislation, type: .decimal, label: Self.text("N")),
            ] + texts.map { Question(id: $0, chapter: .legislation, type: .text, label: Self.text($0.uppercased())) })
    }

    /// answers.sps's widths: the longest cell of each column as written, the same whatever the
    /// rows' chunks, and as a plain pass over every cell gives them.
    @Test func longestCellsAreTheSameInAnyChunks() {
        let questionnaire = Self.multipleNumberAndTexts(["t", "e"], secondOption: "Bb, \"b\"")
        let layout = AnswerLayout(rounds: [("2026", questionnaire)], language: .en, values: .labels, respondents: true)
        var random = SplitMix64(seed: 512)
        let rows = (0..<700).map { index -> AnswersRow in
            let length = Int(random.next() % 40)
            let text = String(repeating: index % 7 == 0 ? "é\"" : "x", count: length)
            let options = [["a"], ["b"], ["a", "b"], []][Int(random.next() % 4)]
            return AnswersRow(
                round: "2026", roundPosition: 0, country: "FRA", respondent: "r\(index)", version: "1",
                answers: [options.isEmpty ? nil : GivenAnswer(options: options), GivenAnswer(number: Double(random.next() % 100_000) / 8),
                    length == 0 ? nil : GivenAnswer(text: (index % 5 == 0 ? "=" : "") + text), nil],
                asked: [true, true, true, true])
        }
        var plain: [String: Int] = [:]
        for row in rows {
            for (column, cell) in zip(layout.columns, layout.cells(row)) {
                let bytes = CSVText.encode(cell).utf8.count
                if bytes > plain[column.header] ?? 0 { plain[column.header] = bytes }
            }
        }
        #expect(plain["t"] ?? 0 > 40 && plain["e"] == nil && plain["respondent"] == 4)
        for size in [1, 7, 512, 699, 700, 10_000] {
            #expect(layout.longestCells(rows, rowsPerChunk: size) == plain, "chunks of \(size)")
        }
        #expect(layout.longestCells([]) == [:])
    }

    /// The widths as a run's rows give them: ids into tables of values shared by many rows (two
    /// tables here), answers no row shows (only they would be the longest), empty answers, a
    /// question one round does not ask, ids past a short row's end. Measured per distinct answer,
    /// they equal a plain pass over every cell.
    @Test func longestCellsOfSharedTablesAreThoseOfEveryCell() {
        let questionnaire = Self.multipleNumberAndTexts(["t", "e", "u"], secondOption: "Bb, \"b\"")
        for respondents in [false, true] {
            for restricted in [false, true] {
                let layout = AnswerLayout(
                    rounds: [("2025", questionnaire), ("2026", questionnaire)], language: .fr, values: .labels,
                    respondents: respondents, restricted: restricted)
                var random = SplitMix64(seed: respondents ? 77 : 78)
                func text(_ length: Int) -> String {
                    // CR LF is one Character: a cell can hold it, or a lone CR or LF.
                    let alphabet: [Character] = ["a", "b", ",", "\"", "=", "é", "\r\n", "\r", "\n", " ", "x"]
                    return String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                }
                func table() -> AnswerValueTable {
                    let unseen = GivenAnswer(text: String(repeating: "z", count: 500))  // id 1: no row shows it
                    return AnswerValueTable(columns: [
                        [GivenAnswer(), unseen, GivenAnswer(options: ["a"]), GivenAnswer(options: ["b", "a"]), GivenAnswer(options: ["zz"]), GivenAnswer()],
                        [GivenAnswer(), unseen, GivenAnswer(number: 1e-7), GivenAnswer(number: 12_345_678), GivenAnswer(number: -2.5)],
                        [GivenAnswer(), unseen] + (0..<40).map { _ in GivenAnswer(text: text(Int(random.next() % 30))) },
                        nil,
                        [GivenAnswer(), unseen, GivenAnswer()],
                    ])
                }
                let tables = [table(), table()]
                let rows = (0..<900).map { index -> AnswersRow in
                    let values = tables[index % 3 == 0 ? 1 : 0]
                    let asked = index % 4 == 0 ? [true, false, true, true, true] : [true, true, true, true, true]
                    var ids = (0..<5).map { q -> UInt32 in
                        guard asked[q], let column = values.columns[q], random.next() % 5 != 0 else { return 0 }
                        return UInt32(2 + Int(random.next() % UInt64(column.count - 2)))
                    }
                    if index % 7 == 0 { ids.removeLast(2) }
                    var row = AnswersRow(
                        round: index % 2 == 0 ? "2025" : "2026", roundPosition: index % 2, country: ["FRA", "=X", "C\"D"][index % 3],
                        respondent: index % 5 == 0 ? nil : "r,\(index)", version: "1", answerIDs: ids, values: values, asked: asked)
                    if index % 6 == 0 { row.restricted = ["t", "n"] }
                    return row
                }
                var plain: [String: Int] = [:]
                for row in rows {
                    for (column, cell) in zip(layout.columns, layout.cells(row)) {
                        let bytes = CSVText.encode(cell).utf8.count
                        if bytes > plain[column.header] ?? 0 { plain[column.header] = bytes }
                    }
                }
                #expect(plain["t"] ?? 0 < 500 && plain["u"] == nil && plain["e"] == nil && plain["m__a"] == 1)
                for size in [1, 64, 900, 5_000] {
                    #expect(layout.longestCells(rows, rowsPerChunk: size) == plain, "chunks of \(size)")
                }
            }
        }
    }

    @Test func cellsKeepNumbersAsStoredAndNeverSayNoForNotAnswered() {
        let questionnaire = Self.multipleNumberAndTexts(["t"], secondOption: "B")
        let layout = AnswerLayout(rounds: [("2026", questionnaire)], language: .en, values: .labels, respondents: false)
        #expect(layout.columns.map(\.header) == ["round", "country", "questionnaire_version", "m", "m__a", "m__b", "n", "t"])
        func line(_ answers: [GivenAnswer?]) -> String {
            CSVText.line(
                layout.cells(
                    AnswersRow(round: "2026", roundPosition: 0, country: "FRA", respondent: nil, version: "1", answers: answers, asked: [true, true, true])))
        }
        #expect(line([GivenAnswer(options: ["b", "a"]), GivenAnswer(number: 37.5), GivenAnswer(text: "=SUM(A1)")])
            == "2026,FRA,1,A; B,1,1,37.5,'=SUM(A1)\r\n")
        #expect(line([nil, GivenAnswer(number: 12), nil]) == "2026,FRA,1,,,,12,\r\n")
        #expect(line([GivenAnswer(options: ["a"]), GivenAnswer(number: -0.125), GivenAnswer(text: "Loi n° 1, \"cyber\"")])
            == "2026,FRA,1,A,1,0,-0.125,\"Loi n° 1, \"\"cyber\"\"\"\r\n")
        #expect(AnswerLayout.numberText(1e20) == "100000000000000000000")
        #expect(AnswerLayout.numberText(0.1 + 0.2) == "0.30000000000000004")
    }
}
