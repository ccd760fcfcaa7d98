// Vigie's web interface: plain JavaScript over the /v1 API, routes in the URL fragment.
"use strict";

const $main = document.getElementById("main");
const $detail = document.getElementById("detail");

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const resp = await fetch(url);
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error(body?.error?.message || resp.statusText);
  return body;
}

function entityLink(id, name) {
  return id ? `<a href="#/entity/${id}" data-testid="entity-link">${esc(name)}</a>` : esc(name || "?");
}

function actorHtml(a) {
  if (!a) return "?";
  const code = a.code && a.code !== a.name ? ` <span class="badge">${esc(a.code)}</span>` : "";
  return entityLink(a.entity, a.name) + code;
}

const QUAD_NAMES = {1: "coopération verbale", 2: "coopération matérielle", 3: "conflit verbal", 4: "conflit matériel"};
const MODALITY_NAMES = {conditional: "conditionnel", intended: "intention", hypothetical: "hypothétique",
  possible: "possible", demanded: "exigé"};

// The event stage's facts about an event, one per line (only those it gives).
function eventFacts(ev) {
  const rows = [];
  const row = (name, label, value) => rows.push(`<div class="fact" data-testid="event-${name}">${label} : ${value}</div>`);
  if (ev.plover_type) row("plover", "PLOVER", `${esc(ev.plover_type)}${ev.plover_mode ? " / " + esc(ev.plover_mode) : ""}`);
  if (ev.goldstein != null) row("goldstein", "Goldstein", esc((ev.goldstein > 0 ? "+" : "") + ev.goldstein.toFixed(1)));
  if (ev.quad_class != null) row("quad-class", "QuadClass", `${esc(ev.quad_class)} (${esc(QUAD_NAMES[ev.quad_class] || "?")})`);
  if (ev.date) row("date", "Date", `${esc(ev.date)}${ev.date_text ? ` (« ${esc(ev.date_text)} »)` : ""}`);
  if (ev.place) row("place", "Lieu", esc(ev.place));
  if (ev.trigger) row("trigger", "Déclencheur", `« ${esc(ev.trigger)} »${ev.trigger_lemma ? ` (${esc(ev.trigger_lemma)})` : ""}`);
  if (ev.theme) row("theme", "Objet", `« ${esc(ev.theme)} »`);
  row("modality", "Modalité", esc(ev.modality ? (MODALITY_NAMES[ev.modality] || ev.modality) : "affirmé"));
  row("negated", "Négation", ev.negated ? "oui" : "non");
  if (ev.reported_in != null) row("reported", "Rapporté", "dans une citation");
  if (ev.confidence != null) row("confidence", "Confiance", esc(ev.confidence.toFixed(2)));
  return rows.length ? `<div class="facts">${rows.join("")}</div>` : "";
}

function hideDetail() { $detail.hidden = true; $detail.innerHTML = ""; }

function showDetail(html) {
  $detail.innerHTML = `<button class="close" aria-label="Fermer">✕</button>${html}`;
  $detail.hidden = false;
  $detail.querySelector(".close").onclick = hideDetail;
}

// ---- search -------------------------------------------------------------------------------
async function viewSearch(params) {
  const q = params.get("q") || "";
  document.getElementById("search-input").value = q;
  const offset = Number(params.get("offset") || 0);
  const res = await api("/v1/search", {q, offset, limit: 20});
  const title = q ? `Articles pour « ${esc(q)} »` : "Derniers articles";
  const rows = res.items.map(h => `
    <div class="hit" data-testid="search-hit">
      <a href="#/article/${h.id}">${esc(h.title || h.doc_id)}</a>
      <div class="meta">${esc(h.date || "sans date")} · ${esc(h.lang || "?")} · ${esc(h.doc_id)}</div>
      <div class="snippet">${esc(h.snippet)}</div>
    </div>`).join("");
  const more = res.next_offset ? `<p><a href="#/search?q=${encodeURIComponent(q)}&offset=${res.next_offset}">Suite →</a></p>` : "";
  let quotes = "";
  if (q) {
    const qs = await api("/v1/quotes", {speaker: q, limit: 10});
    if (qs.items.length) quotes = `<h2>Citations de « ${esc(q)} »</h2>` + qs.items.map(quoteRow).join("");
  }
  $main.innerHTML = `<h1>${title}</h1>${rows || '<p class="empty">Aucun article.</p>'}${more}${quotes}`;
}

