import Foundation

/// The catalogue of diagnostic codes. Codes are stable kebab-case strings: never rename one,
/// only add. `docs/diagnostics.md` is generated from this catalogue (`legisurvey codes`).
public enum DiagnosticCode: String, Sendable, Codable, CaseIterable {
    // Files
    case fileUnreadable = "file-unreadable"
    case fileFormatUnknown = "file-format-unknown"
    case encodingInvalid = "encoding-invalid"
    case encodingFallback = "encoding-fallback"
    case fileTooLarge = "file-too-large"
    case valueTooLarge = "value-too-large"
    case xmlTooDeep = "xml-too-deep"
    case csvTooManyColumns = "csv-too-many-columns"
    case csvNulByte = "csv-nul-byte"
    case zipNoCSV = "zip-no-csv"
    case zipOtherFiles = "zip-other-files"
    // XML
    case xmlMalformed = "xml-malformed"
    case xmlDoctypeForbidden = "xml-doctype-forbidden"
    case xmlUnexpectedElement = "xml-unexpected-element"
    case xmlNoSubmission = "xml-no-submission"
    // CSV
    case csvMalformed = "csv-malformed"
    case csvMissingColumn = "csv-missing-column"
    case csvDuplicateColumn = "csv-duplicate-column"
    case csvRaggedRow = "csv-ragged-row"
    case csvNoRows = "csv-no-rows"
    case csvTitleRows = "csv-title-rows"
    // Submissions
    case countryMissing = "country-missing"
    case countryUnknown = "country-unknown"
    case countryAmbiguous = "country-ambiguous"
    case roundInvalid = "round-invalid"
    case respondentMissing = "respondent-missing"
    case submissionEmpty = "submission-empty"
    case submissionSuperseded = "submission-superseded"
    case submissionExcluded = "submission-excluded"
    // Answers
    case questionUnknown = "question-unknown"
    case answerDuplicate = "answer-duplicate"
    case choiceUnknown = "choice-unknown"
    case choiceAmbiguous = "choice-ambiguous"
    case tooManyValues = "too-many-values"
    case choiceConflict = "choice-conflict"
    case numberInvalid = "number-invalid"
    case numberNotInteger = "number-not-integer"
    case numberOutOfRange = "number-out-of-range"
    case answerInRepeat = "answer-in-repeat"
    // Any format. Added last: a new case goes at the end, so that the cases before keep their
    // places (an incremental build that did not recompile every importer stays right).
    /// For any reader (one added through the reader registry too): one record it cannot parse.
    case recordMalformed = "record-malformed"
    /// A round written in another form of a declared round (`2026.0`, ` 2026 `); mapped to it.
    case roundNormalized = "round-normalized"
    /// The inbox walk: an entry that is not a regular file (FIFO, socket, device, link to a folder).
    case fileNotRegular = "file-not-regular"
    /// The inbox walk: a symbolic link whose target is outside the inbox.
    case symlinkOutsideInbox = "symlink-outside-inbox"
    /// Revisions: `deprecatedID` links that form a cycle (A replaces B, B replaces A).
    case revisionCycle = "revision-cycle"
    /// CSV: the last row of a file without a final line end has fewer cells than the header, or
    /// ends inside an open double quote: the file was cut there.
    case rowTruncated = "row-truncated"
    /// CSV: a carriage return alone, outside quotes, in a file whose lines end in LF or CRLF.
    case csvStrayCarriageReturn = "csv-stray-carriage-return"
    /// XML: a namespaced copy of an attribute the format reads (`x:country`), ignored.
    case xmlAttributeIgnored = "xml-attribute-ignored"
    /// The country is written `NA` in a file whose other countries are not alpha-2 codes.
    case countryAmbiguousNA = "country-ambiguous-na"
    /// A `.zip` archive whose main table does not verify (CRC-32, size, local header, truncated data).
    case zipCorrupt = "zip-corrupt"
    /// A `.zip` archive whose main table is encrypted.
    case zipEncrypted = "zip-encrypted"
    /// A `.zip` archive with two entries named like its main table.
    case zipDuplicateEntry = "zip-duplicate-entry"
    /// A `.zip` entry that expands beyond the pipeline's compression-ratio limit (a zip bomb).
    case zipRatioExceeded = "zip-ratio-exceeded"
    /// An accepted submission from a country outside the pipeline's population (`population:`):
    /// kept, and counted in the `outside` group only.
    case outsidePopulation = "outside-population"
    /// Two answers of an accepted submission contradict a consistency check of the questionnaire
    /// (`checks:`) declared with severity `warning`; both answers are kept.
    case consistencyCheck = "consistency-check"
    /// The same for a check declared with severity `info`.
    case consistencyNote = "consistency-note"
    /// Revisions: two submissions of one country and round (and respondent) in different files
    /// that nothing tells apart (no deprecatedID link, no manifest entry, no submission time, the
    /// same arrival): path order decided.
    case revisionOrderAmbiguous = "revision-order-ambiguous"
    /// Revisions: a `revisions.yml` manifest in the inbox that cannot be read, or that names a
    /// file not in its folder.
    case revisionManifestInvalid = "revision-manifest-invalid"
    /// Revisions: the kept submission answers fewer items than the one it replaces; the items
    /// that lose their answer are listed.
    case revisionDropsAnswers = "revision-drops-answers"
    /// The submission names a form version (XForm `version`, Central `FormVersion`, Kobo
    /// `__version__`) that no round of the pipeline declares; it was checked against its round's
    /// questionnaire.
    case formVersionUndeclared = "form-version-undeclared"
    /// The same, in a pipeline that rejects such submissions (`undeclared_form_version: reject`).
    case formVersionRejected = "form-version-rejected"
    /// Revisions: a submission declared a complement (`complements:` in `revisions.yml`) whose
    /// answers were merged onto the country's current submission instead of replacing it.
    case submissionMerged = "submission-merged"
    /// Revisions: a complement with no other submission of its country and round to merge onto:
    /// it stands as the submission, with only the items it answers.
    case complementWithoutBase = "complement-without-base"
    /// The legislation inventory: an act answered criminalized by a cyber-specific offence, while
    /// the State listed laws and none of them names the act among those it covers. Both kept.
    case inventoryActUncovered = "inventory-act-uncovered"
    /// Long CSV: a row's `repeat_index` is not 1-based positions separated by `/`, or does not
    /// give one position per repeat in its `question_id` path (`laws/amendments/year` takes `2/1`).
    case repeatIndexInvalid = "repeat-index-invalid"
    /// ODK Central `.csv.zip`: a repeat table row whose `PARENT_KEY` is no row of its parent table
    /// (the root table's `KEY`, or the parent repeat's).
    case repeatRowOrphan = "repeat-row-orphan"
    /// ODK Central `.csv.zip`: two rows of one repeat table share a `KEY`; the later is not read.
    case repeatKeyDuplicate = "repeat-key-duplicate"
    /// ODK Central `.csv.zip`: a repeat table row whose `KEY` does not end in its position
    /// (`…/laws[2]`), or a repeat table without `PARENT_KEY` and `KEY` columns.
    case repeatKeyInvalid = "repeat-key-invalid"
    /// `.xlsx`: a sheet not read for answers: hidden, or without a country column (or row) in its
    /// first 20 rows.
    case xlsxSheetIgnored = "xlsx-sheet-ignored"
    /// `.xlsx`: a cell holds a spreadsheet error (`#N/A`, `#DIV/0!`, `#REF!`…), as written or as a
    /// formula's cached result; it is not an answer.
    case xlsxCellError = "xlsx-cell-error"
    /// `.xlsx`: more cells than `limits.max_cells` in the workbook, or a cell past column
    /// `limits.max_columns`; file not read.
    case xlsxTooManyCells = "xlsx-too-many-cells"
    /// `.xlsx`: rows hidden in an answer sheet; they are read like the others.
    case xlsxHiddenRows = "xlsx-hidden-rows"
    /// The questionnaire workbook (`legisurvey questionnaire template`): its stamp is missing a
    /// part, or the workbook was made by a newer LegiSurvey whose layout this one does not know;
    /// file not read.
    case xlsxTemplateInvalid = "xlsx-template-invalid"
    /// The questionnaire workbook: an option's cell holds something other than the mark chosen
    /// from its list (or x, ✓, 1), or an empty cell; the question's answer is not read.
    case xlsxTemplateMark = "xlsx-template-mark"
    /// The questionnaire workbook: a value where the workbook takes no answer (a row or column
    /// added, a sheet added or renamed): it is not read.
    case xlsxTemplateChanged = "xlsx-template-changed"
    /// Issue 24: an answer read as the one option whose label it shortens ("Convenio de Budapest").
    case choicePartialLabel = "choice-partial-label"
    /// Issue 24: several options separated by a comma (or `/`, `،`, `、`), each part one option.
    case choiceSeparatorRead = "choice-separator-read"
    /// Issue 26: a correction of the corrections file (`corrections:`) that cannot be applied as
    /// written (unknown country, round, item or option, a number out of range, a missing field);
    /// refused, never applied, with the file and line of the correction.
    case correctionInvalid = "correction-invalid"
    /// Issue 26: a correction written for a value or a submission that is no longer the current
    /// one (its `was:` differs from the sender's current value, or its `submission:` has been
    /// superseded by a later revision); not applied.
    case correctionStale = "correction-stale"
    /// Issue 26: a submission's `restricted` field names something that is not an item of its
    /// questionnaire (a typo, an item of another version): the whole submission is restricted, so
    /// that nothing the State asked to keep out is published.
    case restrictedItemUnknown = "restricted-item-unknown"

