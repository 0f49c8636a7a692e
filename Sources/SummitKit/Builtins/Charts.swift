// bar_chart: horizontal bars drawn in the terminal with Unicode blocks, or written as SVG. The bars
// are measured once (`Bars`), and the two renderings only lay them out, so they always agree.

extension Builtin {
    static let barChart = Builtin(name: "bar_chart", doc: """
        bar_chart(data) or bar_chart(data, path)
        Horizontal bars, one a field of a record: of numbers, or of lists or sets (as group_by makes),
        whose bar is their count. Drawn in the terminal, or written as SVG to a path ending in .svg.
          bar_chart(group_by(signed, c => c.region))
          bar_chart({yes: 58, no: 2}, "votes.svg")
        """, arity: 1...2) { args, context in
        let bars = try Bars(args[0])
        if args.count == 1 {
            let text = bars.terminal()
            try context.checkString(text.utf8.count)
            context.write(text)
            return .null
        }
        let file = try DataFile.path(args[1], "bar_chart", context, writing: true)
        guard file.lowercased().hasSuffix(".svg") else {
            throw fail("bar_chart() writes SVG: give a path ending in .svg, got \(args[1].description)")
        }
        let svg = bars.svg()
        try context.checkString(svg.utf8.count)
        try DataFile.save(svg, to: file, appending: false)
        return .null
    }
}

/// The bars of a chart: a label, a length and the text of the value, in the record's order.
struct Bars {
    var labels: [String] = []
    var values: [Double] = []
    var texts: [String] = []

    /// The widest bar in the terminal, in character cells.
    static let terminalWidth = 40

    init(_ data: Value) throws {
        guard case .record(let record) = data else {
            throw Builtin.fail("bad argument #1 to bar_chart() (a record of numbers, or of lists as group_by makes, "
                               + "expected, got \(data.typeName))")
        }
        for (label, value) in record {
            let number: Double, text: String
            switch value {
            case .int(let i):
                number = Double(i)
                text = String(i)
            case .double(let d):
                number = d
                text = Value.format(d)
            case .list(let l):
                number = Double(l.count)
                text = String(l.count)
            case .set(let s):
                number = Double(s.count)
                text = String(s.count)
            default:
                throw Builtin.fail("bar_chart() needs a number, list or set for each bar, got \(value.typeName) for '\(label)'")
            }
            guard number.isFinite, number >= 0 else {
                throw Builtin.fail("bar_chart() draws bars of zero or more; '\(label)' is \(text)")
            }
            labels.append(label)
            values.append(number)
            texts.append(text)
        }
    }

    /// The longest value, which gets the longest bar; 0 when every bar is empty.
    private var largest: Double { values.max() ?? 0 }

    /// One line a bar: the label padded to the longest, the bar in eighths of a cell, the value.
    /// A value above zero too small for an eighth still shows one, so that it is not taken for zero.
    func terminal() -> String {
        guard !labels.isEmpty else { return "(no bars: the record is empty)\n" }
        let labelWidth = labels.map(\.count).max() ?? 0
        let largest = self.largest
        var out = ""
        for (i, label) in labels.enumerated() {
            var eighths = largest > 0 ? Int((values[i] / largest * Double(Bars.terminalWidth * 8)).rounded()) : 0
            if eighths == 0 && values[i] > 0 { eighths = 1 }
            out += label + String(repeating: " ", count: labelWidth - label.count) + " "
            out += String(repeating: "█", count: eighths / 8)
            if eighths % 8 > 0 { out += Bars.partialBlocks[eighths % 8 - 1] }
            out += (eighths > 0 ? " " : "") + texts[i] + "\n"
        }
        return out
    }

    /// The blocks of one to seven eighths of a cell.
    static let partialBlocks = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The chart as a standalone SVG document: labels right-aligned before the bars, each value
    /// after its bar. Text is measured roughly (7 px a character at 12 px), which is enough for
    /// the label column.
    func svg() -> String {
        let rowHeight = 24, barHeight = 16, margin = 10
        let labelWidth = min(300, (labels.map(\.count).max() ?? 0) * 7 + 10)
        let barArea = 400, valueWidth = 80
        let width = margin + labelWidth + barArea + valueWidth + margin
        let height = margin * 2 + max(1, labels.count) * rowHeight
        let largest = self.largest
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>

            """
        for (i, label) in labels.enumerated() {
            let y = margin + i * rowHeight
            let length = largest > 0 ? values[i] / largest * Double(barArea) : 0
            let barX = margin + labelWidth
            let textY = y + rowHeight / 2 + 4
            out += "<g class=\"bar\">"
            out += "<text x=\"\(barX - 6)\" y=\"\(textY)\" text-anchor=\"end\">\(SVG.escape(label))</text>"
            out += "<rect x=\"\(barX)\" y=\"\(y + (rowHeight - barHeight) / 2)\" width=\"\(SVG.number(length))\" "
                + "height=\"\(barHeight)\" fill=\"#4a78b5\"><title>\(SVG.escape(label)): \(SVG.escape(texts[i]))</title></rect>"
            out += "<text x=\"\(SVG.number(Double(barX) + length + 6))\" y=\"\(textY)\">\(SVG.escape(texts[i]))</text>"
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }
}

/// What the SVG writers share: text escaped for XML and numbers written short.
enum SVG {
    /// Text for an element or an attribute in double quotes.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 allows no control characters but tab, newline and carriage return.
                if let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1, scalar.value < 0x20,
                   scalar != "\t", scalar != "\n", scalar != "\r" {
                    out += " "
                } else {
                    out += String(c)
                }
            }
        }
        return out
    }

    /// A coordinate with at most one decimal: `12`, `12.5`.
    static func number(_ d: Double) -> String {
        let tenths = (d * 10).rounded()
        let whole = Int(tenths / 10)
        let rest = Int(abs(tenths)) % 10
        return rest == 0 ? String(whole) : (tenths < 0 && whole == 0 ? "-0" : String(whole)) + ".\(rest)"
    }
}
