// The built-in functions of the language. Each has a doc string: its signature, a one-line
// summary, and an example, which `help(name)` and the REPL's `:doc` show.

extension Builtin {
    static func fail(_ message: String) -> SummitError { SummitError(.runtime, message) }

    static func typeError(_ function: String, _ position: Int, expected: String, got value: Value) -> SummitError {
        fail("bad argument #\(position) to \(function)() (\(expected) expected, got \(value.typeName))")
    }

    /// The elements of a list or set (a set in display order), or an error naming the function.
    /// With the call's context, a set's elements are ordered within the string limit.
    static func elements(_ value: Value, _ function: String, _ position: Int = 1, _ context: CallContext? = nil) throws -> [Value] {
        switch value {
        case .list(let l): return l
        case .set(let s):
            if !s.isComplete { throw Incomplete.elements(s, "\(function)() cannot take") }
            return try context?.sorted(s) ?? s.sorted
        default: throw typeError(function, position, expected: "list or set", got: value)
        }
    }

    /// The text in lower case, with Unicode's Final_Sigma rule, which `lowercased()` leaves out: a
    /// capital sigma after a cased letter (and any case-ignorable ones) and not before one becomes
    /// the final form ς, so `lower("ΣΑΣ")` is `σας`.
    static func lowercased(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{03A3}") else { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        /// Whether a cased letter comes first when stepping from `index` by `step`, past case-ignorable ones.
        func casedLetter(from index: Int, by step: Int) -> Bool {
            var i = index + step
            while i >= 0 && i < scalars.count {
                let properties = scalars[i].properties
                if !properties.isCaseIgnorable { return properties.isCased }
                i += step
            }
            return false
        }
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && casedLetter(from: i, by: -1) && !casedLetter(from: i, by: 1) {
                out.append("\u{03C2}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    static func string(_ value: Value, _ function: String, _ position: Int) throws -> String {
        guard case .string(let s) = value else { throw typeError(function, position, expected: "string", got: value) }
        return s
    }

    static func integer(_ value: Value, _ function: String, _ position: Int) throws -> Int {
        if case .int(let i) = value { return i }
        if case .double(let d) = value, let i = Int(exactly: d) { return i }
        throw typeError(function, position, expected: "integer", got: value)
    }

    /// The order of `sort`, `min` and `max`: numbers by value, strings by code point, entities by
    /// name as a dictionary orders them (``NameOrder``); other values of one type by display text
    /// (written within the string limit).
    static func ordered(_ a: Value, _ b: Value, _ context: CallContext) throws -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x < y
        default:
            if let order = Operators.numberOrder(a, b) { return order < 0 }
            if a.number != nil, b.number != nil { return false }
            if case .entity(let x) = a, case .entity(let y) = b { return NameOrder.precedes(x, y) }
            if a.typeName != b.typeName {
                throw fail("cannot order \(a.typeName) and \(b.typeName)")
            }
            return try context.text(of: a, quoted: true) < context.text(of: b, quoted: true)
        }
    }

    /// The element of one list or set argument, or the argument, that `beats` every other: `min`, `max`.
    static func extreme(_ args: [Value], _ function: String, _ context: CallContext, _ beats: (Value, Value) throws -> Bool) throws -> Value {
        let items = args.count == 1 ? try elements(args[0], function, 1, context) : args
        guard var best = items.first else { throw fail("\(function)() of an empty collection") }
        for item in items.dropFirst() where try beats(item, best) { best = item }
        return best
    }

    /// A list of the same kind as the input: a set stays a set.
    static func same(as input: Value, _ elements: [Value]) -> Value {
        if case .set = input { return .set(ValueSet(elements)) }
        return .list(elements)
    }

    /// `count`, which `count(a op b)` on sets of entities recognises so as to count without making the set.
    static let count = Builtin(name: "count", doc: """
        count(x)
        The number of elements of a list, set or record, or of characters of a string.
          count(signed - [US, UK])
        """) { x in
        switch x {
        case .list(let l): return .int(l.count)
        case .set(let s):
            if !s.isComplete { throw Incomplete.count(s) }
            return .int(s.count)
        case .record(let r): return .int(r.count)
        case .string(let s): return .int(Builtin.characterCount(s))
        default: throw typeError("count", 1, expected: "list, set, record or string", got: x)
        }
    }

