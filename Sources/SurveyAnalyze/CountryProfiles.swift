// The country profiles (issue 21): one ``CountryProfile`` per State with an accepted submission in
// any round, and the index of every State by region. Built from what the run's tables use: the
// answer matrix, the shares of `statistics.csv`, the inventory's repeat records (through
// ``Inventory``, the code behind `legislation.csv`), the crosswalks (as `progress.csv` reads an
// older round) and the diagnostics. docs/profiles.md describes every field.
public import SurveyModel

public struct CountryProfileBuilder {
    public let data: AnswerMatrix
    public let analyzer: Analyzer
    public let reference: CountryReference
    /// The questionnaire each round answered.
    public let questionnaireOfRound: (String) -> Questionnaire
    /// The rounds in the pipeline's declared order.
    public let rounds: [String]
    public let shares: [ShareStatistic]
    /// The `laws` records (top level) and the `practices` records.
    public let laws: [RepeatRecord]
    public let practices: [RepeatRecord]
    /// The current diagnostics of the run (or of the store's last run).
    public let diagnostics: [Diagnostic]
    /// The headline items (the pipeline file's `headline:`, as the report's headline table).
    public let headline: [HeadlineItem]
    /// Each round's accepted submissions (id, file, respondent), from the store.
    public let submissions: [String: [SubmissionSource]]
    /// Records of repeat groups nested inside a law (`laws[2]/amendments[1]`), any depth.
    public let nestedLaws: [RepeatRecord]
    /// The applied corrections by round, unit and question (issue 26): a corrected answer carries
    /// the sender's value and the correction's trail.
    public var corrections: [String: CorrectionOutcome] = [:]

    /// Marks the answers `outcomes` applied (the others are ignored).
    public mutating func mark(_ outcomes: [CorrectionOutcome]) {
        for outcome in outcomes where outcome.status == .applied {
            let c = outcome.correction
            corrections[CorrectedStore.key(round: c.round, unit: c.unit, question: c.questionID)] = outcome
        }
    }

    public init(
        data: AnswerMatrix, analyzer: Analyzer, reference: CountryReference,
        questionnaireOfRound: @escaping (String) -> Questionnaire, rounds: [String], shares: [ShareStatistic],
        laws: [RepeatRecord], practices: [RepeatRecord], diagnostics: [Diagnostic], headline: [HeadlineItem]? = nil,
        submissions: [String: [SubmissionSource]] = [:], nestedLaws: [RepeatRecord] = []
    ) {
        self.data = data
        self.analyzer = analyzer
        self.reference = reference
        self.questionnaireOfRound = questionnaireOfRound
        self.rounds = rounds
        self.shares = shares
        self.laws = laws
        self.practices = practices
        self.diagnostics = diagnostics
        self.headline = headline ?? analyzer.questionnaire.defaultHeadline
        self.submissions = submissions
        self.nestedLaws = nestedLaws
    }

    /// The rounds each State has an accepted submission in, in round order.
    func respondedRounds() -> [String: [String]] {
        var result: [String: [String]] = [:]
        for round in rounds {
            for unit in Set(data.countries(in: round).map { SurveyUnit.country(of: $0) }) { result[unit, default: []].append(round) }
        }
        return result
    }

    /// Per round, per State, its units (the State, or its respondents), sorted.
    func unitsByRound() -> [String: [String: [String]]] {
        var result: [String: [String: [String]]] = [:]
        for round in rounds {
            var byState: [String: [String]] = [:]
            for unit in data.countries(in: round) { byState[SurveyUnit.country(of: unit), default: []].append(unit) }
            result[round] = byState
        }
        return result
    }

    /// One profile per State with an accepted submission in any round, by ISO3 code.
    public func profiles() -> [CountryProfile] {
        var all: [CountryProfile] = []
        forEachProfile { all.append($0) }
        return all
    }

    /// The States with a profile (an accepted submission in any round), by ISO3 code: the order of
    /// ``forEachProfile(_:)``.
    public func states() -> [String] { respondedRounds().keys.sorted() }

