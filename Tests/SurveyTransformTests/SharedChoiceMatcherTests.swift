import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyTransform

/// A transformer makes one choice matcher per distinct list of choices (`Transformer.ChoiceMatchers`):
/// a matcher depends on its choices alone, so questions sharing a list share it, and it matches
/// every spelling as a matcher made for the question alone would.
@Suite struct SharedChoiceMatcherTests {
    let transformer = Transformer(
        questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: ["2026"])

    @Test func questionsWithTheSameChoicesShareOneMatcherAndOnlyThen() {
        let plans = transformer.plans.filter { $0.matcher != nil }
        #expect(plans.count > 40)
        var distinct: [ObjectIdentifier] = []
        for a in plans {
            if !distinct.contains(ObjectIdentifier(a.matcher!)) { distinct.append(ObjectIdentifier(a.matcher!)) }
            for b in plans {
                #expect(
                    (a.matcher! === b.matcher!) == (a.question.choices == b.question.choices),
                    "\(a.question.id) and \(b.question.id)")
            }
        }
        // The shipped questionnaire's questions share about twenty lists.
        #expect(distinct.count < plans.count / 2)
    }

    @Test func aListNameWithOtherChoicesGetsItsOwnMatcher() {
        let yes = Choice(code: "yes", label: LocalizedText([.en: "Yes", .fr: "Oui"]))
        let no = Choice(code: "no", label: LocalizedText([.en: "No", .fr: "Non"]))
        let unknown = Choice(code: "dk", label: LocalizedText([.en: "Don't know"]), isDontKnow: true)
        func question(_ id: String, _ list: String, _ choices: [Choice]) -> Question {
            Question(id: id, chapter: .legislation, type: .singleChoice, label: LocalizedText([.en: id]), choiceList: list, choices: choices)
        }
        var matchers = Transformer.ChoiceMatchers()
        let first = matchers.matcher(for: question("a", "yes_no", [yes, no]))
        #expect(matchers.matcher(for: question("b", "yes_no", [yes, no])) === first)
        #expect(matchers.matcher(for: question("c", "yes_no", [yes, no, unknown])) !== first)
        #expect(matchers.matcher(for: question("d", "other", [yes, no])) !== first)
        #expect(matchers.matcher(for: question("e", "yes_no", [no, yes])) !== first)
        #expect(matchers.count == 4)
    }

    @Test func aSharedMatcherMatchesAsTheQuestionsOwn() {
        var random = SplitMix64(seed: 41)
        var compared = 0
        for plan in transformer.plans {
            guard let shared = plan.matcher else { continue }
            let own = ChoiceMatcher(choices: plan.question.choices)
            var texts = ["", "none", "yes no", "1"]
            for choice in plan.question.choices {
                texts.append(choice.code)
                for language in Language.allCases {
                    guard let label = choice.label[language] else { continue }
                    texts += [label, label.uppercased(), " \(label) ", String(label.prefix(Int(random.next() % 6) + 1))]
                }
            }
            for text in texts {
                #expect(shared.match(text) == own.match(text), "\(plan.question.id): \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }
}
