public import Foundation
public import SurveyModel

/// A crosswalk file (`Pipelines/crosswalks/*.yml`), as written: the two versions it joins and its
/// changes, each a map with one key naming the kind.
struct CrosswalkFile: Decodable {
    /// A string or a list of strings (`from: a` or `from: [a, b]`).
    struct Names: Decodable {
        var values: [String]
        var isList: Bool
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                values = [one]
                isList = false
            } else {
                values = try container.decode([String].self)
                isList = true
            }
        }
    }
    struct Fields: Decodable {
        var from: Names?
        var to: Names?
        var question: String?
        /// `new: {repeat: laws}`, `retired: {repeat: …}`: a top-level repeat group.
        var `repeat`: String?
        var option: String?
        var options: [String: [String: String]]?
        var prefer: [String]?
        var note: String?
    }
    var from: String
    var to: String
    var changes: [[String: Fields]]
}

extension Crosswalk {
    /// The kinds a crosswalk file may declare.
    public static let kinds = ["renamed", "split", "merged", "option_added", "option_removed", "option_recoded", "retired", "new", "unpacked"]

    /// Reads a crosswalk file and checks it against the two questionnaires it joins (`versions`:
    /// every declared version, oldest first; `from` and `to` must be consecutive ones). Every
    /// problem is a definition error naming the file and the entry.
    public static func load(from url: URL, versions: [Questionnaire]) throws -> Crosswalk {
        let file = try YAMLFile.decode(CrosswalkFile.self, at: url, what: "crosswalk")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }
        let list = versions.map(\.version).joined(separator: ", ")
        guard let fromIndex = versions.firstIndex(where: { $0.version == file.from }) else {
            throw fail("from: '\(file.from)' is not the version of a round's questionnaire (declared: \(list))")
        }
        guard let toIndex = versions.firstIndex(where: { $0.version == file.to }) else {
            throw fail("to: '\(file.to)' is not the version of a round's questionnaire (declared: \(list))")
        }
        guard toIndex == fromIndex + 1 else {
            throw fail("from: '\(file.from)' and to: '\(file.to)' must be consecutive versions of rounds: (declared, oldest first: \(list))")
        }
        let older = versions[fromIndex]
        let newer = versions[toIndex]
        // The line of each change in the file, so that a refusal names it.
        let lines = YAMLFile.lines(ofSequence: "changes", at: url)
        var entries: [Crosswalk.Entry] = []
        var newRepeats: [String] = []
        var retiredRepeats: [String] = []
        for (index, change) in file.changes.enumerated() {
            guard change.count == 1, let (kind, fields) = change.first else {
                throw fail("changes[\(index)]: one kind per entry (\(kinds.joined(separator: ", ")))")
            }
            let at = "changes[\(index)] (\(kind)\(index < lines.count ? ", line \(lines[index])" : ""))"
            /// " (it is a repeat: …)" when `id` names a repeat of `version`, else "".
            func repeatHint(_ id: String?, _ version: Questionnaire) -> String {
                guard let id, version.repeatGroup(path: [id]) != nil else { return "" }
                return " (it is a repeat group: declare it as new: {repeat: \(id)} or retired: {repeat: \(id)})"
            }
            func oldQuestion(_ id: String?, _ key: String) throws -> Question {
                guard let id, let question = older.question(id: id) else {
                    throw fail("\(at): \(key) '\(id ?? "")' is not a question of \(older.version)\(repeatHint(id, older))")
                }
                return question
            }
            func newQuestion(_ id: String?, _ key: String) throws -> Question {
                guard let id, let question = newer.question(id: id) else {
                    throw fail("\(at): \(key) '\(id ?? "")' is not a question of \(newer.version)\(repeatHint(id, newer))")
                }
                return question
            }
            // A repeat group: only `new` and `retired`, of a top-level repeat.
            if let id = fields.repeat {
                guard fields.question == nil, fields.from == nil, fields.to == nil, fields.option == nil else {
                    throw fail("\(at): a repeat entry names only repeat: (and a note)")
                }
                switch kind {
                case "new":
                    guard newer.repeatGroup(path: [id]) != nil else {
                        throw fail("\(at): repeat '\(id)' is not a repeat group of \(newer.version)")
                    }
                    guard older.repeatGroup(path: [id]) == nil else {
                        throw fail("\(at): \(id) is already a repeat group of \(older.version)")
                    }
                    guard !newRepeats.contains(id) else { throw fail("repeat \(id) is declared new twice") }
                    newRepeats.append(id)
                case "retired":
                    guard older.repeatGroup(path: [id]) != nil else {
                        throw fail("\(at): repeat '\(id)' is not a repeat group of \(older.version)")
                    }
                    guard newer.repeatGroup(path: [id]) == nil else {
                        throw fail("\(at): \(id) is still a repeat group of \(newer.version)")
                    }
                    guard !retiredRepeats.contains(id) else { throw fail("repeat \(id) is declared retired twice") }
                    retiredRepeats.append(id)
                default:
                    throw fail("\(at): a repeat group can only be new or retired (changes inside a repeat are not declared)")
                }
                continue
            }
            func one(_ names: CrosswalkFile.Names?, _ key: String) throws -> String {
                guard let names, !names.isList, let value = names.values.first else { throw fail("\(at): \(key) must be one question id") }
                return value
            }
            func many(_ names: CrosswalkFile.Names?, _ key: String) throws -> [String] {
                guard let names, names.isList, names.values.count >= 2 else { throw fail("\(at): \(key) must list at least two question ids") }
                return names.values
            }
            func option(_ code: String, of question: Question, in version: String) throws {
                guard question.choice(code: code) != nil else {
                    throw fail(
                        "\(at): '\(code)' is not an option of \(question.id) in \(version) (options: \(question.choices.map(\.code).joined(separator: ", ")))")
                }
            }
            /// The older question a newer one's options come from (itself, or what was renamed into it).
            func counterpart(_ question: Question) throws -> Question {
                if let same = older.question(id: question.id) { return same }
                for entry in entries {
                    if case .renamed(let from, let to) = entry.change, to == question.id { return older.question(id: from)! }
                }
                throw fail("\(at): \(question.id) has no counterpart in \(older.version) (declare its rename first)")
            }
            let made: Crosswalk.Change
            switch kind {
            case "renamed":
                let from = try oldQuestion(try one(fields.from, "from"), "from")
                let to = try newQuestion(try one(fields.to, "to"), "to")
                guard newer.question(id: from.id) == nil else { throw fail("\(at): \(from.id) is still a question of \(newer.version)") }
                guard older.question(id: to.id) == nil else { throw fail("\(at): \(to.id) is already a question of \(older.version)") }
                guard from.type == to.type else {
                    throw fail("\(at): \(from.id) is \(from.type.rawValue) but \(to.id) is \(to.type.rawValue): declare a split or a new item")
                }
                made = .renamed(from: from.id, to: to.id)
            case "split":
                let from = try oldQuestion(try one(fields.from, "from"), "from")
                let into = try many(fields.to, "to").map { try newQuestion($0, "to") }
                var options: [String: [String: String]] = [:]
                for (target, map) in fields.options ?? [:] {
                    guard let new = into.first(where: { $0.id == target }) else {
                        throw fail("\(at): options names '\(target)', which is not one of to")
                    }
                    for (old, code) in map {
                        try option(old, of: from, in: older.version)
                        try option(code, of: new, in: newer.version)
                    }
                    options[target] = map
                }
                made = .split(from: from.id, into: into.map(\.id), options: options)
            case "merged":
                let from = try many(fields.from, "from").map { try oldQuestion($0, "from") }
                let into = try newQuestion(try one(fields.to, "to"), "to")
                let prefer = fields.prefer ?? []
                for code in prefer { try option(code, of: into, in: newer.version) }
                if into.type.hasChoices && into.type != .multipleChoice {
                    let missing = into.choices.map(\.code).filter { !prefer.contains($0) }
                    guard missing.isEmpty else {
                        throw fail("\(at): prefer must list every option of \(into.id), in the order they win (missing: \(missing.joined(separator: ", ")))")
                    }
                }
                made = .merged(from: from.map(\.id), into: into.id, prefer: prefer)
            case "option_added":
                let question = try newQuestion(fields.question, "question")
                guard let code = fields.option else { throw fail("\(at): option missing") }
                try option(code, of: question, in: newer.version)
                guard try counterpart(question).choice(code: code) == nil else {
                    throw fail("\(at): '\(code)' is already an option of \(question.id) in \(older.version)")
                }
                made = .optionAdded(question: question.id, option: code)
            case "option_removed":
                let question = try newQuestion(fields.question, "question")
                guard let code = fields.option else { throw fail("\(at): option missing") }
                try option(code, of: try counterpart(question), in: older.version)
                guard question.choice(code: code) == nil else {
                    throw fail("\(at): '\(code)' is still an option of \(question.id) in \(newer.version)")
                }
                made = .optionRemoved(question: question.id, option: code)
            case "option_recoded":
                let question = try newQuestion(fields.question, "question")
                let from = try one(fields.from, "from")
                let to = try one(fields.to, "to")
                try option(from, of: try counterpart(question), in: older.version)
                try option(to, of: question, in: newer.version)
                made = .optionRecoded(question: question.id, from: from, to: to)
            case "retired":
                let question = try oldQuestion(fields.question, "question")
                guard newer.question(id: question.id) == nil else {
                    throw fail("\(at): \(question.id) is still a question of \(newer.version)")
                }
                made = .retired(question: question.id)
            case "new":
                let question = try newQuestion(fields.question, "question")
                guard older.question(id: question.id) == nil else {
                    throw fail("\(at): \(question.id) is already a question of \(older.version)")
                }
                made = .new(question: question.id)
            case "unpacked":
                // One option of an older multiple choice becomes a yes / no item of the newer version.
                let from = try oldQuestion(try one(fields.from, "from"), "from")
                guard from.type == .multipleChoice else {
                    throw fail("\(at): \(from.id) is \(from.type.rawValue): unpacked reads the options of a multiple_choice question")
                }
                guard newer.question(id: from.id) == nil else {
                    throw fail("\(at): \(from.id) is still a question of \(newer.version): unpacked replaces it")
                }
                guard let code = fields.option else { throw fail("\(at): option missing (one option of \(from.id))") }
                try option(code, of: from, in: older.version)
                let to = try newQuestion(try one(fields.to, "to"), "to")
                guard to.type == .singleChoice, Set(to.choices.map(\.code)) == ["yes", "no"] else {
                    throw fail(
                        "\(at): \(to.id) must be a single_choice question with the options yes and no (it is \(to.type.rawValue)\(to.type.hasChoices ? " with \(to.choices.map(\.code).joined(separator: ", "))" : ""))")
                }
                guard older.question(id: to.id) == nil else { throw fail("\(at): \(to.id) is already a question of \(older.version)") }
                for entry in entries {
                    if case .unpacked(let earlier, let earlierOption, _) = entry.change, earlier == from.id, earlierOption == code {
                        throw fail("\(at): option \(code) of \(from.id) is unpacked twice")
                    }
                }
                made = .unpacked(from: from.id, option: code, into: to.id)
            default:
                throw fail("changes[\(index)]: unknown kind '\(kind)' (expected \(kinds.joined(separator: ", ")))")
            }
            entries.append(Crosswalk.Entry(made, note: fields.note?.trimmingCharacters(in: .whitespaces)))
        }
        var crosswalk = Crosswalk(from: older.version, to: newer.version, entries: entries)
        crosswalk.newRepeats = newRepeats
        crosswalk.retiredRepeats = retiredRepeats
        try checkComplete(crosswalk, older: older, newer: newer, fail: fail)
        return crosswalk
    }

    /// Every difference between the versions is declared: each older item is kept by id or
    /// renamed, split, merged or retired; each newer one is kept, a target or new; each option
    /// that differs between an item and its counterpart is added, removed or recoded; each
    /// top-level repeat group of one version only is new (`new: {repeat: id}`) or retired
    /// (`retired: {repeat: id}`). Changes inside a repeat both versions have (sub-questions,
    /// options, nested repeats) are not declared: the inventory outputs read a repeat's fields by
    /// id in each round, and progress and transitions never read repeats.
    static func checkComplete(
        _ crosswalk: Crosswalk, older: Questionnaire, newer: Questionnaire, fail: (String) -> DefinitionError
    ) throws {
        var oldClaims: [String: String] = [:]
        var newClaims: [String: String] = [:]
        func claim(_ id: String, _ claims: inout [String: String], _ kind: String) throws {
            if let earlier = claims[id] { throw fail("\(id) is declared twice (\(earlier) and \(kind))") }
            claims[id] = kind
        }
        var options: [String: Set<String>] = [:]
        for entry in crosswalk.entries {
            let kind = entry.change.kind
            switch entry.change {
            case .renamed(let from, let to):
                try claim(from, &oldClaims, kind)
                try claim(to, &newClaims, kind)
            case .split(let from, let into, _):
                try claim(from, &oldClaims, kind)
                for id in into { try claim(id, &newClaims, kind) }
            case .merged(let from, let into, _):
                for id in from { try claim(id, &oldClaims, kind) }
                try claim(into, &newClaims, kind)
            case .retired(let id): try claim(id, &oldClaims, kind)
            case .new(let id): try claim(id, &newClaims, kind)
            case .unpacked(let from, _, let into):
                // Several entries unpack one item: each claims it, as long as no other kind does.
                if let earlier = oldClaims[from], earlier != kind { throw fail("\(from) is declared twice (\(earlier) and \(kind))") }
                oldClaims[from] = kind
                try claim(into, &newClaims, kind)
            case .optionAdded(let question, let option), .optionRemoved(let question, let option):
                options[question, default: []].insert(option)
            case .optionRecoded(let question, let from, let to):
                options[question, default: []].formUnion([from, to])
            }
        }
        for question in older.questions where newer.question(id: question.id) == nil && oldClaims[question.id] == nil {
            throw fail("\(question.id) of \(older.version) is not in \(newer.version): declare it renamed, split, merged, unpacked or retired")
        }
        for question in newer.questions where older.question(id: question.id) == nil && newClaims[question.id] == nil {
            throw fail("\(question.id) of \(newer.version) is not in \(older.version): declare it renamed, split, merged or new")
        }
        // Options of the items that carry over one to one (kept by id or renamed).
        for question in newer.questions where question.type.hasChoices {
            var source: Question?
            if newClaims[question.id] == nil { source = older.question(id: question.id) }
            for entry in crosswalk.entries {
                if case .renamed(let from, let to) = entry.change, to == question.id { source = older.question(id: from) }
            }
            guard let source else { continue }
            let declared = options[question.id] ?? []
            let old = Set(source.choices.map(\.code))
            let new = Set(question.choices.map(\.code))
            for code in new.subtracting(old).sorted() where !declared.contains(code) {
                throw fail("option '\(code)' of \(question.id) is new in \(newer.version): declare it (option_added or option_recoded)")
            }
            for code in old.subtracting(new).sorted() where !declared.contains(code) {
                throw fail("option '\(code)' of \(source.id) in \(older.version) is not in \(newer.version): declare it (option_removed or option_recoded)")
            }
        }
        // Top-level repeat groups, by id: a new one is declared new, a gone one retired. What
        // changes inside a repeat both versions have is not declared.
        for group in newer.repeats where older.repeatGroup(path: [group.id]) == nil && !crosswalk.newRepeats.contains(group.id) {
            throw fail("repeat \(group.id) of \(newer.version) is not in \(older.version): declare it new (new: {repeat: \(group.id)})")
        }
        for group in older.repeats where newer.repeatGroup(path: [group.id]) == nil && !crosswalk.retiredRepeats.contains(group.id) {
            throw fail("repeat \(group.id) of \(older.version) is not in \(newer.version): declare it retired (retired: {repeat: \(group.id)})")
        }
    }
}
