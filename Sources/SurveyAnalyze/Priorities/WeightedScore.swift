// The weighted score of an area's components, 100 × Σ w·gap / Σ w: the one formula, and the
// adapters through which every path (rows, leave-one-out, Monte Carlo draws, compact scores) calls it.

import SurveyModel

extension Analyzer {
    /// The weighted score: 100 × Σ w·gap / Σ w over the answered components (those whose
    /// `gap(k)` is not nil), nil when Σ w ≤ 0, for components `0..<count` with weights
    /// `weight(k)`. The one formula of every path (a row's score, leave-one-out, each Monte Carlo
    /// draw, the compact scores): the same operations in the same order, so the same bits
    /// wherever a score is computed. Inlined, so that the draws' loop over buffers allocates
    /// nothing and calls nothing.
    @inline(__always)
    static func weightedScore(count: Int, gap: (Int) -> Double?, weight: (Int) -> Double) -> Double? {
        var numerator = 0.0
        var denominator = 0.0
        for k in 0..<count {
            guard let gap = gap(k) else { continue }
            let weight = weight(k)
            numerator += weight * gap
            denominator += weight
        }
        return denominator > 0 ? 100 * numerator / denominator : nil
    }

    /// ``weightedScore(count:gap:weight:)`` of a row's components, with the given weights (as
    /// many as the components).
    static func weightedScore(_ components: [PriorityComponent], weights: [Double]) -> Double? {
        weightedScore(count: min(components.count, weights.count), gap: { components[$0].gap }, weight: { weights[$0] })
    }

    /// ``weightedScore(count:gap:weight:)`` over plain gaps, with the weight of component
    /// `leftOut` (if any) taken as 0.
    @inline(__always)
    static func weightedScore(_ gaps: [Double?], weights: [Double], leftOut: Int?) -> Double? {
        weightedScore(count: gaps.count, gap: { gaps[$0] }, weight: { $0 == leftOut ? 0 : weights[$0] })
    }
}