    /// Gives each profile of ``profiles()`` in turn, built when it is given: a caller that writes
    /// each one and lets it go holds one profile at a time (with a respondent key, a State's
    /// profile lists every respondent's answer: at 50,000 respondents, all of them at once took
    /// gigabytes).
    public func forEachProfile(_ body: (CountryProfile) throws -> Void) rethrows {
        let prepared = prepared()
        for iso3 in prepared.states { try body(prepared.profile(iso3)) }
    }

    /// What every profile reads, made once: then ``PreparedProfiles/profile(_:)`` builds any
    /// State's profile alone (on any thread: nothing in it changes).
    public func prepared() -> PreparedProfiles {
        var sourcesByState: [String: [String: [SubmissionSource]]] = [:]
        for (round, sources) in submissions {
            for source in sources { sourcesByState[round, default: [:]][source.country, default: []].append(source) }
        }
        let legislation = Inventory.legislation(
            laws, rounds: rounds, questionnaire: questionnaireOfRound, latest: analyzer.questionnaire)
        var legislationByState: [String: [LegislationRow]] = [:]
        for row in legislation { legislationByState["\(row.round)\u{1}\(row.country)", default: []].append(row) }
        let statistics = Dictionary(
            shares.map { ("\($0.round)\u{1}\($0.questionID)\u{1}\($0.option)\u{1}\($0.group)", $0) },
            uniquingKeysWith: { first, _ in first })
        let responded = respondedRounds()
        var diagnosticsOfSubmission: [String: [Int]] = [:]
        for (index, diagnostic) in diagnostics.enumerated() {
            if let id = diagnostic.submissionID { diagnosticsOfSubmission[id, default: []].append(index) }
        }
        return PreparedProfiles(
            builder: self, responded: responded, units: unitsByRound(), sourcesByState: sourcesByState,
            diagnosticsOfSubmission: diagnosticsOfSubmission,
            legislationByState: legislationByState, statistics: statistics, hasRespondents: data.hasRespondents,
            states: responded.keys.sorted())
    }

    // MARK: The State

    func area(_ code: String?, in areas: [Area]) -> ProfileCode? {
        code.flatMap { code in areas.first { $0.code == code } }.map { ProfileCode(code: $0.code, label: ProfileText($0.name)) }
    }

    func country(_ iso3: String, latest: String, units: [String]) -> ProfileCountry {
        let country = reference.country(iso3: iso3)
        let catalog = analyzer.catalog
        // The groups it is counted in (its region and sub-region have fields of their own); an
        // answer-defined custom group by its answers in the latest round (any respondent's).
        // Only the questions of answer-defined groups are read (a unit's every answer was
        // gathered here, per State).
        let ruleQuestions = catalog.custom.compactMap { group -> String? in
            if case .answer(let question, _) = group.rule { return question }
            return nil
        }
        let answers = units.map { unit in
            var read: [String: StoredAnswer] = [:]
            for question in ruleQuestions { read[question] = data.answer(of: unit, to: question, in: latest) }
            return read
        }
        let groups = catalog.groups.filter { group in
            ![.world, .region, .subregion].contains(group.type)
                && (answers.isEmpty ? catalog.isMember(iso3, of: group, answers: [:])
                    : zip(units, answers).contains { catalog.isMember($0, of: group, answers: $1, round: latest) })
        }
        return ProfileCountry(
            iso3: iso3, name: country.map { ProfileText($0.name) } ?? .plain(iso3),
            region: area(country?.region, in: reference.regions), subregion: area(country?.subregion, in: reference.subregions),
            unStatus: country.map { $0.unStatus.rawValue } ?? "other", inPopulation: analyzer.population.contains(iso3),
            groups: groups.map { ProfileCode(code: $0.description, label: groupLabel($0)) })
    }

