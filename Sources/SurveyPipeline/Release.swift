// Releases (issue 26 item 4, docs/releases.md): `legisurvey release NAME` freezes the outputs of
// the inbox and definitions as they are into `<output>/releases/NAME/`, with its own copies of
// both and a manifest of hashes; `legisurvey release verify NAME` recomputes it from those copies.
public import Foundation
import SurveyAnalyze
import SurveyDefinitions
import SurveyExtract
public import SurveyModel

/// `manifest.json` of a release: what was frozen, each file with its SHA-256 (keys sorted).
public struct ReleaseManifest: Codable, Sendable, Equatable {
    /// One file of the release: a definition (with its role), an input (with the inbox path it was
    /// copied from) or an output; `path` is relative to the release folder.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        /// Definitions: the pipeline file's key (``DefinitionFile/role``).
        public var role: String?
        /// Definitions and inputs: where the file was copied from (a definition's absolute path as
        /// it was; an input's path in the inbox).
        public var source: String?
    }

    /// The format of this file; raised when a field changes meaning.
    public var manifestVersion = 1
    public var name: String
    /// When the release was made (UTC, ISO 8601): the release's own metadata, the one value of
    /// the release that depends on the clock.
    public var created: String
    public var softwareVersion: String
    /// The pipeline's name (`name:` of the pipeline file).
    public var pipeline: String
    /// The questionnaire id and latest version the release was computed with.
    public var questionnaire: String
    /// The languages the report was written in besides the pipeline file's (`release --lang`):
    /// `verify` writes the same ones.
    public var reportLanguages: [String] = []
    public var definitions: [File]
    public var inputs: [File]
    /// Every correction of the corrections file with its outcome in the release's run (its file
    /// is among ``definitions``): which answer, never the value.
    public var corrections: [Applied] = []
    /// Every restriction in force in the release's run: the questionnaire's `public: false` items,
    /// the senders' `restricted` fields, the restrictions file's entries. Which answers, never the
    /// values.
    public var restrictions: [Applied] = []

    /// A correction or restriction as the manifest lists it.
    public struct Applied: Codable, Sendable, Equatable {
        /// A correction's outcome (`applied`, `stale`, `refused`); a restriction's origin
        /// (`questionnaire`, `sender`, `file`).
        public var status: String
        public var round: String
        /// ISO alpha-3; nil for a questionnaire item (every State's answer).
        public var country: String?
        public var respondent: String?
        /// The item (question or repeat id); `all` for a whole submission; several separated by
        /// spaces for a sender's field.
        public var item: String
        /// Where it is written: `file:line` of the corrections or restrictions file, the submission
        /// id of a sender's field, the questionnaire version of a `public: false` item.
        public var place: String

        public init(status: String, round: String, country: String? = nil, respondent: String? = nil, item: String, place: String) {
            self.status = status
            self.round = round
            self.country = country
            self.respondent = respondent
            self.item = item
            self.place = place
        }
    }
    /// The accounting of the release's run (files read, submissions by outcome).
    public var filesRead: Int
    public var accounting: Accounting
    public var outputs: [File]

    /// The JSON document: keys sorted and in snake case (`software_version`, and the accounting's
    /// `submissions_seen` as in `run_summary.json`), two-space indentation, a final newline.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// A manifest from its JSON document (``encoded()``).
    public static func decoded(from data: Data) throws -> ReleaseManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReleaseManifest.self, from: data)
    }
}

/// A release made: where it is and its manifest.
public struct ReleaseMade: Sendable {
    public var folder: URL
    public var manifest: ReleaseManifest
}

/// What `release verify` found: every difference, one line each (empty: the release is intact
/// and recomputes to the same bytes).
public struct ReleaseVerification: Sendable {
    public var folder: URL
    public var manifest: ReleaseManifest
    /// `inputs/demo-1-xml/GHA.xml: SHA-256 differs from the manifest`, …
    public var differences: [String]
    /// Whether the outputs were recomputed (not when an input or definition differs: its outputs
    /// would differ for that reason alone).
    public var recomputed: Bool
    public var passed: Bool { differences.isEmpty }
}

/// A release in `<output>/releases/` (`release list`).
public struct ReleaseListing: Sendable {
    public var name: String
    public var created: String
    public var files: Int
}

