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
    /// The run that first saw the submission's file (by content hash, ``FileArrival``); nil when
    /// the file arrives in the run being made, which is later than any recorded one.
    public var arrival: Int64?
    /// The file's place in the inbox's `revisions.yml` manifests (oldest first); nil when no
    /// manifest lists it.
    public var manifestRank: Int?
    /// The questions the submission answers (kept answers), for `revision-drops-answers` and a
    /// complement's `submission-merged` note, and the repeat groups it answers (`laws`), each
    /// once: a complement replaces a repeat whole (docs/formats.md, Complements), so the note
    /// names the repeat, and a revision without the laws the previous one listed drops them.
    /// Held as indexes into `items`, the run's one table of these names (``AnsweredItems``), and
    /// given back in no order to rely on (the table's for most submissions; the notes sort them).
    public var answered: [String] { items.names(answeredIndexes.indexes) }
    private let answeredIndexes: AnsweredItems
    private let items: CandidateItems
    /// The file's place among the files declared complements (`complements:` in a
    /// `revisions.yml`, oldest first); nil when the file is not a complement. A complement's
    /// answers merge onto the country's current submission instead of replacing it.
    public var complementRank: Int?

    /// The candidate of `submission`; `items` is the table its answered items' names are kept in,
    /// shared by every candidate of a run (a table of its own when not given).
    public init(
        _ submission: Submission, arrival: Int64? = nil, manifestRank: Int? = nil, complementRank: Int? = nil,
        items: CandidateItems = CandidateItems()
    ) {
        self.arrival = arrival
        self.manifestRank = manifestRank
        self.complementRank = complementRank
        self.items = items
        if submission.status == .accepted {
            var repeats: [String] = []
            for answer in submission.repeatAnswers {
                if let id = answer.path?.steps.first?.repeatID, !repeats.contains(id) { repeats.append(id) }
            }
            // By index: mapping `\.questionID` over the answers copied each one (a retain and a
            // release of every string in it), on the writer's thread.
            let answers = submission.answers
            answeredIndexes = AnsweredItems(items.indexes(of: answers.indices.lazy.map { answers[$0].questionID }, then: repeats))
        } else {
            answeredIndexes = AnsweredItems([])
        }
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

/// A candidate's answered items as indexes into the run's ``CandidateItems``. Items answered
/// once each, all with an index below 256 (nearly every submission), are kept as a set of bits
/// inside the candidate and given back in index order; others as the list given (an item named
/// twice is counted twice, as given). Every submission has a candidate until revisions are
/// resolved: the list took about 300 bytes of each (150 MB at 500,000 respondents). Bits rising
/// in the given order only were tried first: a run's submissions come in several orders (a CSV
/// export's columns, an XForm's fields, the repeat groups after the questions), so the list was
/// still the rule.
enum AnsweredItems: Sendable, Equatable {
    /// Index `i` is bit `i % 64` of word `i / 64`.
    case bits(UInt64, UInt64, UInt64, UInt64)
    case list([Int32])

    init(_ indexes: [Int32]) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for index in indexes {
            guard index >= 0, index < 256 else {
                self = .list(indexes)
                return
            }
            let bit: UInt64 = 1 << UInt64(index % 64)
            let had: Bool
            switch index / 64 {
            case 0: had = words.0 & bit != 0; words.0 |= bit
            case 1: had = words.1 & bit != 0; words.1 |= bit
            case 2: had = words.2 & bit != 0; words.2 |= bit
            default: had = words.3 & bit != 0; words.3 |= bit
            }
            if had {
                self = .list(indexes)
                return
            }
        }
        self = .bits(words.0, words.1, words.2, words.3)
    }

    /// The indexes: in index order when kept as bits, else as given.
    var indexes: [Int32] {
        switch self {
        case .list(let indexes):
            return indexes
        case .bits(let w0, let w1, let w2, let w3):
            let words = [w0, w1, w2, w3]
            var indexes: [Int32] = []
            indexes.reserveCapacity(words.reduce(0) { $0 + $1.nonzeroBitCount })
            for (word, value) in words.enumerated() {
                var bits = value
                while bits != 0 {
                    indexes.append(Int32(word * 64 + bits.trailingZeroBitCount))
                    bits &= bits - 1
                }
            }
            return indexes
        }
    }
}

