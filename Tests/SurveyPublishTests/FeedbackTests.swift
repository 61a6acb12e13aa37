import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPublish
import SurveyTestSupport
import Testing

/// The validation report for two readers and the letters (issue 24): the message in the sender's
/// language with labels, the sender's language chosen, problems gathered, the report's columns.
@Suite struct FeedbackTests {
    static let texts: FeedbackTexts = {
        do {
            return try FeedbackTexts.load(from: Fixtures.packageRoot.appendingPathComponent("Pipelines/forms/feedback.yml"))
        } catch {
            fatalError("feedback texts: \(error)")
        }
    }()

    func context(countries: [String: String] = [:], diagnostics: [Diagnostic] = []) -> FeedbackContext {
        FeedbackContext(
            texts: Self.texts, reference: Fixtures.reference, questionnaires: [Fixtures.questionnaire],
            submissionCountries: countries, diagnostics: diagnostics)
    }

    func choiceUnknown(language: Language?, file: String = "a.csv", line: Int = 2) -> Diagnostic {
        var diagnostic = Diagnostic(
            .choiceUnknown, at: SourceLocation(file: file, line: line, column: 4), questionID: "ch3_specific_law",
            expected: "one of: yes, partly, draft, no", found: "Peut-être", submissionID: "\(file)#1")
        diagnostic.country = "SEN"
        diagnostic.senderLanguage = language
        return diagnostic
    }

