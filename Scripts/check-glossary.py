#!/usr/bin/env python3
"""Check a Qantara glossary TSV (default: glossaries/news-entities.tsv).

Validates the format (header, six columns, types, statuses, scripts), looks for
duplicate and conflicting entries after Arabic matching-folding, prints counts by
type and reports which named entities of the sample article the file covers.

Usage: Scripts/check-glossary.py [GLOSSARY.tsv] [--sample AR.txt EN.txt] [--quiet]
Exit status: 0 clean (warnings allowed), 1 errors found, 2 cannot run.
Standard library only.
"""

import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

HEADER = "type\tarabic\tenglish\tarabic_variants\tenglish_variants\tnote"
TYPES = ("PERSON", "LOC", "ORG", "MISC")
STATUSES = ("misspelling", "deprecated")
VARIANT_RE = re.compile(r"^(?P<form>[^\[\]|]+?)(?: \[(?P<status>[a-z]+)\])?$")
HYPHENS = re.compile("[-\u2010\u2011\u2013]")

# Sample-article entities (English preferred form -> type). Each must be an entry whose
# Arabic forms occur in the Arabic article and whose English forms occur in the translation.
SAMPLE_ENTITIES = {
    "Vladimir Putin": "PERSON",
    "Donald Trump": "PERSON",
    "Dmitry Peskov": "PERSON",
    "Kirill Dmitriev": "PERSON",
    "Volodymyr Zelensky": "PERSON",
    "Sergei Lavrov": "PERSON",
    "Marco Rubio": "PERSON",
    "Recep Tayyip Erdogan": "PERSON",
    "Istanbul": "LOC",
    "Riyadh": "LOC",
    "Russia": "LOC",
    "United States": "LOC",
    "Ukraine": "LOC",
    "Europe": "LOC",
    "North Korea": "LOC",
    "Moscow": "LOC",
    "Pyongyang": "LOC",
    "Washington": "LOC",
    "Kyiv": "LOC",
    "Doha": "LOC",
    "Turkey": "LOC",
    "Ankara": "LOC",
    "Kursk": "LOC",
    "Seoul": "LOC",
    "Kremlin": "ORG",
    "Federal Security Service": "ORG",
    "NATO": "ORG",
    "National Intelligence Service": "ORG",
    "Russian Armed Forces": "ORG",
    "RIA Novosti": "ORG",
    "TASS": "ORG",
    "Anadolu Agency": "ORG",
    "Agence France-Presse": "ORG",
    "Al-Araby Al-Jadeed": "ORG",
    "minerals deal": "MISC",
}

# Proclitic sequences that may precede a name in running Arabic (ل + ال is written لل). As in Qantara's
# matcher, a name takes the article only when the glossary writes it with one: سيول (Seoul) must not
# turn into السيول (the floods).
PREFIXES = ("", "و", "ف", "ب", "ك", "وب", "فب", "وك", "فك")
LAM_PREFIXES = ("ل", "ول", "فل")


def is_arabic_char(ch):
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF


def fold_arabic(text):
    """Matching fold: presentation forms, diacritics, tatweel, alef/hamza seats, ya, ta marbuta."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        o = ord(ch)
        if 0x064B <= o <= 0x065F or o in (0x0670, 0x0640) or 0x200B <= o <= 0x200F or 0x202A <= o <= 0x202E \
                or 0x2066 <= o <= 0x2069:
            continue
        if ch in "أإآٱ":
            ch = "ا"
        elif ch in "ىی":
            ch = "ي"
        elif ch == "ک":
            ch = "ك"
        elif ch == "ة":
            ch = "ه"
        elif ch.isspace() or HYPHENS.match(ch):
            ch = " "
        out.append(ch)
    return " ".join("".join(out).split())


def fold_english(text):
    """Case, diacritics and hyphens folded: Qantara's matcher reads a hyphen as a space (Kim Jong-un)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'")
    return " ".join(HYPHENS.sub(" ", text).casefold().split())


def arabic_surfaces(first):
    """Surface forms of a name's first word with the proclitics a news text puts before it."""
    bare_forms = {p + first for p in PREFIXES + LAM_PREFIXES}
    if not first.startswith("ال") or len(first) < 3:
        return bare_forms
    stem = first[2:]
    # ل + ال + stem is written لل + stem; on a ل-initial stem one lam stands for three (لليكود).
    lam = {p + "ل" + stem for p in LAM_PREFIXES}
    if stem.startswith("ل"):
        lam |= {p + stem for p in LAM_PREFIXES}
    return {p + first for p in PREFIXES} | lam


def arabic_occurs(form, tokens):
    words = fold_arabic(form).split()
    first_forms = arabic_surfaces(words[0])
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if tokens[i] in first_forms and tokens[i + 1:i + n] == words[1:]:
            return True
    return False