/// The names of the items revision candidates answer (question ids, then repeat ids), each held
/// once for a run: a candidate keeps indexes into it. Every submission of the inbox has a
/// candidate until revisions are resolved, and its names as `[String]` took about a kilobyte
/// (50 MB at 50,000 respondents, the largest part of the load phase's memory).
public final class CandidateItems: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    private var indexes: [String: Int32] = [:]

    public init() {}

    /// How many names the table holds.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return names.count
    }

    /// The indexes of `first` then `then`, in that order, adding the names not yet held.
    func indexes(of first: some Sequence<String>, then: [String]) -> [Int32] {
        lock.lock()
        defer { lock.unlock() }
        var result: [Int32] = []
        result.reserveCapacity(first.underestimatedCount + then.count)
        var previous: Int32 = -1
        for name in first {
            previous = index(of: name, after: previous)
            result.append(previous)
        }
        for name in then { result.append(index(of: name)) }
        return result
    }

    /// The names at `indexes`, in their order.
    func names(_ indexes: [Int32]) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return indexes.map { names[Int($0)] }
    }

    /// The index of `name`; the name after `previous` is tried first (a submission answers in
    /// the order the run first met its items, nearly always: no hashing then).
    private func index(of name: String, after previous: Int32) -> Int32 {
        let next = Int(previous) + 1
        if next < names.count, names[next] == name { return Int32(next) }
        return index(of: name)
    }

    private func index(of name: String) -> Int32 {
        if let known = indexes[name] { return known }
        let new = Int32(names.count)
        names.append(name)
        indexes[name] = new
        return new
    }
}

/// One decision of revision resolution: the candidate at `loser` is superseded by the one at
/// `winner` (indexes into the candidates), with the diagnostic that says so.
public struct Supersession: Sendable {
    public var loser: Int
    public var winner: Int
    public var diagnostic: Diagnostic
}

/// One merge of revision resolution: the complement at `complement` merges onto the kept
/// submission at `base` (indexes into the candidates), with its `submission-merged` note. Merges
/// come oldest first: a later complement's answer wins on an item both answer.
public struct Merge: Sendable {
    public var complement: Int
    public var base: Int
    public var diagnostic: Diagnostic
}

/// What revision resolution decided: the supersessions, the merges of complements, and the
/// warnings it raised about submissions it did not supersede (a `revision-cycle`, at the
/// submission it kept of the cycle).
public struct RevisionDecisions: Sendable {
    public var supersessions: [Supersession] = []
    public var merges: [Merge] = []
    public var warnings: [Diagnostic] = []
}

extension RevisionDecisions {
    /// The submission kept among `members` (none superseded so far): the one not superseded.
    func kept(of members: [Int]) -> Int? {
        let losers = Set(supersessions.map(\.loser))
        return members.last { !losers.contains($0) }
    }
}

