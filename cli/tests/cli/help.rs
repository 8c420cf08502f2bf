//! `--help` of every subcommand, and `--version`.

use crate::common::*;
use strict_jwt::Backend;

#[test]
fn help_works_for_every_subcommand_and_lists_its_flags() {
    let cases: &[(&[&str], &[&str])] = &[
        (&[], &["sign", "verify", "decode", "key"]),
        (
            &["sign"],
            &[
                "--alg",
                "--key",
                "--key-format",
                "--kid",
                "--typ",
                "--iss",
                "--sub",
                "--aud",
                "--exp",
                "--no-exp",
                "--nbf",
                "--no-iat",
                "--jti",
                "--random-jti",
                "--claims",
                "--claims-file",
                "--now",
            ],
        ),
        (
            &["verify"],
            &[
                "--alg",
                "--key",
                "--jwks",
                "--key-format",
                "--iss",
                "--aud",
                "--sub",
                "--typ",
                "--require",
                "--leeway",
                "--max-age",
                "--now",
                "--allow-missing-exp",
                "--header",
                "--token-file",
            ],
        ),
        (&["decode"], &["--token-file"]),
        (&["key"], &["generate", "public", "thumbprint"]),
        (&["key", "generate"], &["--alg", "--bits", "--kid"]),
        (&["key", "public"], &["--alg", "--key-format"]),
        (&["key", "thumbprint"], &["--alg", "--hash", "--key-format"]),
    ];
    for (sub, flags) in cases {
        for help in ["--help", "-h"] {
            let run = jwt(&with(sub, &[help]));
            assert_eq!(run.code, 0, "{run}");
            assert!(!run.stdout.is_empty(), "help on stdout:{run}");
            for flag in *flags {
                assert!(
                    run.stdout.contains(flag),
                    "help does not mention {flag}:{run}"
                );
            }
        }
    }
    // `jwt help SUB` too.
    let run = jwt(&["help", "verify"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("--jwks"), "{run}");
}

#[test]
fn version_names_the_crypto_backend() {
    for flag in ["--version", "-V"] {
        let run = jwt(&[flag]);
        assert_eq!(
            run.ok(),
            format!(
                "jwt {} (crypto backend: {})",
                env!("CARGO_PKG_VERSION"),
                Backend::ACTIVE.name()
            ),
            "{run}"
        );
    }
    // The cli's features choose it: aws-lc-rs by default and whenever it is on; with
    // `ring` alone, ring (unless another package of the build turns aws-lc-rs on).
    if cfg!(feature = "aws-lc-rs") {
        assert_eq!(Backend::ACTIVE, Backend::AwsLcRs);
    } else if cfg!(feature = "ring") {
        assert_ne!(Backend::ACTIVE, Backend::HmacOnly);
    }
}
