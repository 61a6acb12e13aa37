import ArgumentParser
import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveySamples

/// `legisurvey sample`: writes a synthetic, labelled demo inbox (or a respondent inbox for the
/// benchmark) and says what it wrote.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic, clearly labelled demo inbox (not any country's real answers).")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Folder to write into.") var output = "Input"
    // `.unconditional` on the numbers: a negative value is refused as a value, not taken for an option.
    @Option(parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 2026
    @Option(parsing: .unconditional, help: "Number of countries.") var countries = 72
    @Option(help: "Survey round written in the files.") var round = "2026"
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Write this many respondents over the population's States instead (half XForm instances, half wide CSV), "
                + "each named in --respondent-field; for surveys of agencies and for the benchmarks."))
    var respondents: Int?
    @Option(help: "The respondent field written with --respondents.") var respondentField = "respondent_id"
    @Flag(
        help: ArgumentHelp(
            "Write into --output even when it holds files no sample wrote (a live inbox); "
                + "its README.md and demo-* files are overwritten."))
    var force = false

    func run() throws {
        try Command.perform {
            let definitions = try options.definitions()
            try definitions.configuration.checkRound(round, what: "sample --round")
            // The countries come from the pipeline's population (with a few deliberate examples from
            // outside it), so that the sample's statistics describe what the pipeline's do.
            let range = SampleGenerator.countryRange(reference: definitions.reference, population: definitions.population)
            guard respondents != nil || range.contains(countries) else {
                throw PipelineError.invalidArgument(
                    "--countries must be between \(range.lowerBound) and \(range.upperBound) "
                        + "(the population's States and the non-member examples with a region and a development group "
                        + "in the reference data); got \(countries)")
            }
            if respondents != nil,
                SampleGenerator.populationCountries(reference: definitions.reference, population: definitions.population).isEmpty
            {
                throw PipelineError.invalidArgument(
                    "--respondents: the pipeline's population has no State with a region, a development group and a formal "
                        + "name in the reference data to write; declare another population: in the pipeline file")
            }
            try checkOutputFolder()
            var generator = SampleGenerator(
                questionnaire: definitions.questionnaire, reference: definitions.reference, population: definitions.population,
                seed: seed, countries: countries, round: round)
            // The interim round (two years before --round) is written when the pipeline declares it.
            generator.declaredRounds = definitions.configuration.rounds
            // A baseline round that answered an older version is written in that version.
            generator.answerBaseline(
                in: generator.baselineRound.map { definitions.questionnaire(forRound: $0) }, crosswalks: definitions.crosswalks)
            // The interim round likewise, in the version the pipeline declares for it.
            generator.answerInterim(in: generator.interimRoundID.map { definitions.questionnaire(forRound: $0) })
            if let respondents {
                guard respondents > 0 else { throw PipelineError.invalidArgument("--respondents must be at least 1") }
                let inbox = try generator.writeRespondents(respondents, field: respondentField, to: URL(fileURLWithPath: output))
                print(
                    "wrote \(inbox.files) files (\(inbox.xformFiles) XForm instances, \(inbox.csvFiles) wide CSV files; "
                        + "\(inbox.bytes) bytes) to \(output) (seed \(seed), \(respondents) respondents, round \(round))")
                return 0
            }
            let written = try generator.write(to: URL(fileURLWithPath: output))
            print("wrote \(written.count) files to \(output) (seed \(seed), \(countries) countries, round \(round))")
            return 0
        }
    }

    /// A sample goes into a new or empty folder, or over a previous sample; a folder that holds
    /// anything else (a live inbox) is refused unless `--force`, naming a few of its files.
    func checkOutputFolder() throws {
        let folder = URL(fileURLWithPath: output)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw PipelineError.notAFolder(what: "sample --output", path: output)
        }
        guard !force else { return }
        let foreign = SampleGenerator.foreignEntries(in: folder)
        guard !foreign.isEmpty else { return }
        let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? " and \(foreign.count - 3) more" : "")
        throw PipelineError.invalidArgument(
            "--output \(output) holds files no sample wrote (\(shown)): it may be a live inbox; "
                + "choose a new or empty folder, or add --force to write the sample among them")
    }
}
