import SurveyModel

// Answers inside repeat groups (issue 20): placed by the groups a reader saw above them, checked
// against the repeat's sub-questions like any answer, named by their path (`laws[2]/title`).

extension Transformer {
    /// A raw answer inside a repeat: its path and the field's id local to the innermost repeat.
    struct RepeatPlacement {
        var path: RepeatPath
        /// The repeat ids, `["laws"]`: which group's sub-questions the field belongs to.
        var group: [String]
        var answer: RawAnswer
    }

    /// The answers outside and inside the questionnaire's repeats. A group above a field is a
    /// repeat when the questionnaire declares one of that name at that depth (the form says
    /// what repeats, not the instance: one occurrence is still a repeat); other groups (an
    /// XForm's chapter groups) are passed through. Without repeats, or when no answer sits in
    /// one, the answers are handed back as they are.
    ///
    /// The answers are taken (`consuming`) and the ordinary ones moved to the front of the same
    /// array in their order: copying each into a new array cost a retain and a release of each
    /// of its strings and arrays.
    /// With `origins`, also each ordinary answer's index among `answers` (what matched cells'
    /// ``MatchedCell/order`` counts); nil without, or when every answer is ordinary (each its own).
    func separateRepeatAnswers(
        _ answers: consuming [RawAnswer], origins wanted: Bool = false
    ) -> (ordinary: [RawAnswer], inRepeats: [RepeatPlacement], origins: [Int]?) {
        var answers = answers
        guard !questionnaire.repeats.isEmpty else { return (answers, [], nil) }
        var inRepeats: [RepeatPlacement] = []
        var origins: [Int]?
        var kept = 0
        for index in answers.indices {
            if let placement = repeatPlacement(of: answers[index]) {
                inRepeats.append(placement)
                if wanted && origins == nil { origins = Array(0..<index) }
            } else {
                if kept != index { answers.swapAt(kept, index) }
                origins?.append(index)
                kept += 1
            }
        }
        if kept < answers.count { answers.removeLast(answers.count - kept) }
        return (answers, inRepeats, origins)
    }

    private func repeatPlacement(of answer: RawAnswer) -> RepeatPlacement? {
        guard !answer.groups.isEmpty else { return nil }
        var level = questionnaire.repeats
        var steps: [RepeatStep] = []
        for (depth, name) in answer.groups.enumerated() {
            // A group name already trimmed and lower case (an XForm's element names, nearly
            // always) is its own key: no new string per answer and group.
            let key = Self.isPlainKey(name) ? name : name.trimmingWhitespace().lowercased()
            guard let group = level.first(where: { $0.id == key }) else { continue }
            steps.append(RepeatStep(group.id, answer.position(ofGroup: depth)))
            level = group.repeats
        }
        guard !steps.isEmpty else { return nil }
        let path = RepeatPath(steps)
        return RepeatPlacement(path: path, group: path.groupPath, answer: answer)
    }

