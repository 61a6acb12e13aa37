/// Answers matched to the questionnaire's codes while a file is parsed (issue 29, item 1).
///
/// A reader given a codebook (``AnswerCodebook``, made by Transform from the questionnaire) looks a
/// cell's bytes up as libxml2 or libcsv hands them on, and keeps what it finds as a
/// ``MatchedCell``: a slot (the question), the code or number, where it was written, and the bytes
/// themselves in ``MatchedAnswers/text``. No `String` and no ``RawAnswer`` is made for it. Only
/// what the codebook reads with the general path's very result (a value written exactly as a
/// code or label, a plain number within range) is matched; every other cell is a ``RawAnswer``
/// as before, so the general path still makes every diagnostic.
///
/// Transform reads the cells straight into answers when the codebook is the questionnaire
/// version's own and no other answer of the submission names the same question; otherwise it
/// turns them back into the raw answers the general path would have had
/// (``MatchedAnswers/merged(into:origins:)``): the bytes, the field as written, the location.
public protocol AnswerCodebook: AnyObject, Sendable {
    /// The slot of a field whose values may be matched: the field written exactly as a question
    /// id whose answers the codebook reads; nil sends the field's values the general way.
    func slot(forField field: String) -> Int32?
    /// ``slot(forField:)`` of a field name's UTF-8 bytes (an XML element's local name as libxml2
    /// hands it on), with the field as a `String`: the codebook's own, so the reader makes none.
    func slot(forFieldBytes field: UnsafeBufferPointer<UInt8>) -> (slot: Int32, field: String)?
    /// The field a slot stands for, as written (a question id).
    func field(ofSlot slot: Int32) -> String
    /// Whether a group of this name holds repeat answers in some version of the questionnaire
    /// (the general path places such answers in their repeat: never matched).
    func isRepeatGroup(_ name: String) -> Bool
    /// The value of a cell of `slot` written as `bytes` (UTF-8), when it reads it exactly as the
    /// general path would and without a diagnostic; nil otherwise.
    func match(_ slot: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> MatchedValue?
}

/// A matched cell's value, its meaning given by its slot's question: a choice's position among
/// the question's choices, the selected positions as bits (multiple choice), or a number's
/// `Double` bits. `votes` counts the labels read per language (``LanguageVotes`` order), a byte
/// each.
public struct MatchedValue: Sendable, Equatable {
    public var bits: UInt64
    public var votes: UInt64

    public init(bits: UInt64, votes: UInt64 = 0) {
        self.bits = bits
        self.votes = votes
    }
}

/// One matched cell of a submission.
public struct MatchedCell: Sendable, Equatable {
    public var slot: Int32
    /// The raw answers the submission held when this cell was read: it comes before
    /// `answers[order]` (after all of them when `order` is their count).
    public var order: Int32
    /// Where the cell was written (``MatchedCell/none`` for no line or column).
    public var line: Int32
    public var column: Int32
    /// The cell's bytes in ``MatchedAnswers/text``.
    public var textStart: Int32
    public var textCount: Int32
    public var value: MatchedValue
    /// The groups above the cell (an XForm instance's group elements) in
    /// ``MatchedAnswers/groups``; -1 for none.
    public var group: Int32 = -1

    /// A location without a line or column.
    public static let none = Int32.min

    public init(
        slot: Int32, order: Int32, line: Int32, column: Int32, textStart: Int32, textCount: Int32, value: MatchedValue,
        group: Int32 = -1
    ) {
        self.group = group
        self.slot = slot
        self.order = order
        self.line = line
        self.column = column
        self.textStart = textStart
        self.textCount = textCount
        self.value = value
    }

    /// The location as a ``SourceLocation`` of `file`: what the reader's raw answer would have had.
    /// Inlinable: made where it is used (every matched answer), not made and copied.
    @inlinable
    public func location(file: String) -> SourceLocation {
        SourceLocation(file: file, line: line == Self.none ? nil : Int(line), column: column == Self.none ? nil : Int(column))
    }

    /// A line or column as a cell keeps it; nil when it does not fit (the cell is then not matched).
    public static func position(_ value: Int?) -> Int32? {
        guard let value else { return none }
        return value >= 0 && value < Int(Int32.max) ? Int32(value) : nil
    }
}

/// A submission's matched cells and their bytes.
public struct MatchedAnswers: Sendable, Equatable {
    /// The codebook the cells were matched with (nil when there are none).
    public var codebook: (any AnswerCodebook)?
    /// The file the cells were read from, as their locations name it.
    public var file = ""
    public var cells: [MatchedCell] = []
    public var text: [UInt8] = []
    /// The groups cells sit in (``RawAnswer/groups`` and ``RawAnswer/groupPositions``), each
    /// once: the cells name them by index.
    public var groups: [(names: [String], positions: [Int])] = []

    public init() {}

    public var isEmpty: Bool { cells.isEmpty }

    /// The raw answer a cell stands for: its field as written, its text, its location.
    public func rawAnswer(_ cell: MatchedCell) -> RawAnswer {
        let start = Int(cell.textStart)
        let value = text.withUnsafeBufferPointer { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + Int(cell.textCount)]), as: UTF8.self)
        }
        let group = cell.group >= 0 ? groups[Int(cell.group)] : (names: [], positions: [])
        return RawAnswer(
            field: codebook!.field(ofSlot: cell.slot), values: [value], location: cell.location(file: file), groups: group.names,
            groupPositions: group.positions)
    }

    /// `answers` with every matched cell back in its place as a raw answer: what the reader would
    /// have handed on without a codebook. `origins`, when some answers were taken out since they
    /// were read, gives each one's index then (what ``MatchedCell/order`` counts).
    public func merged(into answers: [RawAnswer], origins: [Int]? = nil) -> [RawAnswer] {
        guard !cells.isEmpty else { return answers }
        var all: [RawAnswer] = []
        all.reserveCapacity(answers.count + cells.count)
        var next = 0
        for index in answers.indices {
            let origin = origins?[index] ?? index
            while next < cells.count && Int(cells[next].order) <= origin {
                all.append(rawAnswer(cells[next]))
                next += 1
            }
            all.append(answers[index])
        }
        while next < cells.count {
            all.append(rawAnswer(cells[next]))
            next += 1
        }
        return all
    }

    public static func == (lhs: MatchedAnswers, rhs: MatchedAnswers) -> Bool {
        lhs.codebook.map(ObjectIdentifier.init) == rhs.codebook.map(ObjectIdentifier.init) && lhs.file == rhs.file
            && lhs.cells == rhs.cells && lhs.text == rhs.text && lhs.groups.elementsEqual(rhs.groups, by: { $0.names == $1.names && $0.positions == $1.positions })
    }
}
