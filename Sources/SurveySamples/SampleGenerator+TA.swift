public import SurveyModel

/// The technical-assistance chapter of the demo (issue 25). Questionnaire 2026.3 asks it area by
/// area (`ta_<area>_requested` yes / no, the activities, the beneficiary institution, the urgency)
/// and lists assistance already received (`ta_support`, a repeat); 2026.2 asked the areas as one
/// multiple choice (`ta_areas`).
///
/// So that no other figure of the demo moves, the main random stream draws `ta_areas` exactly as it
/// did when the demo answered 2026.2 (same draws, same order): a draft's answers are kept in that
/// "drawn" form (``drawQuestions``), and a file written in 2026.3 unpacks them
/// (``inForm(_:_:)``): an area selected is requested (`yes`), one not selected `no`, and a blank
/// list leaves every area blank. What 2026.2 did not ask (activities, institution, urgency,
/// assistance received) is drawn from a stream of its own per country (``taDetails(for:)``),
/// seeded by the seed and the ISO code, so that it moves no other answer.
extension SampleGenerator {
    /// One occurrence of the `ta_support` repeat.
    struct SupportEntry: Equatable {
        var provider: String
        var area: String
        var activities: [String]
        var yearFrom: Int
        var yearTo: Int?
        var status: String

        var fields: [(question: String, values: [String])] {
            var result: [(String, [String])] = [("provider", [provider]), ("area", [area]), ("activity", activities), ("year_from", [String(yearFrom)])]
            if let yearTo { result.append(("year_to", [String(yearTo)])) }
            result.append(("status", [status]))
            return result
        }
    }

    /// What a country asks for in one area, beyond the request itself (nil: left blank).
    struct AreaDetails: Equatable {
        var activities: [String]?
        var institutions: [String]?
        var urgency: String?
    }

    /// The country's details of the TA chapter, drawn from their own stream.
    struct TADetails: Equatable {
        var areas: [String: AreaDetails]
        var support: [SupportEntry]
    }

    /// Clearly synthetic providers of assistance.
    static let demoProviders = ["Demo donor A", "Demo donor B", "Demo agency C", "Demo foundation D", "Demo regional centre E"]

    /// The activities and institutions a request in an area plausibly names (the first of each is
    /// the most usual); an area not listed draws from every option.
    static let areaActivities: [String: [String]] = [
        "legislative_drafting": ["drafting_review", "expert_exchange", "mentoring", "training"],
        "investigations": ["training", "mentoring", "equipment", "expert_exchange"],
        "digital_forensics": ["forensic_lab_setup", "equipment", "training"],
        "electronic_evidence": ["training", "equipment", "mentoring"],
        "judicial_training": ["training", "mentoring", "expert_exchange"],
        "international_cooperation": ["expert_exchange", "training", "drafting_review"],
        "prevention_awareness": ["awareness_campaign", "training", "other_activity"],
    ]
    static let areaInstitutions: [String: [String]] = [
        "legislative_drafting": ["ministry_justice", "legislature"],
        "investigations": ["police", "prosecution"],
        "digital_forensics": ["police", "cert_csirt"],
        "electronic_evidence": ["police", "prosecution", "judiciary"],
        "judicial_training": ["judiciary", "prosecution"],
        "international_cooperation": ["ministry_justice", "prosecution", "police"],
        "prevention_awareness": ["cert_csirt", "ministry_justice", "other_institution"],
    ]

    /// The per-area request questions of `version` (chapter TA, `aspect: requested`, with a
    /// `cluster`), in questionnaire order; empty for a version that asks `ta_areas`.
    static func areaRequests(_ version: Questionnaire) -> [Question] {
        guard version.question(id: "ta_areas") == nil else { return [] }
        return version.questions.filter {
            $0.chapter == .technicalAssistance && $0.attributes["aspect"] == "requested" && $0.attributes["cluster"] != nil
        }
    }

    /// Whether a question is one of the per-area TA questions (any aspect) of a version that asks them.
    static func isAreaQuestion(_ question: Question) -> Bool {
        question.chapter == .technicalAssistance && question.attributes["cluster"] != nil && question.attributes["aspect"] != nil
    }

    /// The multiple choice the demo draws in place of the per-area questions (as 2026.2 asks it):
    /// the options of the list the request questions' areas come from (the `ta_support` repeat's
    /// `area`, or the areas with the request questions' labels). nil when the questionnaire asks
    /// `ta_areas` itself.
    var drawnAreas: Question? {
        let requests = Self.areaRequests(questionnaire)
        guard let first = requests.first else { return nil }
        let codes = requests.compactMap { $0.attributes["cluster"] }
        let listed = questionnaire.repeats.lazy.flatMap(\.questions).first { $0.type.hasChoices && Set($0.choices.map(\.code)).isSuperset(of: codes) }
        let choices = codes.map { code in
            listed?.choice(code: code) ?? Choice(code: code, label: requests.first { $0.attributes["cluster"] == code }!.label)
        }
        return Question(
            id: "ta_areas", chapter: .technicalAssistance, type: .multipleChoice, label: first.label, choiceList: "ta_areas", choices: choices)
    }

