//! JWKs, JWK sets and RFC 7638 thumbprints, and key selection by `kid` through a
//! key-set verifier (`docs/security-model.md` §0 and §2 `kid`). One module per topic:
//!
//! 1. `thumbprints`: RFC 7638 thumbprints.
//! 2. `cookbook`: RFC 7520 §3 cookbook keys and an RFC 8812 secp256k1 JWK.
//! 3. `strict_parsing`: duplicate members, unknown members, size caps, member types.
//! 4. `key_sets`: sets skip and report the keys they cannot use; a few problems are fatal.
//! 5. `kid_selection`: the `rule2_*` key selection attacks.
//! 6. `wycheproof_keysets`: Wycheproof `json_web_key_test.json` through the key-set
//!    verifier.
//!
//! Keys: the fixed OpenSSL RSA key of `tests/keys/` (PEM), the vector files' keys, and
//! keys generated per run (ES256, ES384, EdDSA; with aws-lc-rs also ES512, ES256K and
//! RSA), which are cheap.

#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod cookbook;
mod key_sets;
mod kid_selection;
mod strict_parsing;
mod thumbprints;
mod wycheproof_keysets;
