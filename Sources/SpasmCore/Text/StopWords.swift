/// Words that carry no meaning for matching a question to a topic.
///
/// Question words ("how", "why", "when", "what", "where", "which") are absent on purpose: they
/// signal what a question asks (its facet) and the facet cues read them before stop words go.
/// Negations ("no", "not") are absent too: the red-flag detector needs them.
public enum StopWords {
    public static let all: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "than", "too", "very", "just",
        "i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "yours", "he", "him", "his",
        "she", "her", "they", "them", "their", "it", "its", "itself", "this", "that", "these", "those",
        "am", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "done",
        "have", "has", "had", "having", "can", "could", "would", "should", "will", "shall", "may", "might", "must",
        "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "onto", "over", "under",
        "up", "down", "out", "off", "again", "there", "here", "some", "any", "all", "each", "every",
        "much", "many", "more", "most", "other", "such", "own", "same", "also", "really", "please",
        "get", "gets", "getting", "got", "thing", "things", "something", "anything", "like", "kind", "sort",
        "kinds", "sorts", "type", "types", "blah", "etc", "lol",
        "know", "tell", "explain", "want", "need", "let", "ok", "okay", "hi", "hey", "um", "uh", "well",
        "actually", "basically", "lot", "lots", "bit", "quite", "even", "still", "ever", "often",
        "what", "how", "why", "when", "where", "which", "who", "whom", "whose",
        // Everyday words that frame a question without saying what it is about.
        "happen", "happens", "happened", "happening", "give", "gives", "giving", "gave", "come", "comes", "came",
        "say", "says", "said", "people", "person", "someone", "somebody", "anyone", "anybody", "everyone", "everybody",
        "go", "goes", "going", "went", "make", "makes", "made", "way", "ways", "else", "besides", "simple", "simply",
        "terms", "plain", "english", "words", "briefly", "brief", "quick", "quickly", "short", "usually", "normally",
        "typically", "usual", "typical", "exactly", "possible", "possibly", "maybe", "probably", "perhaps", "one", "ones", "stuff",
        "nutshell", "layman", "laymans", "eli5", "pls", "plz", "honestly", "seriously", "literally", "kinda", "sorta",
        "wondering", "wonder", "curious", "question", "questions", "ask", "asking", "idea", "ideas", "info",
        "information", "tell", "telling", "told", "mean", "whether", "true", "truth", "myth", "right", "correct", "anyway", "yes",
        // Linking words: "because of" still asks for causes, read from the cue before stop words go.
        "because", "hers", "theirs", "ours",
        // Praise words qualify without pointing anywhere: "foods high in", "best way to", "good for".
        "high", "rich", "best", "good", "great", "top", "better", "ideal",
        // Time fillers: "what can I do about them meanwhile?" asks the same as without it.
        "meanwhile", "currently", "lately", "nowadays", "generally", "mostly", "sometimes", "always",
        // Focus words narrow what was said before without adding to it: "and in the back specifically?"
        "specifically", "particularly", "especially", "precisely", "specific", "particular",
        // Forms of address: "is physio any good, mate?"
        "mate", "mates", "dude", "bro", "buddy", "pal", "guys", "folks",
        // Chat asides that qualify the writer's tone: "kinda worried tbh".
        "tbh", "tbf", "ngl", "imo", "imho", "fwiw", "btw", "smh", "fml", "omg", "ugh", "lmao", "lmfao", "rofl",
        // Amounts that only say "a lot": "sweating loads", "tons of water".
        "loads", "tons", "heaps",
        // Intensifiers: "absolutely wrecked", "totally normal?".
        "absolutely", "totally", "utterly", "extremely", "incredibly", "insanely", "massively", "majorly",
        // Verbs that report what someone else holds, not what is asked: "my trainer reckons that's why".
        "reckon", "reckons", "reckoned", "think", "thinks", "believe", "believes", "claims", "insists", "swears",
    ]

    /// Whether a word carries no meaning for topic matching.
    public static func contains(_ word: String) -> Bool { all.contains(word) }
}
