// The zip container itself: the central directory, the local headers and the checked extraction
// of one entry. Binary structure (PKWARE APPNOTE 6.3), read field by field; the compressed data is
// inflated by ZIPFoundation (zlib).
import Foundation
import ZIPFoundation

/// The bytes of an archive with random access: the file itself, or bytes in memory.
struct ZipBytes {
    let count: Int
    /// `length` bytes from `offset`, fewer at the end; nil when the file cannot be read.
    let read: (_ offset: Int, _ length: Int) -> [UInt8]?

    init(memory bytes: [UInt8]) {
        count = bytes.count
        read = { offset, length in
            guard offset >= 0, offset <= bytes.count, length >= 0 else { return [] }
            return Array(bytes[offset..<offset + min(length, bytes.count - offset)])
        }
    }

    init?(file url: URL) {
        guard let handle = try? FileHandle(forReadingFrom: url), let end = try? handle.seekToEnd() else { return nil }
        count = Int(end)
        read = { offset, length in
            guard offset >= 0, length >= 0 else { return [] }
            do {
                try handle.seek(toOffset: UInt64(offset))
                return [UInt8](try handle.read(upToCount: length) ?? Data())
            } catch {
                return nil
            }
        }
    }
}

/// One entry of the central directory.
struct ZipEntry {
    var name: String
    var nameBytes: [UInt8]
    var flags: UInt16
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
    var isDirectory: Bool
    var isSymlink: Bool
    /// General-purpose bit 0: the entry is encrypted (ZipCrypto or AES); LegiSurvey holds no password.
    var isEncrypted: Bool { flags & 1 != 0 }
}

/// Why an archive or an entry cannot be used; `ZipExport` turns each into its diagnostic.
enum ZipProblem: Error, Equatable {
    /// No end-of-central-directory record: not a zip archive at all.
    case notAnArchive
    /// The structure or the data does not verify (`zip-corrupt`).
    case corrupt(String)
    /// General-purpose bit 0 in the central directory or the local header (`zip-encrypted`).
    case encrypted
    /// A compression method other than stored (0) and deflated (8).
    case unsupportedMethod(UInt16)
    /// The entry would expand past the ratio allowance (`zip-ratio-exceeded`).
    case ratioExceeded(allowance: Int, found: String)
    /// The entry would expand past the file size limit (`file-too-large`); `found` says what came
    /// out (or was declared) when the limit was passed.
    case tooLarge(found: String)
    /// The archive could not be read from disk.
    case unreadable
}

enum ZipDirectory {
    static let endSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    static let zip64LocatorSignature: [UInt8] = [0x50, 0x4B, 0x06, 0x07]
    static let zip64EndSignature: [UInt8] = [0x50, 0x4B, 0x06, 0x06]
    static let centralSignature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
    static let localSignature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    static func u16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    static func u32(_ bytes: [UInt8], _ at: Int) -> Int { u16(bytes, at) | u16(bytes, at + 2) << 16 }
    static func u64(_ bytes: [UInt8], _ at: Int) -> Int {
        let value = UInt64(u32(bytes, at)) | UInt64(u32(bytes, at + 4)) << 32
        return value > UInt64(Int.max) ? Int.max : Int(value)
    }
    static func has(_ signature: [UInt8], _ bytes: [UInt8], at: Int) -> Bool {
        at >= 0 && at + 4 <= bytes.count && bytes[at..<at + 4].elementsEqual(signature)
    }

