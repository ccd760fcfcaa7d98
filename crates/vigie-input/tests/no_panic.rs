//! Property: no input, however malformed, makes the reader panic, and every document it does
//! return satisfies the document model's invariants.

use proptest::prelude::*;
use vigie_core::InputFormat;
use vigie_input::{read_bytes, ReadOptions};

fn check(bytes: &[u8], name: &str, format: Option<InputFormat>) {
    let opts = ReadOptions {
        max_bytes: 4096,
        ..ReadOptions::default()
    };
    for doc in read_bytes(bytes, name, format, &opts).into_iter().flatten() {
        assert!(doc.check_spans().is_ok());
        assert!(!doc.text.trim().is_empty());
    }
}

/// Bytes that look a little like each supported format, so the interesting paths are reached.
fn fragments() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        any::<u8>().prop_map(|b| vec![b]),
        Just(b"<p>".to_vec()),
        Just(b"</div>".to_vec()),
        Just(b"<html lang=\"fr\"><body>".to_vec()),
        Just(b"<meta charset=\"koi8-r\">".to_vec()),
        Just(b"<script>".to_vec()),
        Just(b"{\"text\": \"".to_vec()),
        Just(b"\"html\": \"<p>".to_vec()),
        Just(b"\"}\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\0".to_vec()),
        Just("déclaré « été »".as_bytes().to_vec()),
        Just(b"d\xe9clar\xe9".to_vec()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes, "-", None);
        check(&bytes, "x.jsonl", None);
        check(&bytes, "x.html", None);
    }

    #[test]
    fn structured_garbage_never_panics(bytes in fragments()) {
        check(&bytes, "-", None);
        check(&bytes, "x.json", None);
        check(&bytes, "x", Some(InputFormat::Html));
        check(&bytes, "x", Some(InputFormat::Jsonl));
        check(&bytes, "x", Some(InputFormat::Text));
    }
}
