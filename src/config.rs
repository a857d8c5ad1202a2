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
    pub matcher: Thresholds,
}

impl Default for Config {
    fn default() -> Self {
        Config { knowledge: PathBuf::from("knowledge"), matcher: Thresholds::default() }
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
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(format!("matcher.{name} = {value} must be between 0 and 1"));
            }
        }
        if t.ambiguous > t.answer {
            return Err("matcher.ambiguous must not be above matcher.answer".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
