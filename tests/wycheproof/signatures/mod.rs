//! Wycheproof signature-level vectors (C2SP/wycheproof, unmodified files in
//! `vectors/wycheproof/testvectors_v1/`), driven through the crate's own key import and
//! `strict_jwt::internal::verify_raw`:
//!
//! - ECDSA in IEEE P1363 form (`r || s`): P-256/SHA-256 and P-384/SHA-384 as
//!   ES256/ES384; P-521/SHA-512 as ES512 and secp256k1/SHA-256 as ES256K (RFC 8812),
//!   which only the aws-lc-rs backend has: with it they run as labelled, with ring every
//!   key of those two files must be refused at import with `UnsupportedKey`. Keys
//!   of every curve bound to another curve's algorithm are refused in every build.
//! - Ed25519 as EdDSA (and, with the same keys, as RFC 9864's `Ed25519`).
//! - RSASSA-PKCS1-v1_5 as RS256/384/512; RSASSA-PSS as PS256/384/512 where the file's
//!   parameters are JWS's (MGF1 with the message hash, salt length = hash length).
//!
//! The JWS algorithm of a group is derived from its parameters (`type`, curve, `sha`,
//! `mgf`, `mgfSha`, `sLen`), never assumed from the file name; parameters no JWS algorithm
//! has are "not applicable" with a reason.
//!
//! Every group's key is imported in every form the file gives: `publicKeyJwk`/`keyJwk`
//! through [`Jwk`], `publicKeyDer` through [`VerifyingKey::from_spki_der`],
//! `publicKeyPem` through [`VerifyingKey::from_pem`], and the raw form (EC point, Ed25519
//! bytes, PKCS#1 `publicKeyAsn`, RSA modulus/exponent). All forms must give the same key
//! (same SubjectPublicKeyInfo) or the same refusal, and every case is verified with
//! every form, with identical outcomes.
//!
//! Labels: `valid` must verify; `invalid` must fail with `InvalidSignature`; `acceptable`
//! is decided per flag in [`ACCEPTABLE_POLICY`]. A key refused at import is a named
//! category ([`IMPORT_REFUSALS`]), never a silent pass. Flags (`KNOWN_FLAGS`, checked with
//! the JWS suite's in `flags.rs`) and members the harness does not know fail the run.

use crate::common::{Fields, b64u_encode, hex_decode, hex_encode, kind, parse_vectors, reference};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use strict_jwt::internal::verify_raw;
use strict_jwt::{Algorithm, Backend, Error, ErrorKind, Jwk, VerifyingKey};

/// The harness checks: classification, cross-curve keys, SOURCE.json, known issues.
mod checks;
/// Small helpers, and the run of one file with its checks.
mod harness;
/// Every form of a group's key (JWK, DER, PEM, raw), each imported through the crate.
mod key_forms;

use harness::run_and_check;

pub(crate) const SOURCE: &str = include_str!("../../../vectors/wycheproof/SOURCE.json");
pub(crate) const KNOWN_ISSUES: &str = include_str!("../../../vectors/wycheproof/known_issues.json");

/// One embedded vector file.
pub(crate) struct VectorFile {
    pub(crate) name: &'static str,
    pub(crate) text: &'static str,
}

/// Every signature-level file, each with its own `#[test]` (they run in parallel).
macro_rules! vector_files {
    ($($test:ident => $file:literal,)*) => {
        pub(crate) const FILES: &[VectorFile] = &[$(VectorFile {
            name: $file,
            text: include_str!(concat!("../../../vectors/wycheproof/testvectors_v1/", $file)),
        },)*];
        $(
            #[test]
            fn $test() {
                run_and_check($file);
            }
        )*
    };
}

