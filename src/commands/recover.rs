//! `jwtadm recover`: finish or undo the runs a crash interrupted.

use crate::cli::RecoverArgs;
use crate::error::{Exit, Result};
use crate::output::{Cell, Out, Tone, plural};
use crate::time::rfc3339;
use crate::txn::recover::{self, Mode};

pub fn recover(args: RecoverArgs, out: &Out) -> Result<Exit> {
    let mode = if args.dry_run {
        Mode::DryRun
    } else if args.discard {
        Mode::Discard
    } else {
        Mode::Apply
    };
    let reports = recover::recover(mode)?;
    let stuck = reports
        .iter()
        .any(|r| !r.conflicts.is_empty() && !r.discarded);
    if out.json() {
        out.print_json(&serde_json::json!({
            "dry_run": args.dry_run,
            "runs": reports,
        }))?;
    } else if reports.is_empty() {
        out.line("no interrupted run: nothing to recover")?;
    } else {
        let rows = reports.iter().map(|r| {
            let state = if r.discarded {
                Cell::toned("discarded", Tone::Dim)
            } else if !r.conflicts.is_empty() {
                Cell::toned(
                    format!("NOT recovered: {}", r.conflicts.join("; ")),
                    Tone::Bad,
                )
            } else if args.dry_run {
                Cell::toned("would be recovered", Tone::Dim)
            } else {
                Cell::toned("recovered", Tone::Good).atom()
            };
            let mut what = r
                .files
                .iter()
                .map(|f| format!("{} {}", f.outcome, f.path.display()))
                .collect::<Vec<_>>();
            what.extend(r.keyring.iter().cloned());
            [
                Cell::from(&r.run).atom(),
                Cell::from(format!("{} ({})", r.command, rfc3339(r.started))),
                Cell::from(r.action.words()).atom(),
                Cell::lines(what.join("\n")).path(),
                state,
            ]
        });
        let mut text = out.table(&["run", "command", "action", "files", "state"], rows);
        text.push(format!(
            "{} {}\n",
            plural(reports.len(), "interrupted run"),
            if args.dry_run {
                "found (dry run: nothing changed)"
            } else {
                "found"
            }
        ));
        out.print(text)?;
    }
    Ok(if stuck { Exit::Operational } else { Exit::Ok })
}
