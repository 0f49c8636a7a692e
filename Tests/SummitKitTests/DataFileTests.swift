// The file built-ins through the embedding API: reading and writing need the file capability, a
// path is relative to the script that names it, and a write replaces a file whole, keeping its
// permissions and leaving no temporary file behind.
import Foundation
import Testing
import SummitKit

@Suite struct DataFileTests {
    /// A fresh folder for one test, removed afterwards by the caller.
    private func folder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("summit-data-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func filesNeedTheCapability() throws {
        let dir = try folder("capability")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.csv").path
        try "n\n1\n".write(toFile: file, atomically: true, encoding: .utf8)

        let sandboxed = Interpreter()
        for call in ["read_csv(\"\(file)\")", "read_text(\"\(file)\")", "read_lines(\"\(file)\")",
                     "read_json(\"\(file)\")", "write(\"\(file)\", \"x\")", "load_facts(\"\(file)\")"] {
            do {
                try sandboxed.eval(call)
                Issue.record("\(call) ran without file access")
            } catch let error as SummitError {
                #expect(error.kind == .io)
                #expect(error.message.contains("the host has not granted file access"), "\(error.message)")
            }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "n\n1\n")
        // What needs no file works without the capability.
        #expect(try sandboxed.eval("format(0.5, \".0%\")") == "50%")

        let trusted = Interpreter(capabilities: .fileAccess)
        #expect(try trusted.eval("read_csv(\"\(file)\")[0].n") == 1)
    }

    @Test func pathsAreRelativeToTheScript() throws {
        let dir = try folder("relative")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "hello\n".write(to: dir.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        let script = dir.appendingPathComponent("main.summit")
        try "write(\"out.txt\", read_text(\"data.txt\") + \"again\\n\")\n".write(to: script, atomically: true, encoding: .utf8)
        let interpreter = Interpreter(capabilities: .fileAccess)
        try interpreter.run(file: script.path)
        #expect(try String(contentsOf: dir.appendingPathComponent("out.txt"), encoding: .utf8) == "hello\nagain\n")
    }

    @Test func writeReplacesWholeAndKeepsPermissions() throws {
        let dir = try folder("replace")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.md").path
        try "old text that is longer than the new\n".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        let interpreter = Interpreter(capabilities: .fileAccess)
        try interpreter.eval("write(\"\(file)\", \"new\\n\")")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "new\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.md"])

        // Through a symbolic link, the file it names is replaced and the link stays.
        let link = dir.appendingPathComponent("link.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        try interpreter.eval("write(\"\(link)\", \"through the link\\n\")")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "through the link\n")
        // A write refused leaves the file as it was.
        #expect(throws: SummitError.self) { try interpreter.eval("write(\"\(file)\", 42)") }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "through the link\n")
    }

    @Test func countriesNamedNeedsTheFacts() throws {
        let interpreter = Interpreter(facts: .none, capabilities: .fileAccess)
        #expect(throws: SummitError.self) { try interpreter.eval("countries_named([\"France\"])") }
        let dir = try folder("nofacts")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mine.csv").path
        try "country,source\nFrance,https://example.org\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            try interpreter.eval("load_facts(\"\(file)\")")
            Issue.record("load_facts matched a country without the fact base")
        } catch let error as SummitError {
            #expect(error.message.contains("country()"), "\(error.message)")
        }
        let withFacts = Interpreter()
        #expect(try withFacts.eval("countries_named([\"France\", \"Nowhere\"]).unmatched") == ["Nowhere"])
    }
}