vector_files! {
    ecdsa_p256_sha256_p1363_as_es256 => "ecdsa_secp256r1_sha256_p1363_test.json",
    ecdsa_p384_sha384_p1363_as_es384 => "ecdsa_secp384r1_sha384_p1363_test.json",
    ecdsa_p521_sha512_p1363_as_es512 => "ecdsa_secp521r1_sha512_p1363_test.json",
    ecdsa_secp256k1_sha256_p1363_as_es256k => "ecdsa_secp256k1_sha256_p1363_test.json",
    ed25519_as_eddsa => "ed25519_test.json",
    rsa_pkcs1_2048_sha256_as_rs256 => "rsa_signature_2048_sha256_test.json",
    rsa_pkcs1_2048_sha384_as_rs384 => "rsa_signature_2048_sha384_test.json",
    rsa_pkcs1_2048_sha512_as_rs512 => "rsa_signature_2048_sha512_test.json",
    rsa_pkcs1_3072_sha256_as_rs256 => "rsa_signature_3072_sha256_test.json",
    rsa_pkcs1_3072_sha384_as_rs384 => "rsa_signature_3072_sha384_test.json",
    rsa_pkcs1_3072_sha512_as_rs512 => "rsa_signature_3072_sha512_test.json",
    rsa_pkcs1_4096_sha256_as_rs256 => "rsa_signature_4096_sha256_test.json",
    rsa_pkcs1_4096_sha384_as_rs384 => "rsa_signature_4096_sha384_test.json",
    rsa_pkcs1_4096_sha512_as_rs512 => "rsa_signature_4096_sha512_test.json",
    rsa_pss_2048_sha256_mgf1_32_as_ps256 => "rsa_pss_2048_sha256_mgf1_32_test.json",
    rsa_pss_2048_sha384_mgf1_48_as_ps384 => "rsa_pss_2048_sha384_mgf1_48_test.json",
    rsa_pss_3072_sha256_mgf1_32_as_ps256 => "rsa_pss_3072_sha256_mgf1_32_test.json",
    rsa_pss_4096_sha256_mgf1_32_as_ps256 => "rsa_pss_4096_sha256_mgf1_32_test.json",
    rsa_pss_4096_sha384_mgf1_48_as_ps384 => "rsa_pss_4096_sha384_mgf1_48_test.json",
    rsa_pss_4096_sha512_mgf1_64_as_ps512 => "rsa_pss_4096_sha512_mgf1_64_test.json",
}

use ErrorKind::{IncompatibleKey, InvalidSignature, UnsupportedAlgorithm, UnsupportedKey};

/// Every flag of the files, with what the harness does with it. A flag not listed here
/// fails the run (`every_flag_is_known_to_the_harness`): a new kind of case must be
/// looked at before its result is trusted.
pub(crate) const KNOWN_FLAGS: &[(&str, &str)] = &[
    // ECDSA (P1363)
    ("ValidSignature", "valid: must verify"),
    ("ArithmeticError", "label decides (valid and invalid cases)"),
    (
        "EdgeCasePublicKey",
        "valid: special public key, must import and verify",
    ),
    ("EdgeCaseShamirMultiplication", "valid: must verify"),
    ("IntegerOverflow", "invalid: r or s with extra high bits"),
    (
        "InvalidSignature",
        "invalid: edge-case values (0, n, ...) or modulus-sized RSA values",
    ),
    ("ModifiedInteger", "invalid: r or s modified"),
    ("ModularInverse", "valid: must verify"),
    (
        "PointDuplication",
        "label decides (valid and invalid cases)",
    ),
    ("RangeCheck", "invalid: r or s out of range"),
    (
        "SignatureSize",
        "invalid: r || s not exactly twice the order's size (P1363)",
    ),
    ("SmallRandS", "label decides (valid and invalid cases)"),
    ("SpecialCaseHash", "valid: must verify"),
    // Ed25519
    ("Valid", "valid: must verify"),
    ("Ktv", "valid: known test vector"),
    ("InvalidKtv", "invalid: known invalid vector"),
    ("TinkOverflow", "valid: must verify"),
    ("CompressedSignature", "invalid: wrong length"),
    (
        "InvalidEncoding",
        "invalid: non-canonical encoding of R or S",
    ),
    (
        "SignatureMalleability",
        "invalid: S >= L, or an alternative RSA encoding",
    ),
    ("SignatureWithGarbage", "invalid: trailing bytes"),
    ("TruncatedSignature", "invalid: truncated"),
    // RSASSA-PKCS1-v1_5
    ("BerEncodedPadding", "invalid: DigestInfo BER, not DER"),
    ("InvalidAsnInPadding", "invalid: broken DigestInfo"),
    ("InvalidPadding", "invalid: broken PKCS#1 padding"),
    ("MissingNull", "acceptable: decided in ACCEPTABLE_POLICY"),
    ("ModifiedPadding", "invalid: modified padding"),
    ("NoHash", "invalid: no DigestInfo"),
    ("ShortPadding", "invalid: short padding"),
    ("WrongHash", "invalid: another hash's DigestInfo"),
    (
        "SmallPublicKey",
        "valid: e = 3, which the crate accepts (odd, > 1)",
    ),
    ("SmallSignature", "valid: must verify"),
    ("EdgeCaseSignature", "valid: must verify"),
    // RSASSA-PKCS1-v1_5 and RSASSA-PSS
    ("WrongPrimitive", "invalid: the other RSA padding"),
    // RSASSA-PSS
    ("Normal", "valid: must verify"),
    (
        "ModifiedSignature",
        "label decides (valid and invalid cases)",
    ),
];

