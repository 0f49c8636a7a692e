// Source text and places in it. Tokens and nodes hold byte offsets only; line and column are
// computed from a table of line starts when a diagnostic needs them.
import Synchronization

/// A byte range in one source file.
struct Span: Sendable, Hashable {
    var start: Int
    var end: Int

    init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest span that covers both.
    func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// Where an operation or a call is in the source, for its errors. Code captures and passes this
/// one reference rather than the span and file themselves, which every use would copy out.
final class Site {
    let span: Span
    let file: SourceFile

    init(_ span: Span, _ file: SourceFile) {
        self.span = span
        self.file = file
    }

    /// Runs `body`, giving an error it throws with no location this site's.
    @inline(__always)
    func located<T>(_ body: () throws -> T) throws -> T { try Compiler.located(span, file, body) }
}

/// A named source text, such as a script file, `<expr>` or `<stdin>`.
final class SourceFile: Sendable {
    let name: String
    let text: String
    let bytes: [UInt8]
    /// The byte offset at which each line starts.
    let lineStarts: [Int]

    init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// The 1-based line and column (in characters) of a byte offset.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(0, offset), bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, Self.characterCount(bytes[lineStarts[low]..<offset]) + 1)
    }

    /// The number of characters of UTF-8 bytes inside one line: the number of bytes when they are
    /// all ASCII (a line holds no CRLF pair), which spares decoding a long line for every error on it.
    static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.count }
        return String(decoding: bytes, as: UTF8.self).count
    }

    /// The text of a 1-based line, without its line ending. The last line asked for is kept, so
    /// that the errors on one long line share its text rather than copy it each.
    func line(_ number: Int) -> String {
        if let (last, text) = lastLine.withLock({ $0 }), last == number { return text }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let text = String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
        lastLine.withLock { $0 = (number, text) }
        return text
    }

    private let lastLine = Lock<(Int, String)?>(nil)

    /// The source text of a span.
    func text(of span: Span) -> String {
        String(decoding: bytes[max(0, span.start)..<min(span.end, bytes.count)], as: UTF8.self)
    }
}
