public import SurveyModel

/// The questionnaire compiled for the readers (issue 29, item 1): a question's values looked up
/// byte for byte as libxml2 or libcsv hands a cell on, so that a value written exactly as a code
/// or label, or a plain number, becomes its code without a `String`.
///
/// Each slot is a question of the questionnaire version the codebook was made from, by its
/// position (a ``Transformer``'s plan): single-choice and legal-form questions (a code or label
/// written exactly: ``ChoiceMatcher/wholeEntry(_:)``), multiple-choice questions (codes or labels
/// joined as ``ChoiceMatcher/selection(_:votes:)`` reads them: ``ChoiceMatcher/selectionBits(_:votes:)``)
/// and numbers (plain digits within the question's range, as ``NumberParser`` reads them first).
/// Free text has no slot: its value is a `String` anyway. A value the codebook does not read is
/// read by the general path, which also makes every diagnostic; what it does read is what the
/// general path reads, with no diagnostic (tests compare the two on generated spellings).
final class QuestionnaireCodebook: AnswerCodebook, Sendable {
    enum Reader: Sendable {
        case choice(ChoiceMatcher)
        case choices(ChoiceMatcher)
        case number(whole: Bool, percent: Bool, minimum: Double?, maximum: Double?)
    }

    private let ids: [String]
    private let readers: [Reader?]
    private let slots: [String: Int32]
    /// Repeat group ids of every version, nested ones too, as the general path compares them.
    private let repeatGroups: Set<String>

    /// `plans` in the transformer's order; `repeatGroups`: the repeat ids of every questionnaire
    /// version (an answer under one of them is never matched, whichever version checks it).
    init(plans: [Transformer.Plan], repeatGroups: Set<String>) {
        ids = plans.map(\.question.id)
        readers = plans.map { plan -> Reader? in
            let question = plan.question
            switch question.type {
            case .singleChoice, .legalForm: return plan.matcher.map(Reader.choice)
            case .multipleChoice: return plan.matcher.map(Reader.choices)
            case .integer, .year:
                return .number(whole: true, percent: false, minimum: question.minimum, maximum: question.maximum)
            case .decimal, .percent:
                return .number(whole: false, percent: question.type == .percent, minimum: question.minimum, maximum: question.maximum)
            case .text: return nil
            }
        }
        // A question listed twice is the transformer's first (its plan index), as here.
        var slots: [String: Int32] = [:]
        var seen = Set<String>()
        for (index, id) in ids.enumerated() where seen.insert(id).inserted && readers[index] != nil { slots[id] = Int32(index) }
        self.slots = slots
        slotBytes = ByteTable(slots.mapValues(Int.init))
        self.repeatGroups = repeatGroups
    }

    /// `slots` looked up by a name's bytes.
    private let slotBytes: ByteTable

    func slot(forFieldBytes field: UnsafeBufferPointer<UInt8>) -> (slot: Int32, field: String)? {
        guard let slot = slotBytes.value(field) else { return nil }
        return (Int32(slot), ids[slot])
    }

    func slot(forField field: String) -> Int32? {
        guard let slot = slots[field] else { return nil }
        // The same bytes, not only a canonically equivalent text: a raw answer made again from the
        // slot names the field exactly as it was written.
        return field.utf8.elementsEqual(ids[Int(slot)].utf8) ? slot : nil
    }

    func field(ofSlot slot: Int32) -> String { ids[Int(slot)] }

    func isRepeatGroup(_ name: String) -> Bool {
        repeatGroups.contains(Transformer.isPlainKey(name) ? name : name.trimmingWhitespace().lowercased())
    }

    func match(_ slot: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> MatchedValue? {
        guard !bytes.isEmpty, let reader = readers[Int(slot)] else { return nil }
        switch reader {
        case .choice(let matcher):
            guard let entry = matcher.wholeEntry(bytes) else { return nil }
            var votes = LanguageVotes()
            votes.add(entry >> 32)
            return votes.packed.map { MatchedValue(bits: UInt64(entry & 0xFFFF_FFFF), votes: $0) }
        case .choices(let matcher):
            var votes = LanguageVotes()
            guard let bits = matcher.selectionBits(bytes, votes: &votes) else { return nil }
            return votes.packed.map { MatchedValue(bits: bits, votes: $0) }
        case .number(_, let percent, let minimum, let maximum):
            // NumberParser.read's first step, then Transformer.normalize's checks (plain digits are
            // a whole number, for every numeric type): a number out of range goes the general way,
            // which reports it.
            guard let number = NumberParser.plainDigits(bytes, allowPercentSign: percent) else { return nil }
            if let minimum, number < minimum { return nil }
            if let maximum, number > maximum { return nil }
            return MatchedValue(bits: number.bitPattern)
        }
    }

    /// The answer value of a matched cell of `slot`, as the general path makes it.
    func value(_ slot: Int32, _ matched: MatchedValue, codes: [String]) -> AnswerValue {
        switch readers[Int(slot)]! {
        case .choice: return .choice(codes[Int(matched.bits)])
        case .choices:
            var selected: [String] = []
            selected.reserveCapacity(matched.bits.nonzeroBitCount)
            for index in codes.indices where index < 64 && matched.bits & (1 << UInt64(index)) != 0 { selected.append(codes[index]) }
            return .choices(selected)
        case .number: return .number(Double(bitPattern: matched.bits))
        }
    }
}
