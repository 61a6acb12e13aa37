import SurveyModel
import SurveyTransform
import Testing

/// The edit-distance suggestion rule every "did you mean" uses: a threshold by length and a
/// uniqueness margin, so that a text close to two candidates suggests neither.
@Suite struct NearestTests {
    @Test func distanceCountsEditsAndTranspositions() {
        #expect(Nearest.distance("madagascar", "madagascar") == 0)
        #expect(Nearest.distance("madagscar", "madagascar") == 1)  // a letter left out
        #expect(Nearest.distance("mdaagascar", "madagascar") == 1)  // two letters swapped
        #expect(Nearest.distance("kitten", "sitting") == 3)
        #expect(Nearest.distance("", "abc") == 3)
        #expect(Nearest.distance(Array("abcdef".unicodeScalars), Array("uvwxyz".unicodeScalars), atMost: 2) == 3)
    }

    @Test func suggestsTheOneCloseCandidate() {
        let candidates = [("madagascar", "MDG"), ("malawi", "MWI"), ("mali", "MLI")]
        #expect(Nearest.value(for: "madagscar", among: candidates) == "MDG")
        // Several keys of one value count as one candidate (a name in six languages).
        #expect(Nearest.value(for: "madagscar", among: candidates + [("madagaskar", "MDG")]) == "MDG")
    }

    @Test func neverSuggestsBetweenTwoCloseCandidates() {
        // "austraia" is one edit from Australia and two from Austria: within the margin, so no
        // suggestion.
        let candidates = [("australia", "AUS"), ("austria", "AUT")]
        #expect(Nearest.value(for: "austraia", among: candidates) == nil)
        #expect(Nearest.value(for: "nigeri", among: [("niger", "NER"), ("nigeria", "NGA")]) == nil)
    }

    @Test func nothingCloseSuggestsNothing() {
        #expect(Nearest.value(for: "atlantis", among: [("madagascar", "MDG")]) == nil)
        // Short texts: too many words are one edit apart.
        #expect(Nearest.value(for: "mal", among: [("mali", "MLI")]) == nil)
        #expect(Nearest.threshold(forLength: 3) == 0)
        #expect(Nearest.threshold(forLength: 8) == 2)
        #expect(Nearest.threshold(forLength: 40) == 4)
    }
}
