// How values print: `print` writes strings raw; everywhere else strings are quoted. A list of records
// prints as a table (TextTable), and an element whose membership no source confirms is marked, with a
// legend line (DisplayMarks): the rules `print`, `summit -e` and the REPL share.

extension Value: CustomStringConvertible, CustomDebugStringConvertible {
    /// The value as the REPL and `-e` show it: strings quoted, sets sorted, entities by name. A text
    /// longer than ``descriptionLimit`` bytes is cut there, with a note that says so.
    public var description: String { description(maxBytes: Value.descriptionLimit) }

    /// The same as ``description``: what `String(reflecting:)` and `debugPrint` show.
    public var debugDescription: String { description }

    /// The most bytes of ``description``, 4 MiB: a value that shares its parts (`r = [r, r]`
    /// forty times) is small in memory and a tree of 2^40 elements, whose text is never done.
    public static let descriptionLimit = 4 << 20

    /// The value's display text, cut after at most `maxBytes` bytes when it is longer and ended with
    /// `… (cut: the text is longer than maxBytes bytes)`. Only what is shown is written, however
    /// large the value.
    public func description(maxBytes: Int) -> String {
        let shown = text(maxBytes: maxBytes)
        return shown.isComplete ? shown.text : shown.text + Value.cutNote(maxBytes)
    }

    /// The display text, or its start of at most `maxBytes` bytes when it is longer (`isComplete`
    /// false), written within that budget: how the REPL writes a result it cuts with a note of its own.
    package func text(maxBytes: Int) -> (text: String, isComplete: Bool) {
        var out = ""
        var budget = DisplayBudget(maxBytes: maxBytes)
        // Past the budget the walk throws, leaving what it wrote in `out`.
        let complete = (try? write(to: &out, quoted: true, budget: &budget)) != nil
        if complete && out.utf8.count <= maxBytes { return (out, true) }
        return (Value.cut(out, toBytes: maxBytes), false)
    }

    /// What follows a text cut at `maxBytes` bytes.
    package static func cutNote(_ maxBytes: Int) -> String { "… (cut: the text is longer than \(maxBytes) bytes)" }

    /// The longest start of `text` of at most `maxBytes` bytes of UTF-8 that ends between scalars.
    static func cut(_ text: String, toBytes maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var end = text.unicodeScalars.startIndex, used = 0
        for index in text.unicodeScalars.indices {
            used += UTF8.width(text.unicodeScalars[index])
            if used > maxBytes { break }
            end = text.unicodeScalars.index(after: index)
        }
        return String(text.unicodeScalars[..<end])
    }

    /// The start of `description`, at most `length` characters, for a message: made without
    /// writing more of the value than that, however large it is.
    func shortDescription(_ length: Int) -> String {
        var out = ""
        var budget = DisplayBudget(maxBytes: 4 * length)
        try? write(to: &out, quoted: true, budget: &budget)
        return String(out.prefix(length))
    }

    /// The value as `print` writes it: a string raw, anything else as `description`.
    public var printed: String {
        if case .string(let s) = self { return s }
        return description
    }

    func write(to out: inout String, quoted: Bool) {
        var budget = DisplayBudget.unlimited
        _ = try? write(to: &out, quoted: quoted, depth: 0, budget: &budget)
    }

    /// Writes the value within a budget: past `budget.maxBytes` of output it throws a `.limit`
    /// error, and every 4,096 values it calls `budget.poll`. A value that shares its parts
    /// (`r = [r, r]` forty times) is small in memory and a tree of 2^40 elements to write; the
    /// budget ends its walk as the string limit ends any other string.
    func write(to out: inout String, quoted: Bool, budget: inout DisplayBudget) throws {
        try write(to: &out, quoted: quoted, depth: 0, budget: &budget)
    }

    // Lists, sets and records nested deeper than `Value.recursionDepth` are written with a stack
    // on the heap, so that a value nested a million deep prints without exhausting the native stack.