    public var severity: Severity {
        switch self {
        case .fileUnreadable, .fileFormatUnknown, .encodingInvalid, .zipNoCSV, .xmlMalformed, .fileTooLarge,
            .valueTooLarge, .xmlTooDeep, .csvTooManyColumns, .csvNulByte,
            .xmlDoctypeForbidden, .xmlNoSubmission, .csvMalformed, .csvMissingColumn, .csvNoRows,
            .countryMissing, .countryUnknown, .countryAmbiguous, .roundInvalid, .respondentMissing, .submissionEmpty,
            .recordMalformed, .fileNotRegular, .symlinkOutsideInbox, .rowTruncated, .countryAmbiguousNA,
            .zipCorrupt, .zipEncrypted, .zipDuplicateEntry, .zipRatioExceeded, .revisionManifestInvalid, .formVersionRejected,
            .xlsxTooManyCells, .xlsxTemplateInvalid:
            return .error
        case .zipOtherFiles, .answerInRepeat, .xmlUnexpectedElement, .csvDuplicateColumn, .csvRaggedRow, .questionUnknown,
            .answerDuplicate, .choiceUnknown, .choiceAmbiguous, .tooManyValues, .choiceConflict, .numberInvalid,
            .numberNotInteger, .numberOutOfRange, .revisionCycle, .csvStrayCarriageReturn, .consistencyCheck,
            .revisionOrderAmbiguous, .revisionDropsAnswers, .formVersionUndeclared, .complementWithoutBase, .inventoryActUncovered,
            .repeatIndexInvalid, .repeatRowOrphan, .repeatKeyDuplicate, .repeatKeyInvalid, .xlsxCellError,
            .xlsxTemplateMark, .xlsxTemplateChanged, .correctionInvalid, .correctionStale,
            .restrictedItemUnknown:
            return .warning
        case .encodingFallback, .submissionSuperseded, .submissionMerged, .submissionExcluded, .csvTitleRows, .roundNormalized, .xmlAttributeIgnored, .outsidePopulation, .consistencyNote,
            .xlsxSheetIgnored, .xlsxHiddenRows, .choicePartialLabel, .choiceSeparatorRead:
            return .info
        }
    }

