import Foundation
public import SurveyModel

/// A pipeline file's per-file override: files whose inbox path matches `pattern` are read with
/// these options instead of (or besides) sniffing.
///
/// ```yaml
/// files:
///   - pattern: "ru/*.csv"          # shell-style: * within a folder, ** across folders, ?
///     encoding: windows-1251       # utf-8, utf-16le, utf-16be, windows-1252/1251/1256, gb18030
///   - pattern: "**/*.csv"
///     fallback_encoding: windows-1252
///     delimiter: ";"
///     format: csv-wide             # xml, xform-instance, csv-wide, csv-long, odk-central-csv, kobo-csv
/// ```
/// The first rule whose pattern matches gives each option it sets; later rules fill the rest.
public struct FileRule: Sendable, Equatable {
    public var pattern: String
    public var encoding: TextEncoding?
    public var fallbackEncoding: TextEncoding?
    public var delimiter: Character?
    public var format: SourceFormat?

    public init(
        pattern: String, encoding: TextEncoding? = nil, fallbackEncoding: TextEncoding? = nil, delimiter: Character? = nil,
        format: SourceFormat? = nil
    ) {
        self.pattern = pattern
        self.encoding = encoding
        self.fallbackEncoding = fallbackEncoding
        self.delimiter = delimiter
        self.format = format
    }

    /// The options for the file at `path` (relative to the inbox).
    public static func options(for path: String, rules: [FileRule]) -> ReadOptions {
        var options = ReadOptions()
        var fallbackSet = false
        for rule in rules where matches(rule.pattern, path) {
            if options.encoding == nil { options.encoding = rule.encoding }
            if !fallbackSet, let fallback = rule.fallbackEncoding {
                options.fallbackEncoding = fallback
                fallbackSet = true
            }
            if options.delimiter == nil { options.delimiter = rule.delimiter }
            if options.format == nil { options.format = rule.format }
        }
        return options
    }

    /// Shell-style matching on `/`-separated paths: `*` and `?` stay within one folder, `**`
    /// spans folders (also none: `**/*.csv` matches `a.csv`).
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.unicodeScalars)[...], Array(path.unicodeScalars)[...])
    }

    private static func match(_ pattern: ArraySlice<Unicode.Scalar>, _ path: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "*" {
            let rest = pattern.dropFirst()
            if rest.first == "*" {
                var after = rest.dropFirst()
                if after.first == "/" {
                    after = after.dropFirst()
                    if match(after, path) { return true }  // "**/" matches no folder at all
                }
                var index = path.startIndex
                while true {
                    if match(after, path[index...]) { return true }
                    if index == path.endIndex { return false }
                    index = path.index(after: index)
                }
            }
            var index = path.startIndex
            while true {
                if match(rest, path[index...]) { return true }
                if index == path.endIndex || path[index] == "/" { return false }
                index = path.index(after: index)
            }
        }
        guard let first = path.first else { return false }
        if head == "?" { return first != "/" && match(pattern.dropFirst(), path.dropFirst()) }
        return head == first && match(pattern.dropFirst(), path.dropFirst())
    }
}
