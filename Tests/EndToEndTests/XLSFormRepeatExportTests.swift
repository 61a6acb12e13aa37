import Foundation
import SurveyModel
import SurveyDefinitions
import SurveyForms
import SurveyTransform
import SurveyTestSupport
import Testing

/// Issue 20: the XLSForm export writes each repeat group as `begin_repeat` … `end_repeat` at its
/// position, sub-questions and nested repeats inside; pyxform compiles it to `<repeat>`s at the
/// expected nodesets, and reading the compiled XForm back as a questionnaire gives the same
/// repeat tree.
@Suite struct XLSFormRepeatExportTests {
    static let six: [Language] = [.en, .fr, .es, .ru, .zh, .ar]
    static func text(_ english: String) -> LocalizedText {
        LocalizedText(Dictionary(uniqueKeysWithValues: six.map { ($0, $0 == .en ? english : "\(english) (\($0.rawValue))") }))
    }

    /// Two chapter questions with the repeat `laws` between them (position 1: after chapter 3's
    /// group); `laws` holds a nested repeat `amendments` after its second sub-question, and
    /// shares the choice list `status` with the top-level question.
    static let nested: Questionnaire = {
        let status = [
            Choice(code: "in_force", label: text("In force")), Choice(code: "draft", label: text("Draft")),
            Choice(code: "unknown", label: text("Unknown"), isDontKnow: true),
        ]
        let acts = [
            Choice(code: "access", label: text("Access"), chapter: .criminalization),
            Choice(code: "spam", label: text("Spam"), chapter: .criminalization),
        ]
        var questionnaire = Questionnaire(
            id: "nested-repeat", version: "3", title: text("Nested"),
            questions: [
                Question(id: "ch3_status", chapter: .legislation, type: .singleChoice, label: text("Status of the framework"), choiceList: "status", choices: status),
                Question(id: "ch4_share", chapter: .criminalization, type: .percent, label: text("Share"), minimum: 0, maximum: 100),
            ])
        let amendments = RepeatGroup(
            id: "amendments", chapter: .legislation, label: text("Amendments"),
            questions: [
                Question(id: "year", chapter: .legislation, type: .year, label: text("Year"), minimum: 1950, maximum: 2030),
                Question(id: "summary", chapter: .legislation, type: .text, label: text("Summary")),
            ], position: 2)
        questionnaire.repeats = [
            RepeatGroup(
                id: "laws", chapter: .legislation, label: text("Laws"),
                questions: [
                    Question(id: "title", chapter: .legislation, type: .text, label: text("Title")),
                    Question(id: "status", chapter: .legislation, type: .singleChoice, label: text("Status"), choiceList: "status", choices: status),
                    Question(id: "acts", chapter: .criminalization, type: .multipleChoice, label: text("Acts"), choiceList: "acts", choices: acts),
                ], repeats: [amendments], position: 1)
        ]
        return questionnaire
    }()

    func survey(_ questionnaire: Questionnaire) throws -> [[String: String]] {
        let workbook = try XLSFormWriter(questionnaire: questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).workbook()
        let entry = try #require(try XLSXZipReader.entries(of: workbook).first { $0.name == "xl/worksheets/sheet1.xml" })
        return try XLSXSheetReader.records(entry.data)
    }

    func choices(_ questionnaire: Questionnaire) throws -> [[String: String]] {
        let workbook = try XLSFormWriter(questionnaire: questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).workbook()
        let entry = try #require(try XLSXZipReader.entries(of: workbook).first { $0.name == "xl/worksheets/sheet2.xml" })
        return try XLSXSheetReader.records(entry.data)
    }

