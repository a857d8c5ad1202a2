#!/usr/bin/env python3
"""Writes src/matcher/synonyms.txt from WordNet 3.0 (Debian's wordnet-base, /usr/share/wordnet).

Each line: a word, a tab, its synonyms separated by spaces: the other one-word lemmas of the
synsets of its first senses (WordNet lists a word's senses most frequent first). Only lower-case
alphabetic words. Lines are sorted by byte order so the matcher can binary-search the file as it
is embedded, without parsing it. Run: python3 tools/synonyms.py > src/matcher/synonyms.txt
WordNet 3.0 licence: see the header this script writes.
"""
import collections, re, sys

ROOT = "/usr/share/wordnet"
SENSES = 3  # how many of a word's senses to take
WORD = re.compile(r"^[a-z]+$")

def synsets(pos):
    """offset -> list of lemmas, from data.<pos>"""
    out = {}
    for line in open(f"{ROOT}/data.{pos}", encoding="latin-1"):
        if line.startswith("  "):
            continue
        parts = line.split(" ")
        offset, count = parts[0], int(parts[3], 16)
        lemmas = [parts[4 + 2 * i].lower() for i in range(count)]
        lemmas = [re.sub(r"\(.*\)$", "", l) for l in lemmas]
        out[offset] = lemmas
    return out

def main():
    table = collections.defaultdict(list)
    for pos in ["noun", "verb", "adj", "adv"]:
        data = synsets(pos)
        for line in open(f"{ROOT}/index.{pos}", encoding="latin-1"):
            if line.startswith("  "):
                continue
            parts = line.split(" ")
            lemma = parts[0]
            if not WORD.match(lemma):
                continue
            p_cnt = int(parts[3])
            offsets = parts[4 + p_cnt + 2:]
            offsets = [o for o in offsets if o.strip()][:SENSES]
            for offset in offsets:
                for other in data.get(offset.strip(), []):
                    if other != lemma and WORD.match(other) and other not in table[lemma]:
                        table[lemma].append(other)
    sys.stdout.write("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. See the licence at\n")
    sys.stdout.write("# https://wordnet.princeton.edu/license-and-commercial-use (permissive). Made by tools/synonyms.py.\n")
    for word in sorted(table, key=lambda w: w.encode()):
        if table[word]:
            sys.stdout.write(word + "\t" + " ".join(table[word][:8]) + "\n")

main()
