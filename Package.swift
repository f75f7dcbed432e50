// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "spasm",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "spasm", targets: ["spasm"]),
        .executable(name: "spasm-bench", targets: ["spasm-bench"]),
        .library(name: "SpasmCore", targets: ["SpasmCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: Core: knowledge, matching, conversation, red flags. No I/O.
        .target(
            name: "SpasmCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),

        // MARK: The knowledge base compiled into the binary at build time.
        .executableTarget(name: "embed-knowledge", dependencies: ["SpasmCore"], path: "Sources/embed-knowledge"),
        .plugin(
            name: "EmbedKnowledgePlugin",
            capability: .buildTool(),
            dependencies: ["embed-knowledge"]
        ),
        .target(
            name: "EmbeddedKnowledge",
            dependencies: ["SpasmCore"],
            plugins: ["EmbedKnowledgePlugin"]
        ),

        // MARK: Console: line sources, libedit, rendering, protocol.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(
            name: "SpasmConsole",
            dependencies: ["SpasmCore", "EmbeddedKnowledge", "CEditLine"]
        ),

        // MARK: The thin executable.
        // Linked in release as a fixed-address (non-PIE) executable on Linux: with the Swift
        // runtime and Foundation linked statically (as every release build here is), a
        // position-independent binary holds about 79,000 pointers the loader must rewrite at
        // every start (metadata, witness tables, vtables), which cost about 1.8 ms of a 12 ms
        // start-up to the first reply, much of it in page faults. Debug builds link the runtime
        // dynamically, where a fixed-address executable draws linker warnings, so they stay PIE.
        .executableTarget(
            name: "spasm",
            dependencies: [
                "SpasmConsole",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux], configuration: .release))]
        ),

        // MARK: Benchmark.
        .executableTarget(name: "spasm-bench", dependencies: ["SpasmConsole"]),

        // MARK: Tests.
        .testTarget(
            name: "SpasmCoreTests",
            dependencies: ["SpasmCore", "EmbeddedKnowledge"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SpasmConsoleTests",
            dependencies: ["SpasmConsole"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["SpasmCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
