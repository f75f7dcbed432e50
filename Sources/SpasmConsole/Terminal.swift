#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What the terminal allows: whether standard input and output are terminals, colour, width.
public struct Terminal: Sendable {
    /// When to use colour, from `--color`.
    public enum ColorMode: String, Sendable, CaseIterable {
        case auto, always, never
    }

    public static var inputIsTerminal: Bool { isatty(0) == 1 }
    public static var outputIsTerminal: Bool { isatty(1) == 1 }

    /// Colour only on a terminal whose `TERM` is not `dumb` and with `NO_COLOR` unset or empty, unless forced.
    public static func useColor(_ mode: ColorMode, environment: [String: String]) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return outputIsTerminal
        }
    }

    /// The terminal's width in columns, or nil when output is not a terminal.
    public static var width: Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
