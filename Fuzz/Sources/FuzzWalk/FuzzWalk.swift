// libFuzzer target: the inbox walk and its accounting, `InboxWalk.entries(in:)`. Each input is a
// small program that builds a tree in a fresh temporary folder: regular files, folders, FIFOs,
// symbolic links (to files and folders inside, relative and absolute, outside the inbox, dangling,
// to themselves and in pairs), entries with mode 000, hidden and documentation names, names made of
// the input's bytes (not UTF-8, control characters, spaces, dots, backslashes). Then the walk runs
// and its answer is checked against a plain recursive listing made here with opendir/readdir/lstat:
// seen = accounted. Every entry the tree holds that is not documentation (hidden, `.md`, `.txt`,
// not a folder) is listed exactly once, read or reported (never both), in path order; a FIFO is
// reported, never opened (opening one would block: a hang is a finding, -timeout); the walk never
// throws. The tree is removed after each input (modes restored first).
import FuzzDriver
import Foundation
import SurveyExtract
import SurveyModel
#if canImport(Glibc)
    import Glibc
#endif

/// FUZZ_VERBOSE=1: print the tree's entries and what the walk made of them.
private let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] == "1"

/// The most entries one input creates (a bigger tree finds nothing a small one does not).
private let maximumEntries = 48

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let base = temporaryFolder()
    defer { removeTree(base) }
    let inbox = base + Array("/inbox".utf8)
    let outside = base + Array("/outside".utf8)
    check(cPath(inbox) { mkdir($0, 0o755) } == 0, "cannot create \(show(inbox))")
    check(cPath(outside) { mkdir($0, 0o755) } == 0, "cannot create \(show(outside))")
    writeFile(outside + Array("/elsewhere.xml".utf8), [60, 97, 47, 62])
    build(bytes, in: inbox, outside: outside)

    let listing: InboxListing
    do {
        listing = try InboxWalk.entries(in: URL(fileURLWithPath: String(decoding: inbox, as: UTF8.self)))
    } catch {
        fatalError("the walk threw on a folder that exists: \(error)")
    }
    let expected = plainListing(inbox)
    if verbose {
        for entry in listing.entries {
            print("\(entry.path): \(entry.problem.map { "\($0.code.rawValue): \($0.message)" } ?? "read")")
        }
    }
    checkAccounting(listing, expected: expected)
    withExtendedLifetime(listing) {}
    return 0
}

// MARK: - The tree

