//! torch-sys links libtorch but sets no rpath, so binaries and tests would not start
//! without LD_LIBRARY_PATH. torch-sys (`links = "tch"`) exports its lib dir to crates that
//! depend on it directly; point the rpath there. CUDA/cuDNN libs are then found through
//! the torch libraries' own RPATH.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(lib) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
    }
}
