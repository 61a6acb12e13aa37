import Foundation
import SurveyModel

/// Checks the pipeline file's `groups:` and `indicators:` against the questionnaire and the
/// reference, and turns them into the definitions Analyze uses. Every mistake names the entry.
enum StatisticsDefinitions {
    /// One mistake in an entry, as a line for ``DefinitionError/invalidDefinition(path:detail:)``.
    struct Mistake: Error {
        let detail: String
        /// The file the mistake is in when it is not the pipeline file (a group's list file).
        let path: String?
        init(_ detail: String, in path: String? = nil) {
            self.detail = detail
            self.path = path
        }
    }

    /// The population the pipeline file declares, resolved against the reference: every code of a
    /// custom list must name a country of the reference data.
    static func population(_ entry: PipelineConfiguration.PopulationEntry, reference: CountryReference) throws -> Population {
        switch entry {
        case .memberStates: return .memberStates(of: reference)
        case .memberAndObserverStates: return .memberAndObserverStates(of: reference)
        case .custom(let label, let source, let countries):
            if let unknown = countries.first(where: { reference.country(iso3: $0) == nil }) {
                throw Mistake("population: '\(unknown)' is not an ISO alpha-3 code in the reference data")
            }
            var seen = Set<String>()
            if let twice = countries.first(where: { !seen.insert($0).inserted }) {
                throw Mistake("population: '\(twice)' is listed twice")
            }
            return Population(kind: .custom(label: label, source: source), countries: Set(countries))
        }
    }

    static func groups(
        _ entries: [PipelineConfiguration.GroupEntry], questionnaire: Questionnaire, reference: CountryReference,
        relativeTo folder: URL? = nil
    ) throws -> [CustomGroup] {
        var groups: [CustomGroup] = []
        var ids = Set<String>()
        for entry in entries {
            let at = "groups: \(entry.id)"
            guard let first = entry.id.first, first.isASCII, first.isLetter,
                entry.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else { throw Mistake("\(at): an id is letters, digits and '_', starting with a letter") }
            guard ids.insert(entry.id).inserted else { throw Mistake("\(at): the id is used twice") }
            let known = Set(["world", "developed", "developing", "ldc", "lldc", "sids", "outside"])
            guard !known.contains(entry.id.lowercased()) else { throw Mistake("\(at): the id names a built-in group") }
            let rule: CustomGroup.Rule
            let given = [entry.countries != nil, entry.answer != nil, entry.areas != nil, entry.list != nil].filter { $0 }.count
            guard given == 1 else {
                throw Mistake("\(at): give one of countries (a list of ISO codes), list (a list file), answer (question and options) or areas (M49 codes)")
            }
            if entry.source != nil || entry.asOf != nil, entry.countries == nil {
                throw Mistake("\(at): source and as_of go with inline countries (a list file gives its own)")
            }
            if let asOf = entry.asOf, !isISODate(asOf) {
                throw Mistake("\(at): as_of '\(asOf)' is not an ISO date (YYYY-MM-DD)")
            }
            if let list = entry.list {
                let url = URL(fileURLWithPath: list, relativeTo: folder).standardizedFileURL
                let file = try YAMLFile.decode(PipelineConfiguration.GroupListFile.self, at: url, what: "\(at): list file")
                let inFile = url.path
                guard let source = file.source?.trimmingCharacters(in: .whitespaces), !source.isEmpty else {
                    throw Mistake("\(at): the list file has no source: (where the list comes from: a text or URL)", in: inFile)
                }
                guard let asOf = file.asOf?.trimmingCharacters(in: .whitespaces), isISODate(asOf) else {
                    throw Mistake("\(at): the list file needs as_of: the ISO date (YYYY-MM-DD) the list describes", in: inFile)
                }
                let codes = (file.countries ?? []).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
                guard !codes.isEmpty else { throw Mistake("\(at): the list file's countries: is missing or empty", in: inFile) }
                if let unknown = codes.first(where: { reference.country(iso3: $0) == nil }) {
                    throw Mistake("\(at): '\(unknown)' is not an ISO alpha-3 code in the reference data", in: inFile)
                }
                groups.append(CustomGroup(
                    id: entry.id, label: entry.label ?? entry.id, rule: .countries(Set(codes)), source: source, asOf: asOf,
                    compareWith: entry.compareWith?.trimmingCharacters(in: .whitespaces)))
                continue
            }
            if let areas = entry.areas {
                let codes = areas.map { $0.trimmingCharacters(in: .whitespaces) }
                guard !codes.isEmpty else { throw Mistake("\(at): areas is empty") }
                var known = Set(reference.regions.map(\.code) + reference.subregions.map(\.code))
                known.formUnion(reference.countries.compactMap(\.intermediateRegion))
                if let unknown = codes.first(where: { !known.contains($0) }) {
                    throw Mistake("\(at): '\(unknown)' is not an M49 region, sub-region or intermediate region code in the reference data (three digits, e.g. \"142\")")
                }
                groups.append(CustomGroup(
                    id: entry.id, label: entry.label ?? entry.id, rule: .areas(Set(codes)),
                    compareWith: entry.compareWith?.trimmingCharacters(in: .whitespaces)))
                continue
            }
            switch (entry.countries, entry.answer) {
            case (let countries?, nil):
                let codes = countries.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
                if let unknown = codes.first(where: { reference.country(iso3: $0) == nil }) {
                    throw Mistake("\(at): '\(unknown)' is not an ISO alpha-3 code in the reference data")
                }
                guard !codes.isEmpty else { throw Mistake("\(at): countries is empty") }
                rule = .countries(Set(codes))
            case (nil, let answer?):
                guard let question = questionnaire.question(id: answer.question), question.type.hasChoices else {
                    throw Mistake("\(at): answer.question '\(answer.question)' is not a choice question of the questionnaire")
                }
                if let unknown = answer.options.first(where: { question.choice(code: $0) == nil }) {
                    throw Mistake("\(at): '\(unknown)' is not an option of \(question.id) (options: \(question.choices.map(\.code).joined(separator: ", ")))")
                }
                guard !answer.options.isEmpty else { throw Mistake("\(at): answer.options is empty") }
                rule = .answer(question: question.id, options: Set(answer.options))
            default:
                throw Mistake("\(at): give either countries (a list of ISO codes) or answer (question and options)")
            }
            groups.append(CustomGroup(
                id: entry.id, label: entry.label ?? entry.id, rule: rule,
                source: entry.source?.trimmingCharacters(in: .whitespaces), asOf: entry.asOf,
                compareWith: entry.compareWith?.trimmingCharacters(in: .whitespaces)))
        }
        try checkComparisons(groups)
        return groups
    }

