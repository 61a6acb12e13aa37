/// Reads numbers as people write them: `12`, `12.5`, `12,5`, `1 000`, `1,000` (a whole number
/// with thousands separators), `45%` for a percent.
///
/// One `.` or `,` followed by three digits is a thousands separator in a whole-number question
/// (`1,000` or `1.000` is a thousand) and a decimal mark otherwise (`1,500` is one and a half).
///
/// Whether a number is whole is decided from the text, not from the parsed `Double`: a Double
/// rounds `99999.99999999999999999` to 100000 and `0.000…01` may come out as a tiny fraction or,
/// past its precision, as a whole number. A text is whole when it has no decimal mark, or only
/// zeros after it (`12.0`, `12,00`).
enum NumberParser {
    static func parse(_ text: String, wholeNumber: Bool, allowPercentSign: Bool) -> Double? {
        read(text, wholeNumber: wholeNumber, allowPercentSign: allowPercentSign)?.value
    }

    /// The number a text gives and whether the text writes a whole number (no decimal mark, or
    /// only zeros after it); nil when the text is not a number.
    ///
    /// Always finite (digits past a Double's range are not a number anyone answers with: the
    /// profiles' JSON could not even write it) and zero without a sign (`-0` is 0: the store
    /// keeps no sign of zero, SQLite writing a whole REAL as an integer and PostgreSQL keeping
    /// it, so neither does an answer).
    static func read(_ text: String, wholeNumber: Bool, allowPercentSign: Bool) -> (value: Double, isWhole: Bool)? {
        guard let (value, isWhole) = readWritten(text, wholeNumber: wholeNumber, allowPercentSign: allowPercentSign),
            value.isFinite
        else { return nil }
        return (value == 0 ? 0 : value, isWhole)
    }

    /// ``read(_:wholeNumber:allowPercentSign:)`` before its finite and unsigned-zero rules.
    private static func readWritten(_ text: String, wholeNumber: Bool, allowPercentSign: Bool) -> (value: Double, isWhole: Bool)? {
        if let number = plainDigits(text, allowPercentSign: allowPercentSign) { return (number, true) }
        var body = text.trimmingWhitespace()
        if allowPercentSign, body.hasSuffix("%") { body = String(body.dropLast()).trimmingWhitespace() }
        // Spaces (also no-break and narrow no-break) group thousands.
        body.removeAll { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" || $0 == "'" }
        guard !body.isEmpty else { return nil }
        var sign = 1.0
        if body.first == "-" || body.first == "+" {
            if body.first == "-" { sign = -1 }
            body.removeFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        let marks = body.filter { $0 == "." || $0 == "," }
        if marks.isEmpty { return Double(body).map { (sign * $0, true) } }
        if isGrouped(body, wholeNumber: wholeNumber) { return Double(body.filter(\.isNumber)).map { (sign * $0, true) } }
        guard marks.count == 1 else { return nil }
        let fraction = body.drop { $0 != "." && $0 != "," }.dropFirst()
        let isWhole = fraction.allSatisfy { $0 == "0" }
        return Double(body.replacingFirst(",", with: ".")).map { (sign * $0, isWhole) }
    }

    /// Most numbers are written as plain digits (`83`, `2010`, `20%`): read from the bytes, with
    /// the general path's result (at most 15 digits, exact in a Double). Nil for anything else.
    private static func plainDigits(_ text: String, allowPercentSign: Bool) -> Double? {
        let value = text.utf8.withContiguousStorageIfAvailable { plainDigits($0, allowPercentSign: allowPercentSign) }
        return value ?? nil
    }

    /// ``plainDigits(_:allowPercentSign:)`` of a text's UTF-8 bytes (a reader's cell: issue 29).
    static func plainDigits(_ bytes: UnsafeBufferPointer<UInt8>, allowPercentSign: Bool) -> Double? {
        var count = bytes.count
        if allowPercentSign, count > 1, bytes[count - 1] == 0x25 { count -= 1 }  // %
        guard count > 0, count <= 15 else { return nil }
        var number = 0
        for index in 0..<count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { return nil }
            number = number * 10 + Int(digit)
        }
        return Double(number)
    }

    /// `1,000`, `12.345.678`: one separator kind, groups of three after a first group of 1–3.
    private static func isGrouped(_ text: String, wholeNumber: Bool) -> Bool {
        let separator: Character = text.contains(",") ? "," : "."
        if text.contains(",") && text.contains(".") { return false }
        let groups = text.split(separator: separator, omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count) else { return false }
        if groups.count == 2 && !wholeNumber { return false }  // 1,500 reads as a decimal
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }
}

extension String {
    fileprivate func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }
}
