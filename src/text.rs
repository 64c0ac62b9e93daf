// PLACEHOLDER until the text helper delivers.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    pub text: String,
    map: Vec<usize>,
}
impl NormalizedText {
    pub fn from_plain(original: &str) -> Self {
        Self {
            text: original.to_string(),
            map: (0..=original.len()).collect(),
        }
    }
    pub fn from_html(original: &str) -> Self {
        Self::from_plain(original)
    }
    pub fn to_original(&self, n: usize) -> usize {
        self.map.get(n).copied().unwrap_or(self.text.len())
    }
    pub fn original_span(&self, s: usize, e: usize) -> (usize, usize) {
        (self.to_original(s), self.to_original(e))
    }
}
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}
impl LineIndex {
    pub fn new(o: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(o.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }
    pub fn line_col(&self, b: usize) -> (usize, usize) {
        let l = self.starts.partition_point(|&s| s <= b);
        (l, b - self.starts[l - 1] + 1)
    }
}
