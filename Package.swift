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
        .target(name: "SummitKit", swiftSettings: releaseCodeLayout),
        // The C seam for libedit, whose el_set and history are variadic. libedit is not linked:
        // the REPL loads it with dlopen, so that running a script does not load it.
        .target(name: "CEditLine"),
        // The command: arguments, script runner, REPL.
        .executableTarget(
            name: "summit",
            dependencies: ["SummitKit", "CEditLine"],
            swiftSettings: releaseCodeLayout,
            // In a release build on Linux:
            // - the C++ runtime that the static Swift runtime needs is linked statically too:
            //   link/libstdc++.so is a linker script naming libstdc++.a, found before the shared
            //   library. Binding the shared one's symbols took half of start-up. So is the
            //   unwinder (libgcc), a shared library less to map;
            // - the linker is the toolchain's lld, which can pack the relative relocations (a few
            //   KiB in place of 660, all read at start-up) and order the functions;
            // - the functions a run uses are laid out together, in the order of link/hot-functions
            //   (made by tools/order-functions), so that a run maps fewer pages of the command.
            linkerSettings: [.unsafeFlags(["-L\(Context.packageDirectory)/link", "-Xclang-linker", "-static-libgcc", "-use-ld=lld",
                                           "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                           "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/link/hot-functions",
                                           "-Xlinker", "--no-warn-symbol-ordering"],
                                          .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(name: "SummitKitTests", dependencies: ["SummitKit"]),
        .testTarget(name: "SummitCommandTests", dependencies: ["SummitKit"]),
    ]
)

/// In a release build on Linux:
/// - each function in its own section, so that the linker can put the ones a run uses together
///   (see the command's linker settings);
/// - functions aligned to 64 bytes, and jump targets that are not fallen into to 32: otherwise
///   where the hot closures fall moves with every change elsewhere in the code, and with it the
///   benchmarks, by up to 15%.
var releaseCodeLayout: [SwiftSetting] {
    [.unsafeFlags(["-Xfrontend", "-function-sections",
                   "-Xllvm", "-align-all-functions=6", "-Xllvm", "-align-all-nofallthru-blocks=5"],
                  .when(platforms: [.linux], configuration: .release))]
}
