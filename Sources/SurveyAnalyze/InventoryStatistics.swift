public import SurveyModel

// legislation_statistics.csv and legislation_numeric_statistics.csv: figures on the legislation
// inventory (the `laws` repeat) per round × group. Each unit's laws become the answer to a derived
// item (``InventoryItem``), added as columns to the answer matrix; the shares and the numeric
// statistics are then the analyzer's own (groups, frames N, bounds, intervals, reliability), run
// with a questionnaire of the derived items only, so statistics.csv never sees them.

/// The derived items of the inventory statistics.
public enum InventoryItem {
    /// `yes` when the unit listed a law with status `in_force`; `no` when every law it listed has
    /// a status and none is `in_force`; not answered otherwise (no law listed, or a blank status
    /// and none in force).
    public static let lawInForce = "inventory_law_in_force"
    /// The number of laws the unit listed; not answered when it listed none.
    public static let lawsListed = "inventory_laws_listed"
    /// The acts (chapter 4) a cyber-specific law of the unit covers (``isCyberSpecific(_:)``), or
    /// `none` when no law covers any while every law listed has its status; not answered when it
    /// listed no law (or nothing is covered and some law lacks its status).
    public static let actsCovered = "inventory_acts_covered"
    /// The option of ``actsCovered`` for a unit whose listed laws cover no act.
    public static let noAct = "none"

    /// A cyber-specific law: a law of the inventory (the inventory lists laws specific to
    /// cybercrime) that is enacted, in force or adopted, and not a `draft_bill` (a blank type
    /// counts): the law condition of `legislation_by_act.csv`'s `cyber_specific_law`, one rule
    /// (``Inventory/isEnacted(_:)``).
    public static func isCyberSpecific(_ law: RepeatRecord) -> Bool { Inventory.isEnacted(law) }

    /// The answers of one unit in one round to the three items, from its listed laws (`acts`: the
    /// act codes in list order). Nil values are "not answered".
    public static func answers(laws: [RepeatRecord], acts: [String]) -> (inForce: String?, listed: Int?, acts: [String]?) {
        guard !laws.isEmpty else { return (nil, nil, nil) }
        let inForce: String?
        if laws.contains(where: { $0.text("status") == "in_force" }) {
            inForce = "yes"
        } else {
            inForce = laws.allSatisfy { $0.text("status") != nil } ? "no" : nil
        }
        let covered = Set(laws.filter(isCyberSpecific).flatMap { $0.codes("acts") })
        let coveredActs = acts.filter(covered.contains)
        let complete = laws.allSatisfy { $0.text("status") != nil }
        return (inForce, laws.count, coveredActs.isEmpty ? (complete ? [noAct] : nil) : coveredActs)
    }
}

extension AnswerMatrix {
    /// This matrix restricted to the rounds in `rounds`, with questions `ids` added: unit `u` of
    /// round `round` answers question `ids[k]` with `value(round, unitKey, k)` (nil: not answered).
    func adding(questions ids: [String], keepingRounds rounds: Set<String>, value: (String, String, Int) -> Value?) -> AnswerMatrix {
        var tables = roundTables.filter { rounds.contains($0.id) }
        var questionIDs = self.questionIDs
        var values = valueTables
        for (k, id) in ids.enumerated() {
            precondition(questionPositions[id] == nil, "derived item \(id) is already a question")
            questionIDs.append(id)
            var table = [Value()]
            var interned: [Value: UInt32] = [:]
            for t in tables.indices {
                var column = [UInt32](repeating: 0, count: tables[t].units.count)
                for (u, unit) in tables[t].units.enumerated() {
                    guard let answer = value(tables[t].id, unit, k), answer.isAnswered else { continue }
                    if let known = interned[answer] {
                        column[u] = known
                    } else {
                        let next = UInt32(table.count)
                        table.append(answer)
                        interned[answer] = next
                        column[u] = next
                    }
                }
                tables[t].cells.append(CellColumn(column))
            }
            values.append(table)
        }
        return AnswerMatrix(rounds: tables, questionIDs: questionIDs, values: values)
    }
}

