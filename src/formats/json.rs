//! JSON and JSONC MCP configurations: the servers sit where each JSON client of
//! [`crate::mcp::clients`] keeps them (`mcpServers.<name>`, VS Code's `servers.<name>`, Zed's
//! `context_servers.<name>`, Augment's `"augment.advanced".mcpServers` array), or the file is one
//! server's own block (the seeds' files). The token is `env.<VAR>` of a server, or the value of
//! a header in `headers`.
//!
//! The file is read by jsonc-parser, which gives every string literal's byte range, so the
//! token's characters can be replaced in place and nothing else moves.

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::{FormatError, Found, ServerAt, Target, classify, line_col, push_key};
use crate::mcp::clients::{ANY, Layout, SERVER_BLOCK, Servers};

fn parse<'a>(text: &'a str, options: &ParseOptions) -> Result<Option<Value<'a>>, FormatError> {
    parse_to_ast(text, &CollectOptions::default(), options)
        .map(|r| r.value)
        .map_err(|e| {
            FormatError::new(
                e.line_display(),
                e.column_display(),
                format!("not valid JSON: {}", e.kind()),
            )
        })
}

/// Whether `text` is strict JSON (no comments, trailing commas or other JSONC liberties).
/// JSONC as MCP clients read it (VS Code's `mcp.json`, Zed's settings): comments and trailing
/// commas, nothing else of JSON5 — a missing comma or an unquoted key is an error a client
/// would also fail on, not something to patch around.
fn jsonc() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        ..strict()
    }
}

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Whether `text` is strict JSON (RFC 8259).
pub fn is_strict(text: &str) -> bool {
    matches!(parse(text, &strict()), Ok(Some(_)))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

struct Finder<'t> {
    text: &'t str,
    target: &'t Target,
    found: Found,
}

