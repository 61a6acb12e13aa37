public import Foundation
public import SurveyExtract
public import SurveyModel

/// A pipeline file (`Pipelines/default.yml`) with its paths resolved.
///
/// Relative paths in the file are relative to the folder the pipeline file is in.
public struct PipelineConfiguration: Sendable {
    public var name: String
    public var file: URL
    public var questionnaire: URL
    public var reference: URL
    public var input: URL
    public var output: URL
    /// Where the store is (`store:`, a path today; ``StoreLocation``).
    public var store: StoreLocation
    public var defaultRound: String
    /// The survey's rounds in order, oldest first (`rounds:`): the only rounds a submission may
    /// name, and the order "baseline" and "latest" follow (the latest is the last one, never
    /// the greatest as text). Required: a pipeline file without it is refused.
    public var rounds: [String]
    /// The questionnaire file of each round that names one (`rounds: - {id: "2022", questionnaire:
    /// questionnaires/…yml}`); a round not listed here is checked against `questionnaire:`.
    public var roundQuestionnaires: [String: URL] = [:]
    /// What happens to a submission that names a form version no round declares
    /// (`undeclared_form_version:`): a warning and its round's questionnaire (`warn`, the
    /// default), or rejected (`reject`).
    public var undeclaredFormVersion: UndeclaredFormVersion = .warn
    /// The crosswalk files between questionnaire versions (`crosswalks:`), paths resolved.
    public var crosswalks: [URL] = []
    public var language: Language
    public var reliability: ReliabilityRules
    /// Field name → chapter (`chapters:`), for XForm fields whose chapter neither a `chapter` bind
    /// attribute nor a `ch4…` / `ta…` group name gives.
    public var chapters: [String: Chapter] = [:]
    /// The field that names the country (`identity.country`, default `country`).
    public var countryField = "country"
    /// The field that names the survey round (`identity.round`, default `round`).
    public var roundField = "round"
    /// The respondent key (`identity.respondent`): when set, several respondents per country and
    /// round are distinct submissions and statistics count respondents. Nil: one submission per
    /// country and round.
    public var respondentField: String?
    /// Per-file overrides (`files:`): encoding, fallback encoding, delimiter, format.
    public var fileRules: [FileRule] = []
    /// The readers of the inbox's files, by extension (`ReaderRegistry.standard` unless the caller
    /// registered others): what a run extracts with, and the formats `files: format:` may declare.
    public var readers: ReaderRegistry = .standard
    /// Limits on what one file may hold (`limits:`), with safe defaults.
    public var limits = InputLimits()
    /// Custom groups (`groups:`), checked against the questionnaire and reference when the
    /// pipeline is built.
    public var groupEntries: [GroupEntry] = []
    /// Country indicators (`indicators:`), resolved against the questionnaire when the pipeline
    /// is built.
    public var indicatorEntries: [IndicatorEntry] = []
    /// The rounds `progress.csv` and `transitions.csv` compare (`progress:`); nil: the earliest
    /// and the latest round in the store.
    public var baselineRound: String?
    public var latestRound: String?
    /// The scoring model of the priority tables (`priorities:`); nil: no priority outputs.
    public var priorities: URL?
    /// The technical-assistance programmes already under way (`programmes:`; without the key,
    /// `ta/programmes.yml` beside the pipeline file when it exists): `ta_planning.csv`'s
    /// `already_supported_by`. Nil: none.
    public var programmes: URL?
    /// The analyst's corrections of senders' values (`corrections:`; without the key,
    /// `corrections.yml` beside the pipeline file when it exists; issue 26, docs/corrections.md).
    /// Nil: none.
    public var corrections: URL?
    /// The restrictions file (`restrictions:`; without the key, `restrictions.yml` beside the
    /// pipeline file when it exists; issue 26, docs/restricted.md): answers kept out of public
    /// outputs besides the questionnaire's `public: false` items and the senders' own marks.
    public var restrictions: URL?
    /// The least number of States of a group answering an item for a group figure to count the
    /// restricted answers to it (`restricted_minimum_states`, default 5).
    public var restrictedMinimumStates = 5
    /// The focal-point register (`register:`; personal data: the letters and the follow-up list
    /// only). Nil: none.
    public var register: URL?
    /// The texts of the XLSForm export that are not in the questionnaire (`form_labels:`); nil:
    /// the pipeline cannot export its questionnaire as a form.
    public var formLabels: URL?
    /// The world tile grid (`tile_grid:`; by default `world-tiles.csv` beside the reference file
    /// when it exists): the report's and the profiles' map of who responded. Nil: no map.
    public var tileGrid: URL?
    /// The texts of the feedback to senders in the six languages (`feedback:`, e.g.
    /// `forms/feedback.yml`): `validation_report.csv`'s `message_local` and the letters. Nil: the
    /// messages stay in English and no letter is written (docs/feedback.md).
    public var feedback: URL?
    /// Whether a run writes the feedback letters (`Output/feedback/<ISO3>.<lang>.html` and
    /// `.txt`) when the pipeline names its texts (`letters:`, default true).
    public var letters = true
    /// Whether the report is also written in its internal edition (`internal_edition:`, default
    /// false; `--edition internal` on the command line): `report.internal.html` and
    /// `countries/internal/<ISO3>.html`, which name States in the technical-assistance planning
    /// tables. The public edition (`report.html`, the profiles) never does (docs/priorities.md).
    public var internalEdition = false
    /// Whether a run (and `legisurvey report`) also prints each report it writes to PDF
    /// (`pdf:`, default false; `--pdf` / `--no-pdf` on the command line): `report.pdf` beside
    /// `report.html`, `report.<lang>.pdf` beside `report.<lang>.html`, by headless Chromium when
    /// one is on the PATH. A report written without its PDF has any earlier PDF of it removed.
    public var pdf = false
    /// A checks file (`checks:`): consistency checks for a questionnaire that cannot declare them
    /// itself (an XForm); nil: the questionnaire's own `checks:`, if any.
    public var checks: URL?
    /// Inbox path patterns (`complements:`, as `files:` patterns) whose files are complements:
    /// their answers merge onto the country's current submission instead of replacing it
    /// (docs/formats.md, Revisions). A `revisions.yml` that lists a file decides for it.
    public var complements: [String] = []
    /// SDMX-CSV dataflow, `AGENCY:ID(VERSION)` (`sdmx.dataflow`).
    public var dataflow = "UNODC:DF_CYBERCRIME_SURVEY(1.0)"
    /// `changes.csv` lists a statistics row whose percent moved by at least this many points
    /// since the previous run (`changes.min_percent_move`, default 1).
    public var minPercentMove = 1.0
    /// What the cells of `answers.csv` hold for a choice (`answers.values`): the option's label in
    /// ``language`` (the default) or its code.
    public var answerValues: AnswerValues = .labels
    /// Whether a run also writes every CSV table (but `statistics.sdmx.csv`) in the spreadsheet
    /// dialect (`;`, decimal comma, UTF-8 byte order mark) under `<output>/excel/` (`excel_csv:`,
    /// default false; docs/excel.md).
    public var excelCSV = false
    /// Whether a run writes `legisurvey.xlsx`, every table a sheet (`workbook:`, default true).
    public var workbook = true
    /// The population statistics describe (`population:`), resolved against the reference when
    /// the pipeline is built (``PipelineDefinitions/population``). Default: the Member States.
    public var populationEntry: PopulationEntry = .memberStates
    /// The headline items (`headline:`), as written: checked against the latest questionnaire
    /// when the pipeline is built (``PipelineDefinitions/headline``). Empty: the default, the
    /// first choice question of each chapter.
    public var headlineEntries: [HeadlineEntry] = []
    /// The release the outputs are written for (`legisurvey release NAME`, docs/releases.md): named
    /// in the report's footer and the SDMX structure. Never read from the pipeline file; nil for an
    /// ordinary run, whose outputs carry no release id.
    public var release: String?

