//! Running an anchor — a peer tool such as spaCy — on the same texts as Vigie, through the
//! scripts in `scripts/anchors/` (set up by `scripts/anchors/setup.sh`).

use crate::segmentation::Segmentation;
use crate::EvalError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A spaCy pipeline run by `scripts/anchors/spacy_segment.py` in the anchors' virtualenv.
#[derive(Debug, Clone)]
pub struct SpacyAnchor {
    pub python: PathBuf,
    pub script: PathBuf,
    pub model: String,
}

impl SpacyAnchor {
    /// The anchor if its Python interpreter and script exist.
    pub fn locate(python: &Path, script: &Path, model: &str) -> Option<SpacyAnchor> {
        (python.exists() && script.exists()).then(|| SpacyAnchor {
            python: python.to_path_buf(),
            script: script.to_path_buf(),
            model: model.to_string(),
        })
    }

    /// Segments `texts` (id, language, text) with spaCy; returns one segmentation per text.
    pub fn segment(
        &self,
        texts: &[(String, String, String)],
    ) -> Result<Vec<Segmentation>, EvalError> {
        let err = |message: String| EvalError::Anchor {
            tool: format!("spaCy {}", self.model),
            message,
        };
        let mut child = Command::new(&self.python)
            .arg(&self.script)
            .arg("--model")
            .arg(&self.model)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| err(format!("cannot start {}: {e}", self.python.display())))?;
        let mut input = String::new();
        for (id, lang, text) in texts {
            let line = serde_json::json!({ "id": id, "lang": lang, "text": text });
            input.push_str(&line.to_string());
            input.push('\n');
        }
        let mut stdin = child.stdin.take().ok_or_else(|| err("no stdin".into()))?;
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child.wait_with_output().map_err(|e| err(e.to_string()))?;
        writer
            .join()
            .map_err(|_| err("writer thread panicked".into()))?
            .map_err(|e| err(format!("writing input: {e}")))?;
        if !output.status.success() {
            return Err(err(format!("exited with {}", output.status)));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut out = Vec::new();
        for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| err(format!("bad output line: {e}")))?;
            let spans = |key: &str| -> Vec<(usize, usize)> {
                v[key]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| {
                                Some((p.get(0)?.as_u64()? as usize, p.get(1)?.as_u64()? as usize))
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            out.push(Segmentation {
                sentences: spans("sentences"),
                tokens: spans("tokens"),
            });
        }
        if out.len() != texts.len() {
            return Err(err(format!(
                "returned {} documents for {}",
                out.len(),
                texts.len()
            )));
        }
        Ok(out)
    }
}
