#!/usr/bin/env python3
"""Check that a change leaves every reply the same.

Sends 10,000 questions (every turn of Tests/Eval/*.jsonl, repeated in order, spread over 16
sessions) through `spasm --json` and saves or compares the reply lines. Use it around a change
that should not alter behaviour (speed work, refactoring):

    scripts/same-replies.py --save /tmp/before.jsonl            # on the old build
    scripts/same-replies.py --compare /tmp/before.jsonl         # on the new build

Exit status 0 when the replies match (or were saved), 1 when any differ; the first differences
are printed with their question. Nothing is written except the file given to --save.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def questions(count):
    turns = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests", "Eval", "*.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line:
                    turns.extend(turn["say"] for turn in json.loads(line)["turns"])
    return [turns[index % len(turns)] for index in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmd", default=os.path.join(ROOT, ".build", "debug", "spasm") + " --json",
                        help="command that speaks the JSON-lines protocol")
    parser.add_argument("--count", type=int, default=10_000)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", metavar="FILE")
    group.add_argument("--compare", metavar="FILE")
    options = parser.parse_args()

    asked = questions(options.count)
    requests = "".join(json.dumps({"session": f"s{index % 16}", "text": text}) + "\n"
                       for index, text in enumerate(asked))
    result = subprocess.run(options.cmd, shell=True, input=requests.encode(), capture_output=True)
    replies = result.stdout.decode().splitlines()
    if result.returncode != 0 or len(replies) != len(asked):
        print(f"command failed: status {result.returncode}, {len(replies)} replies to {len(asked)}")
        return 1
    if options.save:
        with open(options.save, "w", encoding="utf-8") as handle:
            handle.write("\n".join(replies) + "\n")
        print(f"saved {len(replies)} replies to {options.save}")
        return 0
    with open(options.compare, encoding="utf-8") as handle:
        before = handle.read().splitlines()
    differing = [index for index, (old, new) in enumerate(zip(before, replies)) if old != new]
    if len(before) != len(replies):
        print(f"{len(before)} saved replies, {len(replies)} now")
        return 1
    for index in differing[:5]:
        print(f"question {index}: {asked[index]!r}\n  before: {before[index][:300]}\n  now:    {replies[index][:300]}")
    print(f"{len(replies) - len(differing)}/{len(replies)} replies identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
