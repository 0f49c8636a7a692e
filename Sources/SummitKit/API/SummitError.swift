// The one error type of SummitKit. Every error the language reports is a SummitError with a kind,
// a message and, where there is one, the place in the source; `description` renders the diagnostic
// the way the command and the REPL print it.

/// An error from Summit code or from the interpreter.
public struct SummitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of error it is.
    public enum Kind: String, Sendable, Hashable {
        /// The source does not parse.
        case syntax
        /// The program did something that has no meaning: `1 / 0`, a missing member, a bad argument.
        case runtime
        /// The program went past a limit the host set: steps, call depth, size, time, cancellation.
        case limit
        /// A file could not be read, or a capability the host did not grant was used.
        case io
    }

    /// A place in a source text.
    public struct Location: Sendable, Hashable {
        /// The file name, or `<expr>`, `<stdin>`, `<repl>`.
        public var file: String
        /// The 1-based line.
        public var line: Int
        /// The 1-based column, in characters.
        public var column: Int
        /// The number of characters the offending span covers on its first line (at least 1).
        public var length: Int
        /// The text of the line, for the caret display.
        public var sourceLine: String
        /// The 1-based line where the offending span ends.
        public var endLine: Int
        /// The 1-based column just past the end of the span, in characters, on ``endLine``.
        public var endColumn: Int

        /// A location: where a span starts, how many characters of its first line it covers, the
        /// text of that line, and where it ends (by default on the same line, `length` columns on).
        public init(file: String, line: Int, column: Int, length: Int = 1, sourceLine: String = "",
                    endLine: Int? = nil, endColumn: Int? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.length = max(1, length)
            self.sourceLine = sourceLine
            self.endLine = endLine ?? line
            self.endColumn = endColumn ?? column + max(1, length)
        }
    }

    /// What kind of error it is.
    public var kind: Kind
    /// What went wrong, in one line.
    public var message: String
    /// Where it went wrong, when that is known.
    public var location: Location?
    /// The calls that were running, innermost first, for a runtime error: `in f at file:2:3`.
    public var trace: [String]
    /// Further errors found in the same run, such as every syntax error the parser recovered from.
    public var otherErrors: [SummitError]
    /// Whether `try ... else` may recover from it: a runtime or file error, but not a name that
    /// is not defined, which is a mistake in the program rather than in its data.
    var isRecoverable: Bool { (kind == .runtime || kind == .io) && !isUndefinedName }
    /// Set on the error for an undefined name (see `isRecoverable`).
    var isUndefinedName = false

    /// Makes an error; a host function throws one without a location, and the interpreter adds the
    /// place of the call: `throw SummitError(.runtime, "no such speaker")`.
    public init(_ kind: Kind, _ message: String, location: Location? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.trace = []
        self.otherErrors = []
    }

    /// The diagnostic as the command prints it: `file:line:col: error: message`, the source line
    /// and a caret under the span; then the trace and any further errors.
    public var description: String {
        var out = ""
        render(into: &out)
        for other in otherErrors { out += "\n"; other.render(into: &out) }
        return out
    }

    private func render(into out: inout String) {
        guard let location else {
            out += "error: \(message)"
            return
        }
        out += "\(location.file):\(location.line):\(location.column): error: \(message)\n"
        let (shown, column, room) = Self.window(location.sourceLine, column: location.column)
        out += shown + "\n"
        // Keep tabs in the caret line so the caret lines up under the span.
        let lead = shown.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        out += lead + "^" + String(repeating: "~", count: max(0, min(location.length, room) - 1))
        for frame in trace { out += "\n  \(frame)" }
    }

    /// How many characters of a source line a diagnostic shows at most; of a longer line, a window
    /// around the column, cut with `...`, so that an error on a 10 MB line prints a short one.
    static let maxShownLine = 160

    /// The part of `line` to show for `column`, the column in it, and how many characters it shows
    /// from the column on (where the caret's `~` must stop).
    static func window(_ line: String, column: Int) -> (text: String, column: Int, room: Int) {
        let count = line.utf8.count <= maxShownLine ? line.count : maxShownLine + 1
        guard count > maxShownLine else { return (line, column, max(1, count - column + 1)) }
        let half = maxShownLine / 2
        // Only the characters up to the window's end (and one more, to know whether there are more).
        let characters = Array(line.prefix(max(column - 1 + half, maxShownLine) + 1))
        let first = max(0, min(column - 1 - half, characters.count - maxShownLine))
        let last = min(characters.count, first + maxShownLine)
        let head = first > 0 ? "..." : "", tail = last < characters.count ? "..." : ""
        return (head + String(characters[first..<last]) + tail, column - first + head.count, max(1, last - column + 1))
    }
}

extension SummitError {
    /// Adds a call to the trace: a call repeated (as in runaway recursion) shows once with a count,
    /// and the trace stops growing after a few entries.
    mutating func addToTrace(_ call: String) {
        if let last = trace.last, last == call || last.hasPrefix(call + " (") {
            let times = last == call ? 2 : (Int(last.dropFirst(call.count + 2).prefix { $0.isNumber }) ?? 1) + 1
            trace[trace.count - 1] = "\(call) (\(times) times)"
        } else if trace.count < 8 {
            trace.append(call)
        } else if trace.last != "..." {
            trace.append("...")
        }
    }

    /// How many errors one run reports: each copies its source line, so a long line full of
    /// errors would otherwise take time and memory quadratic in its length.
    static let maxReported = 100

    /// The next error of a run that has reported `count` already: the error itself, then one
    /// saying that the rest are left out, then nil.
    static func bounded(_ count: Int, _ kind: Kind, _ message: String, at span: Span, in file: SourceFile) -> SummitError? {
        if count < maxReported { return SummitError(kind, message, at: span, in: file) }
        if count == maxReported { return SummitError(kind, "too many errors; only the first \(maxReported) are shown", at: span, in: file) }
        return nil
    }

    /// An error located at a span of a source file.
    init(_ kind: Kind, _ message: String, at span: Span, in file: SourceFile) {
        self.init(kind, message, location: file.location(of: span))
    }
}

extension SourceFile {
    /// The location of a span, for an error.
    func location(of span: Span) -> SummitError.Location {
        let (line, column) = location(of: span.start)
        let text = self.line(line)
        let (endLine, endColumn) = location(of: max(span.start, span.end))
        let length = endLine == line ? endColumn - column : text.count - column + 1
        return SummitError.Location(file: name, line: line, column: column, length: max(1, length),
                                    sourceLine: text, endLine: endLine, endColumn: max(endColumn, endLine == line ? column + 1 : endColumn))
    }
}