def english_occurs(form, folded_text):
    pattern = r"(?<![\w'])" + re.escape(fold_english(form)) + r"(?:'s|')?(?![\w])"
    return re.search(pattern, folded_text) is not None


class Entry:
    def __init__(self, line_no, fields):
        self.line = line_no
        self.type, self.arabic, self.english = fields[0], fields[1], fields[2]
        self.arabic_variants = fields[3]
        self.english_variants = fields[4]
        self.note = fields[5]
        self.ar_forms = [(self.arabic, "preferred")]
        self.en_forms = [(self.english, "preferred")]


def parse_variants(cell, problems, line_no, column):
    forms = []
    if cell == "":
        return forms
    for part in cell.split(" | "):
        m = VARIANT_RE.match(part)
        if not m or part != part.strip() or "  " in part:
            problems.append((line_no, f"{column}: malformed variant {part!r}"))
            continue
        status = m.group("status") or "admitted"
        if m.group("status") and status not in STATUSES:
            problems.append((line_no, f"{column}: unknown status [{status}] in {part!r}"))
        forms.append((m.group("form"), status))
    return forms


def check_script(form, arabic, problems, line_no, column):
    if form != form.strip() or "  " in form or "\t" in form:
        problems.append((line_no, f"{column}: stray whitespace in {form!r}"))
    if arabic:
        if not any(is_arabic_char(c) and c.isalpha() for c in form):
            problems.append((line_no, f"{column}: {form!r} has no Arabic letter"))
        if any(c.isalpha() and not is_arabic_char(c) for c in form):
            problems.append((line_no, f"{column}: {form!r} mixes in non-Arabic letters"))
    else:
        if not any("a" <= c.lower() <= "z" for c in form):
            problems.append((line_no, f"{column}: {form!r} has no Latin letter"))
        if any(is_arabic_char(c) for c in form):
            problems.append((line_no, f"{column}: {form!r} contains Arabic script"))
        if any(not (c.isalnum() or c in " -'.,&+") for c in form):
            problems.append((line_no, f"{column}: {form!r} contains an unexpected character"))


def load(path):
    errors, entries = [], []
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    if raw.startswith("\ufeff"):
        errors.append((1, "byte-order mark before the header"))
        raw = raw[1:]
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        errors.append((len(lines), "file does not end with a newline"))
    if not lines or lines[0] != HEADER:
        errors.append((1, "first line is not the Qantara glossary TSV header"))
    for no, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            continue
        if line.strip() == "":
            errors.append((no, "blank line"))
            continue
        if "\r" in line:
            errors.append((no, "carriage return in line"))
        fields = line.split("\t")
        if len(fields) != 6:
            errors.append((no, f"{len(fields)} columns, expected 6"))
            continue
        e = Entry(no, fields)
        if e.type not in TYPES:
            errors.append((no, f"unknown type {e.type!r}"))
        if not e.arabic or not e.english:
            errors.append((no, "empty preferred form"))
            continue
        if "[" in e.arabic or "[" in e.english or "|" in e.arabic or "|" in e.english:
            errors.append((no, "preferred form carries a status or a separator"))
        e.ar_forms += parse_variants(e.arabic_variants, errors, no, "arabic_variants")
        e.en_forms += parse_variants(e.english_variants, errors, no, "english_variants")
        for form, _ in e.ar_forms:
            check_script(form, True, errors, no, "arabic")
        for form, _ in e.en_forms:
            check_script(form, False, errors, no, "english")
        if "\t" in e.note or e.note != e.note.strip():
            errors.append((no, "note has stray whitespace"))
        entries.append(e)
    return entries, errors


def is_ambiguous(entry):
    return "ambigu" in entry.note.lower()


def cross_checks(entries):
    errors, warnings = [], []
    # Duplicates inside one entry: the matcher folds alef/hamza/ya/diacritics, so such variants are noise.
    for e in entries:
        for forms, fold, col in ((e.ar_forms, fold_arabic, "Arabic"), (e.en_forms, fold_english, "English")):
            seen = {}
            for form, _ in forms:
                key = fold(form)
                if key in seen:
                    errors.append((e.line, f"{col} form {form!r} repeats {seen[key]!r} after folding"))
                else:
                    seen[key] = form
    # A folded form (preferred or variant) shared by several entries, of one type or of several:
    # allowed only when every entry's note says it is ambiguous.
    for forms_of, fold, col in ((lambda e: e.ar_forms, fold_arabic, "Arabic"),
                                (lambda e: e.en_forms, fold_english, "English")):
        owners = defaultdict(list)
        for e in entries:
            for key in {fold(form) for form, _ in forms_of(e)}:
                owners[key].append(e)
        for key, group in owners.items():
            if len(group) < 2:
                continue
            lines = ", ".join(f"{g.line} ({g.type} {g.english})" for g in group)
            if all(is_ambiguous(g) for g in group):
                warnings.append((group[0].line, f"ambiguous {col} form {key!r} (noted): {lines}"))
            else:
                errors.append((group[0].line, f"{col} form {key!r} in several entries without an ambiguity note: "
                                              f"{lines}"))
    # A form that is another entry's form with a proclitic in front (بسكوف = ب + سكوف) would be
    # ambiguous in running text.
    ar_owner = {}
    for e in entries:
        for form, _ in e.ar_forms:
            ar_owner.setdefault(fold_arabic(form), e)
    for e in entries:
        for form, _ in e.ar_forms:
            words = fold_arabic(form).split()
            rest = " ".join(words[1:])
            for p in sorted(set(PREFIXES + LAM_PREFIXES) - {""}):
                if words[0].startswith(p) and len(words[0]) > len(p) + 1:
                    other = (words[0][len(p):] + (" " + rest if rest else ""))
                    owner = ar_owner.get(other)
                    if owner is not None and owner is not e:
                        warnings.append((e.line, f"{form!r} ({e.english}) reads as {p}+{other!r} "
                                                 f"({owner.english}, line {owner.line})"))
    return errors, warnings


