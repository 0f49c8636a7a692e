// The `summit` command's ways in: -e, a script with arguments, standard input, `-`, a #! script,
// --version and --help, and the exit status of each kind of failure.
import Foundation
import Testing

@Suite struct CommandTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("summit-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func expressionPrintsItsValue() throws {
        let result = try Command.run(["-e", "g7 - signed"])
        #expect(result.stdout == "{United Kingdom, United States}\n")
        #expect(result.status == 0)
    }

    @Test func expressionMarksUnconfirmedSignatoriesAndTabulatesRecords() throws {
        let marked = try Command.run(["-e", "signed where subregion == \"Western Asia\""])
        #expect(marked.stdout == """
            {Armenia*, Cyprus, United Arab Emirates*}
            * unconfirmed: no source read confirms that it is in signed; source(AM in signed) says more

            """)
        let table = try Command.run(["-e", "[{n: 1, s: \"one\"}, {n: 22}]"])
        #expect(table.stdout == "n   s\n1   one\n22\n")
    }

    /// Several `-e` are the lines of one program, in order, as with perl and ruby: none is
    /// dropped, the value printed is the last line's, and an error names its line.
    @Test func severalExpressionsAreLinesOfOneProgram() throws {
        let result = try Command.run(["-e", "let x = 2", "-e", "print(\"x is \\(x)\")", "-qe", "x * 21"])
        #expect(result.stdout == "x is 2\n42\n")
        #expect(result.status == 0)
        let failed = try Command.run(["-e", "1", "-e", "1 +"])
        #expect(failed.stderr.hasPrefix("<expr>:2:"), "\(failed.stderr)")
        #expect(failed.status == 65)
    }

    @Test func expressionWithNilValuePrintsNothingMore() throws {
        let result = try Command.run(["-e", "print(\"hi\")"])
        #expect(result.stdout == "hi\n")
    }

    @Test func scriptGetsItsArguments() throws {
        let folder = try temporaryFolder()
        try "print(args)\n".write(to: folder.appendingPathComponent("a.summit"), atomically: true, encoding: .utf8)
        let result = try Command.run(["a.summit", "one", "--two"], in: folder)
        #expect(result.stdout == "[\"one\", \"--two\"]\n")
    }

    @Test func pipedStandardInputRunsAsAScript() throws {
        let result = try Command.run([], input: "let x = 2\nprint(x * 21)\nx\n")
        #expect(result.stdout == "42\n")
        #expect(result.status == 0)
    }

    @Test func dashReadsStandardInput() throws {
        let result = try Command.run(["-"], input: "print(count(refused))")
        #expect(result.stdout == "2\n")
    }

    @Test func errorsOnStandardInputAreNamedStdin() throws {
        let result = try Command.run(["-"], input: "1 / 0\n")
        #expect(result.status == 70)
        #expect(result.stderr.hasPrefix("<stdin>:1:1: error: division by zero\n"))
    }

    @Test func errorsInAnExpressionAreNamedExpr() throws {
        let result = try Command.run(["-e", "1 +"])
        #expect(result.status == 65)
        #expect(result.stderr == "<expr>:1:4: error: expected an expression, found end of input\n1 +\n   ^\n")
    }

    @Test func shebangScriptRunsWhenExecutable() throws {
        let folder = try temporaryFolder()
        let script = folder.appendingPathComponent("hello.summit")
        try "#!/usr/bin/env summit\nprint(\"hello from a script\")\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let process = Process()
        process.executableURL = script
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Command.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: output, as: UTF8.self) == "hello from a script\n")
        #expect(process.terminationStatus == 0)
    }

    @Test func versionAndHelp() throws {
        let version = try Command.run(["--version"])
        #expect(version.stdout.hasPrefix("summit "))
        #expect(version.status == 0)
        let help = try Command.run(["--help"])
        #expect(help.stdout.contains("USAGE: summit"))
        #expect(help.stdout.contains("Exit status"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try Command.run(["--no-such-option"])
        #expect(result.status == 64)
    }

    @Test func unknownOptionIsNamedWithTheUsage() throws {
        let result = try Command.run(["-x"])
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("Unknown option '-x'"))
        #expect(result.stderr.contains("Usage: summit [-e <EXPR>] [--quiet] [<script>] [<arguments> ...]"))
    }

    @Test func missingValueAfterEIsAUsageError() throws {
        for arguments in [["-e"], ["-q", "-e"]] {
            let result = try Command.run(arguments)
            #expect(result.status == 64)
            #expect(result.stderr.contains("Missing value for '-e <EXPR>'"))
        }
    }

    @Test("the argument after -e is its value even when it starts with -")
    func expressionStartingWithADash() throws {
        #expect(try Command.run(["-e", "-1"]).stdout == "-1\n")
        #expect(try Command.run(["-e", "-2 * 3", "x"]).stdout == "-6\n")
        let flag = try Command.run(["-e", "--quiet"])  // the expression `--quiet`, as getopt would have it
        #expect(flag.status == 70)
        #expect(flag.stderr.contains("undefined name 'quiet'"))
    }

    @Test func flagWithAValueIsAUsageError() throws {
        let result = try Command.run(["--quiet=yes", "-e", "1"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'--quiet' does not take any value"))
    }

    @Test func expressionValueForms() throws {
        #expect(try Command.run(["-e=1 + 1"]).stdout == "2\n")
        #expect(try Command.run(["-qe", "2 + 2"]).stdout == "4\n")
        #expect(try Command.run(["-e", "1", "-e", "3"]).stdout == "3\n")
        #expect(try Command.run(["-e", "-"]).status == 65)
        // As with getopt, the rest of a cluster after `e` is its value: `-eq` evaluates `q`.
        #expect(try Command.run(["-e1 + 2"]).stdout == "3\n")
        #expect(try Command.run(["-qe4==4"]).stdout == "true\n")
        #expect(try Command.run(["-e=5", "x"]).stdout == "5\n")
        let cluster = try Command.run(["-eq", "1"])
        #expect(cluster.status == 70)
        #expect(cluster.stderr.contains("undefined name 'q'"))
    }

    @Test func expressionGetsTheRestAsArgs() throws {
        #expect(try Command.run(["-e", "args", "a", "-q", "--x"]).stdout == "[\"a\", \"-q\", \"--x\"]\n")
        #expect(try Command.run(["-e", "args", "-q"]).stdout == "[]\n")
        #expect(try Command.run(["-e", "args", "-", "x"]).stdout == "[\"-\", \"x\"]\n")
    }

    @Test func doubleDashEndsTheOptions() throws {
        #expect(try Command.run(["-e", "args", "--", "a", "-b"]).stdout == "[\"a\", \"-b\"]\n")
        #expect(try Command.run(["-e", "args", "a", "--", "-b"]).stdout == "[\"a\", \"--\", \"-b\"]\n")
        #expect(try Command.run(["-e", "args", "--", "--"]).stdout == "[\"--\"]\n")
        #expect(try Command.run(["-e", "args", "--"]).stdout == "[]\n")
        let dashed = try Command.run(["--", "-e"])
        #expect(dashed.status == 66)
        #expect(dashed.stderr == "error: cannot read -e: No such file or directory\n")
        let empty = try Command.run(["--"], input: "print(1)")
        #expect(empty.stdout == "1\n")
    }

    @Test func optionsAfterTheScriptAreItsArguments() throws {
        let folder = try temporaryFolder()
        try "print(args)\n".write(to: folder.appendingPathComponent("a.summit"), atomically: true, encoding: .utf8)
        let result = try Command.run(["-q", "a.summit", "-e", "x", "--help", "--version", "--", "-h"], in: folder)
        #expect(result.stdout == "[\"-e\", \"x\", \"--help\", \"--version\", \"--\", \"-h\"]\n")
    }

    @Test func helpAndVersionWinOverTheRest() throws {
        let help = try Command.run(["-e", "1", "--bogus", "-h"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: Summit: a language and REPL for the facts of the AI summits.\n"))
        for line in ["USAGE: summit [-e <EXPR>] [--quiet] [<script>] [<arguments> ...]",
                     "-e <EXPR>", "Evaluate EXPR and print its value; several -e are the", "-q, --quiet", "--version", "-h, --help",
                     "Exit status: 0 success, 64 usage, 65 syntax error, 66 file not found or"] {
            #expect(help.stdout.contains(line))
        }
        #expect(try Command.run(["--version", "--help"]).stdout == help.stdout)
        let version = try Command.run(["-e", "1", "--version", "--bogus"])
        #expect(version.stdout == "summit 0.1.0\n")
        #expect(version.status == 0)
    }

    @Test func missingFileIsExit66() throws {
        let result = try Command.run(["no/such/file.summit"])
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read no/such/file.summit: No such file or directory\n")
    }

    @Test func directoryIsExit66() throws {
        let result = try Command.run(["Tests"])
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read Tests: it is a directory\n")
    }

    @Test func invalidUTF8IsExit66() throws {
        let folder = try temporaryFolder()
        try Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x28, 0xFF, 0x29]).write(to: folder.appendingPathComponent("bad.summit"))
        let result = try Command.run(["bad.summit"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read bad.summit: not valid UTF-8 (at byte 6)\n")
    }

    @Test func outputBeforeAnErrorIsKept() throws {
        let result = try Command.run(["-"], input: "print(1)\nprint(2)\nerror(\"stop\")\nprint(3)\n")
        #expect(result.stdout == "1\n2\n")
        #expect(result.status == 70)
    }
}
