public import Foundation
import SurveyModel

/// SHA-256 of a whole file, for the file cache (is an inbox file unchanged?) and the definitions'
/// fingerprint. The readers hash the bytes they parse themselves, chunk by chunk.
public enum FileDigest {
    /// SHA-256 of a file's bytes as lowercase hex, read in 1 MiB chunks; nil when it cannot be
    /// read, is not a regular file, or holds more than `limit` bytes (counted as read).
    public static func sha256(of url: URL, limit: Int = Int.max) -> String? {
        // Without blocking, a regular file only: a FIFO or device swapped in is not a cache hit.
        guard case .success(let opened) = RegularFile.open(url) else { return nil }
        let handle = opened.handle
        defer { try? handle.close() }
        guard opened.size <= limit else { return nil }
        var chunks = FileChunks(handle: handle, size: 1 << 20, limit: limit)
        var hash = SHA256()
        while let chunk = chunks.next() { chunk.withUnsafeBytes { hash.update($0) } }
        guard !chunks.exceeded, !chunks.failed else { return nil }
        return hash.finalizeHex()
    }
}
