// Every public declaration of SummitKit has a `///` comment (issue 23): the DocC catalog that
// `make docs` builds shows it as the symbol's summary. `make docs` itself (with warnings as errors)
// is too slow for the test suite; this checks the part that rots first, on every run.
import Foundation
import Testing

@Test("every public declaration in Sources/SummitKit has a /// comment")
func publicDeclarationsAreDocumented() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/SummitKit")
    let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
    var declarations = 0
    while let url = enumerator?.nextObject() as? URL {
        guard url.pathExtension == "swift" else { continue }
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            // A declaration that starts `public` (after any attributes); `public extension` is not one.
            let words = text.split(separator: " ").drop { $0.hasPrefix("@") }
            guard words.first == "public", words.dropFirst().first != "extension" else { continue }
            declarations += 1
            var above = index - 1
            while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
            let comment = above >= 0 ? lines[above].trimmingCharacters(in: .whitespaces) : ""
            #expect(comment.hasPrefix("///") || comment.hasSuffix("*/"),
                    "\(url.lastPathComponent):\(index + 1): \(text) has no /// comment")
        }
    }
    #expect(declarations > 100)
}
