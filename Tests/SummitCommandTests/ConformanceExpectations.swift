// What a conformance case expects, written in its own comments, and the check of a run against it.
// Three markers, each running to the end of its line; they are read in the order of the file:
//   # expect: TEXT           the next line of standard output is TEXT (`# expect:` alone: an empty line)
//   # error: L:C: MESSAGE    the next diagnostic on standard error is `NAME.summit:L:C: error: MESSAGE`
//                            (`# error: FILE:L:C: MESSAGE` for one in another file, path as printed);
//                            its rendering (source line, caret, calls) is not compared
//   # exit: N                the exit status (0 unless stated; required with an `# error:`)
// A marker may end a line of code or stand on a line of its own. Every line of standard output
// and every diagnostic must be expected: nothing is ignored, and a mismatch is reported at the
// line of the marker that disagrees.
import Foundation

/// The expectations of one case, read from its source.
struct InlineExpectations: Equatable {
    /// An expected line of standard output, with the line of its marker.
    struct Output: Equatable {
        var text: String
        var line: Int
    }

    /// An expected diagnostic: where it is and what it says, with the line of its marker.
    struct Diagnostic: Equatable {
        /// The file as the diagnostic names it; `nil` for the case itself.
        var file: String?
        var line: Int
        var column: Int
        var message: String
        var markerLine: Int

        func header(caseFile: String) -> String {
            "\(file ?? caseFile):\(line):\(column): error: \(message)"
        }
    }

    var output: [Output] = []
    var errors: [Diagnostic] = []
    /// The expected exit status and the line of its marker, when stated.
    var exit: (status: Int32, line: Int)?

    /// Whether the source states any expectation.
    var isEmpty: Bool { output.isEmpty && errors.isEmpty && exit == nil }

    static func == (a: Self, b: Self) -> Bool {
        a.output == b.output && a.errors == b.errors && a.exit?.status == b.exit?.status && a.exit?.line == b.exit?.line
    }

    /// A marker that cannot be read, at a line of the case.
    struct Malformed: Error, Equatable, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    static let expectMarker = "# expect:"
    static let errorMarker = "# error:"
    static let exitMarker = "# exit:"

