import SurveyModel
import SurveyTestSupport
import Testing

@testable import SurveyTransform

/// The Transform hot path skips work for the common case (ASCII keys, answers written exactly as
/// a code or label). Each fast path must give what the general path gives; these tests compare
/// the two on many generated spellings.
@Suite struct FastPathTests {
    @Test func asciiKeyIsFoundationsFolding() {
        var random = SplitMix64(seed: 8)
        let alphabet = Array("aZ09 _-'.,;|/()[]*%&\t\"Ab cDe".unicodeScalars) + (0..<128).compactMap(Unicode.Scalar.init)
        var checked = 0
        for _ in 0..<3000 {
            let length = Int(random.next() % 24)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            #expect(MatchKey.asciiKey(text) == MatchKey.foldedKey(text), "\(text.debugDescription)")
            checked += 1
        }
        #expect(checked == 3000)
        for text in ["The Netherlands", "  Côte d'Ivoire ", "MULTILATERAL_treaty", "", "  "] {
            #expect(MatchKey.make(text) == MatchKey.foldedKey(text))
        }
        #expect(MatchKey.asciiKey("Côte") == nil)
    }

    /// Every spelling a sender may use for the choices of each choice question.
    private func spellings(_ question: Question, _ random: inout SplitMix64) -> [String] {
        var result: [String] = []
        for choice in question.choices {
            result.append(choice.code)
            result.append(choice.code.uppercased())
            for language in Language.allCases {
                if let label = choice.label[language] {
                    result.append(label)
                    result.append(label.lowercased())
                    result.append(" \(label)\u{00A0}")
                }
            }
        }
        result.append("not a choice")
        return result
    }

    @Test func singleChoiceMatchesAsTheFoldedPath() {
        var random = SplitMix64(seed: 3)
        var fast = 0
        for question in Fixtures.questionnaire.questions where question.type.hasChoices {
            let matcher = ChoiceMatcher(choices: question.choices)
            for text in spellings(question, &random) {
                #expect(matcher.match(text) == matcher.matchFolded(text), "\(question.id): \(text)")
                if question.choices.contains(where: { $0.code == text }) { fast += 1 }
                // The sender's language is counted alike on both paths.
                var fastVotes = LanguageVotes()
                var foldedVotes = LanguageVotes()
                _ = matcher.match(text, votes: &fastVotes)
                _ = matcher.matchFolded(text, votes: &foldedVotes)
                #expect(fastVotes == foldedVotes, "\(question.id): \(text)")
            }
        }
        #expect(fast > 100)
    }

    /// What the general path makes of a multiple-choice cell: nil where it reports a problem.
    private func general(_ matcher: ChoiceMatcher, _ text: String) -> [String]? {
        var selected = Set<String>()
        for piece in matcher.split(text) {
            guard case .code(let code) = matcher.match(piece) else { return nil }
            selected.insert(code)
        }
        if selected.isEmpty || (selected.contains("none") && selected.count > 1) { return nil }
        return matcher.codes.filter(selected.contains)
    }

