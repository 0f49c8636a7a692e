// The lexer: bytes to tokens, one at a time, on demand. A string literal is one token; the parser
// reads its escapes and `\(...)` interpolations again from its span, so spans inside strings are exact.

struct Lexer {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    /// How many string interpolations the lexer is inside; bounded like the parser's nesting, as
    /// scanning a string inside an interpolation recurses.
    private var interpolationDepth = 0
    /// Where a NUL byte was found inside a comment, to be reported as the next token.
    private var nulInComment: Int?

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.end = end ?? bytes.count
        var start = start
        // A byte-order mark at the start of a file is not part of the program.
        if start == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        self.position = start
    }

    private func peek(_ offset: Int = 0) -> UInt8 {
        position + offset < end ? bytes[position + offset] : 0
    }

    private var atEnd: Bool { position >= end }

    mutating func next() -> Token {
        skipSpaceAndComments()
        if let nul = nulInComment {
            nulInComment = nil
            return Token(kind: .error("unexpected character U+0000 in a comment"), span: Span(nul, nul + 1))
        }
        let start = position
        guard !atEnd else { return Token(kind: .eof, span: Span(end, end)) }
        let byte = bytes[position]
        func token(_ kind: TokenKind, length: Int = 1) -> Token {
            position += length
            return Token(kind: kind, span: Span(start, position))
        }
        switch byte {
        // A semicolon ends a statement, as a newline does.
        case UInt8(ascii: "\n"), UInt8(ascii: ";"): return token(.newline)
        case UInt8(ascii: "\""): return scanString()
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return scanNumber()
        case UInt8(ascii: "("): return token(.leftParen)
        case UInt8(ascii: ")"): return token(.rightParen)
        case UInt8(ascii: "["): return token(.leftBracket)
        case UInt8(ascii: "]"): return token(.rightBracket)
        case UInt8(ascii: "{"): return token(.leftBrace)
        case UInt8(ascii: "}"): return token(.rightBrace)
        case UInt8(ascii: ","): return token(.comma)
        case UInt8(ascii: "."): return token(.dot)
        case UInt8(ascii: ":"): return token(.colon)
        case UInt8(ascii: "^"): return token(.caret)
        case UInt8(ascii: "&"): return token(.ampersand)
        case UInt8(ascii: "*"): return token(.star)
        case UInt8(ascii: "/"): return token(.slash)
        case UInt8(ascii: "%"): return token(.percent)
        case UInt8(ascii: "|"): return peek(1) == UInt8(ascii: ">") ? token(.pipeline, length: 2) : token(.bar)
        case UInt8(ascii: "+"): return peek(1) == UInt8(ascii: "=") ? token(.plusEqual, length: 2) : token(.plus)
        case UInt8(ascii: "-"): return peek(1) == UInt8(ascii: "=") ? token(.minusEqual, length: 2) : token(.minus)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { return token(.equalEqual, length: 2) }
            if peek(1) == UInt8(ascii: ">") { return token(.arrow, length: 2) }
            return token(.equal)
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { return token(.bangEqual, length: 2) }
            return token(.error("unexpected '!'; use 'not' for negation"))
        case UInt8(ascii: "<"): return peek(1) == UInt8(ascii: "=") ? token(.lessEqual, length: 2) : token(.less)
        case UInt8(ascii: ">"): return peek(1) == UInt8(ascii: "=") ? token(.greaterEqual, length: 2) : token(.greater)
        default:
            if isIdentifierStart(at: position) { return scanIdentifier() }
            let (scalar, length) = decodeScalar(at: position)
            position += length
            let what = scalar.map { s in
                s.value < 0x20 || s.value == 0x7F || s.properties.isWhitespace ? Lexer.codePoint(s) : "'\(Character(s))'"
            } ?? "byte 0x" + String(byte, radix: 16, uppercase: true)
            return Token(kind: .error("unexpected character \(what)"), span: Span(start, position))
        }
    }

    private mutating func skipSpaceAndComments() {
        while !atEnd {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "#"):
                while !atEnd && bytes[position] != UInt8(ascii: "\n") {
                    if bytes[position] == 0 && nulInComment == nil { nulInComment = position }
                    position += 1
                }
                if nulInComment != nil { return }
            default:
                return
            }
        }
    }

    private mutating func scanNumber() -> Token {
        let start = position
        var isDouble = false
        func digits(_ lexer: inout Lexer) {
            while lexer.peek() >= UInt8(ascii: "0") && lexer.peek() <= UInt8(ascii: "9")
                || (lexer.peek() == UInt8(ascii: "_") && lexer.isDigit(lexer.peek(1))) {
                lexer.position += 1
            }
        }
        digits(&self)
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) {
            isDouble = true
            position += 1
            digits(&self)
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
            if isDigit(peek(1 + sign)) {
                isDouble = true
                position += 1 + sign
                digits(&self)
            }
        }
        let text = String(decoding: bytes[start..<position].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        let span = Span(start, position)
        if isIdentifierStart(at: position) {
            while isIdentifierContinue(at: position) { position += decodeScalar(at: position).length }
            return Token(kind: .error("invalid number '\(String(decoding: bytes[start..<position], as: UTF8.self))'"),
                         span: Span(start, position))
        }
        if isDouble {
            guard let value = Double(text) else { return Token(kind: .error("invalid number"), span: span) }
            // Numbers are finite: a literal beyond the largest double is an error, as arithmetic that overflows is.
            guard value.isFinite else { return Token(kind: .error("number literal \(text) is too large (the largest is about 1.8e308)"), span: span) }
            return Token(kind: .double(value), span: span)
        }
        guard let value = Int(text) else {
            return Token(kind: .error("integer literal \(text) does not fit in 64 bits"), span: span)
        }
        return Token(kind: .int(value), span: span)
    }

    private mutating func scanIdentifier() -> Token {
        let start = position
        while isIdentifierContinue(at: position) { position += decodeScalar(at: position).length }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        return Token(kind: TokenKind.keyword(word) ?? .identifier, span: Span(start, position))
    }

    /// Scans a string literal, skipping over interpolations (which may hold strings of their own).
    private mutating func scanString() -> Token {
        let start = position
        position += 1
        var nul: Int?
        while !atEnd {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                if let nul { return Token(kind: .error("unexpected character U+0000 in a string"), span: Span(nul, nul + 1)) }
                return Token(kind: .string, span: Span(start, position))
            case 0:
                if nul == nil { nul = position }
                position += 1
            case UInt8(ascii: "\\"):
                if peek(1) == UInt8(ascii: "(") {
                    position += 2
                    if interpolationDepth >= Parser.maxDepth {
                        let message = "nesting too deep (more than \(Parser.maxDepth) levels)"
                        position = end
                        return Token(kind: .error(message), span: Span(start, start + 1))
                    }
                    interpolationDepth += 1
                    let failure = skipInterpolation()
                    interpolationDepth -= 1
                    if let error = failure {
                        return Token(kind: .error(error), span: Span(start, position))
                    }
                } else {
                    position += 2
                }
            default:
                position += 1
            }
        }
        position = min(position, end)
        return Token(kind: .error("unterminated string"), span: Span(start, start + 1))
    }

    /// Skips the tokens of an interpolation up to its closing parenthesis.
    private mutating func skipInterpolation() -> String? {
        var depth = 1
        while true {
            let token = next()
            switch token.kind {
            case .leftParen: depth += 1
            case .rightParen:
                depth -= 1
                if depth == 0 { return nil }
            case .eof: return "unterminated string"
            case .error(let message) where message == "unterminated string" || message.hasPrefix("nesting too deep"):
                return message
            default: break
            }
        }
    }

    // MARK: Characters

    /// `U+0000`: how a character that does not print is named in a message.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    func isIdentifierStart(at offset: Int) -> Bool {
        guard offset < end else { return false }
        let byte = bytes[offset]
        if byte < 0x80 {
            return (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
        }
        guard let scalar = decodeScalar(at: offset).scalar else { return false }
        return scalar.properties.isAlphabetic
    }

    func isIdentifierContinue(at offset: Int) -> Bool {
        guard offset < end else { return false }
        let byte = bytes[offset]
        if byte < 0x80 { return isIdentifierStart(at: offset) || isDigit(byte) }
        guard let scalar = decodeScalar(at: offset).scalar else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            || scalar.properties.generalCategory == .nonspacingMark
    }

    /// The Unicode scalar starting at `offset` and its length in bytes; nil for invalid UTF-8.
    func decodeScalar(at offset: Int) -> (scalar: Unicode.Scalar?, length: Int) {
        var iterator = bytes[offset..<end].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            return (scalar, UTF8.width(scalar))
        }
        return (nil, 1)
    }
}
