//! Loading data files into actors and agents, merging duplicates, and compiling the alias
//! index. Order matters and is fixed by [`KnowledgeBuilder::with_builtin`]: countries, cities,
//! organisations, people, then Phoenix, so that hand-curated entries own their ids and
//! Phoenix entries merge into them.

use crate::date::Date;
use crate::error::{Diagnostic, KnowledgeError};
use crate::knowledge::Knowledge;
use crate::model::{Actor, ActorId, ActorKind, Agent, DatedCode, Lang, Role};
use crate::normalize::{normalize, CaseRule};
use crate::petrarch::{self, ActorDictionary, ActorEntry, AgentDictionary, AgentPlacement};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;
use std::time::Instant;

/// The data files compiled into the binary.
pub(crate) mod builtin {
    pub const COUNTRIES: &str = include_str!("../data/countries.tsv");
    pub const CITIES: &str = include_str!("../data/cities.tsv");
    pub const ORGANISATIONS: &str = include_str!("../data/organisations.tsv");
    pub const PEOPLE: &str = include_str!("../data/people.tsv");
    pub const AGENTS: &str = include_str!("../data/agents.tsv");
    pub const PHOENIX_ACTORS: &str = include_str!("../data/phoenix_actors.tsv");
    pub const PHOENIX_AGENTS: &str = include_str!("../data/phoenix_agents.tsv");
    pub const SAME_AS: &str = include_str!("../data/same_as.tsv");
}

/// Column headers of Vigie's TSV files, checked on load.
pub(crate) mod header {
    pub const COUNTRIES: &[&str] = &[
        "iso3",
        "iso2",
        "cameo",
        "qid",
        "name_en",
        "name_fr",
        "aliases_en",
        "aliases_fr",
        "capital_geonameid",
        "source",
    ];
    pub const CITIES: &[&str] = &[
        "geonameid",
        "name_en",
        "name_fr",
        "country",
        "population",
        "capital",
        "aliases",
    ];
    pub const ORGANISATIONS: &[&str] = &[
        "id",
        "phoenix_keys",
        "name_fr",
        "name_en",
        "aliases",
        "codes",
        "country",
        "source",
    ];
    pub const PEOPLE: &[&str] = &[
        "id",
        "phoenix_key",
        "country",
        "name_fr",
        "name_en",
        "aliases",
        "codes",
        "roles",
        "source",
    ];
    pub const AGENTS: &[&str] = &["code", "lang", "forms", "source"];
    pub const PHOENIX_ACTORS: &[&str] = &["key", "kind", "codes", "aliases", "file", "line"];
    pub const PHOENIX_AGENTS: &[&str] = &["phrase", "code", "placement", "line"];
    pub const SAME_AS: &[&str] = &["id", "qid", "name", "source"];
}

/// Collects actors and agents from data files, then [`build`](KnowledgeBuilder::build)s a
/// [`Knowledge`]. Malformed rows are skipped and kept as diagnostics.
#[derive(Default)]
pub struct KnowledgeBuilder {
    actors: Vec<Actor>,
    /// normalised key → actors (each once) with the loosest case rule seen for the pair.
    index: FxHashMap<String, Vec<(ActorId, CaseRule)>>,
    ids: FxHashMap<String, ActorId>,
    country_by_cameo: FxHashMap<String, ActorId>,
    cameo_by_iso3: FxHashMap<String, String>,
    /// Keys of city names: Phoenix country entries list cities as synonyms of the country
    /// (MOSCOW → RUS); those are left to the city actor.
    city_keys: FxHashSet<String>,
    agents: FxHashMap<String, Agent>,
    diagnostics: Vec<Diagnostic>,
    started: Option<Instant>,
}

