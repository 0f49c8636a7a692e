// The conformance suite: every `Tests/conformance/**/NAME.summit` runs through the `summit` binary.
// A case states what it must print in its own comments (`# expect:`, `# error:`, `# exit:`; see
// ConformanceExpectations.swift and Tests/conformance/README.md). A case whose rendered diagnostic is
// the point keeps it in `NAME.err` (a first line `exit: N`, then the whole standard error); an older
// case may still keep its standard output in `NAME.out`. A file and the markers it would replace
// never go together. `SUMMIT_RECORD=1 swift test` rewrites the `.out` and `.err` files from what
// the binary does; tools/record-conformance writes inline expectations (read the diff before
// committing either). Scripts under a `helpers/` folder are imported by cases, not cases
// themselves. Every case runs twice: as the compiler builds it, and in the reference mode
// (SUMMIT_REFERENCE=1), with none of its fast paths, which must give the same output and errors.
import Foundation
import Testing

struct ConformanceCase: CustomTestStringConvertible, Sendable {
    let script: URL
    var testDescription: String {
        script.path.replacingOccurrences(of: Command.root.appendingPathComponent("Tests/conformance/").path + "/", with: "")
    }

    static let all: [ConformanceCase] = {
        let folder = Command.root.appendingPathComponent("Tests/conformance")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "summit" && !$0.path.contains("/helpers/") }
            .filter { !$0.lastPathComponent.hasPrefix(".") } ?? []  // not tools/record-conformance's scratch files
        return files.sorted { $0.path < $1.path }.map { ConformanceCase(script: $0) }
    }()
}

@Test("the conformance suite has at least 150 cases")
func conformanceSuiteSize() {
    #expect(ConformanceCase.all.count >= 150)
}

@Test("conformance", arguments: ConformanceCase.all)
func conformance(_ test: ConformanceCase) throws {
    try check(test, reference: false)
}

@Test("conformance in the reference mode", arguments: ConformanceCase.all)
func conformanceInReferenceMode(_ test: ConformanceCase) throws {
    try check(test, reference: true)
}

private func check(_ test: ConformanceCase, reference: Bool) throws {
    let folder = test.script.deletingLastPathComponent()
    let name = test.script.deletingPathExtension().lastPathComponent
    let caseFile = test.script.lastPathComponent
    let outFile = folder.appendingPathComponent(name + ".out")
    let errFile = folder.appendingPathComponent(name + ".err")
    // Read as the command reads its output: bytes that are not UTF-8 become U+FFFD.
    func text(_ url: URL) -> String? { (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) } }
    let source = text(test.script) ?? ""
    let inline: InlineExpectations
    do {
        inline = try InlineExpectations.parse(source)
    } catch {
        Issue.record("\(test.testDescription):\(error.line): \(error.reason)")
        return
    }
    let expectedOut = text(outFile), expectedErr = text(errFile)
    if expectedOut != nil && !inline.isEmpty {
        Issue.record("\(test.testDescription) has both \(name).out and inline expectations; keep one")
        return
    }
    if expectedErr != nil && (!inline.errors.isEmpty || inline.exit != nil) {
        Issue.record("\(test.testDescription) has both \(name).err and inline `# error:` or `# exit:`; keep one")
        return
    }

    let result = try Command.run([caseFile], in: folder, environment: ["SUMMIT_REFERENCE": reference ? "1" : "0"])

    if ProcessInfo.processInfo.environment["SUMMIT_RECORD"] == "1" {
        // Only the expected files are rewritten here; tools/record-conformance writes inline ones.
        if reference || expectedOut == nil && expectedErr == nil { return }
        if expectedOut != nil { try result.stdout.write(to: outFile, atomically: true, encoding: .utf8) }
        if result.status != 0 {
            try "exit: \(result.status)\n\(result.stderr)".write(to: errFile, atomically: true, encoding: .utf8)
        } else {
            try? FileManager.default.removeItem(at: errFile)
        }
        return
    }

    if let expectedOut {
        #expect(result.stdout == expectedOut, "stdout of \(test.testDescription)")
    }
    if let expectedErr {
        let firstLine = expectedErr.prefix { $0 != "\n" }
        let expectedStatus = Int32(firstLine.dropFirst("exit: ".count)) ?? -1
        #expect(result.status == expectedStatus, "exit status of \(test.testDescription)")
        #expect(result.stderr == String(expectedErr.dropFirst(firstLine.count + 1)), "stderr of \(test.testDescription)")
    }
    // What the files do not state is stated inline (nothing stated: no output, no error, status 0).
    var unstated = inline
    if expectedErr != nil { unstated.errors = []; unstated.exit = nil }
    let problems = unstated.mismatches(caseFile: caseFile,
                                       stdout: expectedOut == nil ? result.stdout : "",
                                       stderr: expectedErr == nil ? result.stderr : "",
                                       status: expectedErr == nil ? result.status : 0)
    for problem in problems {
        Issue.record("\(test.testDescription.dropLast(caseFile.count))\(problem)\n--- stdout ---\n\(result.stdout)--- stderr ---\n\(result.stderr)")
    }
}
