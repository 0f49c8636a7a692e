// Hostile input to the command (issue 7): files that are not readable text give a clear error and
// exit status 66; runaway recursion in `-e` is a limit error with a short trace, exit status 70.
import Foundation
import Testing

@Suite("files the command cannot run")
struct UnrunnableFiles {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("summit-hostile-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    @Test func aDirectory() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.summit"), withIntermediateDirectories: true)
        let result = try Command.run(["dir.summit"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read dir.summit: it is a directory\n")
    }

    @Test func aMissingFile() throws {
        let result = try Command.run(["missing.summit"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read missing.summit: No such file or directory\n")
    }

    @Test("an unreadable file", .enabled(if: geteuid() != 0, "root reads any file"))
    func anUnreadableFile() throws {
        let file = folder.appendingPathComponent("secret.summit")
        try "print(1)\n".write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0)
        let result = try Command.run(["secret.summit"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read secret.summit: Permission denied\n")
    }

    @Test("invalid UTF-8 on standard input")
    func invalidStandardInput() throws {
        let file = folder.appendingPathComponent("bad.summit")
        try Data([0x70, 0xFF, 0x0A]).write(to: file)
        let result = try Command.run(["-"], in: folder, input: String(decoding: [0x70], as: UTF8.self))
        #expect(result.status == 0 || result.status == 70)  // "p" alone: an undefined name
        let bad = try Command.run(["bad.summit"], in: folder)
        #expect(bad.status == 66)
        #expect(bad.stderr.contains("not valid UTF-8"))
    }
}

@Test("runaway recursion in -e: call depth exceeded, a short trace, exit 70")
func runawayRecursionInExpression() throws {
    let result = try Command.run(["-e", "fn f(x) = f(x + 1); f(0)"])
    #expect(result.status == 70)
    #expect(result.stderr.contains("error: call depth exceeded"))
    #expect(result.stderr.split(separator: "\n").count < 12, "\(result.stderr)")
}

@Test("-e prints a value nested 100,000 deep")
func deepValueInExpression() throws {
    let result = try Command.run(["-e", "var x = []; for i in range(100000) { x = [x] }; x"])
    #expect(result.status == 0, "\(result.stderr.prefix(500))")
    #expect(result.stdout.hasPrefix("[[[[") && result.stdout.count == 200_003)
}

@Suite("special files (issue 25): refused at once, never read without end")
struct SpecialFiles {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("summit-special-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    @Test("a character device as the script")
    func characterDevice() throws {
        let result = try Command.run(["/dev/zero"])
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read /dev/zero: not a regular file (a character device)\n")
    }

    @Test("a character device or a FIFO imported")
    func importedSpecialFiles() throws {
        let zero = try Command.run(["-e", #"import "/dev/zero""#])
        #expect(zero.status == 66)
        #expect(zero.stderr.hasPrefix("<expr>:1:1: error: cannot read /dev/zero: not a regular file (a character device)\n"))
        // No writer ever opens the FIFO: reading it would wait for good.
        let fifo = folder.appendingPathComponent("fifo.summit")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let result = try Command.run(["-e", #"import "fifo.summit""#], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr.hasPrefix("<expr>:1:1: error: cannot read fifo.summit: not a regular file (a FIFO)\n"))
    }

    @Test("a file over the size bound is refused before it is read")
    func tooLarge() throws {
        let file = folder.appendingPathComponent("huge.summit")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        #expect(truncate(file.path, 64 << 20 + 1) == 0)  // sparse: no disk space used
        let result = try Command.run(["huge.summit"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr == "error: cannot read huge.summit: larger than 64 MiB\n")
    }

    @Test("a pipe named as the script is read as standard input is")
    func pipeAsScript() throws {
        let result = try Command.run(["/dev/stdin", "x"], input: "print(args)\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\"x\"]\n")
        #expect(try Command.run(["-"], input: "print(1)\n").stdout == "1\n")
    }
}

@Suite("the command under ulimit -v")
struct AddressSpaceLimit {
    /// Runs `summit -e source` under `ulimit -v` of 2,000,000 KiB.
    private func run(_ source: String) throws -> Command.Result {
        let summit = Command.binary.path.replacingOccurrences(of: "'", with: #"'\''"#)
        let script = "ulimit -v 2000000 && exec '\(summit)' -e \"$1\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", source]
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Command.Result(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                              status: process.terminationStatus)
    }

    @Test("a list the limits allow but the memory does not: a limit error, exit 70, not a trap")
    func largeList() throws {
        for source in ["let l = range(90_000_000)", "let l = [0] * 90_000_000"] {
            let result = try run(source)
            #expect(result.status == 70, "\(source): \(result.stderr.prefix(300))")
            #expect(result.stderr.hasPrefix("<expr>:1:9: error: memory limit exceeded (the process would use "), "\(result.stderr.prefix(300))")
            #expect(result.stderr.contains("the limit is 1708 MiB)\n"), "\(result.stderr.prefix(300))")
        }
        let small = try run("count(range(1_000_000))")
        #expect(small.status == 0)
        #expect(small.stdout == "1000000\n")
    }
}
