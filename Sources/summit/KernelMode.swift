// `summit --kernel`: the notebook's side of the Jupyter kernel in jupyter/. The Python kernel runs
// one such process per notebook session, so that definitions persist from cell to cell, and talks
// to it in frames. A cell runs as the REPL runs what is typed: the same evaluation, meta commands,
// completion and result text (a notebook is a REPL with cells), and a table also as HTML.
//
// A frame is a header line, `TAG LENGTH` or `TAG LENGTH NAME`, then LENGTH bytes of UTF-8.
// Requests: `execute` (a cell; NAME is its name in error locations, such as `In[3]`), `complete`
// (the cell's text before the cursor), `inspect` (a name). Each is answered by frames, then `done`:
//   out       text printed                     error     an error, as the command writes it
//   text      a result as the REPL shows it    html      that result as an HTML table
//   complete  the word completed, then a candidate a line
//   doc       the documentation of the name
//   done      `ok`, or `error` when the answer held an error frame
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

enum KernelMode {
    /// The width results are laid out to: a notebook's output area is wider than a terminal.
    static let width = 100
    /// The most rows a table shows: a notebook scrolls.
    static let maxRows = 100

    /// Answers requests on standard input until it ends.
    static func run(interpreter: Interpreter) -> ExitStatus {
        // The frames keep descriptors of their own. What else would write to standard output goes
        // to standard error (the kernel's log) and cannot break a frame; nothing reads the requests.
        let channel = KernelChannel(input: dup(0), output: dup(1))
        dup2(2, 1)
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 { dup2(null, 0); close(null) }

        Terminal.redirect = { text, isError in channel.send(isError ? "error" : "out", text) }
        let repl = REPL(interpreter: interpreter,
                        options: REPLOptions(color: false, version: Version.text, history: false, width: width))
        repl.formatter.maxRows = maxRows
        while true {
            let request: KernelChannel.Request
            switch channel.receive() {
            case .request(let r): request = r
            case .end: return .success
            case .malformed(let header):
                Terminal.redirect = nil
                Terminal.writeError("summit --kernel: not a frame header: \(header.prefix(80))\n")
                return .usage
            }
            channel.sentError = false
            switch request.tag {
            case "execute":
                execute(request.text, name: request.name.isEmpty ? "<cell>" : request.name, in: repl, channel: channel)
            case "complete":
                let completion = repl.completions(before: request.text)
                channel.send("complete", ([completion.word] + completion.candidates).joined(separator: "\n"))
            case "inspect":
                if let doc = repl.interpreter.doc(request.text) { channel.send("doc", doc) }
            default:
                channel.send("error", "summit --kernel: unknown request '\(request.tag)'\n")
            }
            channel.send("done", channel.sentError ? "error" : "ok")
        }
    }

    /// Runs a cell. A line that starts with `:` where a statement could start is a meta command
    /// (`:doc where`), and a line that is just `help` shows the help page, as in the REPL. The
    /// code between runs whole, as a script does, with the lines before it kept blank so that an
    /// error names its line in the cell; the value of its last statement is the result shown.
    /// An error ends the cell.
    static func execute(_ code: String, name: String, in repl: REPL, channel: KernelChannel) {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var chunk: [String] = [], chunkStart = 0
        /// Runs the code gathered so far; false if it failed.
        func runChunk() -> Bool {
            defer { chunk = [] }
            guard chunk.contains(where: { !$0.trimmed().isEmpty }) else { return true }
            let source = String(repeating: "\n", count: chunkStart) + chunk.joined(separator: "\n")
            guard let value = repl.run(source, file: name) else { return false }
            show(value, in: repl, channel: channel)
            return true
        }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmed()
            if trimmed.hasPrefix(":") || trimmed == "help",
               chunk.isEmpty || repl.interpreter.isComplete(chunk.joined(separator: "\n")) {
                guard runChunk() else { return }
                if trimmed == "help", let page = repl.bareWordHint(trimmed) {
                    channel.send("out", page)
                    continue
                } else if trimmed.hasPrefix(":") {
                    if !repl.runCommand(trimmed) {
                        channel.send("out", "A notebook's session ends when its kernel is shut down or restarted.\n")
                    }
                    continue
                }
            }
            if chunk.isEmpty { chunkStart = index }
            chunk.append(line)
        }
        _ = runChunk()
    }

    /// Sends a result that is not nil as text, and as HTML when it is shown as a table; it
    /// becomes `_`, as in the REPL.
    static func show(_ value: Value, in repl: REPL, channel: KernelChannel) {
        if case .null = value { return }
        channel.send("text", repl.show(value))
        if let html = repl.formatter.html(value, marks: repl.interpreter.marks(of: value), width: width) {
            channel.send("html", html)
        }
        repl.interpreter.define("_", value)
    }
}

/// The frames to and from the Python kernel, on two file descriptors.
final class KernelChannel {
    private let input: Int32, output: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    /// Whether an error frame was sent since this was last cleared.
    var sentError = false

    struct Request {
        var tag: String
        var name: String
        var text: String
    }

    enum Received {
        case request(Request)
        case end
        case malformed(String)
    }

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// The next request, the end of the input, or a header that is not one.
    func receive() -> Received {
        var header: [UInt8] = []
        while true {
            guard let byte = nextByte() else { return header.isEmpty ? .end : .malformed(String(decoding: header, as: UTF8.self)) }
            if byte == UInt8(ascii: "\n") { break }
            header.append(byte)
            if header.count > 4096 { return .malformed(String(decoding: header, as: UTF8.self)) }
        }
        let line = String(decoding: header, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty, let length = Int(parts[1]), length >= 0 else { return .malformed(line) }
        var body: [UInt8] = []
        body.reserveCapacity(length)
        while body.count < length {
            guard let byte = nextByte() else { return .malformed(line) }
            body.append(byte)
        }
        return .request(Request(tag: String(parts[0]), name: parts.count > 2 ? String(parts[2]) : "",
                                text: String(decoding: body, as: UTF8.self)))
    }

    /// Writes a frame at once.
    func send(_ tag: String, _ text: String) {
        if tag == "error" { sentError = true }
        var frame = Array("\(tag) \(text.utf8.count)\n".utf8)
        frame.append(contentsOf: text.utf8)
        var written = 0
        while written < frame.count {
            let n = frame.withUnsafeBytes { write(output, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }  // the kernel is gone; the next read ends the loop
            written += n
        }
    }

    private func nextByte() -> UInt8? {
        if position == buffer.count {
            buffer = [UInt8](repeating: 0, count: 1 << 16)
            var n: Int
            repeat { n = read(input, &buffer, buffer.count) } while n < 0 && errno == EINTR
            guard n > 0 else { buffer = []; position = 0; return nil }
            buffer.removeLast(buffer.count - n)
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }
}
