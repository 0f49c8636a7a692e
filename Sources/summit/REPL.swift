// The read-eval-print loop: a thin client of SummitKit's Interpreter. It reads lines through the
// LineEditor, joins continuation lines until the interpreter says the input is complete, runs meta
// commands (`:help`, `:why`, ...), prints results through the ResultFormatter, and turns Ctrl-C
// into a cancellation of the running evaluation.
import SummitKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the REPL starts.
struct REPLOptions {
    /// Whether to leave out the banner.
    var quiet = false
    /// Whether to colour the output; nil colours when stdout is a terminal and `NO_COLOR` is unset.
    var color: Bool? = nil
    /// The name and version shown in the banner, such as `summit 0.1.0`.
    var version = ""
}

/// The interactive loop. `REPL(interpreter: Interpreter(), options: options).run()` runs until the
/// user quits; the caller then exits with status 0.
final class REPL {
    private(set) var interpreter: Interpreter
    private let options: REPLOptions
    private let formatter: ResultFormatter
    private var history: History
    private let interrupts: InterruptWatcher
    private var editor: LineEditor?

    /// Where `print` writes in the REPL: standard output, flushed at once, so that a long
    /// evaluation shows its progress as it goes rather than when it ends.
    static let printImmediately: @Sendable (String) -> Void = { text in
        StandardOutput.write(text)
        StandardOutput.flush()
    }

    static let prompt = "summit> "
    static let continuationPrompt = "   ...> "

    init(interpreter: Interpreter = Interpreter(), options: REPLOptions = REPLOptions()) {
        self.interpreter = interpreter
        self.options = options
        interpreter.output = Self.printImmediately
        let color = options.color ?? (isatty(STDOUT_FILENO) == 1 && (System.environment("NO_COLOR") ?? "").isEmpty)
        formatter = ResultFormatter(color: color)
        history = History(path: History.defaultPath())
        interrupts = InterruptWatcher()
    }

    /// Runs the loop until `:quit` or Ctrl-D on an empty line.
    func run() {
        editor = LineEditor(interruptFD: interrupts.lineFD, history: history.entries)
        editor?.complete = { [unowned self] in self.completions(before: $0) }
        if !options.quiet {
            let name = options.version.isEmpty ? "Summit" : options.version
            write("\(name): the facts of the AI Action Summit (Paris, 2025), as sets you can query.\n")
            write(formatter.paint("Type :help for help, Tab to complete; try  signed - [US, UK]", .dim) + "\n")
        }
        if let problem = history.problem { writeError(formatter.paint("warning: " + problem, .dim) + "\n") }
        var pending: [String] = []
        while true {
            let prompt = pending.isEmpty ? Self.prompt : Self.continuationPrompt
            switch readLine(prompt: prompt) {
            case .endOfInput:
                write("\n")
                if pending.isEmpty { return }
                pending = []
            case .interrupted:
                write("\n")
                pending = []
            case .line(let line):
                let trimmed = line.trimmed()
                if pending.isEmpty {
                    if trimmed.isEmpty { continue }
                    if trimmed.hasPrefix(":") {
                        remember(line)
                        if !runCommand(line) { return }
                        continue
                    }
                }
                pending.append(line)
                let source = pending.joined(separator: "\n")
                if interpreter.isComplete(source) {
                    pending = []
                    remember(source)
                    evaluate(source)
                }
            }
        }
    }

    private func readLine(prompt: String) -> LineInput {
        StandardOutput.flush()
        if let editor { return editor.readLine(prompt: prompt) }
        // No line editor (libedit could not start): a plain prompt.
        write(prompt)
        guard let line = Swift.readLine() else { return .endOfInput }
        return .line(line)
    }

    private func remember(_ entry: String) {
        if history.add(entry) { editor?.addHistory(entry) }
    }

    // MARK: - Evaluation

    /// Evaluates an input and prints its value, or its error; a value other than nil becomes `_`.
    private func evaluate(_ source: String) {
        guard let value = run(source, file: "<repl>") else { return }
        if case .null = value { return }
        write(formatter.format(value))
        interpreter.define("_", value)
    }

