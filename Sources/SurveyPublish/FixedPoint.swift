import Foundation

/// `String(format: "%.Nf", value)` without Foundation's formatter, which dominated writing the
/// large per-respondent tables (about 5 s of CPU at 10,000 respondents).
///
/// Exact: the value is scaled and rounded to an integer; when the scaled value lies within 1e-6
/// of a rounding boundary (where the binary product could round otherwise than printf's exact
/// decimal expansion), or is too large or not finite, the formatter itself decides.
enum FixedPoint {
    private static let scales: [Double] = [1, 10, 100, 1000, 10000]

    static func format(_ value: Double, digits: Int) -> String {
        guard digits >= 0, digits < scales.count, value.isFinite else { return slow(value, digits) }
        let negative = value.sign == .minus
        let scaled = abs(value) * scales[digits]
        // Below 1e9 the product's rounding error (< 2.3e-7) cannot cross a boundary 1e-6 away.
        guard scaled < 1e9 else { return slow(value, digits) }
        let fraction = scaled - scaled.rounded(.down)
        guard abs(fraction - 0.5) > 1e-6 else { return slow(value, digits) }
        let units = Int(scaled.rounded(.toNearestOrAwayFromZero))
        // The digits written from the right into a buffer on the stack and made one string (of
        // at most 16 bytes: units < 1e9): the integer part, then `.` and `digits` digits.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            var rest = units
            for _ in 0..<digits {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            if digits > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: ".")
            }
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if negative {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// ``format(_:digits:)`` with the fraction's trailing zeros and then a trailing `.` dropped,
    /// and `-0` written `0` (`12`, `37.5`, `0.3333`); on the text's bytes (the text is ASCII).
    static func trimmed(_ value: Double, digits: Int) -> String {
        var text = format(value, digits: digits)
        return text.withUTF8 { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "0") { end -= 1 }
            if end > 0, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            if end == 2, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "0") { return "0" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
    }

    private static func slow(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
