// How a file reaches the output folder: a temporary file and a rename, whole or streamed in
// pieces (a chunked table, Publisher+TableWriting.swift), so that a reader never sees half a file.

import Foundation
import SurveyModel

extension Publisher {
    /// Writes through a temporary file and a rename, so a reader never sees half a file.
    func write(_ text: String, to name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).partial")
        // Written from the string's own UTF-8 bytes: no second copy of a large table in memory.
        var text = text
        try text.withUTF8 { bytes in
            guard let file = fopen(temporary.path, "wb") else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
            }
            let written = bytes.isEmpty ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, file)
            let closed = fclose(file)
            guard written == bytes.count, closed == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
            }
        }
        return try Self.moveIntoPlace(temporary, url)
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
        let temporary = directory.appendingPathComponent(".\(name).partial")
        guard let handle = fopen(temporary.path, "wb") else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
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
    private var buffer = ""
    private(set) var failed = false

    init(handle: UnsafeMutablePointer<FILE>) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20 + 1 << 16)
    }

    mutating func append(_ text: String) {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        let handle = handle
        let written = buffer.withUTF8 { bytes in
            bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count
        }
        if !written { failed = true }
        buffer.removeAll(keepingCapacity: true)
    }
}
