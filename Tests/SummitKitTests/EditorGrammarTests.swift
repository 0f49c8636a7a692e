// The TextMate grammar in editors/ (issue 23) against the lexer: every keyword and operator of the
// lexer's own tables has its colour, and every token of the example programs is coloured as the kind
// the lexer reads it as, with nothing left uncoloured. A small tokenizer runs the grammar as
// TextMate editors do (line by line, begin/end rules on a stack), with NSRegularExpression: ICU's
// syntax, like Oniguruma's, has \p{...}, lookahead and \b.
import Foundation
import Testing
@testable import SummitKit

/// The grammar, and a tokenizer that runs it.
struct TextMateGrammar {
    typealias Rule = [String: Any]
    let root: Rule
    let repository: [String: Rule]
    private var cache: [String: NSRegularExpression] = [:]

    init(contentsOf url: URL) throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        root = try #require(json as? Rule)
        repository = root["repository"] as? [String: Rule] ?? [:]
    }

    /// Every regex in the grammar, with where it is.
    var allRegexes: [(place: String, pattern: String)] {
        var found: [(String, String)] = []
        func walk(_ rule: Rule, _ place: String) {
            for key in ["match", "begin", "end", "firstLineMatch"] {
                if let pattern = rule[key] as? String { found.append(("\(place).\(key)", pattern)) }
            }
            for (index, child) in (rule["patterns"] as? [Rule] ?? []).enumerated() { walk(child, "\(place)[\(index)]") }
        }
        walk(root, "root")
        for (name, rule) in repository { walk(rule, "#\(name)") }
        return found
    }

    mutating func regex(_ pattern: String) throws -> NSRegularExpression {
        if let regex = cache[pattern] { return regex }
        let regex = try NSRegularExpression(pattern: pattern)
        cache[pattern] = regex
        return regex
    }

    /// The match and begin rules a list of patterns stands for, includes followed.
    func rules(_ patterns: [Rule], seen: Set<String> = []) -> [Rule] {
        patterns.flatMap { rule -> [Rule] in
            if let include = rule["include"] as? String {
                guard !seen.contains(include) else { return [] }
                let target: [Rule]
                if include == "$self" || include == "$base" {
                    target = root["patterns"] as? [Rule] ?? []
                } else if include.hasPrefix("#"), let named = repository[String(include.dropFirst())] {
                    target = [named]
                } else {
                    target = []
                }
                return rules(target, seen: seen.union([include]))
            }
            if rule["match"] != nil || rule["begin"] != nil { return [rule] }
            return rules(rule["patterns"] as? [Rule] ?? [], seen: seen)
        }
    }

    /// What the grammar gives each UTF-16 unit of a text: its scopes, outermost first, and the
    /// number of the token it belongs to (units of one match or capture share a number).
    struct Colouring {
        var scopes: [[String]]
        var token: [Int]
    }

    mutating func colour(_ text: String) throws -> Colouring {
        let utf16 = Array(text.utf16)
        var result = Colouring(scopes: Array(repeating: [], count: utf16.count), token: Array(repeating: -1, count: utf16.count))
        var tokens = 0
        struct Frame { var end: NSRegularExpression; var rule: Rule; var patterns: [Rule]; var scopes: [String] }
        var stack: [Frame] = []
        let topPatterns = rules(root["patterns"] as? [Rule] ?? [])
        func paint(_ range: NSRange, _ scopes: [String]) {
            guard range.location != NSNotFound, range.length > 0 else { return }
            tokens += 1
            for i in range.location..<(range.location + range.length) {
                result.scopes[i] = scopes
                result.token[i] = tokens
            }
        }
        func paintCaptures(_ match: NSTextCheckingResult, offset: Int, _ captures: [String: Any]?, _ scopes: [String]) {
            for (key, value) in captures ?? [:] {
                guard let group = Int(key), group < match.numberOfRanges,
                      let name = (value as? Rule)?["name"] as? String else { continue }
                let range = match.range(at: group)
                guard range.location != NSNotFound else { continue }
                paint(NSRange(location: range.location + offset, length: range.length), scopes + [name])
            }
        }
        // Lines keep their "\n", as TextMate gives them to the patterns.
        var lineStart = 0
        while lineStart < utf16.count {
            var lineEnd = lineStart
            while lineEnd < utf16.count && utf16[lineEnd] != 0x0A { lineEnd += 1 }
            lineEnd = min(lineEnd + 1, utf16.count)
            let line = String(decoding: utf16[lineStart..<lineEnd], as: UTF16.self) as NSString
            var position = 0
            var steps = 0
            while position < line.length {
                steps += 1
                guard steps < 10_000 else { throw GrammarError.noProgress(line as String) }
                let scopes = stack.last?.scopes ?? ["source.summit"]
                let candidates = stack.last?.patterns ?? topPatterns
                let range = NSRange(location: position, length: line.length - position)
                let options: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]
                // The earliest match wins; on a tie, the end pattern, then the first rule.
                var best: (match: NSTextCheckingResult, rule: Rule?)?
                if let frame = stack.last, let match = frame.end.firstMatch(in: line as String, options: options, range: range) {
                    best = (match, nil)
                }
                for rule in candidates {
                    let pattern = (rule["match"] ?? rule["begin"]) as! String
                    guard let match = try regex(pattern).firstMatch(in: line as String, options: options, range: range) else { continue }
                    if best == nil || match.range.location < best!.match.range.location { best = (match, rule) }
                }
                // Units no rule matched keep the scopes they are inside (a string's text, for one).
                let skipped = (best?.match.range.location ?? line.length) - position
                for i in (lineStart + position)..<(lineStart + position + skipped) { result.scopes[i] = scopes }
                guard let (match, rule) = best else { break }
                let shift = { (r: NSRange) in NSRange(location: r.location + lineStart, length: r.length) }
                if let rule {
                    let outer = scopes + [rule["name"] as? String].compactMap { $0 }
                    if rule["match"] != nil {
                        paint(shift(match.range), outer)
                        paintCaptures(match, offset: lineStart, rule["captures"] as? [String: Any], outer)
                    } else {
                        paint(shift(match.range), outer)
                        paintCaptures(match, offset: lineStart, (rule["beginCaptures"] ?? rule["captures"]) as? [String: Any], outer)
                        let inner = outer + [rule["contentName"] as? String].compactMap { $0 }
                        stack.append(Frame(end: try regex(rule["end"] as! String), rule: rule,
                                           patterns: rules(rule["patterns"] as? [Rule] ?? []), scopes: inner))
                    }
                } else {
                    let frame = stack.removeLast()
                    let outer = scopes.dropLast(frame.rule["contentName"] == nil ? 0 : 1)
                    paint(shift(match.range), Array(outer))
                    paintCaptures(match, offset: lineStart, (frame.rule["endCaptures"] ?? frame.rule["captures"]) as? [String: Any], Array(outer))
                }
                if match.range.length == 0 && rule?["begin"] == nil && rule != nil { position += 1 }  // never stall
                position = max(position, match.range.location + match.range.length)
            }
            lineStart = lineEnd
        }
        return result
    }

    enum GrammarError: Error { case noProgress(String) }
}

