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
        var text = negative ? "-" : ""
        if digits == 0 { return text + String(units) }
        let divisor = Int(scales[digits])
        text += String(units / divisor)
        text += "."
        let remainder = String(units % divisor)
        text += String(repeating: "0", count: digits - remainder.count) + remainder
        return text
    }

    private static func slow(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
