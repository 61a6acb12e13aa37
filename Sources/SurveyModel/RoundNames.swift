/// Round names: what a round may be called, how a value written in a submission maps to a
/// declared round, and the order rounds follow.
///
/// A pipeline file declares its rounds in order, oldest first (`rounds: ["2022", "2026"]`). A
/// submission's round then must name one of them, possibly in a form that spreadsheets and data
/// tools write for it (`2026.0`, ` 2026 `, full-width digits); anything else is rejected, so a
/// stray value never becomes a round of its own. "Latest" is the last declared round.
public enum RoundNames {
    /// At most 32 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or digit (so
    /// `-`, `.`, `..` and `-2026` are not round names).
    public static func isPlainToken(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 32 else { return false }
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
        }
        return allowed(first) && name.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// What tools write for a missing value; never a round name (a pipeline file cannot declare one).
    public static let missingValueMarkers: Set<String> = ["na", "n/a", "nan", "null", "none", "nil", "missing"]

    /// How a written round value maps to the declared rounds.
    public enum Resolution: Equatable, Sendable {
        /// The value is a declared round exactly as written (after trimming white space).
        case exact(String)
        /// The value names a declared round in another form (`2026.0`, full-width digits, other
        /// letter case, surrounding white space): the round it names.
        case normalized(String)
        /// The value names no declared round.
        case invalid
    }

    /// Maps `written` (as the file gives it) to one of `declared`, the pipeline file's rounds.
    public static func resolve(_ written: String, declared: [String]) -> Resolution {
        var text = Substring(written)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        let trimmed = String(text)
        if declared.contains(trimmed) { return trimmed == written ? .exact(trimmed) : .normalized(trimmed) }
        // Full-width digits (U+FF10–U+FF19) as ASCII digits.
        var ascii = String.UnicodeScalarView()
        for scalar in trimmed.unicodeScalars {
            if (0xFF10...0xFF19).contains(scalar.value) {
                ascii.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            } else {
                ascii.append(scalar)
            }
        }
        var candidate = String(ascii)
        // An integer written as a decimal with zeros after the point (pandas writes 2026.0 for an
        // integer column with a blank).
        if let point = candidate.firstIndex(of: "."), point != candidate.startIndex,
            candidate[..<point].allSatisfy({ $0.isASCII && $0.isNumber }),
            candidate[candidate.index(after: point)...].allSatisfy({ $0 == "0" })
        {
            candidate = String(candidate[..<point])
        }
        if declared.contains(candidate) { return .normalized(candidate) }
        let folded = declared.filter { $0.lowercased() == candidate.lowercased() }
        if folded.count == 1 { return .normalized(folded[0]) }
        return .invalid
    }

    /// Sorts round names: declared rounds in their declared order, then any others (rounds in a
    /// store filled under another pipeline file's `rounds:`) as text.
    public static func sorted(_ rounds: [String], declared: [String]) -> [String] {
        rounds.sorted { precedes($0, $1, declared: declared) }
    }

    /// True when round `a` comes before round `b` (see ``sorted(_:declared:)``).
    public static func precedes(_ a: String, _ b: String, declared: [String]) -> Bool {
        let position = { (round: String) -> Int in declared.firstIndex(of: round) ?? Int.max }
        let (pa, pb) = (position(a), position(b))
        if pa != pb { return pa < pb }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The latest of `rounds` (the last in ``sorted(_:declared:)`` order); nil when empty.
    public static func latest(_ rounds: some Sequence<String>, declared: [String]) -> String? {
        rounds.max { precedes($0, $1, declared: declared) }
    }
}
