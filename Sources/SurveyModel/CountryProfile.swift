// A country profile: everything the survey holds on one State, as one value. The pipeline writes
// it as `Output/countries/<ISO3>.json` (schema: docs/country-profile.schema.json) and renders the
// HTML pages (`<ISO3>.html`, `<ISO3>.<lang>.html`) from the same value, so a page never shows a
// figure its JSON does not hold. Texts carry every language the definitions have (``ProfileText``),
// codes sit beside labels, and "not answered" is its own state, never "no".

/// A text in the languages the definitions give it, keyed by language code (`en`, `fr`, …).
/// Encoded as a JSON object; languages without a text are absent.
public struct ProfileText: Codable, Sendable, Equatable, Hashable {
    public var values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    public init(_ text: LocalizedText) {
        var values: [String: String] = [:]
        for (language, value) in text.values where !value.isEmpty { values[language.rawValue] = value }
        self.values = values
    }

    /// A text that is the same in every language (a title as written, a code).
    public static func plain(_ text: String) -> ProfileText { ProfileText(["en": text]) }

    /// The text in `language`, else English, else any language present (in code order), else "".
    public func text(in language: Language) -> String {
        values[language.rawValue] ?? values["en"] ?? values.keys.sorted().first.flatMap { values[$0] } ?? ""
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

/// A code with its label.
public struct ProfileCode: Codable, Sendable, Equatable, Hashable {
    public var code: String
    public var label: ProfileText

    public init(code: String, label: ProfileText) {
        self.code = code
        self.label = label
    }
}

/// One country's profile (`Output/countries/<ISO3>.json`).
public struct CountryProfile: Codable, Sendable, Equatable {
    /// The schema version this value follows (``CountryProfile/currentSchemaVersion``).
    public var schemaVersion: String = CountryProfile.currentSchemaVersion
    public var country: ProfileCountry
    /// The questionnaire of the latest round (id, version, title).
    public var questionnaire: ProfileQuestionnaire
    /// Every round the store holds for this State, in the pipeline's declared order, with its
    /// response status; ``ProfileRound/answered`` rounds carry the answers.
    public var rounds: [ProfileRound]
    /// The round the profile is about: the latest round with an accepted submission.
    public var latestRound: String
    /// The round before ``latestRound`` with an accepted submission; nil when there is none.
    public var previousRound: String?
    /// The headline items (the pipeline file's `headline:` list, as in the report's headline
    /// table) in ``latestRound``: the State's answer beside its region's and the world's shares.
    public var headline: [ProfileHeadlineItem]
    /// The laws the State listed in ``latestRound`` (the legislation inventory).
    public var laws: [ProfileLaw]
    /// The good practices and challenges it listed in ``latestRound``.
    public var practices: [ProfilePractice]
    /// What changed between ``previousRound`` and ``latestRound``, comparable items only.
    public var changes: ProfileChanges?
    /// Its technical-assistance requests in ``latestRound`` (the TA chapter's answers).
    public var technicalAssistance: [ProfileItem]
    /// Its current diagnostics: the problems found in its accepted submissions, any round.
    public var dataQuality: [ProfileDiagnostic]
    /// The States of its region with their response status (the JSON keeps them; the page draws
    /// the world tile grid, ``ProfilePageContext/world``).
    public var regionTiles: [ProfileTile]
    /// Whether the pipeline declares a respondent key (several respondents per State): answers
    /// then carry their respondent and choice items their ``ProfileItem/shares``.
    public var hasRespondents: Bool = false

    public static let currentSchemaVersion = "1.0"

    public init(
        country: ProfileCountry, questionnaire: ProfileQuestionnaire, rounds: [ProfileRound], latestRound: String,
        previousRound: String? = nil, headline: [ProfileHeadlineItem] = [], laws: [ProfileLaw] = [],
        practices: [ProfilePractice] = [], changes: ProfileChanges? = nil, technicalAssistance: [ProfileItem] = [],
        dataQuality: [ProfileDiagnostic] = [], regionTiles: [ProfileTile] = []
    ) {
        self.country = country
        self.questionnaire = questionnaire
        self.rounds = rounds
        self.latestRound = latestRound
        self.previousRound = previousRound
        self.headline = headline
        self.laws = laws
        self.practices = practices
        self.changes = changes
        self.technicalAssistance = technicalAssistance
        self.dataQuality = dataQuality
        self.regionTiles = regionTiles
    }

    /// The round ``latestRound`` names, if the profile holds it.
    public var latest: ProfileRound? { rounds.first { $0.round == latestRound } }
}

/// The State: codes, names, its M49 areas and the groups it belongs to.
public struct ProfileCountry: Codable, Sendable, Equatable {
    public var iso3: String
    public var name: ProfileText
    public var region: ProfileCode?
    public var subregion: ProfileCode?
    /// `member`, `observer`, `associated` or `other` (the reference's UN status).
    public var unStatus: String
    /// Inside the pipeline's population (counted in world and regional shares).
    public var inPopulation: Bool
    /// The groups it is counted in (development group, LDC, LLDC, SIDS, custom groups), by
    /// `type:code` with their names.
    public var groups: [ProfileCode]

    public init(
        iso3: String, name: ProfileText, region: ProfileCode?, subregion: ProfileCode?, unStatus: String,
        inPopulation: Bool, groups: [ProfileCode]
    ) {
        self.iso3 = iso3
        self.name = name
        self.region = region
        self.subregion = subregion
        self.unStatus = unStatus
        self.inPopulation = inPopulation
        self.groups = groups
    }
}

public struct ProfileQuestionnaire: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    public var title: ProfileText

    public init(id: String, version: String, title: ProfileText) {
        self.id = id
        self.version = version
        self.title = title
    }
}

/// One round of the survey as this State answered it (or did not).
public struct ProfileRound: Codable, Sendable, Equatable {
    public var round: String
    /// The questionnaire version this round answered.
    public var questionnaireVersion: String
    /// True when the State has an accepted submission in this round.
    public var answered: Bool
    /// The accepted submissions it counts (one per respondent with a respondent key): id, file.
    public var submissions: [ProfileSubmission]
    /// The respondents, with a respondent key (empty otherwise).
    public var respondents: [String]
    /// The answers chapter by chapter, in questionnaire order; every question of the round's
    /// questionnaire is listed, answered or not (empty when the round is not answered).
    public var chapters: [ProfileChapter]