    @Test func repeatsAreWrittenAtTheirPositionWithTheirSubQuestions() throws {
        let rows = try survey(Self.nested)
        let lines = rows.map { "\($0["type"] ?? "") \($0["name"] ?? "")" }
        #expect(lines == [
            "select_one countries country", "text round",
            "begin_group ch3", "select_one status ch3_status", "end_group ch3",
            "begin_repeat laws", "text title", "select_one status status",
            "begin_repeat amendments", "integer year", "text summary", "end_repeat amendments",
            "select_multiple acts acts", "end_repeat laws",
            "begin_group ch4", "decimal ch4_share", "end_group ch4",
        ])
        let laws = try #require(rows.first { $0["name"] == "laws" })
        #expect(laws["bind::unodc:chapter"] == "3")
        #expect(laws["label::French (fr)"] == "Laws (fr)")
        #expect(laws["label::Arabic (ar)"] == "Laws (ar)")
        let year = try #require(rows.first { $0["name"] == "year" })
        #expect(year["bind::unodc:qtype"] == "year")
        #expect(year["constraint"] == ". >= 1950 and . <= 2030")
        #expect(year["label::Chinese (zh)"] == "Year (zh)")
        #expect(rows.first { $0["name"] == "acts" }?["bind::unodc:chapter"] == "4")

        // Each list once (status serves a question and a sub-question), `dont_know` as for questions.
        // (The country field's list comes last: XLSFormConstraintTests.)
        let lists = try choices(Self.nested).filter { $0["list_name"] != "countries" }
        #expect(lists.map { "\($0["list_name"] ?? "").\($0["name"] ?? "")" } == [
            "status.in_force", "status.draft", "status.unknown", "acts.access", "acts.spam",
        ])
        #expect(lists.first { $0["name"] == "unknown" }?["dont_know"] == "true")
        #expect(lists.first { $0["name"] == "spam" }?["chapter"] == "4")
        #expect(lists.first { $0["name"] == "draft" }?["label::Russian (ru)"] == "Draft (ru)")
    }

    /// The project's questionnaire ends with its three repeats, after the last chapter group.
    @Test func theProjectsRepeatsFollowTheLastChapter() throws {
        let rows = try survey(Fixtures.questionnaire)
        let lines = rows.map { "\($0["type"] ?? "") \($0["name"] ?? "")" }
        let end = try #require(lines.firstIndex(of: "end_group ta"))
        #expect(lines[end + 1] == "begin_repeat laws")
        let laws = try #require(Fixtures.questionnaire.repeatGroup(path: ["laws"]))
        let lawsEnd = try #require(lines.firstIndex(of: "end_repeat laws"))
        #expect(Array(rows[(end + 2)..<lawsEnd].map { $0["name"] ?? "" }) == laws.questions.map(\.id))
        #expect(lines[lawsEnd + 1] == "begin_repeat practices")
        // 2026.3 adds the assistance received (issue 25), after the inventory.
        let practicesEnd = try #require(lines.firstIndex(of: "end_repeat practices"))
        #expect(lines[practicesEnd + 1] == "begin_repeat ta_support")
        #expect(lines.last == "end_repeat ta_support")
        let listed = try choices(Fixtures.questionnaire).map { $0["list_name"] ?? "" }
        for list in ["inventory_acts", "inventory_powers", "inventory_law_type", "inventory_law_status", "practice_kind", "practice_chapter"] {
            #expect(listed.contains(list), "list \(list) missing")
        }
    }

    @Test func twoSubQuestionsOfOneNameAreRefused() throws {
        var questionnaire = Self.nested
        questionnaire.repeats[0].questions.append(Question(id: "title", chapter: .legislation, type: .text, label: Self.text("Again")))
        #expect(throws: FormExportError.self) { try self.survey(questionnaire) }
        var empty = Self.nested
        empty.repeats[0].repeats[0].questions = []
        do {
            _ = try survey(empty)
            Issue.record("an empty repeat was written")
        } catch {
            #expect("\(error)".contains("repeat laws/amendments has no questions"), "\(error)")
        }
    }

    /// What survives the round trip through pyxform, per sub-question.
    struct Shape: Equatable, CustomStringConvertible {
        var id: String
        var type: QuestionType
        var chapter: Chapter
        var label: LocalizedText
        var codes: [String]
        var dontKnow: [String]
        var bounds: [Double?]
        init(_ question: Question) {
            id = question.id
            type = question.type
            chapter = question.chapter
            label = question.label
            codes = question.choices.map(\.code)
            dontKnow = question.choices.filter(\.isDontKnow).map(\.code)
            bounds = [question.minimum, question.maximum]
        }
        var description: String { "\(id) \(type) \(chapter) \(codes) \(bounds)" }
    }

    /// The repeat tree as the round trip must keep it: paths, chapters, positions, labels, sub-questions.
    static func tree(_ questionnaire: Questionnaire) -> [String] {
        questionnaire.allRepeatGroups.map { path, group in
            "\(path.joined(separator: "/")) ch\(group.chapter.rawValue) @\(group.position) \(group.label.values.count) languages: "
                + group.questions.map { Shape($0).description }.joined(separator: "; ")
        }
    }

    /// Compiles `questionnaire` with pyxform; the XForm's text and the file.
    func compile(_ questionnaire: Questionnaire, _ name: String) async throws -> (text: String, url: URL) {
        let program = Fixtures.xls2xform
        guard FileManager.default.isExecutableFile(atPath: program.path) else {
            throw Failure("xls2xform not found at \(program.path): run `make test` (its `pyxform` target installs it)")
        }
        let folder = Fixtures.temporaryFolder("xlsform-repeat")
        let workbook = folder.appendingPathComponent("\(name).xlsx")
        let xform = folder.appendingPathComponent("\(name).xml")
        try XLSFormWriter(questionnaire: questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference, rounds: Fixtures.rounds).write(to: workbook)
        let result = try await XLSFormExportTests().execute(program, [workbook.path, xform.path, "--skip_validate"])
        guard result.status == 0, let text = try? String(contentsOf: xform, encoding: .utf8) else {
            throw Failure("xls2xform failed: \(result.output)")
        }
        return (text, xform)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func pyxformCompilesANestedRepeatAndItReadsBack() async throws {
        let (text, url) = try await compile(Self.nested, "nested")
        #expect(text.contains(#"<repeat nodeset="/data/laws">"#), "\(text)")
        #expect(text.contains(#"<repeat nodeset="/data/laws/amendments">"#))
        #expect(text.contains(#"<bind nodeset="/data/laws/amendments/year" type="int""#))
        #expect(text.contains(#"<bind nodeset="/data/laws" unodc:chapter="3"/>"#))
        #expect(text.contains(#"<laws jr:template="">"#))

        let back = try Questionnaire.load(from: url, chapters: [:])
        #expect(back.questions.map(\.id) == Self.nested.questions.map(\.id))
        #expect(Self.tree(back) == Self.tree(Self.nested))
        for (path, group) in Self.nested.allRepeatGroups {
            let read = try #require(back.repeatGroup(path: path), "\(path)")
            #expect(read.label == group.label, "\(path)")
            #expect(read.questions.map(Shape.init) == group.questions.map(Shape.init), "\(path)")
            #expect(read.repeats.map(\.id) == group.repeats.map(\.id))
        }
        #expect(back.repeatFields.isEmpty)
    }

    /// The project's questionnaire, its `laws` and `practices` included, compiles; the repeats
    /// are at `/data/laws` and `/data/practices` and read back the same.
    @Test func pyxformCompilesTheProjectsRepeatsAndTheyReadBack() async throws {
        let project = Fixtures.questionnaire
        let (text, url) = try await compile(project, "project")
        #expect(text.contains(#"<repeat nodeset="/data/laws">"#))
        #expect(text.contains(#"<repeat nodeset="/data/practices">"#))
        #expect(text.contains(#"<select ref="/data/laws/acts">"#))
        for list in ["inventory_acts", "inventory_powers", "practice_chapter"] {
            #expect(text.contains(#"<instance id="\#(list)">"#), "list \(list)")
        }
        let back = try Questionnaire.load(from: url, chapters: [:])
        #expect(Self.tree(back) == Self.tree(project))
        for (path, group) in project.allRepeatGroups {
            let read = try #require(back.repeatGroup(path: path), "\(path)")
            #expect(read.questions.map(Shape.init) == group.questions.map(Shape.init), "\(path)")
        }
    }
}