    private func write(to out: inout String, quoted: Bool, depth: Int, budget: inout DisplayBudget) throws {
        try budget.count(out)
        switch self {
        case .list, .set, .record:
            if depth >= Value.recursionDepth { return try writeIteratively(to: &out, budget: &budget) }
        default:
            break
        }
        switch self {
        case .null: out += "nil"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.format(d)
        case .string(let s): if quoted { Value.quote(s, into: &out) } else { out += s }
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                try item.write(to: &out, quoted: true, depth: depth + 1, budget: &budget)
            }
            out += "]"
        case .set(let set):
            if set.isEmpty { out += "set()" + set.incompletenessNote; return }
            out += "{"
            for (i, (item, text)) in try set.displayOrdered(budget: &budget).enumerated() {
                if i > 0 { out += ", " }
                out += text
                if set.isUncertain(item) { out += "?" }
            }
            out += "}" + set.incompletenessNote
        case .record(let record):
            out += "{"
            for (i, (key, value)) in record.enumerated() {
                if i > 0 { out += ", " }
                Value.writeKey(key, of: record, into: &out)
                try value.write(to: &out, quoted: true, depth: depth + 1, budget: &budget)
            }
            out += "}"
        case .entity(let e): out += e.name
        case .function(let f): out += "<fn \(f.name)>"
        }
    }

    /// Writes a nested value with an explicit stack of what is left to write.
    private func writeIteratively(to out: inout String, budget: inout DisplayBudget) throws {
        enum Work {
            case value(Value)
            case text(String)
        }
        var work: [Work] = [.value(self)]
        while let next = work.popLast() {
            try budget.count(out)
            switch next {
            case .text(let text):
                out += text
            case .value(.list(let items)):
                out += "["
                work.append(.text("]"))
                for (i, item) in items.enumerated().reversed() {
                    work.append(.value(item))
                    if i > 0 { work.append(.text(", ")) }
                }
            case .value(.set(let set)) where !set.isEmpty:
                out += "{"
                work.append(.text("}" + set.incompletenessNote))
                for (i, (item, text)) in try set.displayOrdered(budget: &budget).enumerated().reversed() {
                    if set.isUncertain(item) { work.append(.text("?")) }
                    work.append(.text(text))
                    if i > 0 { work.append(.text(", ")) }
                }
            case .value(.record(let record)):
                out += "{"
                work.append(.text("}"))
                for (i, field) in Array(record).enumerated().reversed() {
                    work.append(.value(field.value))
                    var key = ""
                    Value.writeKey(field.key, of: record, into: &key)
                    work.append(.text(key))
                    if i > 0 { work.append(.text(", ")) }
                }
            case .value(let scalar):
                try scalar.write(to: &out, quoted: true, depth: 0, budget: &budget)
            }
        }
    }

    /// A double in its shortest form that reads back as the same number: `2.5`, `1e+20`, `3.0`.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A record's key as it displays, with the colon after it: bare when it reads as a name.
    package static func writeKey(_ key: String, of record: Record, into out: inout String) {
        if record.hasValueKeys, case let stored = record.key(named: key), !stored.isStringValue {
            stored.write(to: &out, quoted: true)  // `true`, `1`, `France`: the key as it is
        } else if isIdentifier(key), !Runtime.keywordSet.contains(key) {
            out += key
        } else {
            quote(key, into: &out)  // `"true"`, a string, is not the key `true`
        }
        out += ": "
    }

    /// Whether a record key prints bare: it reads as a name.
    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}

extension Value: CustomReflectable {
    /// A mirror with no children: `dump` and playgrounds show the value's ``debugDescription``,
    /// which is bounded, instead of walking its parts, of which a value that shares them has 2^40.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension ValueSet: CustomStringConvertible, CustomDebugStringConvertible {
    /// The set as it displays, `{1, 2}`, cut as ``Value/description`` is.
    public var description: String { Value.set(self).description }
    /// The same as ``description``.
    public var debugDescription: String { description }
}

extension Record: CustomStringConvertible, CustomDebugStringConvertible {
    /// The record as it displays, `{name: "x", n: 1}`, cut as ``Value/description`` is.
    public var description: String { Value.record(self).description }
    /// The same as ``description``.
    public var debugDescription: String { description }
}

extension Value {
    /// The order sets print in: numbers by value, then strings by code point (as `sort` orders
    /// them), then entities in the order of their names (``NameOrder``), then everything else by
    /// display text.
    static func displayOrder(_ a: Value, _ b: Value) -> Bool {
        displayOrder(a, b, text: a.description, b.description)
    }

