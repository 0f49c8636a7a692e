// The built-ins that read and write the user's files: read_text, read_lines, read_csv, read_json
// and write. A path is relative to the folder of the script that calls it, as an `import` path is;
// each needs the file capability, which the `summit` command grants and an embedder may withhold.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

extension Builtin {
    /// The built-ins of data in and data out: files, tables, JSON, names to entities and `format`.
    static let dataIO: [Builtin] = files + tables + [countriesNamed, loadFacts, format, barChart, worldMap]

    static let files: [Builtin] = [
        Builtin(name: "read_text", doc: """
            read_text(path)
            The text of a UTF-8 file, relative to the script's folder (a leading byte-order mark dropped).
              read_text("notes.txt")
            """, arity: 1...1) { args, context in
            let file = try DataFile.path(args[0], "read_text", context)
            return .string(try DataFile.text(file, context))
        },
        Builtin(name: "read_lines", doc: """
            read_lines(path)
            The lines of a UTF-8 file as a list of strings, without their line ends ("\\n" or "\\r\\n").
              read_lines("names.txt")
            """, arity: 1...1) { args, context in
            let file = try DataFile.path(args[0], "read_lines", context)
            let lines = DataFile.lines(try DataFile.text(file, context))
            try context.checkSize(lines.count)
            return .list(lines.map { .string($0) })
        },
        Builtin(name: "read_csv", doc: """
            read_csv(path, options)
            The rows of a CSV file as a list of records, keyed by its header row. The separator (",", ";"
            or tab) is detected from the header, or given: {sep: ";"}. A column whose every field is a
            number holds numbers (its empty fields nil); {numbers: false} keeps every field text.
              rows = read_csv("countries.csv")
            """, arity: 1...2) { args, context in
            let file = try DataFile.path(args[0], "read_csv", context)
            let options = try Options(args, at: 1, "read_csv", allowed: ["sep", "numbers"])
            let separator = try options.separator("read_csv")
            let numbers = try options.bool("numbers", "read_csv") ?? true
            let text = try DataFile.text(file, context)
            var reader = CSVReader(text, file: file, separator: separator)
            let table = try reader.read { try context.poll($0) }
            try context.checkSize(table.rows.count)
            try context.checkSize(table.header.count)
            return .list(table.records(inferringNumbers: numbers))
        },
        Builtin(name: "read_json", doc: """
            read_json(path)
            The value of a JSON file: objects become records, arrays lists, null nil; {"$set": [...]} a
            set and {"$entity": "France"} an entity, as to_json writes them.
              read_json("results.json")
            """, arity: 1...1) { args, context in
            let file = try DataFile.path(args[0], "read_json", context)
            let json = try JSONReader.parse(try DataFile.text(file, context), file: file)
            return try JSONValues.value(json, file: file, context)
        },
        Builtin(name: "write", doc: """
            write(path, text, options)
            Writes a string to a file, relative to the script's folder, replacing it whole: the text goes
            to a temporary file in the same folder that then takes the file's place, so an error never
            leaves it half written. {append: true} adds the text at the end instead.
              write("signed.csv", to_csv(rows))
            """, arity: 2...3) { args, context in
            let file = try DataFile.path(args[0], "write", context, writing: true)
            guard case .string(let text) = args[1] else {
                throw fail("bad argument #2 to write() (string expected, got \(args[1].typeName)); "
                           + "make text with to_csv(), to_json(), to_markdown() or str()")
            }
            let options = try Options(args, at: 2, "write", allowed: ["append"])
            try DataFile.save(text, to: file, appending: try options.bool("append", "write") ?? false)
            return .null
        },
    ]
}

/// The options record a built-in takes last: `{sep: ";"}`. An unknown key is an error, so that a
/// misspelt option is not ignored.
struct Options {
    let record: Record

    /// The options in `args[index]`, if the call passes them.
    init(_ args: [Value], at index: Int, _ function: String, allowed: [String]) throws {
        guard index < args.count else { record = Record(); return }
        let value = args[index]
        guard case .record(let record) = value else {
            throw Builtin.fail("the options of \(function)() are a record such as {\(allowed[0]): ...}, got \(value.typeName)")
        }
        for key in record.keys where !allowed.contains(key) {
            throw Builtin.fail("\(function)() has no option '\(key)'" + Operators.didYouMean(key, allowed)
                               + " (options: \(allowed.joined(separator: ", ")))")
        }
        self.record = record
    }

    func bool(_ key: String, _ function: String) throws -> Bool? {
        guard let value = record[key] else { return nil }
        guard case .bool(let b) = value else { throw Builtin.fail("the option \(key) of \(function)() is true or false, got \(value.typeName)") }
        return b
    }