function quoteRow(q) {
  return `<div class="quote-row" data-testid="quote-row">
    <strong>${entityLink(q.entity, q.speaker)}</strong> <span class="badge">${esc(q.kind)}</span>
    <q>${esc(q.text)}</q>
    <div class="meta">${esc(q.date || "")} · <a href="#/article/${q.article}">article</a></div></div>`;
}

async function viewQuotes(params) {
  const speaker = params.get("speaker") || "";
  const res = await api("/v1/quotes", {speaker, limit: 50});
  $main.innerHTML = `<h1>Citations</h1>
    <form id="qf"><input name="speaker" value="${esc(speaker)}" placeholder="Locuteur : Poutine"> <button>Filtrer</button></form>
    ${res.items.map(quoteRow).join("") || '<p class="empty">Aucune citation.</p>'}`;
  document.getElementById("qf").onsubmit = e => {
    e.preventDefault();
    location.hash = `#/quotes?speaker=${encodeURIComponent(e.target.speaker.value)}`;
  };
}

// ---- article ------------------------------------------------------------------------------
// Offsets are UTF-8 byte offsets; JavaScript strings index UTF-16 units.
function byteIndex(text) {
  const map = new Map();
  let b = 0;
  let i = 0;
  for (const ch of text) {
    map.set(b, i);
    const cp = ch.codePointAt(0);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += ch.length;
  }
  map.set(b, i);
  return off => map.get(off) ?? (off >= b ? i : 0);
}

function renderArticleText(art) {
  const idx = byteIndex(art.text);
  const anns = [];
  art.mentions.forEach((m, k) => anns.push({kind: "mention", s: m.start, e: m.end, k}));
  art.quotes.forEach((q, k) => {
    anns.push({kind: "quote", s: q.start, e: q.end, k});
    if (q.speaker_start != null) anns.push({kind: "speaker", s: q.speaker_start, e: q.speaker_end, k});
  });
  art.events.forEach((ev, k) => anns.push({kind: "event", s: ev.start, e: ev.end, k}));
  const paragraphs = art.paragraphs.length ? art.paragraphs
    : [{start: 0, end: new TextEncoder().encode(art.text).length, sentences: {start: 0, end: 0}}];
  return paragraphs.map((p, pi) => {
    const sentences = art.sentences.slice(p.sentences.start, p.sentences.end);
    const pieces = sentences.length ? sentences.map(s => [s.start, s.end]) : [[p.start, p.end]];
    const html = pieces.map(([ss, se], si) => {
      const cuts = new Set([ss, se]);
      for (const a of anns) {
        if (a.e > ss && a.s < se) { cuts.add(Math.max(a.s, ss)); cuts.add(Math.min(a.e, se)); }
      }
      const points = [...cuts].sort((x, y) => x - y);
      let out = "";
      for (let j = 0; j + 1 < points.length; j++) {
        const [a, b] = [points[j], points[j + 1]];
        const piece = art.text.slice(idx(a), idx(b));
        const on = anns.filter(x => x.s <= a && x.e >= b);
        if (!on.length) { out += esc(piece); continue; }
        const kinds = [...new Set(on.map(x => x.kind))];
        const data = on.map(x => `${x.kind}:${x.k}`).join(" ");
        out += `<span class="seg ${kinds.join(" ")}" data-ann="${data}" title="${esc(tooltip(art, on))}" data-testid="ann-${kinds.join("-")}">${esc(piece)}</span>`;
      }
      const gap = si + 1 < pieces.length ? art.text.slice(idx(se), idx(pieces[si + 1][0])) : "";
      return `<span class="sentence" data-sentence="${p.sentences.start + si}">${out}</span>${esc(gap)}`;
    }).join("");
    const bp = p.boilerplate ? `<span class="badge" data-testid="boilerplate-badge">boilerplate : ${esc(p.boilerplate)}</span>` : "";
    return `<p class="${p.boilerplate ? "boilerplate" : ""}" data-paragraph="${pi}" data-testid="paragraph">${bp}${html}</p>`;
  }).join("");
}

