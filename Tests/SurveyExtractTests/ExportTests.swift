import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// ODK Central and KoboToolbox exports, and CSV as spreadsheets save it; the fixtures in
/// Tests/Fixtures/exports are written by hand from the tools' documented shapes.
@Suite struct ExportTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/exports")

    func read(_ name: String) -> ([RawSubmission], ExtractedFile) {
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(fileAt: Self.folder.appendingPathComponent(name), path: name) { submissions.append($0) }
        return (submissions, file)
    }

    @Test func odkCentralCSV() throws {
        let (submissions, file) = read("central-cybercrime.csv")
        #expect(file.file.format == .odkCentralCSV)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["FRA", "DEU", "KEN", "BRA"])
        let deu = submissions[1]
        #expect(deu.metadata.review == "rejected")
        #expect(deu.metadata.instanceID == "uuid:4e2a1b9c-77aa-4f0e-8c3d-2b6e9d1f0a02")
        #expect(deu.metadata.submittedAt == "2026-03-02T14:40:05.900Z")
        #expect(deu.metadata.formVersion == "2026.1")
        let fields = submissions[0].answers.map(\.field)
        #expect(fields.contains("ch3-ch3_instruments/budapest"))
        #expect(fields.contains("ch8-ch8_cert"))
        for metadata in ["KEY", "SubmitterName", "ReviewState", "Edits", "DeviceID", "meta-instanceID", "SubmissionDate"] {
            #expect(!fields.contains(metadata), "\(metadata)")
        }
    }

    @Test func odkCentralZipIsReadDirectly() throws {
        let (plain, _) = read("central-cybercrime.csv")
        let (zipped, file) = read("central-cybercrime.csv.zip")
        #expect(file.file.format == .odkCentralCSV)
        // Its repeat table (ch7_contacts, header only: nobody listed a contact) is read as a
        // repeat table, not reported as another file.
        #expect(file.diagnostics.map(\.code) == [])
        #expect(zipped.map(\.answers.count) == plain.map(\.answers.count))
        #expect(zipped.map(\.metadata) == plain.map(\.metadata))
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent("central-cybercrime.csv.zip"))
        #expect(file.file.sha256 == SHA256.hex(bytes))
    }

    @Test func koboCSVWithHXLRow() throws {
        let (submissions, file) = read("kobo-cybercrime.csv")
        #expect(file.file.format == .koboCSV)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["SEN", "MAR", "KEN"])  // the HXL row is no submission
        #expect(submissions[0].location.line == 3)
        #expect(submissions[1].metadata.review == "validation_status_not_approved")
        #expect(submissions[2].metadata.instanceID == "11111111-2222-4333-8444-555555555503")
        #expect(submissions[2].metadata.submittedAt == "2026-03-07T08:46:12")
        let fields = submissions[0].answers.map(\.field)
        #expect(fields.contains("ch3/ch3_instruments/malabo"))
        #expect(!fields.contains("_uuid") && !fields.contains("__version__"))
    }

    @Test func titleRowsAboveTheHeaderAreSkipped() {
        let text = "Cybercrime survey 2026;;\r\nMinistry of Justice;;\r\n;;\r\nPays;Round;ch8_cert\r\nFRA;2026;oui\r\n"
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(bytes: Array(text.utf8), path: "title.csv") { submissions.append($0) }
        #expect(file.diagnostics.map(\.code) == [.csvTitleRows])
        #expect(file.diagnostics.first?.location.line == 1)
        #expect(submissions.first?.country?.text == "FRA")
        #expect(submissions.first?.location.line == 5)
        #expect(submissions.first?.answers.map(\.field) == ["ch8_cert"])
    }

    @Test func trailingEmptyColumnsAreNotRagged() {
        let text = "country,ch8_cert,,,\nFRA,yes,,,\nDEU,no,,,,,\n"
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(bytes: Array(text.utf8), path: "trailing.csv") { submissions.append($0) }
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map(\.answers.count) == [1, 1])
    }

    @Test func configuredCountryFieldName() {
        let text = "member_state,ch8_cert\nFRA,yes\n"
        var submissions: [RawSubmission] = []
        _ = Extractor(countryField: "member_state").extract(bytes: Array(text.utf8), path: "m.csv") { submissions.append($0) }
        #expect(submissions.first?.country?.text == "FRA")
    }

    @Test func declaredFormatWins() {
        // A long file whose question column is named otherwise is refused, not read as wide.
        let text = "country,question,value\nFRA,ch8_cert,yes\n"
        let file = Extractor().extract(bytes: Array(text.utf8), path: "l.csv", options: ReadOptions(format: .longCSV)) { _ in }
        #expect(file.diagnostics.map(\.code) == [.csvMissingColumn])
    }
}

@Suite struct ExportEdgeTests {
    @Test func aCountryFieldInsideAGroup() {
        var submissions: [RawSubmission] = []
        let text = "SubmissionDate,identity-country,ch8-ch8_cert,KEY\n2026-03-01T00:00:00Z,FRA,yes,uuid:1\n"
        let file = Extractor().extract(bytes: Array(text.utf8), path: "c.csv") { submissions.append($0) }
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.first?.country?.text == "FRA")
    }

    @Test func anXFormQuestionnaireInTheInboxIsNoSubmission() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/odk-briefcase/choice-lists.xml")
        var submissions: [RawSubmission] = []
        let file = Extractor().extract(fileAt: url, path: "form.xml") { submissions.append($0) }
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.fileFormatUnknown])
    }
}