    public init(
        round: String, questionnaireVersion: String, answered: Bool, submissions: [ProfileSubmission] = [],
        respondents: [String] = [], chapters: [ProfileChapter] = []
    ) {
        self.round = round
        self.questionnaireVersion = questionnaireVersion
        self.answered = answered
        self.submissions = submissions
        self.respondents = respondents
        self.chapters = chapters
    }
}

public struct ProfileSubmission: Codable, Sendable, Equatable {
    public var id: String
    /// The file it was read from (relative to the inbox) and its line there (CSV rows).
    public var file: String
    public var line: Int?
    public var respondent: String?

    public init(id: String, file: String, line: Int? = nil, respondent: String? = nil) {
        self.id = id
        self.file = file
        self.line = line
        self.respondent = respondent
    }
}

public struct ProfileChapter: Codable, Sendable, Equatable {
    /// `3` … `8`, `TA`.
    public var chapter: String
    public var title: ProfileText
    public var items: [ProfileItem]

    public init(chapter: String, title: ProfileText, items: [ProfileItem]) {
        self.chapter = chapter
        self.title = title
        self.items = items
    }
}

/// One question and this State's answer to it.
public struct ProfileItem: Codable, Sendable, Equatable {
    public var question: String
    public var text: ProfileText
    /// The question type's code (`single_choice`, `multiple_choice`, `legal_form`, `integer`,
    /// `decimal`, `percent`, `year`, `text`).
    public var type: String
    /// The unit of a number (`%`, `days`, `requests`), when the questionnaire gives one.
    public var unit: ProfileText?
    /// The question's options with their labels (choice questions), in questionnaire order.
    public var options: [ProfileCode]
    /// The answers: one without a respondent key, one per respondent that answered with one.
    /// Empty: not answered.
    public var answers: [ProfileAnswer]
    /// With a respondent key, per option: how many of the State's respondents chose it, of those
    /// who answered the question (choice questions; empty otherwise).
    public var shares: [ProfileOptionShare]
    /// True when the State's answer is restricted (issue 26, docs/restricted.md): a public profile
    /// lists no answer and says it is not published; the internal edition shows it, marked.
    /// Absent otherwise.
    public var restricted: Bool? = nil

