// Literal markup appended to a byte buffer from the literal's own bytes.

extension Array where Element == UInt8 {
    /// `text`'s UTF-8 appended from the bytes compiled into the binary. Through `String.UTF8View`
    /// (`append(contentsOf: "</t>".utf8)`) each append checked the string's form and copied it
    /// through a general path: twice the time, for the four tags of each of the workbook sheets'
    /// cells (tens of millions of cells at 50,000 respondents).
    @inlinable @inline(__always)
    public mutating func append(literal text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }
}
