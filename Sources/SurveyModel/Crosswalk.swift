/// Whether a comparison between two rounds compares like with like (`progress.csv`'s and
/// `transitions.csv`'s `comparable`).
public enum Comparability: String, Sendable, Equatable, CaseIterable {
    /// The same question and options in both rounds (or a pure rename or recode).
    case yes
    /// Comparable with a caveat the note gives (a split or merged item, an option added or removed).
    case partial
    /// Not comparable: the option or item was not offered in one of the rounds.
    case no

    /// The less comparable of two.
    public func worse(_ other: Comparability) -> Comparability {
        Self.allCases.firstIndex(of: self)! >= Self.allCases.firstIndex(of: other)! ? self : other
    }
}

/// The changes between two versions of a questionnaire, as data (`Pipelines/crosswalks/*.yml`):
/// how an answer to the older version reads in the newer one, and how comparable the result is.
public struct Crosswalk: Sendable, Equatable {
    /// One change. Option changes name the question by its id in the newer version.
    public enum Change: Sendable, Equatable {
        /// The item's id changed; answers carry over as they are.
        case renamed(from: String, to: String)
        /// One old item became several: each new item takes the old answer, its codes mapped by
        /// `options[new item]` (old code → new code; a code not listed stays as it is).
        case split(from: String, into: [String], options: [String: [String: String]])
        /// Several old items became one: its answer is the first code of `prefer` any old item chose
        /// (a multiple-choice item takes the union).
        case merged(from: [String], into: String, prefer: [String])
        /// An option the older version did not offer.
        case optionAdded(question: String, option: String)
        /// An option the newer version no longer offers: older answers that chose it are left out.
        case optionRemoved(question: String, option: String)
        /// An option's code changed (`from` in the older version is `to` in the newer).
        case optionRecoded(question: String, from: String, to: String)
        /// An item the newer version no longer asks.
        case retired(question: String)
        /// An item the older version did not ask.
        case new(question: String)
        /// One option of an older multiple-choice item became a yes / no item of its own
        /// (`ta_areas` → `ta_<area>_requested`): where the older item was answered, the option
        /// selected reads as `yes` and not selected as `no`; where it was blank, not answered.
        case unpacked(from: String, option: String, into: String)

        /// The kind as the file writes it.
        public var kind: String {
            switch self {
            case .renamed: return "renamed"
            case .split: return "split"
            case .merged: return "merged"
            case .optionAdded: return "option_added"
            case .optionRemoved: return "option_removed"
            case .optionRecoded: return "option_recoded"
            case .retired: return "retired"
            case .new: return "new"
            case .unpacked: return "unpacked"
            }
        }
    }

    public struct Entry: Sendable, Equatable {
        public var change: Change
        /// The file's own words for the comparability note; nil: a note made from the change.
        public var note: String?
        public init(_ change: Change, note: String? = nil) {
            self.change = change
            self.note = note
        }
    }

    /// The older and the newer version.
    public var from: String
    public var to: String
    public var entries: [Entry]
    /// Top-level repeat groups the newer version adds (`new: {repeat: laws}`) and the older one
    /// had that the newer lacks (`retired: {repeat: …}`), in file order. Declared so that every
    /// difference is; nothing translates through them: progress and transitions read questions
    /// only, and the inventory outputs read a repeat by its id in each round.
    public var newRepeats: [String] = []
    public var retiredRepeats: [String] = []

    public init(from: String, to: String, entries: [Entry]) {
        self.from = from
        self.to = to
        self.entries = entries
    }
}

/// One step between two questionnaire versions, ready to translate answers: for each question of
/// the newer version, where its answer comes from in the older one, and each option's
/// comparability. Without a crosswalk, items and options are matched by id and code (an item or
/// option found in one version only is new, retired, added or removed).
public struct CrosswalkStep: Sendable {
    /// Where a newer question's answer comes from.
    public struct Source: Sendable, Equatable {
        public var question: String
        /// Old code → new code; "" drops the code. A code not listed is kept when the newer
        /// question offers it, else dropped.
        public var codes: [String: String]
        /// An unpacked option (``Crosswalk/Change/unpacked(from:option:into:)``): the newer
        /// (yes / no) answer is `yes` when the older answer selected it, `no` when the older item
        /// was answered without it; `codes` is then unused.
        public var unpack: String? = nil
    }
    public struct Rule: Sendable {
        public var sources: [Source]
        /// For a merged single-choice item: the order in which codes win.
        public var prefer: [String]?
    }
    public struct Flag: Sendable, Equatable {
        public var comparable: Comparability
        public var note: String
        public init(_ comparable: Comparability, _ note: String) {
            self.comparable = comparable
            self.note = note
        }
        static let yes = Flag(.yes, "")
    }

