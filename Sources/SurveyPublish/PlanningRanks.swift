// Ranks as the internal edition shows them: tied scores share a rank, written "1=".
public import SurveyModel

public enum PlanningRanks {
    /// Per area and country (`"area|ISO3"`), the rank of its score among the rows of that area
    /// (1 = the highest; competition ranking: tied scores share the rank and the next is skipped),
    /// written "k=" when the score is tied. Rows without a score have no rank.
    public static func ranks(_ rows: [PriorityScore]) -> [String: String] {
        var byArea: [String: [Double]] = [:]
        for row in rows { if let score = row.score { byArea[row.area, default: []].append(score) } }
        var result: [String: String] = [:]
        for row in rows {
            guard let score = row.score, let scores = byArea[row.area] else { continue }
            let rank = 1 + scores.filter { $0 > score }.count
            let tied = scores.filter { $0 == score }.count > 1
            result["\(row.area)|\(row.country)"] = tied ? "\(rank)=" : "\(rank)"
        }
        return result
    }
}
