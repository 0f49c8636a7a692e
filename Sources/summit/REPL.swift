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
    /// Whether to read and keep the history file (the kernel mode has none).
    var history = true
    /// The width results are cut to; nil for the terminal's.
    var width: Int? = nil
}

/// The interactive loop. `REPL(interpreter: Interpreter(), options: options).run()` runs until the
/// user quits; the caller then exits with status 0.
final class REPL {
    private(set) var interpreter: Interpreter
    private let options: REPLOptions
    var formatter: ResultFormatter
    private var history: History
    private let interrupts: InterruptWatcher
    private var editor: LineEditor?
    /// The inputs that ran without an error, in order, as `:save` writes them.
    var savedInputs: [String] = []

    /// Where `print` writes in the REPL: standard output, flushed at once, so that a long
    /// evaluation shows its progress as it goes rather than when it ends.
    static let printImmediately: @Sendable (String) -> Void = { text in Terminal.write(text) }

    static let prompt = "summit> "
    static let continuationPrompt = "   ...> "

    init(interpreter: Interpreter = Interpreter(), options: REPLOptions = REPLOptions()) {
        self.interpreter = interpreter
        self.options = options
        interpreter.output = Self.printImmediately
        let color = options.color ?? (isatty(STDOUT_FILENO) == 1 && (System.environment("NO_COLOR") ?? "").isEmpty)
        formatter = ResultFormatter(color: color)
        history = History(path: options.history ? History.defaultPath() : nil)
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
                if pending.isEmpty, let hint = bareWordHint(trimmed) {
                    remember(line)
                    write(hint)
                    continue
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

    /// What a newcomer's bare `help`, `quit` or `exit` gets, unless the name is the user's own:
    /// the help page, or how to leave. Otherwise nil, and the line runs as code.
    func bareWordHint(_ line: String) -> String? {
        guard !interpreter.userDefinedNames.contains(line) else { return nil }
        switch line {
        case "help": return helpPage()
        case "quit", "exit": return formatter.paint("Type :quit or press Ctrl-D to leave.", .dim) + "\n"
        default: return nil
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
        savedInputs.append(source)
        if case .null = value { return }
        write(show(value))
        interpreter.define("_", value)
    }

    /// A result as the REPL shows it, with the marks of its elements, cut to the terminal's width.
    func show(_ value: Value) -> String {
        var recordMarks: (members: [String: DisplayMarks], legend: [String]) = ([:], [])
        if case .record(let record) = value { recordMarks = interpreter.memberMarks(of: record) }
        return formatter.format(value, marks: interpreter.marks(of: value), recordMarks: recordMarks,
                                width: options.width ?? System.terminalWidth())
    }

    /// Evaluates `source` so that Ctrl-C cancels it; prints the error and returns nil if it fails.
    ///
    /// - Parameter shown: for a meta command, the line the user typed and where in it `source`
    ///   begins after `wrapperLength` characters of wrapping, so that a caret lands under what
    ///   was typed rather than under the wrapper.
    func run(_ source: String, file: String, shown: (line: String, offset: Int)? = nil,
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

    func report(_ error: SummitError) {
        if error.kind == .limit, error.message.contains("interrupt") {
            writeError("\n" + formatter.paint("interrupted", .error) + "\n")
        } else {
            writeError(formatter.format(error: error))
        }
    }

    // MARK: - Meta commands

    /// A meta command: the one table that `:help`, Tab completion and dispatch all read.
    struct MetaCommand: Sendable {
        let name: String
        var aliases: [String] = []
        /// The argument as `:help` shows it: `EXPR`, `[NAME]` (optional), or "" for none.
        let argument: String
        let help: String
        /// Runs the command; false when the REPL should end.
        let run: @Sendable (REPL, Invocation) -> Bool

        /// Whether the command cannot run without its argument.
        var needsArgument: Bool { !argument.isEmpty && !argument.hasPrefix("[") }
    }

    /// What a command was given: its argument, and the line typed with where the argument starts.
    struct Invocation: Sendable {
        let argument: String
        let shown: (line: String, offset: Int)
    }

    /// The meta commands, in the order `:help` lists them.
    static let commands: [MetaCommand] = [
        MetaCommand(name: "help", argument: "[NAME]", help: "this page, or the documentation of NAME") { repl, call in
            repl.showDoc(call.argument)
            return true
        },
        MetaCommand(name: "doc", argument: "NAME", help: "the documentation of a keyword, a built-in, a fact or an entity") { repl, call in
            repl.showDoc(call.argument)
            return true
        },
        MetaCommand(name: "type", argument: "EXPR", help: "the type of the value of EXPR") { repl, call in
            if let value = repl.run(call.argument, file: "<repl>", shown: call.shown) {
                repl.write(repl.formatter.paint(value.typeName, .bold) + "\n")
            }
            return true
        },
        MetaCommand(name: "source", argument: "EXPR", help: "where a fact comes from") { repl, call in
            if let value = repl.run("source(\(call.argument))", file: "<repl>", shown: call.shown, wrapperLength: 7) {
                repl.write(repl.show(value))
            }
            return true
        },
        MetaCommand(name: "why", argument: "EXPR", help: "why a membership or a set result holds, with sources") { repl, call in
            repl.why(call)
            return true
        },
        MetaCommand(name: "load", argument: "FILE", help: "run a Summit file in this session") { repl, call in
            repl.load(call.argument)
            return true
        },
        MetaCommand(name: "save", argument: "FILE", help: "write this session's inputs as a script") { repl, call in
            repl.save(call)
            return true
        },
        MetaCommand(name: "export", argument: "FILE EXPR", help: "write the value of EXPR as CSV, JSON or Markdown, by FILE's extension") { repl, call in
            repl.export(call)
            return true
        },
        MetaCommand(name: "vars", argument: "", help: "the names you have defined, with their values") { repl, _ in
            repl.showVariables()
            return true
        },
        MetaCommand(name: "time", argument: "EXPR", help: "evaluate EXPR and show how long it took") { repl, call in
            repl.time(call)
            return true
        },
        MetaCommand(name: "reset", argument: "", help: "forget everything you defined") { repl, _ in
            repl.reset()
            return true
        },
        MetaCommand(name: "quit", aliases: ["q", "exit"], argument: "", help: "leave the REPL (also Ctrl-D)") { _, _ in false },
    ]

    /// Runs a `:command`; returns false when the REPL should end.
    func runCommand(_ line: String) -> Bool {
        let body = line.drop { $0 == " " || $0 == "\t" }.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let rest = body.dropFirst(name.count)
        let argument = rest.trimmed()
        // Where the argument starts in the line, for carets.
        let offset = line.count - rest.drop { $0.isWhitespace }.count
        guard let command = Self.commands.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
            var message = "unknown command :\(name)"
            if let guess = Self.closest(to: name, in: Self.commands.map(\.name)) {
                message += "; did you mean :\(guess)?"
            }
            writeError(formatter.paint("error: " + message, .error) + " (:help lists the commands)\n")
            return true
        }
        guard !command.needsArgument || requireArgument(argument, command.name) else { return true }
        return command.run(self, Invocation(argument: argument, shown: (line: line, offset: offset)))
    }

    private func why(_ call: Invocation) {
        do {
            let text = try interrupts.cancelling(with: interpreter.cancellation) {
                try interpreter.why(call.argument)
            }
            write(text.hasSuffix("\n") ? text : text + "\n")
        } catch var error as SummitError {
            if var location = error.location, location.line == 1,
               location.sourceLine == call.argument.prefix(while: { $0 != "\n" }) {
                location.column += call.shown.offset
                location.sourceLine = call.shown.line
                error.location = location
            }
            report(error)
        } catch {
            writeError("error: \(error)\n")
        }
    }

    private func time(_ call: Invocation) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = run(call.argument, file: "<repl>", shown: call.shown)
        let elapsed = clock.now - start
        if let value {
            if case .null = value {} else {
                write(show(value))
                interpreter.define("_", value)
            }
        }
        write(formatter.paint("time: \(Self.format(elapsed))", .dim) + "\n")
    }

    private func reset() {
        let old = interpreter
        interpreter = Interpreter()
        interpreter.output = Self.printImmediately
        interpreter.capabilities = old.capabilities
        interpreter.limits = old.limits
        savedInputs = []
        write(formatter.paint("Everything you defined is forgotten.", .dim) + "\n")
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
        out += "\nFunctions (:doc NAME for one):\n" + Self.topicLines(interpreter.functionsByTopic + interpreter.stdlibFunctionsByModule, limit: 40)
        out += "\nFacts (:doc NAME for one; docs/facts.md lists them all):\n" + Self.topicLines(interpreter.factsByTopic, limit: 16)
        out += "\nKeywords (:doc where): " + (Interpreter.keywords + ["it"]).joined(separator: " ") + "\n"
        out += """

        Keys: Tab completes names, members after `.` and `where`, modules after `import`, files after :load;
        Up/Down walk the history and Ctrl-R searches it; Ctrl-C discards the line or stops a running
        evaluation; Ctrl-D on an empty line quits. Emacs keys by default; ~/.editrc can change them.
        More in docs/repl.md.

        """
        return out
    }

    /// Topics and their names, one topic a line, names wrapped under each other; past `limit` names
    /// a topic shows the first ones and a count.
    static func topicLines(_ topics: [(topic: String, names: [String])], limit: Int) -> String {
        let width = min(20, (topics.map(\.topic.count).max() ?? 0) + 2)
        let indent = String(repeating: " ", count: width + 2)
        var out = ""
        for (topic, names) in topics {
            var shown = names.prefix(limit).joined(separator: ", ")
            if names.count > limit { shown += ", … (\(names.count) in all)" }
            var line = "  " + topic + String(repeating: " ", count: max(1, width - topic.count))
            var column = line.count
            for word in shown.split(separator: " ") {
                if column + word.count > 100, column > indent.count {
                    out += line + "\n"
                    line = indent
                    column = indent.count
                } else if column > indent.count {
                    line += " "
                    column += 1
                }
                line += word
                column += word.count
            }
            out += line + "\n"
        }
        return out
    }

    private func showDoc(_ name: String) {
        guard !name.isEmpty else { write(helpPage()); return }
        if let doc = interpreter.doc(name) {
            write(doc.hasSuffix("\n") ? doc : doc + "\n")
            return
        }
        if let command = Self.commands.first(where: { ":" + $0.name == name || $0.name == name || $0.aliases.contains(name) }) {
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
            savedInputs.append("import " + Value.string(System.absolutePath(path)).description)
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
            var shown = interpreter[name]?.description(maxBytes: 400) ?? "?"
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

    func write(_ text: String) { Terminal.write(text) }

    func writeError(_ text: String) { Terminal.writeError(text) }
}

/// The REPL's output. Everything goes through SummitKit's buffered standard output, as `print`
/// does, so the REPL's text and the program's come out in order; libedit flushes its own.
enum Terminal {
    /// Where the REPL's text and errors go instead, when set: the kernel mode sends them to the
    /// notebook. Set once, before anything is evaluated.
    nonisolated(unsafe) static var redirect: ((_ text: String, _ isError: Bool) -> Void)?

    /// Writes to standard output at once.
    static func write(_ text: String) {
        if let redirect { return redirect(text, false) }
        StandardOutput.write(text)
        StandardOutput.flush()
    }

    /// Writes to standard error, after whatever standard output holds.
    static func writeError(_ text: String) {
        if let redirect { return redirect(text, true) }
        StandardOutput.flush()
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
