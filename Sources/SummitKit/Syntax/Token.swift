// Tokens: a kind and a byte range. Text is read back from the source only when needed.

enum TokenKind: Equatable, Sendable {
    case identifier
    case int(Int)
    case double(Double)
    /// A string literal; its pieces are found again by the parser from the span.
    case string
    case newline
    case eof
    /// Text the lexer could not read, with the reason.
    case error(String)

    // Keywords.
    case kwLet, kwVar, kwFn, kwReturn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue
    case kwImport, kwWhere, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNil

    // Punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, arrow, pipeline
    case bar, caret, ampersand, plus, minus, star, slash, percent
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case equal, plusEqual, minusEqual

    static let keywords: [String: TokenKind] = [
        "let": .kwLet, "var": .kwVar, "fn": .kwFn, "return": .kwReturn, "if": .kwIf, "else": .kwElse,
        "for": .kwFor, "in": .kwIn, "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue,
        "import": .kwImport, "where": .kwWhere, "and": .kwAnd, "or": .kwOr, "not": .kwNot,
        "true": .kwTrue, "false": .kwFalse, "nil": .kwNil,
    ]

    /// How the token reads in a message: `'where'`, `')'`, `end of line`.
    var display: String {
        switch self {
        case .identifier: return "a name"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .newline: return "end of line"
        case .eof: return "end of input"
        case .error: return "invalid text"
        default:
            if let (word, _) = TokenKind.keywords.first(where: { $0.value == self }) { return "'\(word)'" }
            return "'\(TokenKind.punctuation.first { $0.1 == self }?.0 ?? "?")'"
        }
    }

    static let punctuation: [(String, TokenKind)] = [
        ("(", .leftParen), (")", .rightParen), ("[", .leftBracket), ("]", .rightBracket),
        ("{", .leftBrace), ("}", .rightBrace), (",", .comma), (".", .dot), (":", .colon),
        ("=>", .arrow), ("|>", .pipeline), ("|", .bar), ("^", .caret), ("&", .ampersand),
        ("+", .plus), ("-", .minus), ("*", .star), ("/", .slash), ("%", .percent),
        ("==", .equalEqual), ("!=", .bangEqual), ("<", .less), ("<=", .lessEqual),
        (">", .greater), (">=", .greaterEqual), ("=", .equal), ("+=", .plusEqual), ("-=", .minusEqual),
    ]
}

struct Token: Sendable {
    var kind: TokenKind
    var span: Span
}
