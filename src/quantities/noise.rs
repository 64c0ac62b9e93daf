//! Text that holds digits but no quantity: URLs, e-mail addresses, URL escapes
//! ("%20"), code (printf formats, CSS declarations, calls, backticks, braces), hex
//! literals, file paths, version numbers, product names with a number, currency
//! pairs ("EUR/USD 1.08") and phone numbers. One regex pass finds them; a quantity overlapping any of them is dropped.

use std::sync::LazyLock;

use regex::Regex;

use super::Quantity;

/// The patterns, in groups that are each safe to run as one regex. A pattern that
/// starts with an unbounded class (an e-mail's local part, a domain's labels, a
/// token around "%20") keeps the regex's leftmost-first search alive to the end
/// of that run; put together with a pattern that matches often inside the run,
/// every match would rescan it (quadratic: "%" repeated). Those run alone.
static NOISE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let groups: [&[&str]; 7] = [
        &[
            // URLs.
            r"(?i:(?:https?|ftp)://[^\s]+)",
            r"(?i:(?-u:\b)www\.[^\s]+)",
            // Code: backticks, braces, printf formats.
            r"`[^`\n]*`",
            r"\{[^{}\n]*\}",
            r#"(?:^|[\s"'(])%[-+#0]*\d*(?:\.\d+)?(?:ll|l|h|z)?[diouxXeEfFgGcsp](?-u:\b)"#,
            r"%%",
            // Currency pairs: "EUR/USD 1.08" is an exchange rate, not dollars.
            r"(?-u:\b)[A-Z]{3}/[A-Z]{3}(?-u:\b)",
            // Hex literals and colours.
            r"(?-u:\b)0[xX][0-9A-Fa-f]+(?-u:\b)",
            r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})(?-u:\b)",
            // File paths.
            r#"(?:^|[\s"'(])(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*"#,
            r"[A-Za-z]:\\(?:[\w .-]+\\)*[\w.-]+",
            // Versions: "v2.3.1", "version 4.1", three-part numbers (not
            // "28.04.2026"), IP addresses.
            r"(?i:(?-u:\b)(?:v|ver\.?|version|release|build)\s?\d+(?:\.\d+)+(?-u:\b))",
            r"(?-u:\b)[vV]\d+(?-u:\b)",
            r"(?-u:\b)\d+\.\d+\.\d{1,3}(?-u:\b)(?:\.\d+)*",
            // Products named with a number: "Windows 11", "iOS 17.2", "GPT-5".
            r"(?-u:\b)(?:iOS|iPadOS|macOS|watchOS|tvOS|visionOS|OS X|Android|Windows|Linux|Ubuntu|Debian|Fedora|Python|Java|PHP|Perl|Ruby|Rust|Node\.js|Node|Chrome|Firefox|Safari|Excel|Office|Kubernetes|OpenSSL|HTTP|HTML|TLS|SSL|IPv|USB|Wi-Fi|Bluetooth|PlayStation|PS|Xbox|iPhone|iPad|Pixel|Galaxy S|GPT|Llama|Gemini|Claude|Qwen|Mistral|Phi|Grok)[\s-]?\d+(?:\.\d+)*[a-z]?(?-u:\b)",
            // Phone numbers: "+44 20 7946 0958", "(212) 555-0100", "212-555-0100".
            r"\+\d{1,3}(?:[\s.-]?\(\d{1,4}\))?(?:[\s.-]\d{1,4}){3,6}(?-u:\b)",
            r"\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?-u:\b)",
            r"(?-u:\b)\d{3}[.-]\d{3}[.-]\d{4}(?-u:\b)",
        ],
        // E-mail addresses.
        &[r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"],
        // Bare domains, with a path or not.
        &[
            r"(?i:(?-u:\b)[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|int|io|co|uk|us|de|fr|jp|cn|in|au|ca|ly|me|info|biz|news|tv|ai|app|dev|eu|ru|br|it|es|nl|ch|se|kr)(?-u:\b)(?:/[^\s]*)?)",
        ],
        // A token holding a URL escape: "%20", "%2F", "%E2%80%99".
        &[r"[^\s]*%[0-9A-Fa-f]{2}[^\s]*"],
        // A call "f(...)".
        &[r"[A-Za-z_][A-Za-z0-9_]*\([^()\n]*\)"],
        // CSS-like declarations and assignments ending in ";".
        &[r"(?-u:\b)[a-z][a-z0-9_-]*\s*[:=]\s*-?\d+(?:\.\d+)?(?:%|px|em|rem|pt|vh|vw|ms|s)?;"],
        // File names.
        &[
            r"(?i:[\w-]+\.(?:pdf|docx?|xlsx?|pptx?|csv|txt|json|xml|html?|php|aspx?|png|jpe?g|gif|svg|zip|tar|gz|exe|dll|rs|py|js|ts|java|rb|sh|ya?ml|toml|md)(?-u:\b))",
        ],
    ];
    groups
        .iter()
        .map(|g| Regex::new(&g.join("|")).expect("noise regex"))
        .collect()
});

/// Spans of `text` that hold no quantity, sorted and disjoint.
pub(super) fn noise(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = NOISE
        .iter()
        .flat_map(|re| re.find_iter(text).map(|m| (m.start(), m.end())))
        .filter(|(s, e)| s < e)
        .collect();
    spans.sort_unstable();
    // Merge overlapping spans, so they are disjoint.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Whether `q` overlaps one of the sorted, disjoint `spans`.
pub(super) fn in_noise(spans: &[(usize, usize)], q: &Quantity) -> bool {
    // The spans are disjoint and sorted, so only the last one starting before
    // `q.end` can overlap `q`.
    let i = spans.partition_point(|&(s, _)| s < q.end);
    i > 0 && spans[i - 1].1 > q.start
}