    /// The questions the main stream draws, in order: the questionnaire's, with its per-area TA
    /// questions replaced by ``drawnAreas`` where the first of them stands.
    var drawQuestions: [Question] {
        guard let areas = drawnAreas else { return questionnaire.questions }
        var result: [Question] = []
        for question in questionnaire.questions {
            if Self.isAreaQuestion(question) {
                if !result.contains(where: { $0.id == areas.id }) { result.append(areas) }
                continue
            }
            result.append(question)
        }
        return result
    }

    /// A question of the drawn form by id (the questionnaire's, or ``drawnAreas``).
    func drawnQuestion(id: String) -> Question? {
        questionnaire.question(id: id) ?? (id == "ta_areas" ? drawnAreas : nil)
    }

    /// A stable hash of an ISO code (FNV-1a; never `Hasher`, which changes from run to run).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The country's TA details, from a SplitMix64 of its own (the seed, a constant and the ISO
    /// code): for each area, whether the request names activities (about two in three), an
    /// institution and an urgency (most do), and 0–3 entries of assistance received.
    func taDetails(for country: Country) -> TADetails {
        var random = SplitMix64(seed: seed ^ 0x7A_5EED_2026 ^ Self.stableHash(country.iso3))
        let requests = Self.areaRequests(questionnaire)
        func pick(_ pool: [String]) -> [String] {
            var chosen = pool.filter { _ in random.unit() < 0.45 }
            if chosen.isEmpty { chosen = [pool[0]] }
            return chosen
        }
        let allActivities = requests.first.flatMap { request in
            questionnaire.questions.first { $0.attributes["cluster"] == request.attributes["cluster"] && $0.attributes["aspect"] == "activities" }
        }?.choices.map(\.code) ?? []
        let allInstitutions = requests.first.flatMap { request in
            questionnaire.questions.first { $0.attributes["cluster"] == request.attributes["cluster"] && $0.attributes["aspect"] == "institution" }
        }?.choices.map(\.code) ?? []
        let urgencies = requests.first.flatMap { request in
            questionnaire.questions.first { $0.attributes["cluster"] == request.attributes["cluster"] && $0.attributes["aspect"] == "urgency" }
        }?.choices.map(\.code) ?? []
        var areas: [String: AreaDetails] = [:]
        var codes: [String] = []
        for request in requests {
            let area = request.attributes["cluster"]!
            codes.append(area)
            var details = AreaDetails()
            // About one requested area in three names no activity; some give no institution or urgency.
            let activities = random.unit() >= 1.0 / 3.0
            let institution = random.unit() < 0.85
            let urgency = random.unit() < 0.8
            let activityPool = (Self.areaActivities[area] ?? allActivities).filter(allActivities.contains)
            let institutionPool = (Self.areaInstitutions[area] ?? allInstitutions).filter(allInstitutions.contains)
            if activities, !activityPool.isEmpty { details.activities = pick(activityPool) }
            if institution, !institutionPool.isEmpty { details.institutions = pick(institutionPool) }
            if urgency, !urgencies.isEmpty { details.urgency = urgencies[Int(random.next() % UInt64(urgencies.count))] }
            areas[area] = details
        }
        var support: [SupportEntry] = []
        let count = Int(random.next() % 4)
        for _ in 0..<(codes.isEmpty || allActivities.isEmpty ? 0 : count) {
            let area = codes[Int(random.next() % UInt64(codes.count))]
            let provider = Self.demoProviders[Int(random.next() % UInt64(Self.demoProviders.count))]
            let pool = (Self.areaActivities[area] ?? allActivities).filter(allActivities.contains)
            let activities = pick(pool.isEmpty ? allActivities : pool)
            let from = 2015 + Int(random.next() % 11)
            let ongoing = random.unit() < 0.5
            let to = ongoing ? nil : min(2026, from + 1 + Int(random.next() % 3))
            support.append(
                SupportEntry(provider: provider, area: area, activities: activities, yearFrom: from, yearTo: to, status: ongoing ? "ongoing" : "completed"))
        }
        return TADetails(areas: areas, support: support)
    }

