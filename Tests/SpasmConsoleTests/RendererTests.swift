import Testing

@testable import SpasmConsole
@testable import SpasmCore

@Suite("Renderer")
struct RendererTests {
    @Test("a reply's parts are lines with no empty line among them, so the pipe's blank line ends a reply")
    func noEmptyLines() {
        var reply = Reply(kind: .answer, body: "First.\n\nSecond.\n")
        reply.warning = "\nWarning.\n\n"
        reply.footnote = "Note."
        reply.sources = ["A", "B"]
        #expect(Renderer().render(reply) == "Warning.\nFirst.\nSecond.\nNote.\nSources: A; B")
        #expect(Renderer.withoutEmptyLines("one\ntwo") == "one\ntwo")
        #expect(Renderer.withoutEmptyLines("\n\none\n\n\ntwo\n") == "one\ntwo")
        #expect(Renderer.withoutEmptyLines("crâmp 🦵\n\nnext") == "crâmp 🦵\nnext")
        #expect(Renderer.withoutEmptyLines("") == "")
    }

    @Test("choices are numbered lines after the body")
    func choices() {
        var reply = Reply(kind: .clarify, body: "Which one?")
        reply.choices = ["Calf cramps", "Foot cramps"]
        #expect(Renderer().render(reply) == "Which one?\n1. Calf cramps\n2. Foot cramps")
    }
}

@Suite("Response templates")
struct ResponseTemplateTests {
    @Test("every {emergency} is the emergency number; other braces and text stay as written")
    func fill() {
        var responses = Responses()
        responses.emergencyNumber = "112"
        #expect(responses.fill("Call {emergency} now, or {emergency}.") == "Call 112 now, or 112.")
        #expect(responses.fill("{emergency}") == "112")
        #expect(responses.fill("a {b} {emergenc} {emergency") == "a {b} {emergenc} {emergency")
        #expect(responses.fill("é {emergency} 🦵") == "é 112 🦵")
        #expect(responses.fill("no placeholder") == "no placeholder")
    }
}
