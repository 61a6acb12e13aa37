public import Foundation
public import SurveyModel
public import SurveyExtract
import SurveyTransform

/// A pipeline file and every definition it names, read and checked together: the questionnaire
/// (YAML or XForm), the country reference data, the custom groups and country indicators, and
/// the scoring model of the priority tables. What every command starts from.
public struct PipelineDefinitions: Sendable {
    public let configuration: PipelineConfiguration
    /// The latest round's questionnaire (the last declared round's): what groups, indicators by
    /// item id, scoring, the report and the questionnaire commands refer to.
    public let questionnaire: Questionnaire
    /// Every questionnaire version a round declares, oldest round first, each once.
    public let questionnaires: [Questionnaire]
    /// Each declared round's questionnaire version (`rounds:`; a plain id: `questionnaire:`'s).
    public let roundVersions: [String: String]
    /// Each version's file, for messages.
    public let questionnaireFiles: [String: URL]
    /// The crosswalks the pipeline file names (`crosswalks:`), checked against both versions.
    public let crosswalks: [Crosswalk]
    /// One step per pair of consecutive versions: its crosswalk, or items and options matched by
    /// id and code when the pipeline file names none.
    public let crosswalkSteps: [CrosswalkStep]
    public let reference: CountryReference
    /// The pipeline file's custom groups and country indicators, checked.
    public let customGroups: [CustomGroup]
    public let indicators: [IndicatorDefinition]
    /// The indicators as they apply to each round's questionnaire (``indicators`` for the rounds
    /// of the latest version): `select:` is matched against the round's own questions; an item
    /// named by id (the latest version's) is kept in an older round only when that round's
    /// questionnaire has a question of that id, and left out of its `items_total` otherwise.
    public let roundIndicators: [String: [IndicatorDefinition]]
    /// The pipeline file's scoring model for the priority tables, when it names one.
    public let scoringModel: ScoringModel?
    /// The technical-assistance programmes of the programmes file (`programmes:`), checked; empty
    /// without one.
    public let programmes: [Programme]
    /// The analyst's corrections (`corrections:`, issue 26), checked against each round's
    /// questionnaire; the refused ones as `correction-invalid` diagnostics. Empty without a file.
    public let corrections: CorrectionsFile
    /// The restrictions file's entries (`restrictions:`, issue 26); empty without a file.
    public let restrictions: RestrictionsFile
    /// The focal-point register (`register:`), checked; empty without one. Personal data: the
    /// letters and the follow-up list only.
    public let register: FocalPointRegister
    /// What the analyst should hear about the definitions before a run that does not stop it (a
    /// register other users can read).
    public let warnings: [String]
    /// The population statistics describe (`population:`), resolved against the reference.
    public let population: Population
    /// The headline items (`headline:`, checked against the latest questionnaire; without the
    /// key, ``Questionnaire/defaultHeadline``): the report's headline table and each country
    /// profile's headline section show these.
    public let headline: [HeadlineItem]
    /// The feedback texts the pipeline file names (`feedback:`), read and checked; nil without.
    public let feedbackTexts: FeedbackTexts?

