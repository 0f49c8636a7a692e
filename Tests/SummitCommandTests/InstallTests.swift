// `make install` and what it installs (issue 23): the command, the man page and the bash, zsh and
// fish completions in their usual places under DESTDIR and PREFIX, and `make uninstall` removing
// exactly those. The man page must render without warnings and name every option and environment
// variable the command reads; each completion must parse, and offer nothing after -e.
import Foundation
import Testing

@Suite struct InstallTests {
    /// The files `make install` puts under the prefix, relative to it.
    static let installed = [
        "bin/summit",
        "share/man/man1/summit.1",
        "share/bash-completion/completions/summit",
        "share/zsh/site-functions/_summit",
        "share/fish/vendor_completions.d/summit.fish",
    ]

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program found on the PATH, in a folder, with more environment variables.
    static func run(_ arguments: [String], in folder: URL = Command.root,
                    environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Output goes to files, so that neither stream can fill and block the child.
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Whether a program is on the PATH.
    static func available(_ program: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(program)"]).status) == 0
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("summit-install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Every regular file under a folder, relative to it.
    static func files(under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)))
            }
        }
        return files.sorted()
    }

    @Test("make install-files puts each file under DESTDIR/PREFIX; make uninstall removes exactly them")
    func installAndUninstall() throws {
        let destination = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: destination) }
        // Something of the user's own beside the installed files, which uninstall must leave.
        let own = destination.appendingPathComponent("opt/summit/share/man/man1/other.1")
        try FileManager.default.createDirectory(at: own.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "mine\n".write(to: own, atomically: true, encoding: .utf8)

        let variables = ["DESTDIR=\(destination.path)", "PREFIX=/opt/summit"]
        let install = try Self.run(["make", "--no-print-directory", "install-files",
                                    "SUMMIT_BINARY=\(Command.binary.path)"] + variables)
        try #require(install.status == 0, "make install-files failed:\n\(install.stderr)")
        let prefix = destination.appendingPathComponent("opt/summit")
        #expect(Self.files(under: prefix) == (Self.installed + ["share/man/man1/other.1"]).sorted())
        #expect(FileManager.default.isExecutableFile(atPath: prefix.appendingPathComponent("bin/summit").path))
        let version = try Self.run([prefix.appendingPathComponent("bin/summit").path, "--version"])
        #expect(version.stdout == "summit 0.1.0\n")

        let uninstall = try Self.run(["make", "--no-print-directory", "uninstall"] + variables)
        try #require(uninstall.status == 0, "make uninstall failed:\n\(uninstall.stderr)")
        #expect(Self.files(under: prefix) == ["share/man/man1/other.1"])
    }

    static let manPage = Command.root.appendingPathComponent("docs/summit.1")

    @Test("the man page renders without warnings", .enabled(if: available("groff")))
    func manPageRenders() throws {
        let groff = try Self.run(["groff", "-man", "-Tutf8", "-ww", Self.manPage.path])
        #expect(groff.status == 0)
        #expect(groff.stderr == "")
        // Bold is overstruck (X, backspace, X) in groff's terminal output.
        #expect(groff.stdout.replacing(/.\u{8}/, with: "").contains("EXIT STATUS"))
        if Self.available("man") {
            let man = try Self.run(["man", "-l", Self.manPage.path], environment: ["MANROFFOPT": "-ww", "MANPAGER": "cat"])
            #expect(man.status == 0)
            #expect(man.stderr == "")
        }
    }

    @Test("the man page names every option of --help, every exit status and every environment variable read")
    func manPageIsComplete() throws {
        let page = try String(contentsOf: Self.manPage, encoding: .utf8).replacingOccurrences(of: "\\-", with: "-")
        let help = try Command.run(["--help"]).stdout
        let options = help.matches(of: /(?m)^ +(-[a-z]|--[a-z-]+)(?:, (--[a-z-]+))?/).flatMap { match in
            [String(match.1)] + (match.2.map { [String($0)] } ?? [])
        }
        #expect(options.count >= 5, "the options of --help: \(options)")
        for option in options {
            // The option as a word of its own: `-e` is not found in `--version`.
            let word = try NSRegularExpression(pattern: "(?<![\\w-])\(NSRegularExpression.escapedPattern(for: option))(?![\\w-])")
            #expect(word.firstMatch(in: page, range: NSRange(page.startIndex..., in: page)) != nil,
                    "the man page does not describe \(option)")
        }
        for status in help.matches(of: /\b(6[4-9]|7[0-9])\b/).map({ String($0.1) }) {
            #expect(page.contains(".B \(status)\n"), "the man page does not describe exit status \(status)")
        }
        // The variables the command reads, from its sources: System.environment("NAME") and getenv("NAME").
        var variables: Set<String> = []
        let sources = Command.root.appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", !url.path.contains("/Generated/") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: /(?:environment|getenv)\("([A-Z][A-Z0-9_]*)"\)/) {
                variables.insert(String(match.1))
            }
        }
        #expect(variables.contains("SUMMIT_HISTORY") && variables.contains("NO_COLOR"), "found: \(variables)")
        for variable in variables.sorted() {
            #expect(page.contains(variable), "the man page does not describe \(variable)")
        }
    }

    static let completions = Command.root.appendingPathComponent("completions")

    @Test("each completion script parses in its shell", arguments: [
        ("bash", "summit.bash"), ("zsh", "_summit"), ("fish", "summit.fish"),
    ])
    func completionParses(shell: String, file: String) throws {
        guard Self.available(shell) else { return }  // zsh and fish are not on every machine
        let result = try Self.run([shell, "-n", Self.completions.appendingPathComponent(file).path])
        #expect(result.status == 0, "\(shell) -n \(file): \(result.stderr)")
    }

    /// What the bash completion offers for a command line, the last word being completed.
    static func bashCompletion(_ words: [String], in folder: URL) throws -> [String] {
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = """
            source '\(completions.appendingPathComponent("summit.bash").path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
            _summit
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try run(["bash", "--norc", "--noprofile", "-c", script], in: folder)
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("the bash completion offers options, .summit files and folders, and nothing after -e")
    func bashCompletionOffers() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for file in ["tour.summit", "notes.txt"] {
            try "".write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        #expect(try Self.bashCompletion(["summit", ""], in: folder) == ["scripts", "tour.summit"])
        #expect(try Self.bashCompletion(["summit", "--q"], in: folder) == ["--quiet"])
        #expect(try Self.bashCompletion(["summit", "-"], in: folder)
                == ["--", "--help", "--kernel", "--quiet", "--version", "-e", "-h", "-q"])
        for words in [["summit", "-e", ""], ["summit", "-e", "cou"], ["summit", "-qe", "t"], ["summit", "-e", "=", ""],
                      ["summit", "-e", "$(touch made-by-completion)"], ["summit", "$(touch made-by-completion)"],
                      ["summit", "`touch made-by-completion`"]] {
            #expect(try Self.bashCompletion(words, in: folder) == [], "offered for \(words)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("made-by-completion").path))
    }

    @Test("the fish completion offers .summit files and folders, and nothing after -e", .enabled(if: available("fish")))
    func fishCompletionOffers() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        for file in ["tour.summit", "notes.txt"] {
            try "".write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        func complete(_ line: String) throws -> [String] {
            let script = "source '\(Self.completions.appendingPathComponent("summit.fish").path)'; complete -C$argv[1]"
            let result = try Self.run(["fish", "--no-config", "-c", script, line], in: folder)
            return result.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }.sorted()
        }
        #expect(try complete("summit ") == ["scripts/", "tour.summit"])
        #expect(try complete("summit -e ") == [])
        #expect(try complete("summit -qe cou") == [])
        #expect(try complete("summit (touch made-by-completion)") == [])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("made-by-completion").path))
    }
}
