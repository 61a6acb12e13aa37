// The workbook's ZIP container, with its entries deflated on every core.
//
// ZIPFoundation's `Archive.addEntry` deflates one entry after another on one thread: at 10,000
// respondents `legisurvey.xlsx` is about 213 MB of sheet XML in 30 entries, 1.2 s of deflate with
// the second core idle. Here each entry is deflated on its own (ZIPFoundation's own
// `Data.compress`, called with the arguments `addEntry` passes it: the same zlib calls on the same
// pieces, so the same deflate stream), the largest first, on concurrent threads, and the container
// is laid out the way ZIPFoundation lays out an in-memory `.create` archive: for each entry a local
// header (version 2.0, flag bit 11 for UTF-8 names, the sizes and CRC-32, no extra field, no data
// descriptor) and its data, then the central directory (made by 789, attributes of a 0644 file),
// then the end record. The bytes are those ZIPFoundation writes (XLSXArchiveTests compares them).
// ZIP64 (an entry, offset or directory of 4 GiB or more, 65,535 entries or more) is left to
// ZIPFoundation itself, whose layout for it is particular: such an archive is written by
// `addEntry`, as before.
import Foundation
import SurveyModel
import ZIPFoundation

extension XLSXWorkbook {
    /// One entry of the archive: its path, how large it is likely to be (to deflate the largest
    /// first), and its bytes, made when the entry is written and let go after.
    struct ArchiveEntry: Sendable {
        let path: String
        let sizeHint: Int
        let body: @Sendable () throws(FormExportError) -> EntryBody
    }

    /// The entries in the workbook's fixed order: the package parts, then a worksheet per sheet
    /// (its text made only when its body is asked for; a file-backed sheet's rows never in memory).
    func archiveEntries(what: String) -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        for (path, text) in [
            ("[Content_Types].xml", Self.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", Self.packageRelationships),
            ("xl/workbook.xml", workbookXML()),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", Self.styles),
        ] {
            let bytes = Data(text.utf8)
            entries.append(ArchiveEntry(path: path, sizeHint: bytes.count) { EntryBody(head: bytes) })
        }
        let selected = firstVisible
        for (position, sheet) in sheets.enumerated() {
            let path = "xl/worksheets/sheet\(position + 1).xml"
            let hint: Int
            if let file = sheet.sheetDataFile {
                hint = ((try? FileManager.default.attributesOfItem(atPath: file.path)[.size]) as? NSNumber)?.intValue ?? 0
            } else if let text = sheet.sheetData {
                hint = text.utf8.count
            } else {
                hint = sheet.rows.reduce(0) { $0 + $1.count } * 32
            }
            entries.append(ArchiveEntry(path: path, sizeHint: hint) { () throws(FormExportError) -> EntryBody in
                let (head, tail) = Self.worksheetParts(sheet, selected: position == selected)
                guard let file = sheet.sheetDataFile else { return EntryBody(head: Data((head + tail).utf8)) }
                do {
                    return try EntryBody(head: Data(head.utf8), file: file, tail: Data(tail.utf8))
                } catch {
                    throw FormExportError.writeFailed(
                        path: what, detail: "cannot read the rows of \(path) from \(file.path): \(error)")
                }
            })
        }
        return entries
    }

    /// The ZIP archive of `entries`, deflated (`compressed`) or stored, as ZIPFoundation writes it.
    /// `limit` is where ZIP64 begins (`UInt32.max`; lower in a test, to take the other path).
    static func archive(
        _ entries: [ArchiveEntry], compressed: Bool, what: String, limit: UInt64 = UInt64(UInt32.max)
    ) throws(FormExportError) -> Data {
        do {
            return try ZIPLayout.archive(entries, compressed: compressed, what: what, limit: limit)
        } catch {
            switch error {
            case .needsZIP64: return try zipFoundationArchive(entries, compressed: compressed, what: what)
            case .failed(let error): throw error
            }
        }
    }

    /// The archive written by ZIPFoundation's `addEntry`, one entry after another (the ZIP64 case).
    static func zipFoundationArchive(_ entries: [ArchiveEntry], compressed: Bool, what: String) throws(FormExportError) -> Data {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw FormExportError.writeFailed(path: what, detail: "cannot create a ZIP archive: \(error)")
        }
        for entry in entries {
            let body = try entry.body()
            do {
                try archive.addEntry(
                    with: entry.path, type: .file, uncompressedSize: Int64(body.size),
                    modificationDate: entryDate, compressionMethod: compressed ? .deflate : .none
                ) { position, size in try body.read(at: Int(position), count: size) }
            } catch {
                throw FormExportError.writeFailed(path: what, detail: "cannot add \(entry.path): \(error)")
            }
        }
        guard let data = archive.data else {
            throw FormExportError.writeFailed(path: what, detail: "the in-memory ZIP archive has no data")
        }
        return data
    }
}

