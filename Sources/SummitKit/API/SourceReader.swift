// Reading script files: UTF-8 only, with clear errors for what is not a readable text file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum SourceReader {
    /// The text of a file, or an `.io` error saying why it cannot be read.
    static func read(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SummitError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw SummitError(.io, "cannot read \(path): it is a directory")
        }
        guard let handle = fopen(path, "rb") else {
            throw SummitError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, handle)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count {
                if ferror(handle) != 0 { throw SummitError(.io, "cannot read \(path): read error") }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(bytes)
            throw SummitError(.io, "cannot read \(path): not valid UTF-8 (at byte \(offset))")
        }
        return text
    }

    /// The offset of the first byte that is not part of valid UTF-8.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { offset += UTF8.width(scalar) }
        return offset
    }

    /// `name` relative to the folder of the file that imports it.
    static func relative(_ name: String, to importer: String) -> String {
        if name.hasPrefix("/") { return name }
        guard let slash = importer.lastIndex(of: "/") else { return name }
        return String(importer[...slash]) + name
    }

    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
