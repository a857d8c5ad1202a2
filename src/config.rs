//! The bot's configuration (`config/normbot.toml`), with a default for every key.
//!
//! Secrets are not configuration: the Discord token comes from the environment only.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::matcher::Thresholds;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The knowledge folder: a paper's folder, or a folder holding one paper's folder.
    pub knowledge: PathBuf,
    /// The share of the entries (0 to 1) an edit may remove before a reload is held until a
    /// moderator confirms it (`/reload confirm:True`, `normbot check --accept-removals`).
    pub max_removed_share: f64,
    /// The log filter (`error`, `warn`, `info`, `debug`, or a tracing directive); `RUST_LOG`
    /// overrides it.
    pub log_level: String,
    pub matcher: Thresholds,
    pub discord: Discord,
    pub state: State,
    pub http: Http,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            knowledge: PathBuf::from("knowledge"),
            max_removed_share: 0.1,
            log_level: "info".into(),
            matcher: Thresholds::default(),
            discord: Discord::default(),
            state: State::default(),
            http: Http::default(),
        }
    }
}

/// What the bot remembers (`[state]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct State {
    /// The SQLite file of questions, votes and the moderators' audit log.
    pub database: PathBuf,
    /// Whether the asker's Discord id is kept with each question (off: only guild, channel,
    /// time, text and outcome).
    pub log_user_ids: bool,
    /// Questions older than this many days are deleted.
    pub retention_days: u32,
    /// Where the previous version of a knowledge file goes when an edit replaces it.
    pub backups: PathBuf,
}

impl Default for State {
    fn default() -> Self {
        State {
            database: PathBuf::from("normbot.sqlite"),
            log_user_ids: false,
            retention_days: 90,
            backups: PathBuf::from("knowledge-backups"),
        }
    }
}

/// The Discord bot's settings (`[discord]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Discord {
    /// Servers to register the slash commands in directly (instant, for development); with
    /// none, the commands are registered globally.
    pub guild_ids: Vec<u64>,
    /// Whether answers are visible only to the student who asked, unless they choose otherwise.
    pub private_by_default: bool,
    /// Seconds a student waits between two questions.
    pub cooldown_seconds: f64,
    /// Whether `@normbot <question>` in a channel is answered like `/ask`.
    pub mention_mode: bool,
    /// The REST base URL, for an HTTP proxy (twilight-http-proxy) or a test server; the
    /// `NORMBOT_DISCORD_API_BASE` environment variable overrides it. Unset: Discord itself.
    pub api_base: Option<String>,
    /// The application's Ed25519 public key (64 hex digits), which `normbot serve` checks every
    /// interaction's signature with; `DISCORD_PUBLIC_KEY` overrides it.
    pub public_key: Option<String>,
    /// The shards this process runs, as "first-last" (inclusive) of `shard_total`, so that
    /// several `normbot run` processes share one bot; unset: all shards, as Discord recommends.
    pub shards: Option<String>,
    /// How many shards the bot has in all (with `shards`).
    pub shard_total: Option<u32>,
    /// Whether an edit of the knowledge files goes live without a restart.
    pub watch_knowledge: bool,
    /// The channel where reloads and knowledge problems are reported, if any.
    pub moderator_channel_id: Option<u64>,
    /// Roles whose members may use the moderator commands; empty: members with Manage Server.
    pub moderator_role_ids: Vec<u64>,
    /// Seconds a quiz question stays open before its answer is revealed.
    pub quiz_seconds: u64,
    /// Most questions in one `/quiz`.
    pub quiz_max_rounds: u32,
    /// Whether answers typed as plain messages in a quiz's channel count (besides the Answer
    /// button's form). Needs the privileged Message Content intent.
    pub quiz_channel_answers: bool,
}

impl Default for Discord {
    fn default() -> Self {
        Discord {
            guild_ids: Vec::new(),
            private_by_default: false,
            cooldown_seconds: 3.0,
            mention_mode: false,
            api_base: None,
            public_key: None,
            shards: None,
            shard_total: None,
            watch_knowledge: true,
            moderator_channel_id: None,
            moderator_role_ids: Vec::new(),
            quiz_seconds: 30,
            quiz_max_rounds: 10,
            quiz_channel_answers: false,
        }
    }
}