    /// `displayOrder` with the display texts of `a` and `b` already written (within a budget), which
    /// it compares only for values that are neither numbers, strings nor entities.
    static func displayOrder(_ a: Value, _ b: Value, text textA: @autoclosure () -> String,
                             _ textB: @autoclosure () -> String) -> Bool {
        switch (a.number, b.number) {
        case (_?, _?): return (Operators.numberOrder(a, b) ?? 0) < 0
        case (_?, nil): return true
        case (nil, _?): return false
        default:
            let groupA = displayGroup(a), groupB = displayGroup(b)
            if groupA != groupB { return groupA < groupB }
            if case .entity(let x) = a, case .entity(let y) = b { return NameOrder.precedes(x, y) }
            if case .string(let x) = a, case .string(let y) = b { return x < y }
            return textA() < textB()
        }
    }

    /// Strings, entities and the rest print apart, in that order.
    private static func displayGroup(_ value: Value) -> Int {
        switch value {
        case .string: return 0
        case .entity: return 1
        default: return 2
        }
    }
}

/// How much one display of a value may write, and what it checks as it goes (see
/// `Value.write(to:quoted:budget:)`).
struct DisplayBudget {
    /// The most bytes of output; past them the walk throws `string too large`.
    var maxBytes: Int
    /// The limit the error names (`maxBytes` shrinks for the elements of a set as they are written).
    let limit: Int
    /// Called every 4,096 values written, to check the time limit and a cancellation.
    var poll: (() throws -> Void)?
    /// The lowest address the native stack may reach (0: no check). Lists and records deeper than
    /// `Value.recursionDepth` are written with a stack on the heap, but a set's elements are sorted
    /// by their texts, which are written by recursion: sets nested in sets thousands deep end in
    /// `nesting too deep` rather than past the end of a small thread's stack.
    var stackLimit: UInt
    /// `Limits.maxMemory`: the text written, which may double as it grows, is measured for
    /// at each poll once it reaches 1 MiB.
    var maxMemory: Int
    /// Values written so far.
    private var values = 0

    init(maxBytes: Int, stackLimit: UInt = 0, maxMemory: Int = .max, poll: (() throws -> Void)? = nil) {
        self.maxBytes = maxBytes
        self.limit = maxBytes
        self.stackLimit = stackLimit
        self.maxMemory = maxMemory
        self.poll = poll
    }

    static var unlimited: DisplayBudget { DisplayBudget(maxBytes: .max) }

    /// Counts one value about to be written after `out`.
    @inline(__always)
    mutating func count(_ out: String) throws {
        values &+= 1
        if stackLimit != 0 && Runtime.stackAddress() < stackLimit {
            throw SummitError(.limit, "value nested too deep to display")
        }
        guard values & 0xFFF == 0 || out.utf8.count > maxBytes else { return }
        if out.utf8.count > maxBytes {
            throw SummitError(.limit, "string too large (the limit is \(limit) bytes)")
        }
        try ProcessMemory.check(adding: out.utf8.count, limit: maxMemory)
        try poll?()
    }
}


// MARK: - Tables

