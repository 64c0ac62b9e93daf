//! Index records from arbitrary bytes (a damaged or truncated index file): an error,
//! never a panic, and a record that decodes re-encodes to one that decodes the same.
#![no_main]

use crosscheck::index::decode_record;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = decode_record(data) {
        let again = serde_json::to_vec(&r).expect("a decoded record encodes");
        let back = decode_record(&again).expect("an encoded record decodes");
        assert_eq!(back.content_hash, r.content_hash);
        assert_eq!(back.claims.len(), r.claims.len());
    }
});
