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
    case kwImport, kwWhere, kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNil, kwTry

    // Punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, arrow, pipeline
    case bar, caret, ampersand, plus, minus, star, slash, percent
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case equal, plusEqual, minusEqual

    /// The keywords, in the order of their cases.
    static let keywords: [String] = [
        "let", "var", "fn", "return", "if", "else", "for", "in", "while", "break", "continue",
        "import", "where", "and", "or", "not", "true", "false", "nil", "try",
    ]

    /// The keyword a word is, if it is one. A switch on the first letter rather than a dictionary,
    /// which costs a hash of every name the lexer reads and a generic type to set up at start-up.
    static func keyword(_ word: String) -> TokenKind? {
        let kind: TokenKind?
        switch word.utf8.first {
        case UInt8(ascii: "a"): kind = .kwAnd
        case UInt8(ascii: "b"): kind = .kwBreak
        case UInt8(ascii: "c"): kind = .kwContinue
        case UInt8(ascii: "e"): kind = .kwElse
        case UInt8(ascii: "f"): kind = word.utf8.count == 2 ? .kwFn : word.utf8.count == 3 ? .kwFor : .kwFalse
        case UInt8(ascii: "i"): kind = word.utf8.count == 6 ? .kwImport : word.utf8.last == UInt8(ascii: "f") ? .kwIf : .kwIn
        case UInt8(ascii: "l"): kind = .kwLet
        case UInt8(ascii: "n"): kind = word.utf8.last == UInt8(ascii: "t") ? .kwNot : .kwNil
        case UInt8(ascii: "o"): kind = .kwOr
        case UInt8(ascii: "r"): kind = .kwReturn
        case UInt8(ascii: "t"): kind = word.utf8.count == 3 ? .kwTry : .kwTrue
        case UInt8(ascii: "v"): kind = .kwVar
        case UInt8(ascii: "w"): kind = word == "while" ? .kwWhile : .kwWhere
        default: kind = nil
        }
        // The first letter (and length) picked the one keyword the word can be.
        guard let kind, kind.keywordText == word else { return nil }
        return kind
    }

    /// The text of a keyword; nil for any other kind.
    var keywordText: String? {
        switch self {
        case .kwLet: return "let"
        case .kwVar: return "var"
        case .kwFn: return "fn"
        case .kwReturn: return "return"
        case .kwIf: return "if"
        case .kwElse: return "else"
        case .kwFor: return "for"
        case .kwIn: return "in"
        case .kwWhile: return "while"
        case .kwBreak: return "break"
        case .kwContinue: return "continue"
        case .kwImport: return "import"
        case .kwWhere: return "where"
        case .kwAnd: return "and"
        case .kwOr: return "or"
        case .kwNot: return "not"
        case .kwTrue: return "true"
        case .kwFalse: return "false"
        case .kwNil: return "nil"
        case .kwTry: return "try"
        default: return nil
        }
    }

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
            if let word = keywordText { return "'\(word)'" }
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