/// Builds the tree the input describes. Each step is three bytes and a name: what to make, where
/// (an index into the folders made so far), a selector (which entry a link points to, or which
/// entry loses its permissions), the name's length, then the name's bytes ("/" and NUL become "_").
private func build(_ bytes: [UInt8], in inbox: [UInt8], outside: [UInt8]) {
    var folders: [[UInt8]] = [[]]  // relative to the inbox
    var made: [[UInt8]] = []  // every entry made, relative
    var index = 0
    while index + 4 <= bytes.count, made.count < maximumEntries {
        let kind = Int(bytes[index]) % 14
        let folder = folders[Int(bytes[index + 1]) % folders.count]
        let selector = Int(bytes[index + 2])
        let length = 1 + Int(bytes[index + 3]) % 24
        index += 4
        var name = Array(bytes[index..<min(bytes.count, index + length)])
        index += length
        for position in name.indices where name[position] == 0 || name[position] == UInt8(ascii: "/") {
            name[position] = UInt8(ascii: "_")
        }
        switch kind {
        case 10: name = [UInt8(ascii: ".")] + name  // hidden
        case 11: name += Array((selector % 2 == 0 ? ".md" : ".TXT").utf8)  // documentation
        case 12: name += Array((selector % 2 == 0 ? ".xml" : ".csv").utf8)
        default: break
        }
        if name.isEmpty || name == [46] || name == [46, 46] { continue }
        let relative = folder.isEmpty ? name : folder + [UInt8(ascii: "/")] + name
        let path = inbox + [UInt8(ascii: "/")] + relative
        let depth = folder.isEmpty ? 0 : folder.filter { $0 == UInt8(ascii: "/") }.count + 1
        let upToInbox: [UInt8] = Array(Array(repeating: Array("../".utf8), count: depth).joined())
        var created = false
        switch kind {
        case 0, 1, 10, 11, 12:
            created = writeFile(path, Array("<submissions/>\n".utf8) + name)
        case 2, 13:
            created = cPath(path) { mkdir($0, 0o755) } == 0
            if created { folders.append(relative) }
        case 3:
            created = cPath(path) { mkfifo($0, 0o644) } == 0
        case 4, 5:  // a link to an entry made before: absolute (4) or relative (5)
            guard !made.isEmpty else { continue }
            let target = made[selector % made.count]
            let text = kind == 4 ? inbox + [UInt8(ascii: "/")] + target : upToInbox + target
            created = symlink(text, at: path)
        case 6:  // outside the inbox, or the inbox itself through a detour
            let targets: [[UInt8]] = [
                outside + Array("/elsewhere.xml".utf8), outside, Array("/dev/null".utf8), Array("/".utf8),
                upToInbox + Array("../outside/elsewhere.xml".utf8), upToInbox + Array("..".utf8),
                Array(".".utf8), upToInbox + Array("../inbox".utf8),
            ]
            created = symlink(targets[selector % targets.count], at: path)
        case 7:  // dangling
            created = symlink(Array("nowhere/missing.xml".utf8), at: path)
        case 8:  // a loop: to itself, or a pair pointing at each other
            if selector % 2 == 0 {
                created = symlink(name, at: path)
            } else {
                let partner = name + Array("~".utf8)
                let partnerPath = inbox + [UInt8(ascii: "/")] + (folder.isEmpty ? partner : folder + [UInt8(ascii: "/")] + partner)
                created = symlink(partner, at: path)
                if created, symlink(name, at: partnerPath) {
                    made.append(folder.isEmpty ? partner : folder + [UInt8(ascii: "/")] + partner)
                }
            }
        case 9:  // an entry made before loses every permission (a link's target is left alone)
            guard !made.isEmpty else { continue }
            let target = inbox + [UInt8(ascii: "/")] + made[selector % made.count]
            var status = stat()
            if cPath(target, { lstat($0, &status) }) == 0, status.st_mode & S_IFMT != S_IFLNK {
                _ = cPath(target) { chmod($0, 0) }
            }
            continue
        default:
            continue
        }
        if created { made.append(relative) }
    }
}

// MARK: - The oracle

/// What a plain recursive listing finds: each entry the walk must list, by its shown path, with
/// what it is (lstat's type; `nil` for a folder that cannot be opened).
private func plainListing(_ inbox: [UInt8]) -> [String: mode_t?] {
    var found: [String: mode_t?] = [:]
    func list(_ absolute: [UInt8], _ shown: String) {
        guard let directory = cPath(absolute, { opendir($0) }) else {
            found[shown.isEmpty ? "." : shown + "/"] = .some(nil)
            return
        }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if name != [46] && name != [46, 46] { names.append(name) }
        }
        for name in names {
            let path = absolute + [UInt8(ascii: "/")] + name
            let inside = shown.isEmpty ? InboxWalk.displayName(name) : shown + "/" + InboxWalk.displayName(name)
            var status = stat()
            check(cPath(path, { lstat($0, &status) }) == 0, "lstat failed on \(show(path))")
            let type = status.st_mode & S_IFMT
            if type == S_IFDIR {
                list(path, inside)
                continue
            }
            if name.first == UInt8(ascii: ".") { continue }
            if let dot = name.lastIndex(of: UInt8(ascii: ".")) {
                let ext = String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
                if ext == "md" || ext == "txt" { continue }
            }
            found[inside] = .some(type)
        }
    }
    list(inbox, "")
    return found
}

