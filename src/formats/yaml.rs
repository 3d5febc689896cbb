//! YAML MCP configurations: Continue's `config.yaml` and its `.continue/mcpServers/*.yaml`
//! block files (`mcpServers:` a list of servers, each naming itself in `name`; the token in
//! `env` or `requestOptions.headers`), and Goose's `config.yaml` (`extensions.<key>`, the token
//! in `envs` or `headers`); see [`crate::mcp::clients`].
//!
//! The file is read by saphyr-parser's event parser, which gives the position of every node;
//! the token's characters are replaced in place and nothing else moves. Its positions are
//! character indices, turned into byte offsets here; the end of a quoted scalar is found by
//! scanning for its closing quote (the parser's end can run past it, over a comment), and a
//! plain scalar's text must read as its value where it starts, so a position that does not
//! match the text is refused, never spliced.
//!
//! Refused, with the line and column, on the path from the top of the document to the token
//! (the servers' mapping or list, the server, its `env`/`headers` mapping, the value) — and
//! nowhere else, so an anchor among a config's models stays fine:
//! - an alias (`*name`) in place of any of those nodes, as a key, or a merge key (`<<`) in a
//!   mapping read for a key: the value would come from elsewhere;
//! - an anchor (`&name`) on a node of the path that an alias repeats: patching it would change
//!   the other place too; an anchor on the value itself, whether repeated or not;
//! - a tag (`!x`, `!!str`) on any node of the path: what a custom tag means is the client's;
//! - a block scalar (`|`, `>`) holding the token, a value folded over several lines, a quoted
//!   value with escapes (`\u0041`, `''`);
//! - a key written twice in a mapping read for it, a server name given twice;
//! - a file of two or more documents (`---` between them): the clients read one. One document
//!   with `---`, `...` or a `%YAML` directive is fine; an empty file has no servers.

use std::collections::HashSet;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{FormatError, Found, ServerAt, Target, classify, is_reference, line_col, push_key};
use crate::mcp::clients::{ANY, Layout, Servers};

/// A node of the document, its children by index in [`Doc::nodes`] (a flat arena: a deeply
/// nested file is neither walked nor dropped recursively).
#[derive(Debug)]
struct Node {
    kind: Kind,
    /// Byte offset where the node starts, its anchor and tag included.
    start: usize,
    /// The parser's anchor id; 0 for none.
    anchor: usize,
    tagged: bool,
}

#[derive(Debug)]
enum Kind {
    Scalar {
        value: String,
        style: ScalarStyle,
        /// Byte offset where the parser says the scalar ends.
        end: usize,
    },
    Seq(Vec<usize>),
    Map(Vec<(usize, usize)>),
    Alias,
}

struct Doc<'t> {
    text: &'t str,
    nodes: Vec<Node>,
    root: Option<usize>,
    /// The anchors some alias repeats.
    aliased: HashSet<usize>,
}

/// Byte offset of every character index, and of the end.
fn char_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

fn parse(text: &str) -> Result<Doc<'_>, FormatError> {
    let offsets = char_offsets(text);
    let byte = |index: usize| offsets[index.min(offsets.len() - 1)];
    let mut doc = Doc {
        text,
        nodes: Vec::new(),
        root: None,
        aliased: HashSet::new(),
    };
    // Open collections, each with the key waiting for its value (mappings).
    let mut open: Vec<(usize, Option<usize>)> = Vec::new();
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            FormatError::new(
                e.marker().line(),
                e.marker().col() + 1,
                format!("not valid YAML: {}", e.info()),
            )
        })?;
        let start = byte(span.start.index());
        let new = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    let (line, column) = line_col(text, start);
                    return Err(FormatError::new(
                        line,
                        column,
                        "a second YAML document starts here; MCP clients read a file of one \
                         document, so which one holds the token is unclear",
                    ));
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => Node {
                kind: Kind::Scalar {
                    value: value.into_owned(),
                    style,
                    end: byte(span.end.index()),
                },
                start,
                anchor,
                tagged: tag.is_some(),
            },
            Event::Alias(id) => {
                doc.aliased.insert(id);
                Node {
                    kind: Kind::Alias,
                    start,
                    anchor: 0,
                    tagged: false,
                }
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                doc.nodes.push(Node {
                    kind,
                    start,
                    anchor,
                    tagged: tag.is_some(),
                });
                open.push((doc.nodes.len() - 1, None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((done, _)) = open.pop() else {
                    continue;
                };
                attach(&mut doc, &mut open, done);
                continue;
            }
            _ => continue,
        };
        doc.nodes.push(new);
        let at = doc.nodes.len() - 1;
        attach(&mut doc, &mut open, at);
    }
    Ok(doc)
}

