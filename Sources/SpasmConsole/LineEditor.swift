@preconcurrency import CEditLine
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from the terminal with libedit: cursor keys, word moves, history, Tab completion.
///
/// libedit keeps its state (the line, the history list, the completion hook) in C globals, so
/// there is one editor per process; create it once, before the first prompt.
final class LineEditor {
    /// What one prompt produced.
    enum Input: Equatable {
        /// A line the user entered, without its newline.
        case line(String)
        /// Ctrl-C: the line being typed was thrown away.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case end
    }

    /// Sets up libedit: Ctrl-C handling, key bindings and the words Tab completes.
    init(completions: [String]) {
        Self.useUTF8Characters()
        // libedit's own signal handling re-raises Ctrl-C with kill(0, SIGINT), which would end the
        // whole process group; our handler only interrupts the read (see shim.h).
        rl_catch_signals = 0
        rl_readline_name = UnsafePointer(strdup("spasm"))
        rl_completion_entry_function = completionGenerator
        rl_initialize()
        _ = spasm_install_interrupt_handler()
        for binding in Self.extraBindings { _ = rl_parse_and_bind(binding) }
        CompletionTable.shared.setWords(completions)
    }

    /// Keys that terminals send but libedit's emacs map may leave unbound: Home, End, Delete,
    /// and Ctrl/Alt with the left and right arrows for moving by words.
    static let extraBindings: [String] = [
        "bind '\\e[H' ed-move-to-beg", "bind '\\eOH' ed-move-to-beg",
        "bind '\\e[1~' ed-move-to-beg", "bind '\\e[7~' ed-move-to-beg",
        "bind '\\e[F' ed-move-to-end", "bind '\\eOF' ed-move-to-end",
        "bind '\\e[4~' ed-move-to-end", "bind '\\e[8~' ed-move-to-end",
        "bind '\\e[3~' ed-delete-next-char",
        "bind '\\e[1;5D' ed-prev-word", "bind '\\e[1;3D' ed-prev-word",
        "bind '\\e[1;5C' em-next-word", "bind '\\e[1;3C' em-next-word",
    ]

    /// Shows the prompt and reads one line.
    ///
    /// The prompt may hold colour codes only when each is wrapped in `\u{1}` ... `\u{2}`, so
    /// libedit does not count them as columns.
    func read(prompt: String) -> Input {
        _ = spasm_take_interrupt()
        guard let pointer = readline(prompt) else {
            return spasm_take_interrupt() != 0 ? .interrupted : .end
        }
        defer { free(pointer) }
        let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                              count: strlen(pointer)))
        return .line(LineReader.clean(bytes))
    }

    /// Makes libedit accept UTF-8 input: with no UTF-8 locale (no `LANG` set, say) it drops every
    /// non-ASCII character, so fall back to `C.UTF-8` for the character type.
    static func useUTF8Characters() {
        setlocale(LC_CTYPE, "")
        if !currentCharacterSetIsUTF8() {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    static func currentCharacterSetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}

/// The words Tab completes, and the matches of the completion in progress.
///
/// libedit calls a C function that can capture nothing, so the table is a process-wide
/// instance; a lock makes it safe to reach from any thread.
final class CompletionTable: @unchecked Sendable {
    static let shared = CompletionTable()

    private let lock = NSLock()
    private var words: [String] = []
    private var matches: [String] = []

    func setWords(_ newWords: [String]) {
        lock.withLock { words = newWords }
    }

    /// The `index`th word that starts with `prefix` (case-insensitive); index 0 starts a new completion.
    func match(_ prefix: String, index: Int) -> String? {
        lock.withLock {
            if index == 0 {
                let lowered = prefix.lowercased()
                matches = words.filter { $0.hasPrefix(lowered) }
            }
            return index < matches.count ? matches[index] : nil
        }
    }
}

/// libedit's completion generator: called with state 0, 1, 2 ... until it returns NULL.
/// Each result must be a fresh `malloc`ed string, which libedit frees.
private let completionGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { text, state in
    let prefix = text.map { String(cString: $0) } ?? ""
    guard let word = CompletionTable.shared.match(prefix, index: Int(state)) else { return nil }
    return strdup(word)
}

/// The words of the knowledge base worth completing, and the commands.
enum CompletionVocabulary {
    static let commands = ["/help", "/topics", "/sources", "/why", "/reset", "/quit"]

    /// Commands first, then topic keywords, words of topic titles and questions, and subject names,
    /// lowercased, without short words and stop words, sorted.
    static func words(of knowledge: KnowledgeBase) -> [String] {
        var texts: [String] = knowledge.subjects.map(\.name)
        for topic in knowledge.topics {
            texts += topic.keywords
            texts.append(topic.title)
            texts += topic.questions
        }
        var vocabulary = Set<String>()
        for text in texts {
            // Words with an apostrophe ("don't") complete badly (libedit may break words there): skip them.
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "\u{2019}" })
            where word.count >= 3 && word.allSatisfy(\.isLetter) {
                let word = String(word)
                if !StopWords.contains(word) { vocabulary.insert(word) }
            }
        }
        return commands + vocabulary.sorted()
    }
}
