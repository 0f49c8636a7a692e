// swift-tools-version:6.0
// Summit: a small scripting language and REPL for the facts of the AI summits.
import PackageDescription

let package = Package(
    name: "Summit",
    products: [
        .library(name: "SummitKit", targets: ["SummitKit"]),
        .executable(name: "summit", targets: ["summit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The embeddable core: lexer, parser, compiler, runtime, built-ins and the fact base.
        .target(name: "SummitKit"),
        // The C seam for libedit, whose el_set and history are variadic.
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        // The command: arguments, script runner, REPL.
        .executableTarget(
            name: "summit",
            dependencies: [
                "SummitKit", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SummitKitTests", dependencies: ["SummitKit"]),
        .testTarget(name: "SummitCommandTests", dependencies: ["SummitKit"]),
    ]
)
