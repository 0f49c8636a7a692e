// The work of the built-ins that queries lean on (`group_by`, `join`), done without the standard
// library's general paths where they cost more than the query (issue 22, profiles in
// docs/performance.md).

/// The groups of `group_by`, by key in first-seen order. The keys of one query are usually the same
/// few strings, held in the same storage: a key is first looked for by its bits (two words, as
/// `Record` does), then by `==`, and only past 32 groups through a hash table.
struct GroupTable {
    private var keys: [String] = []
    /// The key of each group as the function gave it, where it is not a string (`true`, `1`, an
    /// entity): the record keeps it, so that `g[true]` finds the group.
    /// One a key (a position, not a hash, is read for every element); nil where the key is a string.
    private var valueKeys: [Value?] = []
    private var hasValueKeys = false
    private var members: [[Value]] = []
    private var positions: [String: Int] = [:]

    /// Adds `item` to the group of `key`. Two keys of different kinds that display alike (`1` and
    /// `"1"`) are an error, as a record cannot hold both.
    mutating func add(_ item: Value, to key: Value, _ context: CallContext) throws {
        // A key's text within the string limit: a key whose parts are shared is not written whole.
        let name = try Record.name(of: key) { try context.text(of: $0, quoted: true) }
        if let at = position(of: name) {
            // Two string keys of one name are one key; any other pair must be equal.
            let clash: Bool
            switch valueKeys[at] {
            case .some(let stored): clash = stored != key
            case .none: clash = !key.isStringValue && Value.string(keys[at]) != key
            }
            if clash {
                let stored = valueKeys[at] ?? .string(keys[at])
                throw SummitError(.runtime, "a record cannot have both the keys \(stored) and \(key): they display alike")
            }
            members[at].append(item)
            return
        }
        if keys.count == 32 { for (i, k) in keys.enumerated() { positions[k] = i } }
        if keys.count >= 32 { positions[name] = keys.count }
        // (Value is ExpressibleByNilLiteral: `nil` alone would be the key nil.)
        valueKeys.append(key.isStringValue ? Value?.none : .some(key))
        if !key.isStringValue { hasValueKeys = true }
        keys.append(name)
        members.append([item])
    }

    private func position(of key: String) -> Int? {
        if keys.count > 32 { return positions[key] }
        let bits = unsafeBitCast(key, to: (UInt64, UInt64).self)
        for i in keys.indices where unsafeBitCast(keys[i], to: (UInt64, UInt64).self) == bits { return i }
        return keys.firstIndex(of: key)
    }

    /// A record from each key to its list of members (the keys are distinct: `position` finds
    /// an equal key when there is one).
    func record() throws -> Record {
        var keyValues: [String: Value] = [:]
        if hasValueKeys {
            for (name, key) in zip(keys, valueKeys) { if let key { keyValues[name] = key } }
        }
        return Record(shape: Record.Shape(distinctNames: keys, keyValues: keyValues)) { .list(members[$0]) }
    }
}

extension Builtin {
    /// The string of the UTF-8 that `write` puts in a buffer of `capacity` bytes (returning how
    /// many it wrote), which must be valid: parts of valid strings, joined. The bytes are not
    /// validated again where the standard library can take them as they are (Swift 6.2's
    /// `UTF8Span(unchecked:)`): it validates a string made from bytes a scalar at a time once a
    /// byte is not ASCII, about seven instructions a byte for a list of country names. Taken as
    /// they are, they are written apart first and copied: only up to 1 MiB, so that a string near
    /// the memory limit is not held twice.
    static func string(ofValidUTF8 capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        if capacity <= 1 << 20, #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                string(ofValidUTF8: UnsafeBufferPointer(rebasing: buffer[..<write(buffer)]))
            }
        }
        return String(unsafeUninitializedCapacity: capacity, initializingUTF8With: write)
    }

    /// The string of `bytes`, which must be valid UTF-8, taken as they are where the standard
    /// library can (see `string(ofValidUTF8:_:)`), else validated.
    static func string(ofValidUTF8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            return String(copying: UTF8Span(unchecked: bytes.span))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The length in UTF-8 bytes of `items` joined with `separator` when every item is a string,
    /// checked against the string limit; nil when an item is not a string.
    static func joinedLength(_ items: [Value], _ separator: String, _ context: CallContext) throws -> Int? {
        var (total, overflow) = separator.utf8.count.multipliedReportingOverflow(by: max(0, items.count - 1))
        for item in items {
            guard case .string(let part) = item else { return nil }
            if !overflow { (total, overflow) = total.addingReportingOverflow(part.utf8.count) }
        }
        // Checked before joining, so that a result past the limit is never built.
        try context.checkString(overflow ? .max : total)
        return total
    }

    /// The strings of `parts` (every one a `.string`) joined with `separator`, `length` UTF-8 bytes
    /// in all, written straight into the string's storage (the standard library's `joined`
    /// measured each part again).
    static func joined<Parts: Sequence<Value>>(_ parts: Parts, _ separator: String, length: Int) -> String {
        guard length > 0 else { return "" }
        var separator = separator
        return separator.withUTF8 { between in
            Builtin.string(ofValidUTF8: length) { out in
                var at = 0
                var first = true
                for case .string(var part) in parts {
                    if !first, between.count > 0 {
                        (out.baseAddress! + at).update(from: between.baseAddress!, count: between.count)
                        at += between.count
                    }
                    first = false
                    part.withUTF8 { bytes in
                        if bytes.count > 0 {
                            (out.baseAddress! + at).update(from: bytes.baseAddress!, count: bytes.count)
                        }
                        at += bytes.count
                    }
                }
                return at
            }
        }
    }
}

