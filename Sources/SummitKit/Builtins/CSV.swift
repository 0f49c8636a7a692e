// Tables as text: CSV read into records (RFC 4180, with the separators spreadsheets use), and a
// list of records written back as CSV or as a Markdown pipe table. Reading is strict: a file that
// is not a table is an error at its line and column, never a table with rows missing.

/// Reads CSV text: a header row, then rows of as many fields. A field in double quotes may hold the
/// separator, line ends and doubled quotes (`""` for one); a quote inside an unquoted field is kept
/// as it is. Lines end with "\n", "\r\n" or "\r"; blank lines are skipped.
struct CSVReader {
    private let bytes: [UInt8]
    private let file: String
    private let separator: UInt8
    private var position = 0
    /// The line of `position`, and the offset where that line starts, for messages.
    private var line = 1
    private var lineStart = 0

    /// A header and rows of text fields, each row as long as the header.
    struct Table {
        var header: [String]
        var rows: [[String]]
        /// The line each row starts on, for messages about a row.
        var lines: [Int]
    }

    init(_ text: String, file: String, separator: UInt8?) {
        bytes = Array(text.utf8)
        self.file = file
        self.separator = separator ?? CSVReader.detectSeparator(bytes)
    }

    /// The separator of the header row: whichever of ",", ";" and tab it holds most often outside
    /// quotes (a comma when there is a tie or none).
    static func detectSeparator(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\t") { counts[byte, default: 0] += 1 }
        }
        var best = UInt8(ascii: ","), bestCount = counts[best] ?? 0
        for candidate in [UInt8(ascii: ";"), UInt8(ascii: "\t")] where counts[candidate] ?? 0 > bestCount {
            best = candidate
            bestCount = counts[candidate]!
        }
        return best
    }

    func error(_ message: String, line: Int, column: Int) -> SummitError {
        SummitError(.io, "invalid CSV in \(file) at line \(line), column \(column): \(message)")
    }

    /// The column of `offset` on the current line, in characters (counting scalars).
    private func column(_ offset: Int) -> Int {
        var column = 1
        for byte in bytes[lineStart..<min(offset, bytes.count)] where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// The whole table; `poll` is called with each row's number, so that a long read can be stopped.
    mutating func read(poll: (Int) throws -> Void) throws -> Table {
        guard let (header, headerLine) = try record() else { return Table(header: [], rows: [], lines: []) }
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty { throw error("column \(index + 1) of the header has no name", line: headerLine, column: 1) }
            if let earlier = seen[name] {
                throw error("the header names \(Value.string(name).description) twice (columns \(earlier + 1) and \(index + 1))",
                            line: headerLine, column: 1)
            }
            seen[name] = index
        }
        var rows: [[String]] = []
        var lines: [Int] = []
        while let (fields, start) = try record() {
            guard fields.count == header.count else {
                throw error("this row has \(fields.count) field\(fields.count == 1 ? "" : "s"); the header has \(header.count)",
                            line: start, column: 1)
            }
            rows.append(fields)
            lines.append(start)
            try poll(rows.count)
        }
        return Table(header: header, rows: rows, lines: lines)
    }

    /// The next non-blank record and the line it starts on, or nil at the end of the text.
    private mutating func record() throws -> (fields: [String], line: Int)? {
        while position < bytes.count {
            let start = line
            var fields: [String] = []
            var blank = true
            while true {
                let (field, quoted) = try self.field()
                if quoted || !field.isEmpty { blank = false }
                fields.append(field)
                guard position < bytes.count else { break }
                let byte = bytes[position]
                if byte == separator { position += 1; blank = false; continue }
                // A line end.
                position += 1
                if byte == UInt8(ascii: "\r"), position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
                line += 1
                lineStart = position
                break
            }
            if !blank { return (fields, start) }
        }
        return nil
    }

    /// One field, and whether it was quoted; `position` is left on the separator or line end after it.
    private mutating func field() throws -> (String, Bool) {
        let quote = UInt8(ascii: "\"")
        if position < bytes.count, bytes[position] == quote {
            let openLine = line, openColumn = column(position)
            position += 1
            var out: [UInt8] = []
            while true {
                guard position < bytes.count else {
                    throw error("the quote opened here is never closed", line: openLine, column: openColumn)
                }
                let byte = bytes[position]
                if byte == quote {
                    if position + 1 < bytes.count, bytes[position + 1] == quote {
                        out.append(quote)
                        position += 2
                        continue
                    }
                    position += 1
                    break
                }
                if byte == UInt8(ascii: "\n") { line += 1; lineStart = position + 1 }
                out.append(byte)
                position += 1
            }
            if position < bytes.count, !isEnd(bytes[position]) {
                throw error("a quoted field must end at its closing quote, found \(printable(position)) after it",
                            line: line, column: column(position))
            }
            return (String(decoding: out, as: UTF8.self), true)
        }
        let start = position
        while position < bytes.count, !isEnd(bytes[position]) { position += 1 }
        return (String(decoding: bytes[start..<position], as: UTF8.self), false)
    }

    private func isEnd(_ byte: UInt8) -> Bool {
        byte == separator || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    /// The character at `offset`, quoted, for a message.
    private func printable(_ offset: Int) -> String {
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return Value.string(String(decoding: bytes[offset..<end], as: UTF8.self)).description
    }
}

