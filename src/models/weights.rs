//! Loading a checkpoint's weights, one tensor at a time.
//!
//! tch's `VarStore::load` reads a whole model.safetensors into memory, makes a tensor
//! of every entry, then copies them into the variables: three copies of the model at
//! once (1.5 GB of peak RSS for a 440 MB bert-base, against 1.1 GB for Python
//! `transformers` with the same model). Here the safetensors header is read, then
//! each variable's bytes are read from the file straight into it: the model once,
//! plus one tensor in flight. pytorch_model.bin is read the same way, its layout from
//! its pickle ([`crate::models::torch_bin`]). rust_model.ot (libtorch's own format)
//! still goes through `VarStore::load`.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::Path;

use serde::Deserialize;
use tch::{nn, Kind, Tensor};

use crate::models::error::ModelError;
use crate::models::torch_bin::{self, TorchBin};

/// Largest safetensors header accepted (the format's own limit).
const MAX_HEADER: u64 = 100_000_000;

#[derive(Debug, Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<i64>,
    data_offsets: (u64, u64),
}

fn kind(dtype: &str) -> Option<(Kind, u64)> {
    Some(match dtype {
        "F32" => (Kind::Float, 4),
        "F16" => (Kind::Half, 2),
        "BF16" => (Kind::BFloat16, 2),
        "F64" => (Kind::Double, 8),
        "I64" => (Kind::Int64, 8),
        "I32" => (Kind::Int, 4),
        _ => return None,
    })
}

type Header = HashMap<String, serde_json::Value>;

/// Opens a safetensors file: (file, its size, header entries by name, where data starts).
fn open(path: &Path) -> Result<(File, u64, Header, u64), ModelError> {
    let io = |source| ModelError::WeightsIo {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let mut len = [0u8; 8];
    file.read_exact(&mut len)
        .map_err(|_| ModelError::HeaderTruncated {
            path: path.to_path_buf(),
        })?;
    let header_len = u64::from_le_bytes(len);
    if header_len > MAX_HEADER || 8 + header_len > size {
        return Err(ModelError::HeaderTooLarge { header_len, size });
    }
    let mut header = vec![0u8; header_len as usize];
    file.read_exact(&mut header).map_err(io)?;
    let mut entries: Header = serde_json::from_slice(&header).map_err(ModelError::HeaderJson)?;
    entries.remove("__metadata__");
    let data_start = 8 + header_len;

    Ok((file, size, entries, data_start))
}

/// A header entry, checked against the file.
struct Checked {
    kind: Kind,
    shape: Vec<i64>,
    offset: u64,
    len: usize,
}

fn entry(
    name: &str,
    raw: &serde_json::Value,
    data_start: u64,
    size: u64,
) -> Result<Checked, ModelError> {
    let e: Entry =
        serde_json::from_value(raw.clone()).map_err(|source| ModelError::HeaderEntry {
            name: name.to_string(),
            source,
        })?;
    let (kind, width) = kind(&e.dtype).ok_or_else(|| ModelError::UnsupportedDtype {
        name: name.to_string(),
        dtype: e.dtype.clone(),
    })?;
    let (start, end) = e.data_offsets;
    let numel: u64 = e.shape.iter().map(|&d| d.max(0) as u64).product();
    if end < start || end - start != numel * width || data_start + end > size {
        return Err(ModelError::BadOffsets {
            name: name.to_string(),
            start,
            end,
        });
    }
    Ok(Checked {
        kind,
        shape: e.shape,
        offset: data_start + start,
        len: (end - start) as usize,
    })
}

impl Checked {
    /// The tensor, read through `buf`.
    fn read(&self, name: &str, file: &File, buf: &mut Vec<u8>) -> Result<Tensor, ModelError> {
        buf.resize(self.len, 0);
        file.read_exact_at(buf, self.offset)
            .map_err(|source| ModelError::TensorIo {
                name: name.to_string(),
                source,
            })?;
        Tensor::f_from_data_size(buf, &self.shape, self.kind).map_err(ModelError::Torch)
    }
}

/// libtorch's error about tensor `name`.
fn torch_error(name: &str) -> impl FnOnce(tch::TchError) -> ModelError + '_ {
    move |source| ModelError::TensorTorch {
        name: name.to_string(),
        source,
    }
}

/// A weights file read one tensor at a time.
trait Tensors {
    /// The names of its tensors.
    fn names(&self) -> Vec<String>;
    /// The shape of tensor `name`; `None` when the file has no such tensor.
    fn shape(&self, name: &str) -> Result<Option<Vec<i64>>, ModelError>;
    /// Tensor `name` on the CPU in its stored element type, read through `buf`.
    fn tensor(&mut self, name: &str, buf: &mut Vec<u8>) -> Result<Tensor, ModelError>;
}

struct Safetensors {
    file: File,
    size: u64,
    entries: Header,
    data_start: u64,
}

impl Tensors for Safetensors {
    fn names(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    fn shape(&self, name: &str) -> Result<Option<Vec<i64>>, ModelError> {
        self.entries
            .get(name)
            .map(|raw| entry(name, raw, self.data_start, self.size).map(|e| e.shape))
            .transpose()
    }

    fn tensor(&mut self, name: &str, buf: &mut Vec<u8>) -> Result<Tensor, ModelError> {
        let raw = self
            .entries
            .get(name)
            .ok_or_else(|| ModelError::MissingTensor {
                name: name.to_string(),
            })?;
        entry(name, raw, self.data_start, self.size)?.read(name, &self.file, buf)
    }
}

impl Tensors for TorchBin {
    fn names(&self) -> Vec<String> {
        self.tensors().keys().cloned().collect()
    }

