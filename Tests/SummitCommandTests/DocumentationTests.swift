// The docs' examples run: in docs/*.md, a ```summit block followed by an ```output block must print
// that output, and one followed by an ```error block must fail with that diagnostic.
import Foundation
import Testing

struct DocumentationExample: CustomTestStringConvertible, Sendable {
    let file: String
    let line: Int
    let source: String
    let expected: String
    let isError: Bool
    var testDescription: String { "\(file):\(line)" }

    static let all: [DocumentationExample] = {
        let docs = Command.root.appendingPathComponent("docs")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: docs.path))?.filter { $0.hasSuffix(".md") }.sorted() ?? []
        return files.flatMap { name -> [DocumentationExample] in
            guard let text = try? String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8) else { return [] }
            return examples(in: text, file: name)
        }
    }()

    /// The (code, expected) pairs of a Markdown text, from fenced blocks that follow each other.
    static func examples(in text: String, file: String) -> [DocumentationExample] {
        let lines = text.components(separatedBy: "\n")
        var blocks: [(language: String, body: String, line: Int)] = []
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("```") && lines[i].count > 3 {
                let language = String(lines[i].dropFirst(3))
                let start = i + 1
                var j = start
                while j < lines.count && lines[j] != "```" { j += 1 }
                blocks.append((language, lines[start..<min(j, lines.count)].map { $0 + "\n" }.joined(), start))
                i = j + 1
                // Only blocks right after one another pair up.
                if i < lines.count, !lines[i].hasPrefix("```") { blocks.append(("", "", i)) }
            } else {
                i += 1
            }
        }
        var out: [DocumentationExample] = []
        for (code, result) in zip(blocks, blocks.dropFirst())
        where code.language == "summit" && (result.language == "output" || result.language == "error") {
            out.append(DocumentationExample(file: file, line: code.line, source: code.body, expected: result.body,
                                            isError: result.language == "error"))
        }
        return out
    }
}

@Test("docs/language.md has runnable examples")
func documentationHasExamples() {
    #expect(DocumentationExample.all.filter { $0.file == "language.md" }.count >= 20)
}

@Test("documentation examples", arguments: DocumentationExample.all)
func documentationExample(_ example: DocumentationExample) throws {
    let result = try Command.run(["-"], input: example.source)
    if example.isError {
        #expect(result.status != 0)
        #expect(result.stderr == example.expected)
    } else {
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == example.expected)
    }
}
