public import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// The inbox walk: which files of the inbox folder a run reads.
public enum InboxWalk {
    /// Data files of the inbox, as paths relative to it, sorted. Hidden files and documentation
    /// (`.md`, `.txt`) are not submissions.
    public static func dataFiles(in folder: URL) throws -> [String] {
        // A walk with readdir: Foundation's enumerator with resource values cost a stat and
        // several URL objects per file (half a second for 10,000 files). Like the enumerator it
        // goes into every folder, hidden ones too, and does not follow symbolic links; files whose
        // name starts with "." and .md and .txt files are not data.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PipelineError.folderMissing(what: "input", path: folder.path)
        }
        var paths: [String] = []
        func walk(_ absolute: String, _ relative: String) {
            guard let directory = opendir(absolute) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = absolute + "/" + name
                let inside = relative.isEmpty ? name : relative + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {  // file systems that do not say: ask (not following links)
                    switch (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType {
                    case .typeDirectory?: type = Int32(DT_DIR)
                    case .typeRegular?: type = Int32(DT_REG)
                    default: continue
                    }
                }
                if type == Int32(DT_DIR) {
                    walk(path, inside)
                } else if type == Int32(DT_REG) {
                    if name.hasPrefix(".") { continue }
                    let ext = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
                    if ext == "md" || ext == "txt" { continue }
                    paths.append(inside)
                }
            }
        }
        walk(folder.path, "")
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