/// How each `acceptable` case is decided, by its flag.
pub(crate) const ACCEPTABLE_POLICY: &[(&str, bool, &str)] = &[(
    "MissingNull",
    false,
    "rejected: DigestInfo without the NULL parameter is not the DER encoding RFC 8017 \
     9.2 requires; strict comparison of the encoded message (known_issues.json: prefer reject)",
)];

/// A family of groups the crate refuses at import when the build's backend lacks the
/// file's algorithm: every case of such a group is then "rejected at import" (counted
/// apart, whatever its label), and the refusal must be exactly `kind` in every key form.
/// With a backend that has the algorithm the entry does not apply, and the file runs as
/// labelled.
pub(crate) struct ImportRefusal {
    pub(crate) file: &'static str,
    pub(crate) alg: Algorithm,
    pub(crate) kind: ErrorKind,
    pub(crate) reason: &'static str,
}

pub(crate) const IMPORT_REFUSALS: &[ImportRefusal] = &[
    ImportRefusal {
        file: "ecdsa_secp521r1_sha512_p1363_test.json",
        alg: Algorithm::ES512,
        kind: UnsupportedKey,
        reason: "ES512 (P-521) needs the aws-lc-rs backend: ring has no P-521, so the curve \
                 is refused at import (valid cases included)",
    },
    ImportRefusal {
        file: "ecdsa_secp256k1_sha256_p1363_test.json",
        alg: Algorithm::ES256K,
        kind: UnsupportedKey,
        reason: "ES256K (secp256k1, RFC 8812) needs the aws-lc-rs backend: ring has no \
                 secp256k1, so the curve is refused at import (valid cases included)",
    },
];

/// Whether this build's backend has `alg`, as the Cargo features say: ring lacks ES512
/// and ES256K, aws-lc-rs (which serves everything when it is on) has them. Checked
/// against `Backend::ACTIVE`, so the expectation does not come from the crate alone.
pub(crate) fn backend_has(alg: Algorithm) -> bool {
    let aws = cfg!(feature = "aws-lc-rs");
    let want = if aws { Backend::AwsLcRs } else { Backend::Ring };
    assert_eq!(Backend::ACTIVE, want, "the backend the features choose");
    let has = aws || !matches!(alg, Algorithm::ES512 | Algorithm::ES256K);
    assert_eq!(
        Backend::ACTIVE.supports(alg),
        has,
        "{alg} support of {:?}",
        Backend::ACTIVE
    );
    has
}

/// The import refusal that applies to `file` in this build, if any.
pub(crate) fn active_refusal(file: &str) -> Option<&'static ImportRefusal> {
    IMPORT_REFUSALS
        .iter()
        .find(|x| x.file == file && !backend_has(x.alg))
}

/// Cases where the crate currently disagrees with the expected outcome and the crate is
/// believed to be wrong: FAILING FOR NOW, to be fixed in the library. Each entry must
/// still fail exactly as described (so a fix is noticed and the entry removed).
/// `(file, tcId, expected, what happens now)`.
pub(crate) const LIBRARY_BUGS_FAILING_FOR_NOW: &[(&str, u64, &str, &str)] = &[];

