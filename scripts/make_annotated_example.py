#!/usr/bin/env python3
"""Writes examples/annotated.jsonl: two hand-annotated articles (Vigie's JSON schema) that carry
mentions, entities, quotes and events, so the store, the API and the web interface can be
tested on those paths before the extraction stages produce them. The annotations are test
fixtures written by hand, not output of Vigie's extraction. Offsets are computed here from the
text (UTF-8 bytes), so they are always right: edit the texts and annotations below, then run
`python3 scripts/make_annotated_example.py`."""
import json, os

def span(text, needle, nth=0):
    b = text.encode("utf-8")
    n = needle.encode("utf-8")
    pos = -1
    for _ in range(nth + 1):
        pos = b.find(n, pos + 1)
        if pos < 0:
            raise SystemExit(f"not found: {needle!r}")
    return {"start": pos, "end": pos + len(n)}

def doc(id_, meta, lang, text, ents, mentions, quotes, events):
    entities = []
    ment = []
    for (surface, nth, label, ent) in mentions:
        ment.append({**span(text, surface, nth), "label": label, "entity": ent})
    for i, (eid, label, name, code) in enumerate(ents):
        e = {"id": eid, "label": label, "name": name,
             "mentions": [k for k, m in enumerate(ment) if m["entity"] == i]}
        if code:
            e["actor_code"] = code
        entities.append(e)
    qs = []
    for (kind, qtext, speaker, snth, ent, cue) in quotes:
        q = {"kind": kind, **span(text, qtext), "speaker": span(text, speaker, snth), "entity": ent}
        if cue:
            q["cue"] = span(text, cue)
        qs.append(q)
    evs = []
    for (code, ev, s, t, *extra) in events:
        e = {"code": code, **span(text, ev), "source": s, "target": t}
        # Optional event fields; (needle, nth) pairs become spans.
        for k, v in (extra[0] if extra else {}).items():
            e[k] = span(text, *v) if k.endswith("_span") or k in ("trigger", "theme") else v
        evs.append(e)
    return {
        "schema_version": 1, "id": id_,
        "meta": {**meta, "source": {"path": "examples/annotated.jsonl", "format": "jsonl",
                                    "encoding": "UTF-8", "bytes": len(text.encode())}},
        "text": text, "language": {"code": lang, "confidence": 1.0, "reliable": True},
        "mentions": ment, "entities": entities, "quotes": qs, "events": evs, "warnings": [],
    }

fr = ("Vladimir Poutine et Kim Jong-un signent un traité à Pyongyang\n"
      "Vladimir Poutine est arrivé à Pyongyang mercredi pour sa première visite depuis 24 ans.\n"
      "« Nous allons signer un traité de partenariat stratégique », a déclaré Vladimir Poutine "
      "devant Kim Jong-un. Le président russe a ajouté que la Russie soutiendrait la Corée du Nord.\n"
      "Kim Jong-un a affirmé : « La Corée du Nord soutient pleinement la Russie. »\n"
      "Les deux dirigeants ont signé un accord de défense mutuelle.\n"
      "LIRE AUSSI : Le Kremlin salue une visite historique")
