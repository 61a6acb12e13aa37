import Foundation
import SurveyModel
import Testing

/// `SourceFormat` is an open struct over its name; the built-in names and their encoding are
/// what the store, the file cache and the outputs held when it was an enum.
@Suite struct SourceFormatTests {
    @Test func builtInNamesAreUnchanged() {
        let names = [
            SourceFormat.nativeXML, .wideCSV, .longCSV, .xformInstance, .odkCentralCSV, .koboCSV, .unknown,
        ].map(\.rawValue)
        #expect(names == ["xml", "csv-wide", "csv-long", "xform-instance", "odk-central-csv", "kobo-csv", "unknown"])
        #expect(SourceFormat(rawValue: "csv-long") == .longCSV)
        #expect("\(SourceFormat.koboCSV)" == "kobo-csv")
    }

    @Test func codableAsItsNameAlone() throws {
        let data = try JSONEncoder().encode([SourceFormat.odkCentralCSV, SourceFormat(rawValue: "json-lines")!])
        #expect(String(decoding: data, as: UTF8.self) == #"["odk-central-csv","json-lines"]"#)
        #expect(try JSONDecoder().decode([SourceFormat].self, from: data) == [.odkCentralCSV, SourceFormat(rawValue: "json-lines")!])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([SourceFormat].self, from: Data(#"["Not A Name"]"#.utf8)) }
    }

    @Test func onlyFormatNamesAreFormats() {
        for name in ["json-lines", "x", "v2.1", "csv-wide"] { #expect(SourceFormat(rawValue: name) != nil, "\(name)") }
        for name in ["", "JSON", "-x", "a b", "a/b", String(repeating: "a", count: 65)] {
            #expect(SourceFormat(rawValue: name) == nil, "\(name)")
        }
    }
}
