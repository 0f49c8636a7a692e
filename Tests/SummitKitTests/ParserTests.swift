// The parser's edge cases. An expected error's place is marked in the source with 1️⃣, as
// swift-syntax's tests do; the marker is removed before parsing.
import Testing
@testable import SummitKit

/// Parses `marked` (with one 1️⃣ marker) and checks the first error is there, with the message.
private func expectError(_ marked: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let parts = marked.components(separatedBy: "1️⃣")
    precondition(parts.count == 2, "mark the expected error with one 1️⃣")
    let source = parts.joined()
    let file = SourceFile(name: "t", text: source)
    var parser = Parser(file)
    _ = parser.parseProgram()
    guard let error = parser.errors.first else {
        Issue.record("no error for \(source)", sourceLocation: sourceLocation)
        return
    }
    let expected = file.location(of: parts[0].utf8.count)
    #expect(error.message == message, sourceLocation: sourceLocation)
    #expect(error.location?.line == expected.line, sourceLocation: sourceLocation)
    #expect(error.location?.column == expected.column, sourceLocation: sourceLocation)
}

private func parses(_ source: String) -> Bool {
    var parser = Parser(SourceFile(name: "t", text: source))
    _ = parser.parseProgram()
    return parser.errors.isEmpty
}

@Suite struct ParserTests {
    @Test func unterminatedString() {
        expectError("print(1️⃣\"abc)", "unterminated string")
    }

    @Test func unclosedParenthesisNamesWhereItOpened() {
        expectError("print(1 + 21️⃣", "expected ')' to close '(' opened at 1:6, found end of input")
    }

    @Test func trailingOperatorAtEndOfInput() {
        expectError("let x = 1 +1️⃣", "expected an expression, found end of input")
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        var parser = Parser(SourceFile(name: "t", text: deep))
        _ = parser.parseProgram()
        #expect(parser.errors.first?.message == "nesting too deep (more than 200 levels)")
    }

    @Test func deepButReasonableNestingParses() {
        #expect(parses(String(repeating: "[", count: 50) + String(repeating: "]", count: 50)))
    }

    @Test func interpolationInsideInterpolation() throws {
        let file = SourceFile(name: "t", text: #"print("a \("b \(1 + 2) c") d")"#)
        var parser = Parser(file)
        let statements = parser.parseProgram()
        #expect(parser.errors.isEmpty)
        #expect(statements.count == 1)
    }

    @Test func errorInsideInterpolationPointsIntoTheString() {
        expectError(#"print("a \(1 +1️⃣) b")"#, "expected an expression, found end of input")
    }

    @Test func unicodeIdentifiersAndStrings() {
        #expect(parses("let café = \"Türkiye\"\nlet 日本 = café"))
    }

    @Test func crlfLineEnding() {
        #expect(parses("let a = 1\r\nlet b = [\r\n  1,\r\n  2\r\n]\r\n"))
    }

    @Test func severalErrorsAreReported() {
        var parser = Parser(SourceFile(name: "t", text: "let = 1\nprint(2)\nlet y = )\n"))
        _ = parser.parseProgram()
        #expect(parser.errors.count == 2)
    }

    @Test func lambdaNeedsLookahead() {
        #expect(parses("let f = (a, b) => a + b\nlet g = (1 + 2)\nlet h = () => 0"))
    }

    @Test func setRecordAndEmptyBraces() {
        #expect(parses("let s = {US, UK}\nlet r = {name: \"x\"}\nlet e = {}"))
    }

    @Test func chainedComparisonIsAnError() {
        expectError("1 < 2 1️⃣< 3", "comparisons cannot be chained; use 'and'")
    }

    @Test func assignmentTargetMustBeAPlace() {
        expectError("1️⃣f() = 3", "cannot assign to this expression; only to a name, a member or an element")
    }

    @Test func longOperatorChainIsBounded() {
        let chain = Array(repeating: "a", count: 1_000_000).joined(separator: " + ")
        var parser = Parser(SourceFile(name: "t", text: chain))
        _ = parser.parseProgram()
        #expect(parser.errors.first?.message.hasPrefix("expression too long") == true)
    }
}
