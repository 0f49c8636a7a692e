// `format(x, spec)`: Python's format-specification mini-language, so that a share prints as 71.4%
// and a population as 1,234,567. The floating-point digits come from C's printf in the "C" locale,
// which rounds exactly as Python does; signs, grouping and padding are done here.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed format spec: `[[fill]align][sign][#][0][width][grouping][.precision][type]`. Read as
/// Unicode scalars, as Python reads it (a fill is one code point, a width counts code points), and
/// without Character's grapheme rules, whose tables a first use would load.
struct FormatSpec {
    var fill: Unicode.Scalar = " "
    var align: Unicode.Scalar?
    var sign: Unicode.Scalar = "-"
    var alternate = false
    var zero = false
    var width = 0
    var grouping: Unicode.Scalar?
    var precision: Int?
    var type: Unicode.Scalar?

    /// The largest precision, so that a spec cannot ask printf for unbounded digits.
    static let maxPrecision = 100

    init(_ spec: String) throws {
        func invalid(_ reason: String) -> SummitError {
            SummitError(.runtime, "format(): invalid format spec \(Value.string(spec).description): \(reason)")
        }
        let c = Array(spec.unicodeScalars)
        var i = 0
        func isAlign(_ s: Unicode.Scalar) -> Bool { s == "<" || s == ">" || s == "^" || s == "=" }
        if c.count >= 2, isAlign(c[1]) {
            fill = c[0]; align = c[1]; i = 2
        } else if let first = c.first, isAlign(first) {
            align = first; i = 1
        }
        if i < c.count, c[i] == "+" || c[i] == "-" || c[i] == " " { sign = c[i]; i += 1 }
        if i < c.count, c[i] == "#" { alternate = true; i += 1 }
        if i < c.count, c[i] == "0" { zero = true; i += 1 }
        func number() throws -> Int? {
            var digits = ""
            while i < c.count, ("0"..."9").contains(c[i]) { digits.unicodeScalars.append(c[i]); i += 1 }
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
            guard "dfFeEgG%s".unicodeScalars.contains(c[i]) else {
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
            if let type, type != "s" {
                throw SummitError(.runtime, "format(): type '\(type)' needs a number, got \(value.typeName)")
            }
            if grouping != nil || sign != "-" || align == "=" {
                throw SummitError(.runtime, "format(): \(Value.string(value.printed).description) is text; a sign, '=' or grouping is for numbers")
            }
            var text = value.printed
            if let precision, text.unicodeScalars.count > precision {
                text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
            }
            return pad("", text, defaultAlign: "<")
        }
        var negative = number < 0 || (number == 0 && number.sign == .minus)
        var body: String
        switch type {
        case "d":
            if case .int(let i) = value { return pad(signText(i < 0), String(i.magnitude)) }
            guard let i = Int(exactly: number) else {
                throw SummitError(.runtime, "format(): type 'd' needs an integer, got \(value.description)")
            }
            return pad(signText(i < 0), String(i.magnitude))
        case nil:
            if case .int(let i) = value, precision == nil { return pad(signText(i < 0), String(i.magnitude)) }
            if let precision {
                // As 'g', but a number written without an exponent keeps a digit after its point.
                body = FormatSpec.printf(abs(number), "g", precision: max(precision, 1), alternate: alternate)
                if !body.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "n") }) {
                    body += ".0"
                }
            } else {
                body = Value.format(abs(number))
            }
        case "%":
            body = FormatSpec.printf(abs(number) * 100, "f", precision: precision ?? 6, alternate: alternate) + "%"
        case "f", "F":
            if case .int(let i) = value {
                // Exact, as printf's double could not be past 2^53.
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

    /// The sign and digits grouped and padded to the width. Zero-padding (`0` before the width)
    /// pads the digits themselves, grouping included: `format(1234, "08,d")` is "0,001,234".
    func pad(_ signText: String, _ body: String, defaultAlign: Unicode.Scalar = ">") -> String {
        var body = body
        let digitCount = body.utf8.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
        let integer = String(body.utf8.prefix(digitCount))!
        let rest = String(body.utf8.dropFirst(digitCount))!
        if zero, align == nil, digitCount > 0 {
            var digits = integer
            while signText.utf8.count + grouped(digits).utf8.count + rest.unicodeScalars.count < width { digits = "0" + digits }
            return signText + grouped(digits) + rest
        }
        if digitCount > 0 { body = grouped(integer) + rest }
        let length = signText.unicodeScalars.count + body.unicodeScalars.count
        guard length < width else { return signText + body }
        let fill = zero && align == nil ? "0" : String(self.fill)
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
        let count = digits.utf8.count
        for (index, digit) in digits.unicodeScalars.enumerated() {
            if index > 0, (count - index) % 3 == 0 { out.unicodeScalars.append(grouping) }
            out.unicodeScalars.append(digit)
        }
        return out
    }

    /// A non-negative double by a printf conversion (f, F, e, E, g, G) in the "C" locale.
    static func printf(_ d: Double, _ conversion: Unicode.Scalar, precision: Int, alternate: Bool) -> String {
        let format = "%" + (alternate ? "#" : "") + ".\(precision)" + String(conversion)
        let saved = uselocale(cLocale)
        defer { uselocale(saved) }
        #if os(Linux)
        // glibc's strfromd takes the double itself: a C variadic call from Swift would box it as a
        // CVarArg, whose conformance a first call looks up for some 330,000 instructions.
        if !alternate {
            let length = strfromd(nil, 0, format, d)
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = strfromd(&buffer, buffer.count, format, d)
            return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        #endif
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

#if os(Linux)
/// glibc's `strfromd` (ISO/IEC TS 18661-1): a double by a format of one conversion, `%.6f`, with no
/// flags. Not variadic; the Glibc module does not export it.
@_silgen_name("strfromd")
private func strfromd(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ format: UnsafePointer<CChar>, _ value: Double) -> Int32
#endif