function tooltip(art, on) {
  return on.map(x => {
    if (x.kind === "quote" || x.kind === "speaker") {
      const q = art.quotes[x.k];
      return `Citation (${q.kind}) — ${q.speaker || "locuteur inconnu"}`;
    }
    if (x.kind === "event") {
      const ev = art.events[x.k];
      const extra = [ev.plover_type, ev.goldstein != null ? `Goldstein ${ev.goldstein}` : null,
        ev.negated ? "nié" : null, ev.modality].filter(Boolean).join(", ");
      return `Événement CAMEO ${ev.code} : ${ev.source?.name || "?"} → ${ev.target?.name || "?"}${extra ? ` (${extra})` : ""}`;
    }
    const m = art.mentions[x.k];
    return `${m.label}${m.name ? " — " + m.name : ""}`;
  }).join("\n");
}

function detailFor(art, data) {
  return data.split(" ").map(tok => {
    const [kind, k] = tok.split(":");
    if (kind === "quote" || kind === "speaker") {
      const q = art.quotes[Number(k)];
      return `<div class="card" data-testid="quote-detail"><strong>Citation</strong> <span class="badge">${esc(q.kind)}</span><br>
        Locuteur : <span data-testid="detail-speaker">${entityLink(q.entity, q.speaker)}</span>
        ${q.cue ? `<br>Verbe introducteur : « ${esc(q.cue)} »` : ""}<br><q>${esc(q.text)}</q></div>`;
    }
    if (kind === "event") {
      const ev = art.events[Number(k)];
      return `<div class="card" data-testid="event-detail"><strong>Événement CAMEO <span data-testid="event-code">${esc(ev.code)}</span></strong>
        (racine ${esc(ev.root_code)})<br>${actorHtml(ev.source)} → ${actorHtml(ev.target)}
        ${eventFacts(ev)}<br>Preuve : « ${esc(ev.evidence)} »</div>`;
    }
    const m = art.mentions[Number(k)];
    return `<div class="card"><strong>${esc(m.label)}</strong> ${entityLink(m.entity, m.name || art.text.slice(0, 0))}</div>`;
  }).join("");
}

async function viewArticle(id) {
  const art = await api(`/v1/articles/${encodeURIComponent(id)}`);
  const quotes = art.quotes.map(q => `<li data-testid="article-quote">${entityLink(q.entity, q.speaker)} : <q>${esc(q.text)}</q></li>`).join("");
  const events = art.events.map(ev => `<li><span class="badge">${esc(ev.code)}</span>${ev.plover_type ? `<span class="badge">${esc(ev.plover_type)}</span>` : ""}${ev.negated ? '<span class="badge">nié</span>' : ""}${ev.modality ? `<span class="badge">${esc(MODALITY_NAMES[ev.modality] || ev.modality)}</span>` : ""} ${actorHtml(ev.source)} → ${actorHtml(ev.target)} : ${esc(ev.evidence)}</li>`).join("");
  const ents = new Map();
  for (const m of art.mentions) if (m.entity) ents.set(m.entity, m.name);
  const entities = [...ents].map(([eid, name]) => `<li>${entityLink(eid, name)}</li>`).join("");
  const warnings = art.warnings.map(w => `<li><code>${esc(w.code)}</code> ${esc(w.message)}</li>`).join("");
  $main.innerHTML = `
    <h1 data-testid="article-title">${esc(art.title || art.doc_id)}</h1>
    <div class="meta">${esc(art.date || "sans date")} · ${esc(art.lang || "?")} · ${art.url ? `<a href="${esc(art.url)}" rel="noreferrer">${esc(art.url)}</a>` : esc(art.doc_id)}
      · ${art.paragraphs.length} paragraphes, ${art.sentences.length} phrases</div>
    <div class="legend"><span><span class="seg quote">citation</span></span><span><span class="seg speaker">locuteur</span></span>
      <span><span class="seg mention">entité</span></span><span><span class="seg event">événement</span></span></div>
    <div class="article-text" data-testid="article-text">${renderArticleText(art)}</div>
    <h2>Citations (${art.quotes.length})</h2><ul>${quotes || '<li class="empty">aucune (les citations viendront de l’étape d’extraction)</li>'}</ul>
    <h2>Événements (${art.events.length})</h2><ul>${events || '<li class="empty">aucun</li>'}</ul>
    <h2>Entités (${ents.size})</h2><ul>${entities || '<li class="empty">aucune</li>'}</ul>
    ${warnings ? `<h2>Avertissements</h2><ul>${warnings}</ul>` : ""}`;
  $main.querySelectorAll(".seg").forEach(el => {
    el.addEventListener("click", () => showDetail(detailFor(art, el.dataset.ann)));
  });
}

