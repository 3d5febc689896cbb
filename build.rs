//! Link jwtadm with packed relative relocations on Linux (`-z pack-relative-relocs`, DT_RELR,
//! glibc 2.36 and binutils 2.38 or later): aws-lc's tables give the binary about 8,000
//! relative relocations, which the loader applies at every start, and a command-line tool
//! starts for every command. A linker that does not know the option warns and links as before.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
