import Foundation
import SurveyDefinitions
import SurveyPipeline
import SurveyTestSupport

/// The pipeline run on the shipped demo inbox (`Input/`) with the project's pipeline file, into a
/// fresh temporary folder of its own (`out/`, the store inside it), as `make run` does.
enum DemoRun {
    /// Runs it and returns the output folder.
    static func fresh(_ name: String, internalEdition: Bool = false) async throws -> URL {
        let output = Fixtures.temporaryFolder(name).appendingPathComponent("out")
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Fixtures.packageRoot.appendingPathComponent("Input").path, output: output.path,
            store: output.appendingPathComponent("store.sqlite").path)
        if internalEdition { configuration.internalEdition = true }
        _ = try await Pipeline(configuration: configuration).run()
        return output
    }
}
