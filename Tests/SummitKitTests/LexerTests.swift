// The lexer's edge cases: what each input becomes as tokens.
import Testing
@testable import SummitKit

private func kinds(_ source: String) -> [TokenKind] {
    var lexer = Lexer(Array(source.utf8))
    var out: [TokenKind] = []
    while true {
        let token = lexer.next()
        if token.kind == .eof { return out }
        out.append(token.kind)
    }
}

@Suite struct LexerTests {
    @Test func numbersWithUnderscoresAndExponents() {
        #expect(kinds("1_000 2.5 1e3 7") == [.int(1000), .double(2.5), .double(1000), .int(7)])
    }

    @Test func memberAfterIntegerIsNotADecimalPoint() {
        #expect(kinds("xs.0") == [.identifier, .dot, .int(0)])
    }

    @Test func unterminatedStringIsOneErrorToken() {
        #expect(kinds("\"abc") == [.error("unterminated string")])
    }

    @Test func unterminatedStringInsideInterpolation() {
        #expect(kinds(#""a \("b)"#) == [.error("unterminated string")])
    }

    @Test func interpolationInsideInterpolationIsOneString() {
        #expect(kinds(#""a \("b \(1 + 2) c") d" x"#) == [.string, .identifier])
    }

    @Test func unicodeIdentifiersAndStrings() {
        #expect(kinds("café = \"Türkiye 日本\"") == [.identifier, .equal, .string])
        #expect(kinds("日本") == [.identifier])
    }

    @Test func crlfLineEndingsAreNewlines() {
        #expect(kinds("a\r\nb\r\n") == [.identifier, .newline, .identifier, .newline])
    }

    @Test func byteOrderMarkIsSkipped() {
        #expect(kinds("\u{FEFF}x") == [.identifier])
    }

    @Test func commentsRunToTheEndOfTheLine() {
        #expect(kinds("#!/usr/bin/env summit\nx # note\ny") == [.newline, .identifier, .newline, .identifier])
    }

    @Test func keywordsAndOperators() {
        #expect(kinds("not in |> => <= != += where") == [.kwNot, .kwIn, .pipeline, .arrow, .lessEqual, .bangEqual, .plusEqual, .kwWhere])
    }

    @Test func everyKeywordAndNoOtherWord() {
        for word in TokenKind.keywords {
            let kind = kinds(word).first
            #expect(kind?.keywordText == word, "\(word)")
        }
        for word in ["le", "lets", "f", "fo", "fals", "i", "imp", "inn", "iff", "n", "nix", "whiles", "wher", "w",
                     "tru", "True", "x", "_", "é", "returns", "continu"] {
            #expect(kinds(word) == [.identifier], "\(word)")
        }
    }

    @Test func semicolonEndsAStatement() {
        #expect(kinds("a; b") == [.identifier, .newline, .identifier])
    }

    @Test func strayCharactersAreErrors() {
        #expect(kinds("$") == [.error("unexpected character '$'")])
        #expect(kinds("\u{0}") == [.error("unexpected character U+0000")])
    }

    @Test func integerTooLargeIsAnError() {
        #expect(kinds("99999999999999999999") == [.error("integer literal 99999999999999999999 does not fit in 64 bits")])
    }
}