    /// Whether the problem asks something of the sender (the focal point who sent the file): a
    /// value to correct, an answer or a file to send again. Only these reach the feedback letters
    /// (`Output/feedback/`) and need a text in the six languages (`Pipelines/forms/feedback.yml`);
    /// the others are for the analyst: the pipeline's limits and settings, revisions, exports from
    /// survey tools, notes (an `encoding-fallback` decoded cleanly: the sender can do nothing about
    /// it). A code added later asks nothing of the sender until it is listed here with its texts.
    public var asksSender: Bool {
        switch self {
        case .encodingInvalid, .fileFormatUnknown, .csvNulByte, .xmlMalformed, .xmlUnexpectedElement, .xmlNoSubmission,
            .csvMalformed, .csvMissingColumn, .csvDuplicateColumn, .csvRaggedRow, .csvNoRows, .rowTruncated,
            .countryMissing, .countryUnknown, .countryAmbiguous, .countryAmbiguousNA, .roundInvalid, .respondentMissing,
            .submissionEmpty, .questionUnknown, .answerDuplicate, .choiceUnknown, .choiceAmbiguous, .tooManyValues,
            .choiceConflict, .numberInvalid, .numberNotInteger, .numberOutOfRange, .consistencyCheck,
            .inventoryActUncovered, .revisionDropsAnswers, .xlsxCellError, .xlsxTemplateMark, .xlsxTemplateChanged:
            return true
        default:
            return false
        }
    }

