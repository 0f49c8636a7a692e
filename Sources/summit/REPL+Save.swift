// `:save` and `:export`: a session's inputs as a script, and a value as a file to publish. Both
// write through the language's own `write` (a temporary file renamed over the target, so an error
// never leaves a file half written) and `to_csv`/`to_json`/`to_markdown`, so a file from the REPL
// is the file a script would write.
import SummitKit

extension REPL {
    /// The formats `:export` writes, by the file's extension.
    static let exportFormats: [(extension: String, function: String)] = [
        ("csv", "to_csv"), ("json", "to_json"), ("md", "to_markdown"), ("markdown", "to_markdown"),
    ]

    /// `:save FILE`: the inputs that ran without an error, in order and as typed, with a first line
    /// that lets the file run as a script. Values the REPL showed are not printed by the script:
    /// its expression statements are kept as typed, as IPython's `%save` keeps them.
    func save(_ call: Invocation) {
        let path = Self.unquoted(call.argument)
        let script = "#!/usr/bin/env summit\n# The inputs of a summit REPL session (:save).\n"
            + savedInputs.map { $0 + "\n" }.joined()
        guard reportingErrors({ _ = try interpreter.call("write", with: [.string(path), .string(script)]) }) else { return }
        let count = savedInputs.count
        write(formatter.paint("saved \(count) input\(count == 1 ? "" : "s") to \(path)", .dim) + "\n")
    }

    /// `:export FILE EXPR`: the value of EXPR written as the file's extension says.
    func export(_ call: Invocation) {
        let argument = call.argument
        let name = String(argument.prefix { !$0.isWhitespace })
        let expression = argument.dropFirst(name.count).drop { $0.isWhitespace }
        let path = Self.unquoted(name)
        let suffix = path.split(separator: ".").count > 1 ? String(path.split(separator: ".").last!).lowercased() : ""
        guard let format = Self.exportFormats.first(where: { $0.extension == suffix }) else {
            let known = Self.exportFormats.map { "." + $0.extension }.joined(separator: ", ")
            writeError(formatter.paint("error: :export writes \(known) files; \(path) has none of those extensions", .error) + "\n")
            return
        }
        guard !expression.isEmpty else {
            writeError(formatter.paint("error: usage: :export FILE EXPR", .error) + "\n")
            return
        }
        let offset = call.shown.offset + (argument.count - expression.count)
        guard let value = run(String(expression), file: "<repl>", shown: (call.shown.line, offset)) else { return }
        // JSON keeps the value itself, which read_json reads back; a table keeps the columns.
        let shown = format.function == "to_json" ? value : exportable(value)
        guard reportingErrors({
            let text = try interpreter.call(format.function, with: [shown])
            _ = try interpreter.call("write", with: [.string(path), text])
        }) else { return }
        write(formatter.paint("wrote \(path)", .dim) + "\n")
    }

    /// For a CSV or Markdown table, a set or list of entities as the records of the table the REPL
    /// shows for it (a country's name, code and region...), with an `unconfirmed` column where an
    /// element is marked, so the file says what the screen said; any other value as it is.
    func exportable(_ value: Value) -> Value {
        guard let entities = ResultFormatter.entities(of: value), !entities.isEmpty else { return value }
        let marks = interpreter.marks(of: value)
        let columns = ResultFormatter.columns(for: Set(entities.map(\.kind)))
        let anyMarked = entities.contains { !marks.symbols(of: .entity($0)).isEmpty }
        return .list(entities.map { entity in
            var fields = columns.map { ($0.header, Value.string($0.cell(entity))) }
            if anyMarked { fields.append(("unconfirmed", .bool(!marks.symbols(of: .entity(entity)).isEmpty))) }
            return .record(Record(fields))
        })
    }

    /// Runs `body`; reports its error as the REPL reports one and returns false if it throws.
    private func reportingErrors(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return true
        } catch let error as SummitError {
            report(error)
        } catch {
            writeError(formatter.paint("error: \(error)", .error) + "\n")
        }
        return false
    }

    /// A file name as typed, without the quotes around it if it has them.
    static func unquoted(_ argument: String) -> String {
        var path = argument
        if path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
        return System.expandingTilde(path)
    }
}
