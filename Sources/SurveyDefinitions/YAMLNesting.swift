/// An upper bound of how deeply sequences and mappings nest in a YAML text, computed in one pass
/// over its lines without building anything, so that a definition file nested thousands of levels
/// deep is refused before Yams (which builds its nodes recursively) could overflow the stack.
///
/// It is a bound, not a parser: it never counts less than the real nesting, and may count more
/// (up to one level per block sequence), which only matters for files nested about as deep as the
/// limit (the definition files nest five levels). The rules it relies on are YAML 1.2's:
/// - a block collection's children are more indented than it, except a sequence that is a mapping
///   value, which may stand at the mapping's indentation (counted as one more level);
/// - on one line, each `- ` or `? ` indicator and each `key: ` open one more level; in flow
///   context each `[` and `{` opens one, and a `key: value` pair inside `[…]` one more;
/// - a flow collection or a quoted scalar starts only where a node starts (so `l'enquête` and
///   `see [1]` inside plain text are text); `#` after a space starts a comment; the lines of a
///   block scalar (`|`, `>`) are text.
enum YAMLNesting {
    /// True when the nesting of `text` may exceed `limit` levels (stops at the first line that does).
    static func exceeds(_ limit: Int, _ text: String) -> Bool { bound(text, stoppingAbove: limit) > limit }

    /// The bound itself: at least the deepest nesting of `text`; counting stops above `limit`.
    static func bound(_ text: String, stoppingAbove limit: Int = .max) -> Int {
        var scanner = Scanner()
        var deepest = 0
        let bytes = Array(text.utf8)
        var start = 0
        var i = 0
        while i <= bytes.count {
            let length = i == bytes.count ? 1 : lineBreak(bytes, at: i)
            guard length > 0 else {
                i += 1
                continue
            }
            deepest = max(deepest, scanner.scan(Array(bytes[start..<i])))
            if deepest > limit { break }
            i += length
            start = i
        }
        return deepest
    }

