// Results as HTML, for the notebook kernel: the tables the terminal shows (`table(of:)` chooses
// them and their columns by kind), with every cell whole, addresses as links, the count line and
// the legend of the marks under them.
import SummitKit

extension ResultFormatter {
    /// A result as an HTML table, or nil when it is not shown as a table (a number, a short set):
    /// then its text is all there is to show.
    func html(_ value: Value, marks: DisplayMarks, width: Int) -> String? {
        guard let shown = table(of: value, marks: marks, width: width) else { return nil }
        // Notebooks right-align table cells by default; text reads better from the left.
        let left = " style=\"text-align: left\""
        var out = "<table class=\"summit\">\n<thead><tr>"
        for header in shown.table.headers { out += "<th\(left)>\(Self.escapedHTML(header))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        let rows = shown.table.rows.prefix(maxRows)
        for row in rows {
            out += "<tr>"
            for column in shown.table.headers.indices {
                let cell = row.indices.contains(column) ? row[column] : ""
                out += "<td\(left)>\(Self.cellHTML(cell))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        var note = shown.count
        if shown.table.rows.count > rows.count {
            note += "; \(shown.table.rows.count - rows.count) not shown (print(_) shows all)"
        }
        let legend = shown.ofRecords ? [] : marks.legend
        return out + "<p>" + ([note] + legend).map(Self.escapedHTML).joined(separator: "<br>\n") + "</p>\n"
    }

    /// A cell's text, escaped; an address alone in a cell becomes a link to it.
    static func cellHTML(_ text: String) -> String {
        let escaped = escapedHTML(text)
        let isAddress = (text.hasPrefix("https://") || text.hasPrefix("http://")) && !text.contains(where: \.isWhitespace)
        return isAddress ? "<a href=\"\(escaped)\">\(escaped)</a>" : escaped
    }

    /// Text with the characters that HTML gives a meaning escaped.
    static func escapedHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