    @Test func multipleChoiceSelectionMatchesTheGeneralPath() {
        var random = SplitMix64(seed: 5)
        var taken = 0
        var tried = 0
        let joins = ["|", " | ", ";", " ; ", "||", " ", " ", " ", "  ", "\t", "\n", "\r\n", "| |", ",", " |\u{0301} "]
        for question in Fixtures.questionnaire.questions where question.type == .multipleChoice {
            let matcher = ChoiceMatcher(choices: question.choices)
            let words = spellings(question, &random)
            for _ in 0..<400 {
                let count = 1 + Int(random.next() % 4)
                var text = words[Int(random.next() % UInt64(words.count))]
                for _ in 1..<count {
                    text += joins[Int(random.next() % UInt64(joins.count))] + words[Int(random.next() % UInt64(words.count))]
                }
                tried += 1
                var fastVotes = LanguageVotes()
                guard let fast = matcher.selection(text, votes: &fastVotes) else {
                    #expect(fastVotes == LanguageVotes(), "no vote when the general path reads the cell")
                    continue
                }
                taken += 1
                #expect(fast == general(matcher, text), "\(question.id): \(text.debugDescription)")
                var generalVotes = LanguageVotes()
                for piece in matcher.split(text) { _ = matcher.match(piece, votes: &generalVotes) }
                #expect(fastVotes == generalVotes, "\(question.id): \(text.debugDescription)")
            }
        }
        #expect(tried > 0)
        #expect(taken > 100, "the fast path is taken for plain cells (\(taken) of \(tried))")
        // ODK's space-separated codes.
        let instruments = ChoiceMatcher(choices: Fixtures.questionnaire.question(id: "ch3_instruments")!.choices)
        #expect(instruments.selection("budapest un_convention") == ["budapest", "un_convention"])
        // Labels as the questionnaire writes them, joined as survey tools join them.
        for question in Fixtures.questionnaire.questions where question.type == .multipleChoice {
            let matcher = ChoiceMatcher(choices: question.choices)
            let two = question.choices.filter { $0.code != "none" }.prefix(2)
            for language in Language.allCases {
                let labels = two.compactMap { $0.label[language] }
                guard labels.count == 2 else { continue }
                #expect(matcher.selection(labels.joined(separator: " | ")) == two.map(\.code), "\(question.id) \(language)")
            }
        }
    }

    /// The identity fields (country, round), the respondent and the `restricted` field are taken
    /// out of a submission in one pass, in place (`takeIdentity`), and the written country or round
    /// read without a copy (`writtenIdentity`): the same as the passes one after another
    /// (`withIdentityFields`, `takeRespondent`, `takeRestricted`), on generated submissions.
    @Test func identityInOnePassIsThePassesOneAfterAnother() {
        // Also a pipeline naming the country and the round fields alike (the country wins).
        for transformer in [
            Transformer(
                questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026",
                respondentField: "respondent_id", rounds: Fixtures.rounds),
            Transformer(
                questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", countryField: "code",
                roundField: "code", rounds: Fixtures.rounds),
        ] {
            identityInOnePass(transformer)
        }
    }

    private func identityInOnePass(_ transformer: Transformer) {
        let fields = [
            "country", "Country", " ROUND ", "round", "respondent_id", "grp/respondent_id", "restricted", "meta-restricted",
            "ch3_specific_law", "ch5_search_used", "unknown_field", "grp/country", "x-round", "", "countries", "code", "g/code",
        ]
        var random = SplitMix64(seed: 17)
        var compared = 0
        for ordinal in 0..<3000 {
            var raw = RawSubmission(location: SourceLocation(file: "f.xml", line: ordinal), format: .xformInstance, ordinal: ordinal)
            if random.next() % 3 == 0 { raw.country = RawValue("FRA", at: SourceLocation(file: "f.xml", line: 1)) }
            if random.next() % 3 == 0 { raw.round = RawValue("2026", at: SourceLocation(file: "f.xml", line: 2)) }
            for index in 0..<Int(random.next() % 9) {
                let field = fields[Int(random.next() % UInt64(fields.count))]
                let values = (0..<Int(1 + random.next() % 2)).map { _ in ["", " x ", "all", "ch3_specific_law", "FRA", "2022"][Int(random.next() % 6)] }
                raw.answers.append(RawAnswer(field: field, values: values, location: SourceLocation(file: "f.xml", line: 10 + index)))
            }
            var sequential = transformer.withIdentityFields(raw)
            let respondent = transformer.takeRespondent(&sequential)
            let restricted = transformer.takeRestricted(&sequential)
            var onePass = raw
            let taken = transformer.takeIdentity(&onePass)
            #expect(onePass == sequential, "submission \(ordinal)")
            #expect(taken.respondent == respondent && taken.restricted == restricted, "submission \(ordinal)")
            #expect(transformer.writtenIdentity(raw, .country) == transformer.withIdentityFields(raw).country)
            #expect(transformer.writtenIdentity(raw, .round) == transformer.withIdentityFields(raw).round)
            compared += 1
        }
        #expect(compared == 3000)
    }
}