/// Rows of cells in aligned columns two spaces apart, under a header line: how a list of records
/// prints, and how the REPL shows a set of entities. The last column is not padded.
package struct TextTable: Sendable {
    package var headers: [String]
    package var rows: [[String]]

    package init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// A list or set whose elements are all records, as a table: one column per key, in the order
    /// the keys first appear; a record without a key has an empty cell. Nil for anything else.
    /// A cell's text is cut after `cellBytes` bytes, and a set's records that take more than
    /// ``Value/descriptionLimit`` bytes to sort by their texts are left in no particular order.
    package init?(records value: Value, cellBytes: Int = Value.descriptionLimit) {
        let items: [Value]
        switch value {
        case .list(let list): items = list
        case .set(let set):
            var budget = DisplayBudget(maxBytes: Value.descriptionLimit)
            items = (try? set.sorted(budget: &budget)) ?? Array(set)
        default: return nil
        }
        guard !items.isEmpty else { return nil }
        var keys: [String] = [], seen: Set<String> = []
        for item in items {
            guard case .record(let record) = item else { return nil }
            for key in record.keys where seen.insert(key).inserted { keys.append(key) }
        }
        headers = keys
        rows = items.map { item in
            guard case .record(let record) = item else { return [] }
            return keys.map { key in record[key].map { TextTable.cell($0, maxBytes: cellBytes) } ?? "" }
        }
    }

    /// A value as a cell shows it: a string as it is, nil as nothing, anything else as it displays
    /// (cut as ``Value/description`` is).
    package static func cell(_ value: Value) -> String { cell(value, maxBytes: Value.descriptionLimit) }

    /// `cell(_:)`, cut after `maxBytes` bytes.
    package static func cell(_ value: Value, maxBytes: Int) -> String {
        switch value {
        case .string(let s): return s.contains(where: \.isNewline) ? s.split(whereSeparator: \.isNewline).joined(separator: " ") : s
        case .null: return ""
        default: return value.description(maxBytes: maxBytes)
        }
    }

    /// The header and the rows with every cell padded to its column's width (the last column's cells
    /// as they are). Given a `width`, cells are cut with `…` so that a line fits in it: the widest
    /// column gives way first, a character at a time, and none below 8.
    package func lines(width: Int? = nil) -> [[String]] {
        let widths = columnWidths(width: width)
        return ([headers] + rows).map { row in
            widths.indices.map { column in
                var cell = row.indices.contains(column) ? row[column] : ""
                if cell.count > widths[column] { cell = String(cell.prefix(max(0, widths[column] - 1))) + "…" }
                if column == widths.count - 1 { return cell }
                return cell + String(repeating: " ", count: widths[column] - cell.count)
            }
        }
    }

    /// The width of each column: the widest of its cells, or less so that a line fits in `width`.
    package func columnWidths(width: Int? = nil) -> [Int] {
        let all = [headers] + rows
        var widths = headers.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        if let width, !widths.isEmpty {
            let spacing = 2 * (widths.count - 1)
            var excess = widths.reduce(spacing, +) - width
            while excess > 0, let widest = widths.indices.max(by: { widths[$0] <= widths[$1] }), widths[widest] > 8 {
                widths[widest] -= 1
                excess -= 1
            }
        }
        return widths
    }

    /// The table as text, a newline after each line, with no trailing spaces.
    package func text(width: Int? = nil) -> String {
        lines(width: width).map { TextTable.join($0) + "\n" }.joined()
    }

    /// Padded cells joined into a line, with the spaces at its end taken off.
    package static func join(_ cells: [String]) -> String {
        var line = cells.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        return line
    }
}

// MARK: - Marks

/// What a mark after an element says about that element in the set or list shown. Each kind has
/// a symbol, written right after the element, and a legend line under the display.
package enum DisplayMark: Int, Sendable, Comparable {
    /// The element's membership of the fact the shown set lies within rests only on unverified sources.
    case unconfirmed
    // A second kind goes here, with its symbol below and its legend line made in `Runtime.marks(of:)`.

    package var symbol: String {
        switch self {
        case .unconfirmed: return "*"
        }
    }

    package static func < (a: DisplayMark, b: DisplayMark) -> Bool { a.rawValue < b.rawValue }
}

/// The marks of one displayed value: the marks of each marked element, and the legend lines.
package struct DisplayMarks: Sendable {
    package var elements: [Value: [DisplayMark]] = [:]
    package var legend: [String] = []

    package init() {}

    /// Whether there is nothing to mark and nothing to say.
    package var isEmpty: Bool { elements.isEmpty && legend.isEmpty }

    /// The symbols to write after an element: "" for an element without marks.
    package func symbols(of element: Value) -> String {
        elements[element].map { $0.map(\.symbol).joined() } ?? ""
    }

    mutating func add(_ mark: DisplayMark, to element: Value) {
        if elements[element]?.contains(mark) == true { return }
        elements[element, default: []].append(mark)
        elements[element]!.sort()
    }
}

extension FactBase {
    /// The set facts bound as globals that hold some of their elements on unverified sources alone,
    /// with those elements: for the built-in facts, `signed` and its ten unconfirmed signatories.
    var unconfirmedMemberships: [(name: String, value: ValueSet, elements: ValueSet)] {
        var result: [(name: String, value: ValueSet, elements: ValueSet)] = []
        let own = Set(globals.map(\.name))
        if includesBuiltinGlobals {
            result = FactBase.builtinUnconfirmedMemberships.filter { !own.contains($0.name) }
        }
        var named: Set<String> = []
        for (name, fact) in globals.reversed() where named.insert(name).inserted {
            guard case .set(let value) = fact.value else { continue }
            let elements = FactBase.unconfirmedElements(fact.elementSources)
            if !elements.isEmpty { result.append((name, value, elements)) }
        }
        return result
    }

