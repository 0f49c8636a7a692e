// The `summit` command: runs a script, an expression, standard input, or the REPL.
import ArgumentParser
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct SummitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summit",
        abstract: "Summit: a language and REPL for the facts of the AI summits.",
        discussion: """
            With no arguments and a terminal, opens the REPL. With a file, runs it as a script
            (ARGS are in `args`). With -e, prints the value of the expression. With `-` or a pipe,
            runs the script read from standard input.

            Exit status: 0 success, 64 usage, 65 syntax error, 66 file not found or unreadable,
            70 runtime error.
            """,
        version: Version.text
    )

    @Option(name: .short, help: ArgumentHelp("Evaluate EXPR and print its value.", valueName: "EXPR"))
    var expression: String?

    @Flag(name: .shortAndLong, help: "Don't print the REPL's banner.")
    var quiet = false

    @Argument(help: "A script to run, or - for standard input.")
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script, in `args`.")
    var arguments: [String] = []

    func run() throws {
        let interpreter = Interpreter()
        interpreter.capabilities = .fileAccess
        let status: ExitStatus
        if let expression {
            interpreter.define("args", .list(([script].compactMap { $0 } + arguments).map { .string($0) }))
            status = Runner.evaluate(expression, file: "<expr>", printingResult: true, in: interpreter)
        } else if let script, script != "-" {
            interpreter.define("args", .list(arguments.map { .string($0) }))
            status = Runner.runFile(script, in: interpreter)
        } else if script == nil && isatty(0) == 1 {
            interpreter.define("args", .list([]))
            REPL(interpreter: interpreter, options: REPLOptions(quiet: quiet, version: Version.text)).run()
            status = .success
        } else {
            interpreter.define("args", .list(arguments.map { .string($0) }))
            status = Runner.runStandardInput(in: interpreter)
        }
        StandardOutput.flush()
        // The interpreter is not freed on this (main) thread's small stack: freeing a deeply nested
        // value that a global holds recurses as deep as the value. The process is ending anyway.
        _ = Unmanaged.passRetained(interpreter)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

enum Version {
    static let text = "summit 0.1.0"
}