    /// A drafted answer list (the drawn form) as `version` asks it: unchanged for a version that
    /// asks `ta_areas`; else `ta_areas` unpacked into the per-area questions (written as labels
    /// when `ta_areas` was), with the country's details for the requested areas. `noneNeeded`: the
    /// demo's "no assistance needed" case, every area answered no.
    func inForm(
        _ answers: [(question: String, values: [String])], _ version: Questionnaire, country: Country, language: Language,
        noneNeeded: Bool = false
    ) -> [(question: String, values: [String])] {
        let requests = Self.areaRequests(version)
        guard !requests.isEmpty, let areas = drawnAreas else { return answers }
        let drawn = answers.first { $0.question == areas.id }
        let selected = drawn.map { $0.values.map { code(for: $0, areas) } }
        let asLabel = drawn.map { $0.values != selected! } ?? false
        let details = taDetails(for: country)
        var unpacked: [(question: String, values: [String])] = []
        for question in version.questions where Self.isAreaQuestion(question) {
            let area = question.attributes["cluster"]!
            let requested: Bool?
            if noneNeeded {
                requested = false
            } else {
                requested = selected.flatMap { $0.isEmpty ? nil : $0.contains(area) }
            }
            let codes: [String]?
            switch question.attributes["aspect"] {
            case "requested": codes = requested.map { [$0 ? "yes" : "no"] }
            case "activities": codes = requested == true ? details.areas[area]?.activities : nil
            case "institution": codes = requested == true ? details.areas[area]?.institutions : nil
            case "urgency": codes = requested == true ? details.areas[area]?.urgency.map { [$0] } : nil
            default: codes = nil
            }
            guard let codes else { continue }
            let written = codes.map { code in asLabel ? (question.choice(code: code)?.label.text(in: language) ?? code) : code }
            unpacked.append((question.id, written))
        }
        var result: [(question: String, values: [String])] = []
        var placed = false
        for answer in answers {
            if answer.question == areas.id {
                result += unpacked
                placed = true
            } else {
                result.append(answer)
            }
        }
        if !placed {
            // ta_areas left blank: the per-area answers (none, or the planted "no" to all) where
            // the TA chapter starts, before ta_received.
            let at = result.firstIndex { version.question(id: $0.question)?.chapter == .technicalAssistance } ?? result.count
            result.insert(contentsOf: unpacked, at: at)
        }
        return result
    }

    /// A draft as `version` asks it (``inForm(_:_:country:language:noneNeeded:)``), with its
    /// assistance received when the version has the `ta_support` repeat.
    func inForm(_ draft: Draft, _ version: Questionnaire, noneNeeded: Bool = false) -> Draft {
        var copy = draft
        copy.answers = inForm(draft.answers, version, country: draft.country, language: draft.language, noneNeeded: noneNeeded)
        if version.repeatGroup(path: ["ta_support"]) != nil, !Self.areaRequests(version).isEmpty {
            // Listed only by a country that answered ta_received yes (coherent with its answer).
            var received = true
            if let question = version.question(id: "ta_received") {
                let answer = draft.answers.first { $0.question == question.id }?.values ?? []
                received = answer.map { code(for: $0, question) } == ["yes"]
            }
            copy.support = noneNeeded || !received ? [] : taDetails(for: draft.country).support
        }
        return copy
    }

    // MARK: Writing ta_support

    /// The `ta_support` entries as native XML (an `<entry>` per occurrence; nothing when none).
    func supportXML(_ support: [SupportEntry]?) -> String {
        guard let support, !support.isEmpty else { return "" }
        var text = "  <answer question=\"ta_support\">\n"
        for entry in support {
            text += "    <entry>\n"
            for (question, values) in entry.fields {
                if question == "activity" {
                    text += "      <answer question=\"\(question)\">" + values.map { "<value>\(escape($0))</value>" }.joined() + "</answer>\n"
                } else {
                    text += "      <answer question=\"\(question)\">\(escape(values.joined()))</answer>\n"
                }
            }
            text += "    </entry>\n"
        }
        return text + "  </answer>\n"
    }

    /// The `ta_support` entries as XForm instance elements.
    func supportInstance(_ support: [SupportEntry]?) -> String {
        var text = ""
        for entry in support ?? [] {
            text += "  <ta_support>\n"
            for (question, values) in entry.fields {
                text += "    <\(question)>\(escape(values.joined(separator: " ")))</\(question)>\n"
            }
            text += "  </ta_support>\n"
        }
        return text
    }

    /// The long layout's rows of `ta_support` (`ta_support/provider`, occurrence in `repeat_index`).
    func supportLongRows(_ support: [SupportEntry]?) -> [(question: String, index: String, value: String)] {
        var rows: [(String, String, String)] = []
        for (offset, entry) in (support ?? []).enumerated() {
            for (question, values) in entry.fields {
                for value in values { rows.append(("ta_support/\(question)", String(offset + 1), value)) }
            }
        }
        return rows
    }
}

extension SampleGenerator {
    /// The demo's "no assistance needed" case: the first native-XML country after the revised one
    /// (in ISO order) that is developed and left ta_areas blank in its drawn answers; it answers
    /// no in every area instead of leaving them blank. nil when the questionnaire asks ta_areas.
    func noAssistanceCountry(_ xmlDrafts: [Draft]) -> String? {
        guard drawnAreas != nil else { return nil }
        let candidates = xmlDrafts.dropFirst()
        let blank = candidates.first { draft in
            draft.country.development == .developed && !draft.answers.contains { $0.question == "ta_areas" }
        }
        return (blank ?? candidates.first)?.country.iso3
    }
}