    /// A group's name in every language the catalogue names it in.
    func groupLabel(_ group: CountryGroup) -> ProfileText {
        switch group.type {
        case .world, .region, .subregion:
            return ProfileText(Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0.rawValue, analyzer.catalog.label(of: group, language: $0)) }))
        default:
            return .plain(analyzer.catalog.label(of: group))
        }
    }

    // MARK: Answers

    /// Every question of the round's questionnaire, chapter by chapter (chapters without a
    /// question left out), with the State's answers.
    func chapters(_ questionnaire: Questionnaire, round: String, units: [String], hasRespondents: Bool) -> [ProfileChapter] {
        Chapter.allCases.compactMap { chapter in
            let questions = questionnaire.questions.filter { $0.chapter == chapter }
            guard !questions.isEmpty else { return nil }
            return ProfileChapter(
                chapter: chapter.rawValue, title: ProfileText(chapter.title),
                items: questions.map { item($0, round: round, units: units, in: data, hasRespondents: hasRespondents) })
        }
    }

    /// A question with its options, unit and the answers of `units` in `round` of `matrix`:
    /// one answer per unit that answered; none when none did (not answered, never "no").
    func item(_ question: Question, round: String, units: [String], in matrix: AnswerMatrix, hasRespondents: Bool) -> ProfileItem {
        // The round and the question looked up once, not for each unit (as answer(of:to:in:) would).
        var stored: [StoredAnswer] = []
        if let r = matrix.roundIndex(of: round), let q = matrix.questionIndex(of: question.id) {
            for unit in units {
                if let u = matrix.unitIndex(of: unit, inRound: r), let answer = matrix.storedAnswer(question: q, unit: u, round: r) {
                    stored.append(answer)
                }
            }
        }
        let answers = stored.filter(\.isAnswered).map {
            var answer = Self.answer($0, question)
            // (Looked up only when the run has corrections: the key is a string made per answer.)
            if !corrections.isEmpty,
                let outcome = corrections[CorrectedStore.key(round: round, unit: SurveyUnit.key(country: $0.country, respondent: answer.respondent), question: question.id)]
            {
                answer.corrected = ProfileCorrection(outcome)
            }
            return answer
        }
        return Self.item(question, answers: answers, hasRespondents: hasRespondents)
    }

    static func item(_ question: Question, answers: [ProfileAnswer], hasRespondents: Bool) -> ProfileItem {
        var shares: [ProfileOptionShare] = []
        if hasRespondents, question.type.hasChoices, !answers.isEmpty {
            shares = question.choices.map { choice in
                ProfileOptionShare(option: choice.code, n: answers.filter { $0.options.contains(choice.code) }.count, of: answers.count)
            }
        }
        return ProfileItem(
            question: question.id, text: ProfileText(question.label), type: question.type.rawValue,
            unit: question.unit.map(ProfileText.init), options: question.choices.map { ProfileCode(code: $0.code, label: ProfileText($0.label)) },
            answers: answers, shares: shares)
    }

    /// A stored answer as the profile gives it: options in questionnaire order.
    static func answer(_ stored: StoredAnswer, _ question: Question) -> ProfileAnswer {
        ProfileAnswer(
            respondent: stored.respondent, options: Inventory.inQuestionnaireOrder(stored.options, question),
            number: stored.number, text: stored.text)
    }

    // MARK: Headline

    func headlineItems(
        _ iso3: String, round: String, units: [String], questionnaire: Questionnaire, statistics: [String: ShareStatistic],
        hasRespondents: Bool
    ) -> [ProfileHeadlineItem] {
        let region = reference.country(iso3: iso3)?.region.map { CountryGroup(type: .region, code: $0) }
        func share(_ group: CountryGroup?, _ item: HeadlineItem) -> ProfileShare? {
            guard let group, let row = statistics["\(round)\u{1}\(item.question.id)\u{1}\(item.option)\u{1}\(group)"] else { return nil }
            return ProfileShare(
                group: ProfileCode(code: group.description, label: groupLabel(group)), percent: row.percent, ciLow: row.ciLow,
                ciHigh: row.ciHigh, n: row.nOption, nResponding: row.nResponding, nAnswered: row.nAnswered, nUnknown: row.nUnknown,
                denominator: row.denominator.rawValue, nInGroup: row.nInGroup, nNotResponding: row.nNotResponding,
                flag: row.flag.rawValue)
        }
        return headline.map { item in
            // The round's own question of that id (an older round may not have asked it).
            let question = questionnaire.question(id: item.question.id) ?? item.question
            let asked = questionnaire.question(id: item.question.id) != nil
            let answer = asked
                ? self.item(question, round: round, units: units, in: data, hasRespondents: hasRespondents)
                : Self.item(question, answers: [], hasRespondents: hasRespondents)
            let chose: Bool? = answer.answers.isEmpty ? nil : answer.answers.contains { Analyzer.counts($0.options, for: item.option) }
            let label: ProfileText = item.option == StatisticOption.anyForm
                ? Self.anyFormLabel
                : question.choice(code: item.option).map { ProfileText($0.label) } ?? .plain(item.option)
            return ProfileHeadlineItem(
                chapter: item.chapter.rawValue, question: item.question.id, text: ProfileText(question.label),
                option: ProfileCode(code: item.option, label: label), answer: answer, choseOption: chose,
                region: share(region, item), world: share(.world, item))
        }
    }

    /// The `any_form` option's label (as the report names it).
    static let anyFormLabel = ProfileText([
        "en": "in any form (cyber-specific or general)", "fr": "sous une forme quelconque (spécifique ou générale)",
        "es": "de cualquier forma (específica o general)", "ru": "в любой форме (специальной или общей)",
        "zh": "任何形式（专门或一般）", "ar": "بأي شكل (خاص أو عام)",
    ])

    // MARK: Laws and practices

    func profileLaws(_ rows: [LegislationRow], round: String) -> [ProfileLaw] {
        let questionnaire = questionnaireOfRound(round)
        let group = questionnaire.repeatGroup(path: Inventory.lawsGroup) ?? analyzer.questionnaire.repeatGroup(path: Inventory.lawsGroup)
        func code(_ field: String, _ value: String) -> ProfileCode? {
            guard !value.isEmpty else { return nil }
            return ProfileCode(code: value, label: group?.question(id: field)?.choice(code: value).map { ProfileText($0.label) } ?? .plain(value))
        }
        func covered(_ kind: LegislationByActRow.Kind, _ field: String, _ codes: String) -> [ProfileCode] {
            codes.split(separator: ";").map(String.init).map { code in
                // The chapter-4 act's (chapter-5 power's legal basis) question text, else the option label.
                if let id = Inventory.formQuestion(kind: kind, code: code, in: questionnaire), let question = questionnaire.question(id: id) {
                    return ProfileCode(code: code, label: ProfileText(question.label))
                }
                return ProfileCode(code: code, label: group?.question(id: field)?.choice(code: code).map { ProfileText($0.label) } ?? .plain(code))
            }
        }
        return rows.map { row in
            let nested = nestedLaws.filter {
                $0.round == row.round && $0.country == row.country && $0.respondent == row.respondent
                    && $0.path.steps.first == RepeatStep(Inventory.lawsGroup[0], row.lawIndex)
            }.sorted { $0.path < $1.path }.map { record in
                ProfileNestedEntry(
                    path: RepeatPath(Array(record.path.steps.dropFirst())).description, index: record.index,
                    fields: record.values.mapValues { $0.joined(separator: " ") })
            }
            return ProfileLaw(
                index: row.lawIndex, respondent: row.respondent, title: row.title, titleEnglish: row.titleEnglish,
                type: code("type", row.type), status: code("status", row.status), yearAdopted: Int(row.yearAdopted),
                yearAmended: Int(row.yearAmended), expectedYear: Int(row.expectedYear), citation: row.citation, url: row.url,
                acts: covered(.act, "acts", row.acts), powers: covered(.power, "powers", row.powers), nested: nested, source: row.source)
        }
    }

    func profilePractices(_ iso3: String, round: String) -> [ProfilePractice] {
        let group = questionnaireOfRound(round).repeatGroup(path: Inventory.practicesGroup)
            ?? analyzer.questionnaire.repeatGroup(path: Inventory.practicesGroup)
        let records = practices.filter { $0.country == iso3 && $0.round == round && $0.path.steps.count == 1 }
            .sorted { ($0.respondent ?? "", $0.path) < ($1.respondent ?? "", $1.path) }
        return records.map { record in
            let fields = (group?.questions ?? []).map { question -> ProfileItem in
                let values = record.values[question.id] ?? []
                var answers: [ProfileAnswer] = []
                if !values.isEmpty {
                    if question.type.hasChoices {
                        answers = [ProfileAnswer(respondent: record.respondent, options: Inventory.inQuestionnaireOrder(values, question))]
                    } else if question.type.isNumeric, let number = Double(values[0]) {
                        answers = [ProfileAnswer(respondent: record.respondent, number: number)]
                    } else {
                        answers = [ProfileAnswer(respondent: record.respondent, text: values[0])]
                    }
                }
                return Self.item(question, answers: answers, hasRespondents: false)
            }
            return ProfilePractice(index: record.index, respondent: record.respondent, fields: fields)
        }
    }

    // MARK: Changes

    /// The latest round's questions whose answers changed since `previous`, on items the
    /// crosswalks call comparable (`yes`, `partial`) and map exactly (as ``Analyzer/readInLatestVersion(_:)``
    /// reads an older round); the others are listed in ``ProfileChanges/notComparable``.
    func changes(from previous: String, to latest: String, previousUnits: [String], latestUnits: [String], hasRespondents: Bool)
        -> ProfileChanges
    {
        let older = questionnaireOfRound(previous)
        let newer = questionnaireOfRound(latest)
        let chain = analyzer.crosswalkChain(from: older, to: newer)
        var items: [ProfileChange] = []
        var notComparable: [String] = []
        for question in newer.questions {
            let flag = chain.flag(question: question.id)
            let source: CrosswalkChain.ExactSource?
            if chain.isIdentity {
                // One version: the same id, codes as they are (an empty chain's exact source).
                source = older.question(id: question.id) != nil ? chain.exactSource(of: question.id) : nil
            } else {
                source = chain.exactSource(of: question.id).flatMap { older.question(id: $0.question) != nil ? $0 : nil }
            }
            guard flag.comparable != .no, let source else {
                notComparable.append(question.id)
                continue
            }
            // The previous answers read in the latest version: codes mapped, dropped codes left out.
            let beforeAnswers = previousUnits.compactMap { data.answer(of: $0, to: source.question, in: previous) }.filter(\.isAnswered)
                .compactMap { Analyzer.read($0, as: question, source: source) }.map { Self.answer($0, question) }
            let before = Self.item(question, answers: beforeAnswers, hasRespondents: hasRespondents)
            let after = item(question, round: latest, units: latestUnits, in: data, hasRespondents: hasRespondents)
            guard let kind = Self.changeKind(before: before.answers, after: after.answers) else { continue }
            items.append(
                ProfileChange(
                    question: question.id, text: ProfileText(question.label), before: before, after: after,
                    comparable: flag.comparable.rawValue, note: flag.note.isEmpty ? nil : flag.note, kind: kind))
        }
        return ProfileChanges(from: previous, to: latest, items: items, notComparable: notComparable)
    }

    /// `changed`, `newly_answered`, `no_longer_answered`, or nil when the answers are the same
    /// (options compared as sets, per respondent).
    static func changeKind(before: [ProfileAnswer], after: [ProfileAnswer]) -> String? {
        if before.isEmpty && after.isEmpty { return nil }
        if before.isEmpty { return "newly_answered" }
        if after.isEmpty { return "no_longer_answered" }
        func key(_ answers: [ProfileAnswer]) -> [String] {
            answers.map { "\($0.respondent ?? "")\u{1}\($0.options.sorted())\u{1}\($0.number.map { "\($0)" } ?? "")\u{1}\($0.text ?? "")" }.sorted()
        }
        return key(before) == key(after) ? nil : "changed"
    }

    // MARK: Data quality, tiles, index

    /// The current diagnostics of the State's accepted submissions, any round: those naming one
    /// of its submissions, in round order, then by file, line and code.
    func dataQuality(_ iso3: String) -> [ProfileDiagnostic] {
        var sourcesByRound: [String: [SubmissionSource]] = [:]
        for round in rounds { sourcesByRound[round] = (submissions[round] ?? []).filter { $0.country == iso3 } }
        var indices: [String: [Int]] = [:]
        for (index, diagnostic) in diagnostics.enumerated() {
            if let id = diagnostic.submissionID { indices[id, default: []].append(index) }
        }
        return dataQuality(sourcesByRound, diagnosticsOfSubmission: indices)
    }

    /// ``dataQuality(_:)`` from the State's sources by round and the positions of each
    /// submission's diagnostics in ``diagnostics`` (made once for every profile: a scan of every
    /// submission and diagnostic per State grew with States × submissions).
    func dataQuality(_ sourcesByRound: [String: [SubmissionSource]], diagnosticsOfSubmission: [String: [Int]]) -> [ProfileDiagnostic] {
        var roundOf: [String: String] = [:]
        for round in rounds {
            for source in sourcesByRound[round] ?? [] { roundOf[source.submissionID] = round }
        }
        // The diagnostics in the run's order, as a filter of the whole list gives them.
        let chosen = roundOf.keys.flatMap { diagnosticsOfSubmission[$0] ?? [] }.sorted()
        let position = Dictionary(rounds.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return chosen.map { index -> ProfileDiagnostic in
            let diagnostic = diagnostics[index]
            let id = diagnostic.submissionID!
            return ProfileDiagnostic(
                round: roundOf[id]!, code: diagnostic.code.rawValue, severity: diagnostic.severity.rawValue, message: diagnostic.message,
                file: diagnostic.location.file, line: diagnostic.location.line, question: diagnostic.questionID, submission: id)
        }.sorted {
            (position[$0.round] ?? 0, $0.file, $0.line ?? 0, $0.code, $0.question ?? "", $0.message)
                < (position[$1.round] ?? 0, $1.file, $1.line ?? 0, $1.code, $1.question ?? "", $1.message)
        }
    }

    /// Every State of the State's region in the population, and any other with a profile, by
    /// sub-region and code.
    func tiles(_ iso3: String, latest: String, responded: [String: [String]]) -> [ProfileTile] {
        guard let region = reference.country(iso3: iso3)?.region else { return [] }
        return reference.countries.filter {
            $0.region == region && (analyzer.population.contains($0.iso3) || responded[$0.iso3] != nil)
        }.sorted { ($0.subregion ?? "", $0.iso3) < ($1.subregion ?? "", $1.iso3) }.map {
            ProfileTile(
                iso3: $0.iso3, name: ProfileText($0.name), subregion: $0.subregion ?? "",
                responded: responded[$0.iso3]?.contains(latest) ?? false, hasProfile: responded[$0.iso3] != nil)
        }
    }

    /// Every State of the population by region, then every other State with a profile under
    /// `outside`; each with its response status in every round.
    public func index() -> CountryProfileIndex {
        let responded = respondedRounds()
        let units = unitsByRound()
        func entry(_ iso3: String) -> ProfileIndexEntry {
            let country = reference.country(iso3: iso3)
            return ProfileIndexEntry(
                iso3: iso3, name: country.map { ProfileText($0.name) } ?? .plain(iso3), respondedRounds: responded[iso3] ?? [],
                hasProfile: responded[iso3] != nil, inPopulation: analyzer.population.contains(iso3),
                status: rounds.map { round in
                    let count = units[round]?[iso3]?.count ?? 0
                    return ProfileRoundStatus(round: round, status: count > 0 ? "responded" : "not_responded", submissions: count)
                })
        }
        let inside = analyzer.population.countries
        var regions: [ProfileIndexRegion] = []
        for region in reference.regions {
            let entries = inside.filter { reference.country(iso3: $0)?.region == region.code }.sorted().map(entry)
            regions.append(ProfileIndexRegion(region: ProfileCode(code: region.code, label: ProfileText(region.name)), countries: entries))
        }
        let placed = Set(regions.flatMap { $0.countries.map(\.iso3) })
        let others = Set(responded.keys).union(inside).subtracting(placed).sorted()
        if !others.isEmpty {
            regions.append(
                ProfileIndexRegion(
                    region: ProfileCode(code: CountryGroup.outside.code, label: groupLabel(.outside)), countries: others.map(entry)))
        }
        return CountryProfileIndex(rounds: rounds, regions: regions)
    }
}