/// Rows of a TSV file after its comment lines and header: (1-based line, fields).
fn tsv_rows<'a>(
    text: &'a str,
    file: &str,
    header: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(usize, Vec<&'a str>)> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header_seen {
            if fields != header {
                diagnostics.push(Diagnostic {
                    file: file.into(),
                    line: i + 1,
                    message: format!("header should be {:?}; file skipped", header.join("\t")),
                });
                return rows;
            }
            header_seen = true;
            continue;
        }
        if fields.len() != header.len() {
            diagnostics.push(Diagnostic {
                file: file.into(),
                line: i + 1,
                message: format!(
                    "{} fields, expected {}; line skipped",
                    fields.len(),
                    header.len()
                ),
            });
            continue;
        }
        rows.push((i + 1, fields));
    }
    rows
}

/// `a|b|c` → non-empty trimmed parts.
fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty())
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// `FROM..TO` with either side empty → dates.
fn parse_range(s: &str) -> Result<(Option<Date>, Option<Date>), String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("date range {s:?} needs '..'"))?;
    let date = |x: &str| -> Result<Option<Date>, String> {
        let x = x.trim();
        if x.is_empty() {
            Ok(None)
        } else {
            Date::parse_iso(x)
                .map(Some)
                .ok_or_else(|| format!("invalid date {x:?}"))
        }
    };
    Ok((date(a)?, date(b)?))
}

/// `RUSGOV|RUSELI@..1999-08-09|RUSGOV@2008-05-08..` → dated codes.
pub(crate) fn parse_codes(s: &str) -> Result<Vec<DatedCode>, String> {
    list(s)
        .map(|item| {
            let (code, range) = match item.split_once('@') {
                Some((c, r)) => (c.trim(), Some(r)),
                None => (item, None),
            };
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("invalid code {code:?}"));
            }
            let (from, to) = match range {
                Some(r) => parse_range(r)?,
                None => (None, None),
            };
            Ok(DatedCode {
                code: code.to_string(),
                from,
                to,
            })
        })
        .collect()
}

/// `président russe / President of Russia @2012-05-07.. | …` → roles.
fn parse_roles(s: &str) -> Result<Vec<Role>, String> {
    list(s)
        .map(|item| {
            let (titles, range) = match item.split_once('@') {
                Some((t, r)) => (t, Some(r)),
                None => (item, None),
            };
            let (fr, en) = titles.split_once('/').unwrap_or((titles, ""));
            let (from, to) = match range {
                Some(r) => parse_range(r)?,
                None => (None, None),
            };
            Ok(Role {
                title_fr: fr.trim().to_string(),
                title_en: en.trim().to_string(),
                from,
                to,
            })
        })
        .collect()
}

/// Title case for Phoenix's upper-case phrases: `VLADIMIR V. PUTIN` → `Vladimir V. Putin`.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\'';
    }
    out
}

/// Kind of a Phoenix entry: Vigie's reading of where it sits. Entries of the country
/// dictionary generated from CountryInfo (`# CountryInfo.txt`) are leaders; a dated code
/// outside the country dictionary marks a person too (IGO secretaries general…); the
/// international and non-state dictionaries otherwise hold organisations.
pub fn guess_phoenix_kind(entry: &ActorEntry, file: &str) -> ActorKind {
    let countryinfo = entry
        .comment
        .as_deref()
        .is_some_and(|c| c.contains("CountryInfo"));
    let dated = entry.codes.iter().any(DatedCode::is_dated);
    if countryinfo {
        ActorKind::Person
    } else if file.contains("Countries") {
        ActorKind::Other
    } else if dated {
        ActorKind::Person
    } else {
        ActorKind::Organisation
    }
}

