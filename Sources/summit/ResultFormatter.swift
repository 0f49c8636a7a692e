// How the REPL shows a result: the value's display text, coloured by type on a terminal; a list of
// records, and a set or list of many entities, as a table with columns that fit the entities' kind
// and a count line; marks after unconfirmed elements with their legend; and anything long cut short
// with a note of what is hidden, since a REPL screen is not the place for ten thousand lines.
import SummitKit

/// Renders values, and errors and notes, for the REPL's terminal.
struct ResultFormatter {
    /// Whether to use ANSI colours.
    var color: Bool
    /// A list or set of at least this many entities is shown as a table.
    var tableThreshold = 6
    /// The most table rows shown before the rest is cut.
    var maxRows = 30
    /// The most characters of a one-line display before the rest is cut.
    var maxCharacters = 2_000
    /// The most bytes of a value's text that are written to show it: a value that shares its parts
    /// (`r = [r, r]` forty times) is a tree of 2^40 elements, whose text is never done. A longer
    /// text is cut with a note that says how long it is at least, instead of how much is hidden.
    var maxTextBytes = 1 << 20

    enum Style: String {
        case number = "36", string = "32", keyword = "35", entity = "1;34", function = "33"
        case dim = "2", error = "1;31", bold = "1"
    }

    /// `text` in a style, when colour is on.
    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The text the REPL prints for a result, ending with a newline. `marks` are the marks of its
    /// elements (`Interpreter.marks(of:)`); `width` is the terminal's, to which tables are cut.
    func format(_ value: Value, marks: DisplayMarks = DisplayMarks(),
                recordMarks: (members: [String: DisplayMarks], legend: [String]) = ([:], []),
                width: Int = 80) -> String {
        if let shown = table(of: value, marks: marks, width: width) {
            guard shown.ofRecords else {
                return layout(shown.table, width: width, count: shown.count, marks: marks) + incompleteLegend(value)
            }
            // A table that fits only by cutting a column to a stub (a citation to 18 characters)
            // is shown a record at a time instead.
            let natural = shown.table.columnWidths(), fitted = shown.table.columnWidths(width: width)
            if zip(natural, fitted).contains(where: { $1 < min($0, 24) }) {
                return expanded(shown.table, width: width, count: shown.count)
            }
            return layout(shown.table, width: width, count: shown.count)
        }
        if case .record(let record) = value, !record.keys.isEmpty {
            return format(record, marks: recordMarks, width: width)
        }
        // Marks are made only for values within a set fact, which are small.
        let shown = marks.isEmpty ? shortened(value) : shortened(Value.description(of: value, marks: marks))
        var out = paint(shown.text, style(of: value))
        if let note = shown.note { out += paint(note, .dim) }
        return out + "\n" + legend(marks)
    }

    /// The start of a value's text, at most `maxCharacters`, and the note that says what is cut.
    func shortened(_ value: Value) -> (text: String, note: String?) {
        let written = value.text(maxBytes: maxTextBytes)
        guard written.isComplete else {
            return (String(written.text.prefix(maxCharacters)), Value.cutNote(maxTextBytes))
        }
        return shortened(written.text)
    }

    private func shortened(_ text: String) -> (text: String, note: String?) {
        guard text.count > maxCharacters else { return (text, nil) }
        return (String(text.prefix(maxCharacters)), "… (\(text.count - maxCharacters) more characters; print(_) shows all)")
    }

    private func legend(_ marks: DisplayMarks) -> String { legend(marks.legend) }

    private func legend(_ lines: [String]) -> String {
        lines.map { paint($0, .dim) + "\n" }.joined()
    }

