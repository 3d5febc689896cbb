//! `jwtadm completions SHELL` and `jwtadm man`: generated from the clap definitions.

use std::path::Path;

use clap::CommandFactory;
use clap_mangen::roff::{Roff, roman};
use serde_json::json;

use crate::cli::{Cli, EXIT_CODES, SECRET_SOURCES, Shell};
use crate::error::{Error, Exit, Result};
use crate::output::Out;

pub fn completions(shell: Shell, out: &Out) -> Result<Exit> {
    use clap_complete::Shell as S;
    let shell = match shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "jwtadm", &mut buf);
    out.print_raw(&buf)?;
    Ok(Exit::Ok)
}

/// `jwtadm man`: the top page on standard output; with `--dir`, every page written there.
pub fn man(dir: Option<&Path>, out: &Out) -> Result<Exit> {
    let pages = man_pages();
    let Some(dir) = dir else {
        out.print_raw(pages[0].1.as_bytes())?;
        return Ok(Exit::Ok);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
    let mut written = Vec::new();
    for (name, page) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, page).map_err(|e| Error::io("writing", &path, e))?;
        written.push(path.display().to_string());
    }
    if out.json() {
        out.print_json(&json!({ "dir": dir.display().to_string(), "pages": written }))?;
    } else {
        for p in &written {
            out.line(p.as_str())?;
        }
    }
    Ok(Exit::Ok)
}

/// Every man page, the top one (`jwtadm.1`) first: one per command and subcommand, named
/// after its path (`jwtadm-token-verify.1`), each referring only to pages in this list.
pub fn man_pages() -> Vec<(String, String)> {
    let mut cmd = no_help_subcommands(Cli::command());
    cmd.build();
    let mut pages = Vec::new();
    walk(&cmd, None, &mut pages);
    pages
}

fn no_help_subcommands(cmd: clap::Command) -> clap::Command {
    cmd.disable_help_subcommand(true)
        .mut_subcommands(no_help_subcommands)
}

fn page_name(cmd: &clap::Command) -> &str {
    cmd.get_display_name().unwrap_or_else(|| cmd.get_name())
}

fn visible(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands().filter(|c| !c.is_hide_set())
}

fn walk(cmd: &clap::Command, parent: Option<&clap::Command>, pages: &mut Vec<(String, String)>) {
    pages.push((format!("{}.1", page_name(cmd)), render(cmd, parent)));
    for sub in visible(cmd) {
        walk(sub, Some(cmd), pages);
    }
}

/// One section of clap_mangen's, without the preamble each rendering repeats.
fn section(
    man: &clap_mangen::Man,
    f: fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    let mut preamble = Vec::new();
    let _ = Roff::new().to_writer(&mut preamble);
    let mut buf = Vec::new();
    let _ = f(man, &mut buf); // writing to a Vec does not fail
    let text = String::from_utf8_lossy(&buf).into_owned();
    let preamble = String::from_utf8_lossy(&preamble).into_owned();
    text.strip_prefix(&preamble).unwrap_or(&text).to_string()
}

/// `.BR name (1)` references, separated by commas.
fn references<'a>(roff: &mut Roff, names: impl IntoIterator<Item = &'a str>) {
    let names: Vec<&str> = names.into_iter().collect();
    for (i, name) in names.iter().enumerate() {
        let sep = if i + 1 < names.len() { "(1)," } else { "(1)" };
        roff.control("BR", [name.replace('-', "\\-").as_str(), sep]);
    }
}

/// A command's page: title, clap_mangen's sections, the after-help prose, its subcommands, the
/// exit codes, its examples and the pages beside it.
fn render(cmd: &clap::Command, parent: Option<&clap::Command>) -> String {
    let man = clap_mangen::Man::new(cmd.clone());
    let (prose, examples) = after_help(cmd);

    // `'\" t` asks man(1) to run the page through tbl, for the EXIT STATUS table.
    let mut page = String::from("'\\\" t\n");
    page.push_str(&title(cmd));
    page.push_str(&section(&man, clap_mangen::Man::render_name_section));
    page.push_str(&section(&man, clap_mangen::Man::render_synopsis_section));
    page.push_str(&section(&man, clap_mangen::Man::render_description_section));

    let mut roff = Roff::new();
    for p in &prose {
        roff.control("PP", []).text([roman(p.as_str())]);
    }
    if parent.is_none() {
        roff.control("PP", []).text([roman(SECRET_SOURCES)]);
    }
    page.push_str(&strip_preamble(roff));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        page.push_str(&section(&man, clap_mangen::Man::render_options_section));
    }

    let mut roff = Roff::new();
    commands_section(&mut roff, cmd);
    exit_status_section(&mut roff);
    examples_section(&mut roff, &examples);
    if let Some(parent) = parent {
        see_also_section(&mut roff, cmd, parent);
    }
    page.push_str(&strip_preamble(roff));
    ascii(&page)
}

