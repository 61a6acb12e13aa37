import Foundation
public import SurveyModel

// developments.csv: what changed in a unit's legislation inventory (the `laws` repeat) between
// two consecutive rounds it answered, both with the inventory. Built from ``RepeatRecord``s only.

/// The developments of the legislation inventory between consecutive rounds.
public enum InventoryDevelopments {
    /// The statuses under which a listed law covers an act or power (`act_newly_covered`,
    /// `power_newly_covered`).
    public static let coveringStatuses: Set<String> = ["in_force", "adopted"]

    /// The developments of every unit, in order: round pair (by the later round's position in
    /// `rounds`), country, respondent, then the unit's rows (``developments(from:to:acts:powers:)``).
    ///
    /// - `laws`: the records of the `laws` repeat (``RepeatRecord/records(from:group:)``).
    /// - `rounds`: every round in order with the units (``SurveyUnit`` keys) that answered it.
    /// - `inventoryRounds`: the rounds whose questionnaire has the `laws` repeat. A unit's rounds
    ///   are compared pairwise in order among those where it listed at least one law in such a
    ///   round: a round without the inventory, or with nothing listed, says nothing about laws
    ///   (not answered), so nothing is "added" after it or "no longer listed" before it.
    /// - `acts`, `powers`: the codes of the inventory's `acts` and `powers` lists, in list order.
    public static func developments(
        laws: [RepeatRecord], rounds: [(round: String, units: [String])], inventoryRounds: Set<String>,
        acts: [String], powers: [String]
    ) -> [InventoryDevelopment] {
        var byUnitRound: [String: [RepeatRecord]] = [:]
        for record in laws { byUnitRound[record.unit + "\u{1}" + record.round, default: []].append(record) }
        // Each unit's rounds with an answered inventory (at least one law listed, in a round whose
        // questionnaire has it), in round order. An empty inventory is not answered ("not answered"
        // is never "no": a blank list cannot be told from "no law"), so it is skipped, never the
        // side of a comparison that makes every law "added" or "no longer listed".
        var answered: [String: [String]] = [:]
        for (round, units) in rounds where inventoryRounds.contains(round) {
            for unit in units where byUnitRound[unit + "\u{1}" + round] != nil { answered[unit, default: []].append(round) }
        }
        let position = Dictionary(rounds.enumerated().map { ($1.round, $0) }, uniquingKeysWith: { first, _ in first })
        var pairs: [(to: Int, country: String, respondent: String, from: String, toRound: String, unit: String)] = []
        for (unit, list) in answered {
            for (earlier, later) in zip(list, list.dropFirst())
            where inventoryRounds.contains(earlier) && inventoryRounds.contains(later) {
                pairs.append(
                    (position[later] ?? 0, SurveyUnit.country(of: unit), SurveyUnit.respondent(of: unit) ?? "", earlier, later, unit))
            }
        }
        pairs.sort { ($0.to, $0.country, $0.respondent) < ($1.to, $1.country, $1.respondent) }
        return pairs.flatMap { pair in
            developments(
                from: byUnitRound[pair.unit + "\u{1}" + pair.from] ?? [], to: byUnitRound[pair.unit + "\u{1}" + pair.toRound] ?? [],
                roundFrom: pair.from, roundTo: pair.toRound, country: pair.country,
                respondent: SurveyUnit.respondent(of: pair.unit), acts: acts, powers: powers)
        }
    }

    /// The developments of one unit between two rounds: per law of the later round in index order
    /// its `law_added`, or `status_changed` / `repealed` then `amended`; then the laws no longer
    /// listed in the earlier round's index order; then the acts and the powers newly covered, in
    /// list order.
    public static func developments(
        from old: [RepeatRecord], to new: [RepeatRecord], roundFrom: String, roundTo: String, country: String,
        respondent: String?, acts: [String], powers: [String]
    ) -> [InventoryDevelopment] {
        let old = old.sorted { $0.index < $1.index }
        let new = new.sorted { $0.index < $1.index }
        let matches = match(old: old, new: new)
        func row(_ kind: InventoryDevelopment.Kind, _ law: String, _ oldValue: String?, _ newValue: String?, _ from: String?, _ to: String?)
            -> InventoryDevelopment
        {
            InventoryDevelopment(
                roundFrom: roundFrom, roundTo: roundTo, country: country, respondent: respondent, kind: kind, law: law,
                oldValue: oldValue, newValue: newValue, sourceFrom: from, sourceTo: to)
        }
        var rows: [InventoryDevelopment] = []
        var matchedOld = Set<Int>()
        for (j, law) in new.enumerated() {
            guard let i = matches[j] else {
                rows.append(row(.lawAdded, title(of: law), nil, law.text("status"), nil, firstSource(of: law)))
                continue
            }
            matchedOld.insert(i)
            let before = old[i]
            let oldStatus = before.text("status"), newStatus = law.text("status")
            if let newStatus, newStatus != oldStatus {
                rows.append(
                    row(
                        newStatus == "repealed" ? .repealed : .statusChanged, title(of: law), oldStatus, newStatus,
                        before.sources["status"], law.sources["status"]))
            }
            if let amended = law.integer("year_amended"), before.integer("year_amended").map({ amended > $0 }) ?? true {
                rows.append(
                    row(
                        .amended, title(of: law), before.text("year_amended"), law.text("year_amended"),
                        before.sources["year_amended"], law.sources["year_amended"]))
            }
        }
        for (i, law) in old.enumerated() where !matchedOld.contains(i) {
            rows.append(row(.lawNoLongerListed, title(of: law), law.text("status"), nil, firstSource(of: law), nil))
        }
        for (kind, question, codes) in [(InventoryDevelopment.Kind.actNewlyCovered, "acts", acts), (.powerNewlyCovered, "powers", powers)] {
            let before = covering(old, question: question)
            let now = covering(new, question: question)
            for code in codes where before[code] == nil {
                guard let laws = now[code] else { continue }
                rows.append(
                    row(kind, laws.map(title(of:)).joined(separator: " | "), nil, code, nil, laws.first?.sources[question]))
            }
        }
        return rows
    }