    /// Problems after which nothing of the file is used, even what was read before them: the file
    /// is hostile or not what it claims to be.
    public var rejectsWholeFile: Bool {
        switch self {
        case .xmlDoctypeForbidden, .fileTooLarge, .valueTooLarge, .xmlTooDeep, .csvTooManyColumns, .csvNulByte,
            .encodingInvalid, .zipCorrupt, .zipEncrypted, .zipDuplicateEntry, .zipRatioExceeded, .xlsxTooManyCells:
            return true
        default:
            return false
        }
    }

    /// A short title.
    public var summary: String {
        switch self {
        case .fileUnreadable: return "The file could not be read"
        case .fileFormatUnknown: return "The file is not in a format LegiSurvey reads"
        case .encodingInvalid: return "The file holds bytes that do not fit its encoding (declared, from its byte-order mark, or the fallback); file not read"
        case .encodingFallback: return "The file is not UTF-8; it was read in the fallback encoding named here"
        case .zipNoCSV: return "The .zip archive holds no CSV export to read"
        case .fileTooLarge: return "The file is larger than the pipeline's limit; file not read"
        case .valueTooLarge: return "One value (XML text or attribute, CSV cell) is larger than the pipeline's limit; file not read"
        case .xmlTooDeep: return "XML elements are nested deeper than the pipeline's limit; file not read"
        case .csvTooManyColumns: return "A CSV row has more cells than the pipeline's limit; file not read"
        case .csvNulByte: return "The CSV file holds a NUL byte, which text never does; file not read"
        case .zipOtherFiles: return "Other files in the .zip archive (media, CSVs that are not repeat tables of the form) were not read"
        case .recordMalformed: return "A record of the file could not be parsed by its format's reader; it was skipped"
        case .fileNotRegular: return "The inbox entry is not a regular file (a FIFO, socket, device or a link to a folder); not read"
        case .symlinkOutsideInbox: return "The inbox entry is a symbolic link to a file outside the inbox; not followed"
        case .revisionCycle:
            return "Submissions name each other as the instance they replace (deprecatedID) in a cycle; the latest by submission time, then instance id, was kept"
        case .rowTruncated:
            return "The file ends inside its last row (fewer cells than the header, or an open double quote, and no line end): the file was cut; that row is rejected"
        case .csvStrayCarriageReturn:
            return "A carriage return stands alone inside a row of a file whose lines end otherwise; it was dropped and the row read as one"
        case .xmlAttributeIgnored:
            return "A namespaced copy of an attribute the format reads (x:country) was ignored; the attribute without a prefix counts"
        case .countryAmbiguousNA:
            return "The country is written NA, which R and pandas write for a blank, in a file whose other countries are not alpha-2 codes; submission rejected"
        case .xmlMalformed: return "The XML is not well-formed"
        case .xmlDoctypeForbidden: return "The XML has a DOCTYPE, which submissions never need"
        case .xmlUnexpectedElement: return "An XML element that the submission format does not define was ignored"
        case .xmlNoSubmission: return "The XML file holds no <submission> element"
        case .csvMalformed: return "The CSV is malformed"
        case .csvMissingColumn: return "A required CSV column is missing"
        case .csvDuplicateColumn: return "A CSV column name occurs twice; only its first column is read"
        case .csvRaggedRow:
            return "A CSV row has more or fewer cells than the header; extra cells were ignored, missing ones are not answered (reported for the first such row)"
        case .csvNoRows: return "The CSV file has a header but no data rows"
        case .csvTitleRows: return "Rows above the header row were skipped"
        case .countryMissing: return "The submission does not say which country it is from; submission rejected"
        case .countryUnknown: return "The country is not recognised; submission rejected"
        case .countryAmbiguous: return "The country name matches more than one country; submission rejected"
        case .roundInvalid: return "The survey round is not one of the pipeline's declared rounds; submission rejected"
        case .roundNormalized: return "The survey round was written in another form of a declared round (2026.0, surrounding spaces, full-width digits); read as that round"
        case .respondentMissing:
            return "The pipeline file declares a respondent key and the submission does not name its respondent; submission rejected"
        case .submissionEmpty: return "The submission has no answers; submission rejected"
        case .submissionSuperseded: return "A later submission for the same country and round replaces this one"
        case .submissionExcluded: return "The sender's own review rejected or did not approve this submission; excluded"
        case .questionUnknown: return "The question id is not in the questionnaire; answer dropped"
        case .answerDuplicate: return "The question is answered twice in one submission; the later answer was dropped"
        case .choiceUnknown: return "The answer is not one of the question's options; answer dropped"
        case .correctionInvalid: return "A correction of the corrections file cannot be applied as written; refused, the sender's value is kept"
        case .correctionStale: return "A correction was written for a value or submission that is no longer current; not applied"
        case .restrictedItemUnknown: return "The submission's restricted field names an item the questionnaire does not have; the whole submission is restricted"
        case .choiceAmbiguous: return "The answer matches more than one option; answer dropped"
        case .tooManyValues: return "The question takes one value but several were given; answer dropped"
        case .choiceConflict: return "'None' is chosen together with other options; answer dropped"
        case .numberInvalid: return "The answer is not a number; answer dropped"
        case .numberNotInteger: return "The answer must be a whole number; answer dropped"
        case .numberOutOfRange: return "The number is outside the allowed range; answer dropped"
        case .answerInRepeat: return "An answer inside a repeated group was dropped: the questionnaire has no repeat group there (a form's repeat without a chapter, or a repeated element where a question is answered once), or the layout cannot carry repeats (a wide CSV column, reported once per file)"
        case .zipCorrupt: return "The .zip archive is damaged: its CSV export does not verify (CRC-32, size, header or truncated data); file not read"
        case .zipEncrypted: return "The .zip archive's CSV export is encrypted (password-protected); file not read"
        case .zipDuplicateEntry:
            return "The .zip archive holds two entries named like its main table; file not read rather than guessing which copy is right"
        case .zipRatioExceeded:
            return "An entry of the .zip archive expands far more than its compressed size (the pipeline's ratio limit; a zip bomb?); file not read"
        case .outsidePopulation:
            return "The country is outside the population the statistics describe ('expected' names it); the submission is accepted and stored, and counted in the group 'outside' only, never in the world, regional or other groups"
        case .consistencyCheck, .consistencyNote:
            return "Two answers contradict a consistency check of the questionnaire (checks:); both are kept and counted"
        case .revisionOrderAmbiguous:
            return "Two submissions of one country and round in different files carry nothing that orders them; the file whose path sorts later was kept"
        case .revisionDropsAnswers:
            return "The revision kept answers fewer items than the submission it replaces; the items listed lose their answer"
        case .revisionManifestInvalid:
            return "The inbox's revisions.yml cannot be read, or names a file that is not in its folder; the entry (or the whole manifest) is ignored"
        case .formVersionUndeclared:
            return "The submission names a form version no round of the pipeline declares; it was checked against its round's questionnaire"
        case .formVersionRejected:
            return "The submission names a form version no round of the pipeline declares, and the pipeline rejects such submissions (undeclared_form_version: reject); submission rejected"
        case .submissionMerged:
            return "A complement's answers were merged onto the country's current submission (revisions.yml complements:); each answer keeps its own file, and on an item both answer the complement's wins"
        case .complementWithoutBase:
            return "A complement has no other submission of its country and round to merge onto; it stands as the submission, with only the items it answers"
        case .inventoryActUncovered:
            return "An act is answered as criminalized by a cyber-specific offence, but none of the laws the State listed names it among the acts it covers; both answers kept"
        case .repeatIndexInvalid:
            return "A long-layout row's repeat_index is not positions separated by '/' (2, 2/1), or does not give one position per repeat of its question_id path; answer dropped"
        case .repeatRowOrphan:
            return "A repeat table row of the .csv.zip belongs to no row of its parent table (its PARENT_KEY is no KEY there); row not read"
        case .repeatKeyDuplicate:
            return "Two rows of a repeat table of the .csv.zip share one KEY; the later row was not read"
        case .repeatKeyInvalid:
            return "A repeat table row's KEY does not end in its position ([n]), or the table lacks its PARENT_KEY and KEY columns; not read"
        case .xlsxSheetIgnored:
            return "A sheet of the .xlsx workbook was not read for answers: it is hidden, or has no country column (or row) in its first 20 rows"
        case .xlsxCellError:
            return "A cell of the .xlsx workbook holds a spreadsheet error (#N/A, #DIV/0!, #REF!…), typed or computed by a formula; not read as an answer"
        case .xlsxTooManyCells:
            return "The .xlsx workbook holds more cells than the pipeline's limit, or a cell past its column limit; file not read"
        case .xlsxTemplateInvalid:
            return "The questionnaire workbook's hidden stamp is incomplete or from a newer LegiSurvey; file not read"
        case .xlsxTemplateMark:
            return "An option's cell in the questionnaire workbook holds something other than the mark from its list; the question's answer is not read"
        case .xlsxTemplateChanged:
            return "A value outside the questionnaire workbook's answer cells (a row, column or sheet added or renamed); not read"
        case .xlsxHiddenRows:
            return "Rows are hidden in an answer sheet of the .xlsx workbook; they were read like the others"
        case .choicePartialLabel:
            return "The answer is the beginning, a run of whole words or an abbreviation of exactly one option's label (\"Convenio de Budapest\"); read as that option, whose whole label 'expected' gives"
        case .choiceSeparatorRead:
            return "Several options were separated by a comma (or '/', '،', '、') rather than ';' or '|'; every part is one option, and all were read"
        }
    }

