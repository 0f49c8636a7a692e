// `count` of a string, the number of its characters (grapheme clusters), without the walk over
// grapheme boundaries where the text is ASCII (issue 22: lengths of joined names in queries).

extension Builtin {
    /// The number of characters of `s`, as `s.count` gives it. Between two ASCII bytes there is
    /// always a character boundary, except inside a carriage return and line feed (Unicode's
    /// grapheme rules: no ASCII character extends, joins or prepends), so the text is cut there;
    /// a piece of one ASCII byte is one character, and only the pieces with other bytes in them
    /// are counted by the standard library.
    static func characterCount(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { bytes in
            let n = bytes.count
            var count = 0, i = 0
            while true {
                let p = plainEnd(bytes, from: i)
                if p == n { return count + (n - i) }
                // A piece from the ASCII byte before the other byte (a character may begin there,
                // `e` and a combining accent) to the next boundary between two ASCII bytes.
                let start = p > i ? p - 1 : p
                count += start - i
                var j = p + 1
                while j < n && !(bytes[j - 1] < 0x80 && bytes[j] < 0x80 && !(bytes[j - 1] == 0x0D && bytes[j] == 0x0A)) { j += 1 }
                count += pieceCount(UnsafeBufferPointer(rebasing: bytes[start..<j]))
                i = j
            }
        }
    }

    /// The number of characters of a piece of `characterCount`. Characters from U+0080 to U+02FF
    /// (Latin-1, Latin Extended, IPA, spacing modifiers: two bytes each, led by 0xC2 to 0xCB) are
    /// characters of their own, as ASCII ones are: none of them extends, joins or prepends, and
    /// neither does ASCII but a carriage return before a line feed. So where no byte of the piece
    /// is 0xCC or more (the first of U+0300, the combining accents, and beyond) or a carriage
    /// return, each character is one scalar, counted by its first byte; any other piece is counted
    /// by the standard library.
    @inline(__always)
    private static func pieceCount(_ piece: UnsafeBufferPointer<UInt8>) -> Int {
        var scalars = 0
        for byte in piece {
            if byte >= 0xCC || byte == 0x0D { return String(decoding: piece, as: UTF8.self).count }
            if byte & 0xC0 != 0x80 { scalars &+= 1 }
        }
        return scalars
    }

    /// The position of the first byte from `i` on that is not ASCII or is a carriage return, or the
    /// end: eight bytes at a time.
    @inline(__always)
    private static func plainEnd(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        let n = bytes.count
        var k = i
        while k + 8 <= n {
            let word = UnsafeRawPointer(bytes.baseAddress! + k).loadUnaligned(as: UInt64.self)
            let carriageReturns = word ^ 0x0D0D_0D0D_0D0D_0D0D
            if (word | ((carriageReturns &- 0x0101_0101_0101_0101) & ~carriageReturns)) & 0x8080_8080_8080_8080 != 0 { break }
            k += 8
        }
        while k < n, bytes[k] < 0x80, bytes[k] != 0x0D { k += 1 }
        return k
    }
}
