//! What every model-backed stage reports about itself, and device selection.
//!
//! Each stage that can run a transformer (entities, embeddings, NLI) sits behind a small
//! trait with a deterministic implementation beside it. Which one ran, and why, is part
//! of every report: degrading is allowed, hiding it is not.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Which kind of engine served a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    Transformer,
    Deterministic,
}

impl std::fmt::Display for EngineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EngineKind::Transformer => "transformer",
            EngineKind::Deterministic => "deterministic",
        })
    }
}

/// Description of the engine a stage used, as written to `engines` in report.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineInfo {
    pub kind: EngineKind,
    /// Model name or rule-set name.
    pub model: String,
    /// Where the weights came from, when there are weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Why a deterministic engine stands in for a transformer, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl EngineInfo {
    pub fn deterministic(model: &str, note: Option<String>) -> Self {
        EngineInfo {
            kind: EngineKind::Deterministic,
            model: model.to_string(),
            source: None,
            note,
        }
    }
}

/// Device requested on the command line or in crosscheck.toml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DeviceChoice {
    /// CUDA when libtorch sees a GPU, else CPU.
    #[default]
    Auto,
    Cpu,
    Cuda,
}

impl DeviceChoice {
    /// Resolves the choice against what libtorch sees. Asking for CUDA without a usable
    /// GPU is an error, not a silent fallback.
    pub fn resolve(self) -> Result<tch::Device> {
        match self {
            DeviceChoice::Auto => Ok(tch::Device::cuda_if_available()),
            DeviceChoice::Cpu => Ok(tch::Device::Cpu),
            DeviceChoice::Cuda if tch::Cuda::is_available() => Ok(tch::Device::Cuda(0)),
            DeviceChoice::Cuda => Err(Error::Device(
                "--device cuda was requested but libtorch sees no CUDA device".into(),
            )),
        }
    }
}

/// Human name of a device: "cpu" or "cuda:0".
pub fn device_name(device: tch::Device) -> String {
    match device {
        tch::Device::Cuda(i) => format!("cuda:{i}"),
        tch::Device::Mps => "mps".into(),
        tch::Device::Vulkan => "vulkan".into(),
        tch::Device::Cpu => "cpu".into(),
    }
}

/// Sets how many CPU threads each model forward pass uses (libtorch's intra-op
/// threads) for the rest of the process. Scores can differ in their last digits from
/// one thread count to another (libtorch splits reductions by thread), so reports
/// compared byte for byte need the same count.
pub fn set_model_threads(n: std::num::NonZeroUsize) {
    tch::set_num_threads(i32::try_from(n.get()).unwrap_or(i32::MAX));
}

/// CPU threads a model forward pass uses now (libtorch's intra-op threads).
pub fn model_threads() -> usize {
    usize::try_from(tch::get_num_threads()).unwrap_or(0)
}

/// Keeps glibc's malloc from returning every large tensor buffer to the kernel.
///
/// By default glibc serves allocations above 128 KiB (raised as they are freed) with a
/// fresh mmap and unmaps them on free, so the first passes of a model page-fault
/// through every activation buffer again (libtorch allocates with malloc). Serving up
/// to 32 MiB from the heap and trimming it only past 256 MiB made the first
/// embedding pass 10-18% faster (BENCHMARKS.md). Call once, before any model runs.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt changes allocator parameters only, under glibc's own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}
