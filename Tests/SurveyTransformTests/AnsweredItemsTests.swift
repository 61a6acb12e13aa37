import SurveyModel
import Testing

@testable import SurveyTransform

/// A revision candidate's answered items (``AnsweredItems``): kept as bits when they rise and stay
/// below 128, as the list otherwise, and given back in the order given either way.
@Suite struct AnsweredItemsTests {
    @Test func risingIndexesBelow128AreBitsAndComeBackInOrder() {
        for indexes: [Int32] in [[], [0], [0, 1, 2, 58], [3, 63, 64, 65, 127], Array(0..<128)] {
            let items = AnsweredItems(indexes)
            guard case .rising = items else {
                Issue.record("\(indexes) should be kept as bits")
                continue
            }
            #expect(items.indexes == indexes)
        }
    }

    @Test func anyOtherOrderOrALargerIndexIsKeptAsTheList() {
        for indexes: [Int32] in [[2, 0, 3], [0, 0], [5, 128], [200], [1, 2, 1]] {
            #expect(AnsweredItems(indexes) == .list(indexes))
            #expect(AnsweredItems(indexes).indexes == indexes)
        }
    }

    @Test(arguments: Array(UInt64(1)...UInt64(20)))
    func generatedListsComeBackAsGiven(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let count = Int.random(in: 0..<90, using: &random)
            let limit = Int32([64, 128, 140].randomElement(using: &random)!)
            var indexes = (0..<count).map { _ in Int32.random(in: 0..<limit, using: &random) }
            if Bool.random(using: &random) { indexes = Array(Set(indexes)).sorted() }
            #expect(AnsweredItems(indexes).indexes == indexes)
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
            for (name, index) in zip(names + then, indexes) {
                #expect(seen[name, default: index] == index, "\(name) given two indexes")
                seen[name] = index
            }
        }
        #expect(items.count == Set(seen.keys).count)
    }
}
