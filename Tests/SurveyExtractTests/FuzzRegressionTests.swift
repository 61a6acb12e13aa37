import Foundation
import SurveyExtract
import SurveyModel
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// Inputs the fuzz targets in `Fuzz/` (Fuzz/README.md) found problems with, fed through the same
/// public API as the target that found them. Each stays here so the problem does not come back.
@Suite struct FuzzRegressionTests {
    // MARK: FuzzXML

    /// FuzzXML, a timeout: in an XForm instance, every group path seen a second time made the
    /// reader look again at every answer read so far, building each one's path as a string. A
    /// 58 KB file of repeated groups took 80 seconds under the fuzzer; a 256 MB inbox file could
    /// stop the run for good. Now only the answers of the group's first occurrence are looked at.
    /// (No timing is asserted here: the input stays as the case that used to hang.)
    @Test func instanceWithManyRepeatedGroupsIsRead() throws {
        let groups = 4_000
        var xml = "<data id=\"f\">" + String(repeating: "<a>x</a>", count: groups)
        for index in 0..<groups {
            xml += "<g\(index)><v>\(index)</v></g\(index)><g\(index)><v>\(index)</v></g\(index)>"
        }
        xml += "</data>"
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(bytes: Array(xml.utf8), path: "fuzz-repeats.xml") { submissions.append($0) }

        #expect(file.diagnostics.isEmpty)
        let answers = try #require(submissions.first).answers
        #expect(answers.count == 3 * groups)
        // A repeated leaf field counts its occurrences from the second on.
        #expect(answers.prefix(groups).allSatisfy { $0.field == "a" })
        #expect(answers.prefix(groups).map(\.repeatIndex) == [nil] + (2...groups).map { $0 })
        #expect(answers.dropFirst(groups).map(\.repeatIndex) == Array(repeating: [1, 2], count: groups).flatMap { $0 })
        #expect(answers.dropFirst(groups).allSatisfy { $0.field == "v" && $0.groups.count == 1 })
    }

    /// The same fix keeps the repetition numbers as they were: the first occurrence's fields are
    /// marked 1 once a second shows the group repeats, nested repeats number their own
    /// occurrences, and a repeated leaf field is not a repeat group.
    @Test func repeatNumbersAreUnchangedByTheFix() throws {
        let xml = """
            <data id="f"><r><a>1</a><b>2</b></r><r><a>3</a></r>\
            <n><s><c>1</c></s><s><c>2</c></s></n><n><s><c>3</c></s></n>\
            <x>7</x><x>8</x><meta><instanceID>uuid:1</instanceID></meta></data>
            """
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(bytes: Array(xml.utf8), path: "fuzz-repeats.xml") { submissions.append($0) }
        #expect(file.diagnostics.isEmpty)
        let submission = try #require(submissions.first)
        #expect(submission.metadata.instanceID == "uuid:1")
        let seen = submission.answers.map { "\(($0.groups + [$0.field]).joined(separator: "/"))=\($0.values[0])#\($0.repeatIndex ?? 0)" }
        #expect(
            seen == [
                "r/a=1#1", "r/b=2#1", "r/a=3#2",
                "n/s/c=1#1", "n/s/c=2#2", "n/s/c=3#3",
                "x=7#0", "x=8#2",
            ])
    }

    // MARK: FuzzQuestionnaireYAML

    /// FuzzQuestionnaireYAML, a stack overflow: Yams builds its nodes recursively, so a
    /// questionnaire (or pipeline or reference file) nested a few thousand levels deep crashed the
    /// run instead of failing with one `legisurvey: error:` line. Flow collections, compact block
    /// sequences and flow mappings all did.
    @Test(arguments: ["flow sequences", "block sequences", "flow mappings"])
    func deeplyNestedYAMLIsAnErrorNotACrash(_ nesting: String) throws {
        let levels = 50_000
        let yaml =
            switch nesting {
            case "flow sequences": "id: " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
            case "block sequences": String(repeating: "- ", count: levels) + "x"
            default: "id: " + String(repeating: "{a: ", count: levels) + "1" + String(repeating: "}", count: levels)
            }
        let url = try write(yaml + "\n")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let error = try #require(throws: DefinitionError.self) { try Questionnaire.load(from: url) }
        #expect(error == .invalidDefinition(path: url.path, detail: "nested more than 64 levels deep"))
    }

    /// The limit: 64 levels of sequences and mappings are read (the files use five), 65 are not.
    @Test func nestingUpToTheLimitIsRead() throws {
        func questionnaire(extraDepth: Int) -> String {
            """
            id: t
            version: "1"
            title: {ar: t, en: t, es: t, fr: t, ru: t, zh: t}
            choice_lists: {}
            questions: [{id: ch3_q, chapter: "3", type: text, label: {ar: q, en: q, es: q, fr: q, ru: q, zh: q}}]
            extra: \(String(repeating: "[", count: extraDepth))\(String(repeating: "]", count: extraDepth))

            """
        }
        // The top-level mapping is the first level.
        let deepest = try write(questionnaire(extraDepth: 63))
        defer { try? FileManager.default.removeItem(at: deepest.deletingLastPathComponent()) }
        #expect(try Questionnaire.load(from: deepest).questions.map(\.id) == ["ch3_q"])

        let tooDeep = try write(questionnaire(extraDepth: 64))
        defer { try? FileManager.default.removeItem(at: tooDeep.deletingLastPathComponent()) }
        #expect(throws: DefinitionError.invalidDefinition(path: tooDeep.path, detail: "nested more than 64 levels deep")) {
            try Questionnaire.load(from: tooDeep)
        }
    }

    /// Writes `yaml` to `questionnaire.yml` in a new temporary folder.
    private func write(_ yaml: String) throws -> URL {
        let url = Fixtures.temporaryFolder("legisurvey-fuzz").appendingPathComponent("questionnaire.yml")
        try Data(yaml.utf8).write(to: url)
        return url
    }
}
