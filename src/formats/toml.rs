//! TOML MCP configurations: Codex `config.toml`, where each server is `[mcp_servers.<name>]`
//! and the token is in its `env` table (`[mcp_servers.<name>.env]` or inline `env = {…}`) or
//! in `http_headers` (see [`crate::mcp::clients`]).
//!
//! toml_edit's `Document` keeps the byte span of every value, so the token's characters are
//! replaced in place and comments, key order and the comment at the end of the line stay.

use toml_edit::{Document, Item, TableLike, Value};

use super::{FormatError, Found, ServerAt, Target, classify, line_col, push_key};
use crate::mcp::clients::{Layout, Servers};

fn type_name(item: &Item) -> &'static str {
    match item {
        Item::Value(Value::String(_)) => "a string",
        Item::Value(Value::Integer(_)) => "an integer",
        Item::Value(Value::Float(_)) => "a float",
        Item::Value(Value::Boolean(_)) => "a boolean",
        Item::Value(Value::Datetime(_)) => "a date-time",
        Item::Value(Value::Array(_)) | Item::ArrayOfTables(_) => "an array",
        Item::Value(Value::InlineTable(_)) | Item::Table(_) => "a table",
        Item::None => "nothing",
    }
}

/// The token's sites in `layouts` of a TOML configuration, every server seen listed in
/// [`Found::servers`]; finding nothing is not an error here.
pub fn survey(text: &str, target: &Target, layouts: &[&Layout]) -> Result<Found, FormatError> {
    let doc = Document::parse(text).map_err(|e| {
        let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
        FormatError::new(
            line,
            column,
            format!("not valid TOML: {}", e.message().trim_end()),
        )
    })?;
    let mut found = Found::default();
    for layout in layouts {
        layout_sites(text, &doc, layout, target, &mut found)?;
    }
    Ok(found)
}

/// The table at `path` under `item`.
fn table_at<'a>(item: &'a Item, path: &[&str]) -> Option<&'a dyn TableLike> {
    let mut at = item;
    for k in path {
        at = at.get(k)?;
    }
    at.as_table_like()
}

/// The token's sites among the servers of `layout` in `doc`; every server is added to
/// `found.servers`.
fn layout_sites(
    text: &str,
    doc: &Document<&str>,
    layout: &Layout,
    target: &Target,
    found: &mut Found,
) -> Result<(), FormatError> {
    let (container, key) = match &target.header {
        Some(h) => (layout.headers, h.as_str()),
        None => (layout.env, target.var.as_str()),
    };
    // No TOML client lists its servers in an array of tables: only servers by name are read.
    if layout.servers != Servers::ByName {
        return Ok(());
    }
    let Some(map) = table_at(doc.as_item(), layout.path) else {
        return Ok(());
    };
    let mut location = String::new();
    for k in layout.path {
        push_key(&mut location, k);
    }
    for (name, server) in map.iter() {
        if layout.not_servers.contains(&name) {
            continue;
        }
        let mut here = location.clone();
        push_key(&mut here, name);
        found.servers.push(ServerAt {
            name: name.to_string(),
            location: here.clone(),
        });
        if target.server.as_deref().is_some_and(|s| s != name) {
            continue;
        }
        if target.header.is_none()
            && let Some(headers) = table_at(server, layout.headers)
        {
            for (h, v) in headers.iter() {
                if let Some(v) = v.as_str() {
                    found.note_header(Some(name), h, v);
                }
            }
        }
        let Some(vars) = table_at(server, container) else {
            continue;
        };
        site(
            text,
            found,
            (Some(name), &here),
            vars,
            key,
            target.header.is_some(),
        )?;
    }
    Ok(())
}

fn site(
    text: &str,
    found: &mut Found,
    (server, location): (Option<&str>, &str),
    vars: &dyn TableLike,
    key: &str,
    header: bool,
) -> Result<(), FormatError> {
    let Some(item) = vars.get(key) else {
        return Ok(());
    };
    let span = item.span().unwrap_or(0..0);
    let (line, column) = line_col(text, span.start);
    let Some(Value::String(s)) = item.as_value() else {
        return Err(FormatError::new(
            line,
            column,
            format!("{key} holds {}, not a string", type_name(item)),
        ));
    };
    let repr = &text[span.clone()];
    let quote = if repr.starts_with("\"\"\"") || repr.starts_with("'''") {
        3
    } else {
        1
    };
    let raw = &repr[quote..repr.len() - quote];
    classify(
        found,
        (server.map(str::to_string), location),
        (line, column),
        span.start + quote,
        raw,
        s.value(),
        header,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sites of `text` in every layout of this format, as [`super::super::find_all`] reads
    /// them.
    fn find(text: &str, target: &Target) -> Result<Found, FormatError> {
        crate::formats::find_all(crate::formats::Format::Toml, text, target)
    }

    fn target(var: &str) -> Target {
        Target::var(var)
    }

    #[test]
    fn finds_table_and_inline_env() {
        for text in [
            "[mcp_servers.exai]\ncommand = \"x\"\n\n[mcp_servers.exai.env]\nT = \"tok\"  # yearly\n",
            "[mcp_servers.exai]\nenv = { A = \"1\", T = 'tok' }\n",
            "[mcp_servers.exai]\nenv = { T = '''tok''' }\n",
        ] {
            let found = find(text, &target("T")).unwrap();
            assert_eq!(&text[found.sites[0].span.clone()], "tok", "{text}");
            assert_eq!(found.sites[0].server.as_deref(), Some("exai"));
        }
    }

    #[test]
    fn http_headers_keep_their_scheme() {
        let text = "[mcp_servers.r]\nhttp_headers = { \"Authorization\" = \"Bearer tok\" }\n";
        let t = Target {
            header: Some("Authorization".into()),
            ..target("T")
        };
        let found = find(text, &t).unwrap();
        assert_eq!(&text[found.sites[0].span.clone()], "tok");
    }

    #[test]
    fn duplicate_keys_and_wrong_types_are_errors() {
        let err = find("[mcp_servers.a.env]\nT = \"1\"\nT = \"2\"\n", &target("T")).unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
        let err = find("[mcp_servers.a.env]\nT = [1]\n", &target("T")).unwrap_err();
        assert!(err.message.contains("an array"), "{err:?}");
    }

    #[test]
    fn missing_variable_names_the_servers_found() {
        let err = find(
            "[mcp_servers.a]\n[mcp_servers.b.env]\nX = \"1\"\n",
            &target("T"),
        )
        .unwrap_err();
        assert!(
            err.message.contains("servers found: a, b"),
            "{}",
            err.message
        );
    }
}
