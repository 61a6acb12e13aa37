import Foundation
import SurveyExtract
import SurveyModel
import Testing

/// Reads `text` as a file named `path` and returns what Extract handed on.
func extract(_ text: String, path: String = "test.xml", chunkSize: Int = 64 * 1024) -> ([RawSubmission], ExtractedFile) {
    extractBytes(Array(text.utf8), path: path, chunkSize: chunkSize)
}

func extractBytes(_ bytes: [UInt8], path: String, chunkSize: Int = 64 * 1024) -> ([RawSubmission], ExtractedFile) {
    var submissions: [RawSubmission] = []
    let file = Extractor(chunkSize: chunkSize).extract(bytes: bytes, path: path) { submissions.append($0) }
    return (submissions, file)
}

@Suite struct XMLReaderTests {
    let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <submissions>
          <submission country="BRA" round="2026">
            <answer question="ch3_specific_law">yes</answer>
            <answer question="ch3_instruments"><value>budapest</value><value>Convention de Malabo</value></answer>
            <answer question="ch3_main_law">Lei 12.737 &amp; outros</answer>
            <answer question="ch3_reform_year"/>
          </submission>
          <submission country="Brésil">
            <answer question="ch8_cert">Oui</answer>
          </submission>
        </submissions>
        """

    @Test func readsSubmissionsAnswersAndValues() throws {
        let (submissions, file) = extract(document)
        #expect(file.diagnostics.isEmpty)
        #expect(file.file.format == .nativeXML)
        #expect(submissions.count == 2)
        let first = try #require(submissions.first)
        #expect(first.country?.text == "BRA")
        #expect(first.round?.text == "2026")
        #expect(first.location.line == 3)
        #expect(first.answers.map(\.field) == ["ch3_specific_law", "ch3_instruments", "ch3_main_law", "ch3_reform_year"])
        #expect(first.answers[1].values == ["budapest", "Convention de Malabo"])
        #expect(first.answers[2].values == ["Lei 12.737 & outros"])
        #expect(first.answers[3].isEmpty)  // an empty element is "not answered"
        #expect(first.answers[0].location.line == 4)
        #expect(submissions[1].round == nil)
        #expect(submissions[1].ordinal == 2)
        #expect(submissions[1].id == "test.xml#2")
    }

    @Test func sameResultWhateverTheChunkSize() {
        let (big, _) = extract(document)
        let (small, _) = extract(document, chunkSize: 7)
        #expect(big == small)
    }

    @Test func matchesLocalNamesWhateverTheNamespace() {
        let text = """
            <s:submission xmlns:s="urn:unodc:legisurvey:submission:1" country="FRA">
              <s:answer question="ch8_cert">yes</s:answer>
            </s:submission>
            """
        let (submissions, file) = extract(text)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.first?.answers.first?.values == ["yes"])
    }

    @Test func malformedXMLIsReportedWithLineAndColumn() throws {
        let text = "<submission country=\"FRA\">\n  <answer question=\"ch8_cert\">yes</answr>\n</submission>\n"
        let (_, file) = extract(text)
        let diagnostic = try #require(file.diagnostics.first { $0.code == .xmlMalformed })
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.location.column != nil)
        #expect(diagnostic.detail?.isEmpty == false)
    }

    @Test func doctypeIsRefusedBeforeEntitiesExpand() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <submission country="FRA"><answer question="ch3_main_law">&lol4;</answer></submission>
            """
        let (submissions, file) = extract(laughs)
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.xmlDoctypeForbidden])
    }

    @Test func externalEntityIsNeverRead() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <submission country="FRA"><answer question="ch3_main_law">&x;</answer></submission>
            """
        let (submissions, file) = extract(text)
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.first?.code == .xmlDoctypeForbidden)
    }

    @Test func unexpectedElementsAreReportedAndSkipped() {
        let text = "<submission country=\"FRA\"><note>hi</note><answer question=\"ch8_cert\">yes</answer></submission>"
        let (submissions, _) = extract(text)
        #expect(submissions.first?.diagnostics.map(\.code) == [.xmlUnexpectedElement])
        #expect(submissions.first?.answers.count == 1)
    }

    @Test func aFileWithoutSubmissionsSaysSo() {
        let (_, file) = extract("<submissions/>")
        #expect(file.diagnostics.map(\.code).contains(.xmlNoSubmission))
        #expect(file.isUnreadable)
    }

    @Test func anyOtherRootIsAnXFormInstance() {
        let (submissions, file) = extract("<other/>")
        #expect(file.file.format == .xformInstance)
        #expect(submissions.count == 1 && submissions[0].answers.isEmpty)
    }

    @Test func emptyFileIsMalformed() {
        let (_, file) = extract("")
        #expect(file.isUnreadable)
    }

    @Test func hashAndSizeCoverTheWholeFile() {
        let (_, file) = extract(document)
        #expect(file.file.bytes == document.utf8.count)
        #expect(file.file.sha256 == SHA256.hex(Array(document.utf8)))
    }

    @Test func unknownExtensionIsReported() {
        let (_, file) = extract("x", path: "notes.docx")
        #expect(file.diagnostics.map(\.code) == [.fileFormatUnknown])
    }
}

@Suite struct XMLAttributeTests {
    @Test func characterReferencesInAttributesAreDecoded() {
        let (submissions, _) = extract("<submission country=\"Trinidad &amp; Tobago\" round=\"&#50;026\"><answer question=\"ch8_cert\">yes</answer></submission>")
        #expect(submissions.first?.country?.text == "Trinidad & Tobago")
        #expect(submissions.first?.round?.text == "2026")
    }

    @Test func otherEncodingsAreReadAsDeclared() {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><submission country=\"Br".utf8)
        bytes += [0xE9]  // é in Latin-1
        bytes += Array("sil\"><answer question=\"ch8_cert\">oui</answer></submission>".utf8)
        let (submissions, file) = extractBytes(bytes, path: "latin1.xml")
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.first?.country?.text == "Brésil")
    }
}

@Suite struct XMLSkippedElementTests {
    @Test func textInsideAnUnexpectedElementIsNotTheAnswer() {
        let (submissions, _) = extract("<submission country=\"FRA\"><answer question=\"ch8_cert\"><b>yes</b></answer><answer question=\"ch8_ppp\">no</answer></submission>")
        let answers = submissions.first?.answers ?? []
        #expect(answers.first?.isEmpty == true)
        #expect(answers.last?.values == ["no"])
        #expect(submissions.first?.diagnostics.map(\.code) == [.xmlUnexpectedElement])
    }
}