/// ZIPFoundation's layout of an in-memory archive built by `addEntry`, without ZIP64.
enum ZIPLayout {
    enum Failure: Error {
        /// A size, offset or count that ZIPFoundation would write with ZIP64 extensions.
        case needsZIP64
        case failed(FormExportError)
    }

    /// An entry ready to be laid out: its CRC-32, sizes and, deflated, its compressed bytes.
    struct Deflated {
        let crc: UInt32
        let uncompressedSize: Int
        let bytes: Data
    }

    /// `addEntry`'s piece size: the provider is asked for this many bytes at a time, and deflate
    /// given this much output space per call.
    static let pieceSize = defaultWriteChunkSize
    /// What an entry's file is read in (handed on in pieces of `pieceSize`).
    static let readSize = 1 << 20

    static let localHeaderSignature: UInt32 = 0x0403_4b50
    static let centralHeaderSignature: UInt32 = 0x0201_4b50
    static let endSignature: UInt32 = 0x0605_4b50
    /// Version needed to extract: 2.0 (ZIPFoundation's `Archive.Version.v20`, stored or deflated).
    static let versionNeeded: UInt16 = 20
    /// Version made by: ZIPFoundation's 789 (UNIX, 2.1).
    static let versionMadeBy: UInt16 = 789
    /// Bit 11: the name is UTF-8 (ZIPFoundation always sets it).
    static let flags: UInt16 = 1 << 11
    /// A regular file, rw-r--r-- (ZIPFoundation's `defaultFilePermissions`), in the high half.
    static let externalAttributes = (UInt32(S_IFREG) | UInt32(defaultFilePermissions)) << 16

    static func archive(
        _ entries: [XLSXWorkbook.ArchiveEntry], compressed: Bool, what: String, limit: UInt64
    ) throws(Failure) -> Data {
        guard UInt64(entries.count) < UInt64(UInt16.max), limit <= UInt64(UInt32.max) else { throw .needsZIP64 }
        let (date, time) = dosDateTime(XLSXWorkbook.entryDate)
        // Deflated on every core, the largest entries first so that the last one to start is small;
        // each result kept by its index (an entry's compressed bytes only, never its input).
        var deflated = [Result<Deflated, FormExportError>?](repeating: nil, count: entries.count)
        if compressed {
            let order = entries.indices.sorted { (entries[$0].sizeHint, $1) > (entries[$1].sizeHint, $0) }
            let made = ConcurrentResults.compute(count: order.count) { slot in
                Result { () throws(FormExportError) -> Deflated in try deflate(entries[order[slot]], what: what) }
            }
            for (slot, index) in order.enumerated() { deflated[index] = made[slot] }
        }
        var output = Data()
        output.reserveCapacity(
            compressed
                ? deflated.reduce(22) { $0 + ((try? $1?.get())?.bytes.count ?? 0) } + entries.count * 256
                : entries.reduce(22) { $0 + $1.sizeHint + 256 })
        var directory = Data()
        for (index, entry) in entries.enumerated() {
            let offset = output.count
            let name = Data(entry.path.utf8)
            let crc: UInt32
            let size: Int
            let storedSize: Int
            if compressed {
                let made: Deflated
                do { made = try deflated[index]!.get() } catch { throw .failed(error) }
                guard UInt64(made.uncompressedSize) < limit, UInt64(made.bytes.count) < limit, UInt64(offset) < limit else {
                    throw .needsZIP64
                }
                (crc, size, storedSize) = (made.crc, made.uncompressedSize, made.bytes.count)
                output.append(localHeader(name, method: 8, date: date, time: time, crc: crc, compressedSize: storedSize, size: size))
                output.append(made.bytes)
                deflated[index] = nil  // its bytes are in the output now
            } else {
                let body: XLSXWorkbook.EntryBody
                do { body = try entry.body() } catch { throw .failed(error) }
                guard UInt64(body.size) < limit, UInt64(offset) < limit else { throw .needsZIP64 }
                size = body.size
                storedSize = size
                output.append(localHeader(name, method: 0, date: date, time: time, crc: 0, compressedSize: size, size: size))
                var running = CRC32(0)
                var position = 0
                while position < size {
                    let piece: Data
                    do {
                        piece = try body.read(at: position, count: min(readSize, size - position))
                        guard !piece.isEmpty else { throw CocoaError(.fileReadCorruptFile) }
                    } catch {
                        throw .failed(.writeFailed(path: what, detail: "cannot add \(entry.path): \(error)"))
                    }
                    running = piece.crc32(checksum: running)
                    output.append(piece)
                    position += piece.count
                }
                crc = running
                // The CRC-32 in the local header, as `addEntry` rewrites it once the data is written.
                let at = output.startIndex + offset + 14
                withUnsafeBytes(of: crc.littleEndian) { output.replaceSubrange(at..<at + 4, with: $0) }
            }
            directory.append(centralHeader(
                name, method: compressed ? 8 : 0, date: date, time: time, crc: crc, compressedSize: storedSize, size: size,
                offset: offset))
        }
        let start = output.count
        guard UInt64(start) < limit, UInt64(directory.count) < limit else { throw .needsZIP64 }
        output.append(directory)
        var end = Data()
        end.append(le: endSignature)
        end.append(le: UInt16(0))  // this disk
        end.append(le: UInt16(0))  // the disk where the directory starts
        end.append(le: UInt16(entries.count))
        end.append(le: UInt16(entries.count))
        end.append(le: UInt32(directory.count))
        end.append(le: UInt32(start))
        end.append(le: UInt16(0))  // no comment
        output.append(end)
        return output
    }

