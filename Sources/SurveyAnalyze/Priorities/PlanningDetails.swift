// What ta_planning.csv says of a row beside need and demand, in a planner's words: the activities,
// institutions and urgency the country asked for in the area, the assistance it already receives
// (its own ta_support entries and the programmes file), the change since the previous round that
// scored it, and the top reasons of the need as the scoring file's labels and the answers' labels.

import Foundation
public import SurveyModel

/// What the planning details are made from besides the scores: the latest questionnaire (TA
/// clusters, option labels), the countries' `ta_support` entries and the programmes file.
public struct PlanningInputs: Sendable {
    /// The repeat of the questionnaire holding the assistance a country receives.
    public static let supportGroup = ["ta_support"]

    let questionnaire: Questionnaire
    /// `round \u{1} unit` → the unit's `ta_support` entries in that round.
    let support: [String: [RepeatRecord]]
    /// ISO3 → the programmes of that country.
    let programmes: [String: [Programme]]

    /// `support`: the records of the `ta_support` repeat (``RepeatRecord/records(from:group:)``
    /// with ``supportGroup``); `programmes`: the programmes file's entries.
    /// `cluster \u{1} aspect` → the question ids of that cluster with that aspect, in
    /// questionnaire order (made once: every planning row asks).
    let questionsByCluster: [String: [String]]
    /// The choice lists every planning row reads (activities, institutions, urgency): code →
    /// position, and code → English label (made once: each row searched the questionnaire for
    /// the list and made its order again).
    let listOrders: [String: [String: Int]]
    let listLabels: [String: [String: String]]
    static let lists = ["ta_activities", "ta_institutions", "ta_urgency"]

    /// An area's TA clusters and their questions by aspect (``clusters(of:)``,
    /// ``questions(aspect:clusters:)``).
    struct AreaQuestions: Sendable {
        var clusters: [String]
        var byAspect: [String: [String]]
    }
    /// By area id: made once for a model's areas (``preparing(_:)``), not for each row.
    private var areaQuestions: [String: AreaQuestions] = [:]
    static let aspects = ["activities", "institution", "urgency"]

    /// What a reason shows of the answer to a one-item indicator's question (``itemLabels(_:)``).
    struct ItemLabels: Sendable {
        /// The question's unit in English.
        var unit: String?
        /// Code → the English label of its first option of that code (the code itself without one).
        var labels: [String: String] = [:]

        func label(_ code: String) -> String { labels[code] ?? code }
    }
    /// By question id: made once for the one-item indicators of a model's areas (``preparing(_:)``),
    /// not for each row (each row's reasons copied the whole question to read a label).
    private var itemLabels: [String: ItemLabels] = [:]

    /// These inputs with `areas`' clusters and questions, and the labels of their one-item
    /// indicators' answers, made once (the first area of an id, as ``ScoringModel/area(id:)``
    /// finds it).
    public func preparing(_ areas: [ScoringModel.Area]) -> PlanningInputs {
        var prepared = self
        for area in areas where prepared.areaQuestions[area.id] == nil {
            prepared.areaQuestions[area.id] = questions(of: area)
        }
        for area in areas {
            for indicator in area.gaps where indicator.items.count == 1 {
                let item = indicator.items[0]
                if prepared.itemLabels[item] == nil { prepared.itemLabels[item] = itemLabels(item) }
            }
        }
        return prepared
    }

    /// The unit and option labels of question `id`: made once by ``preparing(_:)``, else now.
    func itemLabels(_ id: String) -> ItemLabels {
        if let made = itemLabels[id] { return made }
        guard let question = questionnaire.question(id: id) else { return ItemLabels() }
        var labels = ItemLabels(unit: question.unit?[.en])
        for choice in question.choices where labels.labels[choice.code] == nil {
            labels.labels[choice.code] = choice.label[.en] ?? choice.code
        }
        return labels
    }

