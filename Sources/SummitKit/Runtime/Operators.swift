// The meaning of the operators on values, each defined once here. Each throws a SummitError without
// a location; the compiled code that applies it adds the place of the expression. The compiler's
// fast paths (Compiler/FastPaths/OperatorCode.swift) call the integer rules below, inline; the
// reference mode (SUMMIT_REFERENCE=1) compiles every operator through `binary` and `negate` alone,
// and the tests run the conformance suite and generated programs both ways.

enum Operators {
    // MARK: The integer rules
    // Each gives nil where the general path must answer (an overflow, a division by zero, which
    // throw there). Inline: the fast paths call them at no cost.

    /// `x + y` on two integers; nil on overflow.
    @inline(__always)
    static func sum(_ x: Int, _ y: Int) -> Int? {
        let (result, overflow) = x.addingReportingOverflow(y)
        return overflow ? nil : result
    }

    /// `x - y` on two integers; nil on overflow.
    @inline(__always)
    static func difference(_ x: Int, _ y: Int) -> Int? {
        let (result, overflow) = x.subtractingReportingOverflow(y)
        return overflow ? nil : result
    }

    /// `x * y` on two integers; nil on overflow.
    @inline(__always)
    static func product(_ x: Int, _ y: Int) -> Int? {
        let (result, overflow) = x.multipliedReportingOverflow(by: y)
        return overflow ? nil : result
    }

    /// `x % y` on two integers: truncated, its sign that of `x` (`-10 % 3` is -1, `10 % -3` is 1),
    /// as in C, Swift and Lua's integer `math.fmod`; nil when `y` is 0. `x % -1` is 0, even for the
    /// smallest integer, whose quotient by -1 overflows.
    @inline(__always)
    static func remainder(_ x: Int, _ y: Int) -> Int? {
        if y == 0 { return nil }
        if y == -1 { return 0 }
        return x % y
    }

    /// `-x` on an integer; nil for the smallest integer, whose negation overflows.
    @inline(__always)
    static func negation(_ x: Int) -> Int? {
        x == .min ? nil : -x
    }

