//! Promise: what people read does not change by accident. Snapshots (trycmd, as clap and
//! cargo use it) of the help, a usage error, the fixed-clock (`JWTADM_NOW`) outputs of
//! `token inspect`, `token verify`, `token status` and `scan` (`scan-table.in/`), and `server metadata`'s document: each case is `tests/cmd/NAME.toml` (its
//! command, exit code and, in `NAME.in/`, the files it runs among), with what it must print
//! in `NAME.stdout` and `NAME.stderr`. The environment is only what is set here: no terminal,
//! no colour, no `COLUMNS`, so tables are not wrapped.
//!
//! After an intended change of wording, refresh the snapshots and review their diff:
//!
//! ```text
//! TRYCMD=overwrite cargo test --test integration snapshots
//! git diff tests/cmd
//! ```

use crate::common::{NOW, SECRET, state_home};

#[test]
fn help_usage_errors_and_fixed_clock_outputs_match_their_snapshots() {
    trycmd::TestCases::new()
        .register_bin("jwtadm", std::path::Path::new(env!("CARGO_BIN_EXE_jwtadm")))
        .env("JWTADM_NOW", NOW)
        .env("JWT_SECRET_KEY", SECRET)
        .env("XDG_STATE_HOME", state_home().display().to_string())
        .case("tests/cmd/*.toml")
        .run();
}