    /// Evaluates `source` so that Ctrl-C cancels it; prints the error and returns nil if it fails.
    ///
    /// - Parameter shown: for a meta command, the line the user typed and where in it `source`
    ///   begins after `wrapperLength` characters of wrapping, so that a caret lands under what
    ///   was typed rather than under the wrapper.
    private func run(_ source: String, file: String, shown: (line: String, offset: Int)? = nil,
                     wrapperLength: Int = 0) -> Value? {
        do {
            // On a thread with a large stack, as the command runs scripts, so that deep recursion
            // ends in an error rather than a crash.
            return try interrupts.cancelling(with: interpreter.cancellation) {
                try Runner.onLargeStack { try interpreter.eval(source, file: file) }
            }
        } catch var error as SummitError {
            // Only an error in the wrapped text itself, not in a function it called.
            if let shown, var location = error.location, location.line == 1, location.file == file,
               location.sourceLine == source.prefix(while: { $0 != "\n" }) {
                location.column = max(1, location.column - wrapperLength + shown.offset)
                location.sourceLine = shown.line
                error.location = location
            }
            report(error)
            return nil
        } catch {
            writeError(formatter.paint("error: \(error)", .error) + "\n")
            return nil
        }
    }

    private func report(_ error: SummitError) {
        if error.kind == .limit, error.message.contains("interrupt") {
            writeError("\n" + formatter.paint("interrupted", .error) + "\n")
        } else {
            writeError(formatter.format(error: error))
        }
    }

    // MARK: - Meta commands

    /// The meta commands, with their argument and a line of help.
    static let commands: [(name: String, argument: String, help: String)] = [
        ("help", "[NAME]", "this page, or the documentation of NAME"),
        ("doc", "NAME", "the documentation of a built-in or a fact"),
        ("type", "EXPR", "the type of the value of EXPR"),
        ("source", "EXPR", "where a fact comes from"),
        ("why", "EXPR", "why a membership or a set result holds, with sources"),
        ("load", "FILE", "run a Summit file in this session"),
        ("vars", "", "the names you have defined, with their values"),
        ("time", "EXPR", "evaluate EXPR and show how long it took"),
        ("reset", "", "forget everything you defined"),
        ("quit", "", "leave the REPL (also Ctrl-D)"),
    ]

    /// Runs a `:command`; returns false when the REPL should end.
    private func runCommand(_ line: String) -> Bool {
        let body = line.drop { $0 == " " || $0 == "\t" }.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let rest = body.dropFirst(name.count)
        let argument = rest.trimmed()
        // Where the argument starts in the line, for carets.
        let offset = line.count - rest.drop { $0.isWhitespace }.count
        let shown = (line: line, offset: offset)
        switch name {
        case "quit", "q", "exit":
            return false
        case "help" where argument.isEmpty:
            write(helpPage())
        case "help", "doc":
            showDoc(argument)
        case "type":
            guard requireArgument(argument, name) else { break }
            if let value = run(argument, file: "<repl>", shown: shown) {
                write(formatter.paint(value.typeName, .bold) + "\n")
            }
        case "source":
            guard requireArgument(argument, name) else { break }
            if let value = run("source(\(argument))", file: "<repl>", shown: shown, wrapperLength: 7) {
                write(formatter.format(value))
            }
        case "why":
            guard requireArgument(argument, name) else { break }
            do {
                let text = try interrupts.cancelling(with: interpreter.cancellation) {
                    try interpreter.why(argument)
                }
                write(text.hasSuffix("\n") ? text : text + "\n")
            } catch var error as SummitError {
                if var location = error.location, location.line == 1,
                   location.sourceLine == argument.prefix(while: { $0 != "\n" }) {
                    location.column += offset
                    location.sourceLine = line
                    error.location = location
                }
                report(error)
            } catch {
                writeError("error: \(error)\n")
            }
        case "load":
            guard requireArgument(argument, name) else { break }
            load(argument)
        case "vars":
            showVariables()
        case "time":
            guard requireArgument(argument, name) else { break }
            let clock = ContinuousClock()
            let start = clock.now
            let value = run(argument, file: "<repl>", shown: shown)
            let elapsed = clock.now - start
            if let value {
                if case .null = value {} else {
                    write(formatter.format(value))
                    interpreter.define("_", value)
                }
            }
            write(formatter.paint("time: \(Self.format(elapsed))", .dim) + "\n")
        case "reset":
            let old = interpreter
            interpreter = Interpreter()
            interpreter.output = Self.printImmediately
            interpreter.capabilities = old.capabilities
            interpreter.limits = old.limits
            write(formatter.paint("Everything you defined is forgotten.", .dim) + "\n")
        default:
            var message = "unknown command :\(name)"
            if let guess = Self.closest(to: name, in: Self.commands.map(\.name)) {
                message += "; did you mean :\(guess)?"
            }
            writeError(formatter.paint("error: " + message, .error) + " (:help lists the commands)\n")
        }
        return true
    }