extension CSVReader.Table {
    /// The rows as records keyed by the header. With `inferringNumbers`, a column whose every
    /// non-empty field is a number (see `number(_:)`) holds numbers, and nil where a field is empty;
    /// every other column holds its fields as text, exactly as written.
    func records(inferringNumbers: Bool) -> [Value] {
        // The numbers of each column that holds only numbers (and empty fields), read once.
        var numbers = [[Value]?](repeating: nil, count: header.count)
        if inferringNumbers {
            for column in header.indices {
                var values: [Value] = []
                values.reserveCapacity(rows.count)
                var any = false
                for row in rows {
                    if row[column].isEmpty { values.append(.null); continue }
                    guard let number = CSVReader.number(row[column]) else { any = false; break }
                    values.append(number)
                    any = true
                }
                if any { numbers[column] = values }
            }
        }
        let shape = Record.Shape(distinctNames: header)  // one for every row
        return rows.indices.map { index in
            let row = rows[index]
            return .record(Record(shape: shape) { column in numbers[column]?[index] ?? .string(row[column]) })
        }
    }
}

extension CSVReader {
    /// The number a field holds, written as JSON writes numbers: an optional minus, an integer part
    /// without leading zeros, then an optional fraction and exponent (`42`, `-0.5`, `1e6`). Not
    /// `007`, `1,000`, `+3`, ` 4` or `nan`, which stay text, as do integers beyond 64 bits.
    static func number(_ text: String) -> Value? {
        var contiguous = text
        return contiguous.withUTF8 { number(utf8: $0, text) }
    }

