//! `jwt`: sign, verify and inspect JSON Web Tokens offline, strictly, with strict-jwt.
//!
//! Exit status: 0 success; 1 the token is not valid; 2 a usage, I/O or key-file
//! problem. On failure the first line on stderr is `error: KIND: message`, where KIND
//! is the library's error kind in snake_case (`expired`, `invalid_signature` ...), or
//! `usage` / `io`.
//!
//! Secrets are only ever read from files, never from the command line (which ends up
//! in shell history and `ps`). The algorithm always comes from `--alg`.
//!
//! The asymmetric algorithms come from strict-jwt's crypto backend, chosen by this
//! package's Cargo features: `aws-lc-rs` (default: every algorithm, with ES512, ES256K
//! and RSA key generation) or `ring` (no ES512, ES256K or RSA generation: those fail as
//! `unsupported_key`, exit 2). `jwt --version` names the backend.

#![forbid(unsafe_code)]

mod args;
mod commands;
mod failure;
mod input;
mod output;

use args::{Cli, Command};
use clap::Parser;
use commands::{decode::decode, key::key, sign::sign, verify::verify};
use output::{print_err, print_out};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as Clap;
            if matches!(e.kind(), Clap::DisplayHelp | Clap::DisplayVersion) {
                print_out(&e.render().to_string());
                return ExitCode::SUCCESS;
            }
            let text = e.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            print_err(&format!("error: usage: {}", text.trim_end()));
            return ExitCode::from(2);
        }
    };
    let mut warnings = Vec::new();
    let result = match cli.command {
        Command::Sign(args) => sign(&args),
        Command::Verify(args) => verify(&args, &mut warnings),
        Command::Decode(input) => decode(&input),
        Command::Key(cmd) => key(&cmd),
    };
    match result {
        Ok(out) => {
            for w in &warnings {
                print_err(&format!("warning: {w}"));
            }
            print_out(&out);
            ExitCode::SUCCESS
        }
        Err(f) => {
            print_err(&format!("error: {}: {}", f.kind, f.message));
            for w in &warnings {
                print_err(&format!("warning: {w}"));
            }
            ExitCode::from(f.status)
        }
    }
}