    private static let builtinUnconfirmedMemberships: [(name: String, value: ValueSet, elements: ValueSet)] =
        builtinDetails.globalElements.keys.sorted().compactMap { name in
            let elements = unconfirmedElements(builtinDetails.globalElements[name] ?? [:])
            guard !elements.isEmpty, let position = BuiltinGlobals.position(of: name),
                  case .set(let value) = BuiltinGlobals.value(at: position) else { return nil }
            return (name, value, elements)
        }

    /// The elements whose membership has sources, none of them above `unverified`.
    private static func unconfirmedElements(_ sources: [Value: [Source]]) -> ValueSet {
        ValueSet(sources.compactMap { element, sources in
            !sources.isEmpty && sources.allSatisfy { $0.confidence == .unverified } ? element : nil
        })
    }
}

extension Runtime {
    /// The marks of a set or list shown at the top level. An element is marked unconfirmed when
    /// every element of the shown value is in a set fact of the fact base (a global such as
    /// `signed`) and that fact holds this element on unverified sources alone. So `signed - g7`
    /// and `signed where region == "Europe"` mark Ukraine, and `countries` or `bletchley.signed`,
    /// which are not within `signed`, mark nothing.
    func marks(of value: Value) -> DisplayMarks {
        var marks = DisplayMarks()
        var named: (name: String, size: Int)?
        var first: Value?
        mark(value, into: &marks, named: &named, first: &first)
        marks.legend = Runtime.legend(named: named?.name, first: first)
        return marks
    }

    /// The marks of each member of a record that is a set or list, as `marks(of:)` makes them for
    /// that member alone, and one legend for them all: how `group_by(signed, ...)` is shown.
    func memberMarks(of record: Record) -> (members: [String: DisplayMarks], legend: [String]) {
        var members: [String: DisplayMarks] = [:]
        var named: (name: String, size: Int)?
        var first: Value?
        for (key, value) in record {
            var marks = DisplayMarks()
            mark(value, into: &marks, named: &named, first: &first)
            if !marks.isEmpty { members[key] = marks }
        }
        return (members, Runtime.legend(named: named?.name, first: first))
    }

    /// Marks the elements of one set or list; notes the largest fact it lies within and the first
    /// element marked, which the legend names.
    private func mark(_ value: Value, into marks: inout DisplayMarks, named: inout (name: String, size: Int)?,
                      first: inout Value?) {
        let isEntity: (Value) -> Bool = { if case .entity = $0 { true } else { false } }
        // Facts hold entities: a collection of anything else is not looked at.
        let elements: [Value]
        switch value {
        case .set(let set) where set.contains(where: isEntity): elements = Array(set)
        case .list(let list) where list.contains(where: isEntity): elements = list
        default: return
        }
        // The legend names the largest fact the value lies within: `signed` rather than
        // `unconfirmed` for the set `unconfirmed`, which lies within both.
        var confirmedElsewhere: Bool?
        for fact in facts.unconfirmedMemberships where elements.allSatisfy(fact.value.contains) {
            if confirmedElsewhere == nil { confirmedElsewhere = isConfirmedMemberSet(value) }
            if confirmedElsewhere == true { return }
            var marked = false
            for element in elements where fact.elements.contains(element) {
                marks.add(.unconfirmed, to: element)
                marked = true
                if first == nil || Value.displayOrder(element, first!) { first = element }
            }
            if marked, named == nil || fact.value.count > named!.size { named = (fact.name, fact.value.count) }
        }
    }

    /// Whether `value` is, element for element, a set member of an entity whose sources hold every
    /// element above `unverified`: the hosts of the 2028 summit, `{United Arab Emirates}`, are not
    /// an unconfirmed signatory however much the set looks like a part of `signed`. Looked for on
    /// the display path only, when a mark is about to be made.
    private func isConfirmedMemberSet(_ value: Value) -> Bool {
        // `unconfirmed` is also Paris's member of that name, on sources that are sure of what it says
        // (that no source confirms them): a value that is itself such a fact is marked.
        guard let set = Operators.asSet(value), !facts.unconfirmedMemberships.contains(where: { $0.value == set })
        else { return false }
        for case let entity? in EntityRegistry.snapshot {
            for (member, memberValue) in entity.members {
                guard memberValue.isCollection, let other = Operators.asSet(memberValue),
                      other.count == set.count, other == set else { continue }
                let fact = facts.fact(.member(entityID: entity.id, name: member))
                let confirmed = set.allSatisfy { element in
                    let sources = fact?.sources(ofElement: element) ?? entity.sources(of: member)
                    return sources.contains { $0.confidence != .unverified }
                }
                if confirmed { return true }
            }
        }
        return false
    }