    /// Reads the definitions the pipeline file names.
    public init(configuration: PipelineConfiguration) throws {
        self.configuration = configuration
        // The reference data (the largest file, a fifth of a second's YAML at start-up) read on
        // another core while the questionnaires are; its errors still come where they came.
        let referenceFile = configuration.reference
        let pendingReference = PendingValue("legisurvey.reference") { try CountryReference.load(from: referenceFile) }
        let identityFields = Set(
            [configuration.countryField, configuration.roundField] + (configuration.respondentField.map { [$0] } ?? []))
        // Each questionnaire file once, in the order of the rounds that name it; the top-level
        // `questionnaire:` for every round that names none.
        var byFile: [URL: Questionnaire] = [:]
        var versions: [Questionnaire] = []
        var files: [String: URL] = [:]
        var roundVersions: [String: String] = [:]
        func load(_ url: URL) throws -> Questionnaire {
            if let known = byFile[url] { return known }
            var questionnaire = try Questionnaire.load(from: url, chapters: configuration.chapters, identityFields: identityFields)
            if let checks = configuration.checks {
                // One place for a pipeline's checks: an XForm cannot declare them, a YAML
                // questionnaire can. The checks file applies to every version the rounds name.
                guard questionnaire.checks.isEmpty else {
                    throw DefinitionError.invalidDefinition(
                        path: configuration.file.path,
                        detail: "checks: the questionnaire (\(url.lastPathComponent)) declares its own checks: declare them in one place, the questionnaire or the checks file")
                }
                questionnaire.checks = try Questionnaire.loadChecks(from: checks, for: questionnaire)
            }
            if let collision = Transformer.labelCollisions(in: questionnaire).first {
                throw DefinitionError.invalidDefinition(path: url.path, detail: collision)
            }
            if let earlier = files[questionnaire.version] {
                throw DefinitionError.invalidDefinition(
                    path: url.path,
                    detail: "version '\(questionnaire.version)' is also the version of \(earlier.path): each questionnaire file of rounds: needs its own version")
            }
            if let first = versions.first, first.id != questionnaire.id {
                throw DefinitionError.invalidDefinition(
                    path: url.path,
                    detail: "questionnaire id '\(questionnaire.id)' differs from '\(first.id)' (\(files[first.version]!.path)): the rounds of one pipeline answer versions of one questionnaire")
            }
            byFile[url] = questionnaire
            versions.append(questionnaire)
            files[questionnaire.version] = url
            return questionnaire
        }
        for round in configuration.rounds {
            roundVersions[round] = try load(configuration.roundQuestionnaires[round] ?? configuration.questionnaire).version
        }
        // Versions follow the rounds: once a newer version is in use, no later round answers an
        // older one (progress reads the older through the crosswalks, never backwards).
        var highest = 0
        for round in configuration.rounds {
            let index = versions.firstIndex { $0.version == roundVersions[round] }!
            guard index >= highest else {
                throw DefinitionError.invalidDefinition(
                    path: configuration.file.path,
                    detail: "rounds: '\(round)' answers \(versions[index].version), older than \(versions[highest].version) of a round before it")
            }
            highest = index
        }
        self.questionnaires = versions
        self.roundVersions = roundVersions
        var crosswalks: [Crosswalk] = []
        for url in configuration.crosswalks {
            let crosswalk = try Crosswalk.load(from: url, versions: versions)
            if crosswalks.contains(where: { $0.from == crosswalk.from }) {
                throw DefinitionError.invalidDefinition(
                    path: url.path, detail: "a second crosswalk from \(crosswalk.from) to \(crosswalk.to) (crosswalks: names one per pair)")
            }
            crosswalks.append(crosswalk)
        }
        self.crosswalks = crosswalks
        crosswalkSteps = zip(versions, versions.dropFirst()).map { older, newer in
            CrosswalkStep(from: older, to: newer, crosswalk: crosswalks.first { $0.from == older.version })
        }
        self.questionnaireFiles = files
        let latest = versions.first { $0.version == roundVersions[configuration.rounds.last!] }!
        self.questionnaire = latest
        var countries = try pendingReference.value()
        if let grid = configuration.tileGrid {
            countries.tiles = try TileLayout.load(from: grid, reference: countries)
        }
        self.reference = countries
        self.feedbackTexts = try configuration.feedback.map { try FeedbackTexts.load(from: $0) }
        do {
            population = try StatisticsDefinitions.population(configuration.populationEntry, reference: reference)
            customGroups = try StatisticsDefinitions.groups(
                configuration.groupEntries, questionnaire: latest, reference: reference,
                relativeTo: configuration.file.deletingLastPathComponent())
            indicators = try StatisticsDefinitions.indicators(configuration.indicatorEntries, questionnaire: latest)
            var byVersion: [String: [IndicatorDefinition]] = [latest.version: indicators]
            for version in versions where version.version != latest.version {
                // The crosswalks from this version to the latest: items named by id read through them.
                let first = versions.firstIndex { $0.version == version.version }!
                let last = versions.firstIndex { $0.version == latest.version }!
                let chain = first < last ? CrosswalkChain(steps: Array(crosswalkSteps[first..<last])) : nil
                byVersion[version.version] = try StatisticsDefinitions.indicators(
                    configuration.indicatorEntries, questionnaire: version, latest: latest, chain: chain)
            }
            roundIndicators = roundVersions.mapValues { byVersion[$0]! }
        } catch let mistake as StatisticsDefinitions.Mistake {
            throw DefinitionError.invalidDefinition(path: mistake.path ?? configuration.file.path, detail: mistake.detail)
        }
        scoringModel = try configuration.priorities.map { try ScoringModel.load(from: $0, questionnaire: latest) }
        if let file = configuration.programmes {
            programmes = try Programme.load(from: file, questionnaire: latest, reference: self.reference)
        } else {
            programmes = []
        }
        // The corrections and restrictions files: named in messages relative to the pipeline
        // file's folder, each entry checked against its round's questionnaire.
        let folder = configuration.file.deletingLastPathComponent().standardizedFileURL.path + "/"
        func shown(_ file: URL) -> String {
            let path = file.standardizedFileURL.path
            return path.hasPrefix(folder) ? String(path.dropFirst(folder.count)) : path
        }
        let questionnairesByRound = roundVersions.compactMapValues { version in versions.first { $0.version == version } }
        let reference = self.reference
        corrections = try configuration.corrections.map { file in
            try CorrectionsFile.load(
                from: file, displayPath: shown(file), rounds: configuration.rounds, questionnaires: questionnairesByRound,
                reference: reference, respondentField: configuration.respondentField)
        } ?? CorrectionsFile()
        restrictions = try configuration.restrictions.map { file in
            try RestrictionsFile.load(
                from: file, displayPath: shown(file), rounds: configuration.rounds, questionnaires: questionnairesByRound,
                reference: reference, respondentField: configuration.respondentField)
        } ?? RestrictionsFile()
        if let file = configuration.register {
            register = try FocalPointRegister.load(from: file, reference: self.reference)
            warnings = FocalPointRegister.permissionWarning(file).map { [$0] } ?? []
        } else {
            register = FocalPointRegister()
            warnings = []
        }
        headline = try Self.headline(configuration.headlineEntries, questionnaire: latest, file: configuration.file.path)
    }