    /// `expected` names the options by their labels in the sender's language, for each of the six.
    @Test(arguments: [
        (Language.fr, "l'une des options : Oui, En partie, Projet uniquement, Non"),
        (.es, "una de las opciones: Sí, En parte, Solo un proyecto, No"),
        (.ru, "один из вариантов: Да, Частично, Только проект, Нет"),
        (.zh, "以下选项之一：是, 部分, 仅有草案, 否"),
        (.ar, "أحد الخيارات: نعم, جزئيًا, مشروع فقط, لا"),
        (.en, "one of: Yes, Partly, Draft only, No"),
    ])
    func theLocalMessageUsesTheLabelsOfTheSendersLanguage(language: Language, expected: String) {
        let diagnostic = choiceUnknown(language: language)
        let message = context().localMessage(diagnostic)
        #expect(message.hasPrefix(Self.texts.summary(.choiceUnknown, language)))
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("Peut-être"), "the value found, as sent")
        #expect(!message.contains("one of: yes, partly"), "no codes")
        // The analyst's message stays English, with the codes.
        #expect(diagnostic.message.contains("expected one of: yes, partly, draft, no"))
    }

    @Test func suggestionsAreRenderedInTheSendersLanguage() {
        var option = choiceUnknown(language: .fr)
        option.suggestion = Suggestion(.option, "partly", label: "Partly")
        #expect(context().localMessage(option).hasSuffix("vouliez-vous dire « En partie » ?"))
        var country = Diagnostic(.countryUnknown, at: SourceLocation(file: "b.csv", line: 3), found: "Madagscar", submissionID: "b.csv#2")
        country.senderLanguage = .es
        country.suggestion = Suggestion(.country, "MDG", label: "Madagascar")
        #expect(context().localMessage(country).hasSuffix("¿quiso decir Madagascar?"))
        var question = Diagnostic(.questionUnknown, at: SourceLocation(file: "c.csv", line: 2, column: 5), questionID: "Point de contact 24/7", expected: "a question id of questionnaire unodc-cybercrime-survey", found: "Point de contact 24/7")
        question.senderLanguage = .fr
        question.suggestion = Suggestion(.question, "ch3_specific_law", label: "Cybercrime-specific legislation")
        let message = context().localMessage(question)
        #expect(message.hasSuffix("vouliez-vous dire la question `ch3_specific_law` (Législation spécifique à la cybercriminalité) ?"), "\(message)")
        #expect(!message.contains("question id of questionnaire"))
        // Whatever words the transform uses for what names a question in the format (a column
        // header, a row header, an element), the sender's message leaves them out: the code's
        // text already says the column names no question.
        for wording in [
            "a column header naming a question (its id or label) of questionnaire unodc-cybercrime-survey",
            "a row header naming a question (its id or label) of questionnaire unodc-cybercrime-survey",
            "an element named as a question id of questionnaire unodc-cybercrime-survey",
        ] {
            question.expected = wording
            let local = context().localMessage(question)
            #expect(!local.contains("questionnaire unodc"), "\(local)")
            #expect(local.hasSuffix("(Législation spécifique à la cybercriminalité) ?"), "\(local)")
        }
        var separator = choiceUnknown(language: .ru)
        separator.suggestion = Suggestion(.separator, ",")
        #expect(context().localMessage(separator).hasSuffix("разделяйте несколько вариантов знаком `;` или `|`, а не `,`"))
        // Arabic: the country's name in Arabic.
        country.senderLanguage = .ar
        #expect(context().localMessage(country).hasSuffix("هل تقصد مدغشقر؟"), "\(context().localMessage(country))")
    }

    /// A repeat path (`laws[2]/status`) names the repeat's question: its options' labels.
    @Test func repeatPathsMapToTheRepeatsQuestion() throws {
        let repeatGroup = try #require(Fixtures.questionnaire.repeats.first)
        let question = try #require(repeatGroup.questions.first { $0.type.hasChoices && !$0.choices.isEmpty })
        let codes = question.choices.map(\.code)
        var diagnostic = Diagnostic(
            .choiceUnknown, at: SourceLocation(file: "d.xml", line: 9), questionID: "\(repeatGroup.id)[2]/\(question.id)",
            expected: "one of: " + codes.joined(separator: ", "), found: "x", submissionID: "d.xml#1")
        diagnostic.senderLanguage = .fr
        let labels = question.choices.map { $0.label.text(in: .fr) }.joined(separator: ", ")
        #expect(context().localMessage(diagnostic).contains(labels))
    }

    /// The sender's language: the language it wrote in, else its country's configured one, else
    /// English; the country of a file-level problem: the one country its file's submissions name.
    @Test func theSendersLanguageFallsBack() {
        let ctx = context(countries: ["x.csv#1": "MEX", "x.csv#2": "MEX", "y.csv#1": "MEX", "y.csv#2": "FRA"])
        #expect(ctx.language(of: choiceUnknown(language: .ru)) == .ru, "detected wins")
        #expect(ctx.language(of: choiceUnknown(language: nil)) == .fr, "Senegal's configured language")
        let fromSubmission = Diagnostic(.numberOutOfRange, at: SourceLocation(file: "x.csv", line: 2), submissionID: "x.csv#1")
        #expect(ctx.country(of: fromSubmission) == "MEX")
        #expect(ctx.language(of: fromSubmission) == .es)
        let fileLevel = Diagnostic(.csvRaggedRow, at: SourceLocation(file: "x.csv", line: 4))
        #expect(ctx.country(of: fileLevel) == "MEX", "every submission of x.csv names Mexico")
        let mixed = Diagnostic(.csvRaggedRow, at: SourceLocation(file: "y.csv", line: 4))
        #expect(ctx.country(of: mixed) == nil, "y.csv names two countries")
        #expect(ctx.language(of: mixed) == .en)
        let unknown = Diagnostic(.countryUnknown, at: SourceLocation(file: "z.csv", line: 2), submissionID: "z.csv#1")
        #expect(ctx.language(of: unknown) == .en)
    }

    /// One unknown header in every row of a file is one entry naming the rows; other problems
    /// stay apart; superseded submissions' problems and notes stay out of letters.
    @Test func lettersGatherRepeatedProblems() throws {
        var diagnostics: [Diagnostic] = (2...5).map { line in
            var diagnostic = Diagnostic(
                .questionUnknown, at: SourceLocation(file: "fr.csv", line: line, column: 7), questionID: "Point de contact 24/7",
                expected: "a question id of questionnaire unodc-cybercrime-survey", found: "Point de contact 24/7",
                submissionID: "fr.csv#\(line - 1)")
            diagnostic.country = "SEN"
            return diagnostic
        }
        var other = choiceUnknown(language: nil, file: "fr.csv", line: 3)
        other.submissionID = "fr.csv#2"
        diagnostics.append(other)
        var note = Diagnostic(.encodingFallback, at: SourceLocation(file: "fr.csv", offset: 10), found: "windows-1252")
        note.country = "SEN"
        diagnostics.append(note)
        // A superseded submission's problem.
        var old = choiceUnknown(language: nil, file: "old.csv", line: 2)
        old.submissionID = "old.csv#1"
        diagnostics.append(old)
        diagnostics.append(Diagnostic(.submissionSuperseded, at: SourceLocation(file: "old.csv", line: 2), submissionID: "old.csv#1"))
        let letters = context().letters(diagnostics)
        let letter = try #require(letters.first)
        #expect(letters.map(\.stem) == ["SEN.fr"])
        #expect(letter.html.contains("<html lang=\"fr\" dir=\"ltr\">"))
        #expect(letter.html.components(separatedBy: "<li class=\"problem\"").count - 1 == 2, "\(letter.text)")
        #expect(letter.text.contains("fr.csv, lignes 2, 3, 4, 5"), "\(letter.text)")
        #expect(letter.text.contains("fr.csv, ligne 3"))
        #expect(!letter.text.contains("old.csv"), "superseded")
        #expect(!letter.html.contains("encoding-fallback"), "a note asks nothing of the sender")
        #expect(letter.text.contains(Self.texts.phrase(.unreviewed, .fr)))
        #expect(context().letters(diagnostics) == letters, "deterministic")
    }

    @Test func anArabicLetterIsRightToLeftAndCellsAreNamed() throws {
        var diagnostic = Diagnostic(
            .numberOutOfRange, at: SourceLocation(file: "ردود.xlsx", line: 7, column: 3, sheet: "Réponses"), questionID: "ch3_reform_year",
            expected: "1970–2030", found: "1850", submissionID: "ردود.xlsx#1")
        diagnostic.country = "MAR"
        let letter = try #require(context().letters([diagnostic]).first)
        #expect(letter.stem == "MAR.ar")
        #expect(letter.html.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(letter.text.contains("الخلية Réponses!C7"), "\(letter.text)")
        #expect(letter.text.contains("المغرب"))
    }

    /// The new columns come after the existing ones, in this order.
    @Test func theReportGainsTheSendersColumnsAtTheEnd() throws {
        #expect(Array(Publisher.validationColumns.suffix(6)) == ["current", "country", "sender_language", "remedy", "suggestion", "message_local"])
        var diagnostic = choiceUnknown(language: nil)
        diagnostic.suggestion = Suggestion(.option, "partly", label: "Partly")
        let csv = try Publisher.validationCSV([diagnostic], feedback: context())
        let line = try #require(csv.components(separatedBy: "\r\n").dropFirst().first)
        #expect(line.contains(",SEN,fr,"), "\(line)")
        #expect(line.contains(DiagnosticCode.choiceUnknown.remedy))
        #expect(line.contains("did you mean \"\"Partly\"\" (`partly`)?"), "\(line)")
        #expect(line.contains("l'une des options : Oui, En partie"))
        // Without texts: message_local is the English message.
        let plain = try Publisher.validationCSV([diagnostic])
        #expect(plain.components(separatedBy: "\r\n")[1].hasSuffix(CSVText.encode(.text(diagnostic.message))))
    }

    /// The run gives the context only the submissions its diagnostics ask about
    /// (``FeedbackContext/Asked``), not every submission: over generated inboxes (files of one
    /// country and of several, diagnostics with and without a country or a submission, about
    /// accepted submissions and others), every diagnostic gets the same country, language,
    /// message and letter as from a context of every submission.
    @Test(arguments: Array(UInt64(1)...UInt64(12)))
    func aContextOfTheAskedSubmissionsAnswersAsOneOfEverySubmission(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let countries = ["SEN", "FRA", "MDG", "PER", "RUS", "CHN", "EGY"]
        var all: [String: String] = [:]
        var versions: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for f in 0..<8 {
            let file = f % 3 == 0 ? "csv/batch-\(f).csv" : "xml/instance-\(f).xml"
            let mixed = Int.random(in: 0..<3, using: &random) == 0
            let own = countries.randomElement(using: &random)!
            for line in 1...Int.random(in: 1...6, using: &random) {
                let id = "\(file)#\(line)"
                if Int.random(in: 0..<5, using: &random) > 0 {  // accepted: the store knows it
                    all[id] = mixed ? countries.randomElement(using: &random)! : own
                    versions[id] = "2026.1"
                }
                guard Int.random(in: 0..<3, using: &random) == 0 else { continue }
                var diagnostic = choiceUnknown(language: [nil, .fr, .es].randomElement(using: &random)!, file: file, line: line)
                diagnostic.submissionID = Int.random(in: 0..<4, using: &random) == 0 ? nil : id
                diagnostic.country = Bool.random(using: &random) ? nil : countries.randomElement(using: &random)!
                diagnostics.append(diagnostic)
            }
        }
        let asked = FeedbackContext.Asked(by: diagnostics)
        func context(_ ids: [String: String]) -> FeedbackContext {
            FeedbackContext(
                texts: Self.texts, reference: Fixtures.reference, questionnaires: [Fixtures.questionnaire],
                submissionVersions: versions.filter { ids[$0.key] != nil }, submissionCountries: ids, diagnostics: diagnostics)
        }
        let full = context(all)
        let kept = all.filter { asked.contains($0.key) }
        let small = context(kept)
        for diagnostic in diagnostics {
            #expect(small.country(of: diagnostic) == full.country(of: diagnostic), "\(diagnostic.location) \(diagnostic.submissionID ?? "-")")
            #expect(small.language(of: diagnostic) == full.language(of: diagnostic))
            #expect(small.localMessage(diagnostic) == full.localMessage(diagnostic))
        }
        #expect(small.letters(diagnostics).map(\.html) == full.letters(diagnostics).map(\.html))
        // What is asked: the named submission, and a file's others only when a diagnostic
        // about it has no country.
        var withCountry = choiceUnknown(language: nil, file: "a.csv", line: 2)
        withCountry.submissionID = "a.csv#1"
        #expect(FeedbackContext.Asked(by: [withCountry]).contains("a.csv#1"))
        #expect(!FeedbackContext.Asked(by: [withCountry]).contains("a.csv#7"))
        withCountry.country = nil
        #expect(FeedbackContext.Asked(by: [withCountry]).contains("a.csv#7"))
        #expect(!FeedbackContext.Asked(by: [withCountry]).contains("b.csv#1"))
    }
}