impl Finder<'_> {
    fn error_at(&self, at: usize, message: String) -> FormatError {
        let (line, column) = line_col(self.text, at);
        FormatError::new(line, column, message)
    }

    /// The one property `key` of `obj`; a key given twice is ambiguous.
    fn get<'a, 'b>(
        &self,
        obj: &'b Object<'a>,
        key: &str,
    ) -> Result<Option<&'b Value<'a>>, FormatError> {
        let mut props = obj.properties.iter().filter(|p| p.name.as_str() == key);
        let first = props.next();
        if let Some(second) = props.next() {
            let (line, _) = line_col(self.text, first.map_or(0, |p| p.range.start));
            return Err(self.error_at(
                second.range.start,
                format!(
                    "\"{key}\" appears twice in the same object (first on line {line}); remove one"
                ),
            ));
        }
        Ok(first.map(|p| &p.value))
    }

    /// The object at `path` under `obj`, if there is one.
    fn object_at<'a, 'b>(
        &self,
        obj: &'b Object<'a>,
        path: &[&str],
    ) -> Result<Option<&'b Object<'a>>, FormatError> {
        let mut at = obj;
        for key in path {
            match self.get(at, key)? {
                Some(Value::Object(inner)) => at = inner,
                _ => return Ok(None),
            }
        }
        Ok(Some(at))
    }

    fn server(
        &mut self,
        layout: &Layout,
        name: Option<&str>,
        location: &str,
        server: &Object,
    ) -> Result<(), FormatError> {
        if let Some(name) = name {
            // The same server read by two layouts (opencode's and VS Code's `mcp.servers`)
            // is one server.
            if self.found.servers.iter().any(|s| s.location == location) {
                if self.found.sites.iter().any(|s| s.location == location)
                    || self.found.references.iter().any(|r| r.location == location)
                {
                    return Ok(());
                }
            } else {
                self.found.servers.push(ServerAt {
                    name: name.to_string(),
                    location: location.to_string(),
                });
            }
            if self.target.server.as_deref().is_some_and(|s| s != name) {
                return Ok(());
            }
        }
        let (container, key) = match &self.target.header {
            Some(h) => (layout.headers, h.as_str()),
            None => (layout.env, self.target.var.as_str()),
        };
        if self.target.header.is_none()
            && let Some(headers) = self.object_at(server, layout.headers)?
        {
            for p in &headers.properties {
                if let Value::StringLit(v) = &p.value {
                    self.found.note_header(name, p.name.as_str(), &v.value);
                }
            }
        }
        let Some(vars) = self.object_at(server, container)? else {
            return Ok(());
        };
        match self.get(vars, key)? {
            None => Ok(()),
            Some(Value::StringLit(lit)) => {
                let start = lit.range.start + 1;
                let raw = &self.text[start..lit.range.end - 1];
                let (line, column) = line_col(self.text, lit.range.start);
                classify(
                    &mut self.found,
                    (name.map(str::to_string), location),
                    (line, column),
                    start,
                    raw,
                    &lit.value,
                    self.target.header.is_some(),
                )
            }
            Some(other) => {
                let at = match other {
                    Value::NumberLit(n) => n.range.start,
                    Value::Object(o) => o.range.start,
                    Value::Array(a) => a.range.start,
                    Value::BooleanLit(b) => b.range.start,
                    Value::NullKeyword(n) => n.range.start,
                    Value::StringLit(s) => s.range.start,
                };
                Err(self.error_at(at, format!("{key} holds {}, not a string", kind(other))))
            }
        }
    }

    /// The servers of `layout` in `root`, if it has any there.
    fn layout(&mut self, layout: &Layout, root: &Object) -> Result<(), FormatError> {
        self.walk(layout, layout.path, root, String::new())
    }

    /// The servers at `path` under `at` (whose location is `location`).
    fn walk(
        &mut self,
        layout: &Layout,
        path: &[&str],
        at: &Object,
        location: String,
    ) -> Result<(), FormatError> {
        let Some((key, rest)) = path.split_first() else {
            return Ok(());
        };
        if *key == ANY {
            for prop in &at.properties {
                if let Value::Object(inner) = &prop.value {
                    let mut here = location.clone();
                    push_key(&mut here, prop.name.as_str());
                    self.walk(layout, rest, inner, here)?;
                }
            }
            return Ok(());
        }
        let mut here = location;
        push_key(&mut here, key);
        let value = self.get(at, key)?;
        if !rest.is_empty() {
            if let Some(Value::Object(inner)) = value {
                self.walk(layout, rest, inner, here)?;
            }
            return Ok(());
        }
        match (layout.servers, value) {
            (Servers::ByName, Some(Value::Object(map))) => self.servers_map(layout, map, &here),
            (Servers::List { name }, Some(Value::Array(list))) => {
                let mut seen: Vec<String> = Vec::new();
                for (i, item) in list.elements.iter().enumerate() {
                    if let Value::Object(server) = item {
                        let (name, at) = match self.get(server, name)? {
                            Some(Value::StringLit(n)) => (n.value.to_string(), n.range.start),
                            _ => continue,
                        };
                        // A server named twice: which one is meant is a guess.
                        if seen.contains(&name) {
                            return Err(self.error_at(
                                at,
                                format!("server \"{name}\" is defined twice; remove one"),
                            ));
                        }
                        seen.push(name.clone());
                        let location = format!("{here}[{i}]");
                        self.server(layout, Some(&name), &location, server)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn servers_map(
        &mut self,
        layout: &Layout,
        map: &Object,
        location: &str,
    ) -> Result<(), FormatError> {
        for (i, prop) in map.properties.iter().enumerate() {
            let name = prop.name.as_str();
            if layout.not_servers.contains(&name) {
                continue;
            }
            if map.properties[..i].iter().any(|p| p.name.as_str() == name) {
                return Err(self.error_at(
                    prop.range.start,
                    format!("server \"{name}\" is defined twice; remove one"),
                ));
            }
            if let Value::Object(server) = &prop.value {
                let mut here = location.to_string();
                push_key(&mut here, name);
                self.server(layout, Some(name), &here, server)?;
            }
        }
        Ok(())
    }
}

/// The token's sites in a JSON or JSONC configuration, looked for in `layouts` (and, unless
/// a server is named, in the file as one server's own block), every server seen listed in
/// [`Found::servers`]; finding nothing is not an error here.
pub fn survey(text: &str, target: &Target, layouts: &[&Layout]) -> Result<Found, FormatError> {
    let root = match parse(text, &jsonc())? {
        Some(Value::Object(root)) => root,
        Some(other) => {
            return Err(FormatError::new(
                1,
                1,
                format!("the top level is {}, not an object", kind(&other)),
            ));
        }
        None => return Err(FormatError::new(1, 1, "the file is empty")),
    };
    let mut f = Finder {
        text,
        target,
        found: Found::default(),
    };
    for layout in layouts {
        f.layout(layout, &root)?;
    }
    // A file that is one server's own block: `{"command": …, "env": {…}}`.
    if f.target.server.is_none() {
        f.server(&SERVER_BLOCK, None, "", &root)?;
    }
    Ok(f.found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sites of `text` in every layout of this format, as [`super::super::find_all`] reads
    /// them.
    fn find(text: &str, target: &Target) -> Result<Found, FormatError> {
        crate::formats::find_all(crate::formats::Format::Json, text, target)
    }

    fn target(var: &str) -> Target {
        Target::var(var)
    }

    #[test]
    fn finds_the_token_in_every_layout() {
        let cases = [
            r#"{"mcpServers": {"exai": {"env": {"T": "tok"}}}}"#,
            r#"{"servers": {"exai": {"type": "stdio", "env": {"T": "tok",},},}, // c
            }"#,
            r#"{"context_servers": {"exai": {"env": {"T": "tok"}}}}"#,
            r#"{"augment.advanced": {"mcpServers": [{"name": "exai", "env": {"T": "tok"}}]}}"#,
            r#"{"env": {"T": "tok"}}"#,
        ];
        for text in cases {
            let found = find(text, &target("T")).unwrap();
            assert_eq!(found.sites.len(), 1, "{text}");
            assert_eq!(&text[found.sites[0].span.clone()], "tok", "{text}");
        }
    }

    #[test]
    fn header_keeps_its_scheme() {
        let text = r#"{"mcpServers": {"r": {"headers": {"Authorization": "Bearer tok"}}}}"#;
        let t = Target {
            header: Some("Authorization".into()),
            ..target("T")
        };
        let found = find(text, &t).unwrap();
        assert_eq!(&text[found.sites[0].span.clone()], "tok");
    }

    #[test]
    fn missing_variable_names_the_servers_found() {
        let err = find(
            r#"{"mcpServers": {"a": {"env": {}}, "b": {}}}"#,
            &target("T"),
        )
        .unwrap_err();
        assert!(
            err.message.contains("servers found: a, b"),
            "{}",
            err.message
        );
    }

    #[test]
    fn non_string_and_duplicates_are_errors() {
        let err = find(r#"{"env": {"T": 12345}}"#, &target("T")).unwrap_err();
        assert!(err.message.contains("holds a number"), "{}", err.message);
        let err = find("{\"env\": {\"T\": \"a\",\n \"T\": \"b\"}}", &target("T")).unwrap_err();
        assert!(err.message.contains("appears twice"), "{}", err.message);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn strictness_is_detected() {
        assert!(is_strict(r#"{"a": 1}"#));
        assert!(!is_strict("{\"a\": 1,}"));
        assert!(!is_strict("{\"a\": 1} // c"));
    }

    #[test]
    fn truncated_json_is_an_error_with_a_position() {
        let err = find("{\n  \"mcpServers\": {\n", &target("T")).unwrap_err();
        assert!(err.line >= 2, "{err:?}");
    }
}
