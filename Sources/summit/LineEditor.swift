// The line editor: a Swift face on libedit (through the CEditLine seam) with the prompt, history,
// tab completion and Ctrl-C handling the REPL needs. libedit does the editing, the key bindings,
// Ctrl-R search and ~/.editrc; this type only connects it to Swift.
import CEditLine
#if canImport(Glibc)
import Glibc
#endif

/// What reading a line gave.
enum LineInput: Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C was pressed: the line is discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of the input.
    case endOfInput
}

/// What a completion found for the text before the cursor.
struct Completion {
    /// The text before the cursor that the candidates would replace.
    var word: String
    /// The full words that could replace `word`, sorted.
    var candidates: [String]
}

/// A libedit line editor on the process's terminal.
final class LineEditor {
    /// Finds the completions for the text of the line before the cursor.
    var complete: (String) -> Completion = { Completion(word: $0, candidates: []) }

    private let editor: OpaquePointer

    /// Makes an editor; returns nil when libedit cannot start on this terminal.
    /// - Parameters:
    ///   - interruptFD: a descriptor that becomes readable on Ctrl-C, which then ends `readLine`.
    ///   - history: entries to load, oldest first.
    init?(interruptFD: Int32, history: [String]) {
        ce_setup_locale()
        guard let editor = ce_create("summit", interruptFD, Int32(History.capacity)) else { return nil }
        self.editor = editor
        for entry in history { ce_history_add(editor, entry) }
        ce_set_context(editor, Unmanaged.passUnretained(self).toOpaque())
        ce_add_function(editor, "summit-complete", "Complete the word before the cursor") { el, _ in
            guard let el, let editor = ce_from_editline(el), let context = ce_context(editor) else {
                return UInt8(CC_ERROR)
            }
            return Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue().completeAtCursor()
        }
        ce_bind(editor, "^I", "summit-complete")
        // The user's ~/.editrc last, so that its bindings win. `bind -v` there starts vi's key
        // maps afresh, without Tab; give it back in vi's insert mode.
        ce_source(editor, nil)
        if ce_is_vi_mode(editor) != 0 { ce_bind(editor, "^I", "summit-complete") }
    }

    deinit { ce_destroy(editor) }

    /// Reads a line after showing `prompt`.
    func readLine(prompt: String) -> LineInput {
        ce_set_prompt(editor, prompt)
        var status: Int32 = 0
        guard let line = ce_gets(editor, &status) else {
            return status == 1 ? .interrupted : .endOfInput
        }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Adds an entry to the history that the up arrow and Ctrl-R go through.
    func addHistory(_ entry: String) { ce_history_add(editor, entry) }

    /// The terminal's width in columns.
    var columns: Int { Int(ce_columns(editor)) }

    // MARK: - Completion

    private func completeAtCursor() -> UInt8 {
        guard let info = ce_line(editor) else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.pointee.buffer!), cursor = UnsafeRawPointer(info.pointee.cursor!)
        let before = String(decoding: UnsafeRawBufferPointer(start: start, count: cursor - start), as: UTF8.self)
        // Tab at the start of a line indents it, as in Python's REPL.
        let currentLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        if currentLine.allSatisfy({ $0 == " " || $0 == "\t" }) {
            ce_insert(editor, "    ")
            return UInt8(CC_REFRESH)
        }
        let completion = complete(before)
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let word = completion.word
        let common = Self.commonPrefix(candidates)
        if common.count > word.count || (common.count == word.count && common != word) {
            replace(word: word, with: common)
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 { return UInt8(CC_REFRESH) }
        Terminal.write("\n" + Self.columns(candidates.map(Self.listed), width: columns))
        return UInt8(CC_REDISPLAY)
    }

    private func replace(word: String, with text: String) {
        if text.hasPrefix(word) {
            ce_insert(editor, String(text.dropFirst(word.count)))
        } else {
            ce_delete(editor, Int32(word.count))
            ce_insert(editor, text)
        }
    }

    /// How a candidate is listed: a path by its last component, as shells list files.
    static func listed(_ candidate: String) -> String {
        let trimmed = candidate.hasSuffix("/") ? String(candidate.dropLast()) : candidate
        guard let slash = trimmed.lastIndex(of: "/") else { return candidate }
        return String(candidate[candidate.index(after: slash)...])
    }

    /// The longest prefix all the strings share, in whole characters.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for s in strings.dropFirst() {
            prefix = String(zip(prefix, s).prefix { $0 == $1 }.map(\.0))
        }
        return prefix
    }

    /// The most candidates listed; more are counted but not shown.
    static let listLimit = 200

    /// Candidates in columns, filled down then across as `ls` and bash do, for a terminal `width` wide.
    static func columns(_ items: [String], width: Int) -> String {
        let shown = Array(items.prefix(listLimit))
        let cell = (shown.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / cell)
        let rows = (shown.count + perRow - 1) / perRow
        var out = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < shown.count else { break }
                let item = shown[index]
                let isLast = (column + 1) * rows + row >= shown.count
                line += isLast ? item : item + String(repeating: " ", count: cell - item.count)
            }
            out += line + "\n"
        }
        if items.count > shown.count { out += "... and \(items.count - shown.count) more\n" }
        return out
    }
}
