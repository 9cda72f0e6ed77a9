#!/usr/bin/env python3
"""Build the translation-memory benchmark's inputs (standard library only, deterministic for a seed).

make_big_tmx.py repeats its templates (about 175,000 distinct pairs per million units), so the rest of the
memory is made of sentence-length pairs recombined from the Arabic-English dev corpus: the first half of
sentence a followed by the second half of sentence b, on both sides, for distinct (a, b). Queries are
units of either kind with one word changed or dropped (near matches), and new recombinations that the
memory does not hold.

Writes --out-tmx (TMX 1.4b, srclang ar) and --queries (one Arabic query a line).
"""
import argparse
import html
import random
import re


def halves(text):
    words = text.split()
    middle = len(words) // 2
    return words[:middle], words[middle:]


def recombine(ar, en, a, b):
    return (" ".join(halves(ar[a])[0] + halves(ar[b])[1]), " ".join(halves(en[a])[0] + halves(en[b])[1]))


def perturb(rng, text, vocabulary):
    words = text.split()
    if len(words) < 3:
        return text
    position = rng.randrange(len(words))
    if rng.random() < 0.7:
        words[position] = rng.choice(vocabulary)
    else:
        del words[position]
    return " ".join(words)


def template_sources(path, limit):
    pattern = re.compile(r'<tuv xml:lang="ar"><seg>(.*?)</seg>')
    found = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = pattern.search(line)
            if match:
                found.append(html.unescape(re.sub(r"<(bpt|ept|ph)[^>]*>.*?</\1>", "", match.group(1))))
                if len(found) >= limit:
                    break
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", required=True, help="folder holding dev.ar and dev.en")
    parser.add_argument("--big-tmx", required=True, help="make_big_tmx.py output, for template queries")
    parser.add_argument("--units", type=int, required=True, help="recombined units to write")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--out-tmx", required=True)
    parser.add_argument("--out-queries", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with open(args.dev + "/dev.ar", encoding="utf-8") as handle:
        ar = [line.strip() for line in handle]
    with open(args.dev + "/dev.en", encoding="utf-8") as handle:
        en = [line.strip() for line in handle]
    count = len(ar)
    offsets = args.units // count + 1
    if offsets >= count - 1:
        raise SystemExit("too many units for the corpus")

    def pair_for(index):
        a = index % count
        return a, (a + 1 + index // count) % count

    with open(args.out_tmx, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write('<header creationtool="make_memory_corpus" creationtoolversion="1" segtype="sentence" '
                  'o-tmf="synthetic" adminlang="en" srclang="ar" datatype="plaintext"/>\n<body>\n')
        for index in range(args.units):
            source, target = recombine(ar, en, *pair_for(index))
            out.write('<tu tuid="r%d"><tuv xml:lang="ar"><seg>%s</seg></tuv><tuv xml:lang="en"><seg>%s</seg></tuv></tu>\n'
                      % (index, html.escape(source, quote=False), html.escape(target, quote=False)))
        out.write("</body>\n</tmx>\n")

    vocabulary = [word for sentence in ar[:500] for word in sentence.split()]
    templates = template_sources(args.big_tmx, 20000)
    queries = []
    for number in range(args.queries):
        kind = number % 10
        if kind < 4:
            queries.append(perturb(rng, recombine(ar, en, *pair_for(rng.randrange(args.units)))[0], vocabulary))
        elif kind < 7:
            queries.append(perturb(rng, rng.choice(templates), vocabulary))
        else:
            a = rng.randrange(count)
            queries.append(recombine(ar, en, a, (a + offsets + 1 + rng.randrange(count - offsets - 2)) % count)[0])
    with open(args.out_queries, "w", encoding="utf-8") as out:
        out.write("\n".join(queries) + "\n")


if __name__ == "__main__":
    main()