/// Put the finished node `at` into the open collection, or make it the document's root.
fn attach(doc: &mut Doc, open: &mut [(usize, Option<usize>)], at: usize) {
    let Some((parent, key)) = open.last_mut() else {
        doc.root.get_or_insert(at);
        return;
    };
    match &mut doc.nodes[*parent].kind {
        Kind::Seq(items) => items.push(at),
        Kind::Map(entries) => match key.take() {
            None => *key = Some(at),
            Some(k) => entries.push((k, at)),
        },
        _ => {}
    }
}

fn kind_name(node: &Node) -> &'static str {
    match &node.kind {
        Kind::Scalar { value, style, .. } => match plain_type(value, *style) {
            Some(t) => t,
            None => "a string",
        },
        Kind::Seq(_) => "a list",
        Kind::Map(_) => "a mapping",
        Kind::Alias => "an alias",
    }
}

/// What a plain scalar is, when it is not a string (YAML 1.2's core schema, which Continue's
/// and Goose's YAML readers follow).
fn plain_type(value: &str, style: ScalarStyle) -> Option<&'static str> {
    if style != ScalarStyle::Plain {
        return None;
    }
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    let unsigned = value.trim_start_matches(['-', '+']);
    let is_float = || {
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mantissa_ok = (digits(whole, 10) && (fraction.is_empty() || digits(fraction, 10)))
            || (whole.is_empty() && digits(fraction, 10));
        let exponent_ok = exponent.is_none_or(|e| digits(e.trim_start_matches(['-', '+']), 10));
        mantissa_ok && exponent_ok
    };
    match value {
        "" | "~" | "null" | "Null" | "NULL" => Some("null"),
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Some("a boolean"),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => Some("a number"),
        _ if value.len() - unsigned.len() <= 1 && (digits(unsigned, 10) || is_float()) => {
            Some("a number")
        }
        _ if value.strip_prefix("0x").is_some_and(|h| digits(h, 16))
            || value.strip_prefix("0o").is_some_and(|o| digits(o, 8)) =>
        {
            Some("a number")
        }
        _ => None,
    }
}

struct Finder<'t> {
    doc: &'t Doc<'t>,
    target: &'t Target,
    found: Found,
}

