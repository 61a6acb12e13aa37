// Competition ranks ("1224") of scores, the one ranking rule of every path.

extension Analyzer {
    /// Competition ranks ("1224") of `scores`, highest first; nil scores are unranked.
    /// Scores are compared at 1e-9: two routes to the same score (2/6 and ⅔/2) can differ in the
    /// last bit, and equal scores must share a rank.
    static func ranks(_ scores: [Double?]) -> [Int?] {
        func key(_ score: Double) -> Double { (score * 1e9).rounded() / 1e9 }
        let present = scores.compactMap { $0 }.map(key).sorted(by: >)
        return scores.map { score in
            guard let score = score.map(key) else { return nil }
            // 1 + the number of strictly higher scores.
            var low = 0
            var high = present.count
            while low < high {
                let middle = (low + high) / 2
                if present[middle] > score { low = middle + 1 } else { high = middle }
            }
            return low + 1
        }
    }

    /// Per rank, whether another score shares it (written "1=").
    static func tied(_ ranks: [Int?]) -> [Bool] {
        var count: [Int: Int] = [:]
        for case let rank? in ranks { count[rank, default: 0] += 1 }
        return ranks.map { rank in rank.map { count[$0, default: 0] > 1 } ?? false }
    }
}
