import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// Namespaced copies of attributes do not override the real ones.
@Suite struct NamespacedAttributeTests {
    @Test func aNamespacedCopyIsIgnoredWithANote() throws {
        let text = """
            <submissions xmlns:x="urn:example:other">
              <submission country="FRA" x:country="DEU" round="2026" x:round="1999">
                <answer question="ch8_cert" x:question="ch3_specific_law">yes</answer>
              </submission>
              <submission x:country="DEU" country="ITA">
                <answer x:question="ch3_specific_law" question="ch8_cert">no</answer>
              </submission>
            </submissions>
            """
        let (submissions, file) = extract(text)
        #expect(submissions.map { $0.country?.text } == ["FRA", "ITA"])
        #expect(submissions.first?.round?.text == "2026")
        #expect(submissions.map { $0.answers.map(\.field) } == [["ch8_cert"], ["ch8_cert"]])
        // Once per attribute name and file, not per element.
        let notes = file.diagnostics.filter { $0.code == .xmlAttributeIgnored }
        #expect(notes.count == 3)
        #expect(notes.allSatisfy { $0.severity == .info })
        #expect(notes.map { $0.found ?? "" }.contains { $0.hasPrefix("x:country=\"DEU\"") })
    }

    /// Only a namespaced attribute: not read, so the submission has no country.
    @Test func aNamespacedAttributeAloneIsNotRead() {
        let (submissions, file) = extract(#"<submission xmlns:x="urn:example:other" x:country="DEU"><answer question="ch8_cert">yes</answer></submission>"#)
        #expect(submissions.first?.country == nil)
        #expect(file.diagnostics.map(\.code) == [.xmlAttributeIgnored])
    }

    /// The format's own namespace counts (a plain attribute wins over it).
    @Test func theFormatsOwnNamespaceCounts() {
        let text = """
            <s:submissions xmlns:s="urn:unodc:legisurvey:submission:1">
              <s:submission s:country="FRA"><s:answer s:question="ch8_cert">yes</s:answer></s:submission>
              <s:submission s:country="DEU" country="ITA"><s:answer question="ch8_cert">no</s:answer></s:submission>
            </s:submissions>
            """
        let (submissions, file) = extract(text)
        #expect(file.diagnostics.isEmpty)
        #expect(submissions.map { $0.country?.text } == ["FRA", "ITA"])
        #expect(submissions.map { $0.answers.map(\.field) } == [["ch8_cert"], ["ch8_cert"]])
    }

    /// An XForm instance's root: `orx:version` (OpenRosa's namespace) counts, another
    /// namespace's `id` does not replace the plain one.
    @Test func xformInstanceRootAttributes() {
        let text = """
            <data xmlns:orx="http://openrosa.org/xforms" xmlns:x="urn:example:other" id="survey" x:id="other" orx:version="2026.1" x:instanceID="uuid:x">
              <country>FRA</country><ch8_cert>yes</ch8_cert>
            </data>
            """
        let (submissions, file) = extract(text)
        #expect(submissions.first?.metadata.formID == "survey")
        #expect(submissions.first?.metadata.formVersion == "2026.1")
        #expect(submissions.first?.metadata.instanceID == nil)
        #expect(file.diagnostics.map(\.code) == [.xmlAttributeIgnored, .xmlAttributeIgnored])
    }
}

/// An XML file with no element at all says it is empty, not "Extra content at the end".
@Suite struct EmptyXMLTests {
    @Test(arguments: [
        ("empty", [UInt8]()), ("white space", Array(" \n\t\n".utf8)), ("BOM only", [0xEF, 0xBB, 0xBF]),
        ("comment only", Array("<!-- nothing here -->\n".utf8)), ("declaration only", Array("<?xml version=\"1.0\"?>\n".utf8)),
        ("BOM and comment", [0xEF, 0xBB, 0xBF] + Array("<!-- x -->".utf8)),
    ])
    func aFileWithoutAnElementSaysItIsEmpty(_ what: String, _ bytes: [UInt8]) throws {
        let (submissions, file) = extractBytes(bytes, path: "empty.xml")
        #expect(submissions.isEmpty)
        let diagnostic = try #require(file.diagnostics.first, "\(what)")
        #expect(file.diagnostics.count == 1, "\(what): \(file.diagnostics)")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.detail?.contains("empty") == true, "\(what): \(diagnostic)")
        #expect(diagnostic.detail?.contains("Extra content") == false, "\(what): \(diagnostic)")
    }
}

/// Limits that stop reading say what was found, not "more".
@Suite struct LimitMessageTests {
    @Test func anXMLTextOverTheLimitGivesItsSize() throws {
        let text = #"<submission country="FRA"><answer question="ch3_main_law">0123456789abcdef</answer></submission>"#
        var submissions: [RawSubmission] = []
        let file = Extractor(limits: InputLimits(maxValueBytes: 14)).extract(bytes: Array(text.utf8), path: "a.xml") { submissions.append($0) }
        let diagnostic = try #require(file.diagnostics.first { $0.code == .valueTooLarge })
        #expect(diagnostic.found == "a text of 16 bytes or more")
        #expect(diagnostic.location.line == 1)
    }

    @Test func aZipEntryOverTheLimitGivesTheSizeSeen() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/exports/central-cybercrime.csv.zip")
        let file = Extractor(limits: InputLimits(maxFileBytes: 1000)).extract(fileAt: url, path: "central-cybercrime.csv.zip") { _ in }
        let diagnostic = try #require(file.diagnostics.first { $0.code == .fileTooLarge })
        #expect(diagnostic.found != "more")
        // The size declared in the archive, or what came out before extraction stopped.
        #expect(diagnostic.found?.contains(" bytes") == true, "\(diagnostic)")
        #expect(diagnostic.found?.contains(where: \.isNumber) == true, "\(diagnostic)")
    }
}

