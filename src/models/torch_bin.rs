//! pytorch_model.bin, read without running it: torch.save's zip format (torch >= 1.6).
//!
//! The archive holds `<name>/data.pkl`, the pickled state dict, and one entry
//! `<name>/data/<key>` per storage, its raw little-endian elements (stored, not
//! compressed). data.pkl is read by the restricted unpickler
//! ([`crate::models::pickle`]), which refuses every global but the few a state dict
//! uses: a pickle that would run code is an error naming the global. Each tensor is a
//! strided view of a storage (tied weights share one; a transposed weight is a view
//! with swapped strides): its bytes are read from the archive entry straight into a
//! buffer, only the span of the storage it covers, then laid out with `as_strided`.
//! Sizes, strides and offsets are checked against the storage's length and the
//! storage's against its entry's size, so no declared size makes it allocate more
//! than the file holds.
//!
//! torch's legacy format (before torch 1.6: pickles and storages back to back, or an
//! older tar archive) is refused with how to convert it: the hub's models in it are
//! few, and each convert once.
//!
//! The archive is read with the `zip` crate (already in the build through tch).

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::Path;

use tch::Tensor;
use zip::{CompressionMethod, ZipArchive};

use crate::models::error::ModelError;
use crate::models::pickle::{self, TensorSpec, Value};

/// The largest data.pkl read (a state dict's takes about 200 bytes per tensor).
const MAX_PICKLE: u64 = 256 << 20;

/// What a legacy-format file starts with: PROTO 2, LONG1 of torch's magic number.
const LEGACY_MAGIC: &[u8] = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";

/// Where a storage's bytes are in the archive.
struct Entry {
    /// `<name>/data/<key>`.
    name: String,
    /// Offset of its data in the file (for a stored entry).
    start: u64,
    /// Whether it is stored uncompressed (else it is read through the zip reader).
    stored: bool,
}

/// An open pytorch_model.bin: its tensors' layouts, and the archive to read them from.
pub struct TorchBin {
    file: File,
    archive: ZipArchive<File>,
    tensors: HashMap<String, TensorSpec>,
    storages: HashMap<String, Entry>,
}

