import Foundation
public import SurveyModel

/// What revision resolution needs to know of a submission: a small copy, so that a streamed run
/// can resolve revisions over the whole inbox without keeping every submission's answers.
public struct RevisionCandidate: Sendable {
    public var id: String
    public var location: SourceLocation
    public var country: String?
    public var round: String
    public var respondent: String?
    public var status: SubmissionStatus
    public var instanceID: String?
    public var deprecatedID: String?
    public var submittedAt: String?

    public init(_ submission: Submission) {
        id = submission.id
        location = submission.location
        country = submission.country
        round = submission.round
        respondent = submission.respondent
        status = submission.status
        instanceID = submission.metadata.instanceID
        deprecatedID = submission.metadata.deprecatedID
        submittedAt = submission.metadata.submittedAt
    }
}

/// One decision of revision resolution: the candidate at `loser` is superseded by the one at
/// `winner` (indexes into the candidates), with the diagnostic that says so.
public struct Supersession: Sendable {
    public var loser: Int
    public var winner: Int
    public var diagnostic: Diagnostic
}

extension Transformer {
    /// Keeps the latest accepted submission of each country and round (and respondent, when the
    /// pipeline file declares a respondent key) and marks the others superseded, pointing at the
    /// one that replaced them. The caller hands the submissions in batch order.
    public static func resolveRevisions(_ submissions: inout [Submission]) {
        for decision in supersessions(submissions.map(RevisionCandidate.init)) {
            submissions[decision.loser].status = .superseded
            submissions[decision.loser].reason = .submissionSuperseded
            submissions[decision.loser].supersededBy = submissions[decision.winner].id
            submissions[decision.loser].diagnostics.append(decision.diagnostic)
        }
    }

    /// The supersessions among `candidates` (in batch order).
    ///
    /// "Latest", in this order: a submission whose `deprecatedID` names another's instance id
    /// replaces it (ODK edits); then the later submission time, where both formats carry one
    /// (`submissionDate`, `timeEnd`, Central's `SubmissionDate`, Kobo's `_submission_time`);
    /// then batch order (files by path, then submissions in file order). File modification
    /// times are never used.
    public static func supersessions(_ candidates: [RevisionCandidate]) -> [Supersession] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, candidate) in candidates.enumerated() where candidate.status == .accepted {
            guard let country = candidate.country else { continue }
            let key = country + "\u{1F}" + candidate.round + "\u{1F}" + (candidate.respondent ?? "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var decisions: [Supersession] = []
        for key in order {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            // Instances replaced through a deprecatedID chain can never be the latest.
            let instanceIDs = Set(members.compactMap { instanceKey(candidates[$0].instanceID) })
            let replaced = Set(members.compactMap { index -> String? in
                guard let old = instanceKey(candidates[index].deprecatedID), instanceIDs.contains(old) else { return nil }
                return old
            })
            // Submission time decides only when every candidate carries one; otherwise batch order.
            let remaining = members.filter { index in
                guard let id = instanceKey(candidates[index].instanceID) else { return true }
                return !replaced.contains(id)
            }
            let times = remaining.map { submittedTime(candidates[$0].submittedAt) }
            let byTime = !times.contains(where: { $0 == nil })
            var latest = remaining.last
            if byTime, let best = zip(remaining, times).max(by: { ($0.1!, $0.0) < ($1.1!, $1.0) }) { latest = best.0 }
            guard let winner = latest ?? members.last else { continue }
            for index in members where index != winner {
                let how: String
                if let id = instanceKey(candidates[index].instanceID), replaced.contains(id) {
                    how = "an edit of this instance (deprecatedID)"
                } else if byTime {
                    how = "a later submission time"
                } else {
                    how = "a later file in path order"
                }
                let diagnostic = Diagnostic(
                    .submissionSuperseded, at: candidates[index].location,
                    expected: candidates[index].respondent == nil
                        ? "one submission per country and round" : "one submission per respondent and round",
                    found: "replaced by \(candidates[winner].id)", detail: how, submissionID: candidates[index].id)
                decisions.append(Supersession(loser: index, winner: winner, diagnostic: diagnostic))
            }
        }
        return decisions
    }

    /// Instance ids compare without their `uuid:` prefix (Kobo's `_uuid` has none).
    static func instanceKey(_ id: String?) -> String? {
        guard var key = id?.trimmingWhitespace().lowercased(), !key.isEmpty else { return nil }
        if key.hasPrefix("uuid:") { key.removeFirst(5) }
        return key
    }

    static func submittedTime(_ written: String?) -> Double? {
        guard let text = written?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return TimestampParser.seconds(text)
    }
}

/// Reads the timestamps survey tools write: ISO 8601 with or without fraction and zone
/// (`2018-04-26T08:58:20.525Z`, `2024-03-01T10:22:33`, `2024-03-01 10:22:33+01:00`) and
/// Briefcase's `Apr 26, 2018 8:58:20 AM`. A time without a zone is taken as UTC.
enum TimestampParser {
    static func seconds(_ text: String) -> Double? {
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            iso.formatOptions = options
            if let date = iso.date(from: text.replacingOccurrences(of: " ", with: "T")) { return date.timeIntervalSince1970 }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "MMM d, yyyy h:mm:ss a", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