/// seen = accounted: the walk lists exactly the plain listing's entries, each once, in path order,
/// each read or reported; FIFOs, sockets and devices are reported (never read); a regular file is
/// read or reported unreadable; what is read is a regular file.
private func checkAccounting(_ listing: InboxListing, expected: [String: mode_t?]) {
    let paths = listing.paths
    check(Set(paths).count == paths.count, "a path listed twice: \(paths)")
    check(Set(paths) == Set(expected.keys),
        "the walk listed \(paths.sorted()), the tree holds \(expected.keys.sorted()); "
            + "missing \(Set(expected.keys).subtracting(paths).sorted()), extra \(Set(paths).subtracting(expected.keys).sorted())")
    check(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "not in path order: \(paths)")
    let codes: Set<DiagnosticCode> = [.fileUnreadable, .fileNotRegular, .symlinkOutsideInbox]
    for entry in listing.entries {
        check((entry.url == nil) != (entry.problem == nil), "\(entry.path) is neither or both read and reported")
        if let problem = entry.problem {
            check(codes.contains(problem.code), "\(entry.path): unexpected code \(problem.code.rawValue)")
        }
        check(!entry.path.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(entry.path.debugDescription) is not shown escaped")
        guard let type = expected[entry.path] else { continue }
        switch type {
        case .some(S_IFREG):
            check(entry.url != nil || entry.problem?.code == .fileUnreadable, "\(entry.path): a regular file neither read nor unreadable")
        case .some(S_IFLNK):
            break
        case .some(let other):
            check(entry.problem?.code == .fileNotRegular, "\(entry.path): type \(other) not reported as file-not-regular")
        case .none:
            check(entry.problem?.code == .fileUnreadable, "\(entry.path): a folder that cannot be opened not reported unreadable")
        }
        if let url = entry.url {
            var status = stat()
            check(stat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG, "\(entry.path) is read but \(url.path) is not a regular file")
        }
    }
    check(listing.readable.count + listing.problems.count == paths.count, "read + reported ≠ listed")
}

// MARK: - Files

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("FuzzWalk: \(message())") }
}

private func show(_ bytes: [UInt8]) -> String { InboxWalk.displayName(bytes) }

private func cPath<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
    (bytes + [0]).withUnsafeBufferPointer { buffer in buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
}

private func symlink(_ target: [UInt8], at path: [UInt8]) -> Bool {
    cPath(path) { link in cPath(target) { Glibc.symlink($0, link) } } == 0
}

@discardableResult
private func writeFile(_ path: [UInt8], _ contents: [UInt8]) -> Bool {
    let descriptor = cPath(path) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return contents.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) } == contents.count
}

/// A new folder for one input, in $TMPDIR (run.sh gives each target its own).
private func temporaryFolder() -> [UInt8] {
    let parent = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(parent)/legisurvey-fuzz-walk.XXXXXX".utf8) + [0]
    let made = template.withUnsafeMutableBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { mkdtemp($0.baseAddress!) }
    }
    check(made != nil, "cannot create a temporary folder in \(parent): \(String(cString: strerror(errno)))")
    return Array(template.dropLast())
}

/// Removes `path` and everything under it, never through a link: folders get their permissions
/// back before they are opened.
private func removeTree(_ path: [UInt8]) {
    var status = stat()
    guard cPath(path, { lstat($0, &status) }) == 0 else { return }
    if status.st_mode & S_IFMT == S_IFDIR {
        _ = cPath(path) { chmod($0, 0o700) }
        if let directory = cPath(path, { opendir($0) }) {
            var names: [[UInt8]] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
                if name != [46] && name != [46, 46] { names.append(name) }
            }
            closedir(directory)
            for name in names { removeTree(path + [UInt8(ascii: "/")] + name) }
        }
        check(cPath(path) { rmdir($0) } == 0, "cannot remove \(show(path)): \(String(cString: strerror(errno)))")
    } else {
        check(cPath(path) { unlink($0) } == 0, "cannot remove \(show(path)): \(String(cString: strerror(errno)))")
    }
}

/// The program's entry point: SwiftPM links `main` to `FuzzWalk_main` (see FuzzDriver.h).
@_cdecl("FuzzWalk_main")
public func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    legisurvey_fuzz_main(argc, argv)
}
