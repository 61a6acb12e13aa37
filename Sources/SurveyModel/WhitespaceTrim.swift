// `trimmingCharacters(in: .whitespaces)` and `(in: .whitespacesAndNewlines)` on Unicode scalars,
// without Foundation: on Linux each call bridged the text to an `NSString` and back, a sixth of
// the country-name tiers' making (every spelling in six languages, each run) and a call per
// submission in the country resolver. `WhitespaceTrimTests` compares both with Foundation's on
// every scalar class they decide on and on generated texts.

extension String {
    /// ``Swift/Substring/trimmingWhitespace(newlines:)`` of the whole text.
    public func trimmingWhitespace(newlines: Bool = false) -> String { self[...].trimmingWhitespace(newlines: newlines) }
}

extension Substring {
    /// The text without the leading and trailing scalars of `CharacterSet.whitespaces` (general
    /// category Zs, U+0009 and U+200B), or with `newlines` of `.whitespacesAndNewlines` (categories
    /// Zs, Zl, Zp, U+0009–U+000D, U+0085 and U+200B): what Foundation's `trimmingCharacters(in:)` gives.
    public func trimmingWhitespace(newlines: Bool = false) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isTrimmed(scalars[start], newlines: newlines) { start = scalars.index(after: start) }
        while start < end {
            let before = scalars.index(before: end)
            guard Self.isTrimmed(scalars[before], newlines: newlines) else { break }
            end = before
        }
        return String(Substring(scalars[start..<end]))
    }

    static func isTrimmed(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || value == 0x09 || (newlines && (0x0A...0x0D).contains(value)) }
        // U+200B ZERO WIDTH SPACE is in Foundation's sets still (a space separator before
        // Unicode 4.0.1; `WhitespaceTrimTests` found it).
        if value == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator: return true
        case .lineSeparator, .paragraphSeparator: return newlines
        default: return newlines && value == 0x85
        }
    }
}
