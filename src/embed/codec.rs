//! Vectors as the index stores them: base64 of little-endian `f32` bytes, exact and
//! compact to read back.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// Why stored vector text could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// The text is not valid base64.
    #[error("{0}")]
    Base64(#[from] base64::DecodeError),
    /// The decoded bytes, this many, are not a whole number of `f32`s.
    #[error("{0} bytes is not a whole number of f32")]
    Length(usize),
}

/// A vector as base64 of its little-endian `f32` bytes.
pub fn encode(v: &[f32]) -> String {
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    STANDARD.encode(bytes)
}

/// The vector that [`encode`] wrote; an error when the text is not base64 or not whole
/// `f32`s.
pub fn decode(s: &str) -> Result<Vec<f32>, CodecError> {
    let bytes = STANDARD.decode(s)?;
    if bytes.len() % 4 != 0 {
        return Err(CodecError::Length(bytes.len()));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// `Vec<f32>` as one base64 string (`#[serde(with = "codec::f32_base64")]`).
pub mod f32_base64 {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the vector as one base64 string.
    pub fn serialize<S: Serializer>(v: &[f32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::encode(v))
    }

    /// Reads the vector back from its base64 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
        let s = String::deserialize(d)?;
        super::decode(&s).map_err(serde::de::Error::custom)
    }
}

/// `Vec<Vec<f32>>`, each inner vector as one base64 string.
pub mod f32_base64_vec {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the vectors as a sequence of base64 strings.
    pub fn serialize<S: Serializer>(v: &[Vec<f32>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| super::encode(x)))
    }

    /// Reads the vectors back from a sequence of base64 strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f32>>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|s| super::decode(s).map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_exactly() {
        let v = vec![0.1f32, -2.5, f32::MIN_POSITIVE, 1e30];
        assert_eq!(decode(&encode(&v)).unwrap(), v);
        assert!(matches!(decode("AAA="), Err(CodecError::Length(2))));
        assert!(matches!(decode("*"), Err(CodecError::Base64(_))));
    }
}
