import SpasmConsole

/// Generates the fixed, varied question set the latency and throughput figures are measured on.
///
/// Mostly the knowledge base's own example questions, a share with typos (a swapped, dropped,
/// doubled or replaced letter) and a share that is out of the domain, drawn with a fixed seed.
enum QuestionSet {
    /// Questions no topic answers, so the fallback and small-talk paths are measured too.
    static let outOfDomain = [
        "what is the capital of france", "how do i bake sourdough bread", "recommend a good film for tonight",
        "what's the weather tomorrow", "how tall is mount everest", "can you help me with my taxes",
        "who won the football yesterday", "how do i reset my router", "what is the square root of 144",
        "tell me a joke", "hello there", "thanks a lot", "who are you", "what can you do",
        "how do i fix a leaking tap", "best way to learn the guitar", "translate good morning into spanish",
        "is it going to rain", "how many legs does a spider have", "what should i cook for dinner",
        "explain quantum computing simply", "my laptop battery drains fast", "how long to boil an egg",
        "where is the nearest train station", "what year did the war end", "asdf qwerty zxcv",
        "can you diagnose my rash", "how much ibuprofen should i take", "is my headache a tumour",
        "what is the meaning of life",
    ]

    /// `count` questions from the topics' examples: 60% as written, 25% with a typo, 15% out of the domain.
    static func make(from topics: [Topic], count: Int, seed: UInt64 = 7) -> [String] {
        var random = SeededGenerator(seed: seed)
        let examples = topics.flatMap(\.questions)
        precondition(!examples.isEmpty, "the knowledge base has no example questions")
        var questions: [String] = []
        questions.reserveCapacity(count)
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 15 {
                questions.append(outOfDomain.randomElement(using: &random)!)
            } else if roll < 40 {
                questions.append(typo(in: examples.randomElement(using: &random)!, using: &random))
            } else {
                questions.append(examples.randomElement(using: &random)!)
            }
        }
        return questions
    }

    /// The question with one word of five letters or more misspelt.
    static func typo(in question: String, using random: inout SeededGenerator) -> String {
        var words = question.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let long = words.indices.filter { words[$0].count >= 5 && words[$0].allSatisfy(\.isLetter) }
        guard let target = long.randomElement(using: &random) else { return question }
        var letters = Array(words[target])
        let position = Int.random(in: 1..<(letters.count - 1), using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: letters.swapAt(position, position + 1)
        case 1: letters.remove(at: position)
        case 2: letters.insert(letters[position], at: position)
        default: letters[position] = "etaoinshrdlu".randomElement(using: &random)!
        }
        words[target] = String(letters)
        return words.joined(separator: " ")
    }

    /// One JSON request line per question, sessions rotating over a few ids.
    static func jsonLines(_ questions: [String]) -> String {
        var text = ""
        for (number, question) in questions.enumerated() {
            text += "{\"session\":\"s\(number % 16)\",\"text\":" + JSONLines.quote(question) + "}\n"
        }
        return text
    }
}
