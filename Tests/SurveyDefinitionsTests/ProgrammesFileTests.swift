import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// The optional programmes file (`Pipelines/ta/programmes.yml`): read and checked against the
/// questionnaire's `ta_areas` and `ta_activities` lists and the country resolver; each mistake names
/// the file, the entry's line and what to write instead.
@Suite struct ProgrammesFileTests {
    static let shipped = Fixtures.packageRoot.appendingPathComponent("Pipelines/ta/programmes.yml")

    static func load(_ text: String) throws -> [Programme] {
        let folder = Fixtures.temporaryFolder("programmes")
        let file = folder.appendingPathComponent("programmes.yml")
        try Data(text.utf8).write(to: file)
        return try Programme.load(from: file, questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
    }

    /// The message of the error `text` makes.
    static func mistake(_ text: String) -> String { Fixtures.errorText { try load(text) } }

    @Test func theShippedDemoFileIsReadAndSaysItIsSynthetic() throws {
        let text = try String(contentsOf: Self.shipped, encoding: .utf8)
        #expect(text.hasPrefix("# ====") && text.prefix(300).contains("SYNTHETIC DEMO DATA — NOT A REAL PROGRAMME"))
        let programmes = try Programme.load(from: Self.shipped, questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
        #expect(programmes.count == 15)
        // Names resolved by the country resolver; lines are the entries' own.
        #expect(programmes.contains { $0.country == "CUB" && $0.provider == "Synthetic programme B" })
        #expect(programmes.contains { $0.country == "GHA" && $0.area == "legislative_drafting" })
        #expect(programmes.allSatisfy { $0.provider.hasPrefix("Synthetic programme") })
        let lines = text.components(separatedBy: "\n")
        for programme in programmes {
            #expect(lines[programme.line - 1].contains("provider: \"\(programme.provider)\""), "line \(programme.line)")
        }
        #expect(programmes.first { $0.country == "GTM" && $0.area == "digital_forensics" }?.to == nil, "blank to: ongoing")
        #expect(programmes.first { $0.country == "GTM" && $0.area == "digital_forensics" }?.activities == ["forensic_lab_setup", "training"])
    }

    @Test func aGoodFileWithOneCodeOrAListOfActivities() throws {
        let programmes = try Self.load(
            """
            programmes:
              - {provider: UNODC, country: GHA, area: investigations, activity: training, from: 2024}
              - provider: EU
                country: "Côte d'Ivoire"
                area: digital_forensics
                activity: [equipment, forensic_lab_setup]
                from: 2021
                to: 2023
                note: a note
            """)
        #expect(
            programmes == [
                Programme(provider: "UNODC", country: "GHA", area: "investigations", activities: ["training"], from: 2024, line: 2),
                Programme(
                    provider: "EU", country: "CIV", area: "digital_forensics", activities: ["equipment", "forensic_lab_setup"], from: 2021,
                    to: 2023, note: "a note", line: 3),
            ])
        #expect(programmes[0].covers(2026) && !programmes[1].covers(2026) && programmes[1].covers(2021))
    }

    @Test func eachMistakeNamesTheFileItsLineAndWhatToWrite() {
        let unknownCountry = Self.mistake(
            """
            programmes:
              - {provider: A, country: GHA, area: investigations, from: 2024}
              - {provider: B, country: Madagascr, area: investigations, from: 2024}
            """)
        #expect(unknownCountry.contains("programmes.yml: line 3: programmes[1]: unknown country 'Madagascr'"), "\(unknownCountry)")
        #expect(unknownCountry.contains("did you mean Madagascar, MDG?"), "\(unknownCountry)")

        let unknownArea = Self.mistake(
            """
            programmes:

              - {provider: A, country: GHA, area: forensics, from: 2024}
            """)
        #expect(unknownArea.contains("line 3: programmes[0]: unknown area 'forensics'"), "\(unknownArea)")
        #expect(
            unknownArea.contains(
                "legislative_drafting, investigations, digital_forensics, electronic_evidence, judicial_training, international_cooperation, prevention_awareness"),
            "\(unknownArea)")

        let years = Self.mistake(
            """
            # a comment
            programmes:
              - {provider: A, country: GHA, area: investigations, from: 2024, to: 2020}
            """)
        #expect(years.contains("line 3: programmes[0]: from 2024 is after to 2020"), "\(years)")

        let activity = Self.mistake(
            """
            programmes:
              - {provider: A, country: GHA, area: investigations, activity: [training, lab], from: 2024}
            """)
        #expect(activity.contains("line 2: programmes[0]: unknown activity 'lab'") && activity.contains("forensic_lab_setup"), "\(activity)")

        let missingYear = Self.mistake(
            """
            programmes:
              - {provider: A, country: GHA, area: investigations}
            """)
        #expect(missingYear.contains("programmes.yml") && missingYear.contains("from"), "\(missingYear)")
    }

    @Test func thePipelineReadsTheFileBesideItOrTheOneItsKeyNames() throws {
        // The project's pipeline file: ta/programmes.yml beside it.
        let configuration = try PipelineConfiguration.load(path: Fixtures.pipelineFile.path)
        #expect(configuration.programmes?.path == Self.shipped.standardizedFileURL.path)
        // A pipeline file elsewhere without the key: none.
        let folder = Fixtures.temporaryFolder("programmes-key")
        let plain = try Fixtures.pipelineFile(in: folder, input: folder, output: folder)
        #expect(try PipelineConfiguration.load(path: plain.path).programmes == nil)
        // With the key: that file.
        let named = try Fixtures.pipelineFile(in: folder, input: folder, output: folder, name: "named", extra: "programmes: \(Self.shipped.path)\n")
        let definitions = try PipelineDefinitions(configuration: try PipelineConfiguration.load(path: named.path))
        #expect(definitions.programmes.count == 15)
    }
}
