/// A repeat group of the questionnaire: a block of sub-questions a State answers as many times as
/// it needs (its laws, its good practices), zero times included. Repeats nest.
///
/// Its questions' ids are local to the repeat (`title`, `year_adopted`): the same id may occur in
/// two repeats, never twice in one. An answer inside a repeat is named by its path,
/// `laws[2]/year_adopted` (``RepeatPath``). Repeat groups are kept apart from
/// ``Questionnaire/questions``: the share statistics, indicators and scoring see only ordinary
/// questions, and the inventory outputs (docs/legislation.md) read the repeats.
public struct RepeatGroup: Sendable, Equatable {
    /// Stable id, unique among the repeats and questions of the questionnaire (`laws`).
    public var id: String
    public var chapter: Chapter
    public var label: LocalizedText
    /// The sub-questions, in questionnaire order; ids local to this repeat.
    public var questions: [Question]
    /// Repeats nested inside this one, each answered zero or more times per occurrence of this one.
    public var repeats: [RepeatGroup]
    /// Where the repeat sits among the questionnaire's top-level questions: after the first
    /// `position` of them (a form writes it there).
    public var position: Int
    /// False when the questionnaire declares the repeat not public (`public: false`, issue 26):
    /// none of its occurrences appears individually in a public output.
    public var isPublic: Bool = true

    public init(
        id: String, chapter: Chapter, label: LocalizedText, questions: [Question], repeats: [RepeatGroup] = [],
        position: Int = 0
    ) {
        self.id = id
        self.chapter = chapter
        self.label = label
        self.questions = questions
        self.repeats = repeats
        self.position = position
    }

    public func question(id: String) -> Question? { questions.first { $0.id == id } }
    public func repeatGroup(id: String) -> RepeatGroup? { repeats.first { $0.id == id } }
}

/// One step of a ``RepeatPath``: a repeat's id and the 1-based position of its occurrence.
public struct RepeatStep: Sendable, Hashable, Codable {
    public var repeatID: String
    public var index: Int

    public init(_ repeatID: String, _ index: Int) {
        self.repeatID = repeatID
        self.index = index
    }
}

/// Where an answer sits inside repeats: each level's repeat id and occurrence, outermost first.
/// Written `laws[2]` or, nested, `laws[2]/amendments[1]`: diagnostics, the store and every output
/// use this one spelling, and ``init(parsing:)`` reads it back.
public struct RepeatPath: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var steps: [RepeatStep]

    public init(_ steps: [RepeatStep]) { self.steps = steps }

    public var description: String { steps.map { "\($0.repeatID)[\($0.index)]" }.joined(separator: "/") }

    /// The path of a field inside it: `laws[2]/year_adopted`.
    public func field(_ questionID: String) -> String { "\(description)/\(questionID)" }

    /// The repeat ids alone (`laws/amendments`): which repeat group, whatever the occurrence.
    public var groupPath: [String] { steps.map(\.repeatID) }

    /// Reads `laws[2]/amendments[1]`; nil for anything else (an empty text included).
    public init?(parsing text: String) {
        var steps: [RepeatStep] = []
        for part in text.split(separator: "/", omittingEmptySubsequences: false) {
            guard let open = part.firstIndex(of: "["), part.last == "]" else { return nil }
            let id = part[..<open]
            guard !id.isEmpty, let index = Int(part[part.index(after: open)..<part.index(before: part.endIndex)]), index >= 1
            else { return nil }
            steps.append(RepeatStep(String(id), index))
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
    }

    /// Outer steps first; at each level by repeat id, then by position (so `laws[2]` < `laws[10]`).
    public static func < (lhs: RepeatPath, rhs: RepeatPath) -> Bool {
        for (left, right) in zip(lhs.steps, rhs.steps) where left != right {
            if left.repeatID != right.repeatID { return left.repeatID < right.repeatID }
            return left.index < right.index
        }
        return lhs.steps.count < rhs.steps.count
    }
}

extension Questionnaire {
    /// The repeat group at a path of repeat ids (`["laws"]`, `["laws", "amendments"]`), nil when
    /// the questionnaire has none there.
    public func repeatGroup(path: [String]) -> RepeatGroup? {
        guard let first = path.first, var group = repeats.first(where: { $0.id == first }) else { return nil }
        for id in path.dropFirst() {
            guard let inner = group.repeatGroup(id: id) else { return nil }
            group = inner
        }
        return group
    }

    /// Every repeat group, outer ones before the ones they hold, with its path of repeat ids.
    public var allRepeatGroups: [(path: [String], group: RepeatGroup)] {
        var result: [(path: [String], group: RepeatGroup)] = []
        func visit(_ group: RepeatGroup, _ parent: [String]) {
            let path = parent + [group.id]
            result.append((path, group))
            for inner in group.repeats { visit(inner, path) }
        }
        for group in repeats { visit(group, []) }
        return result
    }
}