def sample_report(entries, ar_path, en_path):
    problems, covered = [], []
    with open(ar_path, encoding="utf-8") as f:
        tokens = re.findall(r"[^\W\d_]+", fold_arabic(f.read()))
    with open(en_path, encoding="utf-8") as f:
        en_text = fold_english(f.read())
    by_english = {e.english: e for e in entries}
    for name, etype in SAMPLE_ENTITIES.items():
        e = by_english.get(name)
        if e is None:
            problems.append((0, f"sample entity {name!r} has no entry"))
            continue
        if e.type != etype:
            problems.append((e.line, f"sample entity {name!r} is {e.type}, expected {etype}"))
        ar_found = [f for f, _ in e.ar_forms if arabic_occurs(f, tokens)]
        en_found = [f for f, _ in e.en_forms if english_occurs(f, en_text)]
        if not ar_found:
            problems.append((e.line, f"sample entity {name!r}: no Arabic form occurs in the article"))
        if not en_found:
            problems.append((e.line, f"sample entity {name!r}: no English form occurs in the translation"))
        covered.append((e, ar_found, en_found))
    # Every entry that some Arabic form finds in the article, listed or not, to catch false friends.
    extra = []
    for e in entries:
        if e.english in SAMPLE_ENTITIES:
            continue
        hits = [f for f, _ in e.ar_forms if arabic_occurs(f, tokens)]
        if hits:
            extra.append((e, hits))
    return problems, covered, extra


def main(argv):
    args = [a for a in argv[1:] if a != "--quiet"]
    quiet = "--quiet" in argv
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sample = None
    if "--sample" in args:
        i = args.index("--sample")
        if len(args) < i + 3:
            print("usage: check-glossary.py [GLOSSARY.tsv] [--sample AR.txt EN.txt] [--quiet]", file=sys.stderr)
            return 2
        sample = (args[i + 1], args[i + 2])
        del args[i:i + 3]
    path = args[0] if args else os.path.join(root, "glossaries", "news-entities.tsv")
    if sample is None:
        for base in (os.path.join(root, "..", "shared", "seed"), "/work/shared/seed"):
            ar, en = os.path.join(base, "istanbul-talks.ar.txt"), os.path.join(base, "istanbul-talks.en.txt")
            if os.path.exists(ar) and os.path.exists(en):
                sample = (ar, en)
                break
    try:
        entries, errors = load(path)
    except OSError as exc:
        print(f"check-glossary: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"{path}: not UTF-8: {exc}", file=sys.stderr)
        return 1
    cross_errors, warnings = cross_checks(entries)
    errors += cross_errors

    counts = Counter(e.type for e in entries)
    forms = sum(len(e.ar_forms) for e in entries), sum(len(e.en_forms) for e in entries)
    print(f"{path}: {len(entries)} entries (" + ", ".join(f"{t} {counts[t]}" for t in TYPES) + f"); "
          f"{forms[0]} Arabic and {forms[1]} English forms")

    if sample:
        problems, covered, extra = sample_report(entries, *sample)
        errors += problems
        print(f"sample article {os.path.basename(sample[0])}: {len(covered)}/{len(SAMPLE_ENTITIES)} entities covered")
        if not quiet:
            for e, ar_found, en_found in covered:
                print(f"  {e.type:<6} {e.english:<30} ar: {' / '.join(ar_found) or '-':<40} en: {' / '.join(en_found) or '-'}")
            for e, hits in extra:
                print(f"  also matched: {e.type} {e.english} by {' / '.join(hits)}")
    else:
        print("sample article not found: coverage not checked")

    if not quiet:
        for line, msg in warnings:
            print(f"{path}:{line}: warning: {msg}")
    else:
        print(f"{len(warnings)} warnings")
    for line, msg in errors:
        print(f"{path}:{line}: error: {msg}")
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