extension Analyzer {
    /// The figures of the legislation inventory per round (the rounds of `data` whose questionnaire
    /// has the `laws` repeat) × group: the shares of ``InventoryItem/lawInForce`` and
    /// ``InventoryItem/actsCovered`` in `statistics.csv`'s shape, and the distribution of
    /// ``InventoryItem/lawsListed`` (its median) in `numeric_statistics.csv`'s shape.
    ///
    /// The denominator of every figure is the units that listed at least one law: a unit whose
    /// inventory is empty answered the questionnaire, but the form cannot tell an inventory left
    /// blank from a country without laws, so it is not answered (never "no") and counts in
    /// `n_not_responding` (the bounds show both readings).
    public func inventoryStatistics(from data: AnswerMatrix, laws: [RepeatRecord]) -> (shares: [ShareStatistic], numeric: [NumericStatistic]) {
        let rounds = data.roundIDs.filter(hasInventory(round:))
        guard !rounds.isEmpty else { return ([], []) }
        let acts = inventoryCodes("acts", rounds: rounds)
        let items = inventoryItems(rounds: rounds, acts: acts)
        var byUnit: [String: [RepeatRecord]] = [:]
        for law in laws { byUnit[law.round + "\u{1}" + law.unit, default: []].append(law) }
        var cache: [String: (inForce: String?, listed: Int?, acts: [String]?)] = [:]
        let derived = data.adding(questions: items.map(\.id), keepingRounds: Set(rounds)) { round, unit, k in
            let key = round + "\u{1}" + unit
            let answers = cache[key] ?? InventoryItem.answers(laws: byUnit[key] ?? [], acts: acts)
            cache[key] = answers
            switch k {
            case 0: return answers.inForce.map { AnswerMatrix.Value(options: [$0]) }
            case 1: return answers.acts.map { AnswerMatrix.Value(options: $0) }
            default: return answers.listed.map { AnswerMatrix.Value(number: Double($0)) }
            }
        }
        let inventory = Analyzer(
            questionnaire: Questionnaire(
                id: questionnaire.id, version: questionnaire.version, title: questionnaire.title, questions: items),
            reference: reference, rules: rules, customGroups: catalog.custom, population: catalog.population)
        return (inventory.shareStatistics(from: derived), inventory.numericStatistics(from: derived))
    }

    /// The derived items of the inventory statistics as questions (their texts are the
    /// `question_text` and `option_label` of `legislation_statistics.csv`), for the rounds of `data`
    /// that have the inventory; empty when none has.
    public func inventoryItems(in data: AnswerMatrix) -> [Question] {
        let rounds = data.roundIDs.filter(hasInventory(round:))
        guard !rounds.isEmpty else { return [] }
        return inventoryItems(rounds: rounds, acts: inventoryCodes("acts", rounds: rounds))
    }

    func inventoryItems(rounds: [String], acts: [String]) -> [Question] {
        let group = questionnaire.repeatGroup(path: ["laws"]) ?? rounds.lazy.compactMap { self.questionnaire(forRound: $0).repeatGroup(path: ["laws"]) }.first
        let chapter = group?.chapter ?? .legislation
        let actChoices = acts.map { code in
            Choice(code: code, label: group?.question(id: "acts")?.choices.first { $0.code == code }?.label ?? LocalizedText([.en: code]))
        }
        return [
            Question(
                id: InventoryItem.lawInForce, chapter: chapter, type: .singleChoice,
                label: LocalizedText([.en: "At least one law in force"]),
                choices: [Choice(code: "yes", label: LocalizedText([.en: "Yes"])), Choice(code: "no", label: LocalizedText([.en: "No"]))]),
            Question(
                id: InventoryItem.actsCovered, chapter: chapter, type: .multipleChoice,
                label: LocalizedText([.en: "Acts covered by a listed cyber-specific law"]),
                choices: actChoices + [Choice(code: InventoryItem.noAct, label: LocalizedText([.en: "No act covered"]))]),
            Question(
                id: InventoryItem.lawsListed, chapter: chapter, type: .integer, label: LocalizedText([.en: "Laws listed"])),
        ]
    }
}