    public let from: Questionnaire
    public let to: Questionnaire
    /// By newer question id.
    public private(set) var rules: [String: Rule] = [:]
    /// Per newer question: the flag of the whole question, and per-option exceptions.
    public private(set) var questionFlags: [String: Flag] = [:]
    public private(set) var optionFlags: [String: [String: Flag]] = [:]
    /// Older questions the newer version no longer asks, with the note.
    public private(set) var retired: [String: String] = [:]
    /// Newer questions whose answer the older version gives only approximately: the kind of
    /// change (`split`, `merged`). Priority scores and indicators do not read them across versions.
    public private(set) var approximate: [String: String] = [:]

    public init(from: Questionnaire, to: Questionnaire, crosswalk: Crosswalk?) {
        self.from = from
        self.to = to
        let entries = crosswalk?.entries ?? []
        var claimedOld = Set<String>()
        var claimedNew = Set<String>()
        let older = "\(from.version)"
        let newer = "\(to.version)"
        func note(_ entry: Crosswalk.Entry, _ made: String) -> String { entry.note ?? made }
        for entry in entries {
            switch entry.change {
            case .renamed(let old, let new):
                claimedOld.insert(old)
                claimedNew.insert(new)
                rules[new] = Rule(sources: [Source(question: old, codes: [:])])
                raise(new, Flag(.yes, note(entry, "`\(new)` was `\(old)` in \(older)")))
            case .split(let old, let news, let options):
                claimedOld.insert(old)
                for new in news {
                    claimedNew.insert(new)
                    rules[new] = Rule(sources: [Source(question: old, codes: options[new] ?? [:])])
                    approximate[new] = "split"
                    raise(
                        new,
                        Flag(
                            .partial,
                            note(entry, "`\(old)` (\(older)) was split into \(news.map { "`\($0)`" }.joined(separator: " and ")): the baseline is the old item's answer")))
                }
            case .merged(let olds, let new, let prefer):
                claimedOld.formUnion(olds)
                claimedNew.insert(new)
                rules[new] = Rule(sources: olds.map { Source(question: $0, codes: [:]) }, prefer: prefer)
                approximate[new] = "merged"
                raise(
                    new,
                    Flag(
                        .partial,
                        note(entry, "merged from \(olds.map { "`\($0)`" }.joined(separator: ", ")) (\(older)): the baseline takes the first of \(prefer.joined(separator: ", ")) any of them chose")))
            case .retired(let old):
                claimedOld.insert(old)
                retired[old] = note(entry, "item `\(old)` retired in \(newer)")
            case .new(let new):
                claimedNew.insert(new)
                rules[new] = Rule(sources: [])
                raise(new, Flag(.no, note(entry, "item `\(new)` new in \(newer): not asked in \(older)")))
            case .unpacked(let old, let option, let new):
                claimedOld.insert(old)
                claimedNew.insert(new)
                rules[new] = Rule(sources: [Source(question: old, codes: [:], unpack: option)])
                // Comparable with a caveat: an explicit "no" exists only in the newer version.
                raise(
                    new,
                    Flag(
                        .partial,
                        note(entry, "`\(new)` unpacked from option `\(option)` of `\(old)` (\(older)): selected reads as yes, a list answered without it as no, a blank list as not answered; \(older) had no explicit no")))
            case .optionAdded, .optionRemoved, .optionRecoded:
                continue
            }
        }
        // Items by id: the same id in both versions, unless a change claimed it.
        for question in to.questions where rules[question.id] == nil && !claimedNew.contains(question.id) {
            if from.question(id: question.id) != nil && !claimedOld.contains(question.id) {
                rules[question.id] = Rule(sources: [Source(question: question.id, codes: [:])])
            } else {
                rules[question.id] = Rule(sources: [])
                raise(question.id, Flag(.no, "item `\(question.id)` new in \(newer): not asked in \(older)"))
            }
        }
        for question in from.questions where to.question(id: question.id) == nil && !claimedOld.contains(question.id) {
            retired[question.id] = "item `\(question.id)` retired in \(newer)"
        }
        // Option changes.
        var declaredOptions: [String: Set<String>] = [:]
        for entry in entries {
            switch entry.change {
            case .optionAdded(let question, let option):
                declaredOptions[question, default: []].insert(option)
                addOption(question, option, note: entry.note)
            case .optionRemoved(let question, let option):
                declaredOptions[question, default: []].insert(option)
                removeOption(question, option, note: entry.note)
            case .optionRecoded(let question, let old, let new):
                declaredOptions[question, default: []].formUnion([old, new])
                for index in rules[question]?.sources.indices ?? [].indices { rules[question]!.sources[index].codes[old] = new }
                raise(question, Flag(.yes, entry.note ?? "option `\(old)` (\(older)) is `\(new)` in \(newer)"))
            default:
                continue
            }
        }
        // Options that differ without a change saying so (no crosswalk, or an item kept by id).
        for question in to.questions where question.type.hasChoices {
            guard let rule = rules[question.id], rule.sources.count == 1, rule.prefer == nil, rule.sources[0].unpack == nil,
                let source = from.question(id: rule.sources[0].question), source.type.hasChoices
            else { continue }
            let old = Set(source.choices.map(\.code))
            let new = Set(question.choices.map(\.code))
            let declared = declaredOptions[question.id] ?? []
            for option in question.choices.map(\.code) where !old.contains(option) && !declared.contains(option) {
                addOption(question.id, option, note: nil)
            }
            for option in source.choices.map(\.code) where !new.contains(option) && !declared.contains(option) {
                removeOption(question.id, option, note: nil)
            }
        }
    }