    /// `range`, which a `for` loop over `range(...)` recognises so as to count without making the list.
    static let range = Builtin(name: "range", doc: """
        range(n), range(start, end) or range(start, end, step)
        The list of integers from start (default 0) up to but not including end.
          range(3)          # [0, 1, 2]
          range(1, 10, 3)   # [1, 4, 7]
        """, arity: 1...3) { args, context in
        let (numbers, count) = try rangeNumbers(args)
        try context.checkSize(count)
        return .list(numbers.map { .int($0) })
    }

    /// The integers `range(args...)` stands for, and how many there are.
    static func rangeNumbers(_ args: [Value]) throws -> (numbers: StrideTo<Int>, count: Int) {
        let bounds = try args.enumerated().map { try integer($1, "range", $0 + 1) }
        let (start, end) = bounds.count == 1 ? (0, bounds[0]) : (bounds[0], bounds[1])
        let step = bounds.count == 3 ? bounds[2] : 1
        guard step != 0 else { throw fail("range() step cannot be 0") }
        // The count is ceil(|end - start| / |step|), in unsigned arithmetic so no bounds overflow.
        var count = 0
        if end != start && (end > start) == (step > 0) {
            let distance = end > start ? UInt(bitPattern: end &- start) : UInt(bitPattern: start &- end)
            let (quotient, remainder) = distance.quotientAndRemainder(dividingBy: step.magnitude)
            count = Int(exactly: quotient + (remainder != 0 ? 1 : 0)) ?? .max
        }
        return (stride(from: start, to: end, by: step), count)
    }

