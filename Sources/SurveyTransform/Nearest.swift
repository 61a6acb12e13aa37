/// The one candidate a mistyped text most likely meant, by edit distance between folded keys
/// (``MatchKey``): suggestions for countries, options and question headers.
///
/// Never a guess: a candidate is returned only when it is within the threshold and clearly
/// closer than every other candidate naming something else (the uniqueness margin). Candidates
/// are (key, value) pairs; several keys may name one value (a label in six languages) and count
/// as one.
public enum Nearest {
    /// The most edits allowed for a key of `length` characters: none below 4 characters (too
    /// many short words are one edit apart), then about one edit per four characters, at most 4.
    public static func threshold(forLength length: Int) -> Int {
        length < 4 ? 0 : min(4, max(1, length / 4))
    }

    /// The value whose closest key is within ``threshold(forLength:)`` of `key` and at least
    /// `margin` edits closer than the closest key of any other value; nil otherwise (nothing
    /// close, or two values close).
    public static func value<Value: Hashable>(
        for key: String, among candidates: [(key: String, value: Value)], margin: Int = 2,
        threshold: Int? = nil
    ) -> Value? {
        let target = Array(key.unicodeScalars)
        guard !target.isEmpty else { return nil }
        let limit = threshold ?? Self.threshold(forLength: target.count)
        guard limit > 0 else { return nil }
        var best: [Value: Int] = [:]
        // Candidates further than limit + margin cannot be the answer nor spoil it.
        let horizon = limit + margin
        for candidate in candidates {
            let scalars = Array(candidate.key.unicodeScalars)
            guard abs(scalars.count - target.count) <= horizon else { continue }
            let distance = Self.distance(target, scalars, atMost: horizon)
            guard distance <= horizon else { continue }
            if distance < best[candidate.value] ?? Int.max { best[candidate.value] = distance }
        }
        let ranked = best.sorted { $0.value < $1.value }
        guard let first = ranked.first, first.value <= limit else { return nil }
        if ranked.count > 1 && ranked[1].value - first.value < margin { return nil }
        return first.key
    }

    /// Optimal string alignment distance (Levenshtein plus transposition of two neighbours:
    /// `Madagscar`, `Mdagascar`); stops counting past `atMost` (returns `atMost + 1`).
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost: Int = Int.max - 1) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > atMost { return atMost + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return min(previous[b.count], atMost + 1)
    }

    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }
}
