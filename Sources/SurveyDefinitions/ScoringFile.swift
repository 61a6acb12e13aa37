public import Foundation
public import SurveyModel

extension ScoringModel {
    /// The scoring file as written (`Pipelines/scoring/priorities.yml`).
    struct FileEntry: Decodable {
        struct Robustness: Decodable {
            var perturbation: Double?
            var draws: Int?
            var seed: UInt64?
        }
        /// `{questions: [yes/no question ids]}`, or the old `{question: ta_areas, options: [...]}`.
        struct Request: Decodable {
            var questions: [String]?
            var question: String?
            var options: [String]?
            var weight: Double?
        }
        struct Linear: Decodable {
            var zero_gap_at: Double
            var full_gap_at: Double
        }
        struct Gap: Decodable {
            var id: String
            var label: String?
            var weight: Double
            var select: [String: String]?
            var items: [String]?
            var gap: [String: Double]?
            var gap_range: [String: [Double]]?
            var not_counted: [String]?
            var linear: Linear?
        }
        struct Area: Decodable {
            var id: String
            var label: String?
            var chapters: [String]
            var pillar: String
            var request: Request?
            var gaps: [Gap]
        }
        struct Tier: Decodable {
            var id: String
            var from: Double
            var high_need: Bool?
        }
        var id: String
        var version: String
        var coverage_minimum: Double?
        var tiers: [Tier]?
        var high_priority_threshold: Double?
        /// Accepted and ignored: the Monte Carlo gives no ranks any more.
        var top_n: Int?
        var robustness: Robustness?
        var areas: [Area]
    }

