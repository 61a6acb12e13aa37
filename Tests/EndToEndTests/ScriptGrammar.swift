import Foundation

/// Small grammars of the Stata and SPSS syntax answers.do and answers.sps use (Stata and SPSS are
/// not available here): every statement is split into its tokens, every string literal must be
/// closed, every command must be one the scripts are known to use, and the labels are collected so
/// a test can check that each column and option is labelled exactly once.
struct ScriptGrammarError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

enum ScriptToken: Equatable {
    case word(String)
    case string(String)
    case symbol(Character)

    var word: String? { if case .word(let w) = self { return w } else { return nil } }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
}

/// What a do-file says, statement by statement.
struct StataScript {
    var statements: [(line: Int, tokens: [ScriptToken])] = []
    /// `label variable NAME "text"`: name → texts (one per statement).
    var variableLabels: [String: [String]] = [:]
    /// `label define NAME n "text" …`: name → the definitions (value, text).
    var valueLabels: [String: [[(Int, String)]]] = [:]
    /// `label values VAR LABEL`: variable → label names.
    var attached: [String: [String]] = [:]
    /// `rename vN NAME`, in order.
    var renames: [(from: String, to: String)] = []
    var destrung: [String] = []

    static let commands: Set<String> = [
        "version", "clear", "import", "rename", "destring", "label", "generate", "replace", "assert", "drop", "order", "compress",
    ]

    init(_ text: String) throws {
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("*") || trimmed.hasPrefix("//") { continue }
            let tokens = try Self.tokens(trimmed, line: number)
            guard let command = tokens.first?.word, Self.commands.contains(command) else {
                throw ScriptGrammarError(line: number, message: "unknown command: \(trimmed.prefix(40))")
            }
            statements.append((number, tokens))
            switch command {
            case "label":
                guard tokens.count >= 3, let kind = tokens[1].word, let name = tokens[2].word else {
                    throw ScriptGrammarError(line: number, message: "label without a kind and a name")
                }
                switch kind {
                case "variable":
                    guard tokens.count == 4, let text = tokens[3].string else {
                        throw ScriptGrammarError(line: number, message: "label variable takes a name and one string")
                    }
                    variableLabels[name, default: []].append(text)
                case "define":
                    var pairs: [(Int, String)] = []
                    var rest = Array(tokens.dropFirst(3))
                    if rest.suffix(2) == [.symbol(","), .word("replace")] { rest.removeLast(2) }
                    guard rest.count % 2 == 0, !rest.isEmpty else {
                        throw ScriptGrammarError(line: number, message: "label define needs value-text pairs")
                    }
                    for pair in stride(from: 0, to: rest.count, by: 2) {
                        guard let value = rest[pair].word.flatMap(Int.init), let text = rest[pair + 1].string else {
                            throw ScriptGrammarError(line: number, message: "label define: a pair is not an integer and a string")
                        }
                        pairs.append((value, text))
                    }
                    valueLabels[name, default: []].append(pairs)
                case "values":
                    guard tokens.count == 4, let label = tokens[3].word else {
                        throw ScriptGrammarError(line: number, message: "label values takes a variable and a label")
                    }
                    attached[name, default: []].append(label)
                default:
                    throw ScriptGrammarError(line: number, message: "unknown label command \(kind)")
                }
            case "rename":
                guard tokens.count == 3, let from = tokens[1].word, let to = tokens[2].word else {
                    throw ScriptGrammarError(line: number, message: "rename takes two names")
                }
                renames.append((from, to))
            case "destring":
                guard let name = tokens.dropFirst().first?.word, tokens.suffix(2) == [.symbol(","), .word("replace")] else {
                    throw ScriptGrammarError(line: number, message: "destring NAME, replace")
                }
                destrung.append(name)
            default: break
            }
        }
    }

    /// Words, strings (`"…"` or compound `` `"…"' ``, with `\$` and `` \` `` unescaped) and symbols.
    static func tokens(_ line: String, line number: Int) throws -> [ScriptToken] {
        var tokens: [ScriptToken] = []
        let characters = Array(line.unicodeScalars)  // as Stata and SPSS read: scalars, not characters
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == " " { i += 1; continue }
            if c == "`", i + 1 < characters.count, characters[i + 1] == "\"" {
                // Compound quotes: up to the first "' .
                var text = ""
                var j = i + 2
                var closed = false
                while j < characters.count {
                    if characters[j] == "\"", j + 1 < characters.count, characters[j + 1] == "'" {
                        closed = true
                        break
                    }
                    if characters[j] == "\\", j + 1 < characters.count, characters[j + 1] == "$" || characters[j + 1] == "`" {
                        text.unicodeScalars.append(characters[j + 1])
                        j += 2
                        continue
                    }
                    if characters[j] == "$" || characters[j] == "`" {
                        throw ScriptGrammarError(line: number, message: "unescaped macro character in a string")
                    }
                    text.unicodeScalars.append(characters[j])
                    j += 1
                }
                guard closed else { throw ScriptGrammarError(line: number, message: "compound quote not closed") }
                tokens.append(.string(text))
                i = j + 2
                continue
            }
            if c == "\"" {
                guard let end = characters[(i + 1)...].firstIndex(of: "\"") else {
                    throw ScriptGrammarError(line: number, message: "string not closed")
                }
                tokens.append(.string(scalarText(characters[(i + 1)..<end])))
                i = end + 1
                continue
            }
            if isWordScalar(c) || c == "_" || c == "!" || c == "." {
                var j = i
                while j < characters.count, isWordScalar(characters[j]) || "_!.".unicodeScalars.contains(characters[j]) { j += 1 }
                tokens.append(.word(scalarText(characters[i..<j])))
                i = j
                continue
            }
            if "`'$".unicodeScalars.contains(c) { throw ScriptGrammarError(line: number, message: "stray quote or macro character \(c)") }
            tokens.append(.symbol(Character(c)))
            i += 1
        }
        return tokens
    }
}