    static let core: [Builtin] = [
        Builtin(name: "print", doc: """
            print(values...)
            Writes the values separated by spaces, then a newline. Strings are written as they are;
            a list of records alone is written as a table; an unconfirmed element of a set is marked
            `*`, with a legend line under it.
              print("Signed:", count(signed))
            """, arity: 0...Int.max) { args, context in
            context.write(try context.runtime.printed(args))
            return .null
        },
        count,
        Builtin(name: "sort", doc: """
            sort(xs)
            The elements of a list or set as a sorted list: numbers by value, strings by code point
            (capitals first), entities by name as a dictionary orders them (accents and case folded).
              sort([3, 1, 2])    # [1, 2, 3]
            """, arity: 1...1) { args, context in
            var comparisons = 0
            return .list(try elements(args[0], "sort", 1, context).sorted { a, b in
                comparisons &+= 1
                try context.poll(comparisons)
                return try ordered(a, b, context)
            })
        },
        Builtin(name: "sort_by", doc: """
            sort_by(xs, key)
            The elements sorted by the value the function `key` gives for each, as a list; equal keys
            keep their order.
              sort_by(quotes, q => q.date)
            """, arity: 2...2) { args, context in
            let function = Callee(args[1])
            // `c => c.name` over built-in entities: the member's index has the order of its strings.
            if let member = function.member, let sorted = sortedByIndex(args[0], member: member) { return .list(sorted) }
            let (items, keys) = try keyed(args[0], function, "sort_by", context)
            // Keys that are all strings (names, the usual case) are compared as strings, as
            // `ordered` compares them, with no switch over two values at every comparison.
            if case .string = keys.first, let order = Builtin.stringOrder(keys) {
                return .list(order.map { items[$0] })
            }
            let keyed = zip(items, keys).map { ($0, $1) }
            var comparisons = 0
            // As `sort` does, the time limit and a cancellation are checked as it sorts.
            let sorted = try keyed.enumerated().sorted { a, b in
                comparisons &+= 1
                try context.poll(comparisons)
                if try ordered(a.element.1, b.element.1, context) { return true }
                if try ordered(b.element.1, a.element.1, context) { return false }
                return a.offset < b.offset
            }
            return .list(sorted.map(\.element.0))
        },
        Builtin(name: "map", doc: """
            map(xs, f)
            A list of f(x) for each element x of a list or set.
              map([1, 2, 3], x => x * 10)    # [10, 20, 30]
            """, arity: 2...2) { args, context in
            let function = Callee(args[1])
            // A set of entities is walked in display order with no list of it made (KeyedElements.swift).
            if case .set(let set) = args[0], let bits = set.entityBits { return .list(try mapped(bits, function, context)) }
            if case .list(let items) = args[0], function.member != nil { return .list(try mapped(items, function, context)) }
            let items = try elements(args[0], "map", 1, context)
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try context.call(function, item)) }
            return .list(out)
        },
        Builtin(name: "filter", doc: """
            filter(xs, pred)
            The elements for which pred(x) is true, as a list (or a set, for a set).
              filter(range(10), n => n % 2 == 0)
            """, arity: 2...2) { args, context in
            var kept: [Value] = []
            let predicate = Callee(args[1])
            for item in try elements(args[0], "filter", 1, context) {
                let verdict = try context.call(predicate, item)
                guard case .bool(let keep) = verdict else {
                    throw fail("filter() predicate must give true or false, got \(verdict.typeName)")
                }
                if keep { kept.append(item) }
            }
            return same(as: args[0], kept)
        },
        Builtin(name: "reduce", doc: """
            reduce(xs, f, initial)
            Combines the elements from the left: f(f(initial, x1), x2)... Without `initial`, starts
            from the first element.
              reduce([1, 2, 3], (a, b) => a + b, 0)    # 6
            """, arity: 2...3) { args, context in
            var items = try elements(args[0], "reduce", 1, context)[...]
            var accumulator: Value
            if args.count == 3 {
                accumulator = args[2]
            } else {
                guard let first = items.popFirst() else { throw fail("reduce() of an empty list needs an initial value") }
                accumulator = first
            }
            let function = Callee(args[1])
            for item in items { accumulator = try context.call(function, accumulator, item) }
            return accumulator
        },
        Builtin(name: "sum", doc: """
            sum(xs)
            The sum of a list or set of numbers; 0 when empty.
              sum([1, 2, 3.5])    # 6.5
            """) { x in
            var total = Value.int(0)
            for item in try elements(x, "sum") {
                guard item.number != nil else { throw fail("sum() needs numbers, found \(item.typeName)") }
                total = try Operators.add(total, item, Limits())
            }
            return total
        },
        Builtin(name: "min", doc: """
            min(xs) or min(a, b, ...)
            The smallest element of a list or set, or the smallest argument.
              min([3, 1, 2])    # 1
            """, arity: 1...Int.max) { args, context in
            try extreme(args, "min", context) { candidate, best in try ordered(candidate, best, context) }
        },
        Builtin(name: "max", doc: """
            max(xs) or max(a, b, ...)
            The largest element of a list or set, or the largest argument.
              max([3, 1, 2])    # 3
            """, arity: 1...Int.max) { args, context in
            try extreme(args, "max", context) { candidate, best in try ordered(best, candidate, context) }
        },
        Builtin(name: "first", doc: """
            first(xs)
            The first element of a list (or of a set in display order), or nil when empty.
              first([4, 5])    # 4
            """) { x in
            try elements(x, "first").first ?? .null
        },
        Builtin(name: "last", doc: """
            last(xs)
            The last element of a list (or of a set in display order), or nil when empty.
              last([4, 5])    # 5
            """) { x in
            try elements(x, "last").last ?? .null
        },
        range,
        Builtin(name: "join", doc: """
            join(xs, separator)
            The elements as text, joined with the separator (default "").
              join(["a", "b"], ", ")    # "a, b"
            """, arity: 1...2) { args, context in
            let separator = args.count == 2 ? try string(args[1], "join", 2) : ""
            let items = try elements(args[0], "join", 1, context)
            // Strings are their own text (`text(of:)`): a list of only strings is joined as it is.
            if let length = try joinedLength(items, separator, context) {
                return .string(Builtin.joined(items, separator, length: length))
            }
            let parts = try items.map { try context.text(of: $0) }
            // Check the size before joining, so that a result past the limit is never built.
            var (total, overflow) = separator.utf8.count.multipliedReportingOverflow(by: max(0, parts.count - 1))
            for part in parts where !overflow { (total, overflow) = total.addingReportingOverflow(part.utf8.count) }
            try context.checkString(overflow ? .max : total)
            // Appended into a string of the right capacity: the standard library's `joined`
            // measured each part again, as a sequence of characters.
            return .string(Builtin.joined(parts.lazy.map(Value.string), separator, length: total))
        },
        Builtin(name: "split", doc: """
            split(s, separator)
            The parts of a string between separators, as a list; without a separator, the words.
              split("a,b", ",")    # ["a", "b"]
            """, arity: 1...2) { args, _ in
            let s = try string(args[0], "split", 1)
            if args.count == 1 { return .list(s.split(whereSeparator: \.isWhitespace).map { .string(String($0)) }) }
            let separator = try string(args[1], "split", 2)
            guard !separator.isEmpty else { return .list(s.map { .string(String($0)) }) }
            return .list(s.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
        },
        Builtin(name: "upper", doc: """
            upper(s)
            The string in upper case.
              upper("paris")    # "PARIS"
            """) { x in .string(try string(x, "upper", 1).uppercased()) },
        Builtin(name: "lower", doc: """
            lower(s)
            The string in lower case.
              lower("EU")    # "eu"
            """) { x in .string(lowercased(try string(x, "lower", 1))) },
        Builtin(name: "contains", doc: """
            contains(x, part)
            Whether a string contains a substring (ignoring case), or a list, set or record contains an element or key.
              contains("Grand Palais", "palais")    # true
            """, arity: 2...2) { args, _ in
            if case .string(let s) = args[0], case .string(let part) = args[1] {
                return .bool(part.isEmpty || s.lowercased().contains(part.lowercased()))
            }
            return .bool(try Operators.contains(args[0], args[1]))
        },
        Builtin(name: "keys", doc: """
            keys(r)
            The field names of a record (or the members of an entity), in order.
              keys({name: "x", n: 1})    # ["name", "n"]
            """) { x in
            switch x {
            case .record(let r): return .list(r.keyValues)
            case .entity(let e): return .list(e.members.keys.map { .string($0) })
            default: throw typeError("keys", 1, expected: "record", got: x)
            }
        },
        Builtin(name: "values", doc: """
            values(r)
            The field values of a record (or the members of an entity), in order.
              values({name: "x", n: 1})    # ["x", 1]
            """) { x in
            switch x {
            case .record(let r): return .list(r.map(\.value))
            case .entity(let e): return .list(e.members.map(\.value))
            default: throw typeError("values", 1, expected: "record", got: x)
            }
        },
        Builtin(name: "group_by", doc: """
            group_by(xs, key)
            A record from each key to the list of elements that have it, keys in first-seen order.
            The keys are the values the function gives (g[true], g[1], g["Europe"], g[France]).
              group_by(signed, c => c.region)
            """, arity: 2...2) { args, context in
            // The groups are gathered apart (GroupTable) and made a record once: a record of many
            // fields hashed the key at each of the three lookups an element cost.
            let keyFunction = Callee(args[1])
            // `c => c.region` over built-in entities: the member's index has the groups.
            if let member = keyFunction.member, let grouped = groupedByIndex(args[0], member: member) {
                return .record(grouped)
            }
            var groups = GroupTable()
            if case .set(let set) = args[0], set.entityBits != nil {
                // A set of entities is walked in display order with no list of it made (KeyedElements.swift).
                try forEachKeyed(args[0], keyFunction, "group_by", context) { item, key in
                    try groups.add(item, to: key, context)
                }
                return .record(try groups.record())
            }
            for item in try elements(args[0], "group_by", 1, context) {
                try groups.add(item, to: try context.call(keyFunction, item), context)
            }
            return .record(try groups.record())
        },
        Builtin(name: "type", doc: """
            type(x)
            The name of the type of x: "nil", "bool", "number", "string", "list", "set", "record",
            "function", or an entity's kind ("country", "person"...).
              type(France)    # "country"
            """) { x in .string(x.typeName) },
        Builtin(name: "str", doc: """
            str(x)
            x as text: a string as it is, anything else as it prints.
              str(42) + "%"    # "42%"
            """, arity: 1...1) { args, context in .string(try context.text(of: args[0])) },
        Builtin(name: "assert", doc: """
            assert(condition, message)
            Stops with an error carrying the message when the condition is false.
              assert(count(g7) == 7, "the G7 has seven members")
            """, arity: 1...2) { args, context in
            guard case .bool(let ok) = args[0] else { throw typeError("assert", 1, expected: "bool", got: args[0]) }
            if !ok { throw fail("assertion failed" + (args.count == 2 ? ": \(try context.text(of: args[1]))" : "")) }
            return .null
        },
        Builtin(name: "error", doc: """
            error(message)
            Stops with an error carrying the message.
              error("no such summit")
            """, arity: 1...1) { args, context in
            throw fail(try context.text(of: args[0]))
        },
        Builtin(name: "set", doc: """
            set(xs)
            A set of the elements of a list (or a copy of a set); set() is the empty set.
              set([1, 1, 2])    # {1, 2}
            """, arity: 0...1) { args, _ in
            guard let input = args.first else { return .set(ValueSet()) }
            switch input {
            case .set: return input
            case .list(let l): return .set(ValueSet(list: l))
            default: throw typeError("set", 1, expected: "list or set", got: input)
            }
        },
        Builtin(name: "list", doc: """
            list(xs)
            The elements of a set (in display order), a list, or a string's characters, as a list.
              list({UK, US})    # [United Kingdom, United States]
            """) { x in
            if case .string(let s) = x { return .list(s.map { .string(String($0)) }) }
            return .list(try elements(x, "list"))
        },
        Builtin(name: "abs", doc: """
            abs(n)
            The absolute value of a number.
              abs(-3)    # 3
            """) { x in
            switch x {
            case .int(let i):
                guard i != .min else { throw fail("integer overflow in abs(\(i))") }
                return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: throw typeError("abs", 1, expected: "number", got: x)
            }
        },
        Builtin(name: "round", doc: """
            round(n, digits)
            A number rounded to the nearest integer, or to `digits` decimal places.
              round(2.5)        # 3
              round(3.14159, 2) # 3.14
            """, arity: 1...2) { args, _ in
            guard let d = args[0].number else { throw typeError("round", 1, expected: "number", got: args[0]) }
            if args.count == 2 {
                let digits = try integer(args[1], "round", 2)
                guard (0...15).contains(digits) else { throw fail("round() digits must be from 0 to 15, got \(digits)") }
                var scale = 1.0
                for _ in 0..<digits { scale *= 10 }
                // A number so large that scaling it overflows has no decimals to round.
                let scaled = d * scale
                guard scaled.isFinite else { return .double(d) }
                return .double(scaled.rounded() / scale)
            }
            if case .int = args[0] { return args[0] }
            let r = d.rounded()
            guard let i = Int(exactly: r) else { throw fail("round() result \(Value.format(r)) does not fit in an integer") }
            return .int(i)
        },
        Builtin(name: "any", doc: """
            any(xs, pred)
            Whether pred(x) is true for at least one element.
              any(signed, c => c.region == "Oceania")
            """, arity: 2...2) { args, context in
            let predicate = Callee(args[1])
            for item in try elements(args[0], "any", 1, context) where try context.call(predicate, item) == .bool(true) {
                return .bool(true)
            }
            return .bool(false)
        },
        Builtin(name: "all", doc: """
            all(xs, pred)
            Whether pred(x) is true for every element.
              all(g7, c => c in nato or c == Japan)
            """, arity: 2...2) { args, context in
            let predicate = Callee(args[1])
            for item in try elements(args[0], "all", 1, context) where try context.call(predicate, item) != .bool(true) {
                return .bool(false)
            }
            return .bool(true)
        },
        Builtin(name: "reverse", doc: """
            reverse(xs)
            A list (or string) in reverse order.
              reverse([1, 2, 3])    # [3, 2, 1]
            """) { x in
            if case .string(let s) = x { return .string(String(s.reversed())) }
            return .list(try elements(x, "reverse").reversed())
        },
        Builtin(name: "append", doc: """
            append(xs, x)
            A new list: xs with x added at the end. To add to a `var` list in place, write xs.append(x).
              append([1, 2], 3)    # [1, 2, 3]
            """, arity: 2...2) { args, context in
            guard case .list(var list) = args[0] else { throw typeError("append", 1, expected: "list", got: args[0]) }
            try context.checkSize(list.count + 1)
            list.append(args[1])
            return .list(list)
        },
        Builtin(name: "help", doc: """
            help(x)
            Writes what x is: a function's signature and summary, a fact's description, or an
            entity's members with their values and sources.
              help(count)
              help(France)
            """, arity: 1...1) { args, context in
            context.write(try context.runtime.documentation(of: args[0], named: nil) + "\n")
            return .null
        },
        Builtin(name: "doc", doc: """
            doc(x)
            What help(x) writes, as a string.
              doc(count)
            """, arity: 1...1) { args, context in
            .string(try context.runtime.documentation(of: args[0], named: nil))
        },
        Builtin(name: "source", doc: """
            source(fact)
            Where a fact comes from: a list of records with the fact, the words of the source, its
            citation (a sentence of the article or a public address) and its confidence.
              source(refused)
              source(Vance.role)
              source(FR in signed)
            """) { x in
            if case .entity(let e) = x { return Compiler.sources(e.sources, fact: e.name) }
            throw fail("no source is known for this value; source() takes a fact: a name, a member or a membership")
        },
    ]
}
