// swift-tools-version:6.0
// A program that embeds Summit through SummitKit's public API, as any host would: it depends on the
// repository by path. The test suite builds and runs it (Tests/SummitCommandTests/EmbeddingExampleTests.swift).
import PackageDescription

let package = Package(
    name: "EmbeddingExample",
    dependencies: [
        .package(name: "Summit", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: [.product(name: "SummitKit", package: "Summit")]
        ),
    ]
)
