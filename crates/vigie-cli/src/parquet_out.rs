//! Apache Parquet export: a selection as one table of nullable INT64 and UTF-8 columns,
//! Snappy-compressed, in row groups of up to 100,000 rows.

use anyhow::{Context, Result};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::sync::Arc;

/// One column's values.
pub enum Values {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

/// A table to write: column names and values, all of the same length.
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<(&'static str, Values)>,
}

const ROW_GROUP: usize = 100_000;

impl Table {
    fn rows(&self) -> usize {
        self.columns.first().map_or(0, |(_, v)| match v {
            Values::Int(v) => v.len(),
            Values::Text(v) => v.len(),
        })
    }

    /// The table as a Parquet file, in memory.
    pub fn to_parquet(&self) -> Result<Vec<u8>> {
        let fields: Vec<String> = self
            .columns
            .iter()
            .map(|(name, v)| match v {
                Values::Int(_) => format!("OPTIONAL INT64 {name};"),
                Values::Text(_) => format!("OPTIONAL BYTE_ARRAY {name} (UTF8);"),
            })
            .collect();
        let message = format!("message {} {{ {} }}", self.name, fields.join(" "));
        let schema = Arc::new(parse_message_type(&message).context("Parquet schema")?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        let mut out = Vec::new();
        let mut writer = SerializedFileWriter::new(&mut out, schema, props)?;
        let rows = self.rows();
        let mut start = 0;
        while start < rows || (rows == 0 && start == 0) {
            let end = (start + ROW_GROUP).min(rows);
            let mut group = writer.next_row_group()?;
            for (_, values) in &self.columns {
                let Some(mut column) = group.next_column()? else {
                    break;
                };
                match values {
                    Values::Int(v) => {
                        let slice = &v[start..end];
                        let defs: Vec<i16> = slice.iter().map(|x| i16::from(x.is_some())).collect();
                        let vals: Vec<i64> = slice.iter().flatten().copied().collect();
                        column
                            .typed::<Int64Type>()
                            .write_batch(&vals, Some(&defs), None)?;
                    }
                    Values::Text(v) => {
                        let slice = &v[start..end];
                        let defs: Vec<i16> = slice.iter().map(|x| i16::from(x.is_some())).collect();
                        let vals: Vec<ByteArray> = slice
                            .iter()
                            .flatten()
                            .map(|s| ByteArray::from(s.as_str()))
                            .collect();
                        column
                            .typed::<ByteArrayType>()
                            .write_batch(&vals, Some(&defs), None)?;
                    }
                }
                column.close()?;
            }
            group.close()?;
            if rows == 0 {
                break;
            }
            start = end;
        }
        writer.close()?;
        Ok(out)
    }
}

fn int<T, F: Fn(&T) -> Option<i64>>(rows: &[T], f: F) -> Values {
    Values::Int(rows.iter().map(f).collect())
}

fn text<T, F: Fn(&T) -> Option<String>>(rows: &[T], f: F) -> Values {
    Values::Text(rows.iter().map(f).collect())
}

pub fn quotes(rows: &[vigie_store::QuoteRow]) -> Table {
    Table {
        name: "vigie_quotes",
        columns: vec![
            ("id", int(rows, |q| Some(q.id))),
            ("article", int(rows, |q| Some(q.article))),
            ("doc_id", text(rows, |q| Some(q.doc_id.clone()))),
            ("date", text(rows, |q| q.date.clone())),
            ("speaker", text(rows, |q| q.speaker.clone())),
            ("entity", int(rows, |q| q.entity)),
            ("kind", text(rows, |q| Some(q.kind.clone()))),
            ("start", int(rows, |q| Some(i64::from(q.start)))),
            ("end", int(rows, |q| Some(i64::from(q.end)))),
            ("text", text(rows, |q| Some(q.text.clone()))),
            ("cue", text(rows, |q| q.cue.clone())),
        ],
    }
}

pub fn events(rows: &[vigie_store::EventRow]) -> Table {
    let name = |a: &Option<vigie_store::Actor>| a.as_ref().map(|a| a.name.clone());
    let code = |a: &Option<vigie_store::Actor>| a.as_ref().and_then(|a| a.code.clone());
    let entity = |a: &Option<vigie_store::Actor>| a.as_ref().and_then(|a| a.entity);
    Table {
        name: "vigie_events",
        columns: vec![
            ("id", int(rows, |e| Some(e.id))),
            ("article", int(rows, |e| Some(e.article))),
            ("doc_id", text(rows, |e| Some(e.doc_id.clone()))),
            ("url", text(rows, |e| e.url.clone())),
            ("date", text(rows, |e| e.date.clone())),
            ("code", text(rows, |e| Some(e.code.clone()))),
            ("root_code", text(rows, |e| Some(e.root_code.clone()))),
            ("source", text(rows, |e| name(&e.source))),
            ("source_code", text(rows, |e| code(&e.source))),
            ("source_entity", int(rows, |e| entity(&e.source))),
            ("target", text(rows, |e| name(&e.target))),
            ("target_code", text(rows, |e| code(&e.target))),
            ("target_entity", int(rows, |e| entity(&e.target))),
            ("start", int(rows, |e| Some(i64::from(e.start)))),
            ("end", int(rows, |e| Some(i64::from(e.end)))),
            ("evidence", text(rows, |e| Some(e.evidence.clone()))),
            (
                "source_country",
                text(rows, |e| e.source.as_ref().and_then(|a| a.country.clone())),
            ),
            (
                "target_country",
                text(rows, |e| e.target.as_ref().and_then(|a| a.country.clone())),
            ),
            ("quad_class", int(rows, |e| e.detail.quad_class)),
            ("plover_type", text(rows, |e| e.detail.plover_type.clone())),
            ("plover_mode", text(rows, |e| e.detail.plover_mode.clone())),
            ("place", text(rows, |e| e.detail.place.clone())),
            ("negated", int(rows, |e| Some(i64::from(e.detail.negated)))),
            ("modality", text(rows, |e| e.detail.modality.clone())),
        ],
    }
}

pub fn entities(rows: &[vigie_store::EntityRow]) -> Table {
    Table {
        name: "vigie_entities",
        columns: vec![
            ("id", int(rows, |e| Some(e.id))),
            ("key", text(rows, |e| Some(e.key.clone()))),
            ("name", text(rows, |e| Some(e.name.clone()))),
            ("label", text(rows, |e| Some(e.label.clone()))),
            ("actor_code", text(rows, |e| e.actor_code.clone())),
            ("mentions", int(rows, |e| Some(e.mentions))),
            ("quotes", int(rows, |e| Some(e.quotes))),
            ("events", int(rows, |e| Some(e.events))),
        ],
    }
}

/// Articles with their text and, in `document`, the whole stored Vigie document as JSON.
pub fn articles(rows: &[(i64, vigie_core::Document)]) -> Result<Table> {
    let documents = rows
        .iter()
        .map(|(_, d)| serde_json::to_string(d).map(Some))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Table {
        name: "vigie_articles",
        columns: vec![
            ("id", int(rows, |r| Some(r.0))),
            ("doc_id", text(rows, |r| Some(r.1.id.clone()))),
            ("url", text(rows, |r| r.1.meta.url.clone())),
            ("date", text(rows, |r| r.1.meta.date.clone())),
            (
                "lang",
                text(rows, |r| r.1.language.as_ref().map(|l| l.code.clone())),
            ),
            ("title", text(rows, |r| r.1.meta.title.clone())),
            ("text", text(rows, |r| Some(r.1.text.clone()))),
            ("quotes", int(rows, |r| Some(r.1.quotes.len() as i64))),
            ("events", int(rows, |r| Some(r.1.events.len() as i64))),
            ("document", Values::Text(documents)),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn tables_round_trip_through_a_parquet_reader() {
        let table = Table {
            name: "t",
            columns: vec![
                ("id", Values::Int(vec![Some(1), None, Some(3)])),
                (
                    "name",
                    Values::Text(vec![Some("Poutine".into()), Some("Kim".into()), None]),
                ),
            ],
        };
        let bytes = table.to_parquet().unwrap();
        let path =
            std::env::temp_dir().join(format!("vigie-parquet-{}.parquet", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(reader.metadata().file_metadata().num_rows(), 3);
        let rows: Vec<String> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap().to_string())
            .collect();
        assert_eq!(rows[0], "{id: 1, name: \"Poutine\"}");
        assert_eq!(rows[1], "{id: null, name: \"Kim\"}");
        let _ = std::fs::remove_file(&path);
    }
}