impl<'t> Finder<'t> {
    fn node(&self, at: usize) -> &'t Node {
        &self.doc.nodes[at]
    }

    fn error_at(&self, at: usize, message: impl Into<String>) -> FormatError {
        let (line, column) = line_col(self.doc.text, self.node(at).start);
        FormatError::new(line, column, message)
    }

    /// The anchor or tag written at the start of node `at`, as in the file (`&base`, `!env`).
    fn property(&self, at: usize, sigil: char) -> String {
        let text = &self.doc.text[self.node(at).start..];
        text.split([' ', '\t', '\r', '\n'])
            .take(2)
            .find(|w| w.starts_with(sigil))
            .unwrap_or(if sigil == '&' { "an anchor" } else { "a tag" })
            .to_string()
    }

    /// Refuse node `at` on the path to the token when what it holds could come from, or go
    /// to, another place; `what` names it in the message.
    fn plain_node(&self, at: usize, what: &str) -> Result<(), FormatError> {
        let node = self.node(at);
        if let Kind::Alias = node.kind {
            let name = self.doc.text[node.start..]
                .split([' ', '\t', '\r', '\n', ',', ']', '}'])
                .next()
                .unwrap_or("*");
            return Err(self.error_at(
                at,
                format!(
                    "{what} is an alias ({name}) of a node elsewhere; the token's place is \
                     ambiguous: write it out here"
                ),
            ));
        }
        if node.tagged {
            return Err(self.error_at(
                at,
                format!(
                    "{what} carries the tag {}; jwtadm does not rewrite under a tag: remove it",
                    self.property(at, '!')
                ),
            ));
        }
        if node.anchor != 0 && self.doc.aliased.contains(&node.anchor) {
            return Err(self.error_at(
                at,
                format!(
                    "{what} carries the anchor {}, which an alias repeats elsewhere; rewriting \
                     it would change that place too: write the alias out",
                    self.property(at, '&')
                ),
            ));
        }
        Ok(())
    }

    /// The one value of `key` in mapping `map`; a key given twice, an alias as a key or a
    /// merge key (`<<`) is refused, since the value could then be another.
    fn get(&self, map: usize, key: &str) -> Result<Option<usize>, FormatError> {
        let Kind::Map(entries) = &self.node(map).kind else {
            return Ok(None);
        };
        let mut first: Option<usize> = None;
        let mut value = None;
        for &(k, v) in entries {
            match &self.node(k).kind {
                Kind::Alias => {
                    return Err(self.error_at(
                        k,
                        format!(
                            "a key written as an alias; jwtadm cannot tell whether it is \
                             \"{key}\": write the key out"
                        ),
                    ));
                }
                Kind::Scalar {
                    value: name, style, ..
                } => {
                    if name == "<<" && *style == ScalarStyle::Plain && !self.node(k).tagged {
                        return Err(self.error_at(
                            k,
                            format!(
                                "a merge key (<<) may bring in \"{key}\" from elsewhere; write \
                                 the merged keys out"
                            ),
                        ));
                    }
                    if name != key {
                        continue;
                    }
                    if let Some(f) = first {
                        let (line, _) = line_col(self.doc.text, self.node(f).start);
                        return Err(self.error_at(
                            k,
                            format!(
                                "\"{key}\" appears twice in the same mapping (first on line \
                                 {line}); remove one"
                            ),
                        ));
                    }
                    first = Some(k);
                    value = Some(v);
                }
                _ => {}
            }
        }
        Ok(value)
    }

    /// The mapping at `path` under `at`, every node on the way checked with [`Self::plain_node`].
    fn mapping_at(&self, at: usize, path: &[&str]) -> Result<Option<usize>, FormatError> {
        let mut here = at;
        for key in path {
            match self.get(here, key)? {
                Some(inner) => {
                    self.plain_node(inner, &format!("\"{key}\""))?;
                    if !matches!(self.node(inner).kind, Kind::Map(_)) {
                        return Ok(None);
                    }
                    here = inner;
                }
                None => return Ok(None),
            }
        }
        Ok(Some(here))
    }

    /// As [`Self::mapping_at`], but anything unusual is only passed over: the headers read
    /// for a hint.
    fn quiet_mapping_at(&self, at: usize, path: &[&str]) -> Option<usize> {
        self.mapping_at(at, path).ok().flatten()
    }

    fn server(
        &mut self,
        layout: &Layout,
        name: &str,
        location: &str,
        server: usize,
    ) -> Result<(), FormatError> {
        if self.found.servers.iter().any(|s| s.location == location) {
            return Ok(());
        }
        self.found.servers.push(ServerAt {
            name: name.to_string(),
            location: location.to_string(),
        });
        if self.target.server.as_deref().is_some_and(|s| s != name) {
            return Ok(());
        }
        self.plain_node(server, &format!("server {name}"))?;
        let (container, key) = match &self.target.header {
            Some(h) => (layout.headers, h.as_str()),
            None => (layout.env, self.target.var.as_str()),
        };
        if self.target.header.is_none()
            && let Some(headers) = self.quiet_mapping_at(server, layout.headers)
            && let Kind::Map(entries) = &self.node(headers).kind
        {
            for &(k, v) in entries {
                if let (Kind::Scalar { value: h, .. }, Kind::Scalar { value, .. }) =
                    (&self.node(k).kind, &self.node(v).kind)
                {
                    self.found.note_header(Some(name), h, value);
                }
            }
        }
        let Some(vars) = self.mapping_at(server, container)? else {
            return Ok(());
        };
        let Some(value) = self.get(vars, key)? else {
            return Ok(());
        };
        self.site((name, location), key, value)
    }

    /// The token at node `at`, the value of `key`.
    fn site(
        &mut self,
        (name, location): (&str, &str),
        key: &str,
        at: usize,
    ) -> Result<(), FormatError> {
        let node = self.node(at);
        let Kind::Scalar { value, style, end } = &node.kind else {
            if let Kind::Alias = node.kind {
                self.plain_node(at, key)?;
            }
            return Err(self.error_at(at, format!("{key} holds {}, not a string", kind_name(node))));
        };
        self.plain_node(at, key)?;
        if node.anchor != 0 {
            return Err(self.error_at(
                at,
                format!(
                    "{key} carries the anchor {}; rewriting an anchored value would change \
                     every alias of it: remove the anchor",
                    self.property(at, '&')
                ),
            ));
        }
        if let Some(t) = plain_type(value, *style) {
            let hint = if t == "null" {
                format!("; write {key}: \"\" to leave a place for it")
            } else {
                String::new()
            };
            return Err(self.error_at(at, format!("{key} holds {t}, not a string{hint}")));
        }
        let text = self.doc.text;
        let start = node.start;
        let (raw_start, raw) = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                return Err(self.error_at(
                    at,
                    format!(
                        "{key} is a block scalar ({}); write the token on the key's line so it \
                         can be rewritten in place",
                        if *style == ScalarStyle::Literal {
                            "|"
                        } else {
                            ">"
                        }
                    ),
                ));
            }
            ScalarStyle::Plain => {
                if text[start..].starts_with(value.as_str()) {
                    (start, &text[start..start + value.len()])
                } else {
                    (start, &text[start..(*end).max(start)])
                }
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                let quote = if *style == ScalarStyle::SingleQuoted {
                    b'\''
                } else {
                    b'"'
                };
                match closing_quote(text, start, quote) {
                    Some(close) => (start + 1, &text[start + 1..close]),
                    None => {
                        return Err(self.error_at(
                            at,
                            format!("{key}: the quoted value's place in the file is unclear; nothing was changed"),
                        ));
                    }
                }
            }
        };
        let (line, column) = line_col(text, start);
        if !is_reference(value) && raw != value.as_str() && raw.contains(['\n', '\r']) {
            return Err(FormatError::new(
                line,
                column,
                format!(
                    "{key} is folded over several lines; write the token on one line so it can be \
                     rewritten in place"
                ),
            ));
        }
        if *style == ScalarStyle::Plain && !is_reference(value) && raw != value.as_str() {
            return Err(FormatError::new(
                line,
                column,
                format!("{key}: the value's place in the file is unclear; nothing was changed"),
            ));
        }
        classify(
            &mut self.found,
            (Some(name.to_string()), location),
            (line, column),
            raw_start,
            raw,
            value,
            self.target.header.is_some(),
        )
    }

    /// The servers at `path` under node `at` (whose location is `location`).
    fn walk(
        &mut self,
        layout: &Layout,
        path: &[&str],
        at: usize,
        location: String,
    ) -> Result<(), FormatError> {
        let Some((key, rest)) = path.split_first() else {
            return Ok(());
        };
        if *key == ANY {
            let Kind::Map(entries) = &self.node(at).kind else {
                return Ok(());
            };
            for &(k, v) in entries {
                if let (Kind::Scalar { value: name, .. }, Kind::Map(_)) =
                    (&self.node(k).kind, &self.node(v).kind)
                {
                    let mut here = location.clone();
                    push_key(&mut here, name);
                    self.walk(layout, rest, v, here)?;
                }
            }
            return Ok(());
        }
        let mut here = location;
        push_key(&mut here, key);
        let Some(value) = self.get(at, key)? else {
            return Ok(());
        };
        self.plain_node(value, &format!("\"{key}\""))?;
        if !rest.is_empty() {
            if let Kind::Map(_) = self.node(value).kind {
                self.walk(layout, rest, value, here)?;
            }
            return Ok(());
        }
        match (layout.servers, &self.node(value).kind) {
            (Servers::ByName, Kind::Map(entries)) => self.servers_map(layout, entries, &here),
            (Servers::List { name }, Kind::Seq(items)) => {
                let mut seen: Vec<String> = Vec::new();
                for (i, &item) in items.iter().enumerate() {
                    if let Kind::Alias = self.node(item).kind {
                        self.plain_node(item, &format!("item {i} of {here}"))?;
                    }
                    if !matches!(self.node(item).kind, Kind::Map(_)) {
                        continue;
                    }
                    let Some(named) = self.get(item, name)? else {
                        continue;
                    };
                    let server = match &self.node(named).kind {
                        Kind::Scalar { value, .. } => value.clone(),
                        _ => continue,
                    };
                    // A server named twice: which one is meant is a guess.
                    if seen.contains(&server) {
                        return Err(self.error_at(
                            named,
                            format!("server \"{server}\" is defined twice; remove one"),
                        ));
                    }
                    seen.push(server.clone());
                    let location = format!("{here}[{i}]");
                    self.server(layout, &server, &location, item)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn servers_map(
        &mut self,
        layout: &Layout,
        entries: &[(usize, usize)],
        location: &str,
    ) -> Result<(), FormatError> {
        let mut seen: Vec<&str> = Vec::new();
        for &(k, v) in entries {
            let name = match &self.node(k).kind {
                Kind::Scalar { value, .. } => value.as_str(),
                Kind::Alias => {
                    return Err(
                        self.error_at(k, "a server's name written as an alias; write the name out")
                    );
                }
                _ => continue,
            };
            if name == "<<" {
                return Err(self.error_at(
                    k,
                    "a merge key (<<) may bring in servers from elsewhere; write them out",
                ));
            }
            if layout.not_servers.contains(&name) {
                continue;
            }
            if seen.contains(&name) {
                return Err(
                    self.error_at(k, format!("server \"{name}\" is defined twice; remove one"))
                );
            }
            seen.push(name);
            let mut here = location.to_string();
            push_key(&mut here, name);
            match self.node(v).kind {
                Kind::Map(_) => self.server(layout, name, &here, v)?,
                Kind::Alias if self.target.server.as_deref().is_none_or(|s| s == name) => {
                    self.plain_node(v, &format!("server {name}"))?;
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// The byte offset of the quote that closes the quoted scalar opening at `start`.
fn closing_quote(text: &str, start: usize, quote: u8) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(start) != Some(&quote) {
        return None;
    }
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The token's sites in `layouts` of a YAML configuration, every server seen listed in
/// [`Found::servers`]; finding nothing is not an error here.
pub fn survey(text: &str, target: &Target, layouts: &[&Layout]) -> Result<Found, FormatError> {
    let doc = parse(text)?;
    let Some(root) = doc.root else {
        return Ok(Found::default());
    };
    let mut f = Finder {
        doc: &doc,
        target,
        found: Found::default(),
    };
    match &doc.nodes[root].kind {
        Kind::Map(_) => {}
        Kind::Scalar { value, .. } if value.is_empty() => return Ok(f.found),
        _ => {
            return Err(f.error_at(
                root,
                format!(
                    "the top level is {}, not a mapping",
                    kind_name(&doc.nodes[root])
                ),
            ));
        }
    }
    f.plain_node(root, "the document")?;
    for layout in layouts {
        f.walk(layout, layout.path, root, String::new())?;
    }
    Ok(f.found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{self, Format, apply};

    fn target(var: &str) -> Target {
        Target::var(var)
    }

    fn header() -> Target {
        Target {
            header: Some("Authorization".into()),
            ..target("T")
        }
    }

    /// The token's text in `text` as found, through the BOM handling of [`formats::find`].
    fn found(text: &str, t: &Target) -> Vec<String> {
        let f = formats::find(Format::Yaml, text, t).unwrap();
        f.sites
            .iter()
            .map(|s| text[s.span.clone()].to_string())
            .collect()
    }

    fn refused(text: &str, t: &Target) -> FormatError {
        formats::find(Format::Yaml, text, t).unwrap_err()
    }

    /// Rewrite `tok` to `NEW` and check that nothing else moved.
    fn rewrites(text: &str, t: &Target) {
        const NEW: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ5In0.c2ln";
        let (new, f) = formats::rewrite(Format::Yaml, text, t, NEW).unwrap();
        assert_eq!(f.sites.len(), 1, "{text}");
        assert_eq!(new, text.replacen("tok", NEW, 1), "{text}");
    }

    #[test]
    fn finds_the_token_in_continue_and_goose_layouts() {
        for text in [
            "name: c\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: exai\n    command: x\n    env:\n      T: tok\n",
            "mcpServers:\n- name: a\n  command: y\n- name: exai\n  env: {T: tok}\n",
            "extensions:\n  exai:\n    type: stdio\n    envs:\n      T: 'tok'\n",
            "extensions: {exai: {envs: {T: \"tok\"}}}\n",
            "mcpServers: [{name: exai, env: {T: tok}}]\n",
        ] {
            assert_eq!(found(text, &target("T")), ["tok"], "{text}");
            rewrites(text, &target("T"));
        }
    }

    #[test]
    fn headers_keep_their_scheme_in_both_clients() {
        for text in [
            "mcpServers:\n  - name: r\n    type: streamable-http\n    requestOptions:\n      headers:\n        Authorization: Bearer tok\n",
            "extensions:\n  r:\n    type: streamable_http\n    headers:\n      Authorization: \"Bearer tok\"\n",
        ] {
            assert_eq!(found(text, &header()), ["tok"], "{text}");
            rewrites(text, &header());
        }
        // Looking for the variable, the header is named in the hint.
        let err = refused(
            "extensions:\n  r:\n    headers:\n      Authorization: Bearer tok\n",
            &target("T"),
        );
        assert!(err.hint.unwrap().contains("--header Authorization"));
    }

    #[test]
    fn servers_are_surveyed_with_their_locations() {
        let text = "mcpServers:\n  - name: a\n  - name: b c\n    env: {T: tok}\nextensions:\n  g:\n    envs: {}\n";
        let layouts: Vec<&Layout> = crate::mcp::clients::layouts(Format::Yaml).collect();
        let f = survey(text, &target("T"), &layouts).unwrap();
        let at: Vec<(&str, &str)> = f
            .servers
            .iter()
            .map(|s| (s.name.as_str(), s.location.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                ("a", "mcpServers[0]"),
                ("b c", "mcpServers[1]"),
                ("g", "extensions.g")
            ]
        );
        assert_eq!(f.sites[0].location, "mcpServers[1]");
        let err = refused(text, &target("NOPE"));
        assert!(
            err.message.contains("servers found: a, b c, g"),
            "{}",
            err.message
        );
    }

    #[test]
    fn non_ascii_crlf_bom_and_tabs_before_the_token_keep_byte_offsets() {
        for text in [
            "# 😀 你好 émoji\nmcpServers:\n  - name: \"😀\"\n    env: {note: 你好你好, T: tok}\n",
            "\u{feff}mcpServers:\r\n  - name: exai\r\n    env:\r\n      A: \"é\"\r\n      T: tok\r\n",
            "extensions:\n  exai:\n    envs:\n      A:\t'x'\n      T:\t\"tok\"\t# tabs\n",
            "extensions:\n  \"日本\":\n    envs: {T: tok}\n",
        ] {
            assert_eq!(found(text, &target("T")), ["tok"], "{text:?}");
            rewrites(text, &target("T"));
        }
    }

    #[test]
    fn a_comment_after_the_value_stays() {
        for text in [
            "extensions:\n  e:\n    envs:\n      T: tok # yearly\n",
            "extensions:\n  e:\n    envs:\n      T: \"tok\" # \"quoted\" comment\n",
            "extensions:\n  e:\n    envs:\n      T: 'tok' # it's\n",
        ] {
            assert_eq!(found(text, &target("T")), ["tok"], "{text}");
            rewrites(text, &target("T"));
        }
    }

    #[test]
    fn a_quoted_key_and_a_complex_key_are_keys() {
        for text in [
            "\"extensions\":\n  'e':\n    \"envs\":\n      \"T\": tok\n",
            "extensions:\n  e:\n    ? envs\n    : T: tok\n",
            "extensions:\n  e:\n    envs:\n      ? T\n      : tok\n",
        ] {
            assert_eq!(found(text, &target("T")), ["tok"], "{text}");
            rewrites(text, &target("T"));
        }
        // A key that is a list is no key of ours.
        let text = "extensions:\n  e:\n    envs:\n      ? [T]\n      : x\n      T: tok\n";
        assert_eq!(found(text, &target("T")), ["tok"]);
    }

    #[test]
    fn flow_style_env_is_found() {
        let text = "extensions: {e: {envs: {T: tok, U: v}}}\n";
        assert_eq!(found(text, &target("T")), ["tok"]);
        rewrites(text, &target("T"));
        let text = "mcpServers: [{name: e, env: {T: tok}}, {name: f}]";
        rewrites(text, &target("T"));
    }

    #[test]
    fn one_document_with_markers_and_a_directive_is_fine() {
        for text in [
            "---\nextensions:\n  e:\n    envs: {T: tok}\n",
            "%YAML 1.2\n---\nextensions:\n  e:\n    envs: {T: tok}\n...\n",
            "# only a comment first\n--- # and here\nextensions: {e: {envs: {T: tok}}}\n",
        ] {
            assert_eq!(found(text, &target("T")), ["tok"], "{text}");
            rewrites(text, &target("T"));
        }
    }

    #[test]
    fn two_documents_are_refused_at_the_second() {
        let err = refused(
            "extensions: {e: {envs: {T: tok}}}\n---\nextensions: {}\n",
            &target("T"),
        );
        assert_eq!((err.line, err.column), (2, 1), "{err:?}");
        assert!(err.message.contains("second YAML document"), "{err:?}");
    }

    #[test]
    fn aliases_and_shared_anchors_on_the_path_are_refused() {
        let cases = [
            // The value is an alias.
            (
                "x: &t tok\nextensions:\n  e:\n    envs:\n      T: *t\n",
                (5, 10),
                "alias (*t)",
            ),
            // The env mapping is an alias.
            (
                "x: &env {T: tok}\nextensions:\n  e:\n    envs: *env\n",
                (4, 11),
                "alias (*env)",
            ),
            // The env mapping is anchored and repeated elsewhere.
            (
                "extensions:\n  e:\n    envs: &env\n      T: tok\n  f:\n    envs: *env\n",
                (3, 11),
                "anchor &env",
            ),
            // The value carries an anchor.
            (
                "extensions:\n  e:\n    envs:\n      T: &t tok\n",
                (4, 10),
                "anchor &t",
            ),
            // A merge key in the env mapping.
            (
                "x: &c {T: tok}\nextensions:\n  e:\n    envs:\n      <<: *c\n",
                (5, 7),
                "merge key",
            ),
            // A server that is an alias.
            (
                "extensions:\n  e: &s {envs: {T: tok}}\n  f: *s\n",
                (2, 6),
                "anchor &s",
            ),
        ];
        for (text, at, what) in cases {
            let err = refused(text, &target("T"));
            assert_eq!((err.line, err.column), at, "{text}: {err:?}");
            assert!(err.message.contains(what), "{text}: {err:?}");
        }
        // An anchor away from the path, or one nothing repeats, is fine.
        let text =
            "models:\n  - &m {name: x}\n  - *m\nextensions:\n  e: &lonely\n    envs: {T: tok}\n";
        rewrites(text, &target("T"));
    }

    #[test]
    fn tags_on_the_path_are_refused() {
        for (text, at, tag) in [
            (
                "extensions:\n  e:\n    envs:\n      T: !!str tok\n",
                (4, 10),
                "!!str",
            ),
            (
                "extensions:\n  e:\n    envs: !env\n      T: tok\n",
                (3, 11),
                "!env",
            ),
            (
                "extensions:\n  e: !secret {envs: {T: tok}}\n",
                (2, 6),
                "!secret",
            ),
        ] {
            let err = refused(text, &target("T"));
            assert_eq!((err.line, err.column), at, "{text}: {err:?}");
            assert!(err.message.contains(tag), "{text}: {err:?}");
        }
    }

    #[test]
    fn block_scalars_folds_and_escapes_are_refused() {
        for (text, at, what) in [
            (
                "extensions:\n  e:\n    envs:\n      T: |\n        tok\n",
                (5, 9),
                "block scalar (|)",
            ),
            (
                "extensions:\n  e:\n    envs:\n      T: >-\n        tok\n",
                (5, 9),
                "block scalar (>)",
            ),
            (
                "extensions:\n  e:\n    envs:\n      T: eyJa.eyJ\n        b.sig\n",
                (4, 10),
                "several lines",
            ),
            (
                "extensions:\n  e:\n    envs:\n      T: \"eyJa.\n        eyJb.sig\"\n",
                (4, 10),
                "several lines",
            ),
            (
                "extensions:\n  e:\n    envs:\n      T: \"\\u0065yJ.a.b\"\n",
                (4, 10),
                "escape",
            ),
            (
                "extensions:\n  e:\n    envs:\n      T: 'it''s'\n",
                (4, 10),
                "escape",
            ),
        ] {
            let err = refused(text, &target("T"));
            assert_eq!((err.line, err.column), at, "{text}: {err:?}");
            assert!(err.message.contains(what), "{text}: {err:?}");
        }
    }

    #[test]
    fn duplicates_and_wrong_types_are_refused() {
        let err = refused(
            "extensions:\n  e:\n    envs:\n      T: a\n      T: b\n",
            &target("T"),
        );
        assert_eq!((err.line, err.column), (5, 7), "{err:?}");
        assert!(err.message.contains("first on line 4"), "{err:?}");
        let err = refused("extensions:\n  e: {}\n  e: {}\n", &target("T"));
        assert!(err.message.contains("defined twice"), "{err:?}");
        for (value, what) in [
            ("", "null"),
            ("~", "null"),
            ("12345", "a number"),
            ("-1.5e3", "a number"),
            ("0x1F", "a number"),
            ("true", "a boolean"),
            ("[a]", "a list"),
            ("{a: b}", "a mapping"),
        ] {
            let text = format!("extensions:\n  e:\n    envs:\n      T: {value}\n");
            let err = refused(&text, &target("T"));
            assert!(
                err.message.contains(&format!("holds {what}")),
                "{text}: {err:?}"
            );
        }
        // Quoted, they are strings.
        let text = "extensions:\n  e:\n    envs:\n      T: \"\"\n";
        let f = formats::find(Format::Yaml, text, &target("T")).unwrap();
        assert_eq!(f.sites[0].token, "");
        assert_eq!(
            apply(text, &f.sites, "new"),
            "extensions:\n  e:\n    envs:\n      T: \"new\"\n"
        );
    }

    #[test]
    fn references_are_left_alone() {
        let text = "mcpServers:\n  - name: s\n    env:\n      T: ${{ secrets.T }}\n";
        let f = formats::find(Format::Yaml, text, &target("T")).unwrap();
        assert!(f.sites.is_empty());
        assert_eq!(f.references[0].value, "${{ secrets.T }}");
    }

    #[test]
    fn broken_yaml_utf16_and_other_tops_are_errors_with_a_position() {
        let err = refused("extensions:\n  e: [a\n", &target("T"));
        assert!(err.message.starts_with("not valid YAML"), "{err:?}");
        assert!(err.line >= 2, "{err:?}");
        let err = refused("- a\n- b\n", &target("T"));
        assert!(err.message.contains("top level is a list"), "{err:?}");
        // UTF-16 never reaches the patcher as text: jwtadm reads files as UTF-8 (the reader
        // refuses it); decoded lossily, it is no mapping of ours.
        let utf16: Vec<u8> = "extensions: {e: {envs: {T: tok}}}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(std::str::from_utf8(&[&[0xff, 0xfe][..], &utf16].concat()).is_err());
        let lossy = String::from_utf8_lossy(&utf16).into_owned();
        assert!(formats::find(Format::Yaml, &lossy, &target("T")).is_err());
        // An empty file, or one of comments, has no servers.
        let err = refused("# nothing yet\n", &target("T"));
        assert!(err.message.contains("no MCP servers found"), "{err:?}");
    }

    #[test]
    fn very_deep_nesting_neither_overflows_nor_hangs() {
        let mut text = String::from("extensions:\n  e:\n    envs: {T: tok}\ndeep:\n");
        for i in 0..2_000 {
            text.push_str(&" ".repeat(i + 1));
            text.push_str("k:\n");
        }
        rewrites(&text, &target("T"));
        let flow = format!(
            "extensions: {{e: {{envs: {{T: tok}}}}}}\nx: {}",
            "[".repeat(100_000)
        );
        let err = refused(&flow, &target("T"));
        assert!(err.message.starts_with("not valid YAML"), "{err:?}");
    }

    #[test]
    fn plain_types_follow_the_core_schema() {
        for v in [
            "1", "-1", "+1", "1.", ".5", "1e3", "0o17", "0xff", ".inf", "-.Inf", ".nan",
        ] {
            assert_eq!(plain_type(v, ScalarStyle::Plain), Some("a number"), "{v}");
        }
        for v in [
            "eyJ.a.b", "1.2.3", "--1", "0x", "e3", ".", "1e", "yes", "Bearer x",
        ] {
            assert_eq!(plain_type(v, ScalarStyle::Plain), None, "{v}");
        }
        assert_eq!(plain_type("1", ScalarStyle::DoubleQuoted), None);
    }
}