    /// The length of the line break at `i`, 0 when there is none: every break libyaml (Yams's
    /// parser) ends a line at, not only `\n`: `\r\n`, a lone `\r`, and NEL, LS and PS (U+0085,
    /// U+2028, U+2029). A file whose lines end in `\r` alone was one line to this scanner and
    /// thousands to Yams, which then overflowed the stack (found by `make fuzz-quick`).
    static func lineBreak(_ bytes: [UInt8], at i: Int) -> Int {
        switch bytes[i] {
        case UInt8(ascii: "\n"): return 1
        case UInt8(ascii: "\r"): return i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") ? 2 : 1
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0
        case 0xE2:
            return i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// True when a `:` followed by `next` ends a key: followed by a space or the line's end, or in
    /// flow context by a flow indicator.
    static func endsKey(_ next: UInt8?, inFlow: Bool) -> Bool {
        guard let next else { return true }
        if next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\r") { return true }
        return inFlow && (next == UInt8(ascii: ",") || next == UInt8(ascii: "]") || next == UInt8(ascii: "}"))
    }

    private struct Scanner {
        /// Open block lines: their indentation and the level of the innermost collection they opened.
        var blocks: [(indent: Int, level: Int)] = []
        /// Inside a flow collection that spans lines: the level it started at and its open brackets
        /// (`true` for `[`), and whether a `key: value` pair was seen in each.
        var flowBase = 0
        var brackets: [(isSequence: Bool, pair: Bool)] = []
        /// How many of `brackets` hold a `key: value` pair (kept, not counted, so a line is scanned in linear time).
        var pairs = 0
        /// Inside a quoted scalar that spans lines: its closing quote.
        var quote: UInt8?
        /// Inside a block scalar: the indentation of the line that opened it.
        var blockScalarParent: Int?

        /// The deepest level `line` reaches.
        mutating func scan(_ line: [UInt8]) -> Int {
            let space = UInt8(ascii: " ")
            var i = 0
            while i < line.count, line[i] == space { i += 1 }
            let indent = i
            let blank = i == line.count || line[i] == UInt8(ascii: "#") || line[i] == UInt8(ascii: "\r")
            if let parent = blockScalarParent {
                if blank || indent > parent { return 0 }
                blockScalarParent = nil
            }
            if quote == nil, brackets.isEmpty {
                if blank { return 0 }
                return blockLine(line, from: i, indent: indent)
            }
            // A quoted scalar or a flow collection goes on from an earlier line.
            return rest(line, from: i, level: flowBase, nodeStart: false)
        }

        /// A line that starts a block node: its level from the enclosing block lines, then its
        /// indicators and what follows them.
        mutating func blockLine(_ line: [UInt8], from start: Int, indent: Int) -> Int {
            while let last = blocks.last, last.indent >= indent { blocks.removeLast() }
            var level = blocks.last?.level ?? 0
            var i = start
            // `- ` and `? ` indicators; a sequence at its mapping's indentation is one level more.
            var indicators = 0
            while i < line.count, line[i] == UInt8(ascii: "-") || line[i] == UInt8(ascii: "?"),
                i + 1 == line.count || line[i + 1] == UInt8(ascii: " ")
            {
                indicators += 1
                i += 1
                while i < line.count, line[i] == UInt8(ascii: " ") { i += 1 }
            }
            if indicators > 0 { level += indicators + 1 }
            let deepest = rest(line, from: i, level: level, nodeStart: true)
            blocks.append((indent, max(level, deepest)))
            return deepest
        }

        /// The rest of a line from `start`, at `level`; `nodeStart` when a node may begin there.
        mutating func rest(_ line: [UInt8], from start: Int, level startLevel: Int, nodeStart atNode: Bool) -> Int {
            var level = startLevel
            var deepest = level
            var nodeStart = atNode
            var i = start
            var keyCounted = false
            while i < line.count {
                let byte = line[i]
                if let closing = quote {
                    if byte == closing {
                        if closing == UInt8(ascii: "'"), i + 1 < line.count, line[i + 1] == closing {
                            i += 2
                            continue
                        }
                        quote = nil
                    } else if byte == UInt8(ascii: "\\"), closing == UInt8(ascii: "\"") {
                        i += 1
                    }
                    i += 1
                    continue
                }
                let quoteMark = byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")
                let opening = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
                let closing = byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
                let next = i + 1 < line.count ? line[i + 1] : nil
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                    i += 1
                    continue
                } else if byte == UInt8(ascii: "#"), i == 0 || line[i - 1] == UInt8(ascii: " ") || line[i - 1] == UInt8(ascii: "\t") {
                    return deepest
                } else if quoteMark, nodeStart {
                    quote = byte
                    if brackets.isEmpty { flowBase = level }
                    nodeStart = false
                } else if opening, nodeStart || !brackets.isEmpty {
                    if brackets.isEmpty { flowBase = level }
                    brackets.append((byte == UInt8(ascii: "["), false))
                    level = flowBase + brackets.count + pairs
                    deepest = max(deepest, level)
                    nodeStart = true
                } else if closing, !brackets.isEmpty {
                    if brackets.removeLast().pair { pairs -= 1 }
                    level = flowBase + brackets.count + pairs
                    nodeStart = false
                } else if byte == UInt8(ascii: ","), !brackets.isEmpty {
                    nodeStart = true
                } else if byte == UInt8(ascii: ":"), YAMLNesting.endsKey(next, inFlow: !brackets.isEmpty) {
                    if brackets.isEmpty {
                        // `key: ` opens a mapping (once per line: `a: b: c` is not valid YAML).
                        if !keyCounted {
                            keyCounted = true
                            level += 1
                            deepest = max(deepest, level)
                        }
                    } else if brackets[brackets.count - 1].isSequence, !brackets[brackets.count - 1].pair {
                        // A `key: value` pair inside `[…]` is a mapping of its own.
                        brackets[brackets.count - 1].pair = true
                        pairs += 1
                        level += 1
                        deepest = max(deepest, level)
                    }
                    nodeStart = true
                } else if byte == UInt8(ascii: "|") || byte == UInt8(ascii: ">"), nodeStart, brackets.isEmpty {
                    // A block scalar: the following, more indented lines are its text.
                    blockScalarParent = line.prefix(while: { $0 == UInt8(ascii: " ") }).count
                    return deepest
                } else if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!"), nodeStart {
                    // An anchor or a tag stands before a node: the node starts after it.
                    while i < line.count, line[i] != UInt8(ascii: " ") { i += 1 }
                    continue
                } else {
                    nodeStart = false
                }
                i += 1
            }
            return deepest
        }
    }
}
