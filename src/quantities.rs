// PLACEHOLDER until the quantities helper delivers.
use serde::{Deserialize, Serialize};
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuantityKind {
    Money,
    Percent,
    Year,
    Date,
    Count,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modifier {
    Approximately,
    AtLeast,
    AtMost,
    Through,
    Since,
}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub kind: QuantityKind,
    pub value: f64,
    pub unit: String,
    pub approx: bool,
    pub modifier: Option<Modifier>,
    pub text: String,
    pub start: usize,
    pub end: usize,
}
impl Quantity {
    pub fn canonical(&self) -> String {
        format!("{}", self.value)
    }
}
pub fn parse(_text: &str) -> Vec<Quantity> {
    Vec::new()
}
