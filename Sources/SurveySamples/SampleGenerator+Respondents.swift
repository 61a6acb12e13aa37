public import Foundation
public import SurveyModel

/// A synthetic inbox of many respondents per country (`legisurvey sample --respondents N`), for
/// surveys of agencies and offices and for the benchmarks (BENCHMARKS.md).
///
/// Half the respondents arrive as XForm instances (one file each, codes only, as ODK Collect
/// sends them), half as rows of wide CSV files (`rowsPerFile` rows each, countries and answers
/// written as people write them: codes, M49 numbers, names and option labels in the six
/// languages). Every submission names its respondent in the `respondentField` column or element;
/// the pipeline file declares it (`identity: {respondent: respondent_id}`). Respondents are
/// spread over the population's States (``population``, the 193 UN Member States by default),
/// except every ``outsideEvery``-th, which comes deliberately from outside it
/// (``outsideExamples(reference:population:)``); the files are deterministic for a seed.
extension SampleGenerator {
    /// One respondent in this many (the 50th, the 100th, …) is from outside the population, when
    /// there is an outside example: 2%, about as many as when the respondents were drawn from every
    /// entry with a region (4 of 197), so that the `outside` rows and the peers' population filter
    /// are exercised on purpose.
    public static let outsideEvery = 50


    public struct RespondentInbox: Sendable, Equatable {
        public var files: Int
        public var xformFiles: Int
        public var csvFiles: Int
        public var bytes: Int
    }

    public func writeRespondents(
        _ count: Int, field: String = "respondent_id", rowsPerFile: Int = 1000, to folder: URL
    ) throws -> RespondentInbox {
        precondition(count > 0 && rowsPerFile > 0)
        var random = SplitMix64(seed: seed)
        let inside = Self.populationCountries(reference: reference, population: population).sorted { $0.iso3 < $1.iso3 }
        let outside = Self.outsideExamples(reference: reference, population: population).sorted { $0.iso3 < $1.iso3 }
        precondition(!inside.isEmpty, "the population has no country a sample can write")
        let languages: [Language] = [.en, .en, .en, .fr, .fr, .es, .es, .ru, .zh, .ar]
        let manager = FileManager.default
        let xformFolder = folder.appendingPathComponent("xform")
        let csvFolder = folder.appendingPathComponent("csv")
        try manager.createDirectory(at: xformFolder, withIntermediateDirectories: true)
        try manager.createDirectory(at: csvFolder, withIntermediateDirectories: true)
        var inbox = RespondentInbox(files: 0, xformFiles: 0, csvFiles: 0, bytes: 0)
        func write(_ text: String, to url: URL) throws {
            let data = Data(text.utf8)
            try data.write(to: url)
            inbox.files += 1
            inbox.bytes += data.count
        }
        let xformCount = count / 2
        let width = max(6, String(count).count)
        func respondentID(_ number: Int) -> String {
            let digits = String(number)
            return "R" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let questions = questionnaire.questions.map(\.id)
        let header = CSVText.header(["country", "round", field, "_note"] + questions)
        var csv = header
        var rows = 0
        func flushCSV() throws {
            guard rows > 0 else { return }
            inbox.csvFiles += 1
            try write(csv, to: csvFolder.appendingPathComponent("respondents-\(String(format: "%04d", inbox.csvFiles)).csv"))
            csv = header
            rows = 0
        }
        for number in 1...count {
            let countries = number % Self.outsideEvery == 0 && !outside.isEmpty ? outside : inside
            let country = countries[Int(random.next() % UInt64(countries.count))]
            let language = languages[Int(random.next() % UInt64(languages.count))]
            // Drawn as 2026.2 asks the TA chapter, written as the questionnaire asks it.
            let answers = inForm(self.answers(for: country, language: language, &random), questionnaire, country: country, language: language)
            let id = respondentID(number)
            if number <= xformCount {
                inbox.xformFiles += 1
                let text = instanceXML(
                    identity: [("country", country.iso3), ("round", round), (field, id)], answers: answers,
                    instanceID: "uuid:sample-\(seed)-\(id)")
                try write(text, to: xformFolder.appendingPathComponent("\(id).xml"))
            } else {
                let text = countryText(country, language, &random)
                let byQuestion = Dictionary(answers.map { ($0.question, $0.values) }, uniquingKeysWith: { a, _ in a })
                let cells = [text, round, id, Self.notice] + questions.map { (byQuestion[$0] ?? []).joined(separator: " | ") }
                csv += CSVText.line(cells.map(CSVCell.text))
                rows += 1
                if rows == rowsPerFile { try flushCSV() }
            }
        }
        try flushCSV()
        let readme = """
            # Synthetic respondent inbox

            **SYNTHETIC DATA generated by `legisurvey sample --respondents \(count) --seed \(seed)`: not any
            country's or agency's real answers.** \(count) respondents over the \(inside.count) States of the
            population (\(population.code)), one in \(Self.outsideEvery) from outside it on purpose
            (\(outside.isEmpty ? "none here" : outside.map(\.iso3).joined(separator: ", ")): the `outside` rows only), round \(round):
            \(inbox.xformFiles) XForm instances in `xform/`, \(count - xformCount) rows of wide CSV in `csv/`
            (\(rowsPerFile) rows per file). Each names its respondent in `\(field)`; read it with a pipeline
            file that declares `identity: {respondent: \(field)}`.

            """
        try Data(readme.utf8).write(to: folder.appendingPathComponent("README.md"))
        return inbox
    }
}