extension Pipeline {
    /// The folder of every release: `<output>/releases/`. Runs never write there.
    public static let releasesFolder = "releases"
    /// A release's manifest, in its folder.
    public static let manifestFile = "manifest.json"
    /// Outputs of a run that are not part of a release: the run's own record (its clock and
    /// timings) and the output folder's lock.
    static let unreleasedOutputs: Set<String> = ["run_summary.json", Pipeline.outputLockName]
    /// Names that `release` cannot take: they are its subcommands.
    static let reservedReleaseNames: Set<String> = ["verify", "list"]

    /// Refuses a release name that is not safe as a folder name and an id in a footer: 1 to 64
    /// ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    public static func checkReleaseName(_ name: String) throws {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
        let first = name.utf8.first.map { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, first == true, !reservedReleaseNames.contains(name) else {
            throw PipelineError.invalidArgument(
                "release name '\(name)': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. 2026-04-expert-group), and not verify or list")
        }
    }

    /// `<output>/releases/NAME`.
    public func releaseFolder(_ name: String) -> URL {
        configuration.output.appendingPathComponent(Self.releasesFolder, isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }

    /// Freezes a release (`legisurvey release NAME`): copies the definitions the pipeline reads
    /// (`definitions/`, the pipeline file's folder as it is laid out) and every file of the inbox
    /// (`inputs/`), runs the pipeline on those copies with a temporary store into `outputs/` with
    /// the release id set (the report's footer, the SDMX structure), and writes `manifest.json`.
    /// Built in a hidden folder and renamed into place: a release is whole or absent. Refused: an
    /// unsafe name, an existing release (never overwritten), an inbox that changed since the last
    /// run (the release would not be what `Output/` shows; run first).
    public func makeRelease(
        name: String, reportLanguages: [Language] = [], date: Date = Date(), log: (String) -> Void = { _ in }
    ) async throws -> ReleaseMade {
        try Self.checkReleaseName(name)
        let folder = releaseFolder(name)
        if FileManager.default.fileExists(atPath: folder.path) {
            throw PipelineError.invalidArgument("release \(name) already exists (\(folder.path)); a release is never overwritten: choose another name")
        }
        try checkFoldersApart()
        let outputLock = try await lockOutput(timeout: 600, log: log)
        defer { outputLock.release() }
        let listing = try Self.walkInbox(configuration.input)
        try await checkInboxIsTheLastRun(listing)

        let releases = folder.deletingLastPathComponent()
        try createFolder(releases, what: "releases")
        let staging = releases.appendingPathComponent(".\(name).partial", isDirectory: true)
        let manager = FileManager.default
        try? manager.removeItem(at: staging)
        defer { try? manager.removeItem(at: staging) }
        do {
            let definitions = try copyDefinitions(into: staging)
            let inputs = try copyInputs(listing, into: staging)
            log("release \(name): \(definitions.count) definition files and \(inputs.count) input files copied; computing the outputs")
            let languages = Set(reportLanguages).map(\.rawValue).sorted()
            let (summary, corrections, restrictions) = try await Self.computeRelease(
                name: name, in: staging, pipelineFile: definitions[0].path, definitions: definitions, reportLanguages: languages,
                log: log)
            var manifest = ReleaseManifest(
                name: name, created: Self.utcTimestamp(date), softwareVersion: SoftwareVersion.current,
                pipeline: configuration.name, questionnaire: "\(questionnaire.id) \(questionnaire.version)",
                definitions: definitions, inputs: inputs, filesRead: summary.files.count, accounting: summary.total,
                outputs: try Self.outputFiles(in: staging))
            manifest.reportLanguages = languages
            manifest.corrections = corrections
            manifest.restrictions = restrictions
            try Data(try manifest.encoded().utf8).write(to: staging.appendingPathComponent(Self.manifestFile))
            if manager.fileExists(atPath: folder.path) {
                throw PipelineError.invalidArgument("release \(name) already exists (\(folder.path)); a release is never overwritten: choose another name")
            }
            try manager.moveItem(at: staging, to: folder)
            return ReleaseMade(folder: folder, manifest: manifest)
        } catch let error as PipelineError {
            throw error
        } catch let error as DefinitionError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: staging.path, detail: IOErrorText.reason(error))
        }
    }

    /// Recomputes a release from its own copies (`legisurvey release verify NAME`): first every
    /// definition and input against the manifest (a changed, missing or added file is named), and
    /// the release's output files against it; then, when the inputs and definitions are intact, the
    /// pipeline is run on them into a temporary folder with a temporary store and every output's
    /// SHA-256 compared with the manifest's.
    public func verifyRelease(name: String, log: (String) -> Void = { _ in }) async throws -> ReleaseVerification {
        try Self.checkReleaseName(name)
        let folder = releaseFolder(name)
        let manifest = try Self.readManifest(in: folder, name: name)
        var differences: [String] = []
        // The frozen inputs and definitions, as the manifest lists them.
        differences += Self.compare(manifest.definitions, in: folder)
        differences += Self.compare(manifest.inputs, in: folder)
        let listedInputs = Set(manifest.inputs.map(\.path))
        for path in Self.files(under: folder.appendingPathComponent("inputs"), prefix: "inputs/") where !listedInputs.contains(path) {
            differences.append("\(path): not in the manifest (a file added to the release's inputs)")
        }
        // The release's own outputs, as stored.
        differences += Self.compare(manifest.outputs, in: folder)
        let listedOutputs = Set(manifest.outputs.map(\.path))
        for path in Self.files(under: folder.appendingPathComponent("outputs"), prefix: "outputs/") where !listedOutputs.contains(path) {
            differences.append("\(path): not in the manifest (a file added to the release's outputs)")
        }
        let inputsIntact = !differences.contains { $0.hasPrefix("inputs/") || $0.hasPrefix("definitions/") }
        guard inputsIntact else {
            return ReleaseVerification(folder: folder, manifest: manifest, differences: differences, recomputed: false)
        }
        // Recomputed from the release's copies, in a temporary folder.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "legisurvey-verify-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            // The inputs and definitions are read where they are; only the outputs and the store are
            // written, in the scratch folder.
            let pipelineFile = manifest.definitions.first { $0.role == "pipeline" }?.path ?? ""
            _ = try await Self.computeRelease(
                name: name, in: folder, pipelineFile: pipelineFile, definitions: manifest.definitions,
                reportLanguages: manifest.reportLanguages, outputs: scratch.appendingPathComponent("outputs", isDirectory: true), store: scratch.appendingPathComponent("store.sqlite"),
                log: log)
            let recomputed = try Self.outputFiles(in: scratch)
            let expected = Dictionary(manifest.outputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
            let actual = Dictionary(recomputed.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
            for file in manifest.outputs {
                guard let sha = actual[file.path] else {
                    differences.append("\(file.path): not written when the release is recomputed")
                    continue
                }
                if sha != file.sha256 { differences.append("\(file.path): recomputed SHA-256 differs from the manifest") }
            }
            for file in recomputed where expected[file.path] == nil {
                differences.append("\(file.path): written when the release is recomputed but not in the manifest")
            }
        } catch let error as PipelineError {
            throw error
        } catch let error as DefinitionError {
            throw error
        } catch {
            throw PipelineError.outputFailed(path: scratch.path, detail: IOErrorText.reason(error))
        }
        return ReleaseVerification(folder: folder, manifest: manifest, differences: differences, recomputed: true)
    }

    /// The releases in `<output>/releases/`, by name (a folder without a readable manifest is
    /// left out).
    public func listReleases() -> [ReleaseListing] {
        let releases = configuration.output.appendingPathComponent(Self.releasesFolder, isDirectory: true)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: releases.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let manifest = try? Self.readManifest(in: releases.appendingPathComponent(name), name: name) else { return nil }
            return ReleaseListing(
                name: manifest.name, created: manifest.created,
                files: manifest.definitions.count + manifest.inputs.count + manifest.outputs.count)
        }
    }

    // MARK: - Steps

    /// Refuses a release when the inbox is not what the store's last run read: a file added,
    /// removed or changed since. The release would then not be the outputs `Output/` shows.
    func checkInboxIsTheLastRun(_ listing: InboxListing) async throws {
        let store = try await existingStore()
        let cache: [String: CachedFile]
        let previous: [String: Int]
        do {
            cache = try await store.cachedFiles()
            previous = try await store.previousFiles()
        } catch {
            throw PipelineError.storeFailed(path: configuration.store.description, detail: "\(error)")
        }
        var changes: [String] = []
        let present = Set(listing.paths)
        for (url, path) in listing.readable {
            if let cached = cache[path] {
                if cached.sha256 != FileDigest.sha256(of: url) { changes.append("\(path) changed") }
            } else if previous[path] == nil {
                changes.append("\(path) added")
            }
        }
        for path in Set(cache.keys).union(previous.keys).sorted() where !present.contains(path) { changes.append("\(path) removed") }
        guard changes.isEmpty else {
            let shown = changes.sorted().prefix(3).joined(separator: ", ") + (changes.count > 3 ? ", …" : "")
            throw PipelineError.invalidArgument(
                "the inbox changed since the last run (\(shown)); run `legisurvey run` first, so the release freezes what the outputs show")
        }
    }

    /// Copies every definition file into `definitions/` (a file in the pipeline file's folder at
    /// its place there, any other into `definitions/external/`). The pipeline file comes first.
    func copyDefinitions(into staging: URL) throws -> [ReleaseManifest.File] {
        let base = configuration.file.deletingLastPathComponent().standardizedFileURL.path
        var files: [ReleaseManifest.File] = []
        var external = 0
        for definition in configuration.definitionFiles {
            let source = definition.url.standardizedFileURL.path
            let relative: String
            if source.hasPrefix(base.hasSuffix("/") ? base : base + "/") {
                relative = String(source.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            } else {
                var moved = configuration
                guard moved.relocate(role: definition.role, to: definition.url) else {
                    throw PipelineError.invalidArgument(
                        "\(definition.role): \(source) is outside the pipeline file's folder (\(base)); move it beside the pipeline file to release it")
                }
                external += 1
                relative = "external/\(external)-\(definition.url.lastPathComponent)"
            }
            let path = "definitions/\(relative)"
            try Self.copy(definition.url, to: staging.appendingPathComponent(path))
            files.append(
                ReleaseManifest.File(
                    path: path, sha256: FileDigest.sha256(of: staging.appendingPathComponent(path)) ?? "", role: definition.role,
                    source: source))
        }
        return files
    }

    /// Copies every file of the inbox the walk reads into `inputs/`, at its inbox path.
    func copyInputs(_ listing: InboxListing, into staging: URL) throws -> [ReleaseManifest.File] {
        try listing.readable.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }.map { url, path in
            let target = "inputs/\(path)"
            try Self.copy(url, to: staging.appendingPathComponent(target))
            return ReleaseManifest.File(
                path: target, sha256: FileDigest.sha256(of: staging.appendingPathComponent(target)) ?? "", source: path)
        }
    }

    static func copy(_ source: URL, to target: URL) throws {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
    }

    /// Runs the pipeline on a release's copies (`definitions/`, `inputs/` in `folder`) with the
    /// release id set: into `outputs` (default `folder/outputs`) with the store at `store` (default
    /// a temporary one, removed after). The run's own record (`run_summary.json`) and lock are
    /// removed from the outputs.
    static func computeRelease(
        name: String, in folder: URL, pipelineFile: String, definitions: [ReleaseManifest.File], reportLanguages: [String],
        outputs: URL? = nil,
        store: URL? = nil, log: (String) -> Void
    ) async throws -> (RunSummary, corrections: [ReleaseManifest.Applied], restrictions: [ReleaseManifest.Applied]) {
        let output = outputs ?? folder.appendingPathComponent("outputs", isDirectory: true)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "legisurvey-release-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let storePath = store ?? scratch.appendingPathComponent("store.sqlite")
        var configuration = try PipelineConfiguration.load(
            path: folder.appendingPathComponent(pipelineFile).path,
            input: folder.appendingPathComponent("inputs", isDirectory: true).path, output: output.path, store: storePath.path)
        for definition in definitions where definition.path.hasPrefix("definitions/external/") {
            guard let role = definition.role, configuration.relocate(role: role, to: folder.appendingPathComponent(definition.path)) else {
                throw PipelineError.invalidArgument("\(definition.path): the manifest gives it no role a pipeline file has")
            }
        }
        configuration.release = name
        // The focal-point register holds personal data: it is never copied into a release, and
        // the release's run goes without it (letters without an addressee, nonrespondents.csv
        // without the register's columns), when it is made and when it is verified alike.
        configuration.register = nil
        let pipeline = Pipeline(definitions: try PipelineDefinitions(configuration: configuration))
        let languages = try reportLanguages.map { code in
            guard let language = Language(rawValue: code) else {
                throw PipelineError.invalidArgument("report_languages: '\(code)' is not ar, en, es, fr, ru or zh")
            }
            return language
        }
        let summary = try await pipeline.run(log: log, lockTimeout: 0, reportLanguages: languages)
        for name in unreleasedOutputs { try? FileManager.default.removeItem(at: output.appendingPathComponent(name)) }
        let (corrections, restrictions) = try await pipeline.appliedCorrectionsAndRestrictions()
        return (summary, corrections, restrictions)
    }

    /// The corrections and restrictions a run on this pipeline's store applied, as a manifest
    /// lists them (which answers, never their values).
    func appliedCorrectionsAndRestrictions() async throws -> ([ReleaseManifest.Applied], [ReleaseManifest.Applied]) {
        let store = try await corrected(try await existingStore())
        let corrections = store.outcomes.map { outcome in
            let c = outcome.correction
            return ReleaseManifest.Applied(
                status: outcome.status.rawValue, round: c.round, country: c.country.isEmpty ? nil : c.country, respondent: c.respondent,
                item: c.questionID, place: c.place)
        }
        var restrictions: [ReleaseManifest.Applied] = []
        for round in configuration.rounds {
            let questionnaire = analyzer.questionnaire(forRound: round)
            for item in questionnaire.nonPublicItems.sorted() {
                restrictions.append(.init(status: RestrictionOrigin.questionnaire.rawValue, round: round, item: item, place: questionnaire.version))
            }
            for source in try await store.submissionSources(round: round) {
                guard let restricted = source.restricted else { continue }
                restrictions.append(
                    .init(
                        status: RestrictionOrigin.sender.rawValue, round: round, country: source.country, respondent: source.respondent,
                        item: restricted == .everything ? RestrictionEntry.everything : restricted.stored, place: source.submissionID))
            }
        }
        for entry in definitions.restrictions.entries {
            restrictions.append(
                .init(
                    status: RestrictionOrigin.file.rawValue, round: entry.round, country: entry.country, respondent: entry.respondent,
                    item: entry.item, place: "\(entry.file):\(entry.line)"))
        }
        return (corrections, restrictions)
    }

    /// The output files under `folder/outputs/`, as `outputs/<path>` with their SHA-256, in path order.
    static func outputFiles(in folder: URL) throws -> [ReleaseManifest.File] {
        files(under: folder.appendingPathComponent("outputs", isDirectory: true), prefix: "outputs/").map { path in
            ReleaseManifest.File(path: path, sha256: FileDigest.sha256(of: folder.appendingPathComponent(path)) ?? "")
        }
    }

    /// Every regular file under `root`, as `prefix` + its relative path, in byte order.
    static func files(under root: URL, prefix: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if InboxWalk.isRegularFile(atPath: root.appendingPathComponent(relative).path) { paths.append(prefix + relative) }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Each listed file's SHA-256 in the release against the manifest's: one line per file that is
    /// missing or differs.
    static func compare(_ files: [ReleaseManifest.File], in folder: URL) -> [String] {
        files.compactMap { file in
            guard let sha = FileDigest.sha256(of: folder.appendingPathComponent(file.path)) else {
                return "\(file.path): missing from the release"
            }
            return sha == file.sha256 ? nil : "\(file.path): SHA-256 differs from the manifest"
        }
    }

    static func readManifest(in folder: URL, name: String) throws -> ReleaseManifest {
        let url = folder.appendingPathComponent(manifestFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PipelineError.fileMissing(what: "release \(name) (its \(manifestFile); `legisurvey release list` lists the releases)", path: url.path)
        }
        do {
            return try ReleaseManifest.decoded(from: Data(contentsOf: url))
        } catch {
            throw PipelineError.invalidArgument("\(url.path): not a release manifest (\(error))")
        }
    }

    static func utcTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