// ---- entities ----------------------------------------------------------------------------
async function viewEntities(params) {
  const by = params.get("by") || "mentions";
  const res = await api("/v1/entities", {by, limit: 50, name: params.get("name")});
  const rows = res.items.map(e => `<tr><td>${entityLink(e.id, e.name)} <span class="badge">${esc(e.label)}</span>${e.actor_code ? `<span class="badge">${esc(e.actor_code)}</span>` : ""}</td>
    <td class="n">${e.mentions}</td><td class="n">${e.quotes}</td><td class="n">${e.events}</td></tr>`).join("");
  const sortLink = (k, label) => `<a href="#/entities?by=${k}">${label}</a>`;
  $main.innerHTML = `<h1>Entités</h1><table><thead><tr><th>entité</th><th class="n">${sortLink("mentions", "mentions")}</th>
    <th class="n">${sortLink("quotes", "citations")}</th><th class="n">${sortLink("events", "événements")}</th></tr></thead>
    <tbody>${rows || '<tr><td class="empty" colspan="4">aucune entité</td></tr>'}</tbody></table>`;
}

// The entity page shows a page of each list (quotes, events, articles; newest first) and a
// "more" button under each that appends the next page: entities quoted or mentioned thousands
// of times are never read whole. The event chart counts all events (/v1/timeline).
const ENTITY_LISTS = {
  quotes: {offset: "quotes_offset", next: "quotes_next_offset", row: quoteRow},
  events: {offset: "events_offset", next: "events_next_offset",
    row: ev => `<li data-testid="entity-event">${esc(ev.date || "?")} <span class="badge">${esc(ev.code)}</span> ${actorHtml(ev.source)} → ${actorHtml(ev.target)} : ${esc(ev.evidence)} (<a href="#/article/${ev.article}">article</a>)</li>`},
  articles: {offset: "articles_offset", next: "articles_next_offset",
    row: a => `<li data-testid="entity-article"><a href="#/article/${a.id}">${esc(a.title || a.doc_id)}</a> <span class="meta">${esc(a.date || "")}</span></li>`},
};

function moreButton(list, next) {
  return next == null ? "" : `<button class="more" data-testid="more-${list}" data-offset="${next}">Plus</button>`;
}

