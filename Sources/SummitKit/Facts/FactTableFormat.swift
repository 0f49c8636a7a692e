// How the generated tables of Generated/FactData.swift are laid out, and a cursor that reads them.
// The tables are flat arrays of integers over one pool of strings: the Swift compiler takes seconds
// over them where nested literals of structs took minutes, and reading them involves no parsing.
//
// Each table is a sequence of records of integers:
// - a string is an index into `FactData.strings`, or -1 for none;
// - a list of sources is a count, then that many indices into the `sources` table;
// - a value is a tag, then its payload (see `ValueTag`), entities being indices in `entities` order.

/// The tag that starts a value in the tables; tools/gen-facts writes the same numbers.
enum ValueTag: Int {
    /// No payload.
    case null = 0
    /// A string.
    case string = 1
    /// An integer, as is.
    case int = 2
    /// An entity index.
    case entity = 3
    /// A count, then entity indices: a set.
    case entitySet = 4
    /// A count, then entity indices: a list in order.
    case entityList = 5
    /// A count, then strings: a list in order.
    case strings = 6
    /// A count, then strings: a set.
    case stringSet = 7
    /// A source index: the source as a record (a quote's `source` member).
    case source = 8
    /// A count, then that many fields, each a name (a string) and a value: a record.
    case record = 9
    /// 1 or 0: a boolean.
    case bool = 10
    /// A count, then values: a list of any values (records, for a person's `roles`).
    case list = 11
    /// A count, entity indices, then the count reported (-1: none): a set known only in part,
    /// which may miss members (`unga_78_265.cosponsors`).
    case partialEntitySet = 12
}

/// A cursor over one generated table.
struct TableReader {
    private let table: [Int]
    /// Where the next integer is read from.
    private(set) var position = 0

    init(_ table: [Int], at position: Int = 0) {
        self.table = table
        self.position = position
    }

    /// Whether every record has been read.
    var atEnd: Bool { position >= table.count }

    /// The next integer.
    mutating func int() -> Int {
        defer { position += 1 }
        return table[position]
    }

    /// The next string, nil for -1.
    mutating func string() -> String? {
        let index = int()
        return index < 0 ? nil : FactData.strings[index]
    }

    /// The next string, which the generator guarantees is there.
    mutating func text() -> String { string()! }

    /// The next count-prefixed list of integers.
    mutating func ints() -> [Int] {
        let count = int()
        defer { position += count }
        return Array(table[position..<position + count])
    }

    /// Steps over the next count-prefixed list of integers.
    mutating func skipInts() {
        position += int()
    }

    /// The next count-prefixed list of strings.
    mutating func texts() -> [String] { ints().map { FactData.strings[$0] } }

    /// The confidence levels in the order of their numbers in the `sources` table.
    static let confidences: [Source.Confidence] = [.high, .mediumHigh, .medium, .low, .unverified]
}