    /// The `sep` option: one character, not a quote or a line end.
    func separator(_ function: String) throws -> UInt8? {
        guard let value = record["sep"] else { return nil }
        guard case .string(let s) = value, s.utf8.count == 1, let byte = s.utf8.first,
              byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
            throw Builtin.fail("the option sep of \(function)() is one character such as \",\", \";\" or \"\\t\", got \(value.description)")
        }
        return byte
    }
}

/// Files as the data built-ins see them: where a path leads, and reading and writing whole files.
enum DataFile {
    /// The file a path argument names: relative to the folder of the calling script (the working
    /// directory for the REPL and `-e`), as `import` resolves its paths. Needs the file capability.
    static func path(_ argument: Value, _ function: String, _ context: CallContext, writing: Bool = false) throws -> String {
        let path = try Builtin.string(argument, function, 1)
        guard context.runtime.capabilities.contains(.fileAccess) else {
            throw SummitError(.io, "cannot \(writing ? "write" : "read") \(path): the host has not granted file access")
        }
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw Builtin.fail("bad argument #1 to \(function)() (a file path expected, got \(argument.description))")
        }
        return SourceReader.relative(path, to: context.site.file.name)
    }

    static func ioError(_ path: String, _ reason: String) -> SummitError {
        SummitError(.io, "cannot read \(path): \(reason)")
    }

    /// The text of a regular file of at most the string size limit, as UTF-8 without a leading
    /// byte-order mark. Bytes that are not UTF-8 are an error naming their line and column.
    static func text(_ path: String, _ context: CallContext) throws -> String {
        let limit = context.runtime.limits.maxStringSize
        // Not blocking: a FIFO is opened at once, then refused as not a regular file.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { throw ioError(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw ioError(path, String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ioError(path, "it is a directory")
        default: throw ioError(path, "it is not a regular file")
        }
        if Int(info.st_size) > limit {
            throw SummitError(.limit, "cannot read \(path): it is \(info.st_size) bytes; the string limit is \(limit)")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError(path, String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            // The file may have grown since it was measured.
            if bytes.count > limit {
                throw SummitError(.limit, "cannot read \(path): it is more than \(limit) bytes, the string limit")
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = position(ofFirstInvalidUTF8: bytes)
            throw ioError(path, "not valid UTF-8 at line \(line), column \(column)")
        }
        return text
    }

    /// The line and column (counted in characters' scalars) of the first byte that is not UTF-8.
    static func position(ofFirstInvalidUTF8 bytes: [UInt8]) -> (line: Int, column: Int) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1, column = 1
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// The lines of a text: "\n" and "\r\n" end a line, and a last line end makes no empty line.
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let end = i > start && bytes[i - 1] == UInt8(ascii: "\r") ? i - 1 : i
            lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return lines
    }

    /// Numbers the temporary files of this process, so that two writes never share one.
    private static let counter = Atomic<Int>(0)

    /// Writes text to a file. Replacing: into a new file beside it, then renamed over it, so that the
    /// old file stays whole until the new one is; the new file keeps the old one's permissions, and
    /// a symbolic link stays a link to the file it names. Appending: at the end of the file, made
    /// if missing.
    static func save(_ text: String, to path: String, appending: Bool) throws {
        func failure(_ reason: String) -> SummitError { SummitError(.io, "cannot write \(path): \(reason)") }
        func systemFailure() -> SummitError { failure(String(cString: strerror(errno))) }
        var target = path
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw failure("it is a directory")
            default: throw failure("it is not a regular file")
            }
            // A file the user may not write is not replaced either, though its folder would allow it.
            guard access(path, W_OK) == 0 else { throw systemFailure() }
            var link = stat()
            if lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK { target = SourceReader.absolute(path) }
        }
        if appending {
            let descriptor = open(target, O_WRONLY | O_APPEND | O_CREAT, 0o666)
            guard descriptor >= 0 else { throw systemFailure() }
            defer { close(descriptor) }
            try writeAll(text, to: descriptor, failure: systemFailure)
            return
        }
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        let number = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        let temporary = "\(folder).\(name).\(getpid()).\(number).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard descriptor >= 0 else { throw systemFailure() }
        var done = false
        defer { if !done { unlink(temporary) } }
        do {
            if exists { fchmod(descriptor, info.st_mode & 0o7777) }
            try writeAll(text, to: descriptor, failure: systemFailure)
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0, rename(temporary, target) == 0 else { throw systemFailure() }
        done = true
    }

    private static func writeAll(_ text: String, to descriptor: Int32, failure: () -> SummitError) throws {
        var text = text
        try text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure()
                }
                offset += n
            }
        }
    }
}
