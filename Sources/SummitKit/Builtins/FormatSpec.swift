// `format(x, spec)`: Python's format-specification mini-language, so that a share prints as 71.4%
// and a population as 1,234,567. The floating-point digits come from C's printf in the "C" locale,
// which rounds exactly as Python does; signs, grouping and padding are done here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed format spec: `[[fill]align][sign][#][0][width][grouping][.precision][type]`.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var alternate = false
    var zero = false
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// The largest precision, so that a spec cannot ask printf for unbounded digits.
    static let maxPrecision = 100

    init(_ spec: String) throws {
        func invalid(_ reason: String) -> SummitError {
            SummitError(.runtime, "format(): invalid format spec \(Value.string(spec).description): \(reason)")
        }
        let c = Array(spec)
        var i = 0
        let aligns: Set<Character> = ["<", ">", "^", "="]
        if c.count >= 2, aligns.contains(c[1]) {
            fill = c[0]; align = c[1]; i = 2
        } else if let first = c.first, aligns.contains(first) {
            align = first; i = 1
        }
        if i < c.count, "+- ".contains(c[i]) { sign = c[i]; i += 1 }
        if i < c.count, c[i] == "#" { alternate = true; i += 1 }
        if i < c.count, c[i] == "0" { zero = true; i += 1 }
        func number() throws -> Int? {
            var digits = ""
            while i < c.count, let d = c[i].wholeNumberValue, c[i].isASCII { digits.append(c[i]); i += 1; _ = d }
            guard !digits.isEmpty else { return nil }
            guard let n = Int(digits), n <= 1 << 30 else { throw invalid("\(digits) is too large") }
            return n
        }
        width = try number() ?? 0
        if i < c.count, c[i] == "," || c[i] == "_" { grouping = c[i]; i += 1 }
        if i < c.count, c[i] == "." {
            i += 1
            guard let p = try number() else { throw invalid("a precision must follow '.'") }
            guard p <= FormatSpec.maxPrecision else { throw invalid("the precision is at most \(FormatSpec.maxPrecision)") }
            precision = p
        }
        if i < c.count {
            guard "dfFeEgG%s".contains(c[i]) else {
                throw invalid("unknown type '\(c[i])' (types: d, f, F, e, E, g, G, %, s)")
            }
            type = c[i]
            i += 1
        }
        guard i == c.count else { throw invalid("unexpected '\(c[i])' at position \(i + 1)") }
        if type == "d", precision != nil { throw invalid("type 'd' takes no precision") }
        if type == "s", grouping != nil { throw invalid("type 's' takes no '\(grouping!)'") }
        if type == "s", sign != "-" { throw invalid("type 's' takes no sign") }
    }

    /// The value formatted: a number by the spec's type, anything else as its printed text.
    func format(_ value: Value) throws -> String {
        guard let number = value.number, type != "s" else {
            guard type == nil || type == "s" else {
                throw SummitError(.runtime, "format(): type '\(type!)' needs a number, got \(value.typeName)")
            }
            if grouping != nil || sign != "-" || align == "=" {
                throw SummitError(.runtime, "format(): \(Value.string(value.printed).description) is text; a sign, '=' or grouping is for numbers")
            }
            var text = value.printed
            if let precision { text = String(text.prefix(precision)) }
            return pad("", text, defaultAlign: "<")
        }
        var negative = number < 0 || (number == 0 && number.sign == .minus)
        var body: String
        switch type {
        case "d":
            guard case .int(let i) = value else {
                guard let i = Int(exactly: number) else {
                    throw SummitError(.runtime, "format(): type 'd' needs an integer, got \(value.description)")
                }
                return try FormatSpec.digits(of: i, self)
            }
            return try FormatSpec.digits(of: i, self)
        case nil:
            if case .int(let i) = value { return try FormatSpec.digits(of: i, self) }
            if let precision {
                body = FormatSpec.printf(abs(number), "g", precision: max(precision, 1), alternate: alternate)
                if !body.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) { body += ".0" }
            } else {
                body = Value.format(abs(number))
            }
        case "%":
            body = FormatSpec.printf(abs(number) * 100, "f", precision: precision ?? 6, alternate: alternate) + "%"
        case "f", "F":
            if case .int(let i) = value, i != .min {
                let p = precision ?? 6
                negative = i < 0
                body = String(i.magnitude) + (p > 0 || alternate ? "." + String(repeating: "0", count: p) : "")
            } else {
                body = FormatSpec.printf(abs(number), type!, precision: precision ?? 6, alternate: alternate)
            }
        default:
            body = FormatSpec.printf(abs(number), type!, precision: precision ?? 6, alternate: alternate)
        }
        if number.isNaN { negative = false }
        return pad(signText(negative), body)
    }

    private func signText(_ negative: Bool) -> String {
        negative ? "-" : sign == "+" ? "+" : sign == " " ? " " : ""
    }

    /// An integer in decimal, grouped and padded.
    private static func digits(of i: Int, _ spec: FormatSpec) throws -> String {
        spec.pad(spec.signText(i < 0), String(i.magnitude))
    }

    /// The sign and digits grouped and padded to the width. Zero-padding (`0` before the width)
    /// pads the digits themselves, grouping included: `format(1234, "08,d")` is "0,001,234".
    func pad(_ signText: String, _ body: String, defaultAlign: Character = ">") -> String {
        var body = body
        let digitCount = body.prefix { $0.isASCII && $0.isNumber }.count
        if zero, align == nil, digitCount > 0 {
            var integer = String(body.prefix(digitCount))
            let rest = body.dropFirst(digitCount)
            while signText.count + grouped(integer).count + rest.count < width { integer = "0" + integer }
            return signText + grouped(integer) + rest
        }
        if digitCount > 0 { body = grouped(String(body.prefix(digitCount))) + body.dropFirst(digitCount) }
        let length = signText.count + body.count
        guard length < width else { return signText + body }
        let fill = zero && align == nil ? "0" : self.fill
        let padding = width - length
        switch align ?? (zero ? "=" : defaultAlign) {
        case "<": return signText + body + String(repeating: fill, count: padding)
        case "^": return String(repeating: fill, count: padding / 2) + signText + body + String(repeating: fill, count: padding - padding / 2)
        case "=": return signText + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + signText + body
        }
    }

    /// Digits with the grouping separator every three from the right.
    private func grouped(_ digits: String) -> String {
        guard let grouping else { return digits }
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(grouping) }
            out.append(digit)
        }
        return out
    }

    /// A non-negative double by a printf conversion (f, F, e, E, g, G) in the "C" locale.
    static func printf(_ d: Double, _ conversion: Character, precision: Int, alternate: Bool) -> String {
        let format = "%" + (alternate ? "#" : "") + ".\(precision)" + String(conversion)
        let saved = uselocale(cLocale)
        defer { uselocale(saved) }
        let length = withVaList([d]) { vsnprintf(nil, 0, format, $0) }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        _ = withVaList([d]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The "C" locale, whose decimal point is "." whatever the host's locale: made on first use.
    nonisolated(unsafe) private static let cLocale: locale_t = newlocale(numericMask, "C", nil)
    #if canImport(Glibc)
    private static let numericMask = Int32(1) << LC_NUMERIC
    #else
    private static let numericMask = LC_NUMERIC_MASK
    #endif
}

extension Builtin {
    static let format = Builtin(name: "format", doc: """
        format(x, spec)
        A value as text by a Python format spec: [[fill]align][sign][0][width][,][.precision][type],
        with align <, > or ^, types d, f, e, g, % and s.
          format(5 / 7, ".1%")      # "71.4%"
          format(1234567, ",d")     # "1,234,567"
          format("EU", ">6")        # "    EU"
        """, arity: 2...2) { args, context in
        let spec = try FormatSpec(try string(args[1], "format", 2))
        try context.checkString(spec.width)
        return .string(try spec.format(args[0]))
    }
}
