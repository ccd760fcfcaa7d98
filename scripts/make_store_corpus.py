#!/usr/bin/env python3
"""Generates the store benchmark corpus: N articles (default 10,000) as Vigie JSON documents
for `vigie ingest --annotated`, by recombining the bundled fixtures.

Each article takes 3 to 6 paragraphs of the reference article (examples/fr-poutine-kim-pyongyang.txt)
and of the hand-annotated fixtures (examples/annotated.jsonl), plus 2 to 4 generated sentences
that quote an actor and report an event between two actors from a small list. The generated
sentences carry their annotations (mentions, entities with actor codes, quotes with speaker and
cue, CAMEO events with actor codes, countries, trigger, Goldstein, QuadClass and PLOVER type),
with offsets computed here, so the store holds the load it will hold once
extraction fills them: about 3 quotes, 2 events and 8 mentions per article. Dates spread over
2024. Deterministic (seeded).

  python3 scripts/make_store_corpus.py [N] [OUT]   # default: 10000 bench-out/store-corpus.jsonl
"""
import json, os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "bench-out", "store-corpus.jsonl")
rng = random.Random(7)

paras = [l for l in open(os.path.join(root, "examples", "fr-poutine-kim-pyongyang.txt"), encoding="utf-8").read().split("\n") if l.strip()]
for line in open(os.path.join(root, "examples", "annotated.jsonl"), encoding="utf-8"):
    d = json.loads(line)
    if d["language"]["code"] == "fr":
        paras += [l for l in d["text"].split("\n") if l.strip()]

ACTORS = [  # (kb id, name, actor code, label)
    ("Q7747", "Vladimir Poutine", "RUSGOV", "PER"), ("Q56226", "Kim Jong-un", "PRKGOV", "PER"),
    ("Q15031", "Xi Jinping", "CHNGOV", "PER"), ("Q3052772", "Emmanuel Macron", "FRAGOV", "PER"),
    ("Q3874799", "Volodymyr Zelensky", "UKRGOV", "PER"), ("Q6279", "Joe Biden", "USAGOV", "PER"),
    ("Q159", "Russie", "RUS", "GPE"), ("Q423", "Corée du Nord", "PRK", "GPE"),
    ("Q148", "Chine", "CHN", "GPE"), ("Q142", "France", "FRA", "GPE"),
    ("Q212", "Ukraine", "UKR", "GPE"), ("Q30", "États-Unis", "USA", "GPE"),
    ("Q458", "Union européenne", "EUR", "ORG"), ("Q7184", "OTAN", "IGONAT", "ORG"),
]
QUOTES = ["Nous ne céderons à aucune pression", "Ce traité ouvre une nouvelle ère",
          "La sécurité de la région est notre priorité", "Nous condamnons fermement ces essais",
          "Les sanctions n'ont aucun effet", "Le dialogue reste la seule voie",
          "Nous soutiendrons nos alliés jusqu'au bout", "Cette visite est historique"]
CUES = ["a déclaré", "a affirmé", "a assuré", "a averti", "a estimé"]
EVENTS = [("057", "a signé un accord avec"), ("036", "a proposé de rencontrer"),
          ("042", "s'est rendu auprès de"), ("112", "a accusé"), ("130", "a menacé"),
          ("173", "a imposé des sanctions à"), ("051", "a salué"), ("193", "a attaqué")]
# CAMEO code → (Goldstein, QuadClass, PLOVER type, PLOVER mode), for the event fields.
CODED = {"057": (8.0, 1, "AGREE", "sign"), "036": (4.0, 1, "AGREE", "meet"),
         "042": (1.9, 1, "CONSULT", "visit"), "112": (-2.0, 3, "DISAPPROVE", "accuse"),
         "130": (-4.4, 3, "THREATEN", None), "173": (-5.0, 4, "COERCE", None),
         "051": (3.4, 1, "SUPPORT", None), "193": (-10.0, 4, "FIGHT", None)}

def b(s):
    return len(s.encode("utf-8"))

with open(out_path, "w", encoding="utf-8") if out_path != "-" else sys.stdout as out:
    for i in range(n):
        text = f"Dépêche {i} : {rng.choice(paras)[:80]}\n"
        for p in rng.sample(paras, rng.randint(3, 6)):
            text += p + "\n"
        ents, ent_index, mentions, quotes, events = [], {}, [], [], []
        def mention(actor, start, end):
            if actor[0] not in ent_index:
                ent_index[actor[0]] = len(ents)
                ents.append({"id": actor[0], "label": actor[3], "name": actor[1], "actor_code": actor[2], "mentions": []})
            e = ent_index[actor[0]]
            ents[e]["mentions"].append(len(mentions))
            mentions.append({"start": start, "end": end, "label": actor[3], "entity": e})
            return e
        for _ in range(rng.randint(1, 2)):
            sp = rng.choice(ACTORS[:6])
            q = "« " + rng.choice(QUOTES) + " »"
            cue = rng.choice(CUES)
            qs = b(text); text += q + ", " + cue + " "
            ss = b(text); text += sp[1]; se = b(text); text += ".\n"
            e = mention(sp, ss, se)
            quotes.append({"kind": "direct", "start": qs, "end": qs + b(q), "speaker": {"start": ss, "end": se},
                           "entity": e, "cue": {"start": qs + b(q) + 2, "end": qs + b(q) + 2 + b(cue)}})
        for _ in range(rng.randint(1, 3)):
            a, c = rng.sample(ACTORS, 2)
            code, verb = rng.choice(EVENTS)
            s0 = b(text)
            text += a[1]; ea = mention(a, s0, b(text))
            text += " " + verb + " "
            t0 = b(text); text += c[1]; ec = mention(c, t0, b(text))
            text += "."
            g, quad, ptype, pmode = CODED[code]
            v0 = text.encode("utf-8").rfind((" " + verb + " ").encode("utf-8")) + 1
            ev = {"code": code, "start": s0, "end": b(text), "source": ea, "target": ec,
                  "source_span": {"start": s0, "end": s0 + b(a[1])},
                  "target_span": {"start": t0, "end": t0 + b(c[1])},
                  "source_actor": a[2], "target_actor": c[2],
                  "trigger": {"start": v0, "end": v0 + b(verb)},
                  "goldstein": g, "quad_class": quad, "plover_type": ptype,
                  "confidence": 0.7, "rule": "bench"}
            if pmode:
                ev["plover_mode"] = pmode
            for role, actor in (("source", a), ("target", c)):
                if not actor[2].startswith("IGO"):  # CAMEO IGO codes name no country
                    ev[role + "_country"] = actor[2][:3]
            events.append(ev)
            text += "\n"
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        doc = {"schema_version": 1, "id": f"bench-{i:06d}",
               "meta": {"title": f"Dépêche {i}", "date": day, "url": f"https://example.org/bench/{i}",
                        "source": {"format": "jsonl", "encoding": "UTF-8", "bytes": b(text)}},
               "text": text, "mentions": mentions, "entities": ents, "quotes": quotes, "events": events}
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
print(f"wrote {n} articles to {out_path}", file=sys.stderr)
