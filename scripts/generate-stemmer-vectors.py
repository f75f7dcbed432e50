#!/usr/bin/env python3
"""Write the Porter2 (Snowball English) test vectors for Porter2StemmerTests.

The output, Tests/SpasmCoreTests/Fixtures/porter2-vectors.tsv, is committed; rerun this
script only to refresh it (for example after a new Snowball release). It needs the PyPI
package `snowballstemmer`, which is not part of the project; install it in a throwaway venv:

    python3 -m venv /tmp/sbvenv && /tmp/sbvenv/bin/pip install snowballstemmer
    apt-get install -y wamerican    # provides /usr/share/dict/words
    /tmp/sbvenv/bin/python scripts/generate-stemmer-vectors.py

Each line of the output is `word<TAB>stem`, sorted by word, after one `#` line naming the
generator and the snowballstemmer version. The vocabulary is every word of the shared seed
texts (shared/seeds/*.txt), a few hand-picked words that exercise the algorithm's special
cases, and as many words of /usr/share/dict/words as fit in MAX_BYTES, chosen by a stable
hash so that reruns pick the same ones. Words are lowercased and kept only if they consist
of ASCII letters and apostrophes.
"""

import glob
import hashlib
import os
import re
import sys

import snowballstemmer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Tests", "SpasmCoreTests", "Fixtures", "porter2-vectors.tsv")
DICTIONARY = "/usr/share/dict/words"
# shared/ sits beside the main repository in the workplace; override with SEEDS_DIR.
SEEDS_DIR = os.environ.get("SEEDS_DIR", os.path.join(os.path.dirname(ROOT), "shared", "seeds"))
# Keeps the committed fixture comfortably under 1 MB.
MAX_BYTES = 960_000

WORD = re.compile(r"^[a-z']+$")
TOKEN = re.compile(r"[a-z']+")

# Words that reach every special case of the algorithm, whether or not the word lists have them.
SPECIAL_CASES = """
    skis skies sky idly gently ugly early only singly andes atlas bias cosmos howe news
    generate generously general communism community arsenal arsenic past paste pasted
    universal university later laterally emergency emerge organization organ international
    interest proceed proceeded succeeded exceedingly agreed agreedly feed
    dying lying tying eyeing saying sayings evening inning canning earring herring outing
    hopping hoped hoping added egged offed fizzed troubled hated ties cries gaps gas kiwis
    caress caresses bus yelling youth boyish ayyy yyy 'tis dog's dogs' dogs's' 'y'all y'all
    ''s' o'clock rock'n'roll cried cry by say happy generously consign consigned
    cramping cramps spasms spasm logical geology biology hopeless hopelessly
    adoption onion controlling rationalism fluently ogist zoologist
""".split()


def vocabulary():
    words = set()
    if os.path.exists(DICTIONARY):
        with open(DICTIONARY, encoding="utf-8", errors="ignore") as handle:
            for line in handle:
                word = line.strip().lower()
                if WORD.match(word):
                    words.add(word)
    else:
        sys.exit(f"{DICTIONARY} is missing: apt-get install -y wamerican")
    seeds = set()
    for path in sorted(glob.glob(os.path.join(SEEDS_DIR, "*.txt"))):
        with open(path, encoding="utf-8", errors="ignore") as handle:
            seeds.update(TOKEN.findall(handle.read().lower()))
    seeds = {word for word in seeds if re.search("[a-z]", word)}
    special = {word for word in SPECIAL_CASES if WORD.match(word)}
    return words, seeds | special


def main():
    stemmer = snowballstemmer.stemmer("english")
    dictionary, required = vocabulary()

    def line(word):
        return f"{word}\t{stemmer.stemWord(word)}\n"

    chosen = {word: line(word) for word in required}
    size = sum(len(text) for text in chosen.values())
    # A stable hash rather than hash(), which Python salts per process.
    for word in sorted(dictionary - required, key=lambda w: hashlib.sha1(w.encode()).hexdigest()):
        text = line(word)
        if size + len(text) > MAX_BYTES:
            break
        chosen[word] = text
        size += len(text)

    header = f"# porter2 vectors: scripts/generate-stemmer-vectors.py, snowballstemmer {snowballstemmer_version()}\n"
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="ascii", newline="\n") as handle:
        handle.write(header)
        for word in sorted(chosen):
            handle.write(chosen[word])
    print(f"wrote {len(chosen)} words ({size + len(header)} bytes) to {OUTPUT}")


def snowballstemmer_version():
    try:
        from importlib.metadata import version

        return version("snowballstemmer")
    except Exception:  # noqa: BLE001 - the version is informative only
        return "unknown"


if __name__ == "__main__":
    main()