/// A group's parameters, as the file states them.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Params<'a> {
    /// The group `type` (`EcdsaP1363Verify`, `EddsaVerify`, ...).
    pub(crate) kind: &'a str,
    pub(crate) curve: Option<&'a str>,
    pub(crate) sha: Option<&'a str>,
    pub(crate) mgf: Option<&'a str>,
    pub(crate) mgf_sha: Option<&'a str>,
    pub(crate) s_len: Option<i64>,
}

/// What a group is in JWS terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JwsMatch {
    Alg(Algorithm),
    /// A JWS algorithm no backend of this crate implements (Ed448).
    Unimplemented(&'static str),
    /// No JWS algorithm has these parameters.
    NotApplicable(String),
}

pub(crate) fn hash_len(sha: &str) -> Option<i64> {
    match sha {
        "SHA-256" => Some(32),
        "SHA-384" => Some(48),
        "SHA-512" => Some(64),
        _ => None,
    }
}

pub(crate) fn classify(p: &Params<'_>) -> JwsMatch {
    use Algorithm::{ES256, ES256K, ES384, ES512, EdDSA, PS256, PS384, PS512, RS256, RS384, RS512};
    let na = |why: String| JwsMatch::NotApplicable(why);
    match p.kind {
        "EcdsaP1363Verify" => match (p.curve, p.sha) {
            (Some("secp256r1"), Some("SHA-256")) => JwsMatch::Alg(ES256),
            (Some("secp384r1"), Some("SHA-384")) => JwsMatch::Alg(ES384),
            (Some("secp521r1"), Some("SHA-512")) => JwsMatch::Alg(ES512),
            // RFC 8812 section 3.2: ES256K is ECDSA on secp256k1 with SHA-256.
            (Some("secp256k1"), Some("SHA-256")) => JwsMatch::Alg(ES256K),
            (c, h) => na(format!(
                "ECDSA on {c:?} with {h:?}: JWS pairs P-256/SHA-256, P-384/SHA-384, \
                 P-521/SHA-512 and secp256k1/SHA-256 only"
            )),
        },
        "EddsaVerify" => match p.curve {
            Some("edwards25519") => JwsMatch::Alg(EdDSA),
            Some("edwards448") => JwsMatch::Unimplemented("Ed448"),
            c => na(format!("EdDSA on {c:?} is no JWS algorithm")),
        },
        "RsassaPkcs1Verify" => match p.sha {
            Some("SHA-256") => JwsMatch::Alg(RS256),
            Some("SHA-384") => JwsMatch::Alg(RS384),
            Some("SHA-512") => JwsMatch::Alg(RS512),
            h => na(format!(
                "RSASSA-PKCS1-v1_5 with {h:?}: JWS has SHA-256/384/512 only"
            )),
        },
        "RsassaPssVerify" => {
            let alg = match p.sha {
                Some("SHA-256") => PS256,
                Some("SHA-384") => PS384,
                Some("SHA-512") => PS512,
                h => {
                    return na(format!(
                        "RSASSA-PSS with {h:?}: JWS has SHA-256/384/512 only"
                    ));
                }
            };
            if p.mgf != Some("MGF1") {
                return na(format!("RSASSA-PSS with mask {:?}: JWS uses MGF1", p.mgf));
            }
            if p.mgf_sha != p.sha {
                return na(format!(
                    "RSASSA-PSS with {:?} and MGF1 with {:?}: JWS uses the same hash for both (RFC 7518 3.5)",
                    p.sha, p.mgf_sha
                ));
            }
            if p.s_len != p.sha.and_then(hash_len) {
                return na(format!(
                    "RSASSA-PSS with {:?} and a {:?}-byte salt: JWS uses a salt as long as the hash (RFC 7518 3.5)",
                    p.sha, p.s_len
                ));
            }
            JwsMatch::Alg(alg)
        }
        other => na(format!(
            "group type {other} is not a signature verification"
        )),
    }
}