@Suite struct EditorGrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let grammarURL = root.appendingPathComponent("editors/summit.tmLanguage.json")

    @Test("the grammar names .summit files, and every regex in it compiles")
    func regexesCompile() throws {
        var grammar = try TextMateGrammar(contentsOf: Self.grammarURL)
        #expect(grammar.root["scopeName"] as? String == "source.summit")
        #expect(grammar.root["fileTypes"] as? [String] == ["summit"])
        #expect(grammar.allRegexes.count > 20)
        for (place, pattern) in grammar.allRegexes {
            #expect(throws: Never.self, "\(place): \(pattern)") { _ = try grammar.regex(pattern) }
        }
        // Every include names a rule that exists.
        let text = try String(contentsOf: Self.grammarURL, encoding: .utf8)
        for match in text.matches(of: /"include": "#([^"]+)"/) {
            #expect(grammar.repository[String(match.1)] != nil, "no rule #\(match.1)")
        }
    }

    /// The scope a lexer token's kind must get: a prefix of the innermost scope of each of its units.
    static func expectedScopes(_ kind: TokenKind) -> [String] {
        switch kind {
        case .identifier: return ["variable.", "entity.name."]
        case .int, .double: return ["constant.numeric."]
        case .string: return ["string.", "punctuation.definition.string.", "constant.character.escape."]
        case .newline: return ["punctuation.terminator."]
        case .eof, .error: return []
        default:
            if kind.keywordText != nil { return ["keyword.", "storage.type.", "constant.language."] }
            return ["keyword.operator.", "punctuation.", "storage.type.function.arrow."]
        }
    }

    @Test("every keyword and operator of the lexer is one token of the grammar, coloured as one")
    func keywordsAndOperators() throws {
        var grammar = try TextMateGrammar(contentsOf: Self.grammarURL)
        #expect(TokenKind.keywords.count >= 19)
        #expect(TokenKind.punctuation.count >= 28)
        let words = TokenKind.keywords.map { ($0, TokenKind.keyword($0)!) }
        for (text, kind) in words + TokenKind.punctuation + [(";", TokenKind.newline)] {
            // Between two names, as it would be in a program.
            let line = "a \(text) b\n"
            let colouring = try grammar.colour(line)
            let units = 2..<(2 + text.utf16.count)
            let tokens = Set(units.map { colouring.token[$0] })
            #expect(tokens.count == 1 && !tokens.contains(-1), "'\(text)' is not one token of the grammar")
            let innermost = colouring.scopes[units.lowerBound].last ?? ""
            #expect(Self.expectedScopes(kind).contains { innermost.hasPrefix($0) },
                    "'\(text)' is coloured \(innermost)")
            #expect(colouring.token[0] != colouring.token[2] && colouring.token[units.upperBound + 1] != colouring.token[2])
        }
    }

    /// The programs the grammar must colour: the examples, the standard library and the benchmarks.
    static var programs: [URL] {
        ["examples", "stdlib", "bench"].flatMap { folder -> [URL] in
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "summit" }
        }.sorted { $0.path < $1.path }
    }

    @Test("every token of every example is coloured as the lexer reads it, with no gaps")
    func examplesAreColoured() throws {
        var grammar = try TextMateGrammar(contentsOf: Self.grammarURL)
        let programs = Self.programs
        #expect(programs.count >= 5)
        for url in programs {
            let text = try String(contentsOf: url, encoding: .utf8)
            let name = url.lastPathComponent
            let colouring = try grammar.colour(text)
            // The UTF-16 offset of each byte offset, to compare the lexer's spans with the colouring.
            var offsets: [Int] = []
            var unit = 0
            for scalar in text.unicodeScalars {
                for _ in 0..<UTF8.width(scalar) { offsets.append(unit) }
                unit += UTF16.width(scalar)
            }
            offsets.append(unit)
            var covered = Array(repeating: false, count: unit)
            var lexer = Lexer(Array(text.utf8))
            while true {
                let token = lexer.next()
                if token.kind == .eof { break }
                if case .error(let message) = token.kind { Issue.record("\(name): the lexer says \(message)"); break }
                let units = offsets[token.span.start]..<offsets[token.span.end]
                if token.kind == .newline && text.utf16[text.utf16.index(text.utf16.startIndex, offsetBy: units.lowerBound)] == 0x0A {
                    continue
                }
                let expected = Self.expectedScopes(token.kind)
                for i in units {
                    covered[i] = true
                    let innermost = colouring.scopes[i].last ?? ""
                    // Inside a string, an interpolation's code has colours of its own.
                    let inString = token.kind == .string && colouring.scopes[i].contains { $0.hasPrefix("string.quoted.") }
                    if !inString && !expected.contains(where: { innermost.hasPrefix($0) }) {
                        let tokenText = String(decoding: Array(text.utf8)[token.span.start..<token.span.end], as: UTF8.self)
                        Issue.record("\(name): '\(tokenText)' (\(token.kind)) has a unit coloured '\(innermost)'")
                        break
                    }
                }
                // A string is coloured as a string through its end, interpolations and all.
                if token.kind == .string {
                    #expect(colouring.scopes[units.lowerBound].contains { $0.hasPrefix("string.quoted") })
                    #expect(colouring.scopes[units.upperBound - 1].last?.hasPrefix("punctuation.definition.string.end") == true,
                            "\(name): a string at unit \(units.lowerBound) does not end where the lexer ends it")
                } else if token.kind != .newline {
                    // Not run together with what is before or after it.
                    let id = colouring.token[units.lowerBound]
                    #expect(units.allSatisfy { colouring.token[$0] == id }, "\(name): a token at unit \(units.lowerBound) is split")
                    if units.upperBound < unit { #expect(colouring.token[units.upperBound] != id) }
                }
            }
            // What the lexer skips is white space or a comment.
            let utf16 = Array(text.utf16)
            for i in 0..<unit where !covered[i] && ![0x20, 0x09, 0x0A, 0x0D, 0xFEFF].contains(utf16[i]) {
                let innermost = colouring.scopes[i].last ?? ""
                if !innermost.hasPrefix("comment.") && !innermost.hasPrefix("punctuation.definition.comment.") {
                    Issue.record("\(name): unit \(i) outside any token is coloured '\(innermost)', not as a comment")
                    break
                }
            }
        }
    }
}
