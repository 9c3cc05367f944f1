//! The `sabot` command line: `sabot server [--host H] [--port P] [--log-level L] [--conf k=v]...
//! [--config-file F]` and `sabot functions`. Scripts rely on it: keep it stable.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use sabot_common::config::SparkConf;
use sabot_common::{Result, SparkError};

use crate::server::ServerOptions;

/// Sabot: a Spark Connect server on Apache DataFusion.
#[derive(Debug, Parser)]
#[command(name = "sabot", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Spark Connect server (embedded DataFusion engine, no cluster).
    Server(ServerArgs),
    /// List the Spark functions the registry knows, one `name<TAB>kind<TAB>status` per line
    /// (kind: scalar, aggregate, window, generator; status: supported, or unsupported for names
    /// registered only to fail with a specific error). The function coverage table is
    /// generated from this list.
    Functions,
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1", env = "SABOT_HOST")]
    pub host: String,
    /// Port to listen on (Spark Connect's default 15002; 0 picks a free port and prints it).
    #[arg(long, default_value_t = 15002, env = "SABOT_PORT")]
    pub port: u16,
    /// Log level: error, warn, info, debug, trace (or a tracing filter such as `sabot=debug`).
    #[arg(long, default_value = "info", env = "SABOT_LOG")]
    pub log_level: String,
    /// A Spark config for every session, `key=value`; repeat for more. Overrides the file.
    #[arg(long = "conf", value_name = "KEY=VALUE")]
    pub conf: Vec<String>,
    /// The memory all queries together may hold (e.g. `4g`; default 3/4 of the machine's
    /// memory); sets `sabot.memory.limit`. Queries spill to disk under it, or fail.
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
    /// The memory one query may hold (e.g. `512m`); sets `sabot.memory.queryLimit`, which a
    /// session can also change.
    #[arg(long, value_name = "SIZE")]
    pub query_memory_limit: Option<String>,
    /// A config file in Spark's `spark-defaults.conf` format (`key value` or `key=value` lines,
    /// `#` comments).
    #[arg(long, value_name = "FILE")]
    pub config_file: Option<PathBuf>,
}

impl ServerArgs {
    /// The server options: file values first, then `--conf` values.
    pub fn options(&self) -> Result<ServerOptions> {
        let mut conf = SparkConf::new();
        if let Some(path) = &self.config_file {
            let text = std::fs::read_to_string(path).map_err(|e| {
                SparkError::illegal_argument(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                ))
            })?;
            for (key, value) in parse_config_file(&text) {
                conf.set(&key, &value, true)?;
            }
        }
        for kv in &self.conf {
            let (k, v) = kv.split_once('=').ok_or_else(|| {
                SparkError::illegal_argument(format!("--conf expects key=value, got '{kv}'"))
            })?;
            conf.set(k.trim(), v.trim(), true)?;
        }
        if let Some(v) = &self.memory_limit {
            conf.set(sabot_common::config::MEMORY_LIMIT, v, true)?;
        }
        if let Some(v) = &self.query_memory_limit {
            conf.set(sabot_common::config::QUERY_MEMORY_LIMIT, v, true)?;
        }
        Ok(ServerOptions {
            host: self.host.clone(),
            port: self.port,
            conf,
        })
    }
}

/// Parses `spark-defaults.conf` text: `key value` or `key=value` per line.
pub fn parse_config_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let split = l.find(|c: char| c == '=' || c.is_whitespace())?;
            let (k, v) = l.split_at(split);
            let v = v.trim_start_matches(|c: char| c == '=' || c.is_whitespace());
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_lines() {
        let parsed = parse_config_file(
            "# c\nspark.sql.ansi.enabled false\nspark.sql.shuffle.partitions=8\n\n",
        );
        assert_eq!(
            parsed,
            vec![
                ("spark.sql.ansi.enabled".to_string(), "false".to_string()),
                ("spark.sql.shuffle.partitions".to_string(), "8".to_string())
            ]
        );
    }

    #[test]
    fn cli_parses() {
        let cli = Cli::try_parse_from([
            "sabot",
            "server",
            "--port",
            "0",
            "--conf",
            "spark.sql.ansi.enabled=false",
        ])
        .unwrap();
        let Command::Server(args) = cli.command else {
            panic!("not the server command");
        };
        let opts = args.options().unwrap();
        assert_eq!(opts.port, 0);
        assert_eq!(opts.conf.get_set("spark.sql.ansi.enabled"), Some("false"));
    }
}