    private mutating func raise(_ question: String, _ flag: Flag) {
        let current = questionFlags[question] ?? .yes
        questionFlags[question] = Self.combine(current, flag)
    }

    public static func combine(_ a: Flag, _ b: Flag) -> Flag {
        var notes = a.note.isEmpty ? [] : [a.note]
        if !b.note.isEmpty && !a.note.contains(b.note) { notes.append(b.note) }
        return Flag(a.comparable.worse(b.comparable), notes.joined(separator: "; "))
    }

    private mutating func addOption(_ question: String, _ option: String, note: String?) {
        let older = from.version
        let newer = to.version
        optionFlags[question, default: [:]][option] = Flag(.no, "option `\(option)` added in \(newer): not offered in \(older)")
        raise(question, Flag(.partial, note ?? "option `\(option)` added in \(newer): shares of the other options are not comparable"))
    }

    private mutating func removeOption(_ question: String, _ option: String, note: String?) {
        for index in rules[question]?.sources.indices ?? [].indices { rules[question]!.sources[index].codes[option] = "" }
        raise(
            question,
            Flag(.partial, note ?? "option `\(option)` of \(from.version) removed in \(to.version): baseline answers that chose it are left out"))
    }

    /// The comparability of one option of a newer question.
    public func flag(question: String, option: String) -> Flag {
        let whole = questionFlags[question] ?? .yes
        guard let own = optionFlags[question]?[option] else { return whole }
        // The option's own flag, with the question's caveats that are not about options.
        return Self.combine(own, Flag(whole.comparable == .no ? .no : .yes, ""))
    }

    /// The worst flag over a question's options, with every note once (for transitions).
    public func flag(question: String) -> Flag {
        var flag = questionFlags[question] ?? .yes
        for (_, own) in (optionFlags[question] ?? [:]).sorted(by: { $0.key < $1.key }) {
            flag = Flag(flag.comparable.worse(own.comparable), flag.note)
        }
        return flag
    }

    /// One unit's choice answers (question id → selected codes) in the older version, read in
    /// the newer one. Questions without an answer are left out.
    public func translate(_ answers: [String: [String]]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for question in to.questions where question.type.hasChoices {
            guard let rule = rules[question.id], !rule.sources.isEmpty else { continue }
            let offered = Set(question.choices.map(\.code))
            var codes: [String] = []
            for source in rule.sources {
                if let unpack = source.unpack {
                    // Answered: the option selected or not; blank: not answered.
                    guard let selected = answers[source.question], !selected.isEmpty else { continue }
                    let read = selected.contains(unpack) ? "yes" : "no"
                    if offered.contains(read), !codes.contains(read) { codes.append(read) }
                    continue
                }
                for code in answers[source.question] ?? [] {
                    let mapped = source.codes[code] ?? code
                    if !mapped.isEmpty, offered.contains(mapped), !codes.contains(mapped) { codes.append(mapped) }
                }
            }
            guard !codes.isEmpty else { continue }
            if question.type != .multipleChoice {
                if let prefer = rule.prefer, let first = prefer.first(where: codes.contains) {
                    codes = [first]
                } else {
                    codes = [codes[0]]
                }
            } else {
                codes = question.choices.map(\.code).filter(codes.contains)
            }
            result[question.id] = codes
        }
        return result
    }
}

/// The steps from one version to a later one (V1 → V2 → V3), applied in turn: answers are
/// translated step by step, and a comparison is as comparable as its least comparable step.
public struct CrosswalkChain: Sendable {
    public let steps: [CrosswalkStep]

    public init(steps: [CrosswalkStep]) { self.steps = steps }

    /// Whether the chain changes anything (no step: the two rounds answer one version).
    public var isIdentity: Bool { steps.isEmpty }

    public func translate(_ answers: [String: [String]]) -> [String: [String]] {
        steps.reduce(answers) { $1.translate($0) }
    }

    /// The comparability of an option of the last version's question, over every step.
    public func flag(question: String, option: String) -> CrosswalkStep.Flag {
        flag(question: question, option: option, through: steps.count - 1)
    }