    fn shape(&self, name: &str) -> Result<Option<Vec<i64>>, ModelError> {
        Ok(self.tensors().get(name).map(|t| t.size.clone()))
    }

    fn tensor(&mut self, name: &str, buf: &mut Vec<u8>) -> Result<Tensor, ModelError> {
        TorchBin::tensor(self, name, buf)
    }
}

/// Whether [`read`] and [`load`] read `path` tensor by tensor: model.safetensors and
/// pytorch_model.bin are, rust_model.ot is not (libtorch's loader reads it whole).
pub fn reads_directly(path: &Path) -> bool {
    torch_bin::is_torch_bin(path)
        || path.extension().and_then(|e| e.to_str()) == Some("safetensors")
}

fn open_tensors(path: &Path) -> Result<Box<dyn Tensors>, ModelError> {
    if torch_bin::is_torch_bin(path) {
        return Ok(Box::new(TorchBin::open(path)?));
    }
    let (file, size, entries, data_start) = open(path)?;
    Ok(Box::new(Safetensors {
        file,
        size,
        entries,
        data_start,
    }))
}

/// Every tensor of a model.safetensors or pytorch_model.bin, as float32 on `device`,
/// by name. For models crosscheck runs itself ([`crate::models::encoder`]): no
/// rust-bert model is built (and randomly initialized) first. Shapes are the caller's
/// to check.
pub fn read(path: &Path, device: tch::Device) -> Result<HashMap<String, Tensor>, ModelError> {
    let mut src = open_tensors(path)?;
    let names = src.names();
    let mut buf = Vec::new();
    let mut out = HashMap::with_capacity(names.len());
    for name in names {
        let t = src.tensor(&name, &mut buf)?;
        let t = if t.kind() == Kind::Float && device == tch::Device::Cpu {
            t
        } else {
            t.f_to_device(device)
                .and_then(|t| t.f_to_kind(Kind::Float))
                .map_err(torch_error(&name))?
        };
        out.insert(name, t);
    }
    Ok(out)
}

/// Fills every variable of `vs` from `path`. A variable the file lacks, or holds
/// with another shape, is an error naming it; tensors the model does not use are
/// ignored (as `VarStore::load` does). Error messages do not name the path.
pub fn load(vs: &mut nn::VarStore, path: &Path) -> Result<(), ModelError> {
    if !reads_directly(path) {
        // libtorch appends a C++ backtrace; the message keeps the first line.
        return vs
            .load(path)
            .map_err(|source| ModelError::OtLoad { source });
    }
    let mut src = open_tensors(path)?;
    // By name, so the first problem reported is the same every time.
    let vars: std::collections::BTreeMap<String, Tensor> = vs.variables().into_iter().collect();
    let mut buf = Vec::new();
    for (name, var) in vars {
        let shape = src
            .shape(&name)?
            .ok_or_else(|| ModelError::MissingTensor { name: name.clone() })?;
        if shape != var.size() {
            return Err(ModelError::ShapeMismatch {
                name,
                file: shape,
                model: var.size(),
            });
        }
        let t = src.tensor(&name, &mut buf)?;
        let mut var = var;
        tch::no_grad(|| var.f_copy_(&t)).map_err(torch_error(&name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> nn::VarStore {
        let vs = nn::VarStore::new(tch::Device::Cpu);
        let _ = vs.root().zeros("a", &[2, 3]);
        let _ = vs.root().sub("b").zeros("w", &[4]);
        vs
    }

    #[test]
    fn fills_variables_from_safetensors_and_names_what_does_not_fit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let a = Tensor::arange(6, (Kind::Float, tch::Device::Cpu)).view([2, 3]);
        let w = Tensor::from_slice(&[1.5f32, -2.0, 3.0, 4.0]).to_kind(Kind::Half);
        let extra = Tensor::zeros([7], (Kind::Float, tch::Device::Cpu));
        Tensor::write_safetensors(&[("a", &a), ("b.w", &w), ("unused", &extra)], &path).unwrap();

        let mut vs = store();
        load(&mut vs, &path).unwrap();
        let vars = vs.variables();
        assert!(vars["a"].equal(&a));
        assert_eq!(
            Vec::<f32>::try_from(&vars["b.w"]).unwrap(),
            [1.5, -2.0, 3.0, 4.0]
        );

        // A variable the file holds with another shape, one it lacks.
        Tensor::write_safetensors(&[("a", &a.view([3, 2])), ("b.w", &w)], &path).unwrap();
        let err = load(&mut store(), &path).unwrap_err();
        assert!(
            matches!(&err, ModelError::ShapeMismatch { name, file, model }
                if name == "a" && file == &[3, 2] && model == &[2, 3]),
            "{err:?}"
        );
        assert!(
            err.to_string()
                .contains("tensor a has shape [3, 2] in the file but [2, 3]"),
            "{err}"
        );
        Tensor::write_safetensors(&[("a", &a)], &path).unwrap();
        assert_eq!(
            load(&mut store(), &path).unwrap_err().to_string(),
            "the file has no tensor b.w"
        );

        // Not a safetensors file at all, or one cut short.
        std::fs::write(&path, b"\x07\x00\x00\x00\x00\x00\x00\x00{\"a\":1}").unwrap();
        assert!(load(&mut store(), &path)
            .unwrap_err()
            .to_string()
            .contains("tensor a"));
        std::fs::write(&path, b"\xff\xff\xff\x00\x00\x00\x00\x00{").unwrap();
        assert!(load(&mut store(), &path)
            .unwrap_err()
            .to_string()
            .contains("not a safetensors file"));
        Tensor::write_safetensors(&[("a", &a), ("b.w", &w)], &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 4]).unwrap();
        assert!(load(&mut store(), &path)
            .unwrap_err()
            .to_string()
            .contains("do not fit the file"));
    }
}
