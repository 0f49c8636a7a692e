// The REPL, driven through a pseudo-terminal: the real `summit` binary, real keys, real libedit.
// Each test starts its own REPL with a private HOME and history file, so nothing of the user's
// (~/.editrc, history) leaks in and nothing leaks out.
import Foundation
import Testing

@Suite("REPL", .serialized)
struct REPLTests {
    /// The built `summit`: `SUMMIT_BIN` if set, else beside the test bundle, else `.build/debug`.
    static let binary: String = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SUMMIT_BIN"], !path.isEmpty { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for directory in [beside, beside.deletingLastPathComponent()] {
            let candidate = directory.appendingPathComponent("summit").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/summit").path
    }()

    /// A fresh directory for one test's HOME and history.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("summit-repl-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts the REPL and waits for its first prompt.
    static func start(in directory: URL, history: URL? = nil, extra: [String: String] = [:],
                      columns: UInt16 = 100) throws -> PseudoTerminal {
        try starting(in: directory, history: history, extra: extra, columns: columns).terminal
    }

    /// Starts the REPL; gives it with the plain text it wrote before its first prompt.
    static func starting(in directory: URL, history: URL? = nil, extra: [String: String] = [:],
                         columns: UInt16 = 100) throws -> (terminal: PseudoTerminal, banner: String) {
        var environment = [
            "HOME": directory.path,
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "PATH": "/usr/bin:/bin",
            "SUMMIT_HISTORY": (history ?? directory.appendingPathComponent("history")).path,
        ]
        environment.merge(extra) { $1 }
        let terminal = try PseudoTerminal(executable: binary, arguments: ["--quiet"], environment: environment,
                                          columns: columns)
        let banner = try terminal.expect("summit> ")
        return (terminal, PseudoTerminal.plain(banner))
    }

    /// Types a line and returns the plain text printed before the next prompt.
    @discardableResult
    static func run(_ line: String, on terminal: PseudoTerminal, prompt: String = "summit> ") throws -> String {
        terminal.sendLine(line)
        return PseudoTerminal.plain(try terminal.expect(prompt))
    }

    @Test("a query prints its result, and _ holds it")
    func query() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        #expect(try Self.run("20 + 22", on: terminal).contains("\n42\n"))
        #expect(try Self.run("_ + 1", on: terminal).contains("\n43\n"))
        #expect(try Self.run("count([US, UK])", on: terminal).contains("\n2\n"))
    }

    @Test("a value that shares its parts is shown cut, in a line, a record and a table, and :vars")
    func sharedValue() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        try Self.run("var r = []", on: terminal)
        try Self.run("for i in range(40) { r = [r, r] }", on: terminal)
        let cut = "… (cut: the text is longer than 1048576 bytes)"
        let line = try Self.run("r", on: terminal)
        #expect(line.contains("\n[[[[[[[["), "\(line.prefix(200))")
        #expect(line.contains(cut))
        #expect(line.count < 3_000)
        #expect(try Self.run("{a: r, b: 1}", on: terminal).contains(cut))
        let table = try Self.run("[{a: r}, {a: 1}]", on: terminal)
        #expect(table.contains("[[[[[[[[") && table.contains("2 records"), "\(table.prefix(400))")
        #expect(try Self.run(":vars", on: terminal).contains("r    = [[[[[[[["))
    }

    @Test("Tab completes an entity name")
    func completeEntity() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.send("Fra" + PseudoTerminal.tab)
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(PseudoTerminal.enter)
        let output = PseudoTerminal.plain(try terminal.expect("summit> "))
        #expect(output.contains("\nFrance\n"), "got \(output.debugDescription)")
    }

    @Test("Tab after a dot lists the members")
    func completeMember() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.send("Vance." + PseudoTerminal.tab)
        let listing = PseudoTerminal.plain(try terminal.expect("role"))
        #expect(listing.contains("name"))
        // Let the listing and the redrawn line arrive before discarding the line.
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(PseudoTerminal.interrupt)
        try terminal.expect("summit> ")
        #expect(try Self.run("1 + 1", on: terminal).contains("\n2\n"))
    }

    @Test("~/.editrc is read: in vi mode, Tab still completes")
    func editrcViMode() throws {
        let directory = try Self.temporaryDirectory()
        try "summit:bind -v\n".write(to: directory.appendingPathComponent(".editrc"), atomically: true, encoding: .utf8)
        let terminal = try Self.start(in: directory)
        terminal.send("Fra" + PseudoTerminal.tab)
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(PseudoTerminal.enter)
        #expect(PseudoTerminal.plain(try terminal.expect("summit> ")).contains("\nFrance\n"))
    }

    @Test("non-ASCII input is kept")
    func unicodeInput() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        #expect(try Self.run("\"Türkiye\"", on: terminal).contains("\n\"Türkiye\"\n"))
    }

    @Test("Tab after a colon completes a meta command")
    func completeCommand() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.send(":he" + PseudoTerminal.tab + PseudoTerminal.enter)
        #expect(PseudoTerminal.plain(try terminal.expect("summit> ")).contains(":why"))
    }

    @Test("an unclosed brace continues on a ... prompt; the function is then defined")
    func multiLineFunction() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        try Self.run("fn twice(x) {", on: terminal, prompt: "...> ")
        try Self.run("  x * 2", on: terminal, prompt: "...> ")
        try Self.run("}", on: terminal)
        #expect(try Self.run("twice(21)", on: terminal).contains("\n42\n"))
    }

    @Test("history is written, a multi-line input as one entry, and reloaded by the next run")
    func historyAcrossRuns() throws {
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("state/summit/history")
        do {
            let terminal = try Self.start(in: directory, history: file)
            try Self.run("fn three() {", on: terminal, prompt: "...> ")
            try Self.run("3 }", on: terminal)
            try Self.run("20 + 22", on: terminal)
            terminal.send(PseudoTerminal.endOfFile)
            #expect(try terminal.waitForExit() == 0)
        }
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved == "fn three() {\\n3 }\n20 + 22\n")

        let terminal = try Self.start(in: directory, history: file)
        terminal.send(PseudoTerminal.up)
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(PseudoTerminal.enter)
        #expect(PseudoTerminal.plain(try terminal.expect("summit> ")).contains("\n42\n"))
        // A second REPL on the same file appends rather than overwrites.
        try Self.run("1 + 2", on: terminal)
        terminal.send(PseudoTerminal.endOfFile)
        #expect(try terminal.waitForExit() == 0)
        let merged = try String(contentsOf: file, encoding: .utf8)
        #expect(merged == "fn three() {\\n3 }\n20 + 22\n1 + 2\n")
    }

    @Test("the file keeps the last 10,000 entries, and two REPLs at once merge their entries")
    func historyCapAndMerge() throws {
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("history")
        let old = (1...10_050).map { "\($0)" }.joined(separator: "\n") + "\n"
        try old.write(to: file, atomically: true, encoding: .utf8)
        let first = try Self.start(in: directory, history: file)
        let second = try Self.start(in: directory, history: file)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10_000)
        #expect(lines.first == "51" && lines.last == "10050")
        try Self.run("1 + 1", on: first)
        try Self.run("2 + 2", on: second)
        try Self.run("3 + 3", on: first)
        first.send(PseudoTerminal.endOfFile)
        second.send(PseudoTerminal.endOfFile)
        #expect(try first.waitForExit() == 0)
        #expect(try second.waitForExit() == 0)
        let merged = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(merged.suffix(3) == ["1 + 1", "2 + 2", "3 + 3"])
    }

    @Test("Ctrl-C on a ... prompt throws the unfinished input away")
    func interruptContinuation() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        try Self.run("[1,", on: terminal, prompt: "...> ")
        terminal.send(PseudoTerminal.interrupt)
        try terminal.expect("summit> ")
        #expect(try Self.run("5 + 5", on: terminal).contains("\n10\n"))
    }

    @Test("results are coloured by type on a terminal unless NO_COLOR is set")
    func colour() throws {
        let directory = try Self.temporaryDirectory()
        let coloured = try Self.start(in: directory, extra: ["NO_COLOR": ""])
        coloured.sendLine("6 * 7")
        #expect(try coloured.expect("summit> ").contains("\u{1B}[36m42\u{1B}[0m"))
        let plain = try Self.start(in: directory)
        plain.sendLine("6 * 7")
        #expect(try !plain.expect("summit> ").contains("\u{1B}[36m"))
    }

    @Test("a large set of entities is a table with a count line")
    func entityTable() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        let output = try Self.run("signed where region == \"Africa\"", on: terminal)
        #expect(output.contains("\nname "))
        #expect(output.contains("code"))
        #expect(output.contains("Kenya "))
        #expect(output.contains(" countries\n"))
        let long = try Self.run("signed", on: terminal)
        #expect(long.contains("not shown (print(_) shows all)"))
    }

    @Test("an unconfirmed signatory is marked in a table and a one-line set, with a legend line")
    func unconfirmedMarks() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        let table = try Self.run("signed where region == \"Asia\"", on: terminal)
        #expect(table.contains("\nArmenia* "), "got \(table.debugDescription)")
        #expect(table.contains("\nChina "))
        #expect(table.contains("\n* unconfirmed: no source read confirms that it is in signed"))
        let line = try Self.run("[Ukraine, France]", on: terminal)
        #expect(line.contains("\n[Ukraine*, France]\n* unconfirmed: "), "got \(line.debugDescription)")
        // A record too long for a line: a member a line, its sets marked.
        let record = try Self.run("{asia: signed where region == \"Asia\", europe: signed where region == \"Europe\"}", on: terminal)
        #expect(record.contains("\nasia    {Armenia*, "), "got \(record.debugDescription)")
        #expect(record.contains("\neurope  {Austria, "))
        #expect(record.contains("\n* unconfirmed: "))
        // Not within signed: no mark, no legend.
        let bletchley = try Self.run("bletchley.signed", on: terminal)
        #expect(bletchley.contains("\nUkraine "))
        #expect(!bletchley.contains("unconfirmed"))
    }

    @Test("quotes, people and lists of records are tables with their own columns, cut to the terminal")
    func kindTables() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory(), columns: 60)
        let quotes = try Self.run("quotes", on: terminal)
        let lines = quotes.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("speaker ") && $0.contains(" date ") && $0.hasSuffix(" text") },
                "got \(quotes.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("JD Vance ") && $0.contains("2025-02-11") })
        #expect(lines.allSatisfy { $0.count <= 60 }, "got \(quotes.debugDescription)")
        #expect(quotes.contains("\n8 quotes (list)\n"))
        let people = try Self.run("people", on: terminal)
        #expect(people.contains("\nname "))
        #expect(people.contains(" role "))
        #expect(people.contains(" country or org\n"), "got \(people.debugDescription)")
        #expect(people.contains("\nMartin Tisné ") && people.contains(" Current AI\n"))
        #expect(people.contains(" people\n"))
        let records = try Self.run("[{n: 1, word: \"one\"}, {n: 22, word: \"twenty-two\"}]", on: terminal)
        #expect(records.contains("\nn   word\n1   one\n22  twenty-two\n2 records\n"), "got \(records.debugDescription)")
        // Sources do not fit as a table in 60 columns: a record at a time, long values wrapped.
        let sources = try Self.run("source(AM in signed)", on: terminal)
        #expect(sources.contains("\nfact        Armenia is in signed\n"), "got \(sources.debugDescription)")
        #expect(sources.contains("\nconfidence  unverified\n"))
        #expect(sources.contains("\n1 record\n"))
        let two = try Self.run("source(BR in signed)", on: terminal)
        #expect(two.contains("\n\nfact        Brazil is in signed\n"), "got \(two.debugDescription)")
        #expect(two.contains("\n2 records\n"))
    }

    @Test("Tab after where completes the members of the elements")
    func completeWhereMember() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.send("signed where reg" + PseudoTerminal.tab)
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(" == \"Oceania\"" + PseudoTerminal.enter)
        let output = PseudoTerminal.plain(try terminal.expect("summit> "))
        #expect(output.contains("\n{Australia, New Zealand}\n"), "got \(output.debugDescription)")
        terminal.send("signed where it.subr" + PseudoTerminal.tab)
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(" == \"Central Asia\"" + PseudoTerminal.enter)
        let asia = PseudoTerminal.plain(try terminal.expect("summit> "))
        #expect(asia.contains("\n{Kazakhstan*}\n"), "got \(asia.debugDescription)")
    }

    @Test(":help lists functions and facts by topic; :doc knows keywords and entities")
    func helpAndDoc() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        let help = try Self.run(":help", on: terminal)
        #expect(help.contains("\nFunctions"))
        #expect(help.contains("count, sort"))
        #expect(help.contains("\nFacts"))
        #expect(help.contains("signed, unconfirmed"))
        #expect(help.contains("Keywords"))
        #expect(try Self.run("help", on: terminal).contains("\nFunctions"))
        #expect(try Self.run("quit", on: terminal).contains("Type :quit or press Ctrl-D to leave."))
        let doc = try Self.run(":doc where", on: terminal)
        #expect(doc.contains("\nxs where cond\n"), "got \(doc.debugDescription)")
        let france = try Self.run("help(France)", on: terminal)
        #expect(france.contains("\nmember "))
        #expect(france.contains("\nregion "))
    }

    @Test("the table of an incomplete set ends with a line saying how it is incomplete")
    func incompleteTable() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        let named = try Self.run("unga_78_265.cosponsors", on: terminal)
        #expect(named.contains("incomplete: may miss members; 54 named of 123 reported\n"))
        let uncertain = try Self.run("g20 & unga_78_265.cosponsors", on: terminal)
        #expect(uncertain.contains("incomplete: may hold non-members: African Union, Brazil, China, European Union, Indonesia, Mexico, Russia, Saudi Arabia, South Africa\n"), "\(uncertain)")
        #expect(!(try Self.run("delhi.signed", on: terminal)).contains("incomplete"))
        let whole = try Self.run("g7", on: terminal)
        #expect(!whole.contains("incomplete"))
    }

    @Test("Ctrl-C stops a running loop within 100 ms and the REPL goes on")
    func interruptLoop() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.sendLine("while true {}")
        _ = terminal.drain(for: .milliseconds(300))
        let start = ContinuousClock.now
        terminal.send(PseudoTerminal.interrupt)
        try terminal.expect("interrupted", timeout: .seconds(5))
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .milliseconds(100), "took \(elapsed)")
        try terminal.expect("summit> ")
        #expect(try Self.run("1 + 1", on: terminal).contains("\n2\n"))
    }

    @Test("Ctrl-C on a line discards it")
    func interruptLine() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.send("nosuchname")
        _ = terminal.drain(for: .milliseconds(200))
        terminal.send(PseudoTerminal.interrupt)
        try terminal.expect("summit> ")
        let output = try Self.run("2 + 2", on: terminal)
        #expect(output.contains("\n4\n"))
        #expect(!output.contains("error"))
    }

    @Test("Ctrl-D on an empty line exits with status 0")
    func endOfInput() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        terminal.send(PseudoTerminal.endOfFile)
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("an error shows a caret under the span, and the next query works")
    func errorThenQuery() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        try Self.run("let kept = 5", on: terminal)
        let error = try Self.run("1 + nosuchname", on: terminal)
        #expect(error.contains("<repl>:1:5: error:"), "got \(error.debugDescription)")
        #expect(error.contains("1 + nosuchname\n    ^~~~~~~~~~"))
        #expect(try Self.run("kept + 1", on: terminal).contains("\n6\n"))
    }

    @Test(":why explains a membership with its sources; :type and :load work")
    func metaCommands() throws {
        let directory = try Self.temporaryDirectory()
        let terminal = try Self.start(in: directory)
        let why = try Self.run(":why FR in signed - [US, UK]", on: terminal)
        #expect(why.contains("France is in signed\n"))
        #expect(why.contains("source: "))
        #expect(why.contains("France is not in [US, UK]"))
        #expect(try Self.run(":type FR", on: terminal).contains("\ncountry\n"))
        let script = directory.appendingPathComponent("defs.summit")
        try "fn tripled(x) = x * 3\n".write(to: script, atomically: true, encoding: .utf8)
        try Self.run(":load \"\(script.path)\"", on: terminal)
        #expect(try Self.run("tripled(14)", on: terminal).contains("\n42\n"))
        #expect(try Self.run(":vars", on: terminal).contains("tripled = <fn tripled>"))
    }

    @Test(":save writes the inputs that ran as a script; :export writes a value by the file's extension")
    func saveAndExport() throws {
        let directory = try Self.temporaryDirectory()
        let terminal = try Self.start(in: directory)
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func read(_ name: String) throws -> String { try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) }
        try Self.run("let asia = signed where region == \"Asia\"", on: terminal)
        try Self.run("bogus(1)", on: terminal)
        try Self.run("count(asia)", on: terminal)
        #expect(try Self.run(":save \(path("session.summit"))", on: terminal).contains("saved 2 inputs to "))
        let saved = try read("session.summit")
        #expect(saved.hasPrefix("#!/usr/bin/env summit\n"))
        #expect(saved.hasSuffix("let asia = signed where region == \"Asia\"\ncount(asia)\n"), "got \(saved.debugDescription)")
        // A set of countries as the REPL's table, with the unconfirmed ones said so.
        #expect(try Self.run(":export \(path("asia.csv")) asia", on: terminal).contains("wrote "))
        let csv = try read("asia.csv")
        #expect(csv.hasPrefix("name,code,region,unconfirmed\nArmenia,AM,Asia,true\n"), "got \(csv.debugDescription)")
        try Self.run(":export \(path("n.json")) {n: count(asia)}", on: terminal)
        #expect(try read("n.json") == "{\"n\": 12}")
        #expect(try Self.run(":export x.txt 1", on: terminal).contains("error: :export writes .csv, .json, .md, .markdown files"))
        let error = try Self.run(":export y.md nosuch", on: terminal)
        #expect(error.contains("<repl>:1:14: error: undefined name 'nosuch'"), "got \(error.debugDescription)")
    }

    @Test("an unknown meta command gets a did-you-mean")
    func unknownCommand() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        #expect(try Self.run(":hepl", on: terminal).contains("did you mean :help?"))
        terminal.sendLine(":quit")
        #expect(try terminal.waitForExit() == 0)
    }

    // MARK: - Hostile history files and :load (issue 25)

    @Test("a device or a FIFO as the history file: the REPL starts, says so, and saves nothing; /dev/null is quiet")
    func specialHistoryFiles() throws {
        let directory = try Self.temporaryDirectory()
        let fifo = directory.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for (file, kind) in [("/dev/zero", "a character device"), (fifo.path, "a FIFO")] {
            let (terminal, banner) = try Self.starting(in: directory, history: URL(fileURLWithPath: file))
            #expect(banner.contains("warning: the history file \(file) is not a regular file (\(kind)); history is not saved"))
            #expect(try Self.run("20 + 22", on: terminal).contains("\n42\n"))
            terminal.send(PseudoTerminal.endOfFile)
            #expect(try terminal.waitForExit() == 0)
        }
        let (terminal, banner) = try Self.starting(in: directory, history: URL(fileURLWithPath: "/dev/null"))
        #expect(!banner.contains("warning"))
        #expect(try Self.run("20 + 22", on: terminal).contains("\n42\n"))
        terminal.send(PseudoTerminal.endOfFile)
        #expect(try terminal.waitForExit() == 0)
    }

    @Test(":load of a device is refused at once")
    func loadDevice() throws {
        let terminal = try Self.start(in: Self.temporaryDirectory())
        #expect(try Self.run(":load /dev/zero", on: terminal)
                    .contains("error: cannot read /dev/zero: not a regular file (a character device)"))
        #expect(try Self.run("1 + 1", on: terminal).contains("\n2\n"))
    }

    @Test("compaction keeps the lines it keeps byte for byte: invalid UTF-8, backslashes, CRLF")
    func compactionKeepsBytes() throws {
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("history")
        var old = Data((1...10_050).map { "\($0)" }.joined(separator: "\n").utf8) + Data("\n".utf8)
        let kept: [UInt8] = Array("\"caf\u{e9}\" + \"\\d\"\n".utf8) + [0x22, 0xFF, 0xFE, 0x22, 0x0A]
            + Array("[1,\\\\n 2]\r\n\"a\\\\\"\r\n".utf8)
        old += Data(kept)
        try old.write(to: file)
        let terminal = try Self.start(in: directory, history: file)
        terminal.send(PseudoTerminal.endOfFile)
        #expect(try terminal.waitForExit() == 0)
        let compacted = try Data(contentsOf: file)
        #expect(compacted.count < old.count)
        #expect(Array(compacted.suffix(kept.count)) == kept)
        #expect(compacted.prefix(4) == Data("55\n5".utf8))
        #expect(compacted.split(separator: UInt8(ascii: "\n")).count == 10_000)
    }

    @Test("a history file with CRLF line ends loads one entry a line")
    func crlfHistory() throws {
        let directory = try Self.temporaryDirectory()
        let file = directory.appendingPathComponent("history")
        try Data("40 + 2\r\n1 + 1\r\n".utf8).write(to: file)
        let terminal = try Self.start(in: directory, history: file)
        terminal.send(PseudoTerminal.up)
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(PseudoTerminal.up)  // the entry before the last: one line
        _ = terminal.drain(for: .milliseconds(300))
        terminal.send(PseudoTerminal.enter)
        #expect(PseudoTerminal.plain(try terminal.expect("summit> ")).contains("\n42\n"))
    }

    @Test("a history file that is a symbolic link stays one: compaction and new entries go to its target")
    func symlinkedHistory() throws {
        let directory = try Self.temporaryDirectory()
        let target = directory.appendingPathComponent("real-history")
        let link = directory.appendingPathComponent("history")
        try ((1...10_050).map { "\($0)" }.joined(separator: "\n") + "\n").write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let terminal = try Self.start(in: directory, history: link)
        try Self.run("20 + 22", on: terminal)
        terminal.send(PseudoTerminal.endOfFile)
        #expect(try terminal.waitForExit() == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        let lines = try String(contentsOf: target, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10_001)
        #expect(lines.first == "51" && lines.last == "20 + 22")
    }
}
