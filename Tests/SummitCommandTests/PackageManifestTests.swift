// Package.swift as a dependent package sees it (issue 23): SwiftPM refuses unsafe flags in a package
// reached by URL, so without SUMMIT_TUNED there are none, and no dependency to fetch. The tuned
// build (`make release`) still has its flags. `make consumer-test` builds a real consumer; this
// checks the manifest in a second, on every test run.
import Foundation
import Testing

@Suite struct PackageManifestTests {
    /// The manifest as JSON (`swift package dump-package`) with these variables set and no other
    /// SUMMIT_ variable. A scratch folder of its own keeps it off the lock of the running tests' build.
    static func manifest(_ variables: [String: String]) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("summit-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", Command.root.path, "--scratch-path", scratch.path,
                             "dump-package"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SUMMIT_") }
            .merging(variables) { $1 }
        let output = scratch.appendingPathExtension("json")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        try #require(process.terminationStatus == 0, "swift package dump-package failed")
        return try String(contentsOf: output, encoding: .utf8)
    }

    @Test("a dependent package's view of the manifest has no unsafe flags and no dependencies")
    func untunedHasNoUnsafeFlags() throws {
        let json = try Self.manifest([:])
        let package = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((package["dependencies"] as? [Any])?.isEmpty == true)
        #expect(!json.contains("unsafeFlags"))
    }

    @Test("SUMMIT_TUNED=1 keeps the tuning flags of the release command")
    func tunedHasItsFlags() throws {
        let json = try Self.manifest(["SUMMIT_TUNED": "1"])
        #expect(json.contains("unsafeFlags"))
        for flag in ["-function-sections", "-align-all-functions=6", "-swiftmergefunc-threshold=0",
                     "-static-executable", "--symbol-ordering-file="] {
            #expect(json.contains(flag), "no \(flag)")
        }
    }
}
