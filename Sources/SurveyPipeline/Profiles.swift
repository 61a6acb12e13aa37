// Writes the country profiles (issue 21) into `<output>/countries/`: per State with an accepted
// submission, `<ISO3>.json` and a page per language; `index.json` and an index page per language.
// Files of States that no longer have a profile (a withdrawn submission) are removed, so the folder
// holds exactly this run's profiles.
import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyModel
import SurveyPublish

extension Pipeline {
    /// The profiles and the index, from the run's context; `submissions` are each round's
    /// accepted submissions (``profileSubmissions(_:rounds:)``).
    func profileBuilder(
        _ context: OutputContext, diagnostics: [Diagnostic], submissions: [String: [SubmissionSource]] = [:],
        withRestricted: Bool = false
    ) -> CountryProfileBuilder {
        // The internal edition's profiles read every answer; the public ones the public view.
        let data = withRestricted ? context.fullData : context.data
        let repeatAnswers = withRestricted ? context.fullRepeatAnswers : context.repeatAnswers
        // Repeats nested inside a law (`laws[2]/amendments[1]`), of any round's questionnaire.
        var nestedPaths = Set<[String]>()
        for round in data.roundIDs + [""] {
            let questionnaire = round.isEmpty ? context.analyzer.questionnaire : context.questionnaire(ofRound: round)
            for (path, _) in questionnaire.allRepeatGroups where path.count > 1 && path.first == Inventory.lawsGroup[0] {
                nestedPaths.insert(path)
            }
        }
        let nested = nestedPaths.sorted { $0.joined(separator: "/") < $1.joined(separator: "/") }.flatMap {
            RepeatRecord.records(from: repeatAnswers, group: $0)
        }
        let laws = withRestricted ? RepeatRecord.records(from: repeatAnswers, group: Inventory.lawsGroup) : context.laws
        let practices = withRestricted ? RepeatRecord.records(from: repeatAnswers, group: Inventory.practicesGroup) : context.practices
        var builder = CountryProfileBuilder(
            data: data, analyzer: context.analyzer, reference: context.reference,
            questionnaireOfRound: { context.questionnaire(ofRound: $0) }, rounds: data.roundIDs,
            shares: context.shareStatistics, laws: laws, practices: practices,
            diagnostics: withRestricted ? diagnostics : context.withholding(diagnostics),
            headline: definitions.headline, submissions: submissions, nestedLaws: nested)
        builder.mark(context.corrections)
        return builder
    }

    /// Each round's accepted submissions (id, file, respondent), as the profiles list them.
    static func profileSubmissions(_ store: any SurveyReadStore, rounds: [String]) async throws -> [String: [SubmissionSource]] {
        var result: [String: [SubmissionSource]] = [:]
        for round in rounds { result[round] = try await store.submissionSources(round: round) }
        return result
    }

