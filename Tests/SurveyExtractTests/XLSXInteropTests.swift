import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// `.xlsx` workbooks written by independent writers read back equal to the equivalent native XML:
/// LibreOffice converting a committed flat OpenDocument spreadsheet (Tests/Fixtures/xlsx), and
/// openpyxl (the interop venv). Neither test skips: a missing tool is a failure saying how to get it.
@Suite struct XLSXInteropTests {
    static let xlsx = ReaderConformance(XLSXReader(), write: XLSXSamples.wide)
    static let xml = ReaderConformance(XMLReader(), write: { _ in [] })

    /// What a submission says, once accepted: country, round, time sent, each answer.
    static func content(_ submission: Submission) -> [String] {
        [submission.country ?? "?", submission.round, submission.metadata.submittedAt ?? "-"]
            + submission.answers.map { "\($0.questionID)=\($0.value)" }.sorted()
    }

    static func accepted(_ conformance: ReaderConformance, _ reading: ReaderConformance.Reading) -> [[String]] {
        conformance.accept(reading).filter { $0.status == .accepted }.map(content)
    }

    /// Runs a program to its end; its status and what it wrote (standard output and error together).
    static func run(_ program: String, _ arguments: [String], in folder: URL, environment: [String: String] = [:]) async throws -> (Int32, String) {
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: program), arguments, in: folder, environment: environment, mergeErrors: true)
        return (result.status, result.text)
    }

    static func soffice() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/soffice" } + ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The committed `.fods` (dates, decimal commas in the French style, a merged title row and a
    /// merged header, a hidden row, a notes sheet and a hidden sheet), converted by LibreOffice in
    /// the test: the same submissions as the equivalent native XML; the notes and hidden sheets
    /// reported and not read; the hidden row read and reported.
    @Test func libreOfficeWorkbookReadsAsTheEquivalentXML() async throws {
        guard let soffice = Self.soffice() else {
            Issue.record(
                "soffice not found: run `make test` (its `libreoffice` target installs Debian's libreoffice-calc-nogui with --no-install-recommends), or `apt-get install --no-install-recommends libreoffice-calc-nogui`")
            return
        }
        let folder = Fixtures.temporaryFolder("xlsx-libreoffice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/xlsx/focal-point.fods")
        let copy = folder.appendingPathComponent("focal-point.fods")
        try FileManager.default.copyItem(at: source, to: copy)
        // A profile of its own, so that no other LibreOffice running on the machine is in the way.
        let profile = folder.appendingPathComponent("profile")
        let (status, output) = try await Self.run(
            soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "xlsx", "--outdir", folder.path, copy.path],
            in: folder, environment: ["HOME": folder.path])
        let converted = folder.appendingPathComponent("focal-point.xlsx")
        try #require(
            status == 0 && FileManager.default.fileExists(atPath: converted.path), "soffice could not convert the fixture (status \(status)): \(output)")

        let reading = Self.xlsx.read([UInt8](try Data(contentsOf: converted)))
        #expect(reading.file.diagnostics.filter { $0.severity == .error }.isEmpty, "\(reading.file.diagnostics.map(\.message))")
        #expect(reading.file.file.format == .xlsxWide)
        let codes = reading.file.diagnostics.map { "\($0.code.rawValue)@\($0.location)" }
        #expect(codes.contains("xlsx-sheet-ignored@sample.xlsx:Notes"), "\(codes)")
        #expect(codes.contains("xlsx-sheet-ignored@sample.xlsx:Brouillon"), "\(codes)")
        #expect(codes.contains("xlsx-hidden-rows@sample.xlsx:Réponses!5:5"), "\(codes)")
        #expect(codes.contains("csv-title-rows@sample.xlsx:Réponses!1:1"), "\(codes)")
        // Every answer names its cell.
        let france = try #require(reading.submissions.first)
        #expect(france.country?.location.description == "sample.xlsx:Réponses!A3")
        #expect(france.answers.first { $0.field == "ch6_trained_share" }?.location.cellReference == "Réponses!E3")

        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <submissions>
              <submission country="France" round="2026" submitted="2026-03-15">
                <answer question="ch3_specific_law">yes</answer>
                <answer question="ch6_trained_share">12.5</answer>
                <answer question="ch3_instruments">budapest un_convention</answer>
                <answer question="ch3_main_law">Loi n° 2004-575 du 21 juin 2004 — « confiance dans l'économie numérique »</answer>
              </submission>
              <submission country="Belgique" round="2026" submitted="2026-04-02">
                <answer question="ch3_specific_law">partly</answer>
                <answer question="ch6_trained_share">0.5</answer>
                <answer question="ch3_instruments">budapest</answer>
                <answer question="ch3_main_law">Loi du 28 novembre 2000 relative à la criminalité informatique</answer>
              </submission>
              <submission country="Luxembourg" round="2026" submitted="2026-05-20">
                <answer question="ch3_specific_law">no</answer>
                <answer question="ch6_trained_share">33.3</answer>
              </submission>
            </submissions>
            """
        let expected = Self.accepted(Self.xml, Self.xml.read(Array(xml.utf8)))
        #expect(expected.count == 3)
        #expect(Self.accepted(Self.xlsx, reading) == expected)
    }

    /// Workbooks written by openpyxl in the wide layout, one in English (question ids, English
    /// option labels, a date, a decimal) and one in Arabic (the Arabic word for country, Arabic
    /// option labels), read back as the equivalent native XML.
    @Test func openpyxlWorkbooksReadAsTheEquivalentXML() async throws {
        let python = Fixtures.venvPython
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record(
                "python not found at \(python.path): run `make test` (its `interop` target installs openpyxl of requirements-interop.txt into $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv)")
            return
        }
        let folder = Fixtures.temporaryFolder("xlsx-openpyxl")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            import datetime, sys
            from openpyxl import Workbook

            english = Workbook()
            sheet = english.active
            sheet.title = "Answers"
            sheet.append(["country", "round", "submitted", "ch3_specific_law", "ch3_reform_year", "ch6_trained_share", "ch4_illegal_access", "ch3_main_law"])
            sheet.append(["KEN", 2026, datetime.datetime(2026, 3, 15), "Yes", 2019, 12.5, "Cyber-specific offence", "Computer Misuse and Cybercrimes Act, 2018"])
            sheet.append(["Brazil", "2026", datetime.datetime(2026, 2, 1, 9, 30), "Partly", 2012, 40, "General offence", "Lei nº 12.737/2012"])
            sheet["F2"].number_format = "0.0"
            notes = english.create_sheet("Notes")
            notes.append(["Prepared by the focal point"])
            english.save(sys.argv[1])

            arabic = Workbook()
            sheet = arabic.active
            sheet.title = "الإجابات"
            sheet.append(["البلد", "الجولة", "ch3_specific_law", "ch4_illegal_access", "ch4_fraud_forgery", "ch3_main_law"])
            sheet.append(["EGY", 2026, "نعم", "جريمة سيبرانية محددة", "جريمة عامة", "قانون مكافحة جرائم تقنية المعلومات رقم 175 لسنة 2018"])
            sheet.append(["JOR", 2026, "جزئيًا", "جريمة عامة", "غير مجرَّم", "قانون الجرائم الإلكترونية"])
            arabic.save(sys.argv[2])
            """
        let scriptFile = folder.appendingPathComponent("write.py")
        try Data(script.utf8).write(to: scriptFile)
        let english = folder.appendingPathComponent("en.xlsx")
        let arabic = folder.appendingPathComponent("ar.xlsx")
        let (status, output) = try await Self.run(python.path, [scriptFile.path, english.path, arabic.path], in: folder)
        try #require(status == 0, "openpyxl could not write the workbooks: \(output)")

        let englishXML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <submissions>
              <submission country="KEN" round="2026" submitted="2026-03-15">
                <answer question="ch3_specific_law">yes</answer><answer question="ch3_reform_year">2019</answer>
                <answer question="ch6_trained_share">12.5</answer><answer question="ch4_illegal_access">cyber_specific</answer>
                <answer question="ch3_main_law">Computer Misuse and Cybercrimes Act, 2018</answer>
              </submission>
              <submission country="Brazil" round="2026" submitted="2026-02-01T09:30:00">
                <answer question="ch3_specific_law">partly</answer><answer question="ch3_reform_year">2012</answer>
                <answer question="ch6_trained_share">40</answer><answer question="ch4_illegal_access">general</answer>
                <answer question="ch3_main_law">Lei nº 12.737/2012</answer>
              </submission>
            </submissions>
            """
        let arabicXML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <submissions>
              <submission country="EGY" round="2026">
                <answer question="ch3_specific_law">yes</answer><answer question="ch4_illegal_access">cyber_specific</answer>
                <answer question="ch4_fraud_forgery">general</answer>
                <answer question="ch3_main_law">قانون مكافحة جرائم تقنية المعلومات رقم 175 لسنة 2018</answer>
              </submission>
              <submission country="JOR" round="2026">
                <answer question="ch3_specific_law">partly</answer><answer question="ch4_illegal_access">general</answer>
                <answer question="ch4_fraud_forgery">not_criminalized</answer>
                <answer question="ch3_main_law">قانون الجرائم الإلكترونية</answer>
              </submission>
            </submissions>
            """
        for (file, xml) in [(english, englishXML), (arabic, arabicXML)] {
            let reading = Self.xlsx.read([UInt8](try Data(contentsOf: file)))
            #expect(reading.file.diagnostics.filter { $0.severity == .error }.isEmpty, "\(file.lastPathComponent): \(reading.file.diagnostics.map(\.message))")
            let expected = Self.accepted(Self.xml, Self.xml.read(Array(xml.utf8)))
            #expect(expected.count == 2)
            let got = Self.accepted(Self.xlsx, reading)
            #expect(got == expected, "\(file.lastPathComponent)")
            // Nothing dropped on the way.
            let dropped = Self.xlsx.accept(reading).flatMap(\.diagnostics).filter { $0.severity != .info }
            #expect(dropped.isEmpty, "\(file.lastPathComponent): \(dropped.map(\.message))")
        }
    }
}
