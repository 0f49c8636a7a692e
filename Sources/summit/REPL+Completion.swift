// Tab completion for the REPL: what the word before the cursor could become, from the context it
// is in: a meta command after `:`, a file inside `:load "...`, a module after `import`, a member
// after `.`, and otherwise a keyword, a built-in, a fact or a name the user defined.
import SummitKit

extension REPL {
    /// The completions of the word that ends at the cursor, given the text of the line before it.
    func completions(before text: String) -> Completion {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? text
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix(":") {
            let command = trimmed.dropFirst().prefix { !$0.isWhitespace }
            if command.count == trimmed.count - 1 {
                // Still typing the command's name.
                let word = String(trimmed)
                return Completion(word: word, candidates: Self.commands.map { ":" + $0.name }.filter { $0.hasPrefix(word) })
            }
            let argument = String(trimmed.dropFirst(1 + command.count).drop { $0.isWhitespace })
            switch command {
            case "load": return fileCompletions(argument)
            case "help", "doc": return nameCompletions(Self.identifierSuffix(of: argument))
            default: break
            }
        }
        if Self.insideString(line) { return Completion(word: "", candidates: []) }
        let word = Self.identifierSuffix(of: line)
        let before = line.dropLast(word.count)
        // Inside a `where`, the members of the elements of the set before it.
        let elementMembers = Self.whereSubject(of: String(before)).map(interpreter.elementMemberNames) ?? []
        if before.hasSuffix(".") {
            let path = Self.pathSuffix(of: String(before.dropLast()))
            guard !path.isEmpty else { return Completion(word: word, candidates: []) }
            let members = path == "it" && !elementMembers.isEmpty ? elementMembers : interpreter.memberNames(ofExpression: path)
            return Completion(word: word, candidates: Self.matching(word, in: members))
        }
        let previous = before.trimmed()
        if previous == "import" || previous.hasSuffix(" import") || previous.hasSuffix("\timport") {
            return Completion(word: word, candidates: Self.matching(word, in: interpreter.stdlibModuleNames))
        }
        if !elementMembers.isEmpty, !word.isEmpty || previous.hasSuffix("where") {
            let members = Self.matching(word, in: elementMembers)
            // The elements' members first: `reg` is `region` there, whatever else starts so.
            if !members.isEmpty { return Completion(word: word, candidates: members) }
        }
        return nameCompletions(word)
    }

    /// The set or list a `where` on the line filters, as a plain name or dotted path: `signed` in
    /// `signed where reg` and in `paris.signed where it.`; nil outside a `where`, or when what it
    /// filters is not such a path (`signed - g7 where ...` gives `g7`, whose elements are alike).
    static func whereSubject(of text: String) -> String? {
        var inside = false, escaped = false
        var last: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if escaped { escaped = false } else if c == "\\" && inside { escaped = true } else if c == "\"" { inside.toggle() }
            if !inside, text[index...].hasPrefix("where"),
               index == text.startIndex || !isIdentifierCharacter(text[text.index(before: index)]) {
                let end = text.index(index, offsetBy: 5)
                if end == text.endIndex || !isIdentifierCharacter(text[end]) { last = index }
            }
            index = text.index(after: index)
        }
        guard let last else { return nil }
        // The `where` is over once a bracket opened before it closes, or a `;` ends the statement.
        var depth = 0
        inside = false
        escaped = false
        for c in text[last...] {
            if escaped { escaped = false; continue }
            if c == "\\" && inside { escaped = true; continue }
            if c == "\"" { inside.toggle() }
            if inside { continue }
            switch c {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ";" where depth == 0: return nil
            default: break
            }
            if depth < 0 { return nil }
        }
        let path = pathSuffix(of: text[..<last].trimmed())
        return path.isEmpty ? nil : path
    }

    private func nameCompletions(_ word: String) -> Completion {
        guard !word.isEmpty else { return Completion(word: word, candidates: []) }
        let names = Interpreter.keywords + interpreter.globalNames.filter { !$0.contains(" ") && $0 != "_" }
        return Completion(word: word, candidates: Self.matching(word, in: names))
    }

    /// Completes a file name typed after `:load`, with or without an opening quote.
    private func fileCompletions(_ argument: String) -> Completion {
        let partial = argument.hasPrefix("\"") ? String(argument.dropFirst()) : argument
        // The folder as typed (kept in the candidates) and as the file system knows it.
        let shownDirectory = System.directoryPart(partial)
        let base = String(partial.dropFirst(shownDirectory.count))
        let directory = shownDirectory.isEmpty ? "./" : System.expandingTilde(shownDirectory)
        var candidates: [String] = []
        for name in System.directoryEntries(directory)
        where name.hasPrefix(base) && (base.hasPrefix(".") || !name.hasPrefix(".")) {
            candidates.append(shownDirectory + name + (System.isDirectory(directory + name) ? "/" : ""))
        }
        return Completion(word: partial, candidates: candidates.sorted())
    }

    /// The names that start with `word`; if none does, those that start with it ignoring case.
    static func matching(_ word: String, in names: [String]) -> [String] {
        let unique = Set(names)
        let exact = unique.filter { $0.hasPrefix(word) }
        if !exact.isEmpty { return exact.sorted() }
        let lower = word.lowercased()
        return unique.filter { $0.lowercased().hasPrefix(lower) }.sorted()
    }

    static func isIdentifierCharacter(_ c: Character) -> Bool {
        c == "_" || c.isLetter || c.isNumber
    }

    /// The identifier that ends the text, possibly empty.
    static func identifierSuffix(of text: String) -> String {
        String(text.reversed().prefix(while: isIdentifierCharacter).reversed())
    }

    /// The dotted path that ends the text, such as `paris.declaration`: what a member completion
    /// asks the interpreter about. Anything else (a call, an index) gives no path.
    static func pathSuffix(of text: String) -> String {
        let path = String(text.reversed().prefix { isIdentifierCharacter($0) || $0 == "." }.reversed())
        if path.hasPrefix(".") || path.contains("..") { return "" }
        return path
    }

    /// Whether the end of the line is inside a string literal (an odd number of unescaped quotes).
    static func insideString(_ line: String) -> Bool {
        var inside = false, escaped = false
        for c in line {
            if escaped { escaped = false; continue }
            if c == "\\" && inside { escaped = true; continue }
            if c == "\"" { inside.toggle() }
            if c == "#" && !inside { return false }
        }
        return inside
    }
}