    /// Reads and checks a scoring file against the questionnaire. Every mistake names the area
    /// and indicator.
    public static func load(from url: URL, questionnaire: Questionnaire) throws -> ScoringModel {
        let entry = try YAMLFile.decode(FileEntry.self, at: url, what: "scoring model")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }
        let pillars = ["capacity_building", "regulatory_framework", "cooperation", "prevention"]
        var robustness = Robustness()
        if let given = entry.robustness {
            robustness.perturbation = given.perturbation ?? robustness.perturbation
            robustness.draws = given.draws ?? robustness.draws
            robustness.seed = given.seed ?? robustness.seed
        }
        guard (0..<1).contains(robustness.perturbation), (1...100_000).contains(robustness.draws) else {
            throw fail("robustness: perturbation in 0…1 (exclusive) and draws in 1…100000")
        }
        var areas: [Area] = []
        for (areaIndex, area) in entry.areas.enumerated() {
            let at = "areas: \(area.id)"
            guard !area.id.isEmpty, area.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
                !areas.contains(where: { $0.id == area.id })
            else { throw fail("\(at): ids are unique letters, digits and '_'") }
            guard pillars.contains(area.pillar) else { throw fail("\(at): pillar '\(area.pillar)' (expected \(pillars.joined(separator: ", ")))") }
            var chapters: [Chapter] = []
            for raw in area.chapters {
                guard let chapter = Questionnaire.parseChapter(raw) else { throw fail("\(at): unknown chapter '\(raw)'") }
                chapters.append(chapter)
            }
            var request: Request?
            if let given = area.request {
                let weight = given.weight ?? 0
                guard weight >= 0, weight.isFinite else { throw fail("\(at): request weight must be a number ≥ 0") }
                if let questions = given.questions {
                    // Yes/no questions: requested when any is yes, not requested when every one
                    // is answered and none is yes, unknown otherwise.
                    guard given.question == nil, given.options == nil else {
                        throw fail("\(at): request has either questions (yes/no questions) or question and options, not both")
                    }
                    guard !questions.isEmpty, Set(questions).count == questions.count else {
                        throw fail("\(at): request.questions lists each yes/no question once and at least one")
                    }
                    for questionID in questions {
                        guard let question = questionnaire.question(id: questionID) else {
                            throw fail("\(at): request question '\(questionID)' is not in the questionnaire")
                        }
                        let codes = Set(question.choices.map(\.code))
                        guard question.type == .singleChoice, codes == ["yes", "no"] else {
                            throw fail(
                                "\(at): request question '\(questionID)' is not a yes/no single-choice question (\(question.type.rawValue); options \(question.choices.map(\.code).joined(separator: ", "))): request.questions takes questions answered yes or no")
                        }
                    }
                    request = Request(questions: questions, weight: weight)
                } else {
                    let questionID = given.question ?? "ta_areas"
                    guard let question = questionnaire.question(id: questionID), question.type == .multipleChoice else {
                        throw fail("\(at): request.question '\(questionID)' is not a multiple-choice question")
                    }
                    let options = given.options ?? []
                    if let unknown = options.first(where: { question.choice(code: $0) == nil }) {
                        throw fail("\(at): request option '\(unknown)' is not an option of \(questionID)")
                    }
                    // The request counts any selection as an answer; a list with "don't know"
                    // options would need the one rule there too, which it does not apply: refused
                    // rather than read against the rule.
                    if !question.dontKnowCodes.isEmpty {
                        throw fail(
                            "\(at): request.question '\(questionID)' has \"don't know\" options (\(question.dontKnowCodes.sorted().joined(separator: ", "))), which the request term cannot leave out; use a question without dont_know options")
                    }
                    guard !options.isEmpty else { throw fail("\(at): request needs questions (yes/no), or question and options") }
                    request = Request(questionID: questionID, options: Set(options), weight: weight)
                }
            }
            var gaps: [GapIndicator] = []
            for (gapIndex, gap) in area.gaps.enumerated() {
                let where_ = "\(at): \(gap.id)"
                guard !gap.id.isEmpty, gap.id != "request", !gaps.contains(where: { $0.id == gap.id }) else {
                    throw fail("\(where_): ids are unique within an area (and not 'request')")
                }
                guard gap.weight >= 0, gap.weight.isFinite else { throw fail("\(where_): weight must be a number ≥ 0") }
                var items = gap.select.map { StatisticsDefinitions.select($0, in: questionnaire).map(\.id) } ?? []
                if gap.select != nil, items.isEmpty { throw fail("\(where_): select matches no question") }
                items += gap.items ?? []
                guard !items.isEmpty else { throw fail("\(where_): give select or items") }
                let options = gap.gap ?? [:]
                // The one rule for "don't know" answers: the items' don't-know options are never
                // counted; `not_counted` adds other codes.
                var dontKnow = Set<String>()
                for item in items {
                    guard let question = questionnaire.question(id: item) else { throw fail("\(where_): no question '\(item)'") }
                    if question.type.hasChoices {
                        guard !options.isEmpty else { throw fail("\(where_): \(item) needs gap (option: 0…1)") }
                        for code in Array(options.keys) + (gap.not_counted ?? []) where question.choice(code: code) == nil {
                            throw fail("\(where_): '\(code)' is not an option of \(item)")
                        }
                        if let code = options.keys.sorted().first(where: question.dontKnowCodes.contains) {
                            throw fail(StatisticsDefinitions.dontKnowContradiction(at: where_, code: code, question: question, role: "gap"))
                        }
                        dontKnow.formUnion(question.dontKnowCodes)
                    } else if question.type.isNumeric {
                        guard gap.linear != nil else { throw fail("\(where_): numeric item \(item) needs linear") }
                    } else {
                        throw fail("\(where_): \(item) is free text, which cannot be scored")
                    }
                }
                // One set of not-counted codes per gap indicator: a code that is "don't know" for
                // one item cannot be a substantive answer of another.
                for item in items {
                    guard let question = questionnaire.question(id: item) else { continue }
                    if let code = question.choices.first(where: { !$0.isDontKnow && dontKnow.contains($0.code) })?.code {
                        throw fail(
                            "\(where_): '\(code)' is a \"don't know\" answer of another item but a substantive answer of \(item); give the two kinds of item separate gap indicators")
                    }
                }
                if let bad = options.first(where: { !(0...1).contains($0.value) }) {
                    throw fail("\(where_): gap of '\(bad.key)' must be in 0…1")
                }
                // The ranges the Monte Carlo draws partial gap values from: each for a code of
                // `gap:`, within 0…1 and containing the code's point value.
                var ranges: [String: ClosedRange<Double>] = [:]
                for code in (gap.gap_range ?? [:]).keys.sorted() {
                    let bounds = gap.gap_range![code]!
                    // The refusal names the line of the range in the file (when it can be found).
                    let line = YAMLFile.line(
                        of: [.key("areas"), .index(areaIndex), .key("gaps"), .index(gapIndex), .key("gap_range"), .key(code)], at: url)
                    let onLine = line.map { " (line \($0))" } ?? ""
                    guard let point = options[code] else {
                        throw fail(
                            "\(where_): gap_range gives a range for '\(code)'\(onLine), which is not in gap: (\(options.keys.sorted().joined(separator: ", "))); give the code its point value in gap: first")
                    }
                    guard bounds.count == 2, bounds.allSatisfy({ (0...1).contains($0) }), bounds[0] <= bounds[1] else {
                        throw fail(
                            "\(where_): gap_range of '\(code)'\(onLine) must be [low, high] with 0 ≤ low ≤ high ≤ 1 (got [\(bounds.map { String($0) }.joined(separator: ", "))])")
                    }
                    guard (bounds[0]...bounds[1]).contains(point) else {
                        throw fail(
                            "\(where_): gap_range of '\(code)'\(onLine) [\(bounds[0]), \(bounds[1])] must contain its point value in gap: (\(point))")
                    }
                    ranges[code] = bounds[0]...bounds[1]
                }
                if let linear = gap.linear, linear.zero_gap_at == linear.full_gap_at {
                    throw fail("\(where_): linear needs zero_gap_at ≠ full_gap_at")
                }
                gaps.append(
                    GapIndicator(
                        id: gap.id, label: gap.label ?? gap.id, weight: gap.weight, items: items, gapByOption: options,
                        notCounted: Set(gap.not_counted ?? []).union(dontKnow), linear: gap.linear.map { ($0.zero_gap_at, $0.full_gap_at) },
                        gapRange: ranges))
            }
            let model = Area(id: area.id, label: area.label ?? area.id, chapters: chapters, pillar: area.pillar, gaps: gaps, request: request)
            guard model.totalWeight > 0 else { throw fail("\(at): the weights add up to 0") }
            areas.append(model)
        }
        guard !areas.isEmpty else { throw fail("areas: none declared") }
        let coverageMinimum = entry.coverage_minimum ?? 0.6
        guard (0...1).contains(coverageMinimum) else { throw fail("coverage_minimum: a share in 0…1 (got \(coverageMinimum))") }
        var tiers = ScoringModel.Tier.defaults
        if let given = entry.tiers {
            tiers = given.map { ScoringModel.Tier(id: $0.id, from: $0.from, highNeed: $0.high_need ?? false) }
            guard !tiers.isEmpty, Set(tiers.map(\.id)).count == tiers.count, tiers.allSatisfy({ !$0.id.isEmpty }) else {
                throw fail("tiers: at least one, with unique ids")
            }
            guard zip(tiers, tiers.dropFirst()).allSatisfy({ $0.from > $1.from }), tiers.last?.from == 0,
                tiers.allSatisfy({ (0...100).contains($0.from) })
            else {
                throw fail("tiers: highest band first, each `from` in 0…100 and below the one before, the last from 0")
            }
            guard tiers.contains(where: \.highNeed) else { throw fail("tiers: mark the tiers that count as high need (high_need: true)") }
        }
        return ScoringModel(
            id: entry.id, version: entry.version, highPriorityThreshold: entry.high_priority_threshold ?? 50,
            topN: entry.top_n ?? 10, robustness: robustness, areas: areas, coverageMinimum: coverageMinimum, tiers: tiers)
    }
}
