public import Foundation

/// One file a pipeline's definitions were read from: the pipeline file, a questionnaire, a
/// crosswalk, the reference data, … (what a release copies and hashes, docs/releases.md).
public struct DefinitionFile: Sendable, Equatable {
    /// What the file is, as the pipeline file names it: `pipeline`, `questionnaire`,
    /// `rounds.2022.questionnaire`, `crosswalks.0`, `reference`, `tile_grid`, `priorities`, `programmes`,
    /// `form_labels`, `feedback`, `checks`, `corrections`, `restrictions`, `groups.<id>.list`. Never the focal-point
    /// register (`register:`): personal data stays out of a release.
    public var role: String
    public var url: URL

    public init(role: String, url: URL) {
        self.role = role
        self.url = url
    }
}

extension PipelineConfiguration {
    /// Every file a run reads its definitions from, in a fixed order (the pipeline file first), each
    /// path once (the first role that names it): what `legisurvey release` freezes.
    public var definitionFiles: [DefinitionFile] {
        var files = [DefinitionFile(role: "pipeline", url: file), DefinitionFile(role: "questionnaire", url: questionnaire)]
        for round in rounds {
            if let url = roundQuestionnaires[round] { files.append(DefinitionFile(role: "rounds.\(round).questionnaire", url: url)) }
        }
        for (index, url) in crosswalks.enumerated() { files.append(DefinitionFile(role: "crosswalks.\(index)", url: url)) }
        files.append(DefinitionFile(role: "reference", url: reference))
        if let tileGrid { files.append(DefinitionFile(role: "tile_grid", url: tileGrid)) }
        let optional: [(String, URL?)] = [
            ("priorities", priorities), ("programmes", programmes), ("form_labels", formLabels), ("feedback", feedback),
            ("checks", checks), ("corrections", corrections), ("restrictions", restrictions),
        ]
        for (role, url) in optional { if let url { files.append(DefinitionFile(role: role, url: url)) } }
        let folder = file.deletingLastPathComponent()
        for group in groupEntries {
            if let list = group.list {
                files.append(
                    DefinitionFile(role: "groups.\(group.id).list", url: URL(fileURLWithPath: list, relativeTo: folder).standardizedFileURL))
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0.url.standardizedFileURL.path).inserted }
    }

    /// Points the definition of `role` (a ``DefinitionFile/role``) at `url`: a release's own copy.
    /// False for a role that cannot be moved (`pipeline`, a group's list file, which is read
    /// relative to the pipeline file) or is unknown.
    public mutating func relocate(role: String, to url: URL) -> Bool {
        switch role {
        case "questionnaire": questionnaire = url
        case "reference": reference = url
        case "tile_grid": tileGrid = url
        case "priorities": priorities = url
        case "programmes": programmes = url
        case "form_labels": formLabels = url
        case "feedback": feedback = url
        case "checks": checks = url
        case "corrections": corrections = url
        case "restrictions": restrictions = url
        default:
            let parts = role.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 2, parts[0] == "crosswalks", let index = Int(parts[1]), crosswalks.indices.contains(index) {
                crosswalks[index] = url
            } else if parts.count >= 3, parts[0] == "rounds", parts.last == "questionnaire" {
                let round = parts[1..<(parts.count - 1)].joined(separator: ".")
                guard roundQuestionnaires[round] != nil else { return false }
                roundQuestionnaires[round] = url
            } else {
                return false
            }
        }
        return true
    }
}