    private func flag(question: String, option: String?, through last: Int) -> CrosswalkStep.Flag {
        guard last >= 0 else { return CrosswalkStep.Flag(.yes, "") }
        let step = steps[last]
        var flag = option.map { step.flag(question: question, option: $0) } ?? step.flag(question: question)
        for source in step.rules[question]?.sources ?? [] {
            // The older code that becomes this option (itself unless recoded).
            let older: String?
            if let unpack = source.unpack {
                // `yes` is the unpacked option; `no` is every other answer (the whole item).
                older = option == "yes" ? unpack : nil
            } else {
                older = option.map { option in source.codes.first { $0.value == option }?.key ?? option }
            }
            flag = CrosswalkStep.combine(flag, self.flag(question: source.question, option: older, through: last - 1))
        }
        return flag
    }

    /// Where an older version's answer to the last version's question `id` is, when every step
    /// reads it exactly: the same id, a rename, options recoded, added or removed. nil when some
    /// step splits or merges it, or the item is new (``gap(of:)`` says which).
    public struct ExactSource: Sendable, Equatable {
        /// The question's id in the first version.
        public var question: String
        /// First version's code → last version's code; "" drops the code. A code not listed
        /// keeps its code.
        public var codes: [String: String]
        /// When some step unpacks the item (``Crosswalk/Change/unpacked(from:option:into:)``):
        /// the first version's option of `question` whose selection reads as `yes` (an answer
        /// without it reads as `no`, a blank one as not answered); `codes` is then empty.
        public var unpacked: String? = nil

        public init(question: String, codes: [String: String], unpacked: String? = nil) {
            self.question = question
            self.codes = codes
            self.unpacked = unpacked
        }
    }

    /// Why the last version's question `id` has no exact source in the first version: `split`,
    /// `merged` or `new`; nil when it has one (``exactSource(of:)``).
    public func gap(of id: String) -> String? {
        var current = id
        for step in steps.reversed() {
            if let kind = step.approximate[current] { return kind }
            guard let rule = step.rules[current], rule.sources.count == 1, rule.prefer == nil else {
                return (step.rules[current]?.sources.isEmpty ?? true) ? "new" : "merged"
            }
            current = rule.sources[0].question
        }
        return nil
    }

    /// The first version's question and code mapping that give the last version's `id` exactly;
    /// nil when some step splits, merges or adds it (``gap(of:)``).
    public func exactSource(of id: String) -> ExactSource? {
        var source = ExactSource(question: id, codes: [:])
        for step in steps.reversed() {
            guard step.approximate[source.question] == nil, let rule = step.rules[source.question],
                rule.sources.count == 1, rule.prefer == nil
            else { return nil }
            let older = rule.sources[0]
            if let unpack = older.unpack {
                // The yes / no item as the later steps read it: exact only when they keep its codes.
                guard source.unpacked == nil, source.codes.isEmpty else { return nil }
                source = ExactSource(question: older.question, codes: [:], unpacked: unpack)
                continue
            }
            if let unpacked = source.unpacked {
                // An earlier step: the unpacked option as the older version codes it. An option
                // the older version did not offer cannot read as "not selected".
                guard step.optionFlags[source.question]?[unpacked]?.comparable != .no else { return nil }
                let code = older.codes.first { $0.value == unpacked }?.key ?? unpacked
                guard older.codes[code] == nil || older.codes[code] == unpacked else { return nil }
                source = ExactSource(question: older.question, codes: [:], unpacked: code)
                continue
            }
            var codes: [String: String] = [:]
            // Codes this step maps, then through the later steps' mapping.
            for (old, new) in older.codes { codes[old] = new.isEmpty ? "" : (source.codes[new] ?? new) }
            // Codes this step keeps as they are.
            for (code, final) in source.codes where older.codes[code] == nil { codes[code] = final }
            source = ExactSource(question: older.question, codes: codes)
        }
        return source
    }

    /// The worst comparability over a question's options, over every step (for transitions).
    public func flag(question: String) -> CrosswalkStep.Flag {
        flag(question: question, option: nil, through: steps.count - 1)
    }

    /// The first version's choice questions the last version has no counterpart of, with why.
    public var retired: [(question: Question, note: String)] {
        guard let first = steps.first, let last = steps.last else { return [] }
        // Every question the last version's items come from, version by version backwards.
        var reached = Set(last.to.questions.map(\.id))
        for step in steps.reversed() {
            reached = Set(reached.flatMap { step.rules[$0]?.sources.map(\.question) ?? [] })
        }
        return first.from.questions.filter { $0.type.hasChoices && !reached.contains($0.id) }.map { question in
            (question, first.retired[question.id] ?? "item `\(question.id)` (\(first.from.version)) is not asked in \(last.to.version)")
        }
    }
}