    /// One entry of `headline:`: `{question: ch4_illegal_access, option: any_form}` (option optional).
    public struct HeadlineEntry: Decodable, Sendable, Equatable {
        public var question: String
        public var option: String?

        public init(question: String, option: String? = nil) {
            self.question = question
            self.option = option
        }
    }

    /// `population:` as written: `member_states` (the default), `member_and_observer_states`, or a
    /// custom list `{label: …, source: …, countries: [ISO3, …]}`.
    public enum PopulationEntry: Sendable, Equatable {
        case memberStates
        case memberAndObserverStates
        case custom(label: String, source: String, countries: [String])
    }

    /// `undeclared_form_version:` as written.
    public enum UndeclaredFormVersion: String, Sendable, Equatable {
        case warn
        case reject
    }

    /// One entry of `rounds:`: a plain id, or `{id: "2022", questionnaire: path}`.
    struct RoundValue: Decodable {
        var id: String
        var questionnaire: String?

        enum CodingKeys: String, CodingKey { case id, questionnaire }

        init(from decoder: any Decoder) throws {
            if let container = try? decoder.singleValueContainer(), let id = try? container.decode(String.self) {
                self.id = id
                return
            }
            let keyed = try decoder.container(keyedBy: CodingKeys.self)
            id = try keyed.decode(String.self, forKey: .id)
            questionnaire = try keyed.decodeIfPresent(String.self, forKey: .questionnaire)
        }
    }

