import SurveyModel
import Testing

@testable import SurveyTransform

/// A revision candidate's answered items (``AnsweredItems``): distinct indexes below 256, in any
/// order, kept as bits and given back in index order; others as the list, given back as given.
@Suite struct AnsweredItemsTests {
    @Test func distinctIndexesBelow256AreBitsInAnyOrder() {
        let cases: [[Int32]] = [
            [], [0], [0, 1, 2, 58], [3, 63, 64, 65, 127, 128, 191, 192, 255], Array(0..<256), [2, 0, 3],
            Array(0..<70) + [40 + 70], [200, 5, 130, 64],
        ]
        for indexes in cases {
            let items = AnsweredItems(indexes)
            guard case .bits = items else {
                Issue.record("\(indexes) should be kept as bits")
                continue
            }
            #expect(items.indexes == indexes.sorted())
        }
    }

    @Test func aRepeatedOrLargerIndexKeepsTheList() {
        for indexes: [Int32] in [[0, 0], [5, 256], [300], [1, 2, 1], [7, 7, 8, 9], [-1]] {
            #expect(AnsweredItems(indexes) == .list(indexes))
            #expect(AnsweredItems(indexes).indexes == indexes)
        }
    }

    @Test(arguments: Array(UInt64(1)...UInt64(20)))
    func generatedListsComeBackAsGiven(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let count = Int.random(in: 0..<90, using: &random)
            let limit = Int32([64, 128, 140, 300].randomElement(using: &random)!)
            var indexes = (0..<count).map { _ in Int32.random(in: 0..<limit, using: &random) }
            if Bool.random(using: &random) { indexes = Array(Set(indexes)) }
            let back = AnsweredItems(indexes).indexes
            // The same indexes, each as often; as given unless kept as bits (then in order).
            #expect(back.sorted() == indexes.sorted())
            if case .list = AnsweredItems(indexes) { #expect(back == indexes) } else { #expect(back == indexes.sorted()) }
        }
    }

    /// The run's table of names (``CandidateItems``), shared by every candidate: whatever order
    /// the submissions answer in (the run's first order, another, repeats, names new midway), each
    /// one's indexes give back its names, and a name keeps one index.
    @Test(arguments: Array(UInt64(1)...UInt64(10)))
    func sharedNamesTableGivesBackEachSubmissionsNames(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let vocabulary = (0..<60).map { "q\($0)" } + ["laws", "ch8_cert", "é_q", ""]
        let items = CandidateItems()
        var seen: [String: Int32] = [:]
        for _ in 0..<300 {
            var names = Array(vocabulary.prefix(Int.random(in: 0...vocabulary.count, using: &random)))
            switch Int.random(in: 0..<4, using: &random) {
            case 0: names.shuffle(using: &random)
            case 1: if !names.isEmpty { names.remove(at: Int.random(in: 0..<names.count, using: &random)) }
            case 2: names += names.prefix(3)
            default: break
            }
            let then = Bool.random(using: &random) ? ["laws"] : []
            let indexes = items.indexes(of: names, then: then)
            #expect(items.names(indexes) == names + then)
            #expect(items.names(AnsweredItems(indexes).indexes).sorted() == (names + then).sorted())
            for (name, index) in zip(names + then, indexes) {
                #expect(seen[name, default: index] == index, "\(name) given two indexes")
                seen[name] = index
            }
        }
        #expect(items.count == Set(seen.keys).count)
    }
}