    /// Whether trimming and lower-casing leave `name` as it is: ASCII letters in lower case,
    /// digits, `_`, `-` and `.` only.
    static func isPlainKey(_ name: String) -> Bool {
        name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D || byte == 0x2E
        }
    }

    /// Checks the answers inside repeats: each against its sub-question, one answer per
    /// question and occurrence (a multiple-choice answer given one option per row or per 0/1
    /// column is one answer). Returns the kept answers in path order, then questionnaire order,
    /// and the number of non-empty answers seen.
    func normalizeRepeatAnswers(
        _ placed: [RepeatPlacement], votes: inout LanguageVotes, report: (Diagnostic) -> Void
    ) -> ([Answer], Int) {
        guard !placed.isEmpty else { return ([], 0) }
        struct Collected {
            var path: RepeatPath
            var plan: Plan
            var position: Int
            var answer: RawAnswer
            /// 0/1 option columns (`acts/ch4_spam`): option → written value.
            var optionColumns: [(option: String, value: String)] = []
            var duplicate = false
        }
        var collected: [Collected] = []
        var index: [String: Int] = [:]
        var seen = 0
        // An answer seen is one per question and occurrence, as outside repeats: the 0/1 option
        // columns of a multiple choice (or its options on several rows) are one answer, not one
        // each (else the options read would count as answers dropped).
        for item in placed where !item.answer.isEmpty {
            let groupKey = item.group.joined(separator: "/")
            let group = questionnaire.repeatGroup(path: item.group)
            let field = item.answer.field.trimmingWhitespace()
            // The local id as written, or after a group prefix (`laws-title`, `laws/title`), or
            // a split select_multiple column (`acts/ch4_spam`).
            var questionID: String?
            var option: String?
            let lowered = field.lowercased()
            if repeatPlans[groupKey + "/" + lowered] != nil {
                questionID = lowered
            } else if let slash = lowered.lastIndex(of: "/"),
                let id = FieldMapper.segments(String(lowered[..<slash])).last,
                let plan = repeatPlans[groupKey + "/" + id], plan.question.type == .multipleChoice,
                plan.question.choice(code: String(field[field.index(after: slash)...])) != nil
            {
                questionID = id
                option = String(field[field.index(after: slash)...])
            } else if let last = FieldMapper.segments(lowered).last, repeatPlans[groupKey + "/" + last] != nil {
                questionID = last
            }
            guard let questionID, let plan = repeatPlans[groupKey + "/" + questionID] else {
                seen += 1
                let known = group?.questions.map(\.id).joined(separator: ", ") ?? ""
                report(
                    Diagnostic(
                        .questionUnknown, at: item.answer.location, questionID: item.path.field(field.isEmpty ? "(empty)" : field),
                        expected: "a question of repeat \(groupKey): \(known)", found: field.isEmpty ? "(empty)" : field,
                        suggestion: fields.suggestion(for: FieldMapper.segments(field).last ?? field, group: groupKey)))
                continue
            }
            let key = "\(item.path)/\(questionID)"
            if let at = index[key] {
                if let option {
                    collected[at].optionColumns.append((option, item.answer.values.joined()))
                } else if plan.question.type == .multipleChoice && collected[at].optionColumns.isEmpty {
                    collected[at].answer.values += item.answer.values
                } else {
                    seen += 1
                    collected[at].duplicate = true
                    report(
                        Diagnostic(
                            .answerDuplicate, at: item.answer.location, questionID: item.path.field(questionID), expected: "one answer",
                            found: item.answer.values.joined(separator: " | ")))
                }
                continue
            }
            seen += 1
            index[key] = collected.count
            let position = group?.questions.firstIndex { $0.id == questionID } ?? 0
            var entry = Collected(path: item.path, plan: plan, position: position, answer: item.answer)
            if let option {
                entry.answer.values = []
                entry.optionColumns = [(option, item.answer.values.joined())]
            }
            collected.append(entry)
        }
        var answers: [(path: RepeatPath, position: Int, answer: Answer)] = []
        for entry in collected {
            let field = entry.path.field(entry.plan.question.id)
            var raw = entry.answer
            if !entry.optionColumns.isEmpty {
                var selected: [String] = []
                for (option, value) in entry.optionColumns {
                    let written = value.trimmingWhitespace().lowercased()
                    if written == "1" || written == "true" {
                        selected.append(option)
                    } else if written != "0" && written != "false" {
                        report(
                            Diagnostic(.choiceUnknown, at: raw.location, questionID: field, expected: "0 or 1 in each option column", found: value))
                        selected = []
                        break
                    }
                }
                guard !selected.isEmpty else { continue }  // all 0: not answered
                raw.values = selected
            }
            if let value = normalize(raw, for: entry.plan, field: field, votes: &votes, report: report) {
                answers.append(
                    (entry.path, entry.position, Answer(questionID: entry.plan.question.id, value: value, location: raw.location, path: entry.path)))
            }
        }
        answers.sort { ($0.path, $0.position) < ($1.path, $1.position) }
        return (answers.map(\.answer), seen)
    }

    /// The inventory's consistency check: an act a State answers is criminalized by a
    /// cyber-specific offence (a legal-form question answered `cyber_specific`), when the State
    /// listed at least one law, but no listed law names it among what it covers. A coverage list
    /// is a repeat's multiple-choice question whose option codes are the legal-form questions'
    /// ids (the `laws` repeat's `acts`). One warning per uncovered act, at the act's answer.
    func uncoveredActs(answers: [Answer], repeatAnswers: [Answer]) -> [Diagnostic] {
        guard !repeatAnswers.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        for (path, group) in questionnaire.allRepeatGroups {
            for list in group.questions where list.type == .multipleChoice {
                let acts = Set(list.choices.map(\.code))
                guard !acts.isEmpty,
                    acts.allSatisfy({ questionnaire.question(id: $0)?.type == .legalForm })
                else { continue }
                let listed = Set(repeatAnswers.lazy.filter { $0.path?.groupPath == path }.compactMap(\.path))
                guard !listed.isEmpty else { continue }
                var covered = Set<String>()
                for answer in repeatAnswers where answer.path?.groupPath == path && answer.questionID == list.id {
                    covered.formUnion(answer.value.selectedCodes)
                }
                for answer in answers where acts.contains(answer.questionID) && answer.value == .choice("cyber_specific") {
                    guard !covered.contains(answer.questionID) else { continue }
                    let repeatName = path.joined(separator: "/")
                    diagnostics.append(
                        Diagnostic(
                            .inventoryActUncovered, at: answer.location, questionID: answer.questionID,
                            expected: "a listed law (\(repeatName)/\(list.id)) that covers \(answer.questionID), answered cyber_specific",
                            found: "\(listed.count) \(listed.count == 1 ? "law" : "laws") listed, none covering it"))
                }
            }
        }
        return diagnostics
    }
}