    /// Reads the markers of a source. The first marker on a line counts, and everything after it is
    /// its text: one space after the colon is dropped, the rest (leading spaces too) kept as written.
    static func parse(_ source: String) throws(Malformed) -> InlineExpectations {
        var result = InlineExpectations()
        var number = 0
        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard let (marker, text) = firstMarker(in: line) else { continue }
            switch marker {
            case expectMarker:
                result.output.append(Output(text: text, line: number))
            case errorMarker:
                result.errors.append(try diagnostic(text, at: number))
            default:
                guard result.exit == nil else {
                    throw Malformed(line: number, reason: "a second `# exit:` (the first is at line \(result.exit!.line))")
                }
                guard let status = Int32(text.trimmingCharacters(in: .whitespaces)) else {
                    throw Malformed(line: number, reason: "`# exit:` needs a number, not '\(text)'")
                }
                result.exit = (status, number)
            }
        }
        if let first = result.errors.first, result.exit == nil {
            throw Malformed(line: first.markerLine, reason: "an `# error:` needs an `# exit:` with the status it ends with")
        }
        return result
    }

    private static func firstMarker(in line: Substring) -> (String, String)? {
        var best: (Range<Substring.Index>, String)?
        for marker in [expectMarker, errorMarker, exitMarker] {
            if let range = line.range(of: marker), best == nil || range.lowerBound < best!.0.lowerBound {
                best = (range, marker)
            }
        }
        guard let (range, marker) = best else { return nil }
        var text = line[range.upperBound...]
        if text.first == " " { text = text.dropFirst() }
        return (marker, String(text))
    }

    /// `[FILE:]L:C: MESSAGE`
    private static func diagnostic(_ text: String, at markerLine: Int) throws(Malformed) -> Diagnostic {
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        func number(_ part: Substring) -> Int? { Int(part.trimmingCharacters(in: .whitespaces)) }
        let bad = Malformed(line: markerLine, reason: "`# error:` needs `LINE:COLUMN: MESSAGE`, not '\(text)'")
        if parts.count >= 3, let line = number(parts[0]), let column = number(parts[1]) {
            let message = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)[2]
            guard message.first == " " else { throw bad }
            return Diagnostic(file: nil, line: line, column: column, message: String(message.dropFirst()), markerLine: markerLine)
        }
        if parts.count == 4, let line = number(parts[1]), let column = number(parts[2]), parts[3].first == " " {
            return Diagnostic(file: String(parts[0]), line: line, column: column, message: String(parts[3].dropFirst()),
                              markerLine: markerLine)
        }
        throw bad
    }

    /// Compares a run with the expectations; each mismatch is a message that begins with
    /// `FILE:LINE:`, the marker it concerns (or the last one, for output nobody expected).
    func mismatches(caseFile: String, stdout: String, stderr: String, status: Int32) -> [String] {
        var problems: [String] = []
        let end = output.last.map(\.line) ?? 1
        if !stdout.isEmpty && !stdout.hasSuffix("\n") {
            problems.append("\(caseFile):\(end): the output does not end with a line break")
        }
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (index, expected) in output.enumerated() {
            guard index < lines.count else {
                problems.append("\(caseFile):\(expected.line): expected output '\(expected.text)', but the output ended after \(lines.count) lines")
                break
            }
            if lines[index] != expected.text {
                problems.append("\(caseFile):\(expected.line): expected output '\(expected.text)', got '\(lines[index])'")
                break
            }
        }
        if lines.count > output.count && problems.isEmpty {
            let extra = lines[output.count...].prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            problems.append("\(caseFile):\(end): \(lines.count - output.count) more output lines than expected: \(extra)")
        }

        let (headers, stray) = Self.diagnosticHeaders(stderr)
        if let stray {
            problems.append("\(caseFile):\(errors.first?.markerLine ?? end): standard error has a line that begins no diagnostic: '\(stray)'")
        }
        for (index, expected) in errors.enumerated() {
            let wanted = expected.header(caseFile: caseFile)
            guard index < headers.count else {
                problems.append("\(caseFile):\(expected.markerLine): expected the diagnostic '\(wanted)', but there are only \(headers.count)")
                break
            }
            if headers[index] != wanted {
                problems.append("\(caseFile):\(expected.markerLine): expected the diagnostic '\(wanted)', got '\(headers[index])'")
                break
            }
        }
        if headers.count > errors.count {
            let at = errors.last?.markerLine ?? end
            problems.append("\(caseFile):\(at): \(headers.count - errors.count) more diagnostics than expected, first '\(headers[errors.count])'")
        }
        let expectedStatus = exit?.status ?? 0
        if status != expectedStatus {
            problems.append("\(caseFile):\(exit?.line ?? end): expected exit status \(expectedStatus), got \(status)")
        }
        return problems
    }

    /// The first line of each diagnostic (`FILE:L:C: error: ...`); the lines after one, up to the
    /// next, are its rendering. A line before the first is returned as stray.
    static func diagnosticHeaders(_ stderr: String) -> (headers: [String], stray: String?) {
        var headers: [String] = []
        var stray: String?
        for line in stderr.split(separator: "\n") {
            if isHeader(line) {
                headers.append(String(line))
            } else if headers.isEmpty && stray == nil {
                stray = String(line)
            }
        }
        return (headers, stray)
    }

    /// `FILE:L:C: error: ` at the start of a line, FILE holding no space.
    private static func isHeader(_ line: Substring) -> Bool {
        guard let range = line.range(of: ": error: ") else { return false }
        let location = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
        return location.count >= 3 && !location[0].isEmpty && !location[0].contains(" ")
            && location.suffix(2).allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