    /// An area's clusters and their questions: made once by ``preparing(_:)``, else now.
    func questions(of area: ScoringModel.Area) -> AreaQuestions {
        if let made = areaQuestions[area.id] { return made }
        let clusters = clusters(of: area)
        return AreaQuestions(
            clusters: clusters, byAspect: Dictionary(uniqueKeysWithValues: Self.aspects.map { ($0, questions(aspect: $0, clusters: clusters)) }))
    }

    public init(questionnaire: Questionnaire, support: [RepeatRecord], programmes: [Programme]) {
        self.questionnaire = questionnaire
        var orders: [String: [String: Int]] = [:]
        var labels: [String: [String: String]] = [:]
        for list in Self.lists {
            orders[list] = questionnaire.choiceOrder(ofList: list)
            var byCode: [String: String] = [:]
            // The first choice of a code, as label(_:list:) found it.
            for choice in questionnaire.choices(ofList: list) where byCode[choice.code] == nil {
                byCode[choice.code] = choice.label[.en] ?? choice.code
            }
            labels[list] = byCode
        }
        listOrders = orders
        listLabels = labels
        var byCluster: [String: [String]] = [:]
        for question in questionnaire.questions {
            guard let cluster = question.attributes["cluster"], let aspect = question.attributes["aspect"] else { continue }
            byCluster["\(cluster)\u{1}\(aspect)", default: []].append(question.id)
        }
        questionsByCluster = byCluster
        var byUnit: [String: [RepeatRecord]] = [:]
        for record in support { byUnit["\(record.round)\u{1}\(record.unit)", default: []].append(record) }
        self.support = byUnit
        self.programmes = Dictionary(grouping: programmes, by: \.country)
    }

    /// The TA clusters of a scoring area: the `cluster` attributes of its request questions (the
    /// old `ta_areas` form: the options read as a request), each once, in order.
    func clusters(of area: ScoringModel.Area) -> [String] {
        var clusters: [String] = []
        for source in area.request?.sources ?? [] {
            guard let question = questionnaire.question(id: source.questionID) else { continue }
            let found = question.choiceList == "ta_areas" ? source.yes.sorted() : question.attributes["cluster"].map { [$0] } ?? []
            for cluster in found where !clusters.contains(cluster) { clusters.append(cluster) }
        }
        return clusters
    }

    /// The ids of the questions of `clusters` with the attribute `aspect`, in cluster order (then
    /// questionnaire order).
    func questions(aspect: String, clusters: [String]) -> [String] {
        clusters.flatMap { questionsByCluster["\($0)\u{1}\(aspect)"] ?? [] }
    }

    /// The English label of a code of a choice list (the code itself when unknown).
    func label(_ code: String, list: String) -> String {
        if let labels = listLabels[list] { return labels[code] ?? code }
        return questionnaire.choices(ofList: list).first { $0.code == code }?.label[.en] ?? code
    }

    /// Code → position in a choice list (``Questionnaire/choiceOrder(ofList:)``).
    func choiceOrder(ofList list: String) -> [String: Int] {
        listOrders[list] ?? questionnaire.choiceOrder(ofList: list)
    }

    /// The year of a round id (`2026` → 2026, `2026-2` → 2026); nil when it does not begin with one.
    static func year(of round: String) -> Int? { Int(round.prefix(4)) }