/// The profiles of a ``CountryProfileBuilder`` with what they all read made once
/// (``CountryProfileBuilder/prepared()``). Nothing in it changes after it is made, so profiles can
/// be built on several threads (the builder's `questionnaireOfRound` must only read).
public struct PreparedProfiles: @unchecked Sendable {
    let builder: CountryProfileBuilder
    let responded: [String: [String]]
    let units: [String: [String: [String]]]
    /// By round, by State.
    let sourcesByState: [String: [String: [SubmissionSource]]]
    /// Each submission's diagnostics: their positions in the builder's `diagnostics`.
    let diagnosticsOfSubmission: [String: [Int]]
    let legislationByState: [String: [LegislationRow]]
    let statistics: [String: ShareStatistic]
    let hasRespondents: Bool
    /// The States with a profile, by ISO3 code.
    public let states: [String]

    /// The profile of `iso3` (one of ``states``).
    public func profile(_ iso3: String) -> CountryProfile {
        let b = builder
        let rounds = b.rounds
        let answered = Set(responded[iso3] ?? [])
        let latest = rounds.last { answered.contains($0) } ?? ""
        let previous = rounds.last { answered.contains($0) && rounds.firstIndex(of: $0)! < rounds.firstIndex(of: latest)! }
        let latestUnits = units[latest]?[iso3] ?? []
        let questionnaire = b.questionnaireOfRound(latest)
        let profileRounds = rounds.map { round -> ProfileRound in
            let own = units[round]?[iso3] ?? []
            let roundQuestionnaire = b.questionnaireOfRound(round)
            let sources = (sourcesByState[round]?[iso3] ?? [])
                .sorted { ($0.respondent ?? "", $0.submissionID) < ($1.respondent ?? "", $1.submissionID) }
            return ProfileRound(
                round: round, questionnaireVersion: roundQuestionnaire.version, answered: answered.contains(round),
                submissions: sources.map { ProfileSubmission(id: $0.submissionID, file: $0.file, line: $0.line, respondent: $0.respondent) },
                respondents: own.compactMap { SurveyUnit.respondent(of: $0) }.sorted(),
                chapters: answered.contains(round) ? b.chapters(roundQuestionnaire, round: round, units: own, hasRespondents: hasRespondents) : [])
        }
        var profile = CountryProfile(
            country: b.country(iso3, latest: latest, units: latestUnits),
            questionnaire: ProfileQuestionnaire(
                id: questionnaire.id, version: questionnaire.version, title: ProfileText(questionnaire.title)),
            rounds: profileRounds, latestRound: latest, previousRound: previous,
            headline: b.headlineItems(
                iso3, round: latest, units: latestUnits, questionnaire: questionnaire, statistics: statistics,
                hasRespondents: hasRespondents),
            laws: b.profileLaws(legislationByState["\(latest)\u{1}\(iso3)"] ?? [], round: latest),
            practices: b.profilePractices(iso3, round: latest),
            changes: previous.map {
                b.changes(from: $0, to: latest, previousUnits: units[$0]?[iso3] ?? [], latestUnits: latestUnits, hasRespondents: hasRespondents)
            },
            technicalAssistance: questionnaire.questions.filter { $0.chapter == .technicalAssistance }.map {
                b.item($0, round: latest, units: latestUnits, in: b.data, hasRespondents: hasRespondents)
            },
            dataQuality: b.dataQuality(
                Dictionary(rounds.map { ($0, sourcesByState[$0]?[iso3] ?? []) }, uniquingKeysWith: { first, _ in first }),
                diagnosticsOfSubmission: diagnosticsOfSubmission),
            regionTiles: b.tiles(iso3, latest: latest, responded: responded))
        profile.hasRespondents = hasRespondents
        return profile
    }
}