    /// Code → the laws (in index order) in force or adopted that list it under `question`.
    static func covering(_ laws: [RepeatRecord], question: String) -> [String: [RepeatRecord]] {
        var covering: [String: [RepeatRecord]] = [:]
        for law in laws where law.text("status").map(coveringStatuses.contains) ?? false {
            for code in Set(law.codes(question)) { covering[code, default: []].append(law) }
        }
        return covering
    }

    /// The law's English title, else its original title, else its path (`laws[2]`).
    public static func title(of law: RepeatRecord) -> String {
        law.text("title_en") ?? law.text("title") ?? law.path.description
    }

    /// Where the law was written: its title's line, else the first of its fields' sources.
    static func firstSource(of law: RepeatRecord) -> String? {
        law.sources["title"] ?? law.sources["title_en"] ?? law.sources.values.min()
    }

    /// The text compared when matching laws: case and diacritics folded, every run of characters
    /// other than letters and digits one space, trimmed. Nil for a blank text.
    public static func normalized(_ text: String?) -> String? {
        guard let text else { return nil }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var word = ""
        for character in folded {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// For each law of `new` (by position), the position of its match in `old`, nil when none.
    ///
    /// Three passes, each over the laws still unmatched, first to first in index order among equal
    /// keys: the normalized citation (both laws have one); the normalized English title; the
    /// normalized original title. Two laws whose citations both exist and differ never match (the
    /// citation names the instrument), whatever their titles.
    static func match(old: [RepeatRecord], new: [RepeatRecord]) -> [Int?] {
        var result = [Int?](repeating: nil, count: new.count)
        var taken = Set<Int>()
        let citations = (old.map { normalized($0.text("citation")) }, new.map { normalized($0.text("citation")) })
        for key in [
            { (law: RepeatRecord) in normalized(law.text("citation")) },
            { (law: RepeatRecord) in normalized(law.text("title_en")) },
            { (law: RepeatRecord) in normalized(law.text("title")) },
        ] {
            var waiting: [String: [Int]] = [:]
            for (i, law) in old.enumerated() where !taken.contains(i) {
                if let k = key(law) { waiting[k, default: []].append(i) }
            }
            for (j, law) in new.enumerated() where result[j] == nil {
                guard let k = key(law), let candidates = waiting[k] else { continue }
                guard
                    let at = candidates.firstIndex(where: { i in
                        guard let a = citations.0[i], let b = citations.1[j] else { return true }
                        return a == b
                    })
                else { continue }
                let i = candidates[at]
                waiting[k]!.remove(at: at)
                taken.insert(i)
                result[j] = i
            }
        }
        return result
    }
}

extension Analyzer {
    /// Whether a round's questionnaire has the legislation inventory (the `laws` repeat).
    public func hasInventory(round: String) -> Bool {
        questionnaire(forRound: round).repeatGroup(path: ["laws"]) != nil
    }

    /// The codes of a sub-question's choice list in the inventory (`acts`, `powers`) of the latest
    /// questionnaire, then codes only older rounds' versions list.
    func inventoryCodes(_ question: String, rounds: [String]) -> [String] {
        var codes: [String] = []
        for questionnaire in [questionnaire] + rounds.reversed().map(questionnaire(forRound:)) {
            for code in questionnaire.repeatGroup(path: ["laws"])?.question(id: question)?.choices.map(\.code) ?? []
            where !codes.contains(code) {
                codes.append(code)
            }
        }
        return codes
    }

    /// `developments.csv` (``InventoryDevelopments/developments(laws:rounds:inventoryRounds:acts:powers:)``)
    /// for the units and rounds of `data`, in its round order.
    public func inventoryDevelopments(from data: AnswerMatrix, laws: [RepeatRecord]) -> [InventoryDevelopment] {
        let rounds = data.roundIDs
        return InventoryDevelopments.developments(
            laws: laws, rounds: rounds.map { ($0, data.countries(in: $0)) },
            inventoryRounds: Set(rounds.filter(hasInventory(round:))), acts: inventoryCodes("acts", rounds: rounds),
            powers: inventoryCodes("powers", rounds: rounds))
    }
}
