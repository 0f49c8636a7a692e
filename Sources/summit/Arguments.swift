// The command line of `summit`, read by hand in one pass: the command has four options, and a
// generic parser's reflection cost more at start-up than running a query.

/// What the command line asks for: help, the version, or a run with options and a script.
///
/// Options come before the script: `-e EXPR` (EXPR may start with `-`; several are the lines of
/// one program), `-eEXPR`, `-e=EXPR`,
/// `-q`/`--quiet`, `-h`/`--help`, `--version`, `--kernel` (frames for the Jupyter kernel,
/// docs/notebooks.md); short flags combine (`-qe EXPR`), and what follows `e` in a cluster is its value.
/// The first argument that is not an option (or `-`) is the script, and everything after it is the
/// script's, options or not. `--` ends the options: the argument
/// after it is the script. `-h` and `--version` anywhere before the script win over a usage error.
enum Arguments: Equatable {
    case help
    case version
    case run(Run)
    /// A usage error, with its message.
    case usageError(String)

    /// The options and script of a run.
    struct Run: Equatable {
        var expression: String?
        var quiet = false
        /// Whether to answer a Jupyter kernel's requests (KernelMode) instead of running anything.
        var kernel = false
        /// The script's path, `-` for standard input, or nil for none.
        var script: String?
        /// The arguments after the script.
        var arguments: [String] = []
    }

    static let usage = "summit [-e <EXPR>] [--quiet] [<script>] [<arguments> ...]"

    static let helpText = """
        OVERVIEW: Summit: a language and REPL for the facts of the AI summits.

        With no arguments and a terminal, opens the REPL. With a file, runs it as a script
        (ARGS are in `args`). With -e, prints the value of the expression. With `-` or a pipe,
        runs the script read from standard input.

        Exit status: 0 success, 64 usage, 65 syntax error, 66 file not found or unreadable,
        70 runtime error.

        USAGE: \(usage)

        ARGUMENTS:
          <script>                A script to run, or - for standard input.
          <arguments>             Arguments for the script, in `args`.

        OPTIONS:
          -e <EXPR>               Evaluate EXPR and print its value; several -e are the
                                  lines of one program.
          -q, --quiet             Don't print the REPL's banner.
          --kernel                Answer a Jupyter kernel's requests on standard input
                                  (docs/notebooks.md; `make jupyter` installs the kernel).
          --version               Show the version.
          -h, --help              Show help information.


        """

    /// Reads the arguments that follow the command's name.
    init(_ arguments: [String]) {
        var run = Run()
        var help = false, version = false
        var error: String?
        var index = 0
        /// The value of `-e`: the next argument, whatever it is (as with getopt: `-e -1` is `-1`).
        func expressionValue() -> String? {
            guard index < arguments.count else { return nil }
            index += 1
            return arguments[index - 1]
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" || argument == "-" || !argument.hasPrefix("-") {
                if argument != "--" { index -= 1 }
                if index < arguments.count {
                    run.script = arguments[index]
                    run.arguments = Array(arguments[(index + 1)...])
                }
                break
            }
            if argument.hasPrefix("--") {
                let equals = argument.firstIndex(of: "=")
                let name = argument[..<(equals ?? argument.endIndex)]
                switch name {
                case "--quiet": run.quiet = true
                case "--help": help = true
                case "--version": version = true
                case "--kernel": run.kernel = true
                default:
                    error = error ?? "Unknown option '\(name)'"
                    continue
                }
                if let equals {
                    let value = argument[argument.index(after: equals)...]
                    error = error ?? "The option '\(name)' does not take any value, but '\(value)' was specified."
                }
                continue
            }
            // A cluster of short options. As with getopt, what follows `e` is its value: `-qe EXPR`,
            // `-eEXPR` and `-e=EXPR` all give EXPR.
            var rest = argument.dropFirst()
            var previous: Character?
            while let letter = rest.first {
                rest = rest.dropFirst()
                switch (letter, previous) {
                case ("q", _): run.quiet = true
                case ("h", _): help = true
                case ("e", _):
                    let expression = rest.first == "=" ? String(rest.dropFirst()) : rest.isEmpty ? expressionValue() : String(rest)
                    if let expression {
                        // Several are the lines of one program, in order.
                        run.expression = run.expression.map { $0 + "\n" + expression } ?? expression
                    } else {
                        error = error ?? "Missing value for '-e <EXPR>'"
                    }
                    rest = ""
                case ("=", let flag?):
                    error = error ?? "The option '-\(flag)' does not take any value, but '\(rest)' was specified."
                    rest = ""
                default:
                    error = error ?? "Unknown option '-\(letter)'"
                }
                previous = letter
            }
        }
        if run.kernel, run.script != nil || run.expression != nil {
            error = error ?? "The option '--kernel' takes no script and no '-e'"
        }
        if help {
            self = .help
        } else if version {
            self = .version
        } else if let error {
            self = .usageError("Error: \(error)\nUsage: \(Self.usage)\n  See 'summit --help' for more information.\n")
        } else {
            self = .run(run)
        }
    }
}
