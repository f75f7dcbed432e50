@preconcurrency import CEditLine
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines typed at the prompt, kept for the arrow keys and, when the user allows, on disk.
///
/// The file is private to the user (directory 0700, file 0600) and rewritten after every line, so
/// a crash loses nothing. It uses libedit's own format (`_HiStOrY_V2_`, spaces as `\040`), which
/// is not GNU readline's. Only the REPL uses it: pipe mode never keeps history.
struct History {
    /// The most lines kept; older ones are dropped.
    static let capacity = 1000

    /// The history file, or nil to keep lines in memory only (`--no-history`, or no home folder).
    let file: String?
    private var lastAdded: String?
    private var reportedFailure = false

    /// Loads the file if there is one and caps the list at `capacity`.
    init(file: String?) {
        self.file = file
        stifle_history(Int32(Self.capacity))
        if let file, FileManager.default.fileExists(atPath: file) {
            _ = read_history(file)
        }
    }

    /// `$XDG_STATE_HOME/spasm/history`, else `~/.local/state/spasm/history`; nil without a home folder.
    ///
    /// XDG says a relative `XDG_STATE_HOME` is invalid and must be ignored.
    static func defaultFile(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/spasm/history"
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.local/state/spasm/history"
    }

    /// Adds a line (not twice in a row) and saves the file.
    mutating func add(_ line: String) {
        guard line != lastAdded else { return }
        lastAdded = line
        add_history(line)
        save()
    }

    /// Writes the whole list to the file with mode 0600, creating its folder with mode 0700.
    ///
    /// A failure is reported once on standard error and the session goes on.
    private mutating func save() {
        guard let file else { return }
        let folder = (file as NSString).deletingLastPathComponent
        let saved = Self.makePrivateFolder(folder)
            && Self.createPrivateFile(file)
            && write_history(file) == 0
            && chmod(file, 0o600) == 0
        if !saved && !reportedFailure {
            reportedFailure = true
            StandardOutput.error("spasm: could not save the history to \(file); this session's lines will not be kept.")
        }
    }

    /// Creates the folder and any missing parents with mode 0700 (existing ones are left as they are).
    static func makePrivateFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) { return isFolder.boolValue }
        let parent = (path as NSString).deletingLastPathComponent
        guard parent != path, makePrivateFolder(parent) else { return false }
        return mkdir(path, 0o700) == 0 || errno == EEXIST
    }

    /// Creates the file with mode 0600 if it is missing, so it is never readable by others, even briefly.
    static func createPrivateFile(_ path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }
}
