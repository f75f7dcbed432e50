#!/usr/bin/env python3
"""Cross-validate the topics' example questions: a measure of how well matching generalises.

Each of K folds takes about 1/K of every topic's example questions out of a copy of Knowledge/
(keeping at least four per topic, as lint requires), then asks the removed questions of
`spasm --json --knowledge COPY`. A question passes when the reply contains one of the words
tuning3/tuning5 expect for its topic (the same test score.py makes), so a sibling topic that
says the same thing counts. Deterministic: folds depend only on topic ids and positions.

    swift build && python3 scripts/crossval.py [--folds 10] [--show-fail]
"""
import argparse, collections, glob, json, os, shutil, signal, subprocess, tempfile, zlib
import yaml

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--folds", type=int, default=10)
ap.add_argument("--bin", default=os.path.join(root, ".build/debug/spasm"))
ap.add_argument("--show-fail", action="store_true")
a = ap.parse_args()

expected, fallback_words = {}, collections.defaultdict(list)
for name in ("tuning3.jsonl", "tuning5.jsonl"):
    for line in open(os.path.join(root, "Tests/Eval", name)):
        for turn in json.loads(line)["turns"]:
            if "topic" in turn and "any" in turn:
                if len(turn["topic"]) == 1:
                    expected.setdefault(turn["topic"][0], turn["any"])
                for topic in turn["topic"]:
                    fallback_words[topic].append(turn["any"])

files = sorted(glob.glob(os.path.join(root, "Knowledge/topics/*.yaml")))
docs = {f: yaml.safe_load(open(f)) for f in files}
answers = {t["id"]: t["answer"].lower() for d in docs.values() for t in d["topics"]}
passed = total = exact = fell_back = 0
confusions = collections.Counter()
with tempfile.TemporaryDirectory() as tmp:
    for fold in range(a.folds):
        copy = os.path.join(tmp, f"fold{fold}")
        shutil.copytree(os.path.join(root, "Knowledge"), copy)
        held = []
        for f in files:
            doc = json.loads(json.dumps(docs[f]))
            for topic in doc["topics"]:
                offset = zlib.crc32(topic["id"].encode()) % a.folds
                out = [q for i, q in enumerate(topic["questions"]) if (offset + i) % a.folds == fold]
                keep = [q for q in topic["questions"] if q not in out]
                while len(keep) < 4 and out:
                    keep.append(out.pop())
                topic["questions"] = keep
                held += [(topic["id"], q) for q in out]
            with open(os.path.join(copy, "topics", os.path.basename(f)), "w") as handle:
                yaml.safe_dump(doc, handle, sort_keys=False, allow_unicode=True, width=1000)
        lines = "".join(json.dumps({"session": f"q{i}", "text": q}) + "\n" for i, (_, q) in enumerate(held))
        run = subprocess.run([a.bin, "--json", "--knowledge", copy], input=lines, capture_output=True, text=True)
        replies = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
        assert len(replies) == len(held), run.stderr[:2000]
        for (topic, question), reply in zip(held, replies):
            words = expected.get(topic) or (fallback_words[topic][0] if fallback_words[topic] else None)
            if words is None:
                continue
            total += 1
            got = reply.get("topic")
            exact += got == topic
            fell_back += reply.get("kind") == "fallback"
            if got and any(w in answers[got] for w in words):
                passed += 1
            else:
                confusions[(topic, got or reply.get("kind"))] += 1
                if a.show_fail:
                    print(f"FAIL {topic} -> {got or reply.get('kind')}: {question!r}")
print(f"cross-validated example questions: {passed}/{total} ({100.0 * passed / total:.1f}%) pass,"
      f" {exact} answered by their own topic, {fell_back} fallbacks ({a.folds} folds)")
for (topic, got), n in confusions.most_common(10):
    print(f"  {n} {topic} -> {got}")