    /// `compare_with:` goes on a group with a fixed list of countries (`list:` or `countries:`) and
    /// names an answer-defined group of the same `groups:`: a comparison is between a list and what
    /// States answered.
    static func checkComparisons(_ groups: [CustomGroup]) throws {
        for group in groups {
            guard let target = group.compareWith else { continue }
            let at = "groups: \(group.id)"
            guard case .countries = group.rule else {
                throw Mistake(
                    "\(at): compare_with goes on a group with a list of countries (list: or countries:), naming a group defined by an answer")
            }
            guard let other = groups.first(where: { $0.id == target }) else {
                let answerGroups = groups.filter { if case .answer = $0.rule { true } else { false } }.map(\.id)
                throw Mistake(
                    "\(at): compare_with '\(target)' is not a group of groups: (groups defined by an answer: \(answerGroups.isEmpty ? "none" : answerGroups.joined(separator: ", ")))")
            }
            guard case .answer = other.rule else {
                throw Mistake(
                    "\(at): compare_with '\(target)' is not defined by an answer (answer: {question: …, options: […]}); a list is compared with what States answered")
            }
        }
    }

    /// Whether `text` is a calendar date written YYYY-MM-DD.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) })
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components) else { return false }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == year && back.month == month && back.day == day
    }

    /// The questions whose `chapter`, `type` and attributes (`cluster`, `power`, `aspect`) all
    /// match `keys`, in questionnaire order.
    static func select(_ keys: [String: String], in questionnaire: Questionnaire) -> [Question] {
        questionnaire.questions.filter { question in
            keys.allSatisfy { key, value in
                switch key {
                case "chapter": return question.chapter == Questionnaire.parseChapter(value)
                case "type": return question.type.rawValue == value
                default: return question.attributes[key] == value
                }
            }
        }
    }

    /// The definition error for a "don't know" option (``Choice/isDontKnow``) an indicator or a
    /// priority gap would count as an answer (`met`, `gap`): it contradicts the questionnaire's rule.
    static func dontKnowContradiction(at: String, code: String, question: Question, role: String) -> String {
        "\(at): '\(code)' is a \"don't know\" answer of \(question.id) (dont_know: true in the questionnaire), "
            + "which is never counted as an answer in indicators and priorities (docs/statistics.md, \"Unknown and not sure\"); "
            + "remove it from \(role), or remove dont_know from the option in the questionnaire if it is a substantive answer"
    }

    /// The indicators resolved against `questionnaire`. With `latest` (an older round's
    /// questionnaire, checked against the latest version beforehand): `select:` matches the older
    /// questions; an item named by id is read through `chain` (the crosswalks from the older
    /// version to the latest) when it maps the item exactly (renamed, options recoded: the older
    /// id, `met`/`not_counted` codes read back in the older version, as priority scores read it),
    /// and left out when it does not (split, merged, new).
    static func indicators(
        _ entries: [PipelineConfiguration.IndicatorEntry], questionnaire: Questionnaire, latest: Questionnaire? = nil,
        chain: CrosswalkChain? = nil
    ) throws -> [IndicatorDefinition] {
        var definitions: [IndicatorDefinition] = []
        var ids = Set<String>()
        for entry in entries {
            let at = "indicators: \(entry.id)"
            guard !entry.id.isEmpty, entry.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw Mistake("\(at): an id is letters, digits and '_'")
            }
            guard ids.insert(entry.id).inserted else { throw Mistake("\(at): the id is used twice") }
            guard let chapter = Questionnaire.parseChapter(entry.chapter) else {
                throw Mistake("\(at): unknown chapter '\(entry.chapter)' (expected 3–8 or TA)")
            }
            var raw: [PipelineConfiguration.IndicatorEntry.Item] = []
            if let select = entry.select {
                let matching = Self.select(select, in: questionnaire)
                guard !matching.isEmpty || latest != nil else { throw Mistake("\(at): select matches no question") }
                raw += matching.map { .init(question: $0.id, met: nil, notCounted: nil, atLeast: nil) }
            }
            if latest != nil, let chain {
                // Latest ids read in the older version where the crosswalks map them exactly.
                raw += (entry.items ?? []).compactMap { item in
                    // An unpacked yes / no item has no codes to read back: left out, as split and merged.
                    guard let source = chain.exactSource(of: item.question), source.unpacked == nil,
                        let older = questionnaire.question(id: source.question)
                    else { return nil }
                    func back(_ codes: [String]?) -> [String]? {
                        codes.map { codes in older.choices.map(\.code).filter { codes.contains(source.codes[$0] ?? $0) } }
                    }
                    // The entry's codes too: they name the latest version's options.
                    return .init(
                        question: older.id, met: back(item.met ?? entry.met), notCounted: back(item.notCounted ?? entry.notCounted),
                        atLeast: item.atLeast)
                }
            } else {
                raw += (entry.items ?? []).filter { latest == nil || questionnaire.question(id: $0.question) != nil }
            }
            guard !raw.isEmpty || latest != nil else { throw Mistake("\(at): give select or items") }
            var items: [IndicatorDefinition.Item] = []
            for item in raw {
                guard let question = questionnaire.question(id: item.question) else {
                    throw Mistake("\(at): no question '\(item.question)' in the questionnaire")
                }
                guard !items.contains(where: { $0.questionID == question.id }) else {
                    throw Mistake("\(at): \(question.id) is an item twice")
                }
                let met = item.met ?? entry.met ?? []
                let notCounted = item.notCounted ?? entry.notCounted ?? []
                let atLeast = item.atLeast ?? entry.atLeast
                if question.type.hasChoices && latest != nil {
                    // An older version: the options were checked against the latest; one the
                    // older question lacks is never met.
                } else if question.type.hasChoices {
                    guard !met.isEmpty else { throw Mistake("\(at): \(question.id) needs met (the options that count)") }
                    if let unknown = (met + notCounted).first(where: { question.choice(code: $0) == nil }) {
                        throw Mistake("\(at): '\(unknown)' is not an option of \(question.id) (options: \(question.choices.map(\.code).joined(separator: ", ")))")
                    }
                    if let dontKnow = met.first(where: question.dontKnowCodes.contains) {
                        throw Mistake(Self.dontKnowContradiction(at: at, code: dontKnow, question: question, role: "met"))
                    }
                } else if question.type.isNumeric {
                    guard atLeast != nil else { throw Mistake("\(at): numeric item \(question.id) needs at_least") }
                } else {
                    throw Mistake("\(at): \(question.id) is free text, which an indicator cannot score")
                }
                // The one rule for "don't know" answers: the questionnaire's don't-know options are
                // never counted; `not_counted` adds other codes for this indicator only.
                items.append(
                    .init(
                        questionID: question.id, met: Set(met), notCounted: Set(notCounted).union(question.dontKnowCodes),
                        atLeast: atLeast))
            }
            definitions.append(
                IndicatorDefinition(
                    id: entry.id, chapter: chapter, label: entry.label ?? entry.id, formula: entry.formula ?? "", items: items))
        }
        return definitions
    }
}
