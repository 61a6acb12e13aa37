public import Foundation
import SurveyModel

/// SHA-256 of a whole file, for the file cache (is an inbox file unchanged?) and the definitions'
/// fingerprint. The readers hash the bytes they parse themselves, chunk by chunk.
public enum FileDigest {
    /// SHA-256 of a file's bytes as lowercase hex, read in 1 MiB chunks; nil when it cannot be read.
    public static func sha256(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hash.update($0) }
        }
        return hash.finalizeHex()
    }
}
