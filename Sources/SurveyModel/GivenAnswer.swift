/// One answer of a unit (a country, or a respondent) to a question: the options chosen (codes, in
/// stored order), or a number, or a text. "Not answered" is the absence of a `GivenAnswer`, never
/// an empty one. The answer matrix the statistics read interns these (SurveyAnalyze's
/// `AnswerMatrix.Value`) and answers.csv writes them (SurveyPublish's `AnswerLayout`).
public struct GivenAnswer: Sendable, Hashable {
    public var options: [String]
    public var number: Double?
    public var text: String?

    public init(options: [String] = [], number: Double? = nil, text: String? = nil) {
        self.options = options
        self.number = number
        self.text = text
    }

    /// Whether this is an answer at all: a choice, a number or a text.
    public var isAnswered: Bool { !options.isEmpty || number != nil || text != nil }

    // Numbers compare by bit pattern, so that interning never merges 0 and -0 (which print
    // differently) and a NaN finds itself.
    public static func == (a: GivenAnswer, b: GivenAnswer) -> Bool {
        a.options == b.options && a.number?.bitPattern == b.number?.bitPattern && a.text == b.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(options)
        hasher.combine(number?.bitPattern)
        hasher.combine(text)
    }
}