    /// A record on one line when it fits, else a member a line (`Europe  {Austria, ...}`), long
    /// values wrapped under themselves, with the marks of its sets and their legend.
    private func format(_ record: Record, marks: (members: [String: DisplayMarks], legend: [String]), width: Int) -> String {
        // A record with a huge member is not written whole only to be measured.
        let tooLong = String(repeating: " ", count: width + 1)
        var line = tooLong
        if record.count <= 50 && record.allSatisfy({ Self.isSmall($0.value) }) {
            // Small in elements, but a member may share its parts: only a line's worth is written.
            let written = Value.record(record).text(maxBytes: 4 * width)
            if written.isComplete { line = marks.members.isEmpty ? written.text : Value.description(of: record, marks: marks.members) }
        }
        if line.count <= width { return paint(line, .bold) + "\n" + legend(marks.legend) }
        var keys: [String] = [], cells: [String] = []
        for (key, value) in record {
            var shown = ""
            Value.writeKey(key, of: record, into: &shown)
            keys.append(String(shown.dropLast(2)))
            var cell: (text: String, note: String?)
            if let marked = marks.members[key] {
                cell = shortened(Value.description(of: value, marks: marked))
            } else if case .string = value {
                cell = shortened(TextTable.cell(value))
            } else {
                cell = value == .null ? ("", nil) : shortened(value)
            }
            cells.append(cell.text + (cell.note ?? ""))
        }
        return block(keys: keys, cells: cells, width: width) + legend(marks.legend)
    }

    /// Whether a value is small enough to write in full just to see if it fits on a line.
    private static func isSmall(_ value: Value) -> Bool {
        switch value {
        case .list(let items): return items.count <= 200
        case .set(let set): return set.count <= 200
        case .record(let record): return record.count <= 200
        case .string(let s): return s.utf8.count <= 2_000
        default: return true
        }
    }

    /// `key  value` lines, the values aligned and wrapped to `width`; empty values left out.
    private func block(keys: [String], cells: [String], width: Int) -> String {
        let keyWidth = keys.map(\.count).max() ?? 0
        let room = max(20, width - keyWidth - 2)
        let indent = String(repeating: " ", count: keyWidth + 2)
        var out = ""
        for (key, cell) in zip(keys, cells) where !cell.isEmpty {
            let lines = Self.wrap(cell, to: room)
            out += paint(key, .dim) + String(repeating: " ", count: keyWidth - key.count + 2) + lines[0] + "\n"
            for line in lines.dropFirst() { out += indent + line + "\n" }
        }
        return out
    }

    private func style(of value: Value) -> Style {
        switch value {
        case .int, .double: return .number
        case .string: return .string
        case .bool, .null: return .keyword
        case .entity: return .entity
        case .function: return .function
        case .list, .set, .record: return .bold
        }
    }

    /// The entities of a list or set whose elements are all entities.
    static func entities(of value: Value) -> [Entity]? {
        let elements: [Value]
        switch value {
        case .list(let items): elements = items
        case .set(let set): elements = set.sorted
        default: return nil
        }
        var entities: [Entity] = []
        for element in elements {
            guard case .entity(let e) = element else { return nil }
            entities.append(e)
        }
        return entities
    }

    /// The columns that fit entities of the given kinds: a header and a cell for each.
    static func columns(for kinds: Set<String>) -> [(header: String, cell: (Entity) -> String)] {
        func member(_ name: String) -> (Entity) -> String { { e in e[name].map(TextTable.cell) ?? "" } }
        let name: (header: String, cell: (Entity) -> String) = ("name", { $0.name })
        switch kinds {
        case ["country"], ["organisation"], ["country", "organisation"]:
            return [name, ("code", { e in e["iso2"].map(TextTable.cell) ?? e["code"].map(TextTable.cell) ?? "" }),
                    ("region", member("region"))]
        case ["person"]:
            return [name, ("role", member("role")),
                    ("country or org", { e in e["country"].flatMap { $0 == .null ? nil : TextTable.cell($0) } ?? member("organisation")(e) })]
        case ["quote"]:
            return [("speaker", member("speaker")), ("date", member("date")), ("text", member("text"))]
        case ["summit"]:
            return [name, ("year", member("year")), ("city", member("city")), ("dates", member("dates"))]
        default:
            return [name, ("kind", { $0.kind })]
        }
    }

    /// A result shown as a table: its cells, and the count line under it (`7 countries`).
    struct ResultTable {
        var table: TextTable
        var count: String
        /// Whether the rows are records (a column a key) rather than entities (columns by kind).
        var ofRecords: Bool
    }

