// Placeholders in the texts people read: `{name}` replaced by its value.

extension String {
    /// The text with each `{name}` whose name `values` has replaced by its value, in one pass
    /// from left to right: a value is never searched again (a sender's file name or answer that
    /// holds `{round}` stays as written), and the result does not depend on the order of
    /// `values` (a loop of replacements over a dictionary followed its hash order, which Swift
    /// draws afresh in every process). A `{…}` without a value stays as it is.
    public func filling(_ values: [String: String]) -> String {
        guard !values.isEmpty else { return self }
        var text = self
        return text.withUTF8 { bytes -> String in
            // On the UTF-8 bytes: `{` and `}` are ASCII, never inside another character's bytes,
            // so runs between them are copied whole (a page fills thousands of these).
            guard bytes.contains(UInt8(ascii: "{")) else { return self }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 32)
            var run = 0
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "{"),
                    let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "}")),
                    let value = values[String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close]), as: UTF8.self)]
                {
                    result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                    result.append(contentsOf: value.utf8)
                    index = close + 1
                    run = index
                    continue
                }
                index += 1
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
            return String(decoding: result, as: UTF8.self)
        }
    }
}