    /// The `headline:` entries resolved against the latest questionnaire: each names a choice
    /// question and, optionally, one of its options (or `any_form` for a legal-form question);
    /// without an option, ``HeadlineItem/defaultOption(of:)``. An unknown question or option, a
    /// question without options, or an item listed twice is refused with the entry's position.
    /// No entries: ``Questionnaire/defaultHeadline``.
    public static func headline(
        _ entries: [PipelineConfiguration.HeadlineEntry], questionnaire: Questionnaire, file: String
    ) throws -> [HeadlineItem] {
        guard !entries.isEmpty else { return questionnaire.defaultHeadline }
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: file, detail: detail) }
        var items: [HeadlineItem] = []
        for (index, entry) in entries.enumerated() {
            let at = "headline[\(index)]"
            let id = entry.question.trimmingCharacters(in: .whitespaces)
            guard let question = questionnaire.question(id: id) else {
                throw fail(
                    "\(at): question '\(entry.question)' is not a question of questionnaire \(questionnaire.version) (a choice question's id, e.g. ch4_illegal_access)")
            }
            guard question.type.hasChoices else {
                throw fail("\(at): question '\(id)' is a \(question.type.rawValue) question; a headline item needs a choice question (its share of an option)")
            }
            var option = HeadlineItem.defaultOption(of: question)
            if let raw = entry.option?.trimmingCharacters(in: .whitespaces) {
                var offered = question.choices.map(\.code)
                if question.type == .legalForm { offered.insert(StatisticOption.anyForm, at: 0) }
                guard offered.contains(raw) else {
                    throw fail("\(at): option '\(raw)' is not an option of \(id) (expected one of \(offered.joined(separator: ", ")))")
                }
                option = raw
            }
            let item = HeadlineItem(question: question, option: option)
            guard !items.contains(item) else { throw fail("\(at): \(id) option \(option) is listed twice") }
            items.append(item)
        }
        // Chapter order, then as listed within a chapter (the report's table goes chapter by chapter).
        return items.enumerated().sorted { ($0.element.chapter, $0.offset) < ($1.element.chapter, $1.offset) }.map(\.element)
    }

    /// The questionnaire a round's submissions are checked against (the latest for a round not
    /// declared).
    public func questionnaire(forRound round: String) -> Questionnaire {
        roundVersions[round].flatMap { questionnaire(version: $0) } ?? questionnaire
    }

    /// The declared questionnaire of a version, nil when no round declares it.
    public func questionnaire(version: String) -> Questionnaire? {
        questionnaires.first { $0.version == version }
    }

    /// The questionnaire a command exports (`--version`; nil: the latest round's) and the round
    /// its form names by default: `default_round` for the latest version, else the last round
    /// that answers the version. Throws, listing the declared versions, for any other version.
    public func exportedVersion(_ version: String?) throws -> (questionnaire: Questionnaire, defaultRound: String) {
        guard let version, version != questionnaire.version else { return (questionnaire, configuration.defaultRound) }
        guard let chosen = self.questionnaire(version: version),
            let round = configuration.rounds.last(where: { roundVersions[$0] == version })
        else {
            throw DefinitionError.invalidDefinition(
                path: configuration.file.path,
                detail: "--version '\(version)' is not the questionnaire version of a round (declared: \(questionnaires.map(\.version).joined(separator: ", ")))")
        }
        return (chosen, round)
    }

    /// Each declared round's questionnaire.
    public var roundQuestionnaires: [String: Questionnaire] {
        roundVersions.mapValues { questionnaire(version: $0)! }
    }

    /// Reads a pipeline file and its definitions; `input`, `output` and `store` override the
    /// file's folders (relative to the current directory, as typed on the command line),
    /// `internalEdition` and `pdf` its `internal_edition:` and `pdf:`.
    public static func load(
        path: String, input: String? = nil, output: String? = nil, store: String? = nil,
        readers: ReaderRegistry = .standard, internalEdition: Bool? = nil, pdf: Bool? = nil
    ) throws -> PipelineDefinitions {
        var configuration = try PipelineConfiguration.load(path: path, input: input, output: output, store: store, readers: readers)
        if let internalEdition { configuration.internalEdition = internalEdition }
        if let pdf { configuration.pdf = pdf }
        return try PipelineDefinitions(configuration: configuration)
    }

    /// The form labels the pipeline file names (`form_labels:`), for the XLSForm export.
    public func formLabels() throws -> FormLabels {
        guard let url = configuration.formLabels else {
            throw DefinitionError.invalidDefinition(
                path: configuration.file.path,
                detail: "names no form labels (form_labels:, e.g. forms/xlsform-labels.yml as in Pipelines/default.yml)")
        }
        return try FormLabels.load(from: url)
    }

    /// A digest of everything a file's reading depends on besides its bytes: `salt` (the cache
    /// format), the pipeline file, every questionnaire file (`questionnaire:` and each round's),
    /// the crosswalks and the reference data. Any change re-reads every file.
    public func fingerprint(salt: String) -> String {
        var hash = SHA256()
        hash.update(Array(salt.utf8))
        // A checks file changes what a file's reading reports (its firings); without one the
        // digest is what it always was.
        let roundFiles = configuration.rounds.compactMap { configuration.roundQuestionnaires[$0] }
        for url in [configuration.file, configuration.questionnaire] + roundFiles + configuration.crosswalks
            + [configuration.reference] + [configuration.checks].compactMap({ $0 })
        {
            hash.update(Array((FileDigest.sha256(of: url) ?? "missing").utf8))
        }
        return hash.finalizeHex()
    }
}
