//! One registry of what jwtadm knows about each MCP client: the format of its configuration,
//! where in it the servers sit, where a server's token sits (an environment variable or a
//! header), and where the client keeps its configuration on each operating system.
//!
//! Everything that needs this knowledge reads it here: the JSON and TOML finders walk
//! [`layouts`], [`Format::detect`] reads [`FILE_NAMES`] and the TOML layouts' top key, the
//! "looked under …" message is [`looked_under`], and discovery (`config find`, `config paths`,
//! `roster init`) expands [`Client::paths`] with [`expand`]. docs/mcp-client-configs.md gives
//! the sources of every row, with how sure each fact is.
//!
//! This module is a leaf: it knows no parser and imports nothing of jwtadm.

use std::path::{Path, PathBuf};

/// The formats jwtadm can rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON and JSONC (comments, trailing commas).
    Json,
    /// TOML (Codex `config.toml`).
    Toml,
    /// `KEY=value` lines.
    Dotenv,
    /// YAML (Continue's `config.yaml` and block files, Goose's `config.yaml`).
    Yaml,
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
        format: Format::Yaml,
        suffixes: &[".yaml", ".yml"],
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
        } else if yaml_with_servers(text) {
            Format::Yaml
        } else {
            Format::Dotenv
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Toml => "TOML",
            Format::Dotenv => "dotenv",
            Format::Yaml => "YAML",
        }
    }
}

/// Whether `text` is one YAML document whose top level is a mapping with a YAML layout's first
/// key (`mcpServers:`, `extensions:`): a file named otherwise is read as YAML only then. A
/// dotenv file never is one (`KEY=value` lines are one plain scalar, not a mapping).
fn yaml_with_servers(text: &str) -> bool {
    use ::saphyr_parser::{Event, Parser};
    let firsts: Vec<&str> = layouts(Format::Yaml)
        .filter_map(|l| l.path.first().copied())
        .collect();
    let mut depth = 0usize;
    // The nodes seen in the top mapping: keys are the even ones.
    let mut top = 0usize;
    let mut documents = 0;
    let mut found = false;
    for event in Parser::new_from_str(text) {
        let Ok((event, _)) = event else {
            return false;
        };
        match event {
            Event::DocumentStart(_) => documents += 1,
            Event::SequenceStart(..) if depth == 0 => return false,
            Event::Scalar(..) if depth == 0 => return false,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 1 {
                    top += 1;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::Scalar(value, ..) if depth == 1 => {
                found |= top.is_multiple_of(2) && firsts.contains(&value.as_ref());
                top += 1;
            }
            Event::Alias(_) if depth == 1 => top += 1,
            _ => {}
        }
    }
    found && documents == 1
}

/// How the servers sit at a layout's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Servers {
    /// An object or table of servers by name: `{"exai": {…}}`.
    ByName,
    /// An array of server objects, each naming itself in the key given: `[{"name": "exai", …}]`.
    List { name: &'static str },
}

/// A key of a [`Layout::path`] that stands for every member of the object there (Claude
/// Code's `projects.<absolute path>.mcpServers`).
pub const ANY: &str = "*";

/// Where a configuration holds its servers, and where each server holds its token.
#[derive(Debug)]
pub struct Layout {
    pub format: Format,
    /// The keys from the top of the document to the servers; one key may hold a dot
    /// (`"augment.advanced"` is a single key), and [`ANY`] is every member.
    pub path: &'static [&'static str],
    pub servers: Servers,
    /// The keys from a server to the table of its environment variables (the token is one).
    pub env: &'static [&'static str],
    /// The keys from a server to the table of its HTTP headers (`Authorization: Bearer <jwt>`).
    pub headers: &'static [&'static str],
    /// Members of a by-name map that are not servers (opencode's v2 `mcp.servers` sits where
    /// its v1 servers do).
    pub not_servers: &'static [&'static str],
}

impl Layout {
    /// Servers by name at `path`, with `env` and `headers` tables.
    const fn by_name(format: Format, path: &'static [&'static str]) -> Layout {
        Layout {
            format,
            path,
            servers: Servers::ByName,
            env: &["env"],
            headers: &["headers"],
            not_servers: &[],
        }
    }

    /// The path in words: `augment.advanced.mcpServers`, `projects.*.mcpServers`.
    pub fn shown(&self) -> String {
        self.path.join(".")
    }
}