impl Discord {
    /// The shards this process runs, (first, last, total), or None for all of them.
    pub fn shard_range(&self) -> Result<Option<(u32, u32, u32)>, String> {
        let (range, total) = match (&self.shards, self.shard_total) {
            (None, None) => return Ok(None),
            (Some(range), Some(total)) => (range, total),
            _ => return Err("discord.shards and discord.shard_total go together: give both, or neither".into()),
        };
        let bad = || format!("discord.shards = {range:?} must be \"first-last\" within 0 to shard_total - 1 ({total})");
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (a.trim().parse::<u32>().map_err(|_| bad())?, b.trim().parse::<u32>().map_err(|_| bad())?),
            None => {
                let one = range.trim().parse::<u32>().map_err(|_| bad())?;
                (one, one)
            }
        };
        if first > last || last >= total {
            return Err(bad());
        }
        Ok(Some((first, last, total)))
    }
}

/// The HTTP side: `normbot serve`'s endpoint, and `normbot run`'s health and metrics port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Http {
    /// Where `normbot serve` listens: `POST /interactions`, `GET /healthz`, `GET /metrics`.
    pub listen: String,
    /// Where `normbot run` serves `GET /healthz` and `GET /metrics`; unset: not at all.
    pub metrics_listen: Option<String>,
}

impl Default for Http {
    fn default() -> Self {
        Http { listen: "127.0.0.1:8080".into(), metrics_listen: None }
    }
}

impl Http {
    fn validate(&self) -> Result<(), String> {
        let address = |name: &str, value: &str| {
            value
                .parse::<std::net::SocketAddr>()
                .map(|_| ())
                .map_err(|_| format!("http.{name} = {value:?} must be an address and port, like \"127.0.0.1:8080\""))
        };
        address("listen", &self.listen)?;
        self.metrics_listen.as_deref().map_or(Ok(()), |m| address("metrics_listen", m))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// Reads a configuration file; keys it leaves out keep their defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        Config::parse(&text).map_err(|message| ConfigError::Invalid { path: path.into(), message })
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| crate::problem::line_column(text, s.start));
            format!("{line}:{column}: {}", e.message().trim())
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        let t = &self.matcher;
        for (name, value) in [
            ("answer", t.answer),
            ("ambiguous", t.ambiguous),
            ("margin", t.margin),
            ("sure", t.sure),
            ("suggest", t.suggest),
            ("chinese", t.chinese),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(format!("matcher.{name} = {value} must be between 0 and 1"));
            }
        }
        if !(0.0..=1.0).contains(&self.max_removed_share) {
            return Err(format!("max_removed_share = {} must be between 0 and 1", self.max_removed_share));
        }
        if t.chinese > t.ambiguous {
            return Err("matcher.chinese must not be above matcher.ambiguous".into());
        }
        if t.ambiguous > t.answer {
            return Err("matcher.ambiguous must not be above matcher.answer".into());
        }
        let cooldown = self.discord.cooldown_seconds;
        if !(0.0..=3600.0).contains(&cooldown) {
            return Err(format!("discord.cooldown_seconds = {cooldown} must be between 0 and 3600"));
        }
        self.http.validate()?;
        self.discord.shard_range()?;
        if let Some(base) = &self.discord.api_base
            && !(base.starts_with("http://") || base.starts_with("https://"))
        {
            return Err(format!("discord.api_base = {base:?} must start with http:// or https://"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_range_is_first_last_of_a_total() {
        let range = |text: &str| Config::parse(text).map(|c| c.discord.shard_range().unwrap());
        assert_eq!(range("[discord]\nshards = \"0-3\"\nshard_total = 8"), Ok(Some((0, 3, 8))));
        assert_eq!(range("[discord]\nshards = \"5\"\nshard_total = 8"), Ok(Some((5, 5, 8))));
        assert_eq!(range(""), Ok(None));
        for bad in [
            "shards = \"4-8\"\nshard_total = 8",
            "shards = \"3-1\"\nshard_total = 8",
            "shards = \"0-1\"",
            "shard_total = 2",
        ] {
            assert!(Config::parse(&format!("[discord]\n{bad}")).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_shipped_config_parses_and_matches_the_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/normbot.toml");
        assert_eq!(Config::load(&path).unwrap(), Config::default());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(Config::parse("[matcher]\nanswr = 0.5\n").unwrap_err().contains("answr"));
        assert!(Config::parse("[matcher]\nanswer = 1.5\n").unwrap_err().contains("between 0 and 1"));
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }
}