    /// The assistance received in `clusters` by `unit` (its own `ta_support` entries in `round`)
    /// and from the programmes file for its country, covering the round's year: the text of
    /// `already_supported_by` and the sources, both empty when none.
    func existingSupport(round: String, unit: String, clusters: [String]) -> (text: String, source: String) {
        guard let year = Self.year(of: round) else { return ("", "") }
        struct Entry: Hashable {
            var provider: String
            var activities: [String]
            var from: Int?
            var to: Int?
            var source: String
        }
        var entries: [Entry] = []
        for record in support["\(round)\u{1}\(unit)"] ?? [] {
            guard let area = record.text("area"), clusters.contains(area),
                let provider = record.text("provider")?.trimmingCharacters(in: .whitespacesAndNewlines), !provider.isEmpty
            else { continue }
            let from = record.integer("year_from")
            let to = record.integer("year_to")
            let status = record.text("status")
            if let from, from > year { continue }
            // Ongoing, or its years reach the round's year; no status and no end year: ongoing
            // (the form says "blank while ongoing").
            let current = status == "ongoing" || (to.map { $0 >= year } ?? (status == nil))
            guard current else { continue }
            entries.append(
                Entry(
                    provider: provider, activities: record.codes("activity").map { label($0, list: "ta_activities") }, from: from,
                    to: status == "ongoing" ? nil : to, source: "country"))
        }
        for programme in programmes[SurveyUnit.country(of: unit)] ?? [] where clusters.contains(programme.area) && programme.covers(year) {
            entries.append(
                Entry(
                    provider: programme.provider, activities: programme.activities.map { label($0, list: "ta_activities") },
                    from: programme.from, to: programme.to, source: "programmes"))
        }
        entries.sort {
            if $0.provider != $1.provider { return $0.provider < $1.provider }
            if $0.from != $1.from { return ($0.from ?? Int.min) < ($1.from ?? Int.min) }
            if $0.source != $1.source { return $0.source < $1.source }
            return $0.activities.lexicographicallyPrecedes($1.activities)
        }
        var texts: [String] = []
        for entry in entries {
            var years = ""
            switch (entry.from, entry.to) {
            case let (from?, to?): years = from == to ? "\(from)" : "\(from)–\(to)"
            case let (from?, nil): years = "\(from)–"
            case let (nil, to?): years = "–\(to)"
            case (nil, nil): years = ""
            }
            var activities: [String] = []
            for activity in entry.activities where !activities.contains(activity) { activities.append(activity) }
            let inside = [activities.joined(separator: ", "), years].filter { !$0.isEmpty }.joined(separator: ", ")
            let text = inside.isEmpty ? entry.provider : "\(entry.provider) (\(inside))"
            if !texts.contains(text) { texts.append(text) }
        }
        let sources = ["country", "programmes"].filter { source in entries.contains { $0.source == source } }
        return (texts.joined(separator: "; "), sources.joined(separator: "; "))
    }
}

extension CompactPriorityScores {
    /// The planning details of one row of `ta_planning.csv` (``PlanningDetail``).
    public func planningDetail(of row: PriorityScore, inputs: PlanningInputs) -> PlanningDetail {
        var detail = PlanningDetail()
        guard let area = model.area(id: row.area) else { return detail }
        let prepared = inputs.questions(of: area)
        let clusters = prepared.clusters
        // The row's round and unit found once for its several questions.
        let cell = data.roundIndex(of: row.round).flatMap { r in data.unitIndex(of: row.country, inRound: r).map { (r, $0) } }
        func codes(_ question: String) -> [String] {
            guard let (r, u) = cell else { return [] }
            return data.given(question, unit: u, round: r)?.options ?? []
        }
        for (aspect, list) in [("activities", "ta_activities"), ("institution", "ta_institutions")] {
            var labels: [String] = []
            var chosen: Set<String> = []
            for question in prepared.byAspect[aspect] ?? [] { chosen.formUnion(codes(question)) }
            // Each once, in the choice list's order.
            let order = inputs.choiceOrder(ofList: list)
            for code in chosen.sorted(by: { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }) {
                labels.append(inputs.label(code, list: list))
            }
            if aspect == "activities" { detail.activitiesRequested = labels } else { detail.institutions = labels }
        }
        // The most urgent: the earliest option of the urgency list answered in any of the clusters.
        let urgencyOrder = inputs.choiceOrder(ofList: "ta_urgency")
        let urgencies = (prepared.byAspect["urgency"] ?? []).flatMap(codes)
        if let most = urgencies.min(by: { (urgencyOrder[$0] ?? Int.max, $0) < (urgencyOrder[$1] ?? Int.max, $1) }) {
            detail.urgency = inputs.label(most, list: "ta_urgency")
        }
        (detail.alreadySupportedBy, detail.supportSource) = inputs.existingSupport(
            round: row.round, unit: row.country, clusters: clusters)
        detail.changeSincePrevious = change(of: row)
        detail.reasons = reasons(row, area: area, inputs: inputs, cell: cell)
        return detail
    }