    public init(
        question: String, text: ProfileText, type: String, unit: ProfileText? = nil, options: [ProfileCode] = [],
        answers: [ProfileAnswer] = [], shares: [ProfileOptionShare] = []
    ) {
        self.question = question
        self.text = text
        self.type = type
        self.unit = unit
        self.options = options
        self.answers = answers
        self.shares = shares
    }

    public var isAnswered: Bool { !answers.isEmpty }
}

/// One answer as stored: the option codes chosen, a number, or a text.
public struct ProfileAnswer: Codable, Sendable, Equatable {
    public var respondent: String?
    public var options: [String]
    public var number: Double?
    public var text: String?
    /// The analyst's correction this answer is (issue 26): the sender's value and why it was
    /// corrected; absent for a value as the sender sent it.
    public var corrected: ProfileCorrection? = nil

    public init(respondent: String? = nil, options: [String] = [], number: Double? = nil, text: String? = nil) {
        self.respondent = respondent
        self.options = options
        self.number = number
        self.text = text
    }
}

/// A corrected answer's origin in a profile: what the sender sent and the correction's audit trail.
public struct ProfileCorrection: Codable, Sendable, Equatable {
    /// The sender's value as codes separated by `;`, a number, a text, or `not_answered`.
    public var original: String
    public var reason: String
    public var source: String
    public var analyst: String
    public var date: String
    /// `file:line` of the correction.
    public var place: String

    public init(_ outcome: CorrectionOutcome) {
        original = outcome.original?.description ?? CorrectionValue.notAnswered.description
        reason = outcome.correction.reason
        source = outcome.correction.source
        analyst = outcome.correction.analyst
        date = outcome.correction.date
        place = outcome.correction.place
    }
}

public struct ProfileOptionShare: Codable, Sendable, Equatable {
    public var option: String
    /// Respondents who chose the option.
    public var n: Int
    /// Respondents who answered the question.
    public var of: Int

    public init(option: String, n: Int, of: Int) {
        self.option = option
        self.n = n
        self.of = of
    }
}

/// A headline item: the State's answer beside the share of its region and of the world choosing
/// the same option (the shares of `statistics.csv`, with their n and N).
public struct ProfileHeadlineItem: Codable, Sendable, Equatable {
    public var chapter: String
    public var question: String
    public var text: ProfileText
    /// The option the headline counts (`any_form` for a legal-form item).
    public var option: ProfileCode
    /// The State's answer (empty answers: not answered).
    public var answer: ProfileItem
    /// Whether the State's answer counts as choosing ``option``; nil when it did not answer.
    public var choseOption: Bool?
    public var region: ProfileShare?
    public var world: ProfileShare?

    public init(
        chapter: String, question: String, text: ProfileText, option: ProfileCode, answer: ProfileItem,
        choseOption: Bool?, region: ProfileShare?, world: ProfileShare?
    ) {
        self.chapter = chapter
        self.question = question
        self.text = text
        self.option = option
        self.answer = answer
        self.choseOption = choseOption
        self.region = region
        self.world = world
    }
}

/// A group's share as `statistics.csv` gives it (the same ``ShareStatistic`` row; names follow
/// its columns): the percent (nil when suppressed), its interval, n (States choosing), the
/// denominator ``nResponding``, the response count ``nAnswered`` and N (the frame).
public struct ProfileShare: Codable, Sendable, Equatable {
    /// The group: `code` is `type:code` as in `statistics.csv`'s two columns (`region:002`, `world:001`).
    public var group: ProfileCode
    public var percent: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    /// States (respondents, with a respondent key) choosing the option: `n_option`.
    public var n: Int
    /// The share's denominator (`n_responding`): those that answered, a "don't know"-only answer
    /// left out of a substantive option's share (``denominator``).
    public var nResponding: Int
    /// Those that answered at all, "don't know" included (`n_answered`).
    public var nAnswered: Int
    /// Of those, the "don't know"-only answers (`n_unknown`).
    public var nUnknown: Int
    /// `answered` or `substantive` (`denominator`).
    public var denominator: String
    /// The group's frame (States in the group, `n_in_group`); nil for a group without one.
    public var nInGroup: Int?
    /// N minus the States of the group that answered (`n_not_responding`); nil without a frame.
    public var nNotResponding: Int?
    /// `normal`, `low_reliability` or `suppressed` (``ShareStatistic``'s flag).
    public var flag: String