impl TorchBin {
    /// Opens `path`, unpickles its data.pkl and checks every tensor against its
    /// storage entry. No tensor data is read yet.
    pub fn open(path: &Path) -> Result<TorchBin, ModelError> {
        let io = |source| ModelError::WeightsIo {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let mut head = [0u8; 512];
        let n = file.read_at(&mut head, 0).map_err(io)?;
        let head = &head[..n];
        if head.starts_with(LEGACY_MAGIC) || head.get(257..262) == Some(b"ustar") {
            return Err(ModelError::TorchLegacyFormat {
                path: path.to_path_buf(),
            });
        }
        let zip_error = |source| ModelError::TorchZip {
            path: path.to_path_buf(),
            source,
        };
        let mut archive = ZipArchive::new(file.try_clone().map_err(io)?).map_err(zip_error)?;

        let mut pickles: Vec<&str> = archive
            .file_names()
            .filter(|n| {
                n.strip_suffix("/data.pkl")
                    .is_some_and(|p| !p.contains('/'))
            })
            .collect();
        pickles.sort_unstable();
        let [pkl] = pickles.as_slice() else {
            return Err(ModelError::TorchNoPickle {
                path: path.to_path_buf(),
                found: pickles.len(),
            });
        };
        let pkl = pkl.to_string();
        let prefix = pkl.trim_end_matches("data.pkl").to_string();

        // Absent in files of older torch versions, which wrote little-endian only.
        let byteorder = format!("{prefix}byteorder");
        match archive.by_name(&byteorder) {
            Ok(f) => {
                let mut order = String::new();
                f.take(16).read_to_string(&mut order).map_err(io)?;
                if order != "little" {
                    return Err(ModelError::TorchByteOrder {
                        entry: byteorder,
                        order,
                    });
                }
            }
            Err(zip::result::ZipError::FileNotFound) => {}
            Err(e) => return Err(zip_error(e)),
        }

        let data = {
            let f = archive.by_name(&pkl).map_err(zip_error)?;
            if f.size() > MAX_PICKLE {
                return Err(ModelError::TorchPickleTooLarge {
                    entry: pkl,
                    size: f.size(),
                    limit: MAX_PICKLE,
                });
            }
            let mut data = Vec::with_capacity(f.size() as usize);
            f.take(MAX_PICKLE).read_to_end(&mut data).map_err(io)?;
            data
        };
        let value = pickle::load(&data).map_err(|source| ModelError::TorchPickle {
            path: path.to_path_buf(),
            entry: pkl.clone(),
            source,
        })?;
        drop(data);
        let tensors = state_dict(value)?;

        let mut storages = HashMap::new();
        for (name, t) in &tensors {
            let s = &t.storage;
            if storages.contains_key(&s.key) {
                continue;
            }
            let entry = format!("{prefix}data/{}", s.key);
            let f = match archive.by_name(&entry) {
                Ok(f) => f,
                Err(zip::result::ZipError::FileNotFound) => {
                    return Err(ModelError::MissingStorage {
                        name: name.clone(),
                        entry,
                    })
                }
                Err(e) => return Err(zip_error(e)),
            };
            let width = s.kind.elt_size_in_bytes() as u64;
            let bytes = f.size();
            if u64::try_from(s.numel)
                .ok()
                .and_then(|n| n.checked_mul(width))
                != Some(bytes)
            {
                return Err(ModelError::StorageSize {
                    name: name.clone(),
                    entry,
                    bytes,
                    numel: s.numel,
                    width,
                });
            }
            let stored = f.compression() == CompressionMethod::Stored;
            let start = f.data_start();
            if f.compressed_size()
                .checked_add(start)
                .is_none_or(|end| end > len)
                || (stored && f.compressed_size() != bytes)
            {
                return Err(ModelError::StorageTruncated { entry });
            }
            drop(f);
            storages.insert(
                s.key.clone(),
                Entry {
                    name: entry,
                    start,
                    stored,
                },
            );
        }
        Ok(TorchBin {
            file,
            archive,
            tensors,
            storages,
        })
    }

    /// The state dict's tensors by name, as laid out in their storages.
    pub fn tensors(&self) -> &HashMap<String, TensorSpec> {
        &self.tensors
    }

    /// Tensor `name` on the CPU, contiguous, in its stored element type; `buf` holds
    /// the bytes read on the way.
    pub fn tensor(&mut self, name: &str, buf: &mut Vec<u8>) -> Result<Tensor, ModelError> {
        let spec = self
            .tensors
            .get(name)
            .ok_or_else(|| ModelError::MissingTensor {
                name: name.to_string(),
            })?;
        let kind = spec.storage.kind;
        let torch = |source| ModelError::TensorTorch {
            name: name.to_string(),
            source,
        };
        let Some((start, end)) = spec.span() else {
            return Tensor::f_zeros(spec.size.as_slice(), (kind, tch::Device::Cpu)).map_err(torch);
        };
        // Checked when unpickled: 0 <= start < end <= the storage's numel, whose
        // bytes are its entry's size.
        let width = kind.elt_size_in_bytes() as u64;
        let (skip, len) = (start as u64 * width, (end - start) as u64 * width);
        let entry = &self.storages[&spec.storage.key];
        buf.resize(len as usize, 0);
        let read_error = |source| ModelError::TensorIo {
            name: name.to_string(),
            source,
        };
        if entry.stored {
            self.file
                .read_exact_at(buf, entry.start + skip)
                .map_err(read_error)?;
        } else {
            let mut f = self
                .archive
                .by_name(&entry.name)
                .map_err(|e| read_error(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
            std::io::copy(&mut (&mut f).take(skip), &mut std::io::sink()).map_err(read_error)?;
            f.read_exact(buf).map_err(read_error)?;
        }
        let span = Tensor::f_from_data_size(buf, &[end - start], kind).map_err(torch)?;
        // A view of the whole span in order is contiguous already: no copy then.
        span.f_as_strided(spec.size.as_slice(), spec.stride.as_slice(), 0)
            .and_then(|t| t.f_contiguous())
            .map_err(torch)
    }
}

/// The tensors of the unpickled state dict, by name (a name given twice: the later).
fn state_dict(value: Value) -> Result<HashMap<String, TensorSpec>, ModelError> {
    let Value::Dict(dict) = value else {
        return Err(ModelError::NotStateDict {
            found: value.type_name(),
        });
    };
    let mut out = HashMap::with_capacity(dict.pairs.len());
    for (k, v) in dict.pairs {
        match (k, v) {
            (Value::Str(name), Value::Tensor(t)) => {
                out.insert(name, t);
            }
            (Value::Str(name), v) => {
                return Err(ModelError::NotATensor {
                    name,
                    found: v.type_name(),
                })
            }
            (k, v) => {
                return Err(ModelError::NotATensor {
                    name: format!("with a {} key", k.type_name()),
                    found: v.type_name(),
                })
            }
        }
    }
    Ok(out)
}

/// Whether `path` names a pytorch_model.bin (by its extension).
pub fn is_torch_bin(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("bin")
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use tch::Kind;
    use zip::write::FileOptions;

    use super::*;

    /// One state dict entry: (name, storage class, storage key, storage numel,
    /// offset, size, stride).
    type Spec<'a> = (&'a str, &'a str, &'a str, i32, i32, &'a [i32], &'a [i32]);

    fn unicode(p: &mut Vec<u8>, s: &str) {
        p.push(b'X');
        p.extend_from_slice(&(s.len() as u32).to_le_bytes());
        p.extend_from_slice(s.as_bytes());
    }

    fn int(p: &mut Vec<u8>, i: i32) {
        p.push(b'J');
        p.extend_from_slice(&i.to_le_bytes());
    }

    fn ints(p: &mut Vec<u8>, xs: &[i32]) {
        p.push(b'(');
        for &x in xs {
            int(p, x);
        }
        p.push(b't');
    }

    /// data.pkl as torch.save writes it (protocol 2, without the memo).
    fn pickle(entries: &[Spec]) -> Vec<u8> {
        let mut p = b"\x80\x02}(".to_vec();
        for &(name, class, key, numel, offset, size, stride) in entries {
            unicode(&mut p, name);
            p.extend_from_slice(b"ctorch._utils\n_rebuild_tensor_v2\n((");
            unicode(&mut p, "storage");
            p.extend_from_slice(format!("ctorch\n{class}\n").as_bytes());
            unicode(&mut p, key);
            unicode(&mut p, "cpu");
            int(&mut p, numel);
            p.extend_from_slice(b"tQ");
            int(&mut p, offset);
            ints(&mut p, size);
            ints(&mut p, stride);
            p.extend_from_slice(b"\x89ccollections\nOrderedDict\n)RtR");
        }
        p.extend_from_slice(b"u.");
        p
    }

    /// A torch zip archive of `entries` (name, bytes) under `archive/`.
    fn archive(path: &Path, entries: &[(&str, &[u8])], method: CompressionMethod) {
        let mut z = zip::ZipWriter::new(File::create(path).unwrap());
        for (name, bytes) in entries {
            z.start_file(
                format!("archive/{name}"),
                FileOptions::default().compression_method(method),
            )
            .unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }

    fn f32s(xs: impl IntoIterator<Item = f32>) -> Vec<u8> {
        xs.into_iter().flat_map(f32::to_le_bytes).collect()
    }

    fn values(t: &Tensor) -> Vec<f32> {
        Vec::<f32>::try_from(t.to_kind(Kind::Float).flatten(0, -1)).unwrap()
    }

    /// Views of one storage (offsets, a transposed and an expanded one), a half
    /// storage and an empty tensor, stored or deflated.
    #[test]
    fn reads_strided_views_of_shared_storages() {
        let dir = tempfile::tempdir().unwrap();
        let pkl = pickle(&[
            ("a", "FloatStorage", "0", 12, 0, &[2, 3], &[3, 1]),
            ("t", "FloatStorage", "0", 12, 0, &[3, 2], &[1, 3]),
            ("tail", "FloatStorage", "0", 12, 7, &[5], &[1]),
            ("rows", "FloatStorage", "0", 12, 3, &[2, 3], &[0, 1]),
            ("h", "HalfStorage", "1", 2, 1, &[1], &[1]),
            ("empty", "FloatStorage", "0", 12, 0, &[0, 4], &[4, 1]),
        ]);
        let half: Vec<u8> = [0x3c00u16, 0xc000]
            .iter()
            .flat_map(|h| h.to_le_bytes())
            .collect();
        let storage = f32s((0..12).map(|i| i as f32));
        for method in [CompressionMethod::Stored, CompressionMethod::Deflated] {
            let path = dir.path().join("pytorch_model.bin");
            archive(
                &path,
                &[
                    ("data.pkl", &pkl),
                    ("byteorder", b"little"),
                    ("data/0", &storage),
                    ("data/1", &half),
                    ("version", b"3\n"),
                ],
                method,
            );
            let mut bin = TorchBin::open(&path).unwrap();
            assert_eq!(bin.tensors().len(), 6);
            let mut buf = Vec::new();
            let mut get = |name| bin.tensor(name, &mut buf).unwrap();
            let a = get("a");
            assert_eq!(
                (a.size(), values(&a)),
                (vec![2, 3], vec![0., 1., 2., 3., 4., 5.])
            );
            let t = get("t");
            assert_eq!(t.size(), [3, 2]);
            assert_eq!(values(&t), [0., 3., 1., 4., 2., 5.], "{method:?}");
            assert!(t.is_contiguous());
            assert_eq!(values(&get("tail")), [7., 8., 9., 10., 11.]);
            assert_eq!(values(&get("rows")), [3., 4., 5., 3., 4., 5.]);
            let h = get("h");
            assert_eq!((h.kind(), values(&h)), (Kind::Half, vec![-2.]));
            assert_eq!(get("empty").size(), [0, 4]);
            assert!(matches!(
                bin.tensor("nope", &mut buf),
                Err(ModelError::MissingTensor { .. })
            ));

            // weights::read converts to float32.
            let all = crate::models::weights::read(&path, tch::Device::Cpu).unwrap();
            assert_eq!(all["h"].kind(), Kind::Float);
            assert_eq!(values(&all["t"]), [0., 3., 1., 4., 2., 5.]);
            // weights::load fills a VarStore's variables, shapes checked.
            let mut vs = tch::nn::VarStore::new(tch::Device::Cpu);
            let _ = vs.root().zeros("t", &[3, 2]);
            let _ = vs.root().zeros("h", &[1]);
            crate::models::weights::load(&mut vs, &path).unwrap();
            assert_eq!(values(&vs.variables()["t"]), [0., 3., 1., 4., 2., 5.]);
            assert_eq!(values(&vs.variables()["h"]), [-2.]);
            let mut vs = tch::nn::VarStore::new(tch::Device::Cpu);
            let _ = vs.root().zeros("t", &[2, 3]);
            assert_eq!(
                crate::models::weights::load(&mut vs, &path)
                    .unwrap_err()
                    .to_string(),
                "tensor t has shape [3, 2] in the file but [2, 3] in the model"
            );
        }
    }

    fn open_err(path: &Path) -> ModelError {
        match TorchBin::open(path) {
            Ok(_) => panic!("{} opened", path.display()),
            Err(e) => e,
        }
    }

    #[test]
    fn missing_and_short_storages_are_errors_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pytorch_model.bin");
        let pkl = pickle(&[
            ("w", "FloatStorage", "0", 4, 0, &[4], &[1]),
            ("b", "FloatStorage", "1", 2, 0, &[2], &[1]),
        ]);
        let four = f32s([1., 2., 3., 4.]);
        archive(
            &path,
            &[("data.pkl", &pkl), ("data/0", &four)],
            CompressionMethod::Stored,
        );
        let e = open_err(&path);
        assert!(
            matches!(&e, ModelError::MissingStorage { name, entry } if name == "b" && entry == "archive/data/1"),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "tensor b: its storage archive/data/1 is not in the archive"
        );
        // data/1 with 3 bytes for 2 floats.
        archive(
            &path,
            &[("data.pkl", &pkl), ("data/0", &four), ("data/1", b"abc")],
            CompressionMethod::Stored,
        );
        assert_eq!(
            open_err(&path).to_string(),
            "tensor b: storage archive/data/1 holds 3 bytes, not 2 elements of 4"
        );
        // A tensor reaching past its storage is refused when unpickled.
        let pkl = pickle(&[("w", "FloatStorage", "0", 4, 2, &[3], &[1])]);
        archive(
            &path,
            &[("data.pkl", &pkl), ("data/0", &four)],
            CompressionMethod::Stored,
        );
        let e = open_err(&path).to_string();
        assert!(
            e.starts_with("archive/data.pkl, byte ")
                && e.ends_with(
                    "a tensor of size [3] and stride [1] at offset 2 does not fit its storage of 4 elements"
                ),
            "{e}"
        );
    }

    #[test]
    fn corrupt_legacy_and_unsafe_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pytorch_model.bin");
        let pkl = pickle(&[("w", "FloatStorage", "0", 4, 0, &[4], &[1])]);
        let four = f32s([1., 2., 3., 4.]);
        archive(
            &path,
            &[("data.pkl", &pkl), ("data/0", &four)],
            CompressionMethod::Stored,
        );
        let good = std::fs::read(&path).unwrap();
        assert!(TorchBin::open(&path).is_ok());

        // Cut short anywhere: an error, never a panic or a partial state dict.
        for n in [0, 10, good.len() / 2, good.len() - 30, good.len() - 1] {
            std::fs::write(&path, &good[..n]).unwrap();
            let e = open_err(&path);
            assert!(
                matches!(
                    e,
                    ModelError::TorchZip { .. } | ModelError::StorageTruncated { .. }
                ),
                "cut at {n}: {e:?}"
            );
        }
        std::fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert!(open_err(&path).to_string().starts_with(
            "not a readable zip archive as torch.save writes (cut short or corrupt?)"
        ));
        std::fs::write(&path, b"<html>not found</html>").unwrap();
        assert!(matches!(open_err(&path), ModelError::TorchZip { .. }));

        // torch < 1.6: the magic number pickled first.
        let mut legacy = LEGACY_MAGIC.to_vec();
        legacy.extend_from_slice(b".\x80\x02M\xe9\x03.");
        std::fs::write(&path, &legacy).unwrap();
        let e = open_err(&path);
        assert!(matches!(e, ModelError::TorchLegacyFormat { .. }), "{e:?}");
        assert!(e.to_string().contains("legacy format (torch < 1.6)"), "{e}");

        // A zip that is no checkpoint; one written on a big-endian machine.
        archive(&path, &[("readme.txt", b"hi")], CompressionMethod::Stored);
        assert_eq!(
            open_err(&path).to_string(),
            "a zip archive with 0 <name>/data.pkl entries, not one: not a PyTorch checkpoint"
        );
        archive(
            &path,
            &[("data.pkl", &pkl), ("byteorder", b"big"), ("data/0", &four)],
            CompressionMethod::Stored,
        );
        assert!(matches!(
            open_err(&path),
            ModelError::TorchByteOrder { order, .. } if order == "big"
        ));

        // A pickle calling a global it must not: named, nothing else read.
        let evil = b"\x80\x02}(X\x01\x00\x00\x00wcposix\nsystem\nX\x07\x00\x00\x00touch x\x85Ru.";
        archive(
            &path,
            &[("data.pkl", evil), ("data/0", &four)],
            CompressionMethod::Stored,
        );
        let e = open_err(&path);
        assert!(
            matches!(&e, ModelError::TorchPickle { source, .. }
                if source.problem == crate::models::PickleProblem::Global { global: "posix.system".into() }),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("archive/data.pkl, byte 10: global posix.system is refused"),
            "{e}"
        );
        // A dict of something else than tensors.
        archive(
            &path,
            &[("data.pkl", b"\x80\x02}(X\x01\x00\x00\x00wK\x01u.")],
            CompressionMethod::Stored,
        );
        assert_eq!(
            open_err(&path).to_string(),
            "state dict entry w is a int, not a tensor"
        );
        archive(
            &path,
            &[("data.pkl", b"\x80\x02].")],
            CompressionMethod::Stored,
        );
        assert_eq!(
            open_err(&path).to_string(),
            "data.pkl holds a list, not a state dict"
        );
    }
}