    /// The top three gap indicators by contribution (as `drivers`), in words: the indicator's
    /// label, then what was answered (the option labels of a one-item indicator, or how many of the
    /// answered items show a gap). `cell`: the row's round and unit in ``data`` (nil: not there).
    func reasons(_ row: PriorityScore, area: ScoringModel.Area, inputs: PlanningInputs, cell: (round: Int, unit: Int)?) -> String {
        // By index into the row's components and the area's indicators (no copies of them).
        let components = row.components
        let ranked = row.rankedByPoints()
        let gaps = area.gaps
        var text = ""
        for (position, entry) in ranked.prefix(3).enumerated() {
            if position > 0 { text += "; " }
            let id = components[entry.index].id
            guard let k = gaps.firstIndex(where: { $0.id == id }) else {
                text += id
                continue
            }
            text += gaps[k].label
            if gaps[k].items.count == 1, let (r, u) = cell, let answer = data.given(gaps[k].items[0], unit: u, round: r) {
                let labels = inputs.itemLabels(gaps[k].items[0])
                text += " (answered "
                if let number = answer.number {
                    text += StatisticLineage.plain(number)
                    if let unit = labels.unit { text += unit == "%" ? "%" : " \(unit)" }
                } else if !answer.options.isEmpty {
                    for (o, code) in answer.options.enumerated() {
                        if o > 0 { text += " and " }
                        text += labels.label(code)
                    }
                } else {
                    text += answer.text ?? ""
                }
                text += ")"
                continue
            }
            let answered = components[entry.index].itemsAnswered
            let withGap = Int((components[entry.index].gap ?? 0) * Double(answered) + 0.5)
            text += " (\(withGap) of \(answered) answered items with a gap)"
        }
        return text
    }

    /// The change since the previous round that scored the unit, in words: `new request`,
    /// `request withdrawn`, `tier up: medium → high`, `tier down: high → medium`, `quadrant was
    /// request_unknown`, `unchanged`, `not scored in 2024` (the unit answered that round, but its
    /// need in the area had insufficient data), `no previous round` (no earlier round has its
    /// submission). Demand and tier changes are both given, `; `-separated.
    func change(of row: PriorityScore) -> String {
        guard legacy == nil, let r = rounds.firstIndex(where: { $0.id == row.round }) else { return "" }
        guard let a = model.areas.firstIndex(where: { $0.id == row.area }) else { return "" }
        for p in stride(from: r - 1, through: 0, by: -1) {
            let previous = rounds[p]
            guard let u = data.unitIndex(of: row.country, inRound: previous.index) else { continue }
            let i = u * model.areas.count + a
            guard let need = previous.score[i] else { return "not scored in \(previous.id)" }
            let requested = previous.requested[i]
            var changes: [String] = []
            if row.requested == true, requested != true {
                changes.append("new request")
            } else if row.requested == false, requested == true {
                changes.append("request withdrawn")
            }
            if let now = row.score {
                let (before, after) = (model.tierIndex(of: need), model.tierIndex(of: now))
                if after != before {
                    changes.append(
                        "tier \(after < before ? "up" : "down"): \(model.tiers[before].id) → \(model.tiers[after].id)")
                }
            }
            let quadrant = model.quadrant(need: need, requested: requested)
            if changes.isEmpty, quadrant != row.quadrant { changes.append("quadrant was \(quadrant.rawValue)") }
            return changes.isEmpty ? "unchanged" : changes.joined(separator: "; ")
        }
        return "no previous round"
    }
}