/// The repeat groups an XForm questionnaire gives (here the form pyxform compiles from the export)
/// are the ones Transform places repeat answers in: paths, sub-question checks, nested repeats.
@Suite struct XFormRepeatTransformTests {
    @Test func answersInTheCompiledFormsRepeatsArePlacedByPath() async throws {
        let (_, url) = try await XLSFormRepeatExportTests().compile(XLSFormRepeatExportTests.nested, "transform")
        let questionnaire = try Questionnaire.load(from: url, chapters: [:])
        let transformer = Transformer(
            questionnaire: questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)
        let location = SourceLocation(file: "t.xml", line: 1)
        func inside(_ groups: [String], _ positions: [Int], _ field: String, _ value: String, _ line: Int) -> RawAnswer {
            RawAnswer(
                field: field, values: [value], location: SourceLocation(file: "t.xml", line: line), groups: groups,
                groupPositions: positions)
        }
        let raw = RawSubmission(
            location: location, format: .xformInstance, ordinal: 1, country: RawValue("FRA", at: location),
            round: RawValue("2026", at: location),
            answers: [
                inside(["ch3"], [1], "ch3_status", "in_force", 2),
                inside(["laws"], [1], "title", "Law one", 3),
                inside(["laws"], [2], "title", "Law two", 4),
                inside(["laws"], [2], "status", "draft", 5),
                inside(["laws", "amendments"], [2, 1], "year", "2019", 6),
                inside(["laws", "amendments"], [2, 2], "year", "1800", 7),
            ])
        let result = transformer.transform(raw)
        #expect(result.answers.map(\.questionID) == ["ch3_status"])
        let byField = Dictionary(result.repeatAnswers.map { ($0.field, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(byField["laws[1]/title"] == .text("Law one"))
        #expect(byField["laws[2]/status"] == .choice("draft"))
        #expect(byField["laws[2]/amendments[1]/year"] == .number(2019))
        // The sub-question's bounds came through the form (1950–2030): 1800 is out of range.
        #expect(byField["laws[2]/amendments[2]/year"] == nil)
        #expect(result.diagnostics.contains { $0.code == .numberOutOfRange })
    }
}
