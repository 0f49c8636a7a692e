// swift-tools-version:6.0
// Summit: a small scripting language and REPL for the facts of the AI summits.
import PackageDescription

let package = Package(
    name: "Summit",
    products: [
        .library(name: "SummitKit", targets: ["SummitKit"]),
        .executable(name: "summit", targets: ["summit"]),
    ],
    targets: [
        // The embeddable core: lexer, parser, compiler, runtime, built-ins and the fact base.
        .target(name: "SummitKit"),
        // The C seam for libedit, whose el_set and history are variadic. libedit is not linked:
        // the REPL loads it with dlopen, so that running a script does not load it.
        .target(name: "CEditLine"),
        // The command: arguments, script runner, REPL.
        .executableTarget(
            name: "summit",
            dependencies: ["SummitKit", "CEditLine"],
            // In a release build, the C++ runtime that the static Swift runtime needs is linked
            // statically too: link/libstdc++.so is a linker script naming libstdc++.a, found before
            // the shared library. Binding the shared one's symbols took half of start-up.
            linkerSettings: [.unsafeFlags(["-L\(Context.packageDirectory)/link"],
                                          .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(name: "SummitKitTests", dependencies: ["SummitKit"]),
        .testTarget(name: "SummitCommandTests", dependencies: ["SummitKit"]),
    ]
)