    /// What the sender or analyst can do about it.
    public var remedy: String {
        switch self {
        case .fileUnreadable: return "Check the file's permissions and that it is not empty or truncated; send it again."
        case .fileFormatUnknown: return "Send submissions as .xml (native or XForm instance), .csv (native layouts, ODK Central or KoboToolbox exports), ODK Central's .csv.zip or an Excel workbook (.xlsx); an XForm questionnaire belongs in Pipelines/, not in the inbox."
        case .encodingInvalid: return "Save the file again as UTF-8, or declare its real encoding in the pipeline file (files: encoding)."
        case .encodingFallback: return "Check the text reads correctly; declare the encoding in the pipeline file (files: encoding) or save as UTF-8."
        case .zipNoCSV: return "Send the CSV export itself, or the .csv.zip that ODK Central downloads."
        case .fileTooLarge: return "Split the file, or raise limits.max_file_bytes in the pipeline file if it is genuine."
        case .valueTooLarge: return "Check the file was exported as intended; raise limits.max_value_bytes if the value is genuine."
        case .xmlTooDeep: return "Submissions are shallow; check the file is a submission, or raise limits.max_xml_depth."
        case .csvTooManyColumns: return "Check the delimiter and the export; raise limits.max_columns if the file is genuine."
        case .csvNulByte: return "Save the file again as CSV text (UTF-8); a spreadsheet's binary format is not CSV."
        case .zipOtherFiles: return "Nothing to do unless answers were expected in those files."
        case .recordMalformed: return "Fix the record at the line given; 'detail' says what the reader found."
        case .fileNotRegular: return "Put the submission in the inbox as a regular file, or move the entry out of the inbox."
        case .symlinkOutsideInbox: return "Copy the file into the inbox instead of linking to it."
        case .revisionCycle:
            return "Check the instances named with the sender: an edit names the instance it replaces, never a later one; remove the wrong deprecatedID, or the submission that is not wanted."
        case .rowTruncated: return "Send the whole file again (export it again if it was cut in a copy or download)."
        case .csvStrayCarriageReturn:
            return "Check the row reads as intended; remove the stray line break from the cell in the tool that wrote the file."
        case .xmlAttributeIgnored: return "Write the attribute without a namespace prefix (country=\"…\"); remove the prefixed copy."
        case .countryAmbiguousNA:
            return "Write NAM or Namibia for Namibia; if NA stands for a missing country, fill in the country or leave the row out."
        case .xmlMalformed: return "Fix the XML at the line and column given (an unclosed tag, a stray '&' or '<')."
        case .xmlDoctypeForbidden: return "Remove the <!DOCTYPE …> declaration; submissions never need one."
        case .xmlUnexpectedElement: return "Put answers in <answer question=\"…\"> elements inside <submission>."
        case .xmlNoSubmission: return "Wrap the answers in a <submission country=\"…\"> element."
        case .csvMalformed: return "Fix the quoting at the line given (an unclosed double quote)."
        case .csvMissingColumn: return "Add the column named in 'expected' to the header row."
        case .csvDuplicateColumn: return "Rename or remove the second column of that name."
        case .csvRaggedRow: return "Give every row the header's cells: remove the extra cells or add the missing header names or cells."
        case .csvNoRows: return "Add the answers below the header, or remove the file from the inbox."
        case .csvTitleRows: return "Nothing to do; the header is the first row that names the country column."
        case .countryMissing: return "Fill in the country (ISO code, M49 code or name)."
        case .countryUnknown: return "Write the country as an ISO 3166 code (e.g. FRA), an M49 code or its UN name."
        case .countryAmbiguous: return "Write the country as an ISO 3166 code to say which one is meant."
        case .roundInvalid: return "Write one of the rounds in 'expected'; a new round is added to the pipeline file's rounds: list first."
        case .roundNormalized: return "Nothing to do; write the round as in 'expected' to avoid the note (check a spreadsheet did not turn the round column into numbers)."
        case .respondentMissing:
            return "Fill in the respondent field the pipeline file names (identity.respondent), one value per agency or office."
        case .submissionEmpty: return "Check that the answers were exported with the submission."
        case .submissionSuperseded: return "Nothing to do if the later submission is the intended revision."
        case .submissionExcluded: return "Nothing to do unless the review was a mistake; then approve it in the survey tool and export again."
        case .questionUnknown: return "Check the question id against the questionnaire; it may be misspelt or from another version."
        case .answerDuplicate: return "Keep one answer per question."
        case .choiceUnknown: return "Use one of the option codes or labels in 'expected'."
        case .correctionInvalid: return "Fix the correction at the file and line given: write what 'expected' lists (a country and round of the pipeline, an item of that round's questionnaire, one of its option codes, a number in range, or not_answered)."
        case .correctionStale: return "Check the sender's newer value or revision (legisurvey explain stat); if the correction still holds, update its was: or submission: to the current one, else delete it."
        case .restrictedItemUnknown: return "Ask the sender which items are restricted, then write them in the restrictions file (Pipelines/restrictions.yml) or have the field corrected; until then none of the submission's answers is published individually."
        case .choiceAmbiguous: return "Use the option code instead of the label."
        case .tooManyValues: return "Give one value: one option, or one number."
        case .choiceConflict: return "Choose either 'none' or the options that apply."
        case .numberInvalid: return "Write a number with '.' or ',' as the decimal mark and no words or units (a trailing % is fine for a percent)."
        case .numberNotInteger: return "Write a whole number."
        case .numberOutOfRange: return "Check the value; 'expected' gives the allowed range."
        case .answerInRepeat: return "Answer the question once, outside any repeat; send a repeat's answers in a format that carries repeats (native XML, XForm instance, long CSV with repeat_index, ODK Central .csv.zip); if a form's repeat belongs in the questionnaire, give it a chapter (unodc:chapter on its bind, or chapters: in the pipeline file) so it becomes a repeat group."
        case .zipCorrupt: return "Download or copy the archive again ('unzip -t' checks it); 'detail' names the entry and the check that failed."
        case .zipEncrypted: return "Send the archive without a password, or the CSV export itself."
        case .zipDuplicateEntry: return "Download the export again from the survey tool, or send the one CSV table that is right."
        case .zipRatioExceeded: return "Send the CSV export itself; if the archive is genuine, raise limits.max_zip_ratio in the pipeline file."
        case .outsidePopulation:
            return "Nothing to do if the sender is not part of the survey's population; to count it, declare a population that includes it (population: in the pipeline file)."
        case .consistencyCheck, .consistencyNote:
            return "Ask the focal point which of the two answers is right and to send a corrected submission; if both are right, the check is too strict: change it in the questionnaire file (checks:)."
        case .revisionOrderAmbiguous:
            return "Check the kept file is the correction; to decide, give each submission a time (a 'submitted' column or attribute) or list the files, oldest first, under 'order:' in a revisions.yml in the inbox."
        case .revisionDropsAnswers:
            return "A revision replaces the whole submission: if the new file is a partial correction, ask the focal point for the whole submission with the correction in it; if the items were meant to be unanswered, nothing to do."
        case .revisionManifestInvalid:
            return "Fix revisions.yml: a mapping with 'order:', a list of file paths relative to its folder, oldest first; 'detail' says what is wrong."
        case .formVersionUndeclared, .formVersionRejected:
            return "If the form version is genuine, declare its questionnaire file for its round (rounds: - {id: ..., questionnaire: ...}); otherwise ask the sender to answer the round's form."
        case .submissionMerged:
            return "Nothing to do if the file was meant as a partial correction; if it is a whole new submission, remove it from 'complements:' in revisions.yml so that it replaces the earlier one."
        case .repeatIndexInvalid:
            return "Write repeat_index as the 1-based position of each repeat in question_id, outermost first: laws/title with 2, laws/amendments/year with 2/1; leave it empty for ordinary questions."
        case .repeatRowOrphan:
            return "Download the export again from ODK Central as one .csv.zip (root and repeat tables of the same export); a row whose parent was deleted or filtered out cannot be placed."
        case .repeatKeyDuplicate:
            return "Download the export again from ODK Central; if the archive was edited by hand, keep each repeat row once."
        case .xlsxSheetIgnored:
            return "If the sheet holds answers, unhide it, or give it a header row with a country column (country, pays, país…) near the top."
        case .xlsxCellError:
            return "Fix the formula or type the answer itself in the cell, and send the workbook again."
        case .xlsxTooManyCells:
            return "Check the workbook holds only the answers (no pasted data); raise limits.max_cells or limits.max_columns if it is genuine."
        case .xlsxTemplateInvalid:
            return "Write a new workbook with `legisurvey questionnaire template` and send it to the focal point; if a newer LegiSurvey made this one, read it with that version."
        case .xlsxTemplateMark:
            return "Ask the focal point which options apply; in the workbook, choose the mark from the cell's list for each option that applies and leave the others empty."
        case .xlsxTemplateChanged:
            return "Ask the focal point to answer in the yellow cells of the workbook as sent (the values found here may belong to another question), or to send the answer separately."
        case .xlsxHiddenRows:
            return "Check the hidden rows hold answers the focal point meant to send; delete the rows that do not."
        case .choicePartialLabel:
            return "Nothing to do if the option in 'expected' is the one meant; write the whole label or the option code to avoid the note."
        case .choiceSeparatorRead:
            return "Nothing to do if the options in 'expected' are those meant; separate options with ';' or '|' to avoid the note."
        case .repeatKeyInvalid:
            return "Keep the repeat tables as ODK Central writes them: leaf columns then PARENT_KEY and KEY, KEY ending in [n] (uuid:…/laws[2])."
        case .complementWithoutBase:
            return "Check that the country's full submission is in the inbox (its country and round must match the complement's); if the file is a whole submission, remove it from 'complements:' in revisions.yml."
        case .inventoryActUncovered:
            return "Ask the focal point which law criminalizes the act: add it to the laws listed, or tick the act under that law's acts; if the act is covered by a general offence, answer general instead."
        }
    }
}

extension DiagnosticCode {
    /// `docs/diagnostics.md`, generated from this catalogue (`legisurvey codes > docs/diagnostics.md`).
    public static var catalogueMarkdown: String {
        var text = """
            # Diagnostic codes

            Generated from `Sources/SurveyModel/DiagnosticCode.swift` by `legisurvey codes`; do not
            edit by hand. Codes are stable: they are never renamed or reused, only added.

            Severity: **error**: the file or submission could not be used (a rejected submission
            names its code); **warning**: one answer was dropped or a detail was ignored, the rest
            was kept; **info**: for the record.

            | code | severity | meaning | what to do |
            |---|---|---|---|

            """
        // Markdown would take <submission> for an HTML tag.
        func escaped(_ text: String) -> String { text.replacingOccurrences(of: "<", with: "&lt;") }
        for code in allCases {
            text += "| `\(code.rawValue)` | \(code.severity.rawValue) | \(escaped(code.summary)) | \(escaped(code.remedy)) |\n"
        }
        return text
    }
}
