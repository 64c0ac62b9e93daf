//! The quantity parser on arbitrary text: spans inside the text on character
//! boundaries, finite values, a canonical form for each.
#![no_main]

use crosscheck::quantities;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for q in quantities::parse(text) {
        assert!(q.start <= q.end && q.end <= text.len());
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        assert!(q.value.is_finite(), "{q:?}");
        let _ = q.canonical();
    }
});