    /// `population:` before it is checked: a name or a custom list.
    struct PopulationValue: Decodable {
        struct Custom: Decodable {
            var label: String?
            var source: String?
            var countries: [String]?
        }
        var name: String?
        var custom: Custom?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self.name = name
            } else {
                custom = try container.decode(Custom.self)
            }
        }
    }

    /// One entry of `groups:` as written.
    public struct GroupEntry: Decodable, Sendable {
        public struct AnswerRule: Decodable, Sendable {
            public var question: String
            public var options: [String]
        }
        public var id: String
        public var label: String?
        public var countries: [String]?
        public var answer: AnswerRule?
        /// M49 area codes (regions, sub-regions, intermediate regions) whose countries make the
        /// group, e.g. `["142", "009"]` for "Asia and Oceania".
        public var areas: [String]?
        /// A list file (path relative to the pipeline file) with `source:`, `as_of:` and
        /// `countries:`; instead of inline `countries:`.
        public var list: String?
        /// Where inline `countries:` come from and the date they describe (optional).
        public var source: String?
        public var asOf: String?
        /// On a list group (`list:` or inline `countries:`): the id of an answer-defined group to
        /// compare it with, State by State (`group_comparison.csv`).
        public var compareWith: String?

        enum CodingKeys: String, CodingKey {
            case id, label, countries, answer, areas, list, source
            case asOf = "as_of"
            case compareWith = "compare_with"
        }
    }

    /// A dated list file a custom group names (`list:`).
    struct GroupListFile: Decodable {
        var source: String?
        var asOf: String?
        var countries: [String]?

        enum CodingKeys: String, CodingKey {
            case source, countries
            case asOf = "as_of"
        }
    }

    /// One entry of `indicators:` as written.
    public struct IndicatorEntry: Decodable, Sendable {
        public struct Item: Decodable, Sendable {
            public var question: String
            public var met: [String]?
            public var notCounted: [String]?
            public var atLeast: Double?

            enum CodingKeys: String, CodingKey {
                case question, met
                case notCounted = "not_counted"
                case atLeast = "at_least"
            }
        }
        public var id: String
        public var chapter: String
        public var label: String?
        public var formula: String?
        /// Every question whose `chapter`, `type` and attributes (`cluster`, `power`, `aspect`)
        /// match all of these.
        public var select: [String: String]?
        /// Defaults for the selected items.
        public var met: [String]?
        public var notCounted: [String]?
        public var atLeast: Double?
        public var items: [Item]?

        enum CodingKeys: String, CodingKey {
            case id, chapter, label, formula, select, met, items
            case notCounted = "not_counted"
            case atLeast = "at_least"
        }
    }

    struct FileEntry: Decodable {
        struct Reliability: Decodable {
            var suppress_below: Int?
            var low_reliability_below: Int?
        }
        struct Identity: Decodable {
            var country: String?
            var round: String?
            var respondent: String?
        }
        var name: String?
        var questionnaire: String
        var reference: String
        var input: String
        var output: String
        var store: String
        var default_round: String
        var rounds: [RoundValue]?
        var undeclared_form_version: String?
        var crosswalks: [String]?
        var language: String?
        var reliability: Reliability?
        var chapters: [String: String]?
        var identity: Identity?
        var files: [Rule]?
        var limits: Limits?
        var groups: [GroupEntry]?
        var indicators: [IndicatorEntry]?
        var progress: Progress?
        var sdmx: SDMX?
        var priorities: String?
        var programmes: String?
        var corrections: String?
        var restrictions: String?
        var restricted_minimum_states: Int?
        var register: String?
        var form_labels: String?
        var tile_grid: String?
        var feedback: String?
        var letters: Bool?
        var internal_edition: Bool?
        var pdf: Bool?
        var population: PopulationValue?
        var checks: String?
        var complements: [String]?
        var changes: Changes?
        var headline: [HeadlineEntry]?
        var answers: Answers?
        var excel_csv: Bool?
        var workbook: Bool?

        struct Answers: Decodable {
            var values: String?
        }
        struct Changes: Decodable {
            var min_percent_move: Double?
        }
        struct Progress: Decodable {
            var baseline: String?
            var latest: String?
        }
        struct SDMX: Decodable {
            var dataflow: String?
        }

        struct Limits: Decodable {
            var max_file_bytes: Int?
            var max_xml_depth: Int?
            var max_value_bytes: Int?
            var max_columns: Int?
            var max_zip_ratio: Int?
            var max_cells: Int?
        }

        struct Rule: Decodable {
            var pattern: String
            var encoding: String?
            var fallback_encoding: String?
            var delimiter: String?
            var format: String?
        }
    }

    /// Reads a pipeline file; `input`, `output` and `store` override the file's values
    /// (relative to the current directory, as typed on the command line).
    /// `readers` are the readers a run will use: a per-file `format:` must be one they declare
    /// selectable.
    public static func load(
        path: String, input: String? = nil, output: String? = nil, store: String? = nil,
        readers: ReaderRegistry = .standard
    ) throws -> PipelineConfiguration {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        let entry = try YAMLFile.decode(FileEntry.self, at: file, what: "pipeline file")
        let base = file.deletingLastPathComponent()
        func resolve(_ value: String) -> URL {
            value.hasPrefix("/") ? URL(fileURLWithPath: value) : base.appendingPathComponent(value).standardizedFileURL
        }
        func fromCommandLine(_ value: String) -> URL { URL(fileURLWithPath: value).standardizedFileURL }
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: file.path, detail: detail) }

        guard let language = Language(rawValue: entry.language ?? "en") else {
            throw fail("language '\(entry.language ?? "")' (expected ar, en, es, fr, ru or zh)")
        }
        let rules = ReliabilityRules(
            suppressBelow: entry.reliability?.suppress_below ?? 5,
            lowReliabilityBelow: entry.reliability?.low_reliability_below ?? 10)
        guard rules.suppressBelow >= 1, rules.lowReliabilityBelow >= rules.suppressBelow else {
            throw fail("reliability: need 1 ≤ suppress_below ≤ low_reliability_below")
        }
        // The survey's rounds are declared, never inferred from the data: without the list a
        // stray round value (`2026.0`, `NA`, `-2026`) could become a round of its own.
        guard let roundEntries = entry.rounds else { throw fail(Self.missingRoundsDetail) }
        let rounds = roundEntries.map(\.id)
        guard !rounds.isEmpty else { throw fail("rounds: declare at least one round, oldest first (e.g. rounds: [\"2022\", \"2026\"])") }
        for (index, name) in rounds.enumerated() {
            guard RoundNames.isPlainToken(name) else {
                throw fail("rounds[\(index)] '\(name)' (a round is letters, digits, '.', '_' or '-', starting with a letter or digit, at most 32 characters)")
            }
            guard !RoundNames.missingValueMarkers.contains(name.lowercased()) else {
                throw fail("rounds[\(index)] '\(name)' is what data tools write for a missing value, not a round name")
            }
            if let first = rounds.firstIndex(of: name), first != index {
                throw fail("rounds: '\(name)' is declared twice (rounds[\(first)] and rounds[\(index)])")
            }
        }
        func declaredRound(_ raw: String, key: String) throws -> String {
            let value = raw.trimmingCharacters(in: .whitespaces)
            guard rounds.contains(value) else {
                throw fail("\(key) '\(raw)' is not a declared round (rounds: \(rounds.joined(separator: ", ")))")
            }
            return value
        }
        let round = try declaredRound(entry.default_round, key: "default_round")

        var chapters: [String: Chapter] = [:]
        for (field, raw) in entry.chapters ?? [:] {
            guard let chapter = Questionnaire.parseChapter(raw) else {
                throw fail("chapters.\(field): unknown chapter '\(raw)' (expected 3–8 or TA)")
            }
            chapters[field] = chapter
        }
        let countryField = (entry.identity?.country ?? "country").trimmingCharacters(in: .whitespaces)
        let roundField = (entry.identity?.round ?? "round").trimmingCharacters(in: .whitespaces)
        guard !countryField.isEmpty, !roundField.isEmpty else { throw fail("identity: field names must not be empty") }
        let respondentField = entry.identity?.respondent?.trimmingCharacters(in: .whitespaces)
        if let respondentField {
            guard !respondentField.isEmpty else { throw fail("identity.respondent: the field name must not be empty") }
            guard Set([countryField.lowercased(), roundField.lowercased()]).count == 2,
                ![countryField.lowercased(), roundField.lowercased()].contains(respondentField.lowercased())
            else { throw fail("identity: country, round and respondent must be three different fields") }
        }

        var fileRules: [FileRule] = []
        for (index, rule) in (entry.files ?? []).enumerated() {
            let at = "files[\(index)] (\(rule.pattern))"
            func encoding(_ raw: String?, _ key: String) throws -> TextEncoding? {
                guard let raw else { return nil }
                guard let value = TextEncoding(rawValue: raw.lowercased()) else {
                    throw fail("\(at): \(key) '\(raw)' (expected \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return value
            }
            var delimiter: Character?
            if let raw = rule.delimiter {
                let value = raw == "\\t" || raw.lowercased() == "tab" ? "\t" : raw
                guard value.count == 1, let character = value.first, [",", ";", "\t", "|"].contains(character) else {
                    throw fail("\(at): delimiter '\(raw)' (expected ',', ';', '|' or tab)")
                }
                delimiter = character
            }
            var format: SourceFormat?
            if let raw = rule.format {
                // Only what a reader declares selectable: XML formats, for one, are told apart by
                // their root element; CSV layouts can be declared.
                let readable = readers.selectableFormats
                guard let value = SourceFormat(rawValue: raw), readable.contains(value) else {
                    throw fail("\(at): format '\(raw)' (expected \(readable.map(\.rawValue).joined(separator: ", ")))")
                }
                format = value
            }
            fileRules.append(
                FileRule(
                    pattern: rule.pattern, encoding: try encoding(rule.encoding, "encoding"),
                    fallbackEncoding: try encoding(rule.fallback_encoding, "fallback_encoding"), delimiter: delimiter,
                    format: format))
        }

        // The store: a PostgreSQL URL refused here (a password in it, an unknown parameter) is the
        // pipeline file's error, or the command line's.
        let storeLocation: StoreLocation
        do {
            storeLocation = try store.map(StoreLocation.init(commandLine:)) ?? StoreLocation(parsing: entry.store, relativeTo: base)
        } catch let error as PostgresLocation.ParseError {
            throw store != nil ? DefinitionError.invalidDefinition(path: "--store", detail: error.description) : fail("store: \(error)")
        }
        var configuration = PipelineConfiguration(
            name: entry.name ?? file.deletingPathExtension().lastPathComponent, file: file,
            questionnaire: resolve(entry.questionnaire), reference: resolve(entry.reference),
            input: input.map(fromCommandLine) ?? resolve(entry.input),
            output: output.map(fromCommandLine) ?? resolve(entry.output),
            store: storeLocation, defaultRound: round, rounds: rounds,
            language: language, reliability: rules)
        configuration.chapters = chapters
        for round in roundEntries {
            guard let path = round.questionnaire else { continue }
            guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("rounds: '\(round.id)' names an empty questionnaire path")
            }
            configuration.roundQuestionnaires[round.id] = resolve(path)
        }
        if let raw = entry.undeclared_form_version {
            guard let policy = UndeclaredFormVersion(rawValue: raw.trimmingCharacters(in: .whitespaces)) else {
                throw fail("undeclared_form_version '\(raw)' (expected warn or reject)")
            }
            configuration.undeclaredFormVersion = policy
        }
        configuration.crosswalks = (entry.crosswalks ?? []).map(resolve)
        configuration.excelCSV = entry.excel_csv ?? false
        configuration.workbook = entry.workbook ?? true
        configuration.letters = entry.letters ?? true
        configuration.internalEdition = entry.internal_edition ?? false
        configuration.pdf = entry.pdf ?? false
        if let move = entry.changes?.min_percent_move {
            guard move.isFinite, move >= 0, move <= 100 else {
                throw fail("changes.min_percent_move \(move) (expected a number of percentage points from 0 to 100)")
            }
            configuration.minPercentMove = move
        }
        if let raw = entry.answers?.values {
            guard let values = AnswerValues(rawValue: raw.trimmingCharacters(in: .whitespaces)) else {
                throw fail("answers.values '\(raw)' (expected labels or codes)")
            }
            configuration.answerValues = values
        }
        configuration.countryField = countryField
        configuration.roundField = roundField
        configuration.respondentField = respondentField
        configuration.fileRules = fileRules
        configuration.readers = readers
        var limits = InputLimits()
        if let entry = entry.limits {
            limits.maxFileBytes = entry.max_file_bytes ?? limits.maxFileBytes
            limits.maxXMLDepth = entry.max_xml_depth ?? limits.maxXMLDepth
            limits.maxValueBytes = entry.max_value_bytes ?? limits.maxValueBytes
            limits.maxColumns = entry.max_columns ?? limits.maxColumns
            limits.maxZipRatio = entry.max_zip_ratio ?? limits.maxZipRatio
            limits.maxCells = entry.max_cells ?? limits.maxCells
        }
        guard limits.maxFileBytes > 0, limits.maxXMLDepth > 1, limits.maxValueBytes > 0, limits.maxColumns > 1,
            limits.maxZipRatio > 0, limits.maxCells > 0
        else {
            throw fail("limits: every limit must be a positive number")
        }
        configuration.limits = limits
        configuration.priorities = entry.priorities.map(resolve)
        if let programmes = entry.programmes {
            configuration.programmes = resolve(programmes)
        } else {
            let shipped = base.appendingPathComponent("ta/programmes.yml").standardizedFileURL
            configuration.programmes = FileManager.default.fileExists(atPath: shipped.path) ? shipped : nil
        }
        if let corrections = entry.corrections {
            configuration.corrections = resolve(corrections)
        } else {
            let shipped = base.appendingPathComponent("corrections.yml").standardizedFileURL
            configuration.corrections = FileManager.default.fileExists(atPath: shipped.path) ? shipped : nil
        }
        if let restrictions = entry.restrictions {
            configuration.restrictions = resolve(restrictions)
        } else {
            let shipped = base.appendingPathComponent("restrictions.yml").standardizedFileURL
            configuration.restrictions = FileManager.default.fileExists(atPath: shipped.path) ? shipped : nil
        }
        if let minimum = entry.restricted_minimum_states {
            guard minimum >= 1 else {
                throw fail("restricted_minimum_states \(minimum) (expected a number of States, 1 or more; 5 is usual)")
            }
            configuration.restrictedMinimumStates = minimum
        }
        configuration.register = entry.register.map(resolve)
        if let register = configuration.register {
            let folder = configuration.output.standardizedFileURL.path + "/"
            if register.standardizedFileURL.path.hasPrefix(folder) {
                throw fail("register: \(register.path) is inside the output folder; keep the focal-point register (personal data) out of \(configuration.output.path)")
            }
        }
        configuration.formLabels = entry.form_labels.map(resolve)
        if let path = entry.tile_grid {
            guard !path.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("tile_grid: names an empty path") }
            configuration.tileGrid = resolve(path)
        } else {
            let beside = configuration.reference.deletingLastPathComponent().appendingPathComponent("world-tiles.csv")
            configuration.tileGrid = FileManager.default.fileExists(atPath: beside.path) ? beside : nil
        }
        configuration.feedback = entry.feedback.map(resolve)
        configuration.checks = entry.checks.map(resolve)
        configuration.complements = entry.complements ?? []
        configuration.groupEntries = entry.groups ?? []
        configuration.indicatorEntries = entry.indicators ?? []
        if let headline = entry.headline {
            guard !headline.isEmpty else {
                throw fail("headline: lists no item (remove it for the default, or list items as - {question: ch4_illegal_access, option: any_form})")
            }
            configuration.headlineEntries = headline
        }
        configuration.baselineRound = try entry.progress?.baseline.map { try declaredRound($0, key: "progress.baseline") }
        configuration.latestRound = try entry.progress?.latest.map { try declaredRound($0, key: "progress.latest") }
        if let baseline = configuration.baselineRound, let latest = configuration.latestRound,
            rounds.firstIndex(of: baseline)! >= rounds.firstIndex(of: latest)!
        {
            throw fail("progress: baseline '\(baseline)' must come before latest '\(latest)' in rounds: \(rounds.joined(separator: ", "))")
        }
        if let population = entry.population {
            let expected = "expected member_states, member_and_observer_states, or {label: …, source: …, countries: [ISO3, …]}"
            if let name = population.name {
                switch name.trimmingCharacters(in: .whitespaces) {
                case "member_states": configuration.populationEntry = .memberStates
                case "member_and_observer_states": configuration.populationEntry = .memberAndObserverStates
                default: throw fail("population '\(name)' (\(expected))")
                }
            } else if let custom = population.custom {
                guard let label = custom.label?.trimmingCharacters(in: .whitespaces), !label.isEmpty else {
                    throw fail("population: a custom population needs a label (\(expected))")
                }
                guard let countries = custom.countries, !countries.isEmpty else {
                    throw fail("population: a custom population needs countries, a list of ISO alpha-3 codes")
                }
                configuration.populationEntry = .custom(
                    label: label, source: custom.source?.trimmingCharacters(in: .whitespaces) ?? "",
                    countries: countries.map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
            }
        }
        if let dataflow = entry.sdmx?.dataflow {
            // AGENCY:ID(VERSION), as SDMX-CSV 1.0 writes the dataflow column.
            let parts = dataflow.split(separator: ":", maxSplits: 1)
            let valid = parts.count == 2 && dataflow.hasSuffix(")") && parts[1].contains("(")
                && dataflow.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.:()-@".contains($0)) }
            guard valid else { throw fail("sdmx.dataflow '\(dataflow)' (expected AGENCY:ID(VERSION), e.g. UNODC:DF_CYBERCRIME_SURVEY(1.0))") }
            configuration.dataflow = dataflow
        }
        return configuration
    }
}

