//! A small, strict DER reader (and writer) for the key structures this crate handles:
//! `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7), PKCS#1 `RSAPublicKey` (RFC 8017 A.1.1),
//! PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208, RFC 5958) and SEC1
//! `ECPrivateKey` (RFC 5915).
//!
//! Only DER is accepted, never the looser BER: lengths are definite and minimal (no
//! indefinite length, no long form where the short form fits, at most two length
//! bytes), high-tag-number forms are refused, a length may not run past its input,
//! nothing may follow a top-level structure, INTEGERs are minimally encoded (no
//! superfluous leading `0x00`/`0xFF`), and key BIT STRINGs have no unused bits. Inputs
//! over 64 KiB are refused before parsing. Each structure's nesting is fixed by the
//! code that reads it, so no input controls recursion depth.
//!
//! - `types`: the tags, OIDs and key types shared by the reader and the writer.
//! - `read`: the strict reader and the parsers (SPKI, PKCS#1, PKCS#8, SEC1).
//! - `write`: the DER writers (`tlv`, `integer`, the PKCS#8 and SPKI documents).
//!
//! `read` and `write` depend on `types` only, not on each other.

mod read;
// These tests build their keys with ring directly.
#[cfg(all(test, feature = "ring"))]
mod tests;
mod types;
mod write;

pub(crate) use read::{
    parse_pkcs1_private, parse_pkcs1_public, parse_sec1, parse_spki, pkcs8_algorithm,
    pkcs8_private_parts, pkcs8_rsa_private_parts,
};
pub(crate) use types::{Curve, ED448_UNSUPPORTED, KeyAlgorithm, PublicKeyInfo, RsaComponents};
pub(crate) use write::{
    ec_pkcs8, ed25519_pkcs8, pkcs1_private, rsa_pkcs8, spki_ec, spki_ed25519, spki_rsa,
};