    private static func legend(named: String?, first: Value?) -> [String] {
        guard let named, let first else { return [] }
        return ["\(DisplayMark.unconfirmed.symbol) unconfirmed: no source read confirms that it is in \(named); source(\(example(first)) in \(named)) says more"]
    }

    /// How to write an element in an example: a country by its code (`AM`), anything else by its
    /// name when that is a name the language reads, or `x`.
    private static func example(_ element: Value) -> String {
        if case .entity(let e) = element {
            if case .string(let code)? = e["iso2"], Value.isIdentifier(code) { return code }
            if Value.isIdentifier(e.name) { return e.name }
        }
        return "x"
    }

    /// A value as `print` and `summit -e` write it: with `tables`, a list of records as a table; a
    /// set or list with marked elements with each mark after its element and the legend under it.
    /// Strings are quoted unless `quoted` is false (`print`'s own arguments).
    func displayed(_ value: Value, quoted: Bool, tables: Bool) throws -> (text: String, legend: [String]) {
        switch value {
        case .list, .set: break
        case .record(let record):
            let marks = memberMarks(of: record)
            guard !marks.members.isEmpty else { return (try boundedDescription(value), []) }
            return (Value.description(of: record, marks: marks.members), marks.legend)
        case .string(let s) where !quoted: return (s, [])
        default: return (try boundedDescription(value), [])
        }
        if tables, let table = TextTable(records: value) { return (String(table.text().dropLast()), []) }
        let marks = self.marks(of: value)
        // Marks are made only for values within a set fact, which are small.
        guard !marks.isEmpty else { return (try boundedDescription(value), []) }
        return (Value.description(of: value, marks: marks), marks.legend)
    }

    /// `description` written within the string limit, polling the time limit and a cancellation:
    /// a value whose parts are shared (`r = [r, r]` forty times) ends in `string too large`.
    func boundedDescription(_ value: Value) throws -> String {
        var out = ""
        let cancellation = self.cancellation
        var budget = DisplayBudget(maxBytes: limits.maxStringSize, stackLimit: stackLimit, maxMemory: limits.maxMemory) {
            if cancellation.isCancelled { throw SummitError(.limit, "interrupted") }
        }
        try value.write(to: &out, quoted: true, budget: &budget)
        return out
    }

    /// The text `print` writes for its arguments, ending with a newline: the values separated by
    /// spaces, then any legend lines. A list of records alone is written as a table.
    func printed(_ arguments: [Value]) throws -> String {
        if arguments.count == 1 {
            switch arguments[0] {
            case .list, .set, .record: break
            case .string(let s): return s + "\n"
            default: return try boundedDescription(arguments[0]) + "\n"
            }
        }
        var line = "", legend: [String] = []
        for (i, argument) in arguments.enumerated() {
            if i > 0 { line += " " }
            let shown = try displayed(argument, quoted: false, tables: arguments.count == 1)
            line += shown.text
            for entry in shown.legend where !legend.contains(entry) { legend.append(entry) }
        }
        return line + "\n" + legend.map { $0 + "\n" }.joined()
    }
}

extension Value {
    /// A set or list's display text with the marks after the marked elements.
    package static func description(of value: Value, marks: DisplayMarks) -> String {
        func item(_ element: Value) -> String { element.description + marks.symbols(of: element) }
        switch value {
        case .set(let set): return set.isEmpty ? "set()" : "{" + set.sorted.map(item).joined(separator: ", ") + "}"
        case .list(let list): return "[" + list.map(item).joined(separator: ", ") + "]"
        default: return value.description
        }
    }

    /// A record's display text with the marks of each member that is a marked set or list.
    package static func description(of record: Record, marks: [String: DisplayMarks]) -> String {
        var out = "{"
        for (i, (key, value)) in record.enumerated() {
            if i > 0 { out += ", " }
            writeKey(key, of: record, into: &out)
            out += marks[key].map { description(of: value, marks: $0) } ?? value.description
        }
        return out + "}"
    }
}