/// The after-help text: paragraphs of prose, and the lines of an `Examples:` block of commands.
fn after_help(cmd: &clap::Command) -> (Vec<String>, Vec<String>) {
    let after = cmd
        .get_after_help()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut prose = Vec::new();
    let mut examples = Vec::new();
    for block in after.split("\n\n") {
        if let Some(rest) = block.strip_prefix("Examples:\n") {
            examples.extend(
                rest.lines()
                    .map(|l| l.strip_prefix("  ").unwrap_or(l).to_string()),
            );
        } else if !block.trim().is_empty()
            && !block.starts_with("Exit codes")
            && block != SECRET_SOURCES
        {
            prose.push(block.replace('\n', " "));
        }
    }
    (prose, examples)
}

/// The roff preamble and the title line, by hand: clap_mangen writes an empty date as nothing,
/// which shifts the source and manual into the date's place.
fn title(cmd: &clap::Command) -> String {
    let version = cmd.get_version().unwrap_or_default();
    let mut preamble = Vec::new();
    let _ = Roff::new().to_writer(&mut preamble);
    format!(
        "{}.TH {} 1 \"\" \"jwtadm {version}\" \"jwtadm manual\"\n",
        String::from_utf8_lossy(&preamble),
        page_name(cmd).to_uppercase().replace('-', "\\-")
    )
}

/// COMMANDS: each visible subcommand's page and what it does.
fn commands_section(roff: &mut Roff, cmd: &clap::Command) {
    let subs: Vec<&clap::Command> = visible(cmd).collect();
    if subs.is_empty() {
        return;
    }
    roff.control("SH", ["COMMANDS"]);
    for sub in &subs {
        roff.control("TP", []);
        roff.control("BR", [page_name(sub).replace('-', "\\-").as_str(), "(1)"]);
        if let Some(about) = sub.get_about() {
            roff.text([roman(about.to_string())]);
        }
    }
}

/// EXIT STATUS: the same table of codes on every page.
fn exit_status_section(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman("The same for every command:")]);
    roff.control("TS", []);
    roff.text([roman("tab(@);")]);
    roff.text([roman("lb lbx")]);
    roff.text([roman("l lx.")]);
    roff.text([roman("code@meaning")]);
    for (code, meaning) in EXIT_CODES {
        roff.text([roman(format!("{code}@T{{"))]);
        roff.text([roman(meaning)]);
        roff.text([roman("T}")]);
    }
    roff.control("TE", []);
}

/// EXAMPLES: the after-help's commands, unfilled and indented.
fn examples_section(roff: &mut Roff, examples: &[String]) {
    if examples.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    roff.control("RS", ["4"]);
    for line in examples {
        roff.text([roman(line.as_str())]);
    }
    roff.control("RE", []);
    roff.control("fi", []);
}

/// SEE ALSO: jwtadm(1), the parent's page and its other subcommands', each named once.
fn see_also_section(roff: &mut Roff, cmd: &clap::Command, parent: &clap::Command) {
    let name = page_name(cmd);
    roff.control("SH", ["SEE ALSO"]);
    roff.control("nh", []); // no hyphen breaks inside the page names
    let mut names = Vec::new();
    if parent.get_display_name() != Some("jwtadm") {
        names.push("jwtadm");
    }
    names.push(page_name(parent));
    names.extend(visible(parent).map(page_name).filter(|n| *n != name));
    // jwtadm(1) is also the parent of the groups: named once (found by the second red team).
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    references(roff, names);
}

/// `text` with every character beyond ASCII written as a roff escape (`\[u2026]`), so the page
/// reads the same whatever input encoding the formatter assumes.
fn ascii(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            s.push(c);
        } else {
            s.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    s
}

fn strip_preamble(roff: Roff) -> String {
    let mut preamble = Vec::new();
    let _ = Roff::new().to_writer(&mut preamble);
    let text = roff.render();
    let preamble = String::from_utf8_lossy(&preamble).into_owned();
    text.strip_prefix(&preamble).unwrap_or(&text).to_string()
}