    /// One entry deflated as `addEntry` deflates it: ZIPFoundation's `Data.compress` with
    /// `addEntry`'s piece size, asked for pieces of the entry in order (read from its file in
    /// larger blocks).
    static func deflate(_ entry: XLSXWorkbook.ArchiveEntry, what: String) throws(FormExportError) -> Deflated {
        let body = try entry.body()
        let reader = BlockReader(body: body, blockSize: readSize)
        var bytes = Data()
        let crc: CRC32
        do {
            crc = try Data.compress(
                size: Int64(body.size), bufferSize: pieceSize,
                provider: { position, count in try reader.read(at: Int(position), count: count) },
                consumer: { bytes.append($0) })
        } catch {
            throw FormExportError.writeFailed(path: what, detail: "cannot add \(entry.path): \(error)")
        }
        return Deflated(crc: crc, uncompressedSize: body.size, bytes: bytes)
    }

    /// An entry's body read ahead in blocks, handed on in the (smaller, consecutive) pieces asked for.
    final class BlockReader {
        let body: XLSXWorkbook.EntryBody
        let blockSize: Int
        var block = Data()
        var blockStart = 0

        init(body: XLSXWorkbook.EntryBody, blockSize: Int) {
            self.body = body
            self.blockSize = blockSize
        }

        func read(at position: Int, count: Int) throws -> Data {
            if position < blockStart || position + count > blockStart + block.count {
                block = try body.read(at: position, count: min(max(count, blockSize), body.size - position))
                blockStart = position
            }
            let from = block.startIndex + position - blockStart
            return block.subdata(in: from..<from + min(count, block.count - (position - blockStart)))
        }
    }

    static func localHeader(
        _ name: Data, method: UInt16, date: UInt16, time: UInt16, crc: UInt32, compressedSize: Int, size: Int
    ) -> Data {
        var header = Data(capacity: 30 + name.count)
        header.append(le: localHeaderSignature)
        appendSharedFields(&header, name, method: method, date: date, time: time, crc: crc, compressedSize: compressedSize, size: size)
        header.append(name)
        return header
    }

    /// The fields a local and a central header share, in their order: from the version needed to
    /// the extra field's length (none).
    static func appendSharedFields(
        _ header: inout Data, _ name: Data, method: UInt16, date: UInt16, time: UInt16, crc: UInt32, compressedSize: Int, size: Int
    ) {
        header.append(le: versionNeeded)
        header.append(le: flags)
        header.append(le: method)
        header.append(le: time)
        header.append(le: date)
        header.append(le: crc)
        header.append(le: UInt32(compressedSize))
        header.append(le: UInt32(size))
        header.append(le: UInt16(name.count))
        header.append(le: UInt16(0))  // no extra field
    }

    static func centralHeader(
        _ name: Data, method: UInt16, date: UInt16, time: UInt16, crc: UInt32, compressedSize: Int, size: Int, offset: Int
    ) -> Data {
        var header = Data(capacity: 46 + name.count)
        header.append(le: centralHeaderSignature)
        header.append(le: versionMadeBy)
        appendSharedFields(&header, name, method: method, date: date, time: time, crc: crc, compressedSize: compressedSize, size: size)
        header.append(le: UInt16(0))  // no comment
        header.append(le: UInt16(0))  // disk number start
        header.append(le: UInt16(0))  // internal attributes
        header.append(le: externalAttributes)
        header.append(le: UInt32(offset))
        header.append(name)
        return header
    }

    /// The MS-DOS date and time of `date` in UTC, as ZIPFoundation computes them (`gmtime`, years
    /// clamped to 1980–2099, seconds halved).
    static func dosDateTime(_ date: Date) -> (date: UInt16, time: UInt16) {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return (0, 0) }
        let year = min(max(Int(parts.tm_year) + 1900, 1980), 2099)
        let day = Int(parts.tm_mday) + (Int(parts.tm_mon) + 1) * 32 + (year - 1980) * 512
        let time = Int(parts.tm_sec) / 2 + Int(parts.tm_min) * 32 + Int(parts.tm_hour) * 2048
        return (UInt16(truncatingIfNeeded: day), UInt16(truncatingIfNeeded: time))
    }
}

extension Data {
    fileprivate mutating func append<Value: FixedWidthInteger>(le value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