    /// Every entry of the central directory, in its order (duplicates included), and where the
    /// directory starts (every entry's data lies before it).
    static func entries(_ archive: ZipBytes) throws(ZipProblem) -> (entries: [ZipEntry], directoryStart: Int) {
        // The end record: 22 bytes and a comment of at most 65535, at the end of the file.
        let tailStart = max(0, archive.count - (22 + 65_535))
        guard let tail = archive.read(tailStart, archive.count - tailStart) else { throw .unreadable }
        guard tail.count >= 22,
            let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: { has(endSignature, tail, at: $0) })
        else { throw .notAnArchive }
        let endOffset = tailStart + end
        var count = u16(tail, end + 10)
        var size = u32(tail, end + 12)
        var start = u32(tail, end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            // ZIP64: the locator just before the end record points to the ZIP64 end record.
            guard endOffset >= 20, let locator = archive.read(endOffset - 20, 20), has(zip64LocatorSignature, locator, at: 0),
                let record = archive.read(u64(locator, 8), 56), record.count == 56, has(zip64EndSignature, record, at: 0)
            else { throw .corrupt("its ZIP64 end record is missing or damaged") }
            count = u64(record, 32)
            size = u64(record, 40)
            start = u64(record, 48)
        }
        guard start <= endOffset, size <= endOffset - start, count <= size / 46 + 1 else {
            throw .corrupt("its central directory lies outside the archive (the archive is truncated or damaged)")
        }
        guard let directory = archive.read(start, size), directory.count == size else { throw .unreadable }
        var entries: [ZipEntry] = []
        var at = 0
        for index in 0..<count {
            guard at + 46 <= directory.count, has(centralSignature, directory, at: at) else {
                throw .corrupt("its central directory is damaged at entry \(index + 1) of \(count)")
            }
            let nameLength = u16(directory, at + 28)
            let extraLength = u16(directory, at + 30)
            let commentLength = u16(directory, at + 32)
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw .corrupt("its central directory is damaged at entry \(index + 1) of \(count)") }
            let nameBytes = Array(directory[at + 46..<at + 46 + nameLength])
            let flags = UInt16(u16(directory, at + 8))
            var entry = ZipEntry(
                name: decodeName(nameBytes, utf8: flags & (1 << 11) != 0), nameBytes: nameBytes, flags: flags,
                method: UInt16(u16(directory, at + 10)), crc32: UInt32(u32(directory, at + 16)),
                compressedSize: u32(directory, at + 20), uncompressedSize: u32(directory, at + 24),
                localHeaderOffset: u32(directory, at + 42), isDirectory: false, isSymlink: false)
            entry.isDirectory = entry.name.hasSuffix("/")
            let madeByUnix = u16(directory, at + 4) >> 8 == 3
            entry.isSymlink = madeByUnix && (u32(directory, at + 38) >> 16) & 0o170000 == 0o120000
            readZIP64Sizes(Array(directory[at + 46 + nameLength..<at + 46 + nameLength + extraLength]), into: &entry)
            entries.append(entry)
            at = next
        }
        return (entries, start)
    }

    /// The ZIP64 extra field (0x0001) holds, in this order, the sizes and offset that the
    /// fixed fields mark 0xFFFFFFFF.
    static func readZIP64Sizes(_ extra: [UInt8], into entry: inout ZipEntry) {
        var at = 0
        while at + 4 <= extra.count {
            let id = u16(extra, at)
            let length = u16(extra, at + 2)
            guard at + 4 + length <= extra.count else { return }
            if id == 1 {
                var field = at + 4
                func take(_ value: inout Int) {
                    guard value == 0xFFFF_FFFF, field + 8 <= at + 4 + length else { return }
                    value = u64(extra, field)
                    field += 8
                }
                take(&entry.uncompressedSize)
                take(&entry.compressedSize)
                take(&entry.localHeaderOffset)
                return
            }
            at += 4 + length
        }
    }

    /// UTF-8 when flagged or valid; otherwise each byte as the character of that number (names of
    /// ODK Central's exports are UTF-8; this only keeps other names printable).
    static func decodeName(_ bytes: [UInt8], utf8: Bool) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// The uncompressed bytes of `entry`, checked: its local header, its data within the archive,
    /// its size and CRC-32 against the central directory. Extraction stops as soon as more than
    /// `maxRatio` times the compressed size has come out (and more than `ratioFloor` bytes), or
    /// more than `limit` bytes.
    static func extract(
        _ entry: ZipEntry, from archive: ZipBytes, dataEnd: Int, limit: Int, maxRatio: Int, ratioFloor: Int
    ) throws(ZipProblem) -> [UInt8] {
        if entry.isEncrypted { throw .encrypted }
        guard entry.localHeaderOffset < dataEnd else { throw .corrupt("the local header of \(entry.name) lies outside the archive") }
        guard let header = archive.read(entry.localHeaderOffset, 30) else { throw .unreadable }
        guard header.count == 30, has(localSignature, header, at: 0) else {
            throw .corrupt("the local header of \(entry.name) is missing or damaged")
        }
        if header[6] & 1 != 0 { throw .encrypted }
        let nameLength = u16(header, 26)
        let dataStart = entry.localHeaderOffset + 30 + nameLength + u16(header, 28)
        guard archive.read(entry.localHeaderOffset + 30, nameLength) == entry.nameBytes else {
            throw .corrupt("the local header of \(entry.name) names another file than the central directory")
        }
        guard entry.method == 0 || entry.method == 8 else { throw .unsupportedMethod(entry.method) }
        guard dataStart <= dataEnd, entry.compressedSize <= dataEnd - dataStart else {
            throw .corrupt("the data of \(entry.name) runs into the archive's directory (truncated)")
        }
        let (ratioAllowance, ratioOverflow) = entry.compressedSize.multipliedReportingOverflow(by: maxRatio)
        let allowance = max(ratioFloor, ratioOverflow ? Int.max : ratioAllowance)
        // The declared size first (a bomb is usually honest about it), then what really comes out.
        if entry.uncompressedSize > allowance {
            throw .ratioExceeded(
                allowance: allowance, found: "\(entry.uncompressedSize) bytes declared for \(entry.compressedSize) compressed")
        }
        if entry.uncompressedSize > limit { throw .tooLarge(found: "\(entry.uncompressedSize) bytes declared for \(entry.name)") }

        enum Stop: Error { case problem(ZipProblem) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(entry.uncompressedSize, 8 << 20))  // the declared size may be a lie
        let consumer: Consumer = { data in
            let total = bytes.count + data.count
            if total > entry.uncompressedSize {
                throw Stop.problem(.corrupt("\(entry.name) holds more data than its header declares (\(entry.uncompressedSize) bytes)"))
            }
            if total > allowance {
                throw Stop.problem(.ratioExceeded(allowance: allowance, found: "more than \(allowance) bytes from \(entry.compressedSize) compressed"))
            }
            if total > limit { throw Stop.problem(.tooLarge(found: "\(total) bytes or more once extracted (extraction stopped there)")) }
            bytes.append(contentsOf: data)
        }
        let chunk = 64 << 10
        var crc: CRC32
        do {
            if entry.method == 0 {
                crc = 0
                var position = 0
                while position < entry.compressedSize {
                    guard let data = archive.read(dataStart + position, min(chunk, entry.compressedSize - position)) else {
                        throw Stop.problem(.unreadable)
                    }
                    guard !data.isEmpty else { throw Stop.problem(.corrupt("the data of \(entry.name) ends early (truncated)")) }
                    let piece = Data(data)
                    try consumer(piece)
                    crc = piece.crc32(checksum: crc)
                    position += data.count
                }
            } else {
                // ZIPFoundation's inflate loop takes every chunk the provider returns as `chunk`
                // bytes long, so each chunk is exactly that long: past the entry's compressed data,
                // zeros (a deflate stream that is whole ends before them; one that is cut short
                // fails on them, or asks for more, which is refused). Whatever comes out is still
                // checked against the declared size and the CRC-32 below.
                crc = try Data.decompress(
                    size: Int64(entry.compressedSize), bufferSize: chunk, skipCRC32: false,
                    provider: { position, _ in
                        let position = Int(position)
                        guard position < entry.compressedSize else {
                            throw Stop.problem(.corrupt("the compressed data of \(entry.name) ends early (truncated)"))
                        }
                        let wanted = min(chunk, entry.compressedSize - position)
                        guard var data = archive.read(dataStart + position, wanted) else { throw Stop.problem(.unreadable) }
                        data += [UInt8](repeating: 0, count: chunk - data.count)
                        return Data(data)
                    }, consumer: consumer)
            }
        } catch let Stop.problem(problem) {
            throw problem
        } catch {
            throw .corrupt("the compressed data of \(entry.name) is damaged")
        }
        guard bytes.count == entry.uncompressedSize else {
            throw .corrupt("\(entry.name) holds \(bytes.count) bytes, its header declares \(entry.uncompressedSize) (truncated)")
        }
        guard crc == entry.crc32 else {
            throw .corrupt(
                "\(entry.name) fails its CRC-32 check (\(hex(crc)), the archive declares \(hex(entry.crc32)))")
        }
        return bytes
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
