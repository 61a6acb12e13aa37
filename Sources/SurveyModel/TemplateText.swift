// Placeholders in the texts people read: `{name}` replaced by its value.

extension String {
    /// The text with each `{name}` whose name `values` has replaced by its value, in one pass
    /// from left to right: a value is never searched again (a sender's file name or answer that
    /// holds `{round}` stays as written), and the result does not depend on the order of
    /// `values` (a loop of replacements over a dictionary followed its hash order, which Swift
    /// draws afresh in every process). A `{…}` without a value stays as it is.
    public func filling(_ values: [String: String]) -> String {
        guard !values.isEmpty, unicodeScalars.contains("{") else { return self }
        let scalars = Array(unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "{", let close = scalars[(index + 1)...].firstIndex(of: "}") {
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[(index + 1)..<close])
                if let value = values[String(name)] {
                    result.append(contentsOf: value.unicodeScalars)
                    index = close + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }
}