fr_doc = doc(
    "vigie-fixture-fr-pyongyang",
    {"title": "Poutine et Kim signent un traité", "date": "2024-06-19",
     "url": "https://example.org/fixtures/poutine-kim-traite"},
    "fr", fr,
    [("Q7747", "PER", "Vladimir Poutine", "RUSGOV"), ("Q56226", "PER", "Kim Jong-un", "PRKGOV"),
     ("Q159", "GPE", "Russie", "RUS"), ("Q423", "GPE", "Corée du Nord", "PRK"),
     ("Q18808", "LOC", "Pyongyang", None)],
    [("Vladimir Poutine", 0, "PER", 0), ("Kim Jong-un", 0, "PER", 1), ("Pyongyang", 0, "LOC", 4),
     ("Vladimir Poutine", 1, "PER", 0), ("Pyongyang", 1, "LOC", 4),
     ("Vladimir Poutine", 2, "PER", 0), ("Kim Jong-un", 1, "PER", 1),
     ("Le président russe", 0, "PER", 0), ("Russie", 0, "GPE", 2), ("Corée du Nord", 0, "GPE", 3),
     ("Kim Jong-un", 2, "PER", 1), ("Corée du Nord", 1, "GPE", 3), ("Russie", 1, "GPE", 2)],
    [("direct", "« Nous allons signer un traité de partenariat stratégique »",
      "Vladimir Poutine", 2, 0, "a déclaré"),
     ("indirect", "que la Russie soutiendrait la Corée du Nord", "Le président russe", 0, 0,
      "a ajouté"),
     ("direct", "« La Corée du Nord soutient pleinement la Russie. »", "Kim Jong-un", 2, 1,
      "a affirmé")],
    [("057", "Les deux dirigeants ont signé un accord de défense mutuelle.", 0, 1,
      {"source_span": ("Les deux dirigeants", 0), "source_actor": "RUSGOV",
       "target_actor": "PRKGOV", "source_country": "RUS", "target_country": "PRK",
       "trigger": ("signé", 0), "trigger_lemma": "signer",
       "theme": ("un accord de défense mutuelle", 0), "goldstein": 8.0, "quad_class": 1,
       "plover_type": "AGREE", "plover_mode": "sign", "location": 4,
       "location_span": ("Pyongyang", 1), "date": "2024-06-19",
       "date_span": ("mercredi", 0), "confidence": 0.8, "rule": "fixture:signer"}),
     ("051", "la Russie soutiendrait la Corée du Nord", 2, 3,
      {"source_span": ("la Russie", 0), "target_span": ("la Corée du Nord", 0),
       "trigger": ("soutiendrait", 0), "trigger_lemma": "soutenir", "goldstein": 3.4,
       "quad_class": 1, "plover_type": "SUPPORT", "modality": "conditional",
       "reported_in": 1, "confidence": 0.6, "rule": "fixture:soutenir"}),
     ("051", "La Corée du Nord soutient pleinement la Russie.", 3, 2)],
)

en = ("Putin thanks Kim after Pyongyang summit\n"
      "Vladimir Putin said on Monday: \"Russia will never abandon its friends.\" "
      "Kim Jong Un welcomed the treaty and declared that North Korea would stand with Moscow.")
en_doc = doc(
    "vigie-fixture-en-summit",
    {"title": "Putin thanks Kim after Pyongyang summit", "date": "2024-07-01",
     "url": "https://example.org/fixtures/putin-thanks-kim"},
    "en", en,
    [("Q7747", "PER", "Vladimir Poutine", "RUSGOV"), ("Q56226", "PER", "Kim Jong-un", "PRKGOV"),
     ("Q423", "GPE", "Corée du Nord", "PRK"), ("Q649", "GPE", "Moscou", "RUS")],
    [("Putin", 0, "PER", 0), ("Kim", 0, "PER", 1), ("Vladimir Putin", 0, "PER", 0),
     ("Kim Jong Un", 0, "PER", 1), ("North Korea", 0, "GPE", 2), ("Moscow", 0, "GPE", 3)],
    [("direct", "\"Russia will never abandon its friends.\"", "Vladimir Putin", 0, 0, "said"),
     ("indirect", "that North Korea would stand with Moscow", "Kim Jong Un", 0, 1, "declared")],
    [("057", "Kim Jong Un welcomed the treaty", 1, 0,
      {"source_span": ("Kim Jong Un", 0), "trigger": ("welcomed", 0), "negated": False,
       "goldstein": 8.0, "quad_class": 1, "plover_type": "AGREE", "date": "2024-07-01",
       "date_span": ("Monday", 0), "flags": ["fixture"]})],
)

out = os.path.join(os.path.dirname(__file__), "..", "examples", "annotated.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for d in (fr_doc, en_doc):
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
print("wrote", os.path.normpath(out))