// Each layout's source: docs/mcp-client-configs.md, under the client's name.

/// `mcpServers.<name>`: Claude Desktop, Claude Code, Cursor, Windsurf, Gemini CLI, Cline, Roo
/// Code, Junie, LM Studio, Auggie.
pub static MCP_SERVERS: Layout = Layout::by_name(Format::Json, &["mcpServers"]);

/// Claude Code's local scope in `~/.claude.json`: `projects.<absolute path>.mcpServers.<name>`
/// (<https://code.claude.com/docs/en/mcp>, scopes).
pub static CLAUDE_PROJECTS: Layout =
    Layout::by_name(Format::Json, &["projects", ANY, "mcpServers"]);

/// VS Code's `mcp.json`: `servers.<name>`
/// (<https://code.visualstudio.com/docs/copilot/reference/mcp-configuration>).
pub static VSCODE_SERVERS: Layout = Layout::by_name(Format::Json, &["servers"]);

/// VS Code's user `settings.json` before 1.102: `"mcp": {"servers": {…}}`
/// (<https://code.visualstudio.com/updates/v1_102#_mcp-migration-support>).
pub static VSCODE_SETTINGS_SERVERS: Layout = Layout::by_name(Format::Json, &["mcp", "servers"]);

/// Zed's `context_servers.<name>` (<https://zed.dev/docs/ai/mcp>).
pub static ZED_CONTEXT_SERVERS: Layout = Layout::by_name(Format::Json, &["context_servers"]);

/// Augment's VS Code settings: `"augment.advanced": {"mcpServers": [{"name": …}]}`
/// (<https://docs.augmentcode.com/setup-augment/mcp>).
pub static AUGMENT_SERVERS: Layout = Layout {
    servers: Servers::List { name: "name" },
    ..Layout::by_name(Format::Json, &["augment.advanced", "mcpServers"])
};

/// opencode v1: `mcp.<name>.environment` (<https://opencode.ai/v1/docs/mcp-servers/>); its v2
/// `mcp.servers` is not a server.
pub static OPENCODE_V1: Layout = Layout {
    env: &["environment"],
    not_servers: &["servers"],
    ..Layout::by_name(Format::Json, &["mcp"])
};

/// opencode v2: `mcp.servers.<name>.environment` (<https://opencode.ai/docs/mcp-servers/>).
pub static OPENCODE_V2: Layout = Layout {
    env: &["environment"],
    ..Layout::by_name(Format::Json, &["mcp", "servers"])
};

/// Codex's `[mcp_servers.<name>]`, `env` and `http_headers`
/// (<https://developers.openai.com/codex/mcp>).
pub static CODEX_MCP_SERVERS: Layout = Layout {
    headers: &["http_headers"],
    ..Layout::by_name(Format::Toml, &["mcp_servers"])
};

/// Continue's `config.yaml` and its block files: `mcpServers` a list of `{name: …}`, the token in
/// `env` (stdio) or `requestOptions.headers` (`sse`, `streamable-http`)
/// (<https://docs.continue.dev/customize/deep-dives/mcp>, <https://docs.continue.dev/reference>).
pub static CONTINUE_SERVERS: Layout = Layout {
    servers: Servers::List { name: "name" },
    headers: &["requestOptions", "headers"],
    ..Layout::by_name(Format::Yaml, &["mcpServers"])
};

/// Goose's `extensions.<key>`, the token in `envs` or `headers` (`streamable_http`)
/// (<https://block.github.io/goose/docs/guides/config-files>).
pub static GOOSE_EXTENSIONS: Layout = Layout {
    env: &["envs"],
    ..Layout::by_name(Format::Yaml, &["extensions"])
};

/// A JSON file that is one server's own block, `{"command": …, "env": {…}}` (the seeds'
/// files): read when no server is asked for.
pub static SERVER_BLOCK: Layout = Layout::by_name(Format::Json, &[]);

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
    /// The user's.
    User,
    /// A project's: relative to the project's root.
    Project,
}

/// One place a client keeps its configuration.
///
/// A user path is written in a small language [`expand`] reads: a leading `~` is the home
/// folder; `%APPDATA%` the Windows roaming folder (`APPDATA`, else `~\AppData\Roaming`);
/// `${XDG_CONFIG_HOME}` that variable when it is an absolute path, else `~/.config`;
/// `${VAR:-fallback}` the variable when set, else the fallback; a component `*` every folder
/// there (VS Code's profiles). `/` and `\` both separate components.
#[derive(Debug, Clone, Copy)]
pub struct ConfigPath {
    pub scope: Scope,
    pub os: Os,
    pub path: &'static str,
    /// The layouts this file holds (a client's user `settings.json` and its `mcp.json` differ).
    pub layouts: &'static [&'static Layout],
}

