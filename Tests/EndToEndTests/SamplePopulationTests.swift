import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
@testable import SurveySamples
import SurveyTestSupport
import Testing

/// The samples follow the pipeline's population (issue 17, part 8): the respondent inbox of the
/// benchmark draws from the population's States, with every 50th respondent deliberately from
/// outside it; the demo keeps its pool (the population and the four non-member entries UNTERM
/// names), so the shipped Input/ is still exactly what the generator writes.
@Suite struct SamplePopulationTests {
    static let reference = Fixtures.reference

    /// The non-member entries UNTERM names, counted here from `un_status`.
    static let unterm = reference.countries.filter { $0.unStatus == .observer || $0.unStatus == .associated }.map(\.iso3)

    @Test func theOutsideExamplesAreTheNonMembersOutsideThePopulation() {
        #expect(Self.unterm.sorted() == ["COK", "NIU", "PSE", "VAT"])
        let members = Population.memberStates(of: Self.reference)
        #expect(SampleGenerator.outsideExamples(reference: Self.reference, population: members).map(\.iso3).sorted() == Self.unterm.sorted())
        let withObservers = Population.memberAndObserverStates(of: Self.reference)
        #expect(SampleGenerator.outsideExamples(reference: Self.reference, population: withObservers).map(\.iso3).sorted() == ["COK", "NIU"])
        // The population's writable States: the 193 Member States (every one has a region, a
        // development group and a formal name).
        #expect(SampleGenerator.populationCountries(reference: Self.reference, population: members).count == 193)
        #expect(SampleGenerator.countryRange(reference: Self.reference) == 2...197)
    }

    /// Namibia is never written `NA` (read as a blank by R and pandas, and rejected by LegiSurvey
    /// outside a file of alpha-2 codes): the benchmark's 1,000-respondent inbox lost one respondent
    /// to `country-ambiguous-na`, and the peers, which read it as Namibia, differed.
    @Test func namibiaIsNeverWrittenNA() throws {
        let namibia = try #require(Self.reference.country(iso3: "NAM"))
        let generator = SampleGenerator(
            questionnaire: Fixtures.questionnaire, reference: Self.reference, seed: 1, countries: 2, round: "2026")
        var random = SplitMix64(seed: 2026)
        var written = Set<String>()
        for _ in 0..<2000 { written.insert(generator.countryText(namibia, .en, &random)) }
        #expect(!written.contains("NA") && written.contains("NAM") && written.contains("516"), "\(written.sorted())")
    }

    /// The shipped demo inbox is exactly what the generator writes with `make sample`'s arguments:
    /// its figures (and its Cook Islands, Niue and Holy See submissions) do not move.
    @Test func theDemoInboxIsWhatTheGeneratorWrites() throws {
        let folder = Fixtures.temporaryFolder("sample-demo")
        // As `make sample` runs it: the default pipeline's questionnaires (the 2022 baseline
        // answers version 2022.1 through the crosswalk) and population.
        let definitions = try PipelineDefinitions.load(path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yml").path)
        var generator = SampleGenerator(
            questionnaire: definitions.questionnaire, reference: definitions.reference, population: definitions.population,
            seed: 2026, countries: 72, round: "2026")
        generator.declaredRounds = definitions.configuration.rounds
        generator.answerInterim(in: generator.interimRoundID.map { definitions.questionnaire(forRound: $0) })
        generator.answerBaseline(
            in: generator.baselineRound.map { definitions.questionnaire(forRound: $0) }, crosswalks: definitions.crosswalks)
        let written = try generator.write(to: folder)
        let input = Fixtures.packageRoot.appendingPathComponent("Input")
        for path in written {
            let ours = try Data(contentsOf: folder.appendingPathComponent(path))
            let shipped = try Data(contentsOf: input.appendingPathComponent(path))
            #expect(ours == shipped, "\(path)")
        }
        #expect(written.count == 64)
    }

    /// 200 respondents through the benchmark pipeline: respondents 50, 100, 150 and 200 are from
    /// outside the population and counted in `outside` only; the other 196 in the world.
    @Test func respondentsComeFromThePopulationAndOneInFiftyFromOutside() async throws {
        let folder = Fixtures.temporaryFolder("sample-population")
        let inbox = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        let configuration = try PipelineConfiguration.load(
            path: Fixtures.packageRoot.appendingPathComponent("Benchmarks/bench.yml").path, input: inbox.path,
            output: output.path, store: output.appendingPathComponent("store.sqlite").path)
        let pipeline = try Pipeline(configuration: configuration)
        let generator = SampleGenerator(
            questionnaire: pipeline.questionnaire, reference: pipeline.reference, population: pipeline.population, seed: 3,
            countries: 0, round: "2026")
        _ = try generator.writeRespondents(200, rowsPerFile: 40, to: inbox)
        // The XForm instances (respondents 1–100) name their country by ISO code: 50 and 100 are
        // outside examples, every other one a Member State.
        for number in 1...100 {
            let id = "R" + String(repeating: "0", count: 6 - String(number).count) + String(number)
            let text = try String(contentsOf: inbox.appendingPathComponent("xform/\(id).xml"), encoding: .utf8)
            let iso3 = try #require(Self.reference.countries.map(\.iso3).first { text.contains("<country>\($0)</country>") }, "\(id)")
            #expect(Self.unterm.contains(iso3) == (number % 50 == 0), "\(id): \(iso3)")
            if number % 50 != 0 { #expect(Self.reference.country(iso3: iso3)?.unStatus == .member, "\(id): \(iso3)") }
        }
        let summary = try await pipeline.run()
        #expect(summary.total.accepted == 200)
        let rows = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent("numeric_statistics.csv"), encoding: .utf8))
        let header = try #require(rows.first)
        let table = rows.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        let reform = table.filter { $0["question_id"] == "ch3_reform_year" && $0["round"] == "2026" }
        #expect(reform.first { $0["group_type"] == "outside" }?["n_submissions"] == "4")
        #expect(reform.first { $0["group_type"] == "world" }?["n_submissions"] == "196")
    }
}
