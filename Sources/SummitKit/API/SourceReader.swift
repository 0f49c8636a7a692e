// Reading script files: UTF-8 only, with clear errors for what is not a readable text file.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package enum SourceReader {
    /// The most bytes a script, a module or a facts file may have (64 MiB). Reading stops there,
    /// so a file that grows as it is read (`/proc`, a pipe that never ends) cannot fill memory.
    package static let maxFileSize = 64 << 20

    /// The text of a file, or an `.io` error saying why it cannot be read.
    ///
    /// Only a regular file is read: a directory, a device, a FIFO or a socket is refused at once
    /// (opening does not block: `O_NONBLOCK`), since reading one may never end or never return.
    /// With `allowingPipes`, a FIFO (`/dev/stdin`, `<(...)` in a shell) is read as standard input
    /// is, waiting for its writer; the command allows that for the script it is given.
    package static func read(_ path: String, allowingPipes: Bool = false) throws -> String {
        func failure(_ reason: String) -> SummitError { SummitError(.io, "cannot read \(path): \(reason)") }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if Int(info.st_size) > maxFileSize { throw failure("larger than \(maxFileSize >> 20) MiB") }
        case S_IFDIR:
            throw failure("it is a directory")
        case S_IFIFO where allowingPipes:
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        case let type:
            let name = [S_IFCHR: "a character device", S_IFBLK: "a block device", S_IFIFO: "a FIFO",
                        S_IFSOCK: "a socket"][type] ?? "a special file"
            throw failure("not a regular file (\(name))")
        }
        return try text(of: readAll(fd, name: path), name: path)
    }

    /// Every byte that `fd` gives until its end, at most ``maxFileSize``.
    package static func readAll(_ fd: Int32, name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { readFile(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw SummitError(.io, "cannot read \(name): \(String(cString: strerror(errno)))") }
            if n == 0 { return bytes }
            guard bytes.count + n <= maxFileSize else {
                throw SummitError(.io, "cannot read \(name): larger than \(maxFileSize >> 20) MiB")
            }
            bytes.append(contentsOf: buffer[0..<n])
        }
    }

    /// The bytes as text, or an `.io` error naming the first byte that is not UTF-8.
    package static func text(of bytes: [UInt8], name: String) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SummitError(.io, "cannot read \(name): not valid UTF-8 (at byte \(firstInvalidUTF8(bytes)))")
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

/// read(2), under a name that the static `read` of `SourceReader` does not hide.
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
