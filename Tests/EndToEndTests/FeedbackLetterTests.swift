import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyLoad
import SurveyModel
import SurveyPipeline
import SurveyPublish
import SurveySamples
import SurveyTestSupport
import Testing

/// Issue 24's acceptance: the letter to the demo's French-speaking State with planted problems
/// (`Input/demo-11-feedback-fr.csv`, Luxembourg) is in French, names each line, and renders in headless
/// Chromium; `legisurvey report` rewrites the letters with the same bytes from the store;
/// `letters: false` removes them.
@Suite(.serialized) struct FeedbackLetterTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    func pipeline(_ output: URL, letters: Bool = true) throws -> Pipeline {
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Self.input.path, output: output.path,
            store: output.appendingPathComponent("store.sqlite").path)
        configuration.letters = letters
        return try Pipeline(configuration: configuration)
    }

    func letters(_ output: URL) throws -> [String: Data] {
        let folder = output.appendingPathComponent("feedback")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func theFrenchDemoLetterNamesEachProblemAndRendersInChromium() async throws {
        let output = Fixtures.temporaryFolder("feedback-demo").appendingPathComponent("out")
        _ = try await pipeline(output).run()
        let file = SampleGenerator.feedbackFile
        let letterURL = output.appendingPathComponent("feedback/LUX.fr.html")
        let html = try String(contentsOf: letterURL, encoding: .utf8)
        #expect(html.contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(html.contains("Vos réponses à l'enquête : points à vérifier (Luxembourg)"))
        #expect(html.contains("La traduction de ce texte n'a pas été revue"))
        // The three planted problems, each with its line, what was found and what is expected.
        for text in [
            "\(file), ligne 2", SampleGenerator.feedbackMistypedHeader.written, "1885", "1970–2030",
            "Infraction propre à a cybercriminalité", "l'une des options : Infraction propre à la cybercriminalité, Infraction générale, Non incriminé",
            "Le nombre est en dehors de la plage autorisée", "La réponse ne figure pas parmi les options de la question",
            "Une colonne ou un champ ne désigne aucune question du questionnaire",
        ] {
            #expect(html.contains(XMLText.escape(text)), "the letter says \(text)")
        }
        #expect(!html.contains("one of:"), "no English option codes in the French letter")

        // Rendered by headless Chromium: the DOM it builds holds the French texts and the places.
        let result = try await HeadlessChromium.dumpDOM(letterURL)
        #expect(result.status == 0, "\(result.errors.suffix(500))")
        let dom = result.text
        #expect(dom.contains("<html lang=\"fr\" dir=\"ltr\">"), "\(dom.prefix(300))")
        #expect(dom.contains("Vos réponses à l'enquête"))
        #expect(dom.components(separatedBy: "\(file), ligne 2").count - 1 >= 3, "each problem names its line")
        #expect(dom.contains("Infraction propre à a cybercriminalité") && dom.contains("1885") && dom.contains(SampleGenerator.feedbackMistypedHeader.written))
        #expect(dom.components(separatedBy: "<li class=\"problem\"").count - 1 >= 3)

        // validation_report.csv: the planted rows in French for the analyst's sender columns.
        let report = try String(contentsOf: output.appendingPathComponent("validation_report.csv"), encoding: .utf8)
        let planted = report.components(separatedBy: "\r\n").filter { $0.hasPrefix(file + ",") }
        #expect(planted.count >= 3, "the three planted problems")
        #expect(planted.allSatisfy { $0.contains(",LUX,fr,") }, "\(planted)")

        // `legisurvey report` rewrites the same letters from the store; the store's diagnostics
        // (with the corrections' warnings) give the same validation report.
        let before = try letters(output)
        try FileManager.default.removeItem(at: output.appendingPathComponent("feedback"))
        let pipeline = try pipeline(output)
        _ = try await pipeline.writeReports(languages: [])
        #expect(try letters(output) == before)
        let store = try SQLiteStore(path: output.appendingPathComponent("store.sqlite").path)
        // The corrections' warnings are decided from the store and the corrections file each
        // time (never stored): with them, the store's diagnostics give the whole report.
        let stored = try await store.latestDiagnostics() + pipeline.definitions.corrections.refused
            + (try await pipeline.corrected(store)).diagnostics
        var countries: [String: String] = [:]
        var versions: [String: String] = [:]
        for round in Fixtures.rounds {
            for source in try await store.submissionSources(round: round) {
                countries[source.submissionID] = source.country
                versions[source.submissionID] = pipeline.definitions.roundVersions[round]
            }
        }
        let latest = pipeline.definitions.questionnaire
        let feedback = FeedbackContext(
            texts: pipeline.definitions.feedbackTexts, reference: pipeline.definitions.reference,
            questionnaires: [latest] + pipeline.definitions.questionnaires.reversed().filter { $0.version != latest.version },
            submissionVersions: versions, submissionCountries: countries, diagnostics: stored)
        #expect(try Publisher.validationCSV(stored, feedback: feedback) == report, "the store keeps every field of the report")

        // A stale letter is removed by the next run; `letters: false` removes them all.
        try Data("old".utf8).write(to: output.appendingPathComponent("feedback/ZZZ.en.html"))
        _ = try await self.pipeline(output).run()
        #expect(try letters(output) == before)
        _ = try await self.pipeline(output, letters: false).run()
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("feedback").path))
    }
}

/// `legisurvey validate --json` carries the sender's fields too.
@Suite struct ValidateFeedbackTests {
    @Test func validateJSONHasTheSendersFields() throws {
        let output = Fixtures.temporaryFolder("feedback-validate")
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: FeedbackLetterTests.input.path, output: output.path,
            store: output.appendingPathComponent("store.sqlite").path)
        let pipeline = try Pipeline(configuration: configuration)
        let path = FeedbackLetterTests.input.appendingPathComponent(SampleGenerator.feedbackFile).path
        let batch = pipeline.validate(paths: [path])
        let json = try ValidationDocument(batch: batch, diagnostics: batch.diagnostics, feedback: pipeline.feedbackContext(for: batch)).encoded()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        let planted = diagnostics.filter { [DiagnosticCode.questionUnknown, .choiceUnknown, .numberOutOfRange].map(\.rawValue).contains($0["code"] as? String ?? "") }
        #expect(planted.count == 3, "\(diagnostics)")
        for entry in planted {
            #expect(entry["country"] as? String == "LUX")
            #expect(entry["sender_language"] as? String == "fr")
            #expect(!(entry["remedy"] as? String ?? "").isEmpty)
            let local = entry["message_local"] as? String ?? ""
            #expect(local != entry["message"] as? String && !local.isEmpty, "\(local)")
        }
    }
}
