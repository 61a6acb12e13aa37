// The country profiles (issue 21): one ``CountryProfile`` per State with an accepted submission in
// any round, and the index of every State by region. Built from what the run's tables use: the
// answer matrix, the shares, the inventory's repeat records and the diagnostics.
//
// SKELETON: the first version fills in the country, its rounds and its laws' titles only; the
// answers chapter by chapter, the headline items, the changes, the technical-assistance requests
// and the data-quality notes are built by the profile builder's full version.
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
    public let laws: [RepeatRecord]
    public let practices: [RepeatRecord]
    /// The current diagnostics of the run (or of the store's last run).
    public let diagnostics: [Diagnostic]

    public init(
        data: AnswerMatrix, analyzer: Analyzer, reference: CountryReference,
        questionnaireOfRound: @escaping (String) -> Questionnaire, rounds: [String], shares: [ShareStatistic],
        laws: [RepeatRecord], practices: [RepeatRecord], diagnostics: [Diagnostic]
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
    }

    /// The rounds each State has an accepted submission in, in round order.
    func respondedRounds() -> [String: [String]] {
        var result: [String: [String]] = [:]
        for round in rounds {
            for unit in Set(data.countries(in: round).map { SurveyUnit.country(of: $0) }) { result[unit, default: []].append(round) }
        }
        return result
    }

    /// One profile per State with an accepted submission in any round, by ISO3 code.
    public func profiles() -> [CountryProfile] {
        let responded = respondedRounds()
        return responded.keys.sorted().map { iso3 in
            let country = reference.country(iso3: iso3)
            let answered = Set(responded[iso3] ?? [])
            let latest = rounds.last { answered.contains($0) } ?? ""
            let profileRounds = rounds.map { round in
                ProfileRound(round: round, questionnaireVersion: questionnaireOfRound(round).version, answered: answered.contains(round))
            }
            let questionnaire = questionnaireOfRound(latest)
            let laws = self.laws.filter { $0.country == iso3 && $0.round == latest && $0.path.steps.count == 1 }.map {
                ProfileLaw(index: $0.index, respondent: $0.respondent, title: $0.text("title") ?? "")
            }
            return CountryProfile(
                country: ProfileCountry(
                    iso3: iso3, name: country.map { ProfileText($0.name) } ?? .plain(iso3),
                    region: country?.region.flatMap { code in reference.regions.first { $0.code == code } }.map {
                        ProfileCode(code: $0.code, label: ProfileText($0.name))
                    },
                    subregion: country?.subregion.flatMap { code in reference.subregions.first { $0.code == code } }.map {
                        ProfileCode(code: $0.code, label: ProfileText($0.name))
                    },
                    unStatus: country.map { "\($0.unStatus)" } ?? "other", inPopulation: analyzer.population.contains(iso3),
                    groups: []),
                questionnaire: ProfileQuestionnaire(
                    id: questionnaire.id, version: questionnaire.version, title: ProfileText(questionnaire.title)),
                rounds: profileRounds, latestRound: latest, laws: laws)
        }
    }

    /// Every State of the population and every other State with a profile, by region.
    public func index() -> CountryProfileIndex {
        let responded = respondedRounds()
        let iso3s = analyzer.population.countries.union(responded.keys)
        var regions: [ProfileIndexRegion] = []
        for region in reference.regions {
            let entries = iso3s.compactMap { reference.country(iso3: $0) }.filter { $0.region == region.code }
                .sorted { $0.iso3 < $1.iso3 }
                .map { ProfileIndexEntry(iso3: $0.iso3, name: ProfileText($0.name), respondedRounds: responded[$0.iso3] ?? [], hasProfile: responded[$0.iso3] != nil) }
            regions.append(ProfileIndexRegion(region: ProfileCode(code: region.code, label: ProfileText(region.name)), countries: entries))
        }
        return CountryProfileIndex(rounds: rounds, regions: regions)
    }
}