/// An MCP client jwtadm knows.
#[derive(Debug)]
pub struct Client {
    pub name: &'static str,
    /// A short name for names and JSON: `vscode`, `claude-code`.
    pub id: &'static str,
    /// Its configuration files, in groups (VS Code's folders on each OS are one group that
    /// several clients share).
    pub paths: &'static [&'static [ConfigPath]],
}

const fn user(os: Os, path: &'static str, layouts: &'static [&'static Layout]) -> ConfigPath {
    ConfigPath {
        scope: Scope::User,
        os,
        path,
        layouts,
    }
}

const fn project(path: &'static str, layouts: &'static [&'static Layout]) -> ConfigPath {
    ConfigPath {
        scope: Scope::Project,
        os: Os::Any,
        path,
        layouts,
    }
}

static MCP: &[&Layout] = &[&MCP_SERVERS];

/// `file` in VS Code's user folder on each operating system, the default profile's and every
/// other profile's (<https://code.visualstudio.com/docs/configure/settings#_settings-file-locations>).
macro_rules! in_vscode_user {
    ($file:literal, $layouts:expr) => {
        [
            user(
                Os::Linux,
                concat!("${XDG_CONFIG_HOME}/Code/User/", $file),
                $layouts,
            ),
            user(
                Os::Linux,
                concat!("${XDG_CONFIG_HOME}/Code/User/profiles/*/", $file),
                $layouts,
            ),
            user(
                Os::MacOs,
                concat!("~/Library/Application Support/Code/User/", $file),
                $layouts,
            ),
            user(
                Os::MacOs,
                concat!("~/Library/Application Support/Code/User/profiles/*/", $file),
                $layouts,
            ),
            user(
                Os::Windows,
                concat!(r"%APPDATA%\Code\User\", $file),
                $layouts,
            ),
            user(
                Os::Windows,
                concat!(r"%APPDATA%\Code\User\profiles\*\", $file),
                $layouts,
            ),
        ]
    };
}

/// `file` in a VS Code extension's global storage (Cline's legacy file, Roo Code's).
macro_rules! in_vscode_storage {
    ($file:literal) => {
        [
            user(
                Os::Linux,
                concat!("${XDG_CONFIG_HOME}/Code/User/globalStorage/", $file),
                MCP,
            ),
            user(
                Os::MacOs,
                concat!(
                    "~/Library/Application Support/Code/User/globalStorage/",
                    $file
                ),
                MCP,
            ),
            user(
                Os::Windows,
                concat!(r"%APPDATA%\Code\User\globalStorage\", $file),
                MCP,
            ),
        ]
    };
}

static VSCODE: &[&Layout] = &[&VSCODE_SERVERS];
static VSCODE_LEGACY: &[&Layout] = &[&VSCODE_SETTINGS_SERVERS];
static AUGMENT: &[&Layout] = &[&AUGMENT_SERVERS];
static CLAUDE_CODE: &[&Layout] = &[&MCP_SERVERS, &CLAUDE_PROJECTS];
static CODEX: &[&Layout] = &[&CODEX_MCP_SERVERS];
static ZED: &[&Layout] = &[&ZED_CONTEXT_SERVERS];
static OPENCODE: &[&Layout] = &[&OPENCODE_V1, &OPENCODE_V2];
static CONTINUE: &[&Layout] = &[&CONTINUE_SERVERS];
static GOOSE: &[&Layout] = &[&GOOSE_EXTENSIONS];

static VSCODE_MCP: [ConfigPath; 6] = in_vscode_user!("mcp.json", VSCODE);
static VSCODE_SETTINGS: [ConfigPath; 6] = in_vscode_user!("settings.json", VSCODE_LEGACY);
static AUGMENT_SETTINGS: [ConfigPath; 6] = in_vscode_user!("settings.json", AUGMENT);
static CLINE_LEGACY: [ConfigPath; 3] =
    in_vscode_storage!("saoudrizwan.claude-dev/settings/cline_mcp_settings.json");
static ROO_GLOBAL: [ConfigPath; 3] =
    in_vscode_storage!("rooveterinaryinc.roo-cline/settings/mcp_settings.json");

/// Every client jwtadm knows, each row's sources in docs/mcp-client-configs.md under its name.
/// The order is the order servers are looked for in a file.
pub static CLIENTS: &[Client] = &[
    // https://modelcontextprotocol.io/quickstart/user: macOS and Windows only ("Linux is not
    // yet supported").
    Client {
        name: "Claude Desktop",
        id: "claude-desktop",
        paths: &[&[
            user(
                Os::MacOs,
                "~/Library/Application Support/Claude/claude_desktop_config.json",
                MCP,
            ),
            user(
                Os::Windows,
                r"%APPDATA%\Claude\claude_desktop_config.json",
                MCP,
            ),
        ]],
    },
    // https://code.claude.com/docs/en/mcp: user and local scopes in ~/.claude.json, project
    // scope in .mcp.json; CLAUDE_CONFIG_DIR moves ~/.claude.json (anthropics/claude-code#42217).
    Client {
        name: "Claude Code",
        id: "claude-code",
        paths: &[&[
            user(Os::Any, "${CLAUDE_CONFIG_DIR:-~}/.claude.json", CLAUDE_CODE),
            project(".mcp.json", MCP),
        ]],
    },
    // https://cursor.com/docs/mcp
    Client {
        name: "Cursor",
        id: "cursor",
        paths: &[&[
            user(Os::Any, "~/.cursor/mcp.json", MCP),
            project(".cursor/mcp.json", MCP),
        ]],
    },
    // https://code.visualstudio.com/docs/copilot/reference/mcp-configuration
    Client {
        name: "VS Code",
        id: "vscode",
        paths: &[
            &VSCODE_MCP,
            &VSCODE_SETTINGS,
            &[project(".vscode/mcp.json", VSCODE)],
        ],
    },
    // https://docs.windsurf.com/windsurf/cascade/mcp
    Client {
        name: "Windsurf",
        id: "windsurf",
        paths: &[&[user(Os::Any, "~/.codeium/windsurf/mcp_config.json", MCP)]],
    },
    // https://github.com/google-gemini/gemini-cli/blob/main/docs/reference/configuration.md:
    // GEMINI_CLI_HOME replaces the home folder.
    Client {
        name: "Gemini CLI",
        id: "gemini",
        paths: &[&[
            user(Os::Any, "${GEMINI_CLI_HOME:-~}/.gemini/settings.json", MCP),
            project(".gemini/settings.json", MCP),
        ]],
    },
    // https://developers.openai.com/codex/config-basic: CODEX_HOME replaces ~/.codex; a
    // trusted project's .codex/config.toml.
    Client {
        name: "Codex",
        id: "codex",
        paths: &[&[
            user(Os::Any, "${CODEX_HOME:-~/.codex}/config.toml", CODEX),
            project(".codex/config.toml", CODEX),
        ]],
    },
    // https://zed.dev/docs/configuring-zed; Windows from Zed's crates/paths/src/paths.rs.
    Client {
        name: "Zed",
        id: "zed",
        paths: &[&[
            user(Os::Linux, "${XDG_CONFIG_HOME}/zed/settings.json", ZED),
            user(Os::MacOs, "~/.config/zed/settings.json", ZED),
            user(Os::Windows, r"%APPDATA%\Zed\settings.json", ZED),
            project(".zed/settings.json", ZED),
        ]],
    },
    // https://github.com/cline/cline/blob/main/docs/getting-started/config.mdx; the legacy VS
    // Code extension's file is migrated into the first.
    Client {
        name: "Cline",
        id: "cline",
        paths: &[
            &[user(
                Os::Any,
                "${CLINE_DIR:-~/.cline}/data/settings/cline_mcp_settings.json",
                MCP,
            )],
            &CLINE_LEGACY,
        ],
    },
    // https://docs.roocode.com/features/mcp/using-mcp-in-roo
    Client {
        name: "Roo Code",
        id: "roo",
        paths: &[&ROO_GLOBAL, &[project(".roo/mcp.json", MCP)]],
    },
    // https://docs.augmentcode.com/setup-augment/mcp (VS Code settings);
    // https://docs.augmentcode.com/cli/integrations (Auggie's ~/.augment/settings.json).
    Client {
        name: "Augment",
        id: "augment",
        paths: &[
            &AUGMENT_SETTINGS,
            &[user(Os::Any, "~/.augment/settings.json", MCP)],
        ],
    },
    // https://www.jetbrains.com/help/junie/model-context-protocol-mcp.html
    Client {
        name: "Junie",
        id: "junie",
        paths: &[&[
            user(Os::Any, "~/.junie/mcp/mcp.json", MCP),
            project(".junie/mcp/mcp.json", MCP),
        ]],
    },
    // https://lmstudio.ai/docs/app/mcp; ~/.cache/lm-studio: lmstudio-bug-tracker#1371.
    Client {
        name: "LM Studio",
        id: "lmstudio",
        paths: &[&[
            user(Os::Any, "~/.lmstudio/mcp.json", MCP),
            user(Os::Any, "~/.cache/lm-studio/mcp.json", MCP),
        ]],
    },
    // https://opencode.ai/docs/config/ and /docs/mcp-servers/ (v2), /v1/docs/mcp-servers/.
    Client {
        name: "opencode",
        id: "opencode",
        paths: &[&[
            user(
                Os::Linux,
                "${XDG_CONFIG_HOME}/opencode/opencode.json",
                OPENCODE,
            ),
            user(
                Os::Linux,
                "${XDG_CONFIG_HOME}/opencode/opencode.jsonc",
                OPENCODE,
            ),
            user(
                Os::MacOs,
                "${XDG_CONFIG_HOME}/opencode/opencode.json",
                OPENCODE,
            ),
            user(
                Os::MacOs,
                "${XDG_CONFIG_HOME}/opencode/opencode.jsonc",
                OPENCODE,
            ),
            user(Os::Windows, r"~\.config\opencode\opencode.json", OPENCODE),
            user(Os::Windows, r"~\.config\opencode\opencode.jsonc", OPENCODE),
            project("opencode.json", OPENCODE),
            project("opencode.jsonc", OPENCODE),
        ]],
    },
    // https://docs.continue.dev/customize/deep-dives/mcp and /reference: ~/.continue/config.yaml
    // (%USERPROFILE%\.continue on Windows), moved by CONTINUE_GLOBAL_DIR (core/util/paths.ts);
    // a workspace's .continue/mcpServers/ holds YAML block files (name, version, schema,
    // mcpServers) and JSON files in Claude Desktop's or Cursor's format.
    Client {
        name: "Continue",
        id: "continue",
        paths: &[&[
            user(
                Os::Any,
                "${CONTINUE_GLOBAL_DIR:-~/.continue}/config.yaml",
                CONTINUE,
            ),
            project(".continue/mcpServers/*.yaml", CONTINUE),
            project(".continue/mcpServers/*.json", MCP),
        ]],
    },
    // https://block.github.io/goose/docs/guides/config-files: ~/.config/goose/config.yaml on
    // macOS and Linux (the etcetera crate's XDG strategy, so XDG_CONFIG_HOME moves it:
    // crates/goose/src/config/paths.rs), %APPDATA%\Block\goose\config\config.yaml on Windows;
    // GOOSE_PATH_ROOT, when set, holds config/config.yaml instead (paths.rs).
    Client {
        name: "Goose",
        id: "goose",
        paths: &[&[
            user(Os::Linux, "${XDG_CONFIG_HOME}/goose/config.yaml", GOOSE),
            user(Os::MacOs, "${XDG_CONFIG_HOME}/goose/config.yaml", GOOSE),
            user(
                Os::Windows,
                r"%APPDATA%\Block\goose\config\config.yaml",
                GOOSE,
            ),
            user(Os::Any, "${GOOSE_PATH_ROOT}/config/config.yaml", GOOSE),
        ]],
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

impl ConfigPath {
    /// The servers this file holds, in words: `mcpServers, projects.*.mcpServers`.
    pub fn servers_at(&self) -> String {
        self.layouts
            .iter()
            .map(|l| l.shown())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn format(&self) -> Format {
        self.layouts.first().map_or(Format::Json, |l| l.format)
    }
}

impl Client {
    /// The places this client keeps its configuration on `os`: the user's first, then a
    /// project's (relative to its root).
    pub fn paths_on(&self, os: Os) -> impl Iterator<Item = &'static ConfigPath> + use<> {
        let paths: &'static [&'static [ConfigPath]] = self.paths;
        let all = paths.iter().flat_map(|group| group.iter());
        let users = all
            .clone()
            .filter(move |p| p.scope == Scope::User && (p.os == Os::Any || p.os == os));
        users.chain(all.filter(|p| p.scope == Scope::Project))
    }

    /// Every layout of this client's files, each once.
    pub fn layouts(&self) -> Vec<&'static Layout> {
        let mut out: Vec<&'static Layout> = Vec::new();
        for p in self.paths.iter().flat_map(|g| g.iter()) {
            for l in p.layouts {
                if !out.iter().any(|o| std::ptr::eq(*o, *l)) {
                    out.push(l);
                }
            }
        }
        out
    }
}

/// Every layout of `format` the clients use, each once, in the order of [`CLIENTS`].
pub fn layouts(format: Format) -> impl Iterator<Item = &'static Layout> {
    let mut out: Vec<&'static Layout> = Vec::new();
    for c in CLIENTS {
        for l in c.layouts() {
            if l.format == format && !out.iter().any(|o| std::ptr::eq(*o, l)) {
                out.push(l);
            }
        }
    }
    out.into_iter()
}

/// Where servers are looked for, in words, every format: `mcpServers, servers, …`.
pub fn looked_under() -> String {
    let mut shown: Vec<String> = Vec::new();
    for l in [Format::Json, Format::Toml, Format::Yaml]
        .into_iter()
        .flat_map(layouts)
    {
        if !shown.contains(&l.shown()) {
            shown.push(l.shown());
        }
    }
    shown.join(", ")
}

/// The home a configuration path is expanded in: this user's (from the environment) or
/// another one (`--home`, a mounted disk or a backup) laid out for `os`.
pub struct Home<'a> {
    pub os: Os,
    /// Looks an environment variable up; for another home, only `HOME`/`USERPROFILE`.
    pub var: &'a dyn Fn(&str) -> Option<String>,
}

impl Home<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.var)(name).filter(|v| !v.is_empty())
    }

    /// The home folder: `USERPROFILE` on Windows, else `HOME`, else the other.
    pub fn folder(&self) -> Result<String, String> {
        let (first, second) = if self.os == Os::Windows {
            ("USERPROFILE", "HOME")
        } else {
            ("HOME", "USERPROFILE")
        };
        self.get(first)
            .or_else(|| self.get(second))
            .ok_or_else(|| format!("{first} is not set"))
    }
}

