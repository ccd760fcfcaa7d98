//! `vigie kb`: query the knowledge base of actors (lookup, show, find, stats).

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::time::Instant;
use vigie_knowledge::{Actor, ActorId, Date, Knowledge};

#[derive(Debug, clap::Args)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
    /// Extra dictionaries loaded after the built-in data: PETRARCH `*.actors.txt` /
    /// `*.agents.txt`, or Vigie TSV files (repeatable).
    #[arg(long = "dict", global = true)]
    pub dicts: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum KbCommand {
    /// Actors whose name or alias is exactly TEXT (after normalisation), and the agent code
    /// if TEXT is an agent noun.
    Lookup {
        text: String,
        /// Date for the CAMEO code shown (YYYY-MM-DD; default: today's UTC date).
        #[arg(long)]
        date: Option<String>,
    },
    /// One actor by id: Q7747, phoenix:VLADIMIR_PUTIN_, geonames:1871859, iso3166:RUS…
    Show {
        id: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Every known alias in TEXT, longest match first.
    Find { text: String },
    /// Counts by kind and source, build and lookup timings.
    Stats,
}

fn today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    Date::new(y, m, d).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

fn parse_date(s: &Option<String>) -> Result<Date> {
    match s {
        None => Ok(today()),
        Some(s) => Date::parse_iso(s).with_context(|| format!("invalid date {s:?} (YYYY-MM-DD)")),
    }
}

fn actor_json(kb: &Knowledge, id: ActorId, date: Date) -> serde_json::Value {
    let a = kb.actor(id);
    serde_json::json!({
        "id": a.id,
        "other_ids": a.other_ids,
        "kind": a.kind.as_str(),
        "name_fr": a.name_fr,
        "name_en": a.name_en,
        "country": a.country,
        "capital": a.capital,
        "code_on_date": {"date": date.to_string(), "code": a.code_at(date)},
        "codes": a.codes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "roles": a.roles.iter().map(|r| serde_json::json!({
            "title_fr": r.title_fr, "title_en": r.title_en,
            "from": r.from.map(|d| d.to_string()), "to": r.to.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "aliases": a.aliases,
        "sources": a.sources,
    })
}

fn print_actor_line(a: &Actor, date: Date) {
    println!(
        "{}\t{}\t{}\t{}\t{} on {}",
        a.id,
        a.kind,
        a.name_fr_or_en(),
        a.country.as_deref().unwrap_or("-"),
        a.code_at(date).unwrap_or("-"),
        date
    );
}

fn print_actor(a: &Actor, date: Date) {
    println!("id       {}", a.id);
    if !a.other_ids.is_empty() {
        println!("also     {}", a.other_ids.join(", "));
    }
    println!("kind     {}", a.kind);
    println!("name fr  {}", a.name_fr.as_deref().unwrap_or("-"));
    println!("name en  {}", a.name_en.as_deref().unwrap_or("-"));
    println!("country  {}", a.country.as_deref().unwrap_or("-"));
    if let Some(c) = &a.capital {
        println!("capital  {c}");
    }
    println!("code     {} on {date}", a.code_at(date).unwrap_or("-"));
    let codes: Vec<String> = a.codes.iter().map(ToString::to_string).collect();
    println!("codes    {}", codes.join(" | "));
    for r in &a.roles {
        let range = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        println!(
            "role     {} / {} ({}..{})",
            r.title_fr,
            r.title_en,
            range(r.from),
            range(r.to)
        );
    }
    println!("aliases  {}", a.aliases.join(" | "));
    println!("sources  {}", a.sources.join(", "));
}

pub fn run(args: &KbArgs) -> Result<()> {
    let started = Instant::now();
    let kb_owned;
    let kb: &Knowledge = if args.dicts.is_empty() {
        Knowledge::builtin()
    } else {
        kb_owned = Knowledge::from_files(&args.dicts)?;
        for d in kb_owned.diagnostics() {
            eprintln!("{d}");
        }
        &kb_owned
    };
    let load = started.elapsed();
    match &args.command {
        KbCommand::Lookup { text, date } => {
            let date = parse_date(date)?;
            let found = kb.lookup(text);
            let agent = kb.agent_entry(text);
            if args.json {
                let v = serde_json::json!({
                    "query": text,
                    "actors": found.iter().map(|&id| actor_json(kb, id, date)).collect::<Vec<_>>(),
                    "agent": agent.map(|a| a.code.clone()),
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                for &id in found {
                    print_actor_line(kb.actor(id), date);
                }
                if let Some(a) = agent {
                    println!("agent\t{}\t({})", a.code, a.source);
                }
            }
            if found.is_empty() && agent.is_none() {
                bail!("{text:?}: no actor or agent of that name");
            }
        }
        KbCommand::Show { id, date } => {
            let date = parse_date(date)?;
            let Some(aid) = kb.by_id(id) else {
                bail!("{id:?}: no actor with that id");
            };
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&actor_json(kb, aid, date))?
                );
            } else {
                print_actor(kb.actor(aid), date);
            }
        }
        KbCommand::Find { text } => {
            for m in kb.find_all(text) {
                let ids: Vec<&str> = m.actors.iter().map(|&a| kb.actor(a).id.as_str()).collect();
                if args.json {
                    println!(
                        "{}",
                        serde_json::json!({"start": m.start, "end": m.end, "text": &text[m.start..m.end], "actors": ids})
                    );
                } else {
                    println!(
                        "{}..{}\t{}\t{}",
                        m.start,
                        m.end,
                        &text[m.start..m.end],
                        ids.join(" ")
                    );
                }
            }
        }
        KbCommand::Stats => stats(kb, load),
    }
    Ok(())
}

fn stats(kb: &Knowledge, load: std::time::Duration) {
    let s = kb.stats();
    // Lookup speed over every alias of a sample of actors: a rough figure, best read in a
    // release build (`cargo run --release -p vigie-cli -- kb stats`).
    let sample: Vec<&str> = kb
        .actors()
        .step_by(7)
        .flat_map(|(_, a)| a.aliases.iter().map(String::as_str))
        .take(50_000)
        .collect();
    let t = Instant::now();
    let hits: usize = sample.iter().map(|q| kb.lookup(q).len().min(1)).sum();
    let per_lookup = t.elapsed().as_nanos() as f64 / sample.len().max(1) as f64;
    println!("actors        {}", s.actors);
    for (kind, n) in &s.by_kind {
        println!("  {:<14}{n}", kind.as_str());
    }
    println!("by source (an actor merged from several counts in each)");
    for (src, n) in &s.by_source {
        println!("  {src:<40}{n}");
    }
    println!("alias keys    {}", s.alias_keys);
    println!("agent nouns   {}", s.agents);
    println!("skipped lines {}", s.diagnostics);
    println!(
        "build time    {:.1} ms (load + index)",
        s.build_time.as_secs_f64() * 1e3
    );
    println!(
        "first use     {:.1} ms (as seen by this command)",
        load.as_secs_f64() * 1e3
    );
    println!(
        "lookup        {per_lookup:.0} ns per call ({} aliases, {hits} found)",
        sample.len()
    );
}