    /// The table a result is shown as, on a terminal and in a notebook: a list or set of records,
    /// or one of entities that are many or do not fit on a line of `width`, with the columns of
    /// their kind and the marks after the first cell. Nil for a result shown otherwise.
    func table(of value: Value, marks: DisplayMarks, width: Int) -> ResultTable? {
        if let table = TextTable(records: value, cellBytes: maxTextBytes) {
            return ResultTable(table: table, count: "\(table.rows.count) \(Self.plural("record", table.rows.count))", ofRecords: true)
        }
        guard let entities = Self.entities(of: value), !entities.isEmpty,
              entities.count >= tableThreshold || Value.description(of: value, marks: marks).count > width else { return nil }
        let kinds = Set(entities.map(\.kind))
        let columns = Self.columns(for: kinds)
        let rows = entities.map { e in
            columns.enumerated().map { i, column in
                i == 0 ? column.cell(e) + marks.symbols(of: .entity(e)) : column.cell(e)
            }
        }
        let noun = kinds.count == 1 ? Self.plural(kinds.first!, entities.count) : (entities.count == 1 ? "entity" : "entities")
        let isList = if case .list = value { true } else { false }
        return ResultTable(table: TextTable(headers: columns.map(\.header), rows: rows),
                           count: "\(entities.count) \(noun)" + (isList ? " (list)" : ""), ofRecords: false)
    }

    /// Records a block at a time, one `key  value` line a member, long values wrapped under
    /// themselves to `width`, a blank line between records; empty cells are left out.
    private func expanded(_ table: TextTable, width: Int, count: String) -> String {
        var out = ""
        let rows = table.rows.prefix(maxRows)
        for (i, row) in rows.enumerated() {
            if i > 0 { out += "\n" }
            out += block(keys: table.headers, cells: row, width: width)
        }
        var note = count
        if table.rows.count > rows.count { note += "; \(table.rows.count - rows.count) not shown (print(_) shows all)" }
        return out + paint(note, .dim) + "\n"
    }

    /// Text broken at spaces into lines of at most `width` characters; a longer word (an address)
    /// is not broken but has a line of its own, so that it can be copied whole.
    static func wrap(_ text: String, to width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        lines.append(line)
        return lines
    }

    /// A table cut to `maxRows` and `width`, its first column in the entity colour, then the count
    /// line and the legend.
    private func layout(_ table: TextTable, width: Int, count: String, marks: DisplayMarks = DisplayMarks()) -> String {
        var shown = table
        shown.rows = Array(table.rows.prefix(maxRows))
        let lines = shown.lines(width: width)
        var out = paint(TextTable.join(lines[0]), .dim) + "\n"
        for cells in lines.dropFirst() {
            let rest = TextTable.join(Array(cells.dropFirst()))
            out += (cells.count > 1 ? paint(cells[0], .entity) + "  " + rest : paint(TextTable.join(cells), .entity)) + "\n"
        }
        var note = count
        if table.rows.count > shown.rows.count {
            note += "; \(table.rows.count - shown.rows.count) not shown (print(_) shows all)"
        }
        return out + paint(note, .dim) + "\n" + legend(marks)
    }

    static func plural(_ noun: String, _ n: Int) -> String {
        if n == 1 { return noun }
        if noun == "person" { return "people" }
        if noun.hasSuffix("y"), !noun.hasSuffix("ey") { return noun.dropLast() + "ies" }
        if noun.hasSuffix("s") { return noun + "es" }
        return noun + "s"
    }

    /// An error as the command prints it, in the error colour.
    func format(error: SummitError) -> String {
        let text = error.description
        guard color else { return text + "\n" }
        // Colour the first line (file:line:col: error: message) and the caret line.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !lines.isEmpty { lines[0] = paint(lines[0], .error) }
        if lines.count >= 3, lines[2].contains("^") { lines[2] = paint(lines[2], .error) }
        return lines.joined(separator: "\n") + "\n"
    }
}
