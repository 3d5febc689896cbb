//! One registry of what jwtadm knows about each MCP client: the format of its configuration,
//! where in it the servers sit, where a server's token sits (an environment variable or a
//! header), and where the client keeps its configuration on each operating system.
//!
//! Everything that needs this knowledge reads it here: the JSON and TOML finders walk
//! [`layouts`], [`Format::detect`] reads [`FILE_NAMES`] and the TOML layouts' top key, and the
//! "looked under …" message is [`looked_under`]. The per-OS paths are data for discovery.
//!
//! This module is a leaf: it knows no parser and imports nothing of jwtadm.

use std::path::Path;

/// The formats jwtadm can rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON and JSONC (comments, trailing commas).
    Json,
    /// TOML (Codex `config.toml`).
    Toml,
    /// `KEY=value` lines.
    Dotenv,
}

/// The file names that say a file's format, checked in this order (so `.env.json` is JSON).
pub struct NameRule {
    pub format: Format,
    /// The name ends with one of these (compared in lower case).
    pub suffixes: &'static [&'static str],
    /// Or starts with one of these.
    pub prefixes: &'static [&'static str],
    /// Or is one of these.
    pub exact: &'static [&'static str],
}

pub static FILE_NAMES: &[NameRule] = &[
    NameRule {
        format: Format::Json,
        suffixes: &[".json", ".jsonc", ".code-workspace"],
        prefixes: &[],
        exact: &[],
    },
    NameRule {
        format: Format::Toml,
        suffixes: &[".toml"],
        prefixes: &[],
        exact: &[],
    },
    NameRule {
        format: Format::Dotenv,
        suffixes: &[".env"],
        prefixes: &[".env."],
        exact: &[".env"],
    },
];

impl Format {
    /// The format of `path`, from its name ([`FILE_NAMES`]), else from its content.
    pub fn detect(path: &Path, text: &str) -> Format {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let named = FILE_NAMES.iter().find(|r| {
            r.exact.contains(&name.as_str())
                || r.prefixes.iter().any(|p| name.starts_with(p))
                || r.suffixes.iter().any(|s| name.ends_with(s))
        });
        if let Some(rule) = named {
            return rule.format;
        }
        let body = text.trim_start_matches('\u{feff}').trim_start();
        if body.starts_with('{') || body.starts_with("//") || body.starts_with("/*") {
            Format::Json
        } else if body.starts_with('[')
            || ::toml_edit::Document::parse(text).is_ok_and(|d| {
                layouts(Format::Toml).any(|l| l.path.first().is_some_and(|k| d.contains_key(k)))
            })
        {
            Format::Toml
        } else {
            Format::Dotenv
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Toml => "TOML",
            Format::Dotenv => "dotenv",
        }
    }
}

/// How the servers sit at a layout's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Servers {
    /// An object or table of servers by name: `{"exai": {…}}`.
    ByName,
    /// An array of server objects, each naming itself in the key given: `[{"name": "exai", …}]`.
    List { name: &'static str },
}

/// Where a configuration holds its servers, and where each server holds its token.
#[derive(Debug)]
pub struct Layout {
    pub format: Format,
    /// The keys from the top of the document to the servers; one key may hold a dot
    /// (`"augment.advanced"` is a single key).
    pub path: &'static [&'static str],
    pub servers: Servers,
    /// The table of a server's environment variables (the token is one of them).
    pub env: &'static str,
    /// The table of a server's HTTP headers (`Authorization: Bearer <jwt>`).
    pub headers: &'static str,
}

impl Layout {
    /// The path in words: `augment.advanced.mcpServers`.
    pub fn shown(&self) -> String {
        self.path.join(".")
    }
}

pub static MCP_SERVERS: Layout = Layout {
    format: Format::Json,
    path: &["mcpServers"],
    servers: Servers::ByName,
    env: "env",
    headers: "headers",
};

pub static VSCODE_SERVERS: Layout = Layout {
    format: Format::Json,
    path: &["servers"],
    servers: Servers::ByName,
    env: "env",
    headers: "headers",
};

pub static ZED_CONTEXT_SERVERS: Layout = Layout {
    format: Format::Json,
    path: &["context_servers"],
    servers: Servers::ByName,
    env: "env",
    headers: "headers",
};

pub static AUGMENT_SERVERS: Layout = Layout {
    format: Format::Json,
    path: &["augment.advanced", "mcpServers"],
    servers: Servers::List { name: "name" },
    env: "env",
    headers: "headers",
};

pub static CODEX_MCP_SERVERS: Layout = Layout {
    format: Format::Toml,
    path: &["mcp_servers"],
    servers: Servers::ByName,
    env: "env",
    headers: "http_headers",
};

/// A JSON file that is one server's own block, `{"command": …, "env": {…}}` (the seeds'
/// files): read when no server is asked for.
pub static SERVER_BLOCK: Layout = Layout {
    format: Format::Json,
    path: &[],
    servers: Servers::ByName,
    env: "env",
    headers: "headers",
};

/// Which operating systems a configuration path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Any,
    Linux,
    MacOs,
    Windows,
}

/// Whose configuration a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The user's: `~` is the home folder, `%APPDATA%` the Windows roaming folder.
    User,
    /// A project's: relative to the project's root.
    Project,
}

