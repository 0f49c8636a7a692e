// swift-tools-version:6.0
// Summit: a small scripting language and REPL for the facts of the AI summits.
import PackageDescription

/// Whether this build tunes the code layout of the `summit` command: set by the Makefile (`make
/// release`, `make install`) and bench/run as `SUMMIT_TUNED=1`. The tuning needs unsafe flags, which
/// SwiftPM refuses in a package that another package depends on by URL, so a build that does not ask
/// for it (a dependent package's, or a plain `swift build`) compiles with none.
let tuned = Context.environment["SUMMIT_TUNED"] == "1"

/// Whether this build makes SummitKit's documentation: set by `make docs` as `SUMMIT_DOCS=1`. Only
/// then is swift-docc-plugin a dependency, so that neither a plain build nor a package that depends
/// on SummitKit ever fetches it.
let docs = Context.environment["SUMMIT_DOCS"] == "1"

let package = Package(
    name: "Summit",
    products: [
        .library(name: "SummitKit", targets: ["SummitKit"]),
        .executable(name: "summit", targets: ["summit"]),
    ],
    dependencies: docs ? [.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0")] : [],
    targets: [
        // The embeddable core: lexer, parser, compiler, runtime, built-ins and the fact base.
        .target(name: "SummitKit", swiftSettings: releaseCodeLayout),
        // The C seam for libedit, whose el_set and history are variadic. A static link (the release
        // build on Linux) names the libraries libedit needs itself.
        .target(
            name: "CEditLine",
            cSettings: cDebugInfo,
            linkerSettings: [.linkedLibrary("edit"),
                             .linkedLibrary("tinfo", .when(platforms: [.linux], configuration: .release)),
                             .linkedLibrary("bsd", .when(platforms: [.linux], configuration: .release)),
                             .linkedLibrary("md", .when(platforms: [.linux], configuration: .release))]
        ),
        // The C seam for running a script on a large stack of the main thread's own (makecontext
        // is variadic).
        .target(name: "CStack", cSettings: cDebugInfo),
        // The command: arguments, script runner, REPL.
        .executableTarget(
            name: "summit",
            dependencies: ["SummitKit", "CEditLine", "CStack"],
            swiftSettings: releaseCodeLayout,
            // In a tuned release build on Linux (see `tuned`):
            // - the command is a static executable: the loader maps no shared libraries and
            //   relocates nothing, and a run reads only the pages of libc, the Swift runtime and
            //   libedit that it uses (a script never touches libedit's);
            // - the linker is the toolchain's lld, which can order the functions: the ones a run
            //   uses are laid out together, in the order of link/hot-functions (made by
            //   tools/order-functions), so that a run maps fewer pages of the command.
            linkerSettings: tuned ? [.unsafeFlags(["-static-executable", "-use-ld=lld",
                                                   "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/link/hot-functions",
                                                   "-Xlinker", "--no-warn-symbol-ordering"],
                                                  .when(platforms: [.linux], configuration: .release))] : []
        ),
        .testTarget(name: "SummitKitTests", dependencies: ["SummitKit"]),
        .testTarget(name: "SummitCommandTests", dependencies: ["SummitKit"]),
    ]
)

/// In a tuned release build on Linux (see `tuned`):
/// - each function in its own section, so that the linker can put the ones a run uses together
///   (see the command's linker settings);
/// - functions aligned to 64 bytes, and jump targets that are not fallen into to 32: otherwise
///   where the hot closures fall moves with every change elsewhere in the code, and with it the
///   benchmarks, by up to 15%;
/// - no merging of functions that differ only in what they call: merged, each closure of the
///   evaluator whose body is alike (the forwarders of `a + b` on different kinds of operand) became
///   a stub that calls a shared body with its target, one more call on every evaluation of a node.
///
/// On x86-64, the POPCNT instruction (every x86-64 processor since 2008 has it): counting a set
/// of entities, `count(signed - g7)`, is then one instruction a word instead of a dozen.
var releaseCodeLayout: [SwiftSetting] {
    guard tuned else { return [] }
    return [.unsafeFlags(["-Xfrontend", "-function-sections",
                          "-Xllvm", "-align-all-functions=6", "-Xllvm", "-align-all-nofallthru-blocks=5",
                          "-Xllvm", "-swiftmergefunc-threshold=0"] + popcount,
                         .when(platforms: [.linux], configuration: .release))]
}

/// In a tuned release build, the C targets' debug information in DWARF 4: Debian 12's valgrind
/// (3.19), which the benchmarks' instruction counts and tools/order-functions use, misreads the
/// strings of every DWARF 5 unit after the first and gives up on the whole command.
var cDebugInfo: [CSetting] {
    tuned ? [.unsafeFlags(["-gdwarf-4"], .when(configuration: .release))] : []
}

var popcount: [String] {
    #if arch(x86_64)
    ["-Xcc", "-mpopcnt"]
    #else
    []
    #endif
}
