//! The CAMEO event code table (label, Goldstein score, QuadClass) and the CAMEO → PLOVER map,
//! read from `data/cameo.tsv`.

use crate::DataError;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// One CAMEO code and what Vigie knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    pub label: String,
    /// Goldstein scale value (-10 … +10).
    pub goldstein: f32,
    /// PLOVER event type, inherited from the parent code when the line leaves it empty.
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    /// The CAMEO code for announcing this action (07 → 033, 19 → 1384).
    pub intent: Option<String>,
}

impl CameoCode {
    /// GDELT QuadClass from the root: 1 verbal cooperation (01–05), 2 material cooperation
    /// (06–08), 3 verbal conflict (09–14), 4 material conflict (15–20).
    pub fn quad_class(&self) -> u8 {
        quad_class(&self.code).unwrap_or(0)
    }
    /// The two-digit root ("05" for "057").
    pub fn root(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }
}

/// QuadClass of a code's root, `None` when the code is not a CAMEO code.
pub fn quad_class(code: &str) -> Option<u8> {
    let root: u8 = code.get(..2)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// The CAMEO table.
#[derive(Debug, Clone, Default)]
pub struct CameoTable {
    codes: FxHashMap<String, CameoCode>,
}

const BUILTIN: &str = include_str!("../data/cameo.tsv");

impl CameoTable {
    /// The shipped table, parsed once.
    pub fn builtin() -> &'static CameoTable {
        static TABLE: OnceLock<CameoTable> = OnceLock::new();
        TABLE.get_or_init(|| CameoTable::parse(BUILTIN, "cameo.tsv").unwrap_or_default())
    }

    /// Parses a table in the format of `data/cameo.tsv` (`#` comments, one header line).
    pub fn parse(text: &str, file: &str) -> Result<CameoTable, DataError> {
        let mut codes: FxHashMap<String, CameoCode> = FxHashMap::default();
        let mut order = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("code\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let err = |message: String| DataError {
                file: file.to_string(),
                line: line_no,
                message,
            };
            if cols.len() < 3 {
                return Err(err(format!(
                    "expected at least 3 columns, got {}",
                    cols.len()
                )));
            }
            let code = cols[0].trim();
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(format!("`{code}` is not a CAMEO code")));
            }
            if quad_class(code).is_none() {
                return Err(err(format!("`{code}` has no CAMEO root 01-20")));
            }
            let goldstein: f32 = cols[2]
                .trim()
                .parse()
                .map_err(|_| err(format!("Goldstein `{}` is not a number", cols[2])))?;
            if !(-10.0..=10.0).contains(&goldstein) {
                return Err(err(format!("Goldstein {goldstein} outside -10..10")));
            }
            let opt = |k: usize| {
                cols.get(k)
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            order.push(code.to_string());
            codes.insert(
                code.to_string(),
                CameoCode {
                    code: code.to_string(),
                    label: cols[1].trim().to_string(),
                    goldstein,
                    plover_type: opt(3),
                    plover_mode: opt(4),
                    intent: opt(5),
                },
            );
        }
        // Children inherit PLOVER type and intent from their parent (lines are parents first).
        for code in &order {
            let parent = match code.len() {
                4 => code.get(..3),
                3 => code.get(..2),
                _ => None,
            };
            let Some(p) = parent.and_then(|p| codes.get(p)).cloned() else {
                continue;
            };
            if let Some(c) = codes.get_mut(code) {
                if c.plover_type.is_none() {
                    c.plover_type = p.plover_type;
                }
                if c.intent.is_none() {
                    c.intent = p.intent;
                }
            }
        }
        Ok(CameoTable { codes })
    }

    /// The entry for `code`, or for its nearest listed parent ("0571" → "057").
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        let mut c = code;
        loop {
            if let Some(e) = self.codes.get(c) {
                return Some(e);
            }
            if c.len() <= 2 {
                return None;
            }
            c = c.get(..c.len() - 1)?;
        }
    }

    /// Whether `code` is listed exactly.
    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Every code, in code order.
    pub fn codes(&self) -> Vec<&CameoCode> {
        let mut v: Vec<&CameoCode> = self.codes.values().collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_every_line() {
        let t = CameoTable::parse(BUILTIN, "cameo.tsv").unwrap();
        // Every root 01..20 is there, with its base code "x0".
        for root in 1..=20 {
            let r = format!("{root:02}");
            assert!(t.contains(&r), "root {r}");
            assert!(t.contains(&format!("{r}0")), "base {r}0");
        }
        assert!(t.len() > 250, "{}", t.len());
    }

    #[test]
    fn codes_carry_goldstein_quad_class_and_plover() {
        let t = CameoTable::builtin();
        let sign = t.get("057").unwrap();
        assert_eq!(sign.goldstein, 8.0);
        assert_eq!(sign.quad_class(), 1);
        assert_eq!(sign.plover_type.as_deref(), Some("AGREE"));
        assert_eq!(sign.plover_mode.as_deref(), Some("sign"));
        assert_eq!(t.get("042").unwrap().plover_mode.as_deref(), Some("visit"));
        assert_eq!(t.get("043").unwrap().plover_mode.as_deref(), Some("host"));
        assert_eq!(t.get("0712").map(|c| c.code.as_str()), Some("071"));
        assert_eq!(t.get("072").unwrap().quad_class(), 2);
        assert_eq!(t.get("112").unwrap().quad_class(), 3);
        let fight = t.get("193").unwrap();
        assert_eq!(fight.quad_class(), 4);
        assert_eq!(fight.plover_type.as_deref(), Some("ASSAULT"));
        assert!(fight.goldstein <= -9.0);
        // Inherited from the parent line.
        assert_eq!(t.get("0331").unwrap().plover_type.as_deref(), Some("AGREE"));
        assert_eq!(t.get("07").unwrap().intent.as_deref(), Some("033"));
        assert!(t.get("99").is_none());
    }

    #[test]
    fn bad_lines_are_errors_with_their_line() {
        let e =
            CameoTable::parse("code\tlabel\tgoldstein\n057\tSign\tmuch\n", "x.tsv").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(CameoTable::parse("25\tNo such root\t0\n", "x.tsv").is_err());
    }
}
