import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// XForm instances as ODK Collect, Briefcase, Central and Kobo store them.
@Suite struct XFormInstanceTests {
    static let briefcase = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/odk-briefcase")

    func read(_ name: String) throws -> ([RawSubmission], ExtractedFile) {
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(fileAt: Self.briefcase.appendingPathComponent(name), path: name) { submissions.append($0) }
        return (submissions, file)
    }

    /// The submission of choice-lists, read at the Extract level, holds the values of Briefcase's
    /// expected CSV export (the combined select columns, the group path and the instance id).
    @Test func choiceListsSubmissionMatchesTheExpectedExport() throws {
        let (submissions, file) = try read("choice-lists-submission.xml")
        #expect(file.diagnostics.isEmpty)
        #expect(file.file.format == .xformInstance)
        let submission = try #require(submissions.first)
        #expect(submissions.count == 1)

        let expected = try String(contentsOf: Self.briefcase.appendingPathComponent("choice-lists.csv.expected"), encoding: .utf8)
        let lines = expected.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].components(separatedBy: ",")
        // The row's first cell is a quoted date holding a comma; the rest are plain.
        let row = lines[1].components(separatedBy: "\",").last!.components(separatedBy: ",")
        let values = Dictionary(uniqueKeysWithValues: zip(header.dropFirst(), row))
        for answer in submission.answers {
            let column = (answer.groups + [answer.field]).joined(separator: "-")
            #expect(values[column] == answer.values.first, "\(column)")
        }
        #expect(submission.answers.map(\.field) == ["some_string", "another_string", "yet_another_string"])
        #expect(submission.answers[2].groups == ["some_group"])
        #expect(submission.metadata.instanceID == values["KEY"])
        #expect(submission.metadata.instanceID == values["meta-instanceID"])
        #expect(submission.metadata.formID == "choice-lists")
        #expect(submission.metadata.submittedAt == "2018-04-26T08:58:20.525Z")
    }

    @Test func allDataTypesSubmissionKeepsEveryValueAsWritten() throws {
        let (submissions, _) = try read("all-data-types-submission.xml")
        let answers = Dictionary(uniqueKeysWithValues: (submissions.first?.answers ?? []).map { ($0.field, $0.values) })
        #expect(answers["some_int"] == ["123"])
        #expect(answers["some_decimal"] == ["123.456"])
        #expect(answers["some_date_time"] == ["2018-04-26T08:56:00.000Z"])
        #expect(answers["some_barcode"] == ["000049499094"])
        #expect(answers.count == 10)
    }

    @Test func metaPrefixesVersionsEditsAndEmptyElements() throws {
        let text = """
            <?xml version="1.0"?>
            <survey xmlns:orx="http://openrosa.org/xforms" id_string="unodc-cybercrime-survey" orx:version="2026.1">
              <country>FRA</country>
              <ch8><ch8_cert>yes</ch8_cert><ch8_awareness/></ch8>
              <ch3><ch3_instruments> budapest un_convention</ch3_instruments></ch3>
              <orx:meta>
                <orx:instanceID>uuid:2</orx:instanceID>
                <orx:deprecatedID>uuid:1</orx:deprecatedID>
                <orx:timeEnd>2026-03-02T10:00:00Z</orx:timeEnd>
              </orx:meta>
            </survey>
            """
        var submissions: [RawSubmission] = []
        _ = Extractor().extract(bytes: Array(text.utf8), path: "edit.xml") { submissions.append($0) }
        let submission = try #require(submissions.first)
        #expect(submission.metadata == SubmissionMetadata(
            instanceID: "uuid:2", deprecatedID: "uuid:1", formID: "unodc-cybercrime-survey", formVersion: "2026.1",
            submittedAt: "2026-03-02T10:00:00Z"))
        #expect(submission.answers.map(\.field) == ["country", "ch8_cert", "ch8_awareness", "ch3_instruments"])
        #expect(submission.answers[2].isEmpty)
        #expect(submission.answers[3].values == [" budapest un_convention"])
    }

    @Test func repeatsAreMarkedNeverMerged() throws {
        let text = """
            <data id="f"><country>FRA</country>
              <g1><t1>a</t1></g1>
              <g1><t1>b</t1></g1>
              <g1><t1>c</t1></g1>
            </data>
            """
        var submissions: [RawSubmission] = []
        _ = Extractor().extract(bytes: Array(text.utf8), path: "r.xml") { submissions.append($0) }
        let answers = try #require(submissions.first).answers
        #expect(answers.filter { $0.field == "t1" }.map(\.repeatIndex) == [1, 2, 3])
        #expect(answers.first { $0.field == "country" }?.repeatIndex == nil)
    }
}