    /// `x op y` for a comparison or equality on two integers.
    @inline(__always)
    static func compare(_ op: BinaryOp, _ x: Int, _ y: Int) -> Bool {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        case .equal: return x == y
        default: return x != y
        }
    }

    // MARK: The operators on values

    static func fail(_ message: String) -> SummitError { SummitError(.runtime, message) }

    static func mismatch(_ op: String, _ a: Value, _ b: Value) -> SummitError {
        fail("cannot apply '\(op)' to \(a.typeName) and \(b.typeName)")
    }

    static func overflow(_ op: String, _ a: Int, _ b: Int) -> SummitError {
        fail("integer overflow in \(a) \(op) \(b)")
    }

    /// A double result of `a op b`, which must be finite: numbers never become `inf` or `nan`.
    /// (Division by zero is caught before; from finite operands, only an overflow gets here.)
    @inline(__always)
    static func finite(_ result: Double, _ op: String, _ a: Value, _ b: Value) throws -> Value {
        if result.isFinite { return .double(result) }
        throw notFinite(op, a, b)
    }

    @inline(never)
    static func notFinite(_ op: String, _ a: Value, _ b: Value) -> SummitError {
        fail("number overflow in \(a) \(op) \(b): the result is beyond the largest number (about 1.8e308)")
    }

    static func add(_ a: Value, _ b: Value, _ limits: Limits) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            guard let sum = sum(x, y) else { throw self.overflow("+", x, y) }
            return .int(sum)
        case let (.string(x), .string(y)):
            if x.utf8.count + y.utf8.count > limits.maxStringSize {
                throw SummitError(.limit, "string too large (the limit is \(limits.maxStringSize) bytes)")
            }
            try limits.checkMemory(adding: x.utf8.count + y.utf8.count)
            return .string(x + y)
        case let (.list(x), .list(y)):
            if x.count + y.count > limits.maxCollectionSize {
                throw SummitError(.limit, "collection too large (the limit is \(limits.maxCollectionSize) elements)")
            }
            try limits.checkMemory(adding: ProcessMemory.bytes(ofValues: x.count + y.count))
            return .list(x + y)
        default:
            if let x = a.number, let y = b.number { return try finite(x + y, "+", a, b) }
            if case .string = a { throw fail("cannot apply '+' to string and \(b.typeName); use \"\\(x)\" or str(x)") }
            throw mismatch("+", a, b)
        }
    }

    static func subtract(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            guard let difference = difference(x, y) else { throw self.overflow("-", x, y) }
            return .int(difference)
        default:
            if let x = a.number, let y = b.number { return try finite(x - y, "-", a, b) }
            if let difference = combineSets(.subtract, a, b) { return .set(difference) }
            throw mismatch("-", a, b)
        }
    }

    static func multiply(_ a: Value, _ b: Value, _ limits: Limits) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            guard let product = product(x, y) else { throw self.overflow("*", x, y) }
            return .int(product)
        case let (.string(s), .int(n)), let (.int(n), .string(s)):
            guard n >= 0 else { throw fail("cannot repeat a string a negative number of times (\(n))") }
            let (total, overflow) = s.utf8.count.multipliedReportingOverflow(by: n)
            if overflow || total > limits.maxStringSize {
                throw SummitError(.limit, "string too large (the limit is \(limits.maxStringSize) bytes)")
            }
            try limits.checkMemory(adding: total)
            if total == 0 { return .string("") }  // without looping n times over nothing
            return .string(String(repeating: s, count: n))
        case let (.list(l), .int(n)), let (.int(n), .list(l)):
            guard n >= 0 else { throw fail("cannot repeat a list a negative number of times (\(n))") }
            let (total, overflow) = l.count.multipliedReportingOverflow(by: n)
            if overflow || total > limits.maxCollectionSize {
                throw SummitError(.limit, "collection too large (the limit is \(limits.maxCollectionSize) elements)")
            }
            try limits.checkMemory(adding: ProcessMemory.bytes(ofValues: total))
            if total == 0 { return .list([]) }  // without an array of n empty lists
            return .list(Array([[Value]](repeating: l, count: n).joined()))
        default:
            if let x = a.number, let y = b.number { return try finite(x * y, "*", a, b) }
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
            if let x = a.number, let y = b.number {
                if y == 0 { throw fail("division by zero") }
                return try finite(x / y, "/", a, b)
            }
            throw mismatch("/", a, b)
        }
    }

    static func remainder(_ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            guard let remainder = remainder(x, y) else { throw fail("division by zero in remainder") }
            return .int(remainder)
        default:
            if let x = a.number, let y = b.number {
                if y == 0 { throw fail("division by zero in remainder") }
                return try finite(x.truncatingRemainder(dividingBy: y), "%", a, b)
            }
            throw mismatch("%", a, b)
        }
    }

    /// `a op b`, for every binary operator: the reference mode's path, which the fast paths must
    /// agree with (see `Compiler.reference`).
    static func binary(_ op: BinaryOp, _ a: Value, _ b: Value, _ limits: Limits) throws -> Value {
        switch op {
        case .add: try add(a, b, limits)
        case .subtract: try subtract(a, b)
        case .multiply: try multiply(a, b, limits)
        case .divide: try divide(a, b)
        case .remainder: try remainder(a, b)
        case .equal: .bool(try equal(a, b))
        case .notEqual: .bool(try !equal(a, b))
        case .less, .lessEqual, .greater, .greaterEqual: .bool(try compare(op, a, b))
        case .union, .intersection, .symmetricDifference: try setOperation(op, a, b)
        case .in: .bool(try contains(b, a))
        case .notIn: .bool(try !contains(b, a))
        }
    }

    static func negate(_ a: Value) throws -> Value {
        switch a {
        case .int(let x):
            guard let negation = negation(x) else { throw fail("integer overflow in -(\(x))") }
            return .int(negation)
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
        case let (.int(x), .int(y)): return compare(op, x, y)
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
            if let order = numberOrder(a, b) { return ordered(op, order, 0) }
            if a.number != nil, b.number != nil { return false }  // nan, which only a host can give, is unordered
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

    /// The order of two numbers as the numbers they are: -1, 0 or 1, or nil when either is not a
    /// number or is nan. An integer and a double are compared exactly, not as two doubles (as in
    /// Python), so `9007199254740993 > 9007199254740992.0`; this agrees with `==` and with hashing,
    /// which also compare an integer with a double exactly. `<`, `sort`, `min`, `max` and the order
    /// sets print in all come here.
    static func numberOrder(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case let (.int(x), .int(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.double(x), .double(y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : x > y ? 1 : 0
        case let (.int(x), .double(y)): return order(x, y)
        case let (.double(x), .int(y)): return order(y, x).map { -$0 }
        default: return nil
        }
    }

    /// The order of an integer and a double, exactly.
    private static func order(_ i: Int, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        // 2^63 is exact as a double; every Int is below it and at or above its negation.
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let whole = d.rounded(.towardZero)
        let n = Int(whole)  // exact: |whole| < 2^63, or whole is -2^63
        if i != n { return i < n ? -1 : 1 }
        return d > whole ? -1 : d < whole ? 1 : 0
    }

    private static func ordered<T: Comparable>(_ op: BinaryOp, _ x: T, _ y: T) -> Bool {
        switch op {
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        default: return x >= y
        }
    }

    /// `element in container`, the one definition of `in` (and of `contains` on a collection).
    /// Looking for a set or list in a collection that holds none is an error, not `false`: `eu in
    /// signed` asks about 27 countries, where `EU in signed` asks about the Union.
    static func contains(_ container: Value, _ element: Value) throws -> Bool {
        switch container {
        case .list(let l):
            if l.contains(element) { return true }
            if element.isCollection, !l.contains(where: \.isCollection) { throw collectionLookedFor(element, in: container) }
            if case .string(let string) = element, !l.isEmpty, l.allSatisfy(\.isEntity) {
                throw stringLookedFor(string, in: container)
            }
            return false
        case .set(let s):
            if s.contains(element) {
                if s.isComplete { return true }
            } else {
                if element.isCollection, !s.mayHoldCollections { throw collectionLookedFor(element, in: container) }
                if case .string(let string) = element, s.holdsOnlyEntities {
                    throw stringLookedFor(string, in: container)
                }
                if s.isComplete { return false }
            }
            // An incomplete set answers only where its members known and possible ones decide it.
            guard let member = s.membership(of: element) else { throw Incomplete.membership(element, s) }
            return member
        case .record(let r):
            return r[key: element] != nil
        case .string(let s):
            guard case .string(let part) = element else {
                throw fail("'in' on a string needs a string on the left, got \(element.typeName)")
            }
            return part.isEmpty || s.contains(part)
        default:
            throw fail("'in' needs a list, set, record or string on the right, got \(container.typeName)")
        }
    }

    /// The error for `"France" in signed`: a string is never an element of a collection of entities.
    @inline(never)
    static func stringLookedFor(_ string: String, in container: Value) -> SummitError {
        let quoted = Value.string(string).description
        var message = "'in' looks for the string \(quoted) among \(describe(container)), which holds no strings; "
        if let named = entity(named: string) {
            message += "to look for the \(named.kind) \(named.name), write \(reference(named)) without quotes; "
        }
        return fail(message + "to look by name, write \(quoted) in map(s, x => x.name)")
    }

    /// The error for `x in s` with `x` a set or list and no set or list among the elements of `s`.
    @inline(never)
    static func collectionLookedFor(_ element: Value, in container: Value) -> SummitError {
        var message = "'in' asks whether one value is an element, but the left side is \(describe(element)), "
            + "and the \(container.typeName) on the right holds no sets or lists"
        if let (owner, member) = owner(of: element) {
            message += "; did you mean \(reference(owner)), the \(owner.kind) \(owner.name)? "
                + "The left side is \(reference(owner)).\(member)"
        } else {
            message += "; to ask whether all of its elements are, test a subset: set(left) <= right"
        }
        return fail(message)
    }

    /// `a == b` and `a != b` as operators: whether the values are equal. A set or list compared with
    /// an entity is an error, not `false`: `eu == EU` compares 27 countries with the Union.
    @inline(__always)
    static func equal(_ a: Value, _ b: Value) throws -> Bool {
        if case .set(let x) = a, case .set(let y) = b, !x.isComplete || !y.isComplete {
            // Incomplete sets are equal or not as the real sets are, when that is known.
            guard let answer = x.isKnownEqual(to: y) else { throw Incomplete.comparison("==", x, y) }
            return answer
        }
        if a == b { return true }
        if case .entity(let e) = a, b.isCollection { throw entityComparedWithCollection(e, b) }
        if case .entity(let e) = b, a.isCollection { throw entityComparedWithCollection(e, a) }
        if case .entity(let e) = a, case .string(let s) = b { throw entityComparedWithString(e, s) }
        if case .entity(let e) = b, case .string(let s) = a { throw entityComparedWithString(e, s) }
        return false
    }

    /// `country == "France"` is never true: an entity is not its name. The message says how to write
    /// either comparison the user may have meant.
    @inline(never)
    static func entityComparedWithString(_ entity: Entity, _ string: String) -> SummitError {
        fail("\(article(entity.kind)) (\(entity.name)) and a string (\(Value.string(string).description)) are never equal; "
             + stringMeant(string))
    }

    /// How to write what a string compared with, or looked for among, entities probably meant: the
    /// entity it names, or a comparison of names.
    static func stringMeant(_ string: String) -> String {
        let quoted = Value.string(string).description
        guard let named = entity(named: string) else { return "to compare names, write .name == \(quoted)" }
        return "to compare with the \(named.kind) \(named.name), write \(reference(named)) without quotes; "
            + "to compare names, write .name == \(quoted)"
    }

    /// The entity whose name or code is `string`, ignoring case; looked for on an error's path.
    static func entity(named string: String) -> Entity? {
        let key = string.lowercased()
        for case let entity? in EntityRegistry.snapshot {
            if entity.name.lowercased() == key { return entity }
            for code in ["iso2", "iso3"] {
                if case .string(let c)? = entity[code], c.lowercased() == key { return entity }
            }
        }
        return nil
    }

    @inline(never)
    static func entityComparedWithCollection(_ entity: Entity, _ collection: Value) -> SummitError {
        var message = "\(article(entity.kind)) (\(entity.name)) and \(describe(collection)) are never equal"
        if let (owner, member) = owner(of: collection), owner === entity {
            message += "; did you mean \(reference(owner)).\(member), the \(member) of \(owner.name)?"
        }
        return fail(message)
    }

    /// A set or list as messages describe it: "a set of 27 countries", "a list of 3 values".
    static func describe(_ collection: Value) -> String {
        let items: [Value]
        switch collection {
        case .set(let s): items = Array(s)
        case .list(let l): items = l
        default: return article(collection.typeName)
        }
        let kinds = Set(items.map(\.typeName))
        let noun = kinds.count == 1 && items.count > 0
            ? (items.count == 1 ? kinds.first! : plural(kinds.first!)) : (items.count == 1 ? "value" : "values")
        return "a \(collection.typeName) of \(items.count) \(noun)"
    }

    private static func plural(_ noun: String) -> String {
        noun.hasSuffix("y") ? String(noun.dropLast()) + "ies" : noun + "s"
    }

    private static func article(_ noun: String) -> String {
        (noun.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + noun
    }

    /// The entity with `collection` as one of its set or list members, and that member's name: the
    /// European Union for the set of its member states. Looked for among every entity, on an error's path.
    static func owner(of collection: Value) -> (Entity, String)? {
        guard let set = asSet(collection), !set.isEmpty else { return nil }
        for case let entity? in EntityRegistry.snapshot {
            for (key, value) in entity.members {
                guard value.isCollection, let other = asSet(value), other.count == set.count, other == set else { continue }
                return (entity, key)
            }
        }
        return nil
    }

    /// How code names an entity: its two-letter code where it has one (`EU`), else its name.
    private static func reference(_ entity: Entity) -> String {
        if case .string(let code)? = entity["iso2"], !code.isEmpty { return code }
        return entity.name
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
        case let (.record(r), key):
            // A key of another kind: a boolean, a number, an entity (`group_by` makes such records).
            guard let value = r[key: key] else { throw fail("record has no key \(key)") }
            return value
        case (.list, _), (.string, _):
            throw fail("a \(container.typeName) index must be an integer, got \(index.typeName)")
        case (.entity, _):
            throw fail("a \(container.typeName) key must be a string, got \(index.typeName)")
        default:
            throw fail("cannot index \(container.typeName)")
        }
    }

    /// `xs[start:end:step]` of a list or a string (by characters, as `count` and `s[i]` read
    /// it), as Python slices: nil is a part left out, a negative bound counts from the end, and a
    /// bound out of range is clamped to the ends rather than an error.
    static func slice(_ container: Value, _ start: Value, _ end: Value, _ step: Value) throws -> Value {
        switch container {
        case .list(let l):
            let positions = try slicePositions(count: l.count, start, end, step)
            if positions.step == 1 { return .list(Array(l[positions.from..<max(positions.from, positions.to)])) }
            return .list(slicePositionList(positions).map { l[$0] })
        case .string(let s):
            let characters = Array(s)
            let positions = try slicePositions(count: characters.count, start, end, step)
            if positions.step == 1 { return .string(String(characters[positions.from..<max(positions.from, positions.to)])) }
            return .string(String(slicePositionList(positions).map { characters[$0] }))
        default:
            throw fail("cannot slice \(container.typeName); only a list or a string can be sliced")
        }
    }

    /// The first position of a slice, the position it stops before, and its step, with Python's
    /// clamping: `to` may be -1 for a backward slice that runs to the front.
    private static func slicePositions(count: Int, _ start: Value, _ end: Value, _ step: Value)
        throws -> (from: Int, to: Int, step: Int) {
        func bound(_ value: Value, _ what: String) throws -> Int? {
            switch value {
            case .null: return nil
            case .int(let i): return i
            default: throw fail("a slice \(what) must be an integer or left out, got \(value.typeName)")
            }
        }
        let step = try bound(step, "step") ?? 1
        guard step != 0 else { throw fail("a slice step cannot be zero") }
        // The lowest and highest positions a bound is clamped to: for a backward slice, -1 stands
        // for "before the first element".
        let (lowest, highest) = step > 0 ? (0, count) : (-1, count - 1)
        func clamp(_ i: Int?, _ whenLeftOut: Int) -> Int {
            guard let i else { return whenLeftOut }
            let p = i < 0 ? (i < -count ? -count - 1 : i) + count : i
            return min(max(p, lowest), highest)
        }
        let from = clamp(try bound(start, "start"), step > 0 ? lowest : highest)
        let to = clamp(try bound(end, "end"), step > 0 ? highest : lowest)
        return (from, to, step)
    }

    /// The positions of a slice with a step other than 1, in order.
    private static func slicePositionList(_ p: (from: Int, to: Int, step: Int)) -> [Int] {
        var positions: [Int] = []
        var i = p.from
        while p.step > 0 ? i < p.to : i > p.to {
            positions.append(i)
            let (next, overflow) = i.addingReportingOverflow(p.step)
            if overflow { break }
            i = next
        }
        return positions
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
        closest(name, tiers: [(candidates, nil)])
    }

    /// The candidate closest to `name`, within a third of its length (at least 1): the nearest by
    /// edit distance, and among the equally near, the first in the order of `tiers` (what the user
    /// most likely meant first); a tier may allow less distance than that. Case is ignored; nil
    /// when none is near enough.
    static func closest(_ name: String, tiers: [(candidates: [String], limit: Int?)]) -> String? {
        // The distance is quadratic in the lengths: no suggestion for a name longer than any real one.
        guard name.utf8.count <= 100 else { return nil }
        let lower = name.lowercased()
        var best: (String, Int)?
        for (candidates, tierLimit) in tiers {
            let limit = min(max(1, name.count / 3), tierLimit ?? .max)
            for candidate in candidates {
                // The distance is at least the difference in length: skip the quadratic work then.
                guard abs(candidate.count - name.count) <= limit else { continue }
                let distance = editDistance(lower, candidate.lowercased())
                if distance <= limit, distance < best?.1 ?? .max { best = (candidate, distance) }
            }
        }
        return best?.0
    }

    /// The edit distance between two strings: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters (`regoin` is one edit from `region`) each count one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = row
        }
        return previous[b.count]
    }
}