extension Builtin {
    /// `join(map(xs, p => p.member), separator)` with no list made: the string `member` holds for
    /// each element of `xs`, a set (in display order) or a list of built-in entities, joined with
    /// `separator`, each string copied from the member's strings (`MemberStrings`, the
    /// values `map` reads). Nil when `xs` is anything else, an element's member is not a string,
    /// or the text passes the string limit: the calls as written then give their result or error.
    static func joinedMembers(_ xs: Value, _ member: String, _ separator: String, _ context: CallContext) throws -> String? {
        let count: Int
        if case .list(let items) = xs, case .entity? = items.first {
            count = items.count
        } else if let bits = xs.entityBits {
            count = bits._withUnsafeGuaranteedRef { $0.memberCount }
        } else {
            return nil
        }
        let strings = MemberStrings.of(member)
        // The spans of the elements' strings, in order, on the stack: an array on the heap cost
        // more than the bytes of a short list of names.
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { parts -> String? in
            var filled = 0
            let found = strings.spans.withUnsafeBufferPointer { spans -> Bool in
                if case .set(let set) = xs, let bits = set.entityBits {
                    var found = true
                    EntityOrder.forEachID(bits) { id in
                        guard found, filled < count, id < spans.count, spans[id] != .max else { found = false; return }
                        parts[filled] = spans[id]
                        filled &+= 1
                    }
                    return found
                }
                guard case .list(let items) = xs else { return false }
                return items.withUnsafeBufferPointer { items in
                    for i in items.indices {
                        guard let id = items[i].entityID, id < spans.count, spans[id] != .max else { return false }
                        parts[i] = spans[id]
                    }
                    filled = items.count
                    return true
                }
            }
            guard found, filled == count else { return nil }
            return try joined(spans: UnsafeBufferPointer(parts), strings, separator, context)
        }
    }

    /// `joinedMembers` of the entities whose ids are `ids`, in that order (`withIDsSortedByIndex`
    /// gives them for `join(map(sort_by(xs, c => c.key), c => c.member), separator)`).
    static func joinedMembers(ids: UnsafeBufferPointer<Int32>, _ member: String, _ separator: String,
                              _ context: CallContext) throws -> String? {
        let strings = MemberStrings.of(member)
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ids.count) { parts -> String? in
            let found = strings.spans.withUnsafeBufferPointer { spans -> Bool in
                for k in ids.indices {
                    let id = Int(ids[k])
                    guard id < spans.count, spans[id] != .max else { return false }
                    parts[k] = spans[id]
                }
                return true
            }
            guard found else { return nil }
            return try joined(spans: UnsafeBufferPointer(parts), strings, separator, context)
        }
    }

    /// The member's strings at `parts` (`MemberStrings.spans`) joined with `separator`; nil when the
    /// text passes the string limit.
    @inline(__always)
    private static func joined(spans parts: UnsafeBufferPointer<UInt64>, _ strings: MemberStrings, _ separator: String,
                               _ context: CallContext) throws -> String? {
        let count = parts.count
        var length = 0
        for part in parts { length &+= Int(part & 0xFFFF_FFFF) }
        let (gaps, overflow) = separator.utf8.count.multipliedReportingOverflow(by: max(0, count &- 1))
        let (total, overflowed) = length.addingReportingOverflow(gaps)
        guard !overflow, !overflowed, total <= context.runtime.limits.maxStringSize else { return nil }
        try context.checkString(total)
        guard total > 0 else { return "" }
        var separator = separator
        return separator.withUTF8 { between in
            strings.bytes.withUnsafeBufferPointer { bytes in
                Builtin.string(ofValidUTF8: total) { out in
                    var at = 0
                    for (i, part) in parts.enumerated() {
                        if i > 0, between.count > 0 {
                            (out.baseAddress! + at).update(from: between.baseAddress!, count: between.count)
                            at &+= between.count
                        }
                        let count = Int(part & 0xFFFF_FFFF)
                        if count > 0 {
                            (out.baseAddress! + at).update(from: bytes.baseAddress! + Int(part &>> 32), count: count)
                            at &+= count
                        }
                    }
                    return at
                }
            }
        }
    }
}
