// How a file reaches the output folder: a temporary file and a rename, whole or streamed in
// pieces (a chunked table, Publisher+TableWriting.swift), so that a reader never sees half a file.
// The temporary file's name is unique to the process and the write
// (`.NAME.<pid>.<random>.partial`, created with O_EXCL), so two writers of the same file (two runs,
// or two publishers in one process) never write into each other's temporary file: each renames a
// whole file of its own, and the last rename wins.

import Foundation
import SurveyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Publisher {
    /// Writes through a temporary file and a rename, so a reader never sees half a file.
    func write(_ text: String, to name: String) throws -> URL {
        // Written from the string's own UTF-8 bytes: no second copy of a large table in memory.
        var text = text
        return try text.withUTF8 { try writeBytes(UnsafeRawBufferPointer($0), to: name) }
    }

    /// Writes bytes (a workbook) through a temporary file and a rename, as ``write(_:to:)``.
    func writeData(_ data: Data, to name: String) throws -> URL {
        try data.withUnsafeBytes { try writeBytes($0, to: name) }
    }

    /// Writes a text's UTF-8 bytes (``SurveyModel/PrettyJSON/encodeBytes(_:newline:)``'s) as
    /// ``write(_:to:)`` writes a text.
    public func writeUTF8(_ bytes: [UInt8], to name: String) throws {
        _ = try bytes.withUnsafeBytes { try writeBytes($0, to: name) }
    }

    private func writeBytes(_ bytes: UnsafeRawBufferPointer, to name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let (temporary, file) = try Self.createTemporary(for: name, in: directory)
        let written = bytes.isEmpty ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        return try Self.moveIntoPlace(temporary, url)
    }

    /// Creates and opens a new temporary file for `name` in `directory`:
    /// `.NAME.<pid>.<random>.partial`, created with `O_CREAT | O_EXCL` (never an existing file, never
    /// through a symlink), mode 0666 less the umask as `fopen` would. Another name is tried when one
    /// exists already.
    static func createTemporary(for name: String, in directory: URL) throws -> (URL, UnsafeMutablePointer<FILE>) {
        var failure: Int32 = EEXIST
        for _ in 0..<16 {
            let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = directory.appendingPathComponent(Self.temporaryName(for: name, token: token))
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor < 0 {
                failure = errno
                if failure == EEXIST || failure == EINTR { continue }
                break
            }
            guard let file = fdopen(descriptor, "wb") else {
                close(descriptor)
                unlink(temporary.path)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
            }
            return (temporary, file)
        }
        let path = directory.appendingPathComponent(".\(name).partial").path
        let detail = String(cString: strerror(failure))
        throw CocoaError(
            failure == EACCES || failure == EPERM || failure == EROFS ? .fileWriteNoPermission : .fileWriteUnknown,
            userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot create a temporary file for \(name): \(detail)"])
    }

    /// `.NAME.<pid>.<token>.partial`: hidden, unique to this process and write.
    static func temporaryName(for name: String, token: String) -> String {
        ".\(name).\(getpid()).\(token).partial"
    }

    /// Whether `name` is a temporary file of ``write(_:to:)`` or ``writeStreamed(to:_:)`` (of any
    /// process, including one that died): hidden and ending in `.partial`. Safe to delete only while
    /// holding the output folder's lock.
    public static func isTemporaryName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".partial")
    }

    /// rename(2) replaces the old file in one step; on failure the temporary file is removed.
    static func moveIntoPlace(_ temporary: URL, _ url: URL) throws -> URL {
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }
}

extension Publisher {
    /// Writes a table in pieces through the same temporary file and rename as ``write(_:to:)``:
    /// `body` appends its text to the ``TableFile``, which goes to disk a megabyte at a time, so a
    /// large table is never whole in memory. When `body` throws, or a write fails, the temporary
    /// file is removed and nothing is renamed: a reader still never sees half a file.
    func writeStreamed(to name: String, _ body: (inout TableFile) throws -> Void) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let (temporary, handle) = try Self.createTemporary(for: name, in: directory)
        var file = TableFile(handle: handle)
        do {
            try body(&file)
            file.flush()
        } catch {
            fclose(handle)
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        let closed = fclose(handle)
        guard !file.failed, closed == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        return try Self.moveIntoPlace(temporary, url)
    }
}

/// The open temporary file of ``Publisher/writeStreamed(to:_:)``: text is buffered and written a
/// megabyte at a time.
struct TableFile {
    let handle: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private(set) var failed = false

    init(handle: UnsafeMutablePointer<FILE>) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20 + 1 << 16)
    }

    mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Text already in UTF-8 (a chunk's lines): a megabyte or more goes to the file from its own
    /// bytes, not copied into the buffer.
    mutating func append(_ bytes: [UInt8]) {
        guard bytes.count < 1 << 20 else {
            flush()
            write(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func write(_ bytes: [UInt8]) {
        let handle = handle
        let written = bytes.withUnsafeBufferPointer { bytes in
            bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count
        }
        if !written { failed = true }
    }
}
