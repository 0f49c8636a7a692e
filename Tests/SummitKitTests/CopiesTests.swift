// Lists written in more than one place, each tied to its source (issue 24): the built-in functions
// in docs/language.md against `Builtin.core` and the fact base's functions; the keywords of
// Token.swift against docs/language.md and the REPL's completion. (Tied elsewhere: the fact
// generator's reserved names, by noFactGlobalTakesTheNameOfABuiltIn in FactBaseTests; the REPL's
// `:help` topics against `Builtin.core`, by REPLSupportTests; the REPL's meta commands are one
// table, `REPL.commands`, that drives dispatch, `:help` and completion.)
import Foundation
import Testing
@testable import SummitKit

private let languageDoc: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return (try? String(contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8)) ?? ""
}()

/// The functions named in the table of docs/language.md's "Built-in functions" section.
private func documentedBuiltins() -> Set<String> {
    guard let start = languageDoc.range(of: "\n## Built-in functions\n") else { return [] }
    let section = languageDoc[start.upperBound...]
    let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
    var names = Set<String>()
    for line in section[..<end].split(separator: "\n") where line.hasPrefix("| `") {
        // Each cell of the first column lists calls: `name(...)`.
        let cell = line.dropFirst(2).prefix { $0 != "|" }
        for call in cell.split(separator: "`") where call.contains("(") {
            names.insert(String(call.prefix { $0 != "(" }))
        }
    }
    return names
}

@Test("docs/language.md's table lists every built-in function, and only those")
func builtinTableMatchesTheBuiltins() {
    let builtins = Set((Builtin.core + Builtin.incompleteSets + FactBase.builtin.functions).map(\.name) + Builtin.dataIONames)
    let documented = documentedBuiltins()
    #expect(documented.count >= 30)
    #expect(builtins.subtracting(documented).sorted() == [], "built-ins missing from docs/language.md")
    #expect(documented.subtracting(builtins).sorted() == [], "docs/language.md lists functions that are not built-ins")
}

@Test("every keyword is in docs/language.md and in the REPL's completion")
func keywordsAreDocumentedAndCompleted() {
    #expect(TokenKind.keywords.count >= 19)
    for keyword in TokenKind.keywords {
        #expect(languageDoc.contains("`\(keyword) ") || languageDoc.contains("`\(keyword)`")
                || languageDoc.contains(" \(keyword)`") || languageDoc.contains(" \(keyword) "),
                "'\(keyword)' is not in docs/language.md")
    }
    // The REPL completes the names of Interpreter.keywords.
    #expect(Set(Interpreter.keywords) == Set(TokenKind.keywords))
}

@Test("the REPL's :help topics name only built-ins, and every built-in has a topic")
func helpTopicsMatchTheBuiltins() {
    let builtins = Set((Builtin.core + FactBase.builtin.functions).map(\.name) + Builtin.dataIONames)
    let topics = Interpreter.functionTopics.flatMap(\.names)
    #expect(Set(topics).subtracting(builtins).sorted() == [], ":help's topics name functions that are not built-ins")
    #expect(builtins.subtracting(topics).sorted() == [], "built-ins that :help lists under 'other'")
}
