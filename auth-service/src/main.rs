//! `auth-service`: serve (the default), or manage users and keys in the database.

use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;
use strict_jwt::Algorithm;
use strict_jwt_auth_service::config::Config;
use strict_jwt_auth_service::db::Db;
use strict_jwt_auth_service::error::ServiceError;
use strict_jwt_auth_service::keys::{self, NewKey};
use strict_jwt_auth_service::passwords::{self, PASSWORD_LEN};
use strict_jwt_auth_service::{now, serve};

/// A reference auth service on strict-jwt. Settings come from AUTH_* environment
/// variables (see the README).
#[derive(Parser)]
#[command(name = "auth-service", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve HTTP (the default).
    Serve,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the access-token signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from stdin (one line).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "user")]
        role: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Publish a new key now; it signs once AUTH_KEY_LEAD_TIME has passed.
    Rotate {
        /// ES256, EdDSA or RS256 (default: AUTH_ALG).
        #[arg(long)]
        alg: Option<String>,
        /// Import this PKCS#8 PEM private key instead of generating one (RS256 needs it).
        #[arg(long)]
        key_file: Option<std::path::PathBuf>,
    },
    /// List the keys with their state.
    List,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AUTH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auth-service: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(serve(config))?;
        }
        Command::User {
            command: UserCommand::Add { email, role },
        } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.strip_suffix('\n').unwrap_or(&password);
            let password = password.strip_suffix('\r').unwrap_or(password);
            if !PASSWORD_LEN.contains(&password.len()) {
                return Err("the password (stdin) must be 8 to 1024 bytes".into());
            }
            let email = email.trim().to_lowercase();
            if !email.contains('@') || role.is_empty() {
                return Err("--email must be an address and --role non-empty".into());
            }
            let hash = passwords::hash_blocking(password)?;
            let db = open(&config)?;
            let id = db.transaction(|tx| {
                tx.execute(
                    "INSERT INTO users (email, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![email, hash, role, now().as_secs()],
                )?;
                Ok::<_, ServiceError>(tx.last_insert_rowid())
            })?;
            println!("user {id} {email} ({role})");
        }
        Command::Keys {
            command: KeysCommand::Rotate { alg, key_file },
        } => {
            let alg = match alg.as_deref() {
                None => config.alg,
                Some("ES256") => Algorithm::ES256,
                Some("EdDSA") => Algorithm::EdDSA,
                Some("RS256") => Algorithm::RS256,
                Some(_) => return Err("--alg must be ES256, EdDSA or RS256".into()),
            };
            let new = match key_file {
                Some(path) => NewKey::Import(alg, std::fs::read_to_string(path)?),
                None if alg == Algorithm::RS256 => {
                    return Err("RS256 keys are imported: --key-file key.pem".into());
                }
                None => NewKey::Generate(alg),
            };
            let db = open(&config)?;
            let at = now();
            // On an empty database this is the first key, active at once (how an RS256
            // service is set up); otherwise it waits for the lead time.
            let (kid, activates) = db.transaction(|tx| {
                keys::ensure_refresh_key(tx, at)?;
                keys::rotate_in(tx, &config, at, new)
            })?;
            println!(
                "published {kid} ({}); it signs from {} (in {} s)",
                alg.name(),
                activates.as_secs(),
                activates.as_secs() - at.as_secs()
            );
        }
        Command::Keys {
            command: KeysCommand::List,
        } => {
            let db = open(&config)?;
            let at = now();
            let list = db.read(|c| keys::list(c, &config, at))?;
            println!(
                "{:<45} {:<6} {:<9} {:>12} {:>12} {:>12}",
                "kid", "alg", "state", "published", "activates", "retires"
            );
            for k in list {
                println!(
                    "{:<45} {:<6} {:<9} {:>12} {:>12} {:>12}",
                    k.kid,
                    k.alg.name(),
                    format!("{:?}", k.state).to_lowercase(),
                    k.published_at.as_secs(),
                    k.activates_at.as_secs(),
                    k.retires_at
                        .map_or_else(|| "-".to_owned(), |t| t.as_secs().to_string()),
                );
            }
        }
    }
    Ok(())
}

fn open(config: &Config) -> Result<Db, ServiceError> {
    Ok(Db::open(&config.db, 1)?)
}