    public init(
        group: ProfileCode, percent: Double?, ciLow: Double?, ciHigh: Double?, n: Int, nResponding: Int, nAnswered: Int,
        nUnknown: Int = 0, denominator: String = "substantive", nInGroup: Int?, nNotResponding: Int? = nil, flag: String
    ) {
        self.group = group
        self.percent = percent
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.n = n
        self.nResponding = nResponding
        self.nAnswered = nAnswered
        self.nUnknown = nUnknown
        self.denominator = denominator
        self.nInGroup = nInGroup
        self.nNotResponding = nNotResponding
        self.flag = flag
    }
}

/// A law of the inventory, as `legislation.csv` gives it, with labels.
public struct ProfileLaw: Codable, Sendable, Equatable {
    /// Its position in the State's list (1-based, `laws[2]`).
    public var index: Int
    public var respondent: String?
    public var title: String
    public var titleEnglish: String
    public var type: ProfileCode?
    public var status: ProfileCode?
    public var yearAdopted: Int?
    public var yearAmended: Int?
    public var expectedYear: Int?
    public var citation: String
    public var url: String
    /// The criminalized acts it covers (chapter 4 items), with their question texts.
    public var acts: [ProfileCode]
    /// The investigative powers it provides (chapter 5 items).
    public var powers: [ProfileCode]
    /// Entries of repeat groups nested in a law (for example `laws[2]/amendments[1]`), when the
    /// questionnaire has any: the nested group's id, position and fields as written.
    public var nested: [ProfileNestedEntry]
    /// `file:line` of the law's first answered field (`legislation.csv`'s `source`).
    public var source: String

    public init(
        index: Int, respondent: String? = nil, title: String, titleEnglish: String = "", type: ProfileCode? = nil,
        status: ProfileCode? = nil, yearAdopted: Int? = nil, yearAmended: Int? = nil, expectedYear: Int? = nil,
        citation: String = "", url: String = "", acts: [ProfileCode] = [], powers: [ProfileCode] = [],
        nested: [ProfileNestedEntry] = [], source: String = ""
    ) {
        self.source = source
        self.index = index
        self.respondent = respondent
        self.title = title
        self.titleEnglish = titleEnglish
        self.type = type
        self.status = status
        self.yearAdopted = yearAdopted
        self.yearAmended = yearAmended
        self.expectedYear = expectedYear
        self.citation = citation
        self.url = url
        self.acts = acts
        self.powers = powers
        self.nested = nested
    }
}

public struct ProfileNestedEntry: Codable, Sendable, Equatable {
    /// The nested repeat's path inside the law (`amendments[1]`).
    public var path: String
    public var index: Int
    /// Its fields as written (option codes joined by a space), by sub-question id.
    public var fields: [String: String]

    public init(path: String, index: Int, fields: [String: String]) {
        self.path = path
        self.index = index
        self.fields = fields
    }
}

/// A good practice or challenge of the inventory.
public struct ProfilePractice: Codable, Sendable, Equatable {
    public var index: Int
    public var respondent: String?
    /// Its fields with labels, in questionnaire order: choice answers as labels, text as written.
    public var fields: [ProfileItem]

    public init(index: Int, respondent: String? = nil, fields: [ProfileItem]) {
        self.index = index
        self.respondent = respondent
        self.fields = fields
    }
}

/// What changed since the previous round, on items comparable between the rounds' questionnaires
/// (the crosswalk's `yes` and `partial`; a `partial` item carries its note).
public struct ProfileChanges: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var items: [ProfileChange]
    /// Items whose answers are not compared because the crosswalk says they are not comparable.
    public var notComparable: [String]

    public init(from: String, to: String, items: [ProfileChange], notComparable: [String] = []) {
        self.from = from
        self.to = to
        self.items = items
        self.notComparable = notComparable
    }
}

