//! Where and how the transformer engines run: the device (CUDA or CPU), libtorch's
//! CPU thread count, and the allocator setting that keeps activation buffers mapped.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Device requested on the command line or in crosscheck.toml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DeviceChoice {
    /// CUDA when libtorch sees a GPU, else CPU.
    #[default]
    Auto,
    /// The CPU, even when a GPU is available.
    Cpu,
    /// The first CUDA device (cuda:0); an error when libtorch sees none.
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
/// embedding pass 10-18% faster (measured for commit 129fc55). Call once, before any
/// model runs.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt changes allocator parameters only, under glibc's own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}
