//! OAuth 2.0 as an MCP HTTP server meets it: scopes (RFC 6749 §3.3). Pure: no clap, no
//! printing, no files.

/// Scopes as given (each value may hold several, separated by spaces), checked against RFC
/// 6749 §3.3 (printable ASCII but space, `"` and `\`) and in order, each once.
pub fn scopes(values: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let before = out.len();
        for scope in value.split(' ').filter(|s| !s.is_empty()) {
            if let Some(c) = scope
                .chars()
                .find(|&c| !c.is_ascii_graphic() || c == '"' || c == '\\')
            {
                return Err(format!(
                    "`{}` is not a scope: {} may not be in one (RFC 6749 §3.3: printable ASCII but space, \" and \\)",
                    scope.escape_debug(),
                    match c {
                        '"' | '\\' => format!("`{c}`"),
                        c => format!("{:?}", c),
                    }
                ));
            }
            if !out.iter().any(|s| s == scope) {
                out.push(scope.to_string());
            }
        }
        if out.len() == before && value.trim_matches(' ').is_empty() {
            return Err("a scope is empty".to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_split_on_spaces_are_checked_and_kept_once() {
        let v = |s: &[&str]| scopes(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            v(&["mcp:tools  mcp:read", "mcp:tools"]).unwrap(),
            ["mcp:tools", "mcp:read"]
        );
        assert!(v(&["a\"b"]).unwrap_err().contains("RFC 6749"));
        assert!(v(&["a\\b"]).is_err());
        assert!(v(&["a\tb"]).is_err());
        assert!(v(&["é"]).is_err());
        assert!(v(&["  "]).unwrap_err().contains("empty"));
        assert!(v(&[]).unwrap().is_empty());
    }
}
