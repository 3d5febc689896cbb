//! TOML MCP configurations: Codex `config.toml`, where each server is `[mcp_servers.<name>]`
//! and the token is in its `env` table (`[mcp_servers.<name>.env]` or inline `env = {…}`) or
//! in `http_headers` (see [`crate::mcp::clients`]).
//!
//! toml_edit's `Document` keeps the byte span of every value, so the token's characters are
//! replaced in place and comments, key order and the comment at the end of the line stay.

use toml_edit::{Document, Item, TableLike, Value};

use super::{Format, FormatError, Found, Target, classify, line_col, require_sites};
use crate::mcp::clients::{self, Layout, Servers};

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

/// The token's sites in a TOML configuration.
pub fn find(text: &str, target: &Target) -> Result<Found, FormatError> {
    let doc = Document::parse(text).map_err(|e| {
        let (line, column) = line_col(text, e.span().map_or(0, |s| s.start));
        FormatError::new(
            line,
            column,
            format!("not valid TOML: {}", e.message().trim_end()),
        )
    })?;
    let mut found = Found::default();
    let mut servers = Vec::new();
    for layout in clients::layouts(Format::Toml) {
        layout_sites(text, &doc, layout, target, &mut found, &mut servers)?;
    }
    require_sites(&found, target, &servers)?;
    Ok(found)
}

/// The token's sites among the servers of `layout` in `doc`; every server's name is added to
/// `servers`.
fn layout_sites(
    text: &str,
    doc: &Document<&str>,
    layout: &Layout,
    target: &Target,
    found: &mut Found,
    servers: &mut Vec<String>,
) -> Result<(), FormatError> {
    let (container, key) = match &target.header {
        Some(h) => (layout.headers, h.as_str()),
        None => (layout.env, target.var.as_str()),
    };
    // No TOML client lists its servers in an array of tables: only servers by name are read.
    if layout.servers != Servers::ByName {
        return Ok(());
    }
    let mut at = Some(doc.as_item());
    for k in layout.path {
        at = at.and_then(|item| item.get(k));
    }
    let Some(map) = at.and_then(Item::as_table_like) else {
        return Ok(());
    };
    for (name, server) in map.iter() {
        servers.push(name.to_string());
        if target.server.as_deref().is_some_and(|s| s != name) {
            continue;
        }
        if target.header.is_none()
            && let Some(headers) = server
                .as_table_like()
                .and_then(|s| s.get(layout.headers))
                .and_then(Item::as_table_like)
        {
            for (h, v) in headers.iter() {
                if let Some(v) = v.as_str() {
                    found.note_header(Some(name), h, v);
                }
            }
        }
        let Some(vars) = server
            .as_table_like()
            .and_then(|s| s.get(container))
            .and_then(Item::as_table_like)
        else {
            continue;
        };
        site(text, found, Some(name), vars, key, target.header.is_some())?;
    }
    Ok(())
}

fn site(
    text: &str,
    found: &mut Found,
    server: Option<&str>,
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
        server.map(str::to_string),
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
