import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The focal-point register (`register:`): a CSV file read with libcsv, checked line by line; a
/// file other users can read is warned about; a register inside the output folder is refused.
@Suite struct RegisterFileTests {
    static let shipped = Fixtures.packageRoot.appendingPathComponent("Pipelines/register/focal-points.SYNTHETIC.csv")

    static func file(_ bytes: [UInt8], mode: Int = 0o600) throws -> URL {
        let file = Fixtures.temporaryFolder("register").appendingPathComponent("focal-points.csv")
        try Data(bytes).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return file
    }

    static func load(_ text: String) throws -> FocalPointRegister {
        try FocalPointRegister.load(from: try file(Array(text.utf8)), reference: Fixtures.reference)
    }

    static func mistake(_ text: String) -> String { Fixtures.errorText { try load(text) } }

    static let header = "country,name,institution,email,language,invited,reminders,deadline\n"

    @Test func theShippedRegisterIsSyntheticAndRead() throws {
        let register = try FocalPointRegister.load(from: Self.shipped, reference: Fixtures.reference)
        #expect(register.entries.count == 10)
        // Every name and address says it is made up.
        #expect(register.entries.values.allSatisfy { $0.email.hasSuffix("@example.org") })
        #expect(register.entries.values.allSatisfy { ["Synthetic", "fictif", "ficticio"].contains(where: $0.name.contains) })
        // A State by name, reminders in date order, a blank deadline.
        #expect(register["CIV"]?.deadline == "2026-02-28" && register["CIV"]?.line == 6)
        #expect(register["BWA"]?.reminders == ["2026-03-15", "2026-04-01"] && register["NOR"]?.deadline == nil)
        #expect(register["LUX"]?.language == .fr && register["LUX"]?.addressee == "Point focal fictif LUX, Parquet fictif <point.focal.lux@example.org>")
    }

    @Test func frenchExcelSemicolonsAndByteOrderMarkAreRead() throws {
        let text = "country;name;email;deadline\r\nMaroc;Point focal;\"pf@example.org\";2026-03-31\r\n\r\n\"Côte d'Ivoire\";\"Nom, avec virgule\";;\r\n"
        let register = try FocalPointRegister.load(from: try Self.file([0xEF, 0xBB, 0xBF] + Array(text.utf8)), reference: Fixtures.reference)
        #expect(register["MAR"]?.email == "pf@example.org" && register["MAR"]?.line == 2)
        #expect(register["CIV"]?.name == "Nom, avec virgule" && register["CIV"]?.line == 4)
    }

    @Test func eachMistakeNamesItsLineAndWhatToWrite() {
        let cases: [(String, String)] = [
            ("country,name,phone\nGHA,A\n", "line 1: unknown column 'phone'"),
            ("country,email\nGHA,a@example.org\n", "line 1: no 'name' column"),
            (Self.header + "GHA,A,,,,,,\nMadagscar,B,,,,,,\n", "line 3: unknown country 'Madagscar' (did you mean"),
            (Self.header + "GHA,A,,,,,,\nGhana,B,,,,,,\n", "line 3: GHA is listed again (first on line 2)"),
            (Self.header + "GHA,,,,,,,\n", "line 2: GHA: name is empty"),
            (Self.header + "GHA,A,,a.example.org,,,,\n", "line 2: GHA: 'a.example.org' is not an e-mail address"),
            (Self.header + "GHA,A,,,pt,,,\n", "line 2: GHA: language 'pt' is not one of ar, en, es, fr, ru, zh"),
            (Self.header + "GHA,A,,,,,,31/03/2026\n", "line 2: GHA: deadline '31/03/2026' is not a date: write YYYY-MM-DD"),
            (Self.header + "GHA,A,,,,2026-02-30,,\n", "line 2: GHA: invited '2026-02-30' is not a date"),
            (Self.header + "GHA,A,,,,,2026-03-01;soon,\n", "line 2: GHA: reminders 'soon' is not a date"),
            (Self.header + "GHA,\"A,,,,,,\n", "line 2: a double quote is not closed"),
        ]
        for (text, expected) in cases {
            let message = Self.mistake(text)
            #expect(message.contains(expected), "\(expected) ← \(message)")
            #expect(message.contains("focal-points.csv"), "the file is named: \(message)")
        }
    }

    @Test func textThatIsNotUTF8SaysHowToSaveIt() throws {
        // "Ministère" in Windows-1252 on line 3.
        let bytes = Array((Self.header + "GHA,A,,,,,,\n").utf8) + Array("LUX,B,Minist".utf8) + [0xE8] + Array("re,,,,,\n".utf8)
        do {
            _ = try FocalPointRegister.load(from: try Self.file(bytes), reference: Fixtures.reference)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("line 3: the text is not UTF-8: save it as \"CSV UTF-8\""), "\(error)")
        }
    }

    @Test func aRegisterOthersCanReadIsWarnedAbout() throws {
        let text = Array((Self.header + "GHA,A,,,,,,\n").utf8)
        #expect(FocalPointRegister.permissionWarning(try Self.file(text, mode: 0o600)) == nil)
        let shared = try Self.file(text, mode: 0o644)
        let warning = try #require(FocalPointRegister.permissionWarning(shared))
        #expect(warning.contains("every user") && warning.contains("its group") && warning.contains("chmod 600 \(shared.path)"))
        #expect(FocalPointRegister.permissionWarning(try Self.file(text, mode: 0o640))?.contains("every user") == false)
    }

    @Test func aRegisterInsideTheOutputFolderIsRefused() throws {
        let folder = Fixtures.temporaryFolder("register-in-output")
        let pipeline = folder.appendingPathComponent("pipeline.yml")
        var text = try String(contentsOf: Fixtures.pipelineFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "register: register/focal-points.SYNTHETIC.csv", with: "register: \(folder.path)/out/focal-points.csv")
        try text.write(to: pipeline, atomically: true, encoding: .utf8)
        do {
            _ = try PipelineConfiguration.load(path: pipeline.path, output: folder.appendingPathComponent("out").path)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("is inside the output folder; keep the focal-point register (personal data) out of"), "\(error)")
        }
    }
}
