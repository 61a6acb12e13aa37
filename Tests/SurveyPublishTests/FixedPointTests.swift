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
}
