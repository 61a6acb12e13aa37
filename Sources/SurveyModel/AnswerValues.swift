/// What the cells of `answers.csv` hold for a choice answer (`answers: {values: …}` in the pipeline
/// file): the option's label in the pipeline file's language, or its stable code.
public enum AnswerValues: String, Sendable, CaseIterable {
    case labels, codes
}