    private func requireArgument(_ argument: String, _ command: String) -> Bool {
        if !argument.isEmpty { return true }
        let usage = Self.commands.first { $0.name == command }.map { ":\($0.name) \($0.argument)" } ?? ":" + command
        writeError(formatter.paint("error: usage: \(usage)", .error) + "\n")
        return false
    }

    private func helpPage() -> String {
        var out = """
        Type an expression or a statement; its value is printed and kept in `_`. For example:
          signed - [US, UK]                  who signed, apart from the US and the UK
          g7 - signed                        G7 members that did not sign
          signed where region == "Africa"    African signatories
          fn share(s) = count(s) / count(signed)

        Commands:

        """
        for command in Self.commands {
            let head = ":\(command.name) \(command.argument)"
            out += "  " + head + String(repeating: " ", count: max(1, 16 - head.count)) + command.help + "\n"
        }
        out += """

        Keys: Tab completes names, members after `.`, modules after `import` and files after :load;
        Up/Down walk the history and Ctrl-R searches it; Ctrl-C discards the line or stops a running
        evaluation; Ctrl-D on an empty line quits. Emacs keys by default; ~/.editrc can change them.
        More in docs/repl.md.

        """
        return out
    }

    private func showDoc(_ name: String) {
        guard !name.isEmpty else { write(helpPage()); return }
        if let doc = interpreter.doc(name) {
            write(doc.hasSuffix("\n") ? doc : doc + "\n")
            return
        }
        if let command = Self.commands.first(where: { ":" + $0.name == name || $0.name == name }) {
            write(":\(command.name) \(command.argument)  \(command.help)\n")
            return
        }
        var message = "no documentation for \(name)"
        if let guess = Self.closest(to: name, in: interpreter.globalNames) { message += "; did you mean \(guess)?" }
        writeError(formatter.paint("error: " + message, .error) + "\n")
    }

    private func load(_ argument: String) {
        var path = argument
        if path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
        path = System.expandingTilde(path)
        do {
            _ = try interrupts.cancelling(with: interpreter.cancellation) {
                try Runner.onLargeStack { try interpreter.run(file: path) }
            }
            write(formatter.paint("loaded \(path)", .dim) + "\n")
        } catch let error as SummitError {
            report(error)
        } catch {
            writeError(formatter.paint("error: \(error)", .error) + "\n")
        }
    }

    private func showVariables() {
        let names = interpreter.userDefinedNames.filter { $0 != "_" }.sorted()
        if names.isEmpty {
            write(formatter.paint("nothing defined yet", .dim) + "\n")
            return
        }
        let width = names.map(\.count).max() ?? 0
        for name in names {
            var shown = interpreter[name]?.description ?? "?"
            if let newline = shown.firstIndex(of: "\n") { shown = String(shown[..<newline]) + " …" }
            if shown.count > 70 { shown = String(shown.prefix(69)) + "…" }
            write(name + String(repeating: " ", count: width - name.count) + " = " + shown + "\n")
        }
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 1e-3 { return System.fixed(seconds * 1e6, 1) + " µs" }
        if seconds < 1 { return System.fixed(seconds * 1e3, 2) + " ms" }
        return System.fixed(seconds, 2) + " s"
    }

    /// The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let word = word.lowercased()
        var best: (String, Int)?
        for candidate in Set(candidates) {
            let d = editDistance(word, candidate.lowercased())
            if d <= (word.count <= 3 ? 1 : 2), best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// The edit distance between two words, a swap of two neighbours counting as one edit
    /// (`hepl` is one edit from `help`).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    // MARK: - Output

    private func write(_ text: String) { Terminal.write(text) }

    private func writeError(_ text: String) { Terminal.writeError(text) }
}

/// The REPL's output. Everything goes through SummitKit's buffered standard output, as `print`
/// does, so the REPL's text and the program's come out in order; libedit flushes its own.
enum Terminal {
    /// Writes to standard output at once.
    static func write(_ text: String) {
        StandardOutput.write(text)
        StandardOutput.flush()
    }

    /// Writes to standard error, after whatever standard output holds.
    static func writeError(_ text: String) {
        StandardOutput.flush()
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
