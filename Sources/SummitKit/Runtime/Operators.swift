// The meaning of the operators on values. Each throws a SummitError without a location; the
// compiled code that applies it adds the place of the expression.

enum Operators {
    static func fail(_ message: String) -> SummitError { SummitError(.runtime, message) }

    static func mismatch(_ op: String, _ a: Value, _ b: Value) -> SummitError {
        fail("cannot apply '\(op)' to \(a.typeName) and \(b.typeName)")
    }

    static func overflow(_ op: String, _ a: Int, _ b: Int) -> SummitError {
        fail("integer overflow in \(a) \(op) \(b)")
    }

    static func add(_ a: Value, _ b: Value, _ limits: Limits) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            if overflow { throw self.overflow("+", x, y) }
            return .int(sum)
        case let (.string(x), .string(y)):
            if x.utf8.count + y.utf8.count > limits.maxStringSize {
                throw SummitError(.limit, "string too large (the limit is \(limits.maxStringSize) bytes)")
            }
            return .string(x + y)
        case let (.list(x), .list(y)):
            if x.count + y.count > limits.maxCollectionSize {
                throw SummitError(.limit, "collection too large (the limit is \(limits.maxCollectionSize) elements)")
            }
            return .list(x + y)
        default:
            if let x = a.number, let y = b.number { return .double(x + y) }
            if case .string = a { throw fail("cannot apply '+' to string and \(b.typeName); use \"\\(x)\" or str(x)") }
            throw mismatch("+", a, b)
        }
    }

    static func subtract(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            if overflow { throw self.overflow("-", x, y) }
            return .int(difference)
        default:
            if let x = a.number, let y = b.number { return .double(x - y) }
            if let difference = combineSets(.subtract, a, b) { return .set(difference) }
            throw mismatch("-", a, b)
        }
    }

    static func multiply(_ a: Value, _ b: Value, _ limits: Limits) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw self.overflow("*", x, y) }
            return .int(product)
        case let (.string(s), .int(n)), let (.int(n), .string(s)):
            guard n >= 0 else { throw fail("cannot repeat a string a negative number of times (\(n))") }
            let (total, overflow) = s.utf8.count.multipliedReportingOverflow(by: n)
            if overflow || total > limits.maxStringSize {
                throw SummitError(.limit, "string too large (the limit is \(limits.maxStringSize) bytes)")
            }
            if total == 0 { return .string("") }  // without looping n times over nothing
            return .string(String(repeating: s, count: n))
        case let (.list(l), .int(n)), let (.int(n), .list(l)):
            guard n >= 0 else { throw fail("cannot repeat a list a negative number of times (\(n))") }
            let (total, overflow) = l.count.multipliedReportingOverflow(by: n)
            if overflow || total > limits.maxCollectionSize {
                throw SummitError(.limit, "collection too large (the limit is \(limits.maxCollectionSize) elements)")
            }
            if total == 0 { return .list([]) }  // without an array of n empty lists
            return .list(Array([[Value]](repeating: l, count: n).joined()))
        default:
            if let x = a.number, let y = b.number { return .double(x * y) }
            throw mismatch("*", a, b)
        }
    }

    static func divide(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { throw fail("division by zero") }
            if x == .min && y == -1 { throw overflow("/", x, y) }
            return x % y == 0 ? .int(x / y) : .double(Double(x) / Double(y))
        default:
            if let x = a.number, let y = b.number { return .double(x / y) }
            throw mismatch("/", a, b)
        }
    }

    static func remainder(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { throw fail("division by zero in remainder") }
            if y == -1 { return .int(0) }
            return .int(x % y)
        default:
            if let x = a.number, let y = b.number {
                if y == 0 { throw fail("division by zero in remainder") }
                return .double(x.truncatingRemainder(dividingBy: y))
            }
            throw mismatch("%", a, b)
        }
    }

    static func negate(_ a: Value) throws -> Value {
        switch a {
        case .int(let x):
            if x == .min { throw fail("integer overflow in -(\(x))") }
            return .int(-x)
        case .double(let d): return .double(-d)
        default: throw fail("cannot negate \(a.typeName)")
        }
    }

    /// A list or set as a set, for the set operators; nil for anything else.
    static func asSet(_ v: Value) -> ValueSet? {
        switch v {
        case .set(let s): return s
        case .list(let l): return ValueSet(list: l)
        default: return nil
        }
    }

    /// `a op b` for the set operators `|`, `&`, `^` and `-`, with a list on either side taken as
    /// the set of its elements; nil unless both are sets or lists.
    static func combineSets(_ op: BinaryOp, _ a: Value, _ b: Value) -> ValueSet? {
        // A set of entities with a list of entities, such as `g7 - [US, UK]`, makes no set of the list.
        if case .set(let x) = a, case .list(let l) = b, let result = x.combined(op, withEntities: l) { return result }
        guard let x = asSet(a), let y = asSet(b) else { return nil }
        switch op {
        case .union: return x.union(y)
        case .intersection: return x.intersection(y)
        case .subtract: return x.subtracting(y)
        default: return x.symmetricDifference(y)
        }
    }

    static func setOperation(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        guard let result = combineSets(op, a, b) else {
            throw fail("cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName); set operators take sets or lists")
        }
        return .set(result)
    }

    static func compare(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case let (.int(x), .int(y)): return ordered(op, x, y)
        case let (.string(x), .string(y)): return ordered(op, x, y)
        case let (.set(x), .set(y)):
            if !x.isComplete || !y.isComplete { return try compareIncomplete(op, x, y) }
            switch op {
            case .lessEqual: return x.isSubset(of: y)
            case .greaterEqual: return y.isSubset(of: x)
            case .less: return x.count < y.count && x.isSubset(of: y)
            default: return y.count < x.count && y.isSubset(of: x)
            }
        default:
            if let x = a.number, let y = b.number { return ordered(op, x, y) }
            if case .set = a, let y = asSet(b) { return try compare(op, a, .set(y)) }
            if case .set = b, let x = asSet(a) { return try compare(op, .set(x), b) }
            throw fail("cannot compare \(a.typeName) and \(b.typeName) with '\(op.rawValue)'")
        }
    }

    /// `x op y` (subset comparisons) when either set is incomplete: the answer for the real sets,
    /// or an error when it is not known.
    @inline(never)
    static func compareIncomplete(_ op: BinaryOp, _ x: ValueSet, _ y: ValueSet) throws -> Bool {
        let answer: Bool?
        switch op {
        case .lessEqual: answer = x.isKnownSubset(of: y)
        case .greaterEqual: answer = y.isKnownSubset(of: x)
        default:
            // A proper subset: a subset that the other is not a subset of.
            let (a, b) = op == .less ? (x, y) : (y, x)
            let ab = a.isKnownSubset(of: b), ba = b.isKnownSubset(of: a)
            answer = ab == false || ba == true ? false : (ab == true && ba == false ? true : nil)
        }
        guard let answer else { throw Incomplete.comparison(op.rawValue, x, y) }
        return answer
    }

    /// `x == y` for values that may be incomplete sets: the answer for the real sets, or an error
    /// when it is not known. Other values are compared as `==` does.
    static func equal(_ x: Value, _ y: Value) throws -> Bool {
        if case .set(let a) = x, case .set(let b) = y, !a.isComplete || !b.isComplete {
            guard let answer = a.isKnownEqual(to: b) else { throw Incomplete.comparison("==", a, b) }
            return answer
        }
        return x == y
    }

    private static func ordered<T: Comparable>(_ op: BinaryOp, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        default: return x >= y
        }
    }

    static func contains(_ container: Value, _ element: Value) throws -> Bool {
        switch container {
        case .list(let l): return l.contains(element)
        case .set(let s):
            if case .partial = s.storage {
                guard let member = s.membership(of: element) else { throw Incomplete.membership(element, s) }
                return member
            }
            return s.contains(element)
        case .record(let r):
            guard case .string(let key) = element else { return false }
            return r[key] != nil
        case .string(let s):
            guard case .string(let part) = element else {
                throw fail("'in' on a string needs a string on the left, got \(element.typeName)")
            }
            return part.isEmpty || s.contains(part)
        default:
            throw fail("'in' needs a list, set, record or string on the right, got \(container.typeName)")
        }
    }

    /// `container[index]`.
    static func index(_ container: Value, _ index: Value) throws -> Value {
        switch (container, index) {
        case let (.list(l), .int(i)):
            return l[try position(i, count: l.count)]
        case let (.string(s), .int(i)):
            let characters = Array(s)
            return .string(String(characters[try position(i, count: characters.count)]))
        case let (.record(r), .string(key)):
            guard let value = r[key] else { throw missingMember(key, of: container) }
            return value
        case let (.entity(e), .string(key)):
            guard let value = e[key] else { throw missingMember(key, of: container) }
            return value
        case (.list, _), (.string, _):
            throw fail("a \(container.typeName) index must be an integer, got \(index.typeName)")
        case (.record, _), (.entity, _):
            throw fail("a \(container.typeName) key must be a string, got \(index.typeName)")
        default:
            throw fail("cannot index \(container.typeName)")
        }
    }

    /// An index from the front (0, 1...) or the back (-1, -2...), checked.
    static func position(_ i: Int, count: Int) throws -> Int {
        let p = i < 0 ? count + i : i
        guard p >= 0 && p < count else { throw fail("index \(i) out of range (count is \(count))") }
        return p
    }

    /// `object.name`.
    static func member(_ object: Value, _ name: String) throws -> Value {
        switch object {
        case .record(let r):
            if let value = r[name] { return value }
        case .entity(let e):
            if let value = e[name] { return value }
        default:
            throw fail("\(object.typeName) has no members (looking for '\(name)')")
        }
        throw missingMember(name, of: object)
    }

    static func missingMember(_ name: String, of object: Value) -> SummitError {
        let keys: [String]
        switch object {
        case .record(let r): keys = r.keys
        case .entity(let e): keys = e.members.keys
        default: keys = []
        }
        let what = if case .entity(let e) = object { "\(e.kind) \(e.name)" } else { object.typeName }
        return fail("\(what) has no member '\(name)'" + didYouMean(name, keys))
    }

    /// `; did you mean 'x'?` for the closest candidate, or nothing.
    static func didYouMean(_ name: String, _ candidates: [String]) -> String {
        guard let best = closest(name, candidates) else { return "" }
        return "; did you mean '\(best)'?"
    }

    static func closest(_ name: String, _ candidates: [String]) -> String? {
        // The distance is quadratic in the lengths: no suggestion for a name longer than any real one.
        guard name.utf8.count <= 100 else { return nil }
        let lower = name.lowercased()
        var best: (String, Int)?
        let limit = max(1, name.count / 3)
        for candidate in candidates {
            // The distance is at least the difference in length: skip the quadratic work then.
            guard abs(candidate.count - name.count) <= limit else { continue }
            let distance = editDistance(lower, candidate.lowercased())
            if distance <= limit, distance < best?.1 ?? .max { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
