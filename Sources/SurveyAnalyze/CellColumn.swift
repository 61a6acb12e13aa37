/// One question's cells in one round (``AnswerMatrix/column(question:round:)``): a value id per
/// unit, 0 for "not answered", stored in the narrowest width its ids fit (1, 2 or 4 bytes).
///
/// A choice question has a handful of distinct answers, so nearly every column of a run fits in
/// one byte; at 500,000 respondents and 59 questions the matrix held 118 MB in 4-byte cells
/// (BENCHMARKS.md, "Issue 29, memory at 500,000"). Reads give the same `UInt32` ids whatever the
/// width; a write of an id too large for the width widens the column.
public struct CellColumn: RandomAccessCollection, Sendable, Equatable {
    /// The ids, little-endian, `width` bytes each.
    private var storage: [UInt8]
    /// Bytes per cell: 1, 2 or 4.
    public private(set) var width: Int
    public let count: Int

    /// `ids` in the narrowest width that holds the largest of them.
    public init(_ ids: [UInt32]) {
        let largest = ids.max() ?? 0
        self.init(repeating: 0, count: ids.count, width: Self.width(for: largest))
        storage.withUnsafeMutableBytes { raw in
            switch width {
            case 1: for (i, id) in ids.enumerated() { raw[i] = UInt8(truncatingIfNeeded: id) }
            case 2: for (i, id) in ids.enumerated() { raw.storeBytes(of: UInt16(truncatingIfNeeded: id).littleEndian, toByteOffset: i &* 2, as: UInt16.self) }
            default: for (i, id) in ids.enumerated() { raw.storeBytes(of: id.littleEndian, toByteOffset: i &* 4, as: UInt32.self) }
            }
        }
    }

    /// `count` cells of `id`.
    public init(repeating id: UInt32, count: Int) {
        self.init(repeating: 0, count: count, width: Self.width(for: id))
        if id != 0 { for i in 0..<count { self[i] = id } }
    }

    /// `count` unanswered cells, wide enough for ids up to `largest`.
    public init(zeros count: Int, largest: UInt32) {
        self.init(repeating: 0, count: count, width: Self.width(for: largest))
    }

    private init(repeating zero: UInt8, count: Int, width: Int) {
        storage = Array(repeating: zero, count: count * width)
        self.width = width
        self.count = count
    }

    static func width(for id: UInt32) -> Int { id <= UInt32(UInt8.max) ? 1 : id <= UInt32(UInt16.max) ? 2 : 4 }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> UInt32 {
        get {
            precondition(i >= 0 && i < count, "cell index out of range")
            switch width {
            case 1: return UInt32(storage[i])
            case 2: return storage.withUnsafeBytes { UInt32(UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))) }
            default: return storage.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) }
            }
        }
        set {
            precondition(i >= 0 && i < count, "cell index out of range")
            if Self.width(for: newValue) > width { widen(to: Self.width(for: newValue)) }
            storage.withUnsafeMutableBytes { raw in
                switch width {
                case 1: raw[i] = UInt8(truncatingIfNeeded: newValue)
                case 2: raw.storeBytes(of: UInt16(truncatingIfNeeded: newValue).littleEndian, toByteOffset: i &* 2, as: UInt16.self)
                default: raw.storeBytes(of: newValue.littleEndian, toByteOffset: i &* 4, as: UInt32.self)
                }
            }
        }
    }

    /// The same ids in `wider` bytes per cell.
    private mutating func widen(to wider: Int) {
        var copy = CellColumn(repeating: 0, count: count, width: wider)
        for i in 0..<count { copy[i] = self[i] }
        self = copy
    }

    /// The ids as 4-byte values (tests, and callers that need an array).
    public var ids: [UInt32] { Array(self) }

    public static func == (lhs: CellColumn, rhs: CellColumn) -> Bool { lhs.elementsEqual(rhs) }
}