async function viewEntity(id, params) {
  const limit = Number(params.get("limit")) || 20;
  const [e, timeline] = await Promise.all([
    api(`/v1/entities/${encodeURIComponent(id)}`, {limit}),
    api("/v1/timeline", {entity: id}),
  ]);
  const aliases = e.aliases.map(([a, n]) => `<span class="badge">${esc(a)} ×${n}</span>`).join(" ");
  const list = (name, tag, empty) => {
    const rows = e[name].map(ENTITY_LISTS[name].row).join("");
    return `<${tag} data-testid="entity-${name}">${rows || empty}</${tag}>${moreButton(name, e[ENTITY_LISTS[name].next])}`;
  };
  $main.innerHTML = `
    <h1 data-testid="entity-name">${esc(e.name)}</h1>
    <div class="meta"><span class="badge">${esc(e.label)}</span>${e.actor_code ? `<span class="badge">${esc(e.actor_code)}</span>` : ""} ${esc(e.key)}</div>
    <h2>Alias</h2><div data-testid="entity-aliases">${aliases || '<span class="empty">aucun</span>'}</div>
    <h2>Rôles</h2><p>cité ${e.roles.speaker} fois · source de ${e.roles.source} événements · cible de ${e.roles.target} · mentionné dans ${e.roles.mentioned} articles</p>
    <h2>Citations (${e.roles.speaker})</h2>${list("quotes", "div", '<p class="empty">aucune</p>')}
    <h2>Chronologie des événements</h2>${timelineSvg(timeline.items)}${list("events", "ul", '<li class="empty">aucun</li>')}
    <h2>Articles</h2>${list("articles", "ul", '<li class="empty">aucun</li>')}
    <p><a href="#/network?entity=${e.id}">Réseau de ${esc(e.name)} →</a></p>`;
  for (const button of $main.querySelectorAll("button.more")) {
    button.onclick = async () => {
      const name = button.dataset.testid.replace("more-", "");
      const spec = ENTITY_LISTS[name];
      button.disabled = true;
      let page;
      try {
        page = await api(`/v1/entities/${encodeURIComponent(id)}`, {limit, [spec.offset]: button.dataset.offset});
      } catch (err) {
        button.insertAdjacentHTML("afterend", `<p class="error">${esc(err.message)}</p>`);
        return;
      }
      $main.querySelector(`[data-testid=entity-${name}]`).insertAdjacentHTML("beforeend", page[name].map(spec.row).join(""));
      if (page[spec.next] == null) button.remove();
      else { button.dataset.offset = page[spec.next]; button.disabled = false; }
    };
  }
}

// ---- charts ------------------------------------------------------------------------------
const ROOT_NAMES = {"01": "Déclaration publique", "02": "Appel", "03": "Intention de coopérer", "04": "Consultation",
  "05": "Coopération diplomatique", "06": "Coopération matérielle", "07": "Aide", "08": "Concession", "09": "Enquête",
  "10": "Exigence", "11": "Désapprobation", "12": "Rejet", "13": "Menace", "14": "Protestation", "15": "Démonstration de force",
  "16": "Réduction des relations", "17": "Coercition", "18": "Agression", "19": "Combat", "20": "Violence de masse"};

function color(root) {
  const n = Number(root) || 0;
  return `hsl(${(n * 47) % 360} 60% ${n >= 13 ? 45 : 55}%)`;
}

function timelineSvg(points) {
  if (!points.length) return '<p class="empty">Aucun événement.</p>';
  const months = [...new Set(points.map(p => p.month))].sort();
  const roots = [...new Set(points.map(p => p.root_code))].sort();
  const totals = months.map(m => points.filter(p => p.month === m).reduce((s, p) => s + p.events, 0));
  const max = Math.max(...totals, 1);
  const W = 640, H = 220, pad = 30, bw = Math.max(8, Math.min(60, (W - 2 * pad) / months.length - 6));
  let bars = "";
  months.forEach((m, i) => {
    let y = H - pad;
    const x = pad + i * (bw + 6);
    for (const r of roots) {
      const p = points.find(p => p.month === m && p.root_code === r);
      if (!p) continue;
      const h = (p.events / max) * (H - 2 * pad);
      y -= h;
      bars += `<rect x="${x}" y="${y}" width="${bw}" height="${h}" fill="${color(r)}"><title>${esc(m)} · ${esc(r)} ${esc(ROOT_NAMES[r] || "")} : ${p.events}</title></rect>`;
    }
    bars += `<text x="${x + bw / 2}" y="${H - pad + 14}" text-anchor="middle">${esc(m)}</text>`;
  });
  const legend = roots.map((r, i) => `<rect x="${W + 10}" y="${10 + i * 18}" width="12" height="12" fill="${color(r)}"></rect><text x="${W + 28}" y="${20 + i * 18}">${esc(r)} ${esc(ROOT_NAMES[r] || "")}</text>`).join("");
  return `<svg data-testid="timeline-chart" viewBox="0 0 ${W + 220} ${H}" width="100%" role="img" aria-label="Événements par mois et code racine CAMEO">
    <text x="${pad}" y="14">max ${max} / mois</text>${bars}${legend}</svg>`;
}

