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
}