/// One place a client keeps its configuration.
#[derive(Debug)]
pub struct ConfigPath {
    pub scope: Scope,
    pub os: Os,
    pub path: &'static str,
}

/// An MCP client jwtadm knows.
#[derive(Debug)]
pub struct Client {
    pub name: &'static str,
    pub layout: &'static Layout,
    pub paths: &'static [ConfigPath],
}

const fn user(os: Os, path: &'static str) -> ConfigPath {
    ConfigPath {
        scope: Scope::User,
        os,
        path,
    }
}

const fn project(path: &'static str) -> ConfigPath {
    ConfigPath {
        scope: Scope::Project,
        os: Os::Any,
        path,
    }
}

/// `file` in VS Code's user folder on each operating system, then any `more` paths.
macro_rules! in_vscode_user {
    ($file:literal $(, $more:expr)*) => {
        &[
            user(Os::Linux, concat!("~/.config/Code/User/", $file)),
            user(Os::MacOs, concat!("~/Library/Application Support/Code/User/", $file)),
            user(Os::Windows, concat!(r"%APPDATA%\Code\User\", $file)),
            $($more),*
        ]
    };
}

/// Every client jwtadm knows. The order is the order servers are looked for in a file.
pub static CLIENTS: &[Client] = &[
    Client {
        name: "Claude Desktop",
        layout: &MCP_SERVERS,
        paths: &[
            user(
                Os::MacOs,
                "~/Library/Application Support/Claude/claude_desktop_config.json",
            ),
            user(Os::Windows, r"%APPDATA%\Claude\claude_desktop_config.json"),
        ],
    },
    Client {
        name: "Claude Code",
        layout: &MCP_SERVERS,
        paths: &[user(Os::Any, "~/.claude.json"), project(".mcp.json")],
    },
    Client {
        name: "Cursor",
        layout: &MCP_SERVERS,
        paths: &[
            user(Os::Any, "~/.cursor/mcp.json"),
            project(".cursor/mcp.json"),
        ],
    },
    Client {
        name: "Windsurf",
        layout: &MCP_SERVERS,
        paths: &[user(Os::Any, "~/.codeium/windsurf/mcp_config.json")],
    },
    Client {
        name: "Gemini CLI",
        layout: &MCP_SERVERS,
        paths: &[
            user(Os::Any, "~/.gemini/settings.json"),
            project(".gemini/settings.json"),
        ],
    },
    Client {
        name: "VS Code",
        layout: &VSCODE_SERVERS,
        paths: in_vscode_user!("mcp.json", project(".vscode/mcp.json")),
    },
    Client {
        name: "Zed",
        layout: &ZED_CONTEXT_SERVERS,
        paths: &[
            user(Os::Linux, "~/.config/zed/settings.json"),
            user(Os::MacOs, "~/.config/zed/settings.json"),
            project(".zed/settings.json"),
        ],
    },
    Client {
        name: "Augment",
        layout: &AUGMENT_SERVERS,
        paths: in_vscode_user!("settings.json"),
    },
    Client {
        name: "Codex",
        layout: &CODEX_MCP_SERVERS,
        paths: &[user(Os::Any, "~/.codex/config.toml")],
    },
];

impl Os {
    /// The operating system jwtadm runs on.
    pub fn current() -> Os {
        if cfg!(target_os = "macos") {
            Os::MacOs
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Os::Any => "any",
            Os::Linux => "linux",
            Os::MacOs => "macos",
            Os::Windows => "windows",
        }
    }
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::User => "user",
            Scope::Project => "project",
        }
    }
}

impl Client {
    /// The places this client keeps its configuration on `os`: the user's first, then a
    /// project's (relative to its root).
    pub fn paths_on(&self, os: Os) -> impl Iterator<Item = &'static ConfigPath> + use<> {
        self.paths
            .iter()
            .filter(move |p| p.os == Os::Any || p.os == os)
    }
}

/// Every layout of `format` the clients use, each once, in the order of [`CLIENTS`].
pub fn layouts(format: Format) -> impl Iterator<Item = &'static Layout> {
    CLIENTS
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !CLIENTS[..*i]
                .iter()
                .any(|earlier| std::ptr::eq(earlier.layout, c.layout))
        })
        .map(|(_, c)| c.layout)
        .filter(move |l| l.format == format)
}

/// Where servers are looked for, in words, every format: `mcpServers, servers, …`.
pub fn looked_under() -> String {
    [Format::Json, Format::Toml]
        .into_iter()
        .flat_map(layouts)
        .map(Layout::shown)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_is_listed_once_in_the_order_looked_for() {
        assert_eq!(
            looked_under(),
            "mcpServers, servers, context_servers, augment.advanced.mcpServers, mcp_servers"
        );
    }

    #[test]
    fn every_client_path_names_a_file_of_its_format() {
        for c in CLIENTS {
            for p in c.paths {
                let name = p.path.rsplit(['/', '\\']).next().unwrap();
                assert_eq!(
                    Format::detect(Path::new(name), ""),
                    c.layout.format,
                    "{}: {}",
                    c.name,
                    p.path
                );
            }
        }
    }
}
