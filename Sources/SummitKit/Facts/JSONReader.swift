// A small JSON reader for fact files, so that SummitKit needs no Foundation. It keeps object keys
// in order (members print in the order the file gives them) and integers exact.

/// A parsed JSON value.
enum JSON {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([JSONField])

    /// The value of a key of an object.
    subscript(key: String) -> JSON? {
        guard case .object(let fields) = self else { return nil }
        return fields.last { $0.name == key }?.json
    }

    /// A short name of the JSON type, for messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// A field of a JSON object.
struct JSONField {
    let name: String
    let json: JSON
}

/// Parses JSON text; errors name the line and column.
struct JSONReader {
    private let bytes: [UInt8]
    private var position = 0
    private let file: String
    /// How many arrays and objects the reader is inside.
    private var depth = 0

    /// The deepest nesting of arrays and objects a facts file may have: reading one is recursive,
    /// and so are turning it into values and freeing them (100,000 levels crashed on the stack).
    static let maxDepth = 200

    init(_ text: String, file: String) {
        bytes = Array(text.utf8)
        self.file = file
    }

    /// The one JSON value of the whole text.
    static func parse(_ text: String, file: String) throws -> JSON {
        var reader = JSONReader(text, file: file)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    func error(_ message: String) -> SummitError {
        var line = 1, column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SummitError(.io, "invalid JSON in \(file) at line \(line), column \(column): \(message)")
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw error("expected \(word)")
        }
        position += utf8.count
    }

    // value -> object | array | string | number | true | false | null
    private mutating func value() throws -> JSON {
        skipSpace()
        guard position < bytes.count else { throw error("unexpected end of text") }
        let opening = bytes[position]
        if opening == UInt8(ascii: "{") || opening == UInt8(ascii: "[") {
            guard depth < Self.maxDepth else { throw error("nesting too deep (more than \(Self.maxDepth) levels)") }
            depth += 1
        }
        defer { if opening == UInt8(ascii: "{") || opening == UInt8(ascii: "[") { depth -= 1 } }
        switch opening {
        case UInt8(ascii: "{"):
            position += 1
            var fields: [JSONField] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(fields) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                try expect(":")
                fields.append(JSONField(name: key, json: try value()))
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                try expect("}")
                return .object(fields)
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [JSON] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                try expect("]")
                return .array(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try number()
        }
    }

    private mutating func number() throws -> JSON {
        let start = position
        var isInteger = true
        while position < bytes.count {
            let byte = bytes[position]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isInteger = false
                position += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let i = Int(text) { return .int(i) }
        guard !text.isEmpty, let d = Double(text) else { position = start; throw error("expected a value") }
        return .double(d)
    }

    private mutating func string() throws -> String {
        position += 1  // the opening quote
        var out: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        try expect("\\u")
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let s = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                default: out.append(escape)
                }
            default: out.append(byte)
            }
        }
        throw error("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4, let v = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw error("expected four hex digits")
        }
        position += 4
        return v
    }
}
