// `summit --kernel`, the notebook kernel's side in Summit: its frames, read here directly; and the
// whole kernel in Jupyter (jupyter/test_notebook.py), when `make jupyter-test` has made its venv.
import Foundation
import Testing

@Suite struct KernelModeTests {
    /// A request frame.
    private func frame(_ tag: String, _ text: String, name: String? = nil) -> String {
        "\(tag) \(text.utf8.count)" + (name.map { " " + $0 } ?? "") + "\n" + text
    }

    /// The frames of the answers, as (tag, text).
    private func frames(_ output: String) -> [(tag: String, text: String)] {
        var bytes = Array(output.utf8)[...]
        var found: [(String, String)] = []
        while let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
            let length = Int(header[1])!
            let start = newline + 1
            found.append((String(header[0]), String(decoding: bytes[start..<(start + length)], as: UTF8.self)))
            bytes = bytes[(start + length)...]
        }
        return found
    }

    @Test func cellsShareASessionAndTablesComeAsHTML() throws {
        let input = frame("execute", "let asia = signed where region == \"Asia\"", name: "In[1]")
            + frame("execute", "print(count(asia))\nasia", name: "In[2]")
            + frame("execute", "g7 - signed", name: "In[3]")
        let result = try Command.run(["--kernel"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let answers = frames(result.stdout)
        #expect(answers.map(\.tag) == ["done", "out", "text", "html", "done", "text", "done"])
        guard answers.count == 7 else { return }
        #expect(answers[1].text == "12\n")
        #expect(answers[2].text.hasPrefix("name "))
        let html = answers[3].text
        #expect(html.hasPrefix("<table class=\"summit\">\n<thead><tr><th style=\"text-align: left\">name</th>"))
        // The marks after unconfirmed elements, and their legend under the count.
        #expect(html.contains("<td style=\"text-align: left\">Armenia*</td>"))
        #expect(html.hasSuffix("<p>12 countries<br>\n* unconfirmed: no source read confirms that it is in signed; source(AM in signed) says more</p>\n"))
        #expect(answers[5].text == "{United Kingdom, United States}\n")
    }

    @Test func anErrorNamesItsLineInTheCellAndEndsIt() throws {
        let input = frame("execute", "let a = 1\n\na + nosuch\nprint(\"not reached\")", name: "In[7]")
        let answers = frames(try Command.run(["--kernel"], input: input).stdout)
        #expect(answers.map(\.tag) == ["error", "done"])
        #expect(answers.first?.text == "In[7]:3:5: error: undefined name 'nosuch'\na + nosuch\n    ^~~~~~\n")
        #expect(answers.last?.text == "error")
    }

    @Test func metaCommandsCompletionAndDocumentation() throws {
        let input = frame("execute", "let x = [1]\n:type x\nhelp", name: "In[1]")
            + frame("complete", "signed where reg")
            + frame("inspect", "where")
        let answers = frames(try Command.run(["--kernel"], input: input).stdout)
        #expect(answers.map(\.tag) == ["out", "out", "done", "complete", "done", "doc", "done"])
        guard answers.count == 7 else { return }
        #expect(answers[0].text == "list\n")
        #expect(answers[1].text.hasPrefix("Type an expression or a statement"))
        #expect(answers[3].text == "reg\nregion")
        #expect(answers[5].text.hasPrefix("xs where cond\n"))
    }

    @Test func aBrokenFrameOrAScriptIsAUsageError() throws {
        let broken = try Command.run(["--kernel"], input: "execute lots\n1")
        #expect(broken.status == 64)
        #expect(broken.stderr == "summit --kernel: not a frame header: execute lots\n")
        let script = try Command.run(["--kernel", "-e", "1"])
        #expect(script.status == 64)
        #expect(script.stderr.hasPrefix("Error: The option '--kernel' takes no script and no '-e'\n"))
    }

    /// The Python of the venv `make jupyter-test` makes, if it is there.
    static let jupyterPython = Command.root.appendingPathComponent(".build-jupyter/venv/bin/python")

    @Test("examples/summit.ipynb runs on the kernel in Jupyter (make jupyter-test makes the venv)",
          .enabled(if: FileManager.default.isExecutableFile(atPath: jupyterPython.path), "no .build-jupyter/venv"),
          .timeLimit(.minutes(5)))
    func notebook() throws {
        let process = Process()
        process.executableURL = Self.jupyterPython
        process.arguments = [Command.root.appendingPathComponent("jupyter/test_notebook.py").path,
                             "--summit", Command.binary.path]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("summit-notebook-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(output)")
    }
}
