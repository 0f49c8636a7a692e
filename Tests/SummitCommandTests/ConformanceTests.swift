// The conformance suite: every `Tests/conformance/**/NAME.summit` runs through the `summit` binary,
// and its output must equal `NAME.out`. An error case also has `NAME.err`: a first line
// `exit: N`, then the expected standard error. `SUMMIT_RECORD=1 swift test` rewrites the expected
// files from what the binary does (then read the diff before committing it). Scripts under a
// `helpers/` folder are imported by cases, not cases themselves. Every case runs twice: as the
// compiler builds it, and in the reference mode (SUMMIT_REFERENCE=1), with none of its fast paths,
// which must give the same output and errors.
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
            .filter { $0.pathExtension == "summit" && !$0.path.contains("/helpers/") } ?? []
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
    let outFile = folder.appendingPathComponent(name + ".out")
    let errFile = folder.appendingPathComponent(name + ".err")
    let result = try Command.run([test.script.lastPathComponent], in: folder,
                                 environment: ["SUMMIT_REFERENCE": reference ? "1" : "0"])

    if ProcessInfo.processInfo.environment["SUMMIT_RECORD"] == "1" {
        if reference { return }  // the expected output is recorded from the usual mode
        try result.stdout.write(to: outFile, atomically: true, encoding: .utf8)
        if result.status != 0 {
            try "exit: \(result.status)\n\(result.stderr)".write(to: errFile, atomically: true, encoding: .utf8)
        } else {
            try? FileManager.default.removeItem(at: errFile)
        }
        return
    }

    let expectedOut = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    #expect(result.stdout == expectedOut, "stdout of \(test.testDescription)")
    if let err = try? String(contentsOf: errFile, encoding: .utf8) {
        let firstLine = err.prefix { $0 != "\n" }
        let expectedStatus = Int32(firstLine.dropFirst("exit: ".count)) ?? -1
        let expectedErr = String(err.dropFirst(firstLine.count + 1))
        #expect(result.status == expectedStatus, "exit status of \(test.testDescription)")
        #expect(result.stderr == expectedErr, "stderr of \(test.testDescription)")
    } else {
        #expect(result.status == 0, "exit status of \(test.testDescription): \(result.stderr)")
        #expect(result.stderr == "", "stderr of \(test.testDescription)")
    }
}