public struct ProfileChange: Codable, Sendable, Equatable {
    public var question: String
    public var text: ProfileText
    /// The answer in the previous round, read in the latest version (empty answers: not answered).
    public var before: ProfileItem
    public var after: ProfileItem
    /// `yes` or `partial`.
    public var comparable: String
    /// The crosswalk's note, for a `partial` item.
    public var note: String?
    /// `changed` (answered in both rounds, differently), `newly_answered` (not answered in the
    /// previous round) or `no_longer_answered` (not answered in the latest): a question left
    /// unanswered is never read as a "no".
    public var kind: String

    public init(
        question: String, text: ProfileText, before: ProfileItem, after: ProfileItem, comparable: String, note: String?,
        kind: String = "changed"
    ) {
        self.kind = kind
        self.question = question
        self.text = text
        self.before = before
        self.after = after
        self.comparable = comparable
        self.note = note
    }
}

/// A current diagnostic of one of the State's submissions.
public struct ProfileDiagnostic: Codable, Sendable, Equatable {
    /// The submission it concerns (an accepted submission of the State).
    public var submission: String?
    public var round: String
    public var code: String
    /// `error`, `warning` or `info`.
    public var severity: String
    public var message: String
    public var file: String
    public var line: Int?
    public var question: String?

    public init(
        round: String, code: String, severity: String, message: String, file: String, line: Int?, question: String?,
        submission: String? = nil
    ) {
        self.submission = submission
        self.round = round
        self.code = code
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.question = question
    }
}

/// One State of a region in the tile-grid locator: its sub-region row, and whether it answered
/// the profile's latest round.
public struct ProfileTile: Codable, Sendable, Equatable {
    public var iso3: String
    public var name: ProfileText
    public var subregion: String
    /// It has an accepted submission in the latest round.
    public var responded: Bool
    /// It has a profile (an accepted submission in any round).
    public var hasProfile: Bool

    public init(iso3: String, name: ProfileText, subregion: String, responded: Bool, hasProfile: Bool) {
        self.iso3 = iso3
        self.name = name
        self.subregion = subregion
        self.responded = responded
        self.hasProfile = hasProfile
    }
}

/// `Output/countries/index.json` and `index.html`: every State of the population and every other
/// State with a profile, by region, with its response status per round.
public struct CountryProfileIndex: Codable, Sendable, Equatable {
    public var schemaVersion: String = CountryProfile.currentSchemaVersion
    public var rounds: [String]
    public var regions: [ProfileIndexRegion]

    public init(rounds: [String], regions: [ProfileIndexRegion]) {
        self.rounds = rounds
        self.regions = regions
    }
}

public struct ProfileIndexRegion: Codable, Sendable, Equatable {
    /// The region's M49 code and name; `outside` for States outside the population.
    public var region: ProfileCode
    public var countries: [ProfileIndexEntry]

    public init(region: ProfileCode, countries: [ProfileIndexEntry]) {
        self.region = region
        self.countries = countries
    }
}

public struct ProfileIndexEntry: Codable, Sendable, Equatable {
    public var iso3: String
    public var name: ProfileText
    /// The rounds it has an accepted submission in.
    public var respondedRounds: [String]
    /// It has a profile page (an accepted submission in any round).
    public var hasProfile: Bool
    /// Inside the pipeline's population.
    public var inPopulation: Bool
    /// Its response status in every round of the index (``CountryProfileIndex/rounds``), in order.
    public var status: [ProfileRoundStatus]

    public init(
        iso3: String, name: ProfileText, respondedRounds: [String], hasProfile: Bool, inPopulation: Bool = true,
        status: [ProfileRoundStatus] = []
    ) {
        self.iso3 = iso3
        self.name = name
        self.respondedRounds = respondedRounds
        self.hasProfile = hasProfile
        self.inPopulation = inPopulation
        self.status = status
    }
}

/// A State's response status in one round.
public struct ProfileRoundStatus: Codable, Sendable, Equatable {
    public var round: String
    /// `responded` (an accepted submission) or `not_responded`.
    public var status: String
    /// Accepted submissions counted (respondents, with a respondent key; 1 or 0 without).
    public var submissions: Int

    public init(round: String, status: String, submissions: Int) {
        self.round = round
        self.status = status
        self.submissions = submissions
    }
}
