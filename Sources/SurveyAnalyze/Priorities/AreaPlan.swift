// One area of a scoring model resolved against the answer data: per item the gap of each
// distinct answer, per request whether an answer asks for help.

import SurveyModel

/// One area of a scoring model, resolved against the data: per item the gap of each distinct
/// answer (by value id; nil = no gap counted), per request the answer to `requested`.
struct AreaPlan: Sendable {
    struct Item: Sendable {
        var question: Int?
        var gapOfValue: [Double?]
        /// Per value id: the partial form the Monte Carlo draws (``PartialForms``), −1 when the
        /// gap is fixed (or the value not answered).
        var formOfValue: [Int32]
    }

    /// One source of the request: per value id, its reading (nil = blank).
    struct Request: Sendable {
        var question: Int?
        var requestedOfValue: [Bool?]
    }

    /// Per gap indicator, its items.
    var indicators: [[Item]]
    /// The request's sources (empty: the area has no request).
    var request: [Request]
    var hasRequest: Bool
    /// The gap indicators' weights (the request is not a term of the need).
    var weights: [Double]
    var totalWeight: Double
    /// The area's partial forms, shared by every round's ``DrawMatrix``.
    var forms = PartialForms()

    init(area: ScoringModel.Area, data: AnswerMatrix) {
        func answer(_ value: AnswerMatrix.Value, _ question: String) -> StoredAnswer {
            StoredAnswer(
                round: "", country: "", questionID: question, options: value.options, number: value.number, text: value.text)
        }
        let slotsOfCodes = Analyzer.slotsOfCodes(area)
        var forms = PartialForms()
        indicators = area.gaps.enumerated().map { k, indicator in
            indicator.items.map { item in
                guard let q = data.questionIndex(of: item) else { return Item(question: nil, gapOfValue: [], formOfValue: []) }
                var gapOfValue: [Double?] = []
                var formOfValue: [Int32] = []
                for (id, value) in data.values(of: q).enumerated() {
                    let term = id == 0 ? nil : Analyzer.itemGapTerm(indicator, slotOfCode: slotsOfCodes[k], answer(value, item))
                    gapOfValue.append(term?.gap)
                    formOfValue.append(term.map { $0.drawn.isEmpty ? -1 : forms.id(fixed: $0.fixed, slots: $0.drawn) } ?? -1)
                }
                return Item(question: q, gapOfValue: gapOfValue, formOfValue: formOfValue)
            }
        }
        self.forms = forms
        hasRequest = area.request != nil
        request = (area.request?.sources ?? []).map { source in
            guard let q = data.questionIndex(of: source.questionID) else {
                return Request(question: nil, requestedOfValue: [nil])
            }
            return Request(
                question: q,
                requestedOfValue: data.values(of: q).enumerated().map { id, value in
                    id == 0 ? nil : Analyzer.requested(source, options: value.options)
                })
        }
        weights = area.gaps.map(\.weight)
        totalWeight = area.totalWeight
    }
}
