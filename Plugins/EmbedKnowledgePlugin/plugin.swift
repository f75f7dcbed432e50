import Foundation
import PackagePlugin

/// Compiles the YAML files of the package's `Knowledge/` folder into the target as Swift source.
@main
struct EmbedKnowledgePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let root = context.package.directoryURL.appendingPathComponent("Knowledge")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedKnowledgeFiles.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where ["yaml", "yml"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) knowledge files",
                executable: try context.tool(named: "embed-knowledge").url,
                arguments: [output.path, root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