/// What an SPSS syntax file says, command by command (a command ends with a period at the end of
/// a line, outside strings).
struct SPSSScript {
    var commands: [(line: Int, tokens: [ScriptToken])] = []
    var variableLabels: [String: [String]] = [:]
    var valueLabels: [String: [[(Int, String)]]] = [:]
    /// The variables of GET DATA's /VARIABLES, in order, with their formats.
    var variables: [(name: String, format: String)] = []

    static let commands = ["SET", "GET DATA", "RECODE", "EXECUTE", "DELETE VARIABLES", "RENAME VARIABLES", "ADD FILES", "FORMATS", "VARIABLE LABELS", "VALUE LABELS"]

    init(_ text: String) throws {
        let text = Self.joiningContinuations(text)
        var pending: [ScriptToken] = []
        var start = 0
        var inComment = false
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty, !inComment, line.isEmpty { continue }
            if pending.isEmpty, inComment || line.hasPrefix("*") {
                // A comment runs to a line that ends with a period, or to the next line here.
                inComment = false
                continue
            }
            if pending.isEmpty { start = number }
            var tokens = try Self.tokens(line, line: number)
            let ends = tokens.last == .symbol(".")
            if ends { tokens.removeLast() }
            pending += tokens
            if ends {
                try take(pending, line: start)
                pending = []
            }
        }
        guard pending.isEmpty else { throw ScriptGrammarError(line: start, message: "command without its period") }
    }

    private mutating func take(_ tokens: [ScriptToken], line: Int) throws {
        let first = tokens.first?.word ?? ""
        let two = tokens.prefix(2).compactMap(\.word).joined(separator: " ")
        guard let command = Self.commands.first(where: { $0.contains(" ") ? two == $0 : first == $0 }) else {
            throw ScriptGrammarError(line: line, message: "unknown command: \(two)")
        }
        commands.append((line, tokens))
        let rest = Array(tokens.dropFirst(command.split(separator: " ").count)).filter { $0 != .symbol("/") }
        switch command {
        case "VARIABLE LABELS":
            guard rest.count % 2 == 0 else { throw ScriptGrammarError(line: line, message: "VARIABLE LABELS needs name-label pairs") }
            for pair in stride(from: 0, to: rest.count, by: 2) {
                guard let name = rest[pair].word, let text = rest[pair + 1].string else {
                    throw ScriptGrammarError(line: line, message: "VARIABLE LABELS: a pair is not a name and a string")
                }
                variableLabels[name, default: []].append(text)
            }
        case "VALUE LABELS":
            guard let name = rest.first?.word, rest.count % 2 == 1, rest.count > 1 else {
                throw ScriptGrammarError(line: line, message: "VALUE LABELS needs a variable and value-label pairs")
            }
            var pairs: [(Int, String)] = []
            for pair in stride(from: 1, to: rest.count, by: 2) {
                guard let value = rest[pair].word.flatMap(Int.init), let text = rest[pair + 1].string else {
                    throw ScriptGrammarError(line: line, message: "VALUE LABELS: a pair is not a number and a string")
                }
                pairs.append((value, text))
            }
            valueLabels[name, default: []].append(pairs)
        case "GET DATA":
            guard let at = tokens.firstIndex(of: .word("VARIABLES")), tokens[at + 1] == .symbol("=") else {
                throw ScriptGrammarError(line: line, message: "GET DATA without /VARIABLES=")
            }
            let list = Array(tokens[(at + 2)...])
            guard list.count % 2 == 0 else { throw ScriptGrammarError(line: line, message: "/VARIABLES needs name-format pairs") }
            for pair in stride(from: 0, to: list.count, by: 2) {
                guard let name = list[pair].word, let format = list[pair + 1].word else {
                    throw ScriptGrammarError(line: line, message: "/VARIABLES: a pair is not a name and a format")
                }
                variables.append((name, format))
            }
        default: break
        }
    }

    /// Words, strings (`'…'` or `"…"`, the quote doubled inside; pieces joined by `+` are one
    /// string) and symbols. A string must close on its line.
    static func tokens(_ line: String, line number: Int) throws -> [ScriptToken] {
        var tokens: [ScriptToken] = []
        let characters = Array(line.unicodeScalars)  // as Stata and SPSS read: scalars, not characters
        var i = 0
        var joinNext = false
        while i < characters.count {
            let c = characters[i]
            if c == " " { i += 1; continue }
            if c == "'" || c == "\"" {
                var text = ""
                var j = i + 1
                var closed = false
                while j < characters.count {
                    if characters[j] == c {
                        if j + 1 < characters.count, characters[j + 1] == c {
                            text.unicodeScalars.append(c)
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    text.unicodeScalars.append(characters[j])
                    j += 1
                }
                guard closed else { throw ScriptGrammarError(line: number, message: "string not closed") }
                if joinNext, case .string(let previous) = tokens.last {
                    tokens[tokens.count - 1] = .string(previous + text)
                } else {
                    tokens.append(.string(text))
                }
                joinNext = false
                i = j + 1
                continue
            }
            if c == "+", case .string = tokens.last {
                joinNext = true
                i += 1
                continue
            }
            if isWordScalar(c) || c == "_" || c == "@" || c == "#" {
                var j = i
                while j < characters.count, isWordScalar(characters[j]) || "_.@#".unicodeScalars.contains(characters[j]) {
                    j += 1
                }
                var word = scalarText(characters[i..<j])
                var trailingPeriod = false
                if word.hasSuffix("."), j == characters.count {
                    word.removeLast()
                    trailingPeriod = true
                }
                tokens.append(.word(word))
                if trailingPeriod { tokens.append(.symbol(".")) }
                i = j
                continue
            }
            tokens.append(.symbol(Character(c)))
            i += 1
        }
        return tokens
    }
}

/// A continuation `+` at a line's end joins the next line's first string: the SPSS tokenizer above
/// sees lines one at a time, so the joining is finished here over a command's tokens.
extension SPSSScript {
    static func joiningContinuations(_ text: String) -> String {
        text.replacingOccurrences(of: " +\n", with: " + ")
    }
}

/// A letter or a digit (a word's scalar).
func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic || scalar.properties.numericType != nil
}

func scalarText(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars)
    return String(text)
}
