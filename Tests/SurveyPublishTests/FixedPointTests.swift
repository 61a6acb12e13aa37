import Foundation
@testable import SurveyPublish
import SurveyModel
import Testing

/// The fast fixed-point formatter writes exactly what `String(format: "%.Nf")` writes.
@Suite struct FixedPointTests {
    @Test(arguments: [0, 1, 2, 3, 4])
    func agreesWithPrintf(digits: Int) {
        var random = SplitMix64(seed: UInt64(41 + digits))
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 1.45, 2.5, -0.04, -0.05, -2.5, 99.95, 100, 0.0005, 12.3456789, 1e9, -1e12, 1e300, .infinity, -.infinity, .nan]
        for _ in 0..<20_000 {
            let magnitude = [1.0, 10, 100, 1000, 1e6][Int(random.next() % 5)]
            values.append((random.unit() - 0.3) * magnitude)
            // Exact halves and values a hair away from them.
            let half = (Double(Int(random.next() % 20000)) + 0.5) / pow(10, Double(digits))
            values += [half, half.nextUp, half.nextDown, -half]
        }
        var mismatches: [String] = []
        for value in values where FixedPoint.format(value, digits: digits) != String(format: "%.\(digits)f", value) {
            mismatches.append("\(value): \(FixedPoint.format(value, digits: digits)) vs \(String(format: "%.\(digits)f", value))")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// `Publisher.decimal`'s trimming on the bytes: as printf's text with its trailing zeros, then
    /// a trailing point, dropped by characters, and `-0` written `0`.
    @Test func trimmedIsPrintfWithoutTrailingZeros() {
        var random = SplitMix64(seed: 4)
        var values: [Double] = [
            0, -0.0, -0.00004, -0.00005, 0.00005, 0.5, -0.5, 10, -10, 100, 1000.5, 0.1, 0.12, 0.123, 0.1234, 0.12345, 99.99995,
            1e9, -1e12, 1e300, .infinity, -.infinity, .nan,
        ]
        for _ in 0..<20_000 {
            let magnitude = [0.001, 1.0, 10, 100, 1e6][Int(random.next() % 5)]
            values.append((random.unit() - 0.3) * magnitude)
            values.append(Double(Int(random.next() % 2000) - 1000) / [1, 10, 100, 1000, 10000][Int(random.next() % 5)])
        }
        for value in values {
            var expected = String(format: "%.4f", value)
            while expected.hasSuffix("0") { expected.removeLast() }
            if expected.hasSuffix(".") { expected.removeLast() }
            if expected == "-0" { expected = "0" }
            #expect(FixedPoint.trimmed(value, digits: 4) == expected, "\(value)")
            #expect(Publisher.decimal(value) == expected, "\(value)")
        }
    }
}

/// The drivers cell (`priorities_by_country.csv`), appended in one string by index: the text of
/// the three components adding most, as it was written with interpolated strings.
@Suite struct PriorityDriversTests {
    @Test func driversAreTheTopThreeComponentsAsWritten() {
        var random = SplitMix64(seed: 29)
        var compared = 0
        for _ in 0..<3000 {
            let count = Int(random.next() % 7)
            let components = (0..<count).map { index -> PriorityComponent in
                // Few weights and gaps, so points tie often; ids out of order.
                let gap: Double? = random.next() % 5 == 0 ? nil : [0, 0.25, 0.5, 1][Int(random.next() % 4)]
                return PriorityComponent(
                    kind: .gap, id: "g\((index * 7) % 10)", weight: [0.5, 1, 1.5, 2.125][Int(random.next() % 4)], gap: gap,
                    itemsAnswered: 1, itemsTotal: 2, answers: random.next() % 2 == 0 ? "" : "q=yes, é")
            }
            let row = PriorityScore(
                round: "2026", country: "GHA", area: "a", pillar: "p", score: 50, coverage: 1, requested: nil, components: components)
            let ranked = row.components.compactMap { component -> (PriorityComponent, Double)? in
                guard let points = row.points(of: component), points > 0 else { return nil }
                return (component, points)
            }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.id < $1.0.id) }
            let expected = ranked.prefix(3).map { component, points in
                "\(component.id) (\(component.answers); weight \(Publisher.decimal(component.weight)); +\(String(format: "%.1f", points)))"
            }.joined(separator: "; ")
            #expect(Publisher.drivers(row) == expected)
            if ranked.count > 1 { compared += 1 }
        }
        #expect(compared > 1000)
    }
}
