/// The layout of the questionnaire workbook for focal points (`legisurvey questionnaire
/// template`), shared by its writer (SurveyForms) and the `.xlsx` reader that reads it back
/// (SurveyExtract). docs/formats.md, "The questionnaire workbook", describes it for people.
///
/// - A very hidden stamp sheet (``stampSheet``): `A1` = ``formatName``, `B1` = ``formatVersion``,
///   then one key and value per row: `questionnaire_id`, `questionnaire_version`, `language`,
///   `round`, `country` (ISO alpha-3 when given).
/// - Every visible sheet says what it is in its hidden cell `A1`: ``identificationMarker``,
///   ``chapterMarker`` + chapter (`#chapter 3`), ``repeatMarker`` + repeat path (`#repeat laws`,
///   `#repeat laws/amendments`).
/// - The identification and chapter sheets: column A (hidden) holds a code on each row that takes
///   an answer, column C the answer: an identity field (``countryCode``, ``roundCode``,
///   ``submittedCode``), a question id, or `question_id/option_code` for one option of a
///   multiple-choice question (a mark: chosen or not).
/// - A repeat sheet: row 1 (hidden) holds the codes: ``numberCode`` over the entry numbers
///   (column B), ``parentCode`` over the parent entry's number (nested repeats, column C), then a
///   sub-question id, or `id/option_code`, over each answer column; rows 2 and 3 are headers,
///   entries start at row 4, one entry a row.
public enum TemplateLayout {
    /// The stamp sheet's name.
    public static let stampSheet = "_legisurvey"
    /// The hidden sheet holding the drop-down lists (labels, and their codes beside them).
    public static let listsSheet = "_lists"
    public static let formatName = "legisurvey-questionnaire-workbook"
    /// Raised when the layout changes so that an older reader would misread it.
    public static let formatVersion = 1

    public static let identificationMarker = "#identification"
    public static let chapterMarker = "#chapter "
    public static let repeatMarker = "#repeat "

    public static let countryCode = "country"
    public static let roundCode = "round"
    public static let submittedCode = "submitted"
    public static let numberCode = "#no"
    public static let parentCode = "#parent"

    /// 0-based columns: the code column (hidden) and the answer column of the identification and
    /// chapter sheets.
    public static let codeColumn = 0
    public static let answerColumn = 2
    /// 0-based rows of a repeat sheet: the codes row; entries start at ``firstEntryRow``.
    public static let repeatCodeRow = 0
    public static let firstEntryRow = 3
    /// 0-based columns of a repeat sheet: the entry number, the parent entry's number (nested).
    public static let numberColumn = 1
    public static let parentColumn = 2

    /// Marks a spreadsheet user may write in an option's cell for "chosen", besides the
    /// workbook's own word (compared without case): the six languages' words of the shipped
    /// `selected:` text are read through the form labels, these are language-neutral.
    public static let neutralMarks: Set<String> = ["x", "✓", "✔", "1", "true"]
    /// Written in an option's cell for "not chosen" (compared without case), besides an empty cell.
    public static let neutralNotMarked: Set<String> = ["0", "false", "-"]
}
