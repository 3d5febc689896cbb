//! Inputs the fuzz targets (fuzz/) once crashed on, replayed through the same checks on every
//! `cargo test`. Each file in tests/fixtures/fuzz/ is named `<target>-<what it found>`.

#[path = "../../fuzz/patch_check.rs"]
mod patch_check;

use jwtadm::formats::Format;

#[test]
fn every_crash_the_fuzzers_found_stays_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(&path).unwrap();
        let target = name.split('-').next().unwrap();
        match target {
            "patch_json" => patch_check::check(Format::Json, &data),
            "patch_toml" => patch_check::check(Format::Toml, &data),
            "patch_dotenv" => patch_check::check(Format::Dotenv, &data),
            "patch_yaml" => patch_check::check(Format::Yaml, &data),
            "token_decode" => {
                if let Ok(text) = std::str::from_utf8(&data) {
                    let _ = jwtadm::jose::decode(jwtadm::jose::clean(text));
                }
            }
            "roster_parse" => {
                if let Ok(text) = std::str::from_utf8(&data) {
                    let _ =
                        jwtadm::roster::Roster::parse(text, std::path::Path::new("clients.toml"));
                }
            }
            other => panic!("{name}: unknown fuzz target {other}"),
        }
        replayed += 1;
    }
    assert!(
        replayed >= 1,
        "no regression inputs found in {}",
        dir.display()
    );
}