extension Transformer {
    /// Keeps the latest accepted submission of each country and round (and respondent, when the
    /// pipeline file declares a respondent key) and marks the others superseded, pointing at the
    /// one that replaced them. The caller hands the submissions in batch order.
    public static func resolveRevisions(_ submissions: inout [Submission]) {
        let items = CandidateItems()
        let decisions = revisionDecisions(submissions.map { RevisionCandidate($0, items: items) })
        for decision in decisions.supersessions {
            submissions[decision.loser].status = .superseded
            submissions[decision.loser].reason = .submissionSuperseded
            submissions[decision.loser].supersededBy = submissions[decision.winner].id
            submissions[decision.loser].diagnostics.append(submissions[decision.loser].stamping(decision.diagnostic))
        }
        let index = Dictionary(submissions.indices.map { (submissions[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        for warning in decisions.warnings {
            guard let id = warning.submissionID, let at = index[id] else { continue }
            submissions[at].diagnostics.append(submissions[at].stamping(warning))
        }
    }

    /// The supersessions among `candidates` (in batch order); ``revisionDecisions(_:)`` without its warnings.
    public static func supersessions(_ candidates: [RevisionCandidate]) -> [Supersession] {
        revisionDecisions(candidates).supersessions
    }

    /// The supersessions among `candidates` (in batch order), and the warnings.
    ///
    /// "Latest", in this order: a submission whose `deprecatedID` names another's instance id
    /// replaces it (ODK edits); then the later place in the inbox's `revisions.yml` manifest,
    /// when every remaining candidate's file is listed (``RevisionCandidate/manifestRank``); then
    /// the later submission time, when every remaining candidate carries one (`submissionDate`,
    /// `timeEnd`, Central's `SubmissionDate`, Kobo's `_submission_time`, a `submitted` column or
    /// attribute); then arrival (``RevisionCandidate/arrival``: a file first seen in a later run
    /// is newer); then batch order (files by path, then submissions in file order), with a
    /// `revision-order-ambiguous` warning at the kept submission when path order decided between
    /// files. File modification times are never used.
    ///
    /// `deprecatedID` links that form a cycle (A names B and B names A, or longer; an instance
    /// that names itself) say nothing about which is the edit: they are ignored, each cycle is a
    /// `revision-cycle` warning naming its instances, and in a group that holds a cycle the kept
    /// submission is the one with the latest submission time (a submission without one counts as
    /// the earliest), then the greatest instance id, then batch order only between
    /// submissions equal in both: the same inbox gives the same answer whatever its files are
    /// called.
    public static func revisionDecisions(_ candidates: [RevisionCandidate]) -> RevisionDecisions {
        // The accepted candidates by country, round and respondent (none and an empty one alike),
        // each group's members in candidate order, the groups in the order of their first
        // member: a chain of indexes, not an array per group nor a key text per candidate (their
        // allocations were most of this function's time, which the writer spends alone after the
        // stream: 0.13 s at 50,000). By index: a copy of each candidate counted its strings up and
        // down.
        struct GroupKey: Hashable {
            var country: String
            var round: String
            var respondent: String
        }
        var groupOf: [GroupKey: Int] = [:]
        groupOf.reserveCapacity(candidates.count)
        var firsts: [Int] = []
        var lasts: [Int] = []
        var next = [Int](repeating: -1, count: candidates.count)
        for index in candidates.indices where candidates[index].status == .accepted {
            guard let country = candidates[index].country else { continue }
            let key = GroupKey(country: country, round: candidates[index].round, respondent: candidates[index].respondent ?? "")
            if let group = groupOf[key] {
                next[lasts[group]] = index
                lasts[group] = index
            } else {
                groupOf[key] = firsts.count
                firsts.append(index)
                lasts.append(index)
            }
        }
        groupOf = [:]
        var decisions = RevisionDecisions()
        for first in firsts {
            // A group of one that is no complement: nothing to decide (nearly every group).
            if next[first] < 0, candidates[first].complementRank == nil { continue }
            var group: [Int] = []
            var member = first
            while member >= 0 {
                group.append(member)
                member = next[member]
            }
            // Complements stand aside: the others are resolved among themselves, then each
            // complement, oldest first, merges onto the one kept.
            var members = group.filter { candidates[$0].complementRank == nil }
            var complements = group.filter { candidates[$0].complementRank != nil }.sorted { a, b in
                let left = (candidates[a].complementRank!, submittedTime(candidates[a].submittedAt) ?? 0, candidates[a].arrival ?? .max, a)
                let right = (candidates[b].complementRank!, submittedTime(candidates[b].submittedAt) ?? 0, candidates[b].arrival ?? .max, b)
                return left < right
            }
            if members.isEmpty, let first = complements.first {
                // Nothing to merge onto: the oldest complement stands as the submission.
                complements.removeFirst()
                members = [first]
                decisions.warnings.append(
                    Diagnostic(
                        .complementWithoutBase, at: candidates[first].location,
                        expected: "another submission of \(candidates[first].country ?? "") \(candidates[first].round) to merge onto",
                        found: "\(candidates[first].answered.count) answered",
                        detail: "declared a complement in revisions.yml, but no other submission of its country and round is in "
                            + "the inbox; \(candidates[first].id) stands as the submission, with only the items it answers",
                        submissionID: candidates[first].id))
            }
            defer {
                if !complements.isEmpty, let base = decisions.kept(of: members) {
                    decisions.merges += Self.merges(complements, onto: base, candidates)
                }
            }
            guard members.count > 1 else { continue }
            let instanceIDs = Set(members.compactMap { instanceKey(candidates[$0].instanceID) })
            // The deprecatedID links within the group: an edit's instance → the instance it replaces.
            var links: [String: Set<String>] = [:]
            for index in members {
                guard let new = instanceKey(candidates[index].instanceID), let old = instanceKey(candidates[index].deprecatedID),
                    instanceIDs.contains(old)
                else { continue }
                links[new, default: []].insert(old)
            }
            let cycles = Self.cycles(links)
            let cycleOf = Dictionary(cycles.enumerated().flatMap { number, cycle in cycle.map { ($0, number) } }, uniquingKeysWith: { a, _ in a })
            // Instances replaced through a deprecatedID chain can never be the latest; a link
            // within a cycle replaces nothing.
            var replaced = Set<String>()
            for (new, olds) in links {
                for old in olds where cycleOf[new] == nil || cycleOf[new] != cycleOf[old] { replaced.insert(old) }
            }
            let remaining = members.filter { index in
                guard let id = instanceKey(candidates[index].instanceID) else { return true }
                return !replaced.contains(id)
            }
            // The order of the rest: the manifest, then the submission time, each only when every
            // remaining candidate has one; then arrival (a file first seen in a later run is newer;
            // a file new in this run is the newest); then batch order, which is path order between
            // files (warned: revision-order-ambiguous) and the sender's order within one file.
            let byManifest = !remaining.contains { candidates[$0].manifestRank == nil }
            let byTime = !remaining.contains { submittedTime(candidates[$0].submittedAt) == nil }
            // Also asked of members an edit replaced (for the one the kept submission replaces
            // directly), which may lack the rank or the time every remaining one has: they then
            // count as the oldest (a forced read of them stopped the run).
            func orderKey(_ index: Int) -> OrderKey {
                OrderKey(
                    manifest: byManifest ? candidates[index].manifestRank ?? 0 : 0,
                    time: byTime ? submittedTime(candidates[index].submittedAt) ?? 0 : 0,
                    arrival: candidates[index].arrival ?? .max)
            }
            var latest = remaining.last
            if !cycles.isEmpty {
                latest = Self.keptOfCycle(remaining, candidates)
            } else if let best = remaining.max(by: { (orderKey($0), $0) < (orderKey($1), $1) }) {
                latest = best
            }
            guard let winner = latest ?? members.last else { continue }
            for cycle in cycles {
                let inCycle = members.filter { instanceKey(candidates[$0].instanceID).map(cycle.contains) ?? false }
                guard let at = inCycle.contains(winner) ? winner : Self.keptOfCycle(inCycle, candidates) else { continue }
                let shown = (cycle + [cycle[0]]).joined(separator: " → ")
                decisions.warnings.append(
                    Diagnostic(
                        .revisionCycle, at: candidates[at].location, expected: "each edit names an earlier instance in deprecatedID",
                        found: shown,
                        detail: "the deprecatedID links form a cycle, so none is an edit of another; kept \(candidates[winner].id) "
                            + "(the latest submission time, then the greatest instance id)",
                        submissionID: candidates[at].id))
            }
            let winnerFile = candidates[winner].location.file
            if cycles.isEmpty {
                // Path order decided between files: nothing in the data or the store says which is newer.
                let tied = remaining.filter { $0 != winner && orderKey($0) == orderKey(winner) && candidates[$0].location.file != winnerFile }
                if !tied.isEmpty {
                    let others = Array(Set(tied.map { candidates[$0].location.file })).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                    decisions.warnings.append(
                        Diagnostic(
                            .revisionOrderAmbiguous, at: candidates[winner].location,
                            expected: "a deprecatedID link, a revisions.yml entry, a submission time or a later arrival that says which is the latest",
                            found: (others + [winnerFile]).joined(separator: " and "),
                            detail: "kept \(candidates[winner].id) because \(winnerFile) sorts after \(others.joined(separator: ", ")) "
                                + "and they arrived in the same run; if the other is the correction, give each submission a time "
                                + "(a 'submitted' column or attribute) or list the files, oldest first, under 'order:' in a revisions.yml "
                                + "in the inbox",
                            submissionID: candidates[winner].id))
                }
            }
            // The submission the kept one replaces directly: the newest of the others (those not
            // replaced by an edit first). A revision answering fewer items drops answers: say which.
            let remainingSet = Set(remaining)
            let previous = members.filter { $0 != winner }.max { a, b in
                (remainingSet.contains(a) ? 1 : 0, orderKey(a), a) < (remainingSet.contains(b) ? 1 : 0, orderKey(b), b)
            }
            if let previous {
                let before = Set(candidates[previous].answered), after = Set(candidates[winner].answered)
                if after.count < before.count {
                    let lost = before.subtracting(after).sorted()
                    decisions.warnings.append(
                        Diagnostic(
                            .revisionDropsAnswers, at: candidates[winner].location,
                            expected: "the \(before.count) items answered in \(candidates[previous].id)",
                            found: "\(after.count) answered; \(lost.count) lose their answer: \(lost.joined(separator: ", "))",
                            detail: "\(candidates[winner].id) replaces \(candidates[previous].id) whole, so these items are no longer "
                                + "answered for \(candidates[winner].country ?? "") \(candidates[winner].round)",
                            submissionID: candidates[winner].id))
                }
            }
            for index in members where index != winner {
                let how: String
                if let id = instanceKey(candidates[index].instanceID), replaced.contains(id) {
                    how = "an edit of this instance (deprecatedID)"
                } else if !cycles.isEmpty {
                    how = "a later submission time, or the same and a greater instance id (the deprecatedID links form a cycle)"
                } else {
                    let loserKey = orderKey(index), winnerKey = orderKey(winner)
                    if loserKey.manifest != winnerKey.manifest {
                        how = "listed later in revisions.yml"
                    } else if loserKey.time != winnerKey.time {
                        how = "a later submission time"
                    } else if loserKey.arrival != winnerKey.arrival {
                        how = "its file arrived in a later run"
                    } else if candidates[index].location.file == winnerFile {
                        how = "later in the same file"
                    } else {
                        how = "a later file in path order"
                    }
                }
                let diagnostic = Diagnostic(
                    .submissionSuperseded, at: candidates[index].location,
                    expected: candidates[index].respondent == nil
                        ? "one submission per country and round" : "one submission per respondent and round",
                    found: "replaced by \(candidates[winner].id)", detail: how, submissionID: candidates[index].id)
                decisions.supersessions.append(Supersession(loser: index, winner: winner, diagnostic: diagnostic))
            }
        }
        return decisions
    }

    /// The merges of `complements` (oldest first) onto the submission at `base`: each one's
    /// `submission-merged` note names the base and the items whose answer it replaces (answered
    /// by the base or by an earlier complement).
    static func merges(_ complements: [Int], onto base: Int, _ candidates: [RevisionCandidate]) -> [Merge] {
        var answered = Set(candidates[base].answered)
        var merges: [Merge] = []
        for index in complements {
            let own = Set(candidates[index].answered)
            let replaced = own.intersection(answered).sorted()
            let added = own.subtracting(answered).sorted()
            var detail = "declared a complement in revisions.yml: its answers are added to \(candidates[base].id) and keep "
                + "their own file (\(candidates[index].location.file))"
            if !replaced.isEmpty {
                detail += "; on \(replaced.joined(separator: ", ")), answered before, this complement's answer wins"
            }
            merges.append(
                Merge(
                    complement: index, base: base,
                    diagnostic: Diagnostic(
                        .submissionMerged, at: candidates[index].location,
                        expected: "one submission per country and round",
                        found: "merged into \(candidates[base].id): \(added.count) added, \(replaced.count) replaced"
                            + (added.isEmpty ? "" : " (added: \(added.joined(separator: ", ")))"),
                        detail: detail, submissionID: candidates[index].id)))
            answered.formUnion(own)
        }
        return merges
    }

    /// What orders the revisions of a country and round after deprecatedID links, compared in
    /// this order (greater is newer): manifest rank, submission time, arrival run.
    struct OrderKey: Equatable, Comparable {
        var manifest: Int
        var time: Double
        var arrival: Int64

        static func < (a: OrderKey, b: OrderKey) -> Bool {
            (a.manifest, a.time, a.arrival) < (b.manifest, b.time, b.arrival)
        }
    }

    /// The submission kept among `indexes` when deprecatedID links cannot say: the latest
    /// submission time (none counts as the earliest), then the greatest instance id, then the
    /// later in batch order.
    static func keptOfCycle(_ indexes: [Int], _ candidates: [RevisionCandidate]) -> Int? {
        indexes.max { a, b in
            let left = (submittedTime(candidates[a].submittedAt) ?? -.infinity, instanceKey(candidates[a].instanceID) ?? "")
            let right = (submittedTime(candidates[b].submittedAt) ?? -.infinity, instanceKey(candidates[b].instanceID) ?? "")
            return left != right ? left < right : a < b
        }
    }

    /// The cycles of the deprecatedID links (each the instances of one strongly connected part
    /// that holds a cycle), each from its smallest instance id along the links, sorted.
    static func cycles(_ links: [String: Set<String>]) -> [[String]] {
        func reach(from start: String) -> Set<String> {
            var seen = Set<String>()
            var stack = Array(links[start] ?? [])
            while let next = stack.popLast() {
                guard seen.insert(next).inserted else { continue }
                stack += links[next] ?? []
            }
            return seen
        }
        let reachable = Dictionary(uniqueKeysWithValues: links.keys.map { ($0, reach(from: $0)) })
        var done = Set<String>()
        var result: [[String]] = []
        for start in links.keys.sorted() where !done.contains(start) && reachable[start]!.contains(start) {
            let part = Set(reachable[start]!.filter { reachable[$0]?.contains(start) ?? false })
            done.formUnion(part)
            // Walk the links within the part from its smallest id until back at the start.
            var path = [start]
            var current = start
            while let next = links[current]?.filter(part.contains).sorted().first(where: { !path.contains($0) }) {
                path.append(next)
                current = next
            }
            // Members the walk did not pass through (a part with several cycles) are named too.
            result.append(path + part.subtracting(path).sorted())
        }
        return result
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

/// A submission's time as its sender's tool wrote it (``SubmissionMetadata/submittedAt``), as
/// revision order reads it: seconds since 1970, UTC; nil when there is none or it cannot be read.
public enum SubmissionTime {
    public static func seconds(_ written: String?) -> Double? {
        guard let text = written?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return TimestampParser.seconds(text)
    }
}

/// Reads the timestamps survey tools write: ISO 8601 with or without fraction and zone
/// (`2018-04-26T08:58:20.525Z`, `2024-03-01T10:22:33`, `2024-03-01 10:22:33+01:00`) and
/// Briefcase's `Apr 26, 2018 8:58:20 AM`. A time without a zone is taken as UTC.
public enum TimestampParser {
    public static func seconds(_ text: String) -> Double? {
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

extension Submission {
    /// A diagnostic about this submission, naming its country and sender's language as those
    /// raised when it was checked do.
    func stamping(_ diagnostic: Diagnostic) -> Diagnostic {
        var copy = diagnostic
        copy.country = copy.country ?? country
        copy.senderLanguage = copy.senderLanguage ?? senderLanguage
        return copy
    }
}
