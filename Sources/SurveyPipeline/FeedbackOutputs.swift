// The letters to senders (Output/feedback/<ISO3>.<lang>.html and .txt) and the context
// validation_report.csv's sender columns are made with (docs/feedback.md).
import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPublish

extension Pipeline {
    /// What the feedback needs from the store: the country and questionnaire version of each
    /// accepted submission of `rounds`, with the pipeline's texts, reference and questionnaires.
    func feedbackContext(store: any SurveyReadStore, rounds: [String], diagnostics: [Diagnostic]) async throws -> FeedbackContext {
        // Only the submissions the diagnostics can ask about (``FeedbackContext/Asked``): a
        // dictionary of every submission held 80 MB at 500,000 respondents for the few thousand
        // that have a diagnostic.
        let asked = FeedbackContext.Asked(by: diagnostics)
        var countries: [String: String] = [:]
        var versions: [String: String] = [:]
        for round in rounds {
            for source in try await store.submissionSources(round: round) where asked.contains(source.submissionID) {
                countries[source.submissionID] = source.country
                versions[source.submissionID] = definitions.roundVersions[round]
            }
        }
        let older = definitions.questionnaires.reversed().filter { $0.version != questionnaire.version }
        var context = FeedbackContext(
            texts: definitions.feedbackTexts, reference: reference, questionnaires: [questionnaire] + older,
            submissionVersions: versions, submissionCountries: countries, diagnostics: diagnostics)
        context.register = definitions.register
        return context
    }

    /// Writes one letter per country with current problems that ask something of the sender
    /// (`feedback/<ISO3>.<lang>.html` and `.txt`) and removes the letters an earlier run wrote
    /// that are not current now; with `letters: false` or without feedback texts, removes them
    /// all (and the folder when nothing else is left in it). The folder belongs to the run while
    /// it holds the output folder's lock: only `.html` and `.txt` files are touched. Returns the
    /// folder when letters were written.
    func writeLetters(_ feedback: FeedbackContext, diagnostics: [Diagnostic]) throws -> [String] {
        let manager = FileManager.default
        let folder = configuration.output.appendingPathComponent(FeedbackLetter.folder, isDirectory: true)
        let letters = configuration.letters ? feedback.letters(diagnostics) : []
        var written = Set<String>()
        if !letters.isEmpty {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            let publisher = Publisher(directory: folder)
            for letter in letters {
                _ = try publisher.writeText(letter.html, to: letter.stem + ".html")
                _ = try publisher.writeText(letter.text, to: letter.stem + ".txt")
                written.formUnion([letter.stem + ".html", letter.stem + ".txt"])
            }
        }
        for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        where !name.hasPrefix(".") && (name.hasSuffix(".html") || name.hasSuffix(".txt")) && !written.contains(name) {
            try? manager.removeItem(at: folder.appendingPathComponent(name))
        }
        if letters.isEmpty, (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
            try? manager.removeItem(at: folder)
        }
        return letters.isEmpty ? [] : [folder.path]
    }
}