extension PipelineConfiguration {
    /// What a pipeline file without `rounds:` is refused with: what to add, with an example.
    public static let missingRoundsDetail =
        "rounds: missing: declare the survey's rounds in the pipeline file, oldest first, "
        + "e.g. rounds: [\"2022\", \"2026\"] (default_round must be one of them)"

    /// Checks that `round` (e.g. `sample --round`) names a declared round. `what` names where the
    /// value came from.
    public func checkRound(_ round: String, what: String) throws {
        guard rounds.contains(round) else {
            throw DefinitionError.invalidDefinition(
                path: file.path, detail: "\(what) '\(round)' is not a declared round (rounds: \(rounds.joined(separator: ", ")))")
        }
    }

    /// Reads the inbox with `readers` from now on; throws when a per-file `format:` is not one
    /// they declare selectable (as ``load(path:input:output:store:readers:)`` would have).
    public mutating func use(readers: ReaderRegistry) throws {
        let readable = readers.selectableFormats
        for (index, rule) in fileRules.enumerated() {
            if let format = rule.format, !readable.contains(format) {
                throw DefinitionError.invalidDefinition(
                    path: file.path,
                    detail: "files[\(index)] (\(rule.pattern)): format '\(format)' (expected \(readable.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        self.readers = readers
    }
}
