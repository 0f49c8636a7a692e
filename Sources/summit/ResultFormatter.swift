// How the REPL shows a result: the value's display text, coloured by type on a terminal; a set or
// list of many entities as a table (name, code, region) with a count line; and anything long cut
// short with a note of what is hidden, since a REPL screen is not the place for ten thousand lines.
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

    enum Style: String {
        case number = "36", string = "32", keyword = "35", entity = "1;34", function = "33"
        case dim = "2", error = "1;31", bold = "1"
    }

    /// `text` in a style, when colour is on.
    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The text the REPL prints for a result, ending with a newline.
    func format(_ value: Value) -> String {
        if let entities = Self.entities(of: value), entities.count >= tableThreshold {
            return table(entities, isSet: { if case .set = value { true } else { false } }()) + incompleteLegend(value)
        }
        var text = value.description
        var hidden = 0
        if text.count > maxCharacters {
            hidden = text.count - maxCharacters
            text = String(text.prefix(maxCharacters))
        }
        var out = paint(text, style(of: value))
        if hidden > 0 { out += paint("… (\(hidden) more characters; print(_) shows all)", .dim) }
        return out + "\n"
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

    /// Entities as an aligned table of name, code and region, cut to `maxRows`, with a count line.
    func table(_ entities: [Entity], isSet: Bool) -> String {
        func text(_ v: Value?) -> String {
            switch v {
            case .string(let s)?: return s
            case nil, .null?: return ""
            case let other?: return other.description
            }
        }
        let rows = entities.prefix(maxRows).map { e in
            [e.name, text(e["iso2"] ?? e["code"]), text(e["region"] ?? .string(e.kind))]
        }
        let headers = ["name", "code", "region"]
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func padded(_ cell: String, _ column: Int) -> String {
            column == widths.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
        }
        var out = paint(headers.indices.map { padded(headers[$0], $0) }.joined(separator: "  "), .dim) + "\n"
        for row in rows {
            out += paint(padded(row[0], 0), .entity) + "  "
            out += row.indices.dropFirst().map { padded(row[$0], $0) }.joined(separator: "  ") + "\n"
        }
        let kinds = Set(entities.map(\.kind))
        let noun = kinds.count == 1 ? Self.plural(kinds.first!, entities.count) : (entities.count == 1 ? "entity" : "entities")
        var count = "\(entities.count) \(noun)" + (isSet ? "" : " (list)")
        if entities.count > rows.count {
            count += "; \(entities.count - rows.count) not shown (print(_) shows all)"
        }
        return out + paint(count, .dim) + "\n"
    }

    static func plural(_ noun: String, _ n: Int) -> String {
        if n == 1 { return noun }
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