    private static func number(utf8: UnsafeBufferPointer<UInt8>, _ text: String) -> Value? {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < utf8.count, utf8[i] >= UInt8(ascii: "0"), utf8[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < utf8.count, utf8[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || utf8[integerStart] != UInt8(ascii: "0") else { return nil }
        var integral = true
        if i < utf8.count, utf8[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return nil }
            integral = false
        }
        if i < utf8.count, utf8[i] == UInt8(ascii: "e") || utf8[i] == UInt8(ascii: "E") {
            i += 1
            if i < utf8.count, utf8[i] == UInt8(ascii: "+") || utf8[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
            integral = false
        }
        guard i == utf8.count else { return nil }
        if integral { return Int(text).map { .int($0) } }
        guard let d = Double(text), d.isFinite else { return nil }
        return .double(d)
    }
}

/// Writing rows as tables: the columns are the fields of the records in the order first seen, and a
/// record without one of them has an empty cell there.
enum TableWriter {
    /// The records of a list (or set) of rows, and the columns they make.
    static func rows(_ value: Value, _ function: String) throws -> (columns: [String], rows: [Record]) {
        var columns: [String] = []
        var seen = Set<String>()
        var rows: [Record] = []
        for (index, item) in try Builtin.elements(value, function).enumerated() {
            guard case .record(let record) = item else {
                throw Builtin.fail("\(function)() needs a list of records; element \(index + 1) is \(item.typeName == "nil" ? "nil" : "a \(item.typeName)")"
                                   + "; make records with map(xs, x => {name: x.name, ...})")
            }
            // A row with the keys of the row before it (the rows of one file or one literal) adds
            // no column, and its keys need no hashing.
            if rows.last.map({ !$0.sharesKeys(with: record) }) ?? true {
                for key in record.keys where seen.insert(key).inserted { columns.append(key) }
            }
            rows.append(record)
        }
        return (columns, rows)
    }

    /// The text of a cell: nil is empty, a string itself, a number or bool as it prints, an entity
    /// its name, a list or set its elements' cells joined by "; ". A record or a function is an error.
    static func cell(_ value: Value, _ function: String, column: String, nested: Bool = false) throws -> String {
        switch value {
        case .null: return ""
        case .string(let s): return s
        case .bool, .int, .double: return value.printed
        case .entity(let e): return e.name
        case .list, .set:
            guard !nested else { throw cellError(value, function, column) }
            return try Builtin.elements(value, function).map { try cell($0, function, column: column, nested: true) }.joined(separator: "; ")
        case .record, .function: throw cellError(value, function, column)
        }
    }

    private static func cellError(_ value: Value, _ function: String, _ column: String) -> SummitError {
        Builtin.fail("\(function)(): the field \(column) holds a \(value.typeName == "list" || value.typeName == "set" ? "nested \(value.typeName)" : value.typeName); "
                     + "a cell holds text, a number, a bool, an entity or a list of them")
    }

    /// CSV text: a header line, then a line a row, each ending "\n". A field holding the separator,
    /// a quote or a line end is quoted, its quotes doubled (RFC 4180). The text is written as
    /// bytes and made a string once: appended to a String a piece at a time, it was checked for
    /// room and for its kind of storage at every piece.
    static func csv(_ value: Value, separator: UInt8, _ context: CallContext) throws -> String {
        let (columns, rows) = try rows(value, "to_csv")
        guard !columns.isEmpty else { return "" }
        var out: [UInt8] = []
        for (number, column) in columns.enumerated() {
            if number > 0 { out.append(separator) }
            write(column, separator, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
        for (index, row) in rows.enumerated() {
            for (number, column) in columns.enumerated() {
                if number > 0 { out.append(separator) }
                write(try cell(row[column] ?? .null, "to_csv", column: column), separator, to: &out)
            }
            out.append(UInt8(ascii: "\n"))
            try context.poll(index + 1)
            try context.checkString(out.count)
        }
        // Valid UTF-8: the pieces of strings, and ASCII (the separator is one ASCII character).
        return out.withUnsafeBufferPointer { Builtin.string(ofValidUTF8: $0) }
    }

    /// Writes a field of CSV: `text`, quoted where it holds the separator, a quote or a line end.
    /// (A function apart, given the text's bytes by `inout`: a nested function that wrote to the
    /// caller's array had each write checked for exclusive access.)
    private static func write(_ text: String, _ separator: UInt8, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == separator || $0 == quote || $0 == newline || $0 == carriageReturn }) else {
                out.append(contentsOf: bytes)
                return
            }
            // A quote byte is only ever the character ", whatever the text around it.
            out.append(quote)
            for byte in bytes {
                if byte == quote { out.append(quote) }
                out.append(byte)
            }
            out.append(quote)
        }
    }

    /// A Markdown pipe table, its columns padded to one width; a column of numbers is aligned right.
    /// In a cell, "|" is escaped as "\|" and a line end becomes "<br>".
    static func markdown(_ value: Value, _ context: CallContext) throws -> String {
        let (columns, rows) = try rows(value, "to_markdown")
        guard !columns.isEmpty else { return "" }
        func escaped(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "|": out += "\\|"
                case "\n", "\r\n", "\r": out += "<br>"
                default: out.append(character)
                }
            }
            return out
        }
        var cells: [[String]] = [columns.map(escaped)]
        var numeric = [Bool](repeating: !rows.isEmpty, count: columns.count)
        for (index, row) in rows.enumerated() {
            cells.append(try columns.enumerated().map { column, name in
                let value = row[name] ?? .null
                if value.number == nil && value != .null { numeric[column] = false }
                return escaped(try cell(value, "to_markdown", column: name))
            })
            try context.poll(index + 1)
        }
        for column in columns.indices where rows.allSatisfy({ ($0[columns[column]] ?? .null) == .null }) { numeric[column] = false }
        let widths = columns.indices.map { column in max(3, cells.map { $0[column].count }.max() ?? 0) }
        func line(_ row: [String], right: Bool) -> String {
            "| " + row.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return right && numeric[column] ? padding + text : text + padding
            }.joined(separator: " | ") + " |\n"
        }
        var out = line(cells[0], right: false)
        out += "|" + columns.indices.map { column in
            String(repeating: "-", count: widths[column] + (numeric[column] ? 1 : 2)) + (numeric[column] ? ":" : "")
        }.joined(separator: "|") + "|\n"
        for row in cells.dropFirst() {
            out += line(row, right: true)
            try context.checkString(out.utf8.count)
        }
        return out
    }
}

extension Builtin {
    static let tables: [Builtin] = [
        Builtin(name: "to_csv", doc: """
            to_csv(rows, options)
            A list of records as CSV text: a header of their fields, then a line a record. nil is an
            empty field, an entity its name, a list or set its elements joined by "; "; fields are
            quoted where needed (RFC 4180). {sep: ";"} or {sep: "\\t"} changes the separator.
              write("out.csv", to_csv([{name: "France", n: 1}]))
            """, arity: 1...2) { args, context in
            let options = try Options(args, at: 1, "to_csv", allowed: ["sep"])
            return .string(try TableWriter.csv(args[0], separator: try options.separator("to_csv") ?? UInt8(ascii: ","), context))
        },
        Builtin(name: "to_markdown", doc: """
            to_markdown(rows)
            A list of records as a Markdown pipe table, to paste into an article: cells as to_csv writes
            them, "|" escaped, numbers aligned right.
              print(to_markdown([{country: France, signed: true}]))
            """, arity: 1...1) { args, context in
            .string(try TableWriter.markdown(args[0], context))
        },
        toJSON,
    ]
}
