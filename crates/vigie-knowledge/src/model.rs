//! The records of the knowledge base: actors, their codes and roles, agents.

use crate::date::Date;
use crate::petrarch::AgentPlacement;
use std::fmt;

/// Index of an actor in the [`crate::Knowledge`] that returned it. Only meaningful with that
/// knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorId(pub u32);

/// What an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    Person,
    Organisation,
    Country,
    City,
    /// Phoenix entries the dictionaries do not type (institutions, regions, groups).
    Other,
}

impl ActorKind {
    /// The lower-case name used in data files and output: `person`, `organisation`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
            ActorKind::Country => "country",
            ActorKind::City => "city",
            ActorKind::Other => "other",
        }
    }

    /// Inverse of [`ActorKind::as_str`].
    pub fn parse(s: &str) -> Option<ActorKind> {
        Some(match s {
            "person" => ActorKind::Person,
            "organisation" => ActorKind::Organisation,
            "country" => ActorKind::Country,
            "city" => ActorKind::City,
            "other" => ActorKind::Other,
            _ => return None,
        })
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CAMEO actor code (`RUSGOV`, `IGOUNO`) with the dates between which it applies
/// (inclusive; `None` = open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl DatedCode {
    /// True when the code carries a date restriction.
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// True when `date` falls within the code's range (an undated code covers every date).
    pub fn valid_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

impl fmt::Display for DatedCode {
    /// The data-file form: `RUSGOV`, `RUSGOV@2008-05-08..`, `RUSELI@..1999-08-09`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if self.is_dated() {
            f.write_str("@")?;
            if let Some(d) = self.from {
                write!(f, "{d}")?;
            }
            f.write_str("..")?;
            if let Some(d) = self.to {
                write!(f, "{d}")?;
            }
        }
        Ok(())
    }
}

/// A position held, with French and English titles and dates (inclusive, `None` = open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub title_fr: String,
    pub title_en: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// A person, organisation, country, city or other actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Stable identifier: a Wikidata QID (`Q7747`) when known, else derived from the source
    /// key: `phoenix:VLADIMIR_PUTIN_`, `geonames:1871859`, `iso3166:RUS`, `vigie:org:…`.
    pub id: String,
    /// Other identifiers that resolve to this actor (`phoenix:…`, `iso3166:…`, `cameo:…`).
    pub other_ids: Vec<String>,
    pub kind: ActorKind,
    /// Canonical French name, if known.
    pub name_fr: Option<String>,
    /// Canonical English name, if known.
    pub name_en: Option<String>,
    /// Every surface form indexed for this actor (names, aliases, transliterations, current
    /// role phrases), first occurrence kept, as written in the source.
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-3 (or CAMEO) code of the actor's country, if any.
    pub country: Option<String>,
    /// CAMEO codes with validity dates; see [`crate::Knowledge::code_at`].
    pub codes: Vec<DatedCode>,
    pub roles: Vec<Role>,
    /// For a country, the id of its capital city (`geonames:524901`), if known.
    pub capital: Option<String>,
    /// Where the entry comes from: `phoenix`, `manual`, `wikidata`, `geonames`, `pycountry`…
    pub sources: Vec<String>,
}

impl Actor {
    /// The French name, else the English one, else the first alias, else the id.
    pub fn name_fr_or_en(&self) -> &str {
        self.name_fr
            .as_deref()
            .or(self.name_en.as_deref())
            .or(self.aliases.first().map(String::as_str))
            .unwrap_or(&self.id)
    }

    /// Whether a role titled `phrase` (compared after [`crate::normalize`]) was held on
    /// `date` — with no date, whether it is held now (open-ended). `None` when no role of the
    /// actor has that title, so that the phrase is a plain alias.
    pub fn role_on(&self, phrase: &str, date: Option<Date>) -> Option<bool> {
        let key = crate::normalize(phrase);
        let mut titled = self
            .roles
            .iter()
            .filter(|r| {
                crate::normalize(&r.title_fr) == key || crate::normalize(&r.title_en) == key
            })
            .peekable();
        titled.peek()?;
        Some(titled.any(|r| match date {
            Some(d) => r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d <= t),
            None => r.to.is_none(),
        }))
    }

    /// The CAMEO code valid on `date`: the first dated code whose range holds the date, else
    /// the first undated code (PETRARCH's default), else `None`. The null code `---` is never
    /// returned, nor `+++`.
    pub fn code_at(&self, date: Date) -> Option<&str> {
        let usable = || {
            self.codes
                .iter()
                .filter(|c| c.code != "---" && c.code != "+++")
        };
        usable()
            .find(|c| c.is_dated() && c.valid_on(date))
            .or_else(|| usable().find(|c| !c.is_dated()))
            .map(|c| c.code.as_str())
    }
}

/// Language of an agent noun or a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Fr,
    En,
}

/// An agent noun's meaning: the CAMEO agent code it adds to an actor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The code without `~`: `GOV`, `MIL`, `OPP`…
    pub code: String,
    pub placement: AgentPlacement,
    pub lang: Lang,
    /// `manual` or `phoenix`.
    pub source: String,
}