/// Expand a registry path (see [`ConfigPath`]) in `home`, into the path's components: the
/// first is the absolute folder the path starts from. A `*` component is left for the caller
/// to list.
pub fn expand(path: &str, home: &Home) -> Result<PathBuf, String> {
    let mut text = String::new();
    let mut rest = path;
    if let Some(after) = rest.strip_prefix('~') {
        text.push_str(&home.folder()?);
        rest = after;
    }
    while let Some(i) = rest.find(['$', '%']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(braced) = tail.strip_prefix("${") {
            let close = braced.find('}').ok_or("`${` without `}`")?;
            let inner = &braced[..close];
            let (name, fallback) = match inner.split_once(":-") {
                Some((n, f)) => (n, Some(f)),
                None => (inner, None),
            };
            let value = home.get(name).filter(|v| is_absolute(v));
            match (value, fallback, name) {
                (Some(v), _, _) => text.push_str(&v),
                (None, Some(f), _) => {
                    let f = match f.strip_prefix('~') {
                        Some(after) => format!("{}{after}", home.folder()?),
                        None => f.to_string(),
                    };
                    text.push_str(&f);
                }
                (None, None, "XDG_CONFIG_HOME") => {
                    text.push_str(&format!("{}/.config", home.folder()?));
                }
                (None, None, _) => return Err(format!("${{{name}}} is not set")),
            }
            rest = &braced[close + 1..];
        } else if let Some(named) = tail.strip_prefix("%APPDATA%") {
            match home.get("APPDATA").filter(|v| is_absolute(v)) {
                Some(v) => text.push_str(&v),
                None => text.push_str(&format!(r"{}\AppData\Roaming", home.folder()?)),
            }
            rest = named;
        } else {
            text.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    text.push_str(rest);
    // A path laid out for another OS is read here: both separators split components.
    let mut out = PathBuf::new();
    let parts = text.split(['/', '\\']);
    if text.starts_with(['/', '\\']) {
        out.push(std::path::MAIN_SEPARATOR_STR);
    }
    for part in parts {
        if part.is_empty() {
            continue;
        }
        if out.as_os_str().is_empty() && part.len() == 2 && part.ends_with(':') {
            // A Windows drive (`C:`) read on another system stays its first component.
            out.push(format!("{part}{}", std::path::MAIN_SEPARATOR));
            continue;
        }
        out.push(part);
    }
    Ok(out)
}

fn is_absolute(v: &str) -> bool {
    Path::new(v).is_absolute() || v.starts_with(['/', '\\']) || v.get(1..3) == Some(":\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_is_listed_once_in_the_order_looked_for() {
        assert_eq!(
            looked_under(),
            "mcpServers, projects.*.mcpServers, servers, mcp.servers, context_servers, \
             augment.advanced.mcpServers, mcp, mcp_servers, extensions"
        );
    }

    #[test]
    fn every_client_path_names_a_file_of_its_format() {
        for c in CLIENTS {
            for p in c.paths.iter().flat_map(|g| g.iter()) {
                let name = p.path.rsplit(['/', '\\']).next().unwrap();
                assert_eq!(
                    Format::detect(Path::new(name), ""),
                    p.format(),
                    "{}: {}",
                    c.name,
                    p.path
                );
                assert!(
                    p.layouts.iter().all(|l| l.format == p.format()),
                    "{}",
                    p.path
                );
            }
        }
    }

    fn home<'a>(os: Os, vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        let _ = os;
        move |n: &str| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn expands_home_xdg_appdata_and_fallbacks() {
        let vars = [("HOME", "/h")];
        let var = home(Os::Linux, &vars);
        let h = Home {
            os: Os::Linux,
            var: &var,
        };
        let e = |p: &str| expand(p, &h).unwrap();
        assert_eq!(e("~/.cursor/mcp.json"), Path::new("/h/.cursor/mcp.json"));
        assert_eq!(
            e("${XDG_CONFIG_HOME}/zed/s.json"),
            Path::new("/h/.config/zed/s.json")
        );
        assert_eq!(
            e("${CODEX_HOME:-~/.codex}/config.toml"),
            Path::new("/h/.codex/config.toml")
        );
        assert_eq!(
            e(r"%APPDATA%\Claude\c.json"),
            Path::new("/h/AppData/Roaming/Claude/c.json")
        );
        let vars = [
            ("HOME", "/h"),
            ("XDG_CONFIG_HOME", "/x"),
            ("CODEX_HOME", "/c"),
        ];
        let var = home(Os::Linux, &vars);
        let h = Home {
            os: Os::Linux,
            var: &var,
        };
        assert_eq!(
            expand("${XDG_CONFIG_HOME}/zed/s.json", &h).unwrap(),
            Path::new("/x/zed/s.json")
        );
        assert_eq!(
            expand("${CODEX_HOME:-~/.codex}/config.toml", &h).unwrap(),
            Path::new("/c/config.toml")
        );
        // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
        let vars = [("HOME", "/h"), ("XDG_CONFIG_HOME", "rel")];
        let var = home(Os::Linux, &vars);
        let h = Home {
            os: Os::Linux,
            var: &var,
        };
        assert_eq!(
            expand("${XDG_CONFIG_HOME}/a", &h).unwrap(),
            Path::new("/h/.config/a")
        );
        let none = |_: &str| None;
        let h = Home {
            os: Os::Linux,
            var: &none,
        };
        assert!(
            expand("~/.cursor/mcp.json", &h)
                .unwrap_err()
                .contains("HOME")
        );
    }

    #[test]
    fn ids_are_unique_slugs() {
        for (i, c) in CLIENTS.iter().enumerate() {
            assert!(
                c.id.chars().all(|x| x.is_ascii_lowercase() || x == '-'),
                "{}",
                c.id
            );
            assert!(CLIENTS[..i].iter().all(|d| d.id != c.id), "{}", c.id);
        }
    }

    #[test]
    fn a_path_names_only_the_layouts_of_its_file() {
        let vscode = CLIENTS.iter().find(|c| c.name == "VS Code").unwrap();
        let settings = vscode
            .paths_on(Os::Linux)
            .find(|p| p.path.ends_with("User/settings.json"))
            .unwrap();
        assert_eq!(settings.servers_at(), "mcp.servers");
        let users = vscode
            .paths_on(Os::Windows)
            .filter(|p| p.scope == Scope::User)
            .count();
        assert_eq!(users, 4);
    }
}