impl KnowledgeBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        KnowledgeBuilder {
            started: Some(Instant::now()),
            ..Default::default()
        }
    }

    /// Adds Vigie's built-in data files (countries, cities, organisations, people, agents,
    /// Phoenix actors and agents), in merge order.
    pub fn with_builtin(mut self) -> Self {
        self.add_countries_tsv(builtin::COUNTRIES, "countries.tsv");
        self.add_cities_tsv(builtin::CITIES, "cities.tsv");
        self.add_organisations_tsv(builtin::ORGANISATIONS, "organisations.tsv");
        self.add_people_tsv(builtin::PEOPLE, "people.tsv");
        self.add_agents_tsv(builtin::AGENTS, "agents.tsv");
        self.add_phoenix_actors_tsv(builtin::PHOENIX_ACTORS, "phoenix_actors.tsv");
        self.add_phoenix_agents_tsv(builtin::PHOENIX_AGENTS, "phoenix_agents.tsv");
        self.add_same_as_tsv(builtin::SAME_AS, "same_as.tsv");
        self
    }

    /// Adds `same_as.tsv` rows: the Wikidata QID of an actor known by another id
    /// (`geonames:2988507` → `Q90`). The QID becomes the actor's id, the old one stays among
    /// its other ids. An id not loaded, or an actor that already has another QID, is a
    /// diagnostic.
    pub fn add_same_as_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::SAME_AS, &mut self.diagnostics) {
            let (old, qid) = (f[0], f[1]);
            let valid = qid
                .strip_prefix('Q')
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            if !valid {
                self.diag(file, line, format!("invalid QID {qid:?}; skipped"));
                continue;
            }
            let Some(&aid) = self.ids.get(old) else {
                self.diag(file, line, format!("no actor with id {old:?}; skipped"));
                continue;
            };
            if let Some(&other) = self.ids.get(qid) {
                if other != aid {
                    self.diag(
                        file,
                        line,
                        format!("{qid} is already another actor's id; skipped"),
                    );
                }
                continue;
            }
            let current = &self.actors[aid.0 as usize].id;
            if current.starts_with('Q') {
                let message = format!("{old} already has QID {current}; skipped");
                self.diag(file, line, message);
                continue;
            }
            let actor = &mut self.actors[aid.0 as usize];
            let previous = std::mem::replace(&mut actor.id, qid.to_string());
            actor.other_ids.push(previous);
            if !actor.sources.iter().any(|s| s == "wikidata") {
                actor.sources.push("wikidata".into());
            }
            self.ids.insert(qid.to_string(), aid);
        }
    }

    /// Adds a file, its format told by its name: `*.agents.txt` PETRARCH agents, other
    /// `*.txt` PETRARCH actors, `*.tsv` one of Vigie's TSV files told by its header.
    pub fn add_file(&mut self, path: &Path) -> Result<(), KnowledgeError> {
        let text = std::fs::read_to_string(path).map_err(|source| KnowledgeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unknown = |reason: &str| KnowledgeError::UnknownFormat {
            path: path.to_path_buf(),
            reason: reason.into(),
        };
        if name.ends_with(".agents.txt") {
            let dict = petrarch::read_agents(&text, &name);
            self.add_petrarch_agents(dict, &name);
        } else if name.ends_with(".txt") {
            let dict = petrarch::read_actors(&text, &name);
            self.add_petrarch_actors(dict, &name);
        } else if name.ends_with(".tsv") {
            let first = text
                .lines()
                .find(|l| !l.starts_with('#') && !l.trim().is_empty())
                .unwrap_or("");
            let cols: Vec<&str> = first.split('\t').map(str::trim).collect();
            match cols.as_slice() {
                c if c == header::COUNTRIES => self.add_countries_tsv(&text, &name),
                c if c == header::CITIES => self.add_cities_tsv(&text, &name),
                c if c == header::ORGANISATIONS => self.add_organisations_tsv(&text, &name),
                c if c == header::PEOPLE => self.add_people_tsv(&text, &name),
                c if c == header::AGENTS => self.add_agents_tsv(&text, &name),
                c if c == header::PHOENIX_ACTORS => self.add_phoenix_actors_tsv(&text, &name),
                c if c == header::PHOENIX_AGENTS => self.add_phoenix_agents_tsv(&text, &name),
                c if c == header::SAME_AS => self.add_same_as_tsv(&text, &name),
                _ => return Err(unknown("TSV header matches none of Vigie's data files")),
            }
        } else {
            return Err(unknown("expected .tsv, .actors.txt or .agents.txt"));
        }
        Ok(())
    }

    fn diag(&mut self, file: &str, line: usize, message: String) {
        self.diagnostics.push(Diagnostic {
            file: file.into(),
            line,
            message,
        });
    }

    fn push_actor(&mut self, actor: Actor) -> ActorId {
        let id = ActorId(self.actors.len() as u32);
        self.ids.insert(actor.id.clone(), id);
        for other in &actor.other_ids {
            self.ids.entry(other.clone()).or_insert(id);
        }
        // Index the names the actor came with; `add_alias` refills `aliases`, deduplicated.
        let mut actor = actor;
        let names: Vec<String> = actor
            .name_fr
            .iter()
            .chain(actor.name_en.iter())
            .cloned()
            .chain(std::mem::take(&mut actor.aliases))
            .collect();
        self.actors.push(actor);
        for n in names {
            self.add_alias(id, &n, false);
        }
        id
    }

    /// Indexes `surface` as a name of `id` (once per normalised key, keeping the loosest
    /// case rule). `phoenix` marks Phoenix's upper-case proper names (see [`CaseRule`]).
    fn add_alias(&mut self, id: ActorId, surface: &str, phoenix: bool) {
        let key = normalize(surface);
        if key.is_empty() {
            return;
        }
        let rule = CaseRule::for_alias(surface, &key, phoenix);
        let postings = self.index.entry(key).or_default();
        if let Some(p) = postings.iter_mut().find(|p| p.0 == id) {
            p.1 = p.1.min(rule);
            return;
        }
        postings.push((id, rule));
        self.actors[id.0 as usize].aliases.push(surface.to_string());
    }

    /// Registers another identifier for an actor (`phoenix:KEY`…).
    fn add_id(&mut self, id: ActorId, other: String) {
        if !self.actors[id.0 as usize].other_ids.contains(&other) {
            self.actors[id.0 as usize].other_ids.push(other.clone());
        }
        self.ids.entry(other).or_insert(id);
    }

    /// Adds `countries.tsv` rows (see the file's header for the columns).
    pub fn add_countries_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::COUNTRIES, &mut self.diagnostics) {
            let (iso3, cameo, qid) = (f[0], f[2], f[3]);
            if cameo.is_empty() {
                self.diag(file, line, "country without a CAMEO code; skipped".into());
                continue;
            }
            let id = if !qid.is_empty() {
                qid.to_string()
            } else if !iso3.is_empty() {
                format!("iso3166:{iso3}")
            } else {
                format!("cameo:{cameo}")
            };
            let mut other_ids = vec![format!("cameo:{cameo}")];
            if !iso3.is_empty() {
                other_ids.push(format!("iso3166:{iso3}"));
                self.cameo_by_iso3
                    .insert(iso3.to_string(), cameo.to_string());
            }
            let aliases: Vec<String> = list(f[6]).chain(list(f[7])).map(str::to_string).collect();
            let aid = self.push_actor(Actor {
                id,
                other_ids,
                kind: ActorKind::Country,
                name_fr: opt(f[5]),
                name_en: opt(f[4]),
                aliases,
                country: Some(if iso3.is_empty() { cameo } else { iso3 }.to_string()),
                codes: vec![DatedCode {
                    code: cameo.to_string(),
                    from: None,
                    to: None,
                }],
                roles: Vec::new(),
                capital: (!f[8].is_empty()).then(|| format!("geonames:{}", f[8])),
                sources: list(f[9]).map(str::to_string).collect(),
            });
            self.country_by_cameo.insert(cameo.to_string(), aid);
        }
    }

    /// Adds `cities.tsv` rows. Load countries first: a city's code is its country's CAMEO code.
    pub fn add_cities_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::CITIES, &mut self.diagnostics) {
            if f[0].is_empty() || !f[0].bytes().all(|b| b.is_ascii_digit()) {
                self.diag(
                    file,
                    line,
                    format!("invalid GeoNames id {:?}; skipped", f[0]),
                );
                continue;
            }
            let country = f[3];
            let code = self
                .cameo_by_iso3
                .get(country)
                .cloned()
                .unwrap_or_else(|| country.to_string());
            let aliases: Vec<String> = list(f[6]).map(str::to_string).collect();
            for n in [f[1], f[2]]
                .into_iter()
                .chain(aliases.iter().map(String::as_str))
            {
                self.city_keys.insert(normalize(n));
            }
            self.push_actor(Actor {
                id: format!("geonames:{}", f[0]),
                other_ids: Vec::new(),
                kind: ActorKind::City,
                name_fr: opt(f[2]),
                name_en: opt(f[1]),
                aliases,
                country: opt(country),
                codes: if code.is_empty() {
                    Vec::new()
                } else {
                    vec![DatedCode {
                        code,
                        from: None,
                        to: None,
                    }]
                },
                roles: Vec::new(),
                capital: None,
                sources: vec!["geonames".into()],
            });
        }
    }

    /// Adds `organisations.tsv` rows; `phoenix_keys` lists Phoenix entries merged into each.
    pub fn add_organisations_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::ORGANISATIONS, &mut self.diagnostics) {
            let codes = match parse_codes(f[5]) {
                Ok(c) => c,
                Err(m) => {
                    self.diag(file, line, format!("{m}; line skipped"));
                    continue;
                }
            };
            if f[0].is_empty() {
                self.diag(file, line, "organisation without an id; skipped".into());
                continue;
            }
            let other_ids = list(f[1]).map(|k| format!("phoenix:{k}")).collect();
            self.push_actor(Actor {
                id: f[0].to_string(),
                other_ids,
                kind: ActorKind::Organisation,
                name_fr: opt(f[2]),
                name_en: opt(f[3]),
                aliases: list(f[4]).map(str::to_string).collect(),
                country: opt(f[6]),
                codes,
                roles: Vec::new(),
                capital: None,
                sources: list(f[7]).map(str::to_string).collect(),
            });
        }
    }

    /// Adds `people.tsv` rows. Role titles are indexed as aliases ("président des
    /// États-Unis" names every holder in the file; [`Actor::role_on`] tells which held it
    /// on a date).
    pub fn add_people_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::PEOPLE, &mut self.diagnostics) {
            let parsed = parse_codes(f[6]).and_then(|c| parse_roles(f[7]).map(|r| (c, r)));
            let (codes, roles) = match parsed {
                Ok(x) => x,
                Err(m) => {
                    self.diag(file, line, format!("{m}; line skipped"));
                    continue;
                }
            };
            if f[0].is_empty() {
                self.diag(file, line, "person without an id; skipped".into());
                continue;
            }
            let mut aliases: Vec<String> = list(f[5]).map(str::to_string).collect();
            // Every role's titles: the linker keeps the holder on the article's date.
            for r in &roles {
                aliases.extend([r.title_fr.clone(), r.title_en.clone()]);
            }
            self.push_actor(Actor {
                id: f[0].to_string(),
                other_ids: list(f[1]).map(|k| format!("phoenix:{k}")).collect(),
                kind: ActorKind::Person,
                name_fr: opt(f[3]),
                name_en: opt(f[4]),
                aliases,
                country: opt(f[2]),
                codes,
                roles,
                capital: None,
                sources: list(f[8]).map(str::to_string).collect(),
            });
        }
    }

    /// Adds French and English agent nouns (`agents.tsv`). The first definition of a form wins.
    pub fn add_agents_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::AGENTS, &mut self.diagnostics) {
            let lang = match f[1] {
                "fr" => Lang::Fr,
                "en" => Lang::En,
                other => {
                    self.diag(file, line, format!("language {other:?} not fr/en; skipped"));
                    continue;
                }
            };
            let (code, placement) = match (f[0].strip_prefix('~'), f[0].strip_suffix('~')) {
                (Some(c), _) => (c, AgentPlacement::After),
                (_, Some(c)) => (c, AgentPlacement::Before),
                _ => (f[0], AgentPlacement::After),
            };
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                self.diag(
                    file,
                    line,
                    format!("invalid agent code {:?}; skipped", f[0]),
                );
                continue;
            }
            for form in list(f[2]) {
                self.agents.entry(normalize(form)).or_insert_with(|| Agent {
                    code: code.to_string(),
                    placement,
                    lang,
                    source: f[3].to_string(),
                });
            }
        }
    }

    /// Adds a PETRARCH agents dictionary (English), after any forms already defined;
    /// `source` names it (`sources` of the agents).
    pub fn add_petrarch_agents(&mut self, dict: AgentDictionary, source: &str) {
        self.diagnostics.extend(dict.diagnostics);
        for e in dict.entries {
            self.agents
                .entry(normalize(&e.phrase))
                .or_insert_with(|| Agent {
                    code: e.code,
                    placement: e.placement,
                    lang: Lang::En,
                    source: source.to_string(),
                });
        }
    }

    /// Adds `phoenix_agents.tsv` (Phoenix.agents.txt as converted by the
    /// `convert_phoenix` example).
    pub fn add_phoenix_agents_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::PHOENIX_AGENTS, &mut self.diagnostics) {
            let placement = match f[2] {
                "after" => AgentPlacement::After,
                "before" => AgentPlacement::Before,
                other => {
                    self.diag(file, line, format!("placement {other:?}; skipped"));
                    continue;
                }
            };
            self.agents.entry(normalize(f[0])).or_insert_with(|| Agent {
                code: f[1].to_string(),
                placement,
                lang: Lang::En,
                source: "phoenix".into(),
            });
        }
    }

    /// Adds a PETRARCH actors dictionary read with [`petrarch::read_actors`]; `file` names
    /// its source (`phoenix:` ids, kind guess, `sources`).
    pub fn add_petrarch_actors(&mut self, dict: ActorDictionary, file: &str) {
        self.diagnostics.extend(dict.diagnostics);
        for e in dict.entries {
            let kind = guess_phoenix_kind(&e, file);
            let key = e.key();
            let aliases: Vec<String> = std::iter::once(e.root.clone())
                .chain(e.synonyms.iter().cloned())
                .collect();
            self.add_phoenix_entry(&key, kind, e.codes, aliases, file);
        }
    }

    /// Adds `phoenix_actors.tsv` (the Phoenix dictionaries converted by the
    /// `convert_phoenix` example).
    pub fn add_phoenix_actors_tsv(&mut self, text: &str, file: &str) {
        for (line, f) in tsv_rows(text, file, header::PHOENIX_ACTORS, &mut self.diagnostics) {
            let (Some(kind), Ok(codes)) = (ActorKind::parse(f[1]), parse_codes(f[2])) else {
                self.diag(file, line, "invalid kind or codes; line skipped".into());
                continue;
            };
            let aliases = list(f[3]).map(str::to_string).collect();
            self.add_phoenix_entry(f[0], kind, codes, aliases, f[4]);
        }
    }

    /// One Phoenix entry: merged into the actor that claims `phoenix:KEY` (people.tsv,
    /// organisations.tsv, or an earlier entry with the same key); else, when it is not a
    /// person and its open-ended code is a country code, into that country (city names left
    /// to the cities); else a new actor. Entries whose only code is the null `---` are dropped.
    fn add_phoenix_entry(
        &mut self,
        key: &str,
        kind: ActorKind,
        mut codes: Vec<DatedCode>,
        aliases: Vec<String>,
        file: &str,
    ) {
        let pid = format!("phoenix:{key}");
        let source = format!("phoenix:{file}");
        codes.retain(|c| c.code != "---" && c.code != "+++");
        let target = self.ids.get(&pid).copied();
        // A country entry: not a person, and its current (open-ended) code is a country's
        // (UKRAINE_: USRUKR until 1991, then UKR). Its dated codes join the country's.
        let country = match target {
            None if kind != ActorKind::Person => codes
                .iter()
                .rev()
                .find(|c| c.to.is_none())
                .and_then(|c| self.country_by_cameo.get(&c.code).copied()),
            _ => None,
        };
        if let Some(id) = target.or(country) {
            let to_country = target.is_none();
            self.add_id(id, pid);
            let a = &mut self.actors[id.0 as usize];
            if !a.sources.contains(&source) {
                a.sources.push(source);
            }
            for c in codes {
                if !a.codes.contains(&c) {
                    a.codes.push(c);
                }
            }
            for alias in aliases {
                if to_country && self.city_keys.contains(&normalize(&alias)) {
                    continue;
                }
                self.add_alias(id, &alias, true);
            }
            return;
        }
        if codes.is_empty() {
            return;
        }
        let country = codes
            .iter()
            .find_map(|c| c.code.get(..3))
            .filter(|p| self.country_by_cameo.contains_key(*p))
            .map(str::to_string);
        let name_en = aliases.first().map(|a| title_case(a));
        self.push_actor(Actor {
            id: pid,
            other_ids: Vec::new(),
            kind,
            name_fr: None,
            name_en,
            aliases,
            country,
            codes,
            roles: Vec::new(),
            capital: None,
            sources: vec![source],
        });
    }

    /// What was skipped so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Compiles the alias index (an `fst::Map` from normalised key to a postings list).
    pub fn build(self) -> Result<Knowledge, KnowledgeError> {
        let started = self.started.unwrap_or_else(Instant::now);
        let mut builder = fst::MapBuilder::memory();
        let mut entries = Vec::with_capacity(self.index.len());
        let mut postings = Vec::new();
        let mut keys: Vec<(String, Vec<(ActorId, CaseRule)>)> = self.index.into_iter().collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (key, mut ids) in keys {
            // One contiguous slice per key, loosest rule first, so that a lookup takes a
            // prefix: `..any_end` for a lower-case surface, `..capital_end` for a
            // capitalised one, everything for an all-capitals one. Stable: data-file order
            // within a rule.
            ids.sort_by_key(|p| p.1);
            let start = postings.len() as u32;
            let count = |r: CaseRule| ids.iter().filter(|p| p.1 <= r).count() as u32;
            let (any_end, capital_end) = (
                start + count(CaseRule::Any),
                start + count(CaseRule::Capital),
            );
            postings.extend(ids.iter().map(|p| p.0));
            let end = postings.len() as u32;
            builder
                .insert(&key, entries.len() as u64)
                .map_err(|e| KnowledgeError::Index(e.to_string()))?;
            entries.push([start, any_end, capital_end, end]);
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| KnowledgeError::Index(e.to_string()))?;
        let map = fst::Map::new(bytes).map_err(|e| KnowledgeError::Index(e.to_string()))?;
        let mut agent_keys: Vec<Box<str>> = self.agents.keys().map(|k| k.as_str().into()).collect();
        agent_keys.sort_unstable();
        Ok(Knowledge {
            actors: self.actors,
            ids: self.ids,
            map,
            entries,
            postings,
            agents: self.agents,
            agent_keys,
            diagnostics: self.diagnostics,
            build_time: started.elapsed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_specs() {
        let c = parse_codes("RUSGOV@2008-05-08..|RUSELI").unwrap();
        assert_eq!(c[0].from, Date::new(2008, 5, 8));
        assert!(c[0].to.is_none() && !c[1].is_dated());
        assert!(parse_codes("RUS GOV").is_err());
        assert!(parse_codes("RUSGOV@2008").is_err());
        let r = parse_roles("président russe / Russian president @2012-05-07..").unwrap();
        assert_eq!(r[0].title_en, "Russian president");
        assert_eq!(title_case("VLADIMIR V. PUTIN"), "Vladimir V. Putin");
    }
}