    /// Writes `countries/`: returns the folder's path (one line in the run's list of outputs, as
    /// for `quarantine/`).
    func writeProfiles(
        _ context: OutputContext, diagnostics: [Diagnostic], languages: Set<Language>,
        submissions: [String: [SubmissionSource]] = [:], latest: [PriorityScore] = [], planning: [PriorityScore] = []
    ) throws -> [String] {
        let builder = profileBuilder(context, diagnostics: diagnostics, submissions: submissions)
        let states = builder.states()
        let index = builder.index()
        let world = worldTiles(context, profiles: Set(states))
        let folder = configuration.output.appendingPathComponent(ProfilePages.folder, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let publisher = Publisher(directory: folder)
        let ordered = languages.sorted { $0.rawValue < $1.rawValue }
        var written: [String] = []
        written.append(try publisher.writeText(try PrettyJSON.encode(index, newline: true), to: "index.json").path)
        for language in ordered {
            let pageContext = ProfilePageContext(language: language, defaultLanguage: configuration.language, languages: ordered)
            written.append(try publisher.writeText(ProfilePages.indexHTML(index, context: pageContext), to: pageContext.indexFile()).path)
        }
        // The internal edition's profiles show the restricted answers, marked: the same profiles
        // when nothing is restricted, otherwise a second pass that keeps them.
        let internalPages = try InternalProfilePages(self, folder: folder, languages: ordered, latest: latest, planning: planning, world: world)
        let internalFromRestricted = internalPages != nil && !context.restrictions.isEmpty
        _ = context.withheldCache  // made here, once: the workers below only read it
        let pages = ProfileRendering(
            context: context, languages: ordered, defaultLanguage: configuration.language, world: world, internalPages: internalPages)
        try pages.write(builder.prepared(), publicPages: true, internalPages: internalPages != nil && !internalFromRestricted, to: publisher)
        if internalFromRestricted {
            try pages.write(
                profileBuilder(context, diagnostics: diagnostics, submissions: submissions, withRestricted: true).prepared(),
                publicPages: false, internalPages: true, to: publisher)
        }
        // Remove what an earlier run wrote for a State without a profile now: only files of the
        // profile folder's own kinds. Pages of a current State in a language this call did not
        // write stay, as `report.<lang>.html` does (`legisurvey report --lang fr` rewrites the
        // French pages only; the report's other languages still link to theirs).
        let current = Set(states).union(["index"])
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !name.hasPrefix(".") && (name.hasSuffix(".html") || name.hasSuffix(".json")) {
            let stem = String(name.prefix { $0 != "." })
            if !current.contains(stem) { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        }
        return [folder.path]
    }

    /// The profiles' locator (issue 27): the reference's tile grid, each State's rounds with an
    /// accepted submission, and the States with a profile; nil without a tile grid.
    func worldTiles(_ context: OutputContext, profiles: Set<String>) -> WorldTiles? {
        guard let layout = context.reference.tiles else { return nil }
        var rounds: [String: Set<String>] = [:]
        for round in context.data.roundIDs {
            for unit in context.data.countries(in: round) { rounds[SurveyUnit.country(of: unit), default: []].insert(round) }
        }
        return WorldTiles(layout: layout, reference: context.reference, rounds: rounds, profiles: profiles)
    }

    /// `countries/internal/<ISO3>.html` (and `.<lang>.html`) with the internal edition
    /// (`internal_edition:`, `--edition internal`) and a scoring model: each profile with the
    /// State's rows of the latest scored round (`latest`: every area, whatever its quadrant) and,
    /// for its rows of `ta_planning.csv` (`planning`), their place within the quadrant. Made once
    /// (the folder emptied, the planning figures indexed), then given each profile; nil, and the
    /// folder an earlier run wrote removed, without them.
    struct InternalProfilePages {
        let publisher: Publisher
        let languages: [Language]
        let defaultLanguage: Language
        let world: WorldTiles?
        let round: String
        let places: [String: String]
        let labels: [String: String]
        let byCountry: [String: [PriorityScore]]
        let areaOrder: [String: Int]

        init?(
            _ pipeline: Pipeline, folder: URL, languages: [Language], latest: [PriorityScore], planning: [PriorityScore],
            world: WorldTiles?
        ) throws {
            let internalFolder = folder.appendingPathComponent("internal", isDirectory: true)
            try? FileManager.default.removeItem(at: internalFolder)
            guard pipeline.configuration.internalEdition, let model = pipeline.scoringModel else { return nil }
            try FileManager.default.createDirectory(at: internalFolder, withIntermediateDirectories: true)
            publisher = Publisher(directory: internalFolder)
            self.languages = languages
            defaultLanguage = pipeline.configuration.language
            self.world = world
            var places: [String: String] = [:]
            for row in planning {
                if let place = row.planningRank { places["\(row.area)|\(row.country)"] = "\(place)\(row.planningRankTied ? "=" : "")" }
            }
            self.places = places
            labels = Dictionary(model.areas.map { ($0.id, $0.label) }, uniquingKeysWith: { first, _ in first })
            round = latest.first?.round ?? ""
            byCountry = Dictionary(grouping: latest, by: \.country)
            areaOrder = Dictionary(model.areas.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        }

        /// The profile's internal pages: (file in `internal/`, text) per language.
        func render(_ profile: CountryProfile) -> [(file: String, text: String)] {
            let areaOrder = self.areaOrder
            let rows = (byCountry[profile.country.iso3] ?? []).sorted { areaOrder[$0.area, default: 0] < areaOrder[$1.area, default: 0] }
            let figures = InternalPlanning(round: round, rows: rows, places: places, areaLabels: labels)
            return languages.map { language in
                let pageContext = ProfilePageContext(language: language, defaultLanguage: defaultLanguage, languages: languages, world: world)
                return (pageContext.profileFile(profile.country.iso3), ProfilePages.internalHTML(profile, context: pageContext, planning: figures))
            }
        }
    }

    /// Each State's profile built, marked, encoded and laid out on every core and written in order
    /// as they come, at most one State per core ahead of the one being written
    /// (``ConcurrentResults/inOrder(count:ahead:workers:_:consume:)``): a few profiles in memory,
    /// the same bytes as one at a time. (The profiles were a third of a large run, on one core.) Workers only read
    /// the output context: what it makes lazily for them is made before (`withheldCache`).
    struct ProfileRendering: @unchecked Sendable {
        let context: OutputContext
        let languages: [Language]
        let defaultLanguage: Language
        let world: WorldTiles?
        let internalPages: InternalProfilePages?

        /// Makes the files of the State `iso3` and writes each as soon as it is made: its JSON, its
        /// page in each language, its internal pages. A State's files at 50,000 respondents are
        /// megabytes each; held until written in order, the files of every State in flight (one
        /// per core, and as many made ahead) were about 40 MB of the report phase's peak.
        func write(
            _ prepared: PreparedProfiles, _ iso3: String, publicPages: Bool, internalPages withInternal: Bool, to publisher: Publisher
        ) throws {
            let profile = context.markingRestricted(prepared.profile(iso3), public: publicPages)
            if publicPages {
                // JSONEncoder's bytes (pretty, sorted keys, slashes as written), at a fraction of its cost.
                try publisher.writeUTF8(
                    try PrettyJSON.encodeBytes(profile, newline: true, capacity: (64 << 10) + 512 * profile.listedAnswers), to: "\(iso3).json")
                for language in languages {
                    let pageContext = ProfilePageContext(language: language, defaultLanguage: defaultLanguage, languages: languages, world: world)
                    _ = try publisher.writeText(ProfilePages.html(profile, context: pageContext), to: pageContext.profileFile(iso3))
                }
            }
            if withInternal, let internalPages {
                for file in internalPages.render(profile) { _ = try internalPages.publisher.writeText(file.text, to: file.file) }
            }
        }

        func write(_ prepared: PreparedProfiles, publicPages: Bool, internalPages withInternal: Bool, to publisher: Publisher) throws {
            let states = prepared.states
            // Made and written on every core (each file its own, through a temporary file and a
            // rename), one State per core ahead; the first failure, in the States' order, stops
            // the rest.
            try ConcurrentResults.inOrder(count: states.count, ahead: max(1, ProcessInfo.processInfo.activeProcessorCount)) {
                index in
                Result { try write(prepared, states[index], publicPages: publicPages, internalPages: withInternal, to: publisher) }
            } consume: { _, result in
                try result.get()
                return nil
            }
        }
    }
}