async function viewCharts(params) {
  const res = await api("/v1/timeline", {entity: params.get("entity")});
  $main.innerHTML = `<h1>Événements par mois et code racine CAMEO</h1>${timelineSvg(res.items)}`;
}

// ---- network -----------------------------------------------------------------------------
async function viewNetwork(params) {
  const res = await api("/v1/network", {entity: params.get("entity"), limit: 60});
  const nodes = new Map();
  for (const e of res.items) for (const a of [e.source, e.target]) nodes.set(a.entity, a);
  const list = [...nodes.values()];
  const W = 720, H = 520, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 70;
  const pos = new Map(list.map((a, i) => {
    const t = (2 * Math.PI * i) / Math.max(list.length, 1) - Math.PI / 2;
    return [a.entity, [cx + R * Math.cos(t), cy + R * Math.sin(t)]];
  }));
  const max = Math.max(...res.items.map(e => e.events), 1);
  const edges = res.items.map(e => {
    const [x1, y1] = pos.get(e.source.entity), [x2, y2] = pos.get(e.target.entity);
    const mx = (x1 + x2) / 2 + (y2 - y1) * 0.15, my = (y1 + y2) / 2 - (x2 - x1) * 0.15;
    return `<path d="M${x1},${y1} Q${mx},${my} ${x2},${y2}" fill="none" stroke="${color(e.top_root_code)}" stroke-width="${1 + 5 * e.events / max}" marker-end="url(#arrow)" opacity=".8">
      <title>${esc(e.source.name)} → ${esc(e.target.name)} : ${e.events} événement(s), surtout ${esc(e.top_root_code)} ${esc(ROOT_NAMES[e.top_root_code] || "")}</title></path>`;
  }).join("");
  const labels = list.map(a => {
    const [x, y] = pos.get(a.entity);
    return `<a href="#/entity/${a.entity}"><circle cx="${x}" cy="${y}" r="7" fill="#1f5fbf"></circle>
      <text x="${x}" y="${y - 11}" text-anchor="middle">${esc(a.name)}</text></a>`;
  }).join("");
  $main.innerHTML = `<h1>Qui fait quoi à qui</h1>
    ${res.items.length ? `<svg data-testid="network" viewBox="0 0 ${W} ${H}" width="100%">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#667085"></path></marker></defs>
      ${edges}${labels}</svg>` : '<p class="empty">Aucun événement entre entités.</p>'}
    <table><thead><tr><th>source</th><th>cible</th><th class="n">événements</th><th>code racine principal</th></tr></thead><tbody>
    ${res.items.map(e => `<tr><td>${actorHtml(e.source)}</td><td>${actorHtml(e.target)}</td><td class="n">${e.events}</td><td>${esc(e.top_root_code)} ${esc(ROOT_NAMES[e.top_root_code] || "")}</td></tr>`).join("")}</tbody></table>`;
}

// ---- routing -----------------------------------------------------------------------------
async function route() {
  hideDetail();
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean);
  try {
    if (parts[0] === "article" && parts[1]) await viewArticle(parts[1]);
    else if (parts[0] === "entity" && parts[1]) await viewEntity(parts[1], params);
    else if (parts[0] === "entities") await viewEntities(params);
    else if (parts[0] === "quotes") await viewQuotes(params);
    else if (parts[0] === "network") await viewNetwork(params);
    else if (parts[0] === "charts") await viewCharts(params);
    else await viewSearch(params);
  } catch (err) {
    $main.innerHTML = `<p class="error" data-testid="error">${esc(err.message)}</p>`;
  }
  document.body.dataset.ready = "1";
}

document.getElementById("search-form").addEventListener("submit", e => {
  e.preventDefault();
  location.hash = `#/search?q=${encodeURIComponent(document.getElementById("search-input").value)}`;
});
window.addEventListener("hashchange", route);
api("/v1/stats").then(s => {
  document.getElementById("footer").textContent = `${s.articles} articles · ${s.entities} entités · ${s.quotes} citations · ${s.events} événements · ${s.backend}`;
}).catch(() => {});
route();
