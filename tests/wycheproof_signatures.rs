//! Wycheproof signature-level vectors (C2SP/wycheproof, unmodified files in
//! `vectors/wycheproof/testvectors_v1/`), driven through the crate's own key import and
//! `strict_jwt::internal::verify_raw`:
//!
//! - ECDSA in IEEE P1363 form (`r || s`): P-256/SHA-256 and P-384/SHA-384 as
//!   ES256/ES384; P-521/SHA-512 as ES512 and secp256k1/SHA-256 as ES256K (RFC 8812),
//!   which only the aws-lc-rs backend has: with it they run as labelled, with ring every
//!   key of those two files must be refused at import with `UnsupportedAlgorithm`. Keys
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
//! category ([`IMPORT_REFUSALS`]), never a silent pass. Flags and members the harness does
//! not know fail the run.

mod common;

use common::{Fields, b64u_encode, kind, parse_vectors, reference};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use strict_jwt::internal::verify_raw;
use strict_jwt::{Algorithm, Backend, Error, ErrorKind, Jwk, VerifyingKey};

const SOURCE: &str = include_str!("../vectors/wycheproof/SOURCE.json");
const KNOWN_ISSUES: &str = include_str!("../vectors/wycheproof/known_issues.json");

/// One embedded vector file.
struct VectorFile {
    name: &'static str,
    text: &'static str,
}

/// Every signature-level file, each with its own `#[test]` (they run in parallel).
macro_rules! vector_files {
    ($($test:ident => $file:literal,)*) => {
        const FILES: &[VectorFile] = &[$(VectorFile {
            name: $file,
            text: include_str!(concat!("../vectors/wycheproof/testvectors_v1/", $file)),
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

use ErrorKind::{InvalidSignature, KeyMismatch, UnsupportedAlgorithm};

// ---------------------------------------------------------------------------------------
// Policy tables
// ---------------------------------------------------------------------------------------

/// Every flag of the files, with what the harness does with it. A flag not listed here
/// fails the run (`every_flag_is_known_to_the_harness`): a new kind of case must be
/// looked at before its result is trusted.
const KNOWN_FLAGS: &[(&str, &str)] = &[
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
const ACCEPTABLE_POLICY: &[(&str, bool, &str)] = &[(
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
struct ImportRefusal {
    file: &'static str,
    alg: Algorithm,
    kind: ErrorKind,
    reason: &'static str,
}

const IMPORT_REFUSALS: &[ImportRefusal] = &[
    ImportRefusal {
        file: "ecdsa_secp521r1_sha512_p1363_test.json",
        alg: Algorithm::ES512,
        kind: UnsupportedAlgorithm,
        reason: "ES512 (P-521) needs the aws-lc-rs backend: ring has no P-521, so the curve \
                 is refused at import (valid cases included)",
    },
    ImportRefusal {
        file: "ecdsa_secp256k1_sha256_p1363_test.json",
        alg: Algorithm::ES256K,
        kind: UnsupportedAlgorithm,
        reason: "ES256K (secp256k1, RFC 8812) needs the aws-lc-rs backend: ring has no \
                 secp256k1, so the curve is refused at import (valid cases included)",
    },
];

/// Whether this build's backend has `alg`, as the Cargo features say: ring lacks ES512
/// and ES256K, aws-lc-rs (which serves everything when it is on) has them. Checked
/// against `Backend::ACTIVE`, so the expectation does not come from the crate alone.
fn backend_has(alg: Algorithm) -> bool {
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
fn active_refusal(file: &str) -> Option<&'static ImportRefusal> {
    IMPORT_REFUSALS
        .iter()
        .find(|x| x.file == file && !backend_has(x.alg))
}

/// Cases where the crate currently disagrees with the expected outcome and the crate is
/// believed to be wrong: FAILING FOR NOW, to be fixed in the library. Each entry must
/// still fail exactly as described (so a fix is noticed and the entry removed).
/// `(file, tcId, expected, what happens now)`.
const LIBRARY_BUGS_FAILING_FOR_NOW: &[(&str, u64, &str, &str)] = &[];

// ---------------------------------------------------------------------------------------
// Parameters -> JWS algorithm
// ---------------------------------------------------------------------------------------

/// A group's parameters, as the file states them.
#[derive(Debug, Default, Clone, Copy)]
struct Params<'a> {
    /// The group `type` (`EcdsaP1363Verify`, `EddsaVerify`, ...).
    kind: &'a str,
    curve: Option<&'a str>,
    sha: Option<&'a str>,
    mgf: Option<&'a str>,
    mgf_sha: Option<&'a str>,
    s_len: Option<i64>,
}

/// What a group is in JWS terms.
#[derive(Debug, Clone, PartialEq, Eq)]
enum JwsMatch {
    Alg(Algorithm),
    /// A JWS algorithm no backend of this crate implements (Ed448).
    Unimplemented(&'static str),
    /// No JWS algorithm has these parameters.
    NotApplicable(String),
}

fn hash_len(sha: &str) -> Option<i64> {
    match sha {
        "SHA-256" => Some(32),
        "SHA-384" => Some(48),
        "SHA-512" => Some(64),
        _ => None,
    }
}

fn classify(p: &Params<'_>) -> JwsMatch {
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

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn hex(ctx: &str, s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "{ctx}: odd-length hex");
    (0..s.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_else(|_| panic!("{ctx}: not hex: {s:?}"))
        })
        .collect()
}

/// A big-endian integer without its leading zero bytes (DER's sign byte, hex padding).
fn magnitude(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// A magnitude left-padded with zeros to `len` bytes.
fn left_pad(ctx: &str, bytes: &[u8], len: usize) -> Vec<u8> {
    let m = magnitude(bytes);
    assert!(
        m.len() <= len,
        "{ctx}: {} bytes do not fit in {len}",
        m.len()
    );
    let mut out = vec![0; len - m.len()];
    out.extend_from_slice(m);
    out
}

fn file_by_name(name: &str) -> &'static VectorFile {
    FILES
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name}: not embedded"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    let d = reference::digest::digest(&reference::digest::SHA256, bytes);
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `VerifyingKey::from_pem` parses PEM at all yet (it is being written; until
/// then it refuses everything as `Malformed`). Decided once, on the first group of the
/// P-256 file: from then on, PEM must either agree with DER for every key, or (stub)
/// be refused as `Malformed` for every key. Anything in between fails.
fn pem_parser_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let doc = parse_vectors(
            "ecdsa_secp256r1_sha256_p1363_test.json",
            file_by_name("ecdsa_secp256r1_sha256_p1363_test.json").text,
        );
        let pem = doc["testGroups"][0]["publicKeyPem"]
            .as_str()
            .expect("publicKeyPem");
        match VerifyingKey::from_pem(Algorithm::ES256, pem) {
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::Malformed => false,
            Err(e) => panic!("from_pem on a plain P-256 PUBLIC KEY: {e:?}"),
        }
    })
}

// ---------------------------------------------------------------------------------------
// Key forms
// ---------------------------------------------------------------------------------------

/// One serialization of a group's key, imported by the crate.
struct Form {
    name: &'static str,
    /// The algorithm the form was bound to (the Ed25519 extra form differs).
    alg: Algorithm,
    key: Result<VerifyingKey, Error>,
}

fn jwk_form(name: &'static str, alg: Algorithm, jwk: &Value) -> Form {
    Form {
        name,
        alg,
        key: Jwk::from_json(&jwk.to_string()).and_then(|j| j.to_verifying_key(alg)),
    }
}

fn der_form(ctx: &str, alg: Algorithm, der_hex: &str) -> Form {
    Form {
        name: "publicKeyDer (SPKI)",
        alg,
        key: VerifyingKey::from_spki_der(alg, &hex(ctx, der_hex)),
    }
}

fn pem_form(alg: Algorithm, pem: &str) -> Form {
    Form {
        name: "publicKeyPem",
        alg,
        key: VerifyingKey::from_pem(alg, pem),
    }
}

fn curve_jwk_name(curve: &str) -> &'static str {
    match curve {
        "secp256r1" => "P-256",
        "secp384r1" => "P-384",
        "secp521r1" => "P-521",
        "secp256k1" => "secp256k1",
        other => panic!("unexpected curve {other}"),
    }
}

fn field_len(curve: &str) -> usize {
    match curve {
        "secp256r1" | "secp256k1" => 32,
        "secp384r1" => 48,
        "secp521r1" => 66,
        other => panic!("unexpected curve {other}"),
    }
}

/// The ECDSA `publicKey` member: checks `wx`/`wy` against `uncompressed`, returns
/// `(curve, uncompressed point, x, y)`.
fn ec_public_key(ctx: &str, pk: &Value) -> (String, Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut f = Fields::new(format!("{ctx} publicKey"), pk);
    assert_eq!(f.str("type"), "EcPublicKey", "{ctx}: publicKey type");
    let curve = f.str("curve").to_owned();
    let len = field_len(&curve);
    let key_size = f.i64("keySize");
    assert_eq!(
        usize::try_from(key_size).expect("keySize").div_ceil(8),
        len,
        "{ctx}: keySize vs curve"
    );
    let point = hex(ctx, f.str("uncompressed"));
    let x = left_pad(ctx, &hex(ctx, f.str("wx")), len);
    let y = left_pad(ctx, &hex(ctx, f.str("wy")), len);
    f.finish();
    let mut expected = vec![4];
    expected.extend_from_slice(&x);
    expected.extend_from_slice(&y);
    assert_eq!(point, expected, "{ctx}: uncompressed point vs wx/wy");
    (curve, point, x, y)
}

/// Every form of an ECDSA group's key, bound to `alg`. `publicKeyJwk` when the group has
/// one, otherwise a JWK built from `wx`/`wy` (nine groups per file have none; see
/// known_issues.json); `with_point` adds the bare uncompressed point (which carries no
/// curve, so it is left out where the curve is what is being refused).
fn ecdsa_forms(ctx: &str, g: &mut Fields<'_>, alg: Algorithm, with_point: bool) -> Vec<Form> {
    let (curve, point, x, y) = ec_public_key(ctx, g.req("publicKey"));
    let mut forms = Vec::new();
    match g.opt("publicKeyJwk") {
        Some(jwk) => {
            assert_eq!(jwk["crv"], curve_jwk_name(&curve), "{ctx}: JWK crv");
            forms.push(jwk_form("publicKeyJwk", alg, jwk));
        }
        None => {
            let jwk = serde_json::json!({
                "kty": "EC",
                "crv": curve_jwk_name(&curve),
                "x": b64u_encode(&x),
                "y": b64u_encode(&y),
            });
            forms.push(jwk_form("JWK built from publicKey.wx/wy", alg, &jwk));
        }
    }
    forms.push(der_form(ctx, alg, g.str("publicKeyDer")));
    forms.push(pem_form(alg, g.str("publicKeyPem")));
    if with_point {
        forms.push(Form {
            name: "publicKey.uncompressed (SEC1 point)",
            alg,
            key: VerifyingKey::from_ec_point(alg, &point),
        });
    }
    forms
}

fn ed25519_forms(ctx: &str, g: &mut Fields<'_>, alg: Algorithm) -> Vec<Form> {
    let mut f = Fields::new(format!("{ctx} publicKey"), g.req("publicKey"));
    assert_eq!(f.str("type"), "EDDSAPublicKey", "{ctx}: publicKey type");
    assert_eq!(f.str("curve"), "edwards25519", "{ctx}: curve");
    assert_eq!(f.i64("keySize"), 255, "{ctx}: keySize");
    let pk = hex(ctx, f.str("pk"));
    f.finish();
    let jwk = g.req("publicKeyJwk");
    vec![
        jwk_form("publicKeyJwk", alg, jwk),
        der_form(ctx, alg, g.str("publicKeyDer")),
        pem_form(alg, g.str("publicKeyPem")),
        Form {
            name: "publicKey.pk (32 bytes)",
            alg,
            key: VerifyingKey::from_ed25519_bytes(alg, &pk),
        },
        // The same key under RFC 9864's fully-specified name: a separate algorithm,
        // the same Ed25519 verification.
        jwk_form("publicKeyJwk bound to Ed25519", Algorithm::Ed25519, jwk),
    ]
}

fn rsa_forms(ctx: &str, g: &mut Fields<'_>, alg: Algorithm, jwk_member: &str) -> Vec<Form> {
    let mut f = Fields::new(format!("{ctx} publicKey"), g.req("publicKey"));
    let n = hex(ctx, f.str("modulus"));
    let e = hex(ctx, f.str("publicExponent"));
    f.finish();
    let (n, e) = (magnitude(&n), magnitude(&e));
    let bits = n.len() * 8 - n[0].leading_zeros() as usize;
    assert_eq!(
        i64::try_from(bits).expect("bits"),
        g.i64("keySize"),
        "{ctx}: keySize vs modulus"
    );
    vec![
        jwk_form("JWK", alg, g.req(jwk_member)),
        der_form(ctx, alg, g.str("publicKeyDer")),
        pem_form(alg, g.str("publicKeyPem")),
        Form {
            name: "publicKeyAsn (PKCS#1)",
            alg,
            key: VerifyingKey::from_pkcs1_der(alg, &hex(ctx, g.str("publicKeyAsn"))),
        },
        Form {
            name: "publicKey.modulus/publicExponent",
            alg,
            key: VerifyingKey::from_rsa_components(alg, n, e),
        },
    ]
}

// ---------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------

/// Counts of one file.
#[derive(Default)]
struct Report {
    alg: BTreeSet<String>,
    groups: usize,
    run: BTreeSet<u64>,
    /// `valid` verified, `invalid` refused with `InvalidSignature`.
    as_labelled: usize,
    /// Of `as_labelled`: the `valid` cases verified and the `invalid` ones refused.
    valid_verified: usize,
    invalid_rejected: usize,
    /// `acceptable` cases, by the policy that decided them.
    acceptable: BTreeMap<&'static str, usize>,
    /// Cases of groups refused at import, by reason: (cases, of which labelled valid).
    refused_at_import: BTreeMap<&'static str, (usize, usize)>,
    /// Cases of groups whose parameters no JWS algorithm has, by reason.
    not_applicable: BTreeMap<String, usize>,
    /// Entries of `LIBRARY_BUGS_FAILING_FOR_NOW` that failed as described.
    failing_for_now: BTreeSet<u64>,
    /// Key forms that imported (and agreed), by form name: groups.
    forms_agreeing: BTreeMap<&'static str, usize>,
    /// Groups whose PEM form was skipped because from_pem is not available yet.
    pem_unavailable: usize,
    /// Everything that is not explained: the run fails if non-empty.
    mismatches: Vec<String>,
}

type Outcome = Result<(), ErrorKind>;

fn outcome(r: &Result<(), Error>) -> Outcome {
    r.as_ref().map(|_| ()).map_err(Error::kind)
}

/// The expected outcome of one case from its label and flags; `Err` names the policy
/// that decided an `acceptable` case.
fn expected(ctx: &str, label: &str, flags: &[&str]) -> (Outcome, Option<&'static str>) {
    match label {
        "valid" => (Ok(()), None),
        "invalid" => (Err(InvalidSignature), None),
        "acceptable" => {
            let decisions: Vec<_> = ACCEPTABLE_POLICY
                .iter()
                .filter(|(flag, _, _)| flags.contains(flag))
                .collect();
            let [(flag, accept, _)] = decisions.as_slice() else {
                panic!(
                    "{ctx}: acceptable case with flags {flags:?} needs exactly one policy decision, got {decisions:?}"
                )
            };
            let want = if *accept {
                Ok(())
            } else {
                Err(InvalidSignature)
            };
            (want, Some(*flag))
        }
        other => panic!("{ctx}: unknown result label {other:?}"),
    }
}

fn run_file(file: &VectorFile) -> Report {
    let name = file.name;
    let doc = parse_vectors(name, file.text);
    let mut top = Fields::new(name, &doc);
    let algorithm = top.str("algorithm");
    let schema = top.str("schema");
    let number_of_tests = top.i64("numberOfTests");
    top.req("header");
    let notes = top.req("notes");
    let groups = top.req("testGroups").as_array().expect("testGroups");
    top.finish();
    let mut r = Report::default();
    for (gi, group) in groups.iter().enumerate() {
        let gctx = format!("{name} group {gi}");
        let mut g = Fields::new(gctx.clone(), group);
        g.req("source");
        let kind_ = g.str("type");
        let (expected_schema, expected_algorithm) = match kind_ {
            "EcdsaP1363Verify" => ("ecdsa_p1363_verify_schema_v1.json", "ECDSA"),
            "EddsaVerify" => ("eddsa_verify_schema_v1.json", "EDDSA"),
            "RsassaPkcs1Verify" => ("rsassa_pkcs1_verify_schema_v1.json", "RSASSA-PKCS1-v1_5"),
            "RsassaPssVerify" => ("rsassa_pss_verify_schema_v1.json", "RSASSA-PSS"),
            other => panic!("{gctx}: unknown group type {other}"),
        };
        assert_eq!(schema, expected_schema, "{gctx}: schema vs group type");
        assert_eq!(
            algorithm, expected_algorithm,
            "{gctx}: algorithm vs group type"
        );
        let curve = group["publicKey"]["curve"].as_str();
        let params = Params {
            kind: kind_,
            curve,
            sha: g.opt("sha").map(|v| v.as_str().expect("sha")),
            mgf: g.opt("mgf").map(|v| v.as_str().expect("mgf")),
            mgf_sha: g.opt("mgfSha").map(|v| v.as_str().expect("mgfSha")),
            s_len: g.opt("sLen").map(|v| v.as_i64().expect("sLen")),
        };
        let jws = classify(&params);
        let forms = match &jws {
            JwsMatch::Alg(alg) => {
                r.alg.insert(alg.name().to_owned());
                match kind_ {
                    "EcdsaP1363Verify" => ecdsa_forms(&gctx, &mut g, *alg, true),
                    "EddsaVerify" => ed25519_forms(&gctx, &mut g, *alg),
                    "RsassaPkcs1Verify" => rsa_forms(&gctx, &mut g, *alg, "keyJwk"),
                    _ => rsa_forms(&gctx, &mut g, *alg, "publicKeyJwk"),
                }
            }
            JwsMatch::Unimplemented(name) => {
                // No backend has it, so the application cannot name it; no embedded file
                // is of such an algorithm (a new one needs a harness decision first).
                assert_eq!(
                    kind(&Algorithm::from_name(name)),
                    Some(UnsupportedAlgorithm),
                    "{gctx}: {name} is not an Algorithm"
                );
                panic!("{gctx}: {name} is in no backend; decide how to run this file")
            }
            JwsMatch::NotApplicable(_) => {
                // Nothing is imported; the key members are not looked at.
                for m in [
                    "publicKey",
                    "publicKeyDer",
                    "publicKeyPem",
                    "publicKeyJwk",
                    "keyJwk",
                    "publicKeyAsn",
                    "keySize",
                ] {
                    g.opt(m);
                }
                Vec::new()
            }
        };
        let tests = g.req("tests").as_array().expect("tests");
        g.finish();
        r.groups += 1;

        // Import: all forms agree, or all refuse alike.
        let pem_ok = pem_parser_available();
        let mut usable: Vec<&Form> = Vec::new();
        for form in &forms {
            if form.name == "publicKeyPem" && !pem_ok {
                if kind(&form.key) == Some(ErrorKind::Malformed) {
                    r.pem_unavailable += 1;
                } else {
                    r.mismatches.push(format!(
                        "{gctx}: from_pem is a stub elsewhere but gave {:?} here",
                        form.key.as_ref().map(|_| ())
                    ));
                }
                continue;
            }
            usable.push(form);
        }
        let refusal = active_refusal(name);
        let refused: Vec<&&Form> = usable.iter().filter(|f| f.key.is_err()).collect();
        let import_error = if refused.is_empty() {
            let spki: Vec<(&str, Vec<u8>)> = usable
                .iter()
                .map(|f| {
                    let key = f.key.as_ref().expect("imported");
                    assert_eq!(key.algorithm(), f.alg, "{gctx}: {} algorithm", f.name);
                    (f.name, key.to_spki_der().expect("public key has SPKI"))
                })
                .collect();
            for (form, der) in &spki {
                if der != &spki[0].1 {
                    r.mismatches.push(format!(
                        "{gctx}: form {form} gives another key than {}",
                        spki[0].0
                    ));
                }
                *r.forms_agreeing.entry(form).or_default() += 1;
            }
            if let Some(x) = refusal {
                r.mismatches.push(format!(
                    "{gctx}: imported although IMPORT_REFUSALS says {:?}",
                    x.kind
                ));
            }
            None
        } else {
            let kinds: Vec<(&str, Option<ErrorKind>)> =
                usable.iter().map(|f| (f.name, kind(&f.key))).collect();
            match refusal {
                Some(x) if kinds.iter().all(|(_, k)| *k == Some(x.kind)) => Some(x),
                _ => {
                    r.mismatches.push(format!(
                        "{gctx}: key forms refused without an explanation (or not alike): {kinds:?}"
                    ));
                    None
                }
            }
        };

        for t in tests {
            let tc_id = t["tcId"].as_u64().expect("tcId");
            let ctx = format!("{name} tcId {tc_id}");
            let mut f = Fields::new(ctx.clone(), t);
            f.req("tcId");
            let comment = f.str("comment").to_owned();
            let label = f.str("result");
            let flags: Vec<&str> = f
                .req("flags")
                .as_array()
                .expect("flags")
                .iter()
                .map(|v| v.as_str().expect("flag"))
                .collect();
            for flag in &flags {
                assert!(
                    KNOWN_FLAGS.iter().any(|(k, _)| k == flag),
                    "{ctx}: flag {flag} unknown to the harness"
                );
                assert!(
                    notes.get(*flag).is_some(),
                    "{ctx}: flag {flag} not in the file's notes"
                );
            }
            let msg = hex(&ctx, f.str("msg"));
            let sig = hex(&ctx, f.str("sig"));
            f.finish();
            assert!(r.run.insert(tc_id), "{ctx}: tcId twice");
            let ctx = format!("{ctx} ({comment}, flags {flags:?}, label {label})");

            if let JwsMatch::NotApplicable(why) = &jws {
                *r.not_applicable.entry(why.clone()).or_default() += 1;
                continue;
            }
            if let Some(x) = import_error {
                let e = r.refused_at_import.entry(x.reason).or_default();
                e.0 += 1;
                e.1 += usize::from(label == "valid");
                continue;
            }
            if !refused.is_empty() {
                continue; // already a mismatch for the whole group
            }
            let (want, policy) = expected(&ctx, label, &flags);
            let mut got: Option<Outcome> = None;
            for form in &usable {
                let key = form.key.as_ref().expect("imported");
                let o = outcome(&verify_raw(key, &msg, &sig));
                match got {
                    None => got = Some(o),
                    Some(first) if first != o => r.mismatches.push(format!(
                        "{ctx}: form {} gives {o:?}, {} gave {first:?}",
                        form.name, usable[0].name
                    )),
                    Some(_) => {}
                }
            }
            let got = got.expect("at least one key form");
            let bug = LIBRARY_BUGS_FAILING_FOR_NOW
                .iter()
                .find(|(file, id, _, _)| *file == name && *id == tc_id);
            match (got == want, bug) {
                (true, None) => match policy {
                    Some(p) => *r.acceptable.entry(p).or_default() += 1,
                    None => {
                        r.as_labelled += 1;
                        match label {
                            "valid" => r.valid_verified += 1,
                            _ => r.invalid_rejected += 1,
                        }
                    }
                },
                (false, Some(_)) => {
                    r.failing_for_now.insert(tc_id);
                }
                (true, Some(_)) => r.mismatches.push(format!(
                    "{ctx}: listed in LIBRARY_BUGS_FAILING_FOR_NOW but now correct: remove the entry"
                )),
                (false, None) => r.mismatches.push(format!(
                    "{ctx}: expected {want:?}{}, got {got:?}",
                    policy.map_or(String::new(), |p| format!(" (acceptable, policy {p})"))
                )),
            }
        }
    }
    assert_eq!(
        i64::try_from(r.run.len()).expect("count"),
        number_of_tests,
        "{name}: numberOfTests"
    );
    r
}

fn run_and_check(name: &str) {
    let file = file_by_name(name);
    let r = run_file(file);
    let algs: Vec<&str> = r.alg.iter().map(String::as_str).collect();
    let acceptable: usize = r.acceptable.values().sum();
    let refused: usize = r.refused_at_import.values().map(|(n, _)| n).sum();
    let na: usize = r.not_applicable.values().sum();
    println!(
        "wycheproof {name} [{}] ({} backend): {} run, {} as labelled, {} acceptable decided by \
         policy, {} rejected at import, {} not applicable, {} failing for now (library bugs), \
         {} unexplained",
        algs.join(", "),
        Backend::ACTIVE.name(),
        r.run.len(),
        r.as_labelled,
        acceptable,
        refused,
        na,
        r.failing_for_now.len(),
        r.mismatches.len()
    );
    println!(
        "  as labelled: {} valid verified, {} invalid rejected (InvalidSignature); \
         {acceptable} acceptable",
        r.valid_verified, r.invalid_rejected
    );
    for (flag, n) in &r.acceptable {
        let (accept, why) = ACCEPTABLE_POLICY
            .iter()
            .find(|(f, _, _)| f == flag)
            .map_or((false, ""), |(_, accept, why)| (*accept, *why));
        let verdict = if accept { "accepted" } else { "rejected" };
        println!("  acceptable {flag}: {n} case(s) -> {verdict}; policy: {why}");
    }
    for (why, (n, valid)) in &r.refused_at_import {
        println!("  rejected at import: {n} case(s) ({valid} labelled valid): {why}");
    }
    for (why, n) in &r.not_applicable {
        println!("  not applicable: {n} case(s): {why}");
    }
    for id in &r.failing_for_now {
        println!("  FAILING FOR NOW (library bug): tcId {id}");
    }
    let forms: Vec<String> = r
        .forms_agreeing
        .iter()
        .map(|(f, n)| format!("{f} {n}"))
        .collect();
    println!(
        "  {} groups; key forms imported and agreeing (groups): {}{}",
        r.groups,
        if forms.is_empty() {
            "none".to_owned()
        } else {
            forms.join(", ")
        },
        if r.pem_unavailable > 0 {
            format!(
                "; publicKeyPem NOT CHECKED in {} group(s): from_pem refuses every PEM as Malformed (PEM parser not in yet)",
                r.pem_unavailable
            )
        } else {
            String::new()
        }
    );
    for m in &r.mismatches {
        println!("  UNEXPLAINED: {m}");
    }
    assert!(
        r.mismatches.is_empty(),
        "{name}: {} unexplained outcome(s), first: {}",
        r.mismatches.len(),
        r.mismatches[0]
    );
    assert_eq!(
        r.as_labelled + acceptable + refused + na + r.failing_for_now.len(),
        r.run.len(),
        "{name}: every case is accounted for"
    );
    let listed: BTreeSet<u64> = LIBRARY_BUGS_FAILING_FOR_NOW
        .iter()
        .filter(|(f, _, _, _)| *f == name)
        .map(|(_, id, _, _)| *id)
        .collect();
    assert_eq!(
        r.failing_for_now, listed,
        "{name}: every LIBRARY_BUGS_FAILING_FOR_NOW entry still fails as described"
    );
    assert_eq!(
        r.valid_verified + r.invalid_rejected,
        r.as_labelled,
        "{name}: as labelled = valid verified + invalid rejected"
    );
    match active_refusal(name) {
        Some(x) => assert_eq!(
            r.refused_at_import.keys().copied().collect::<Vec<_>>(),
            [x.reason],
            "{name}: the IMPORT_REFUSALS entry for this build was used, and no other"
        ),
        None => assert!(
            r.refused_at_import.is_empty(),
            "{name}: nothing refused at import in this build"
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Harness checks
// ---------------------------------------------------------------------------------------

#[test]
fn every_flag_is_known_to_the_harness() {
    let mut used = BTreeSet::new();
    for file in FILES {
        let doc = parse_vectors(file.name, file.text);
        for g in doc["testGroups"].as_array().expect("testGroups") {
            for t in g["tests"].as_array().expect("tests") {
                for flag in t["flags"].as_array().expect("flags") {
                    let flag = flag.as_str().expect("flag");
                    assert!(
                        KNOWN_FLAGS.iter().any(|(k, _)| *k == flag),
                        "{} tcId {}: flag {flag} is unknown to the harness; decide how to treat it",
                        file.name,
                        t["tcId"]
                    );
                    assert!(
                        doc["notes"].get(flag).is_some(),
                        "{}: flag {flag} is not described in the file's notes",
                        file.name
                    );
                    used.insert(flag.to_owned());
                }
                if t["result"] == "acceptable" {
                    let flags = t["flags"].as_array().expect("flags");
                    assert_eq!(
                        ACCEPTABLE_POLICY
                            .iter()
                            .filter(|(f, _, _)| flags.iter().any(|x| x == f))
                            .count(),
                        1,
                        "{} tcId {}: acceptable case needs exactly one policy",
                        file.name,
                        t["tcId"]
                    );
                }
            }
        }
    }
    let known: BTreeSet<String> = KNOWN_FLAGS.iter().map(|(k, _)| (*k).to_owned()).collect();
    assert_eq!(
        known, used,
        "KNOWN_FLAGS lists exactly the flags the files use"
    );
    assert_eq!(known.len(), KNOWN_FLAGS.len(), "KNOWN_FLAGS has duplicates");
}

#[test]
fn parameters_that_no_jws_algorithm_has_are_not_applicable() {
    let pss = |sha, mgf_sha, s_len| Params {
        kind: "RsassaPssVerify",
        sha: Some(sha),
        mgf: Some("MGF1"),
        mgf_sha: Some(mgf_sha),
        s_len: Some(s_len),
        ..Params::default()
    };
    assert_eq!(
        classify(&pss("SHA-256", "SHA-256", 32)),
        JwsMatch::Alg(Algorithm::PS256)
    );
    assert_eq!(
        classify(&pss("SHA-512", "SHA-512", 64)),
        JwsMatch::Alg(Algorithm::PS512)
    );
    for (p, why) in [
        (pss("SHA-256", "SHA-384", 32), "MGF1 with"),
        (pss("SHA-256", "SHA-256", 0), "salt"),
        (pss("SHA-384", "SHA-384", 32), "salt"),
        (pss("SHA-224", "SHA-224", 28), "SHA-256/384/512 only"),
        (
            Params {
                mgf: Some("SHAKE128"),
                ..pss("SHA-256", "SHA-256", 32)
            },
            "MGF1",
        ),
        (
            Params {
                kind: "EcdsaP1363Verify",
                curve: Some("secp256r1"),
                sha: Some("SHA-512"),
                ..Params::default()
            },
            "JWS pairs",
        ),
        (
            Params {
                kind: "EcdsaP1363Verify",
                curve: Some("secp256k1"),
                sha: Some("SHA-512"),
                ..Params::default()
            },
            "JWS pairs",
        ),
        (
            Params {
                kind: "EcdsaP1363Verify",
                curve: Some("secp521r1"),
                sha: Some("SHA-256"),
                ..Params::default()
            },
            "JWS pairs",
        ),
        (
            Params {
                kind: "RsassaPkcs1Verify",
                sha: Some("SHA-1"),
                ..Params::default()
            },
            "SHA-256/384/512 only",
        ),
    ] {
        match classify(&p) {
            JwsMatch::NotApplicable(reason) => {
                assert!(reason.contains(why), "{p:?}: reason {reason:?}");
            }
            other => panic!("{p:?}: expected not applicable, got {other:?}"),
        }
    }
    let ecdsa = |curve, sha| Params {
        kind: "EcdsaP1363Verify",
        curve: Some(curve),
        sha: Some(sha),
        ..Params::default()
    };
    // ES512 and ES256K are JWS algorithms (RFC 7518 3.4, RFC 8812 3.2), in every build;
    // whether the backend has them is decided at import (IMPORT_REFUSALS).
    assert_eq!(
        classify(&ecdsa("secp521r1", "SHA-512")),
        JwsMatch::Alg(Algorithm::ES512)
    );
    assert_eq!(
        classify(&ecdsa("secp256k1", "SHA-256")),
        JwsMatch::Alg(Algorithm::ES256K)
    );
    assert_eq!(
        classify(&Params {
            kind: "EddsaVerify",
            curve: Some("edwards448"),
            ..Params::default()
        }),
        JwsMatch::Unimplemented("Ed448")
    );
    assert_eq!(
        kind(&Algorithm::from_name("Ed448")),
        Some(UnsupportedAlgorithm),
        "Ed448 is in no backend"
    );
}

/// A key on one curve bound to another curve's ECDSA algorithm is refused, in every
/// form that names its curve (JWK, SPKI DER, PEM), for every group of the four ECDSA
/// files: as `KeyMismatch` when the backend has the key's curve, as
/// `UnsupportedAlgorithm` when it does not (ring and P-521 or secp256k1: the curve is
/// the problem, whatever it is bound to).
#[test]
fn ecdsa_keys_bound_to_another_curves_algorithm_are_refused() {
    use Algorithm::{ES256, ES256K, ES384, ES512};
    let files = [
        ("ecdsa_secp256r1_sha256_p1363_test.json", ES256),
        ("ecdsa_secp384r1_sha384_p1363_test.json", ES384),
        ("ecdsa_secp521r1_sha512_p1363_test.json", ES512),
        ("ecdsa_secp256k1_sha256_p1363_test.json", ES256K),
    ];
    let mut checked = BTreeMap::<&str, usize>::new();
    for (name, own) in files {
        let doc = parse_vectors(name, file_by_name(name).text);
        for (gi, group) in doc["testGroups"]
            .as_array()
            .expect("testGroups")
            .iter()
            .enumerate()
        {
            let gctx = format!("{name} group {gi}");
            for other in [ES256, ES384, ES512, ES256K]
                .into_iter()
                .filter(|a| *a != own)
            {
                // An algorithm (or a key's curve) the backend lacks is reported first.
                let want = if backend_has(own) && backend_has(other) {
                    KeyMismatch
                } else {
                    UnsupportedAlgorithm
                };
                let mut forms = vec![
                    der_form(&gctx, other, group["publicKeyDer"].as_str().expect("DER")),
                    pem_form(other, group["publicKeyPem"].as_str().expect("PEM")),
                ];
                if let Some(jwk) = group.get("publicKeyJwk") {
                    forms.push(jwk_form("publicKeyJwk", other, jwk));
                }
                for form in forms {
                    assert_eq!(
                        kind(&form.key),
                        Some(want),
                        "{gctx}: {} bound to {other}",
                        form.name
                    );
                    *checked.entry(name).or_default() += 1;
                }
            }
        }
    }
    println!(
        "ECDSA keys bound to another curve's algorithm, refused (imports checked): {checked:?}"
    );
    assert_eq!(checked.len(), 4, "every ECDSA file");
}

/// Every signature-verification file of the collection (per SOURCE.json) is embedded and
/// run, and each copy is unmodified.
#[test]
fn signature_vector_files_match_source_json() {
    let source = parse_vectors("SOURCE.json", SOURCE);
    let entries = source["files"].as_array().expect("files");
    let signature_schemas = [
        "ecdsa_p1363_verify_schema_v1.json",
        "eddsa_verify_schema_v1.json",
        "rsassa_pkcs1_verify_schema_v1.json",
        "rsassa_pss_verify_schema_v1.json",
    ];
    let listed: BTreeSet<String> = entries
        .iter()
        .filter(|e| signature_schemas.iter().any(|s| e["schema"] == *s))
        .map(|e| {
            e["path"]
                .as_str()
                .and_then(|p| p.strip_prefix("testvectors_v1/"))
                .expect("path")
                .to_owned()
        })
        .collect();
    let embedded: BTreeSet<String> = FILES.iter().map(|f| f.name.to_owned()).collect();
    assert_eq!(
        embedded, listed,
        "the signature files embedded here vs SOURCE.json"
    );
    for file in FILES {
        let entry = entries
            .iter()
            .find(|e| e["path"] == format!("testvectors_v1/{}", file.name))
            .expect("entry");
        assert_eq!(
            entry["sha256"],
            sha256_hex(file.text.as_bytes()).as_str(),
            "{}: unmodified copy (sha256)",
            file.name
        );
        assert_eq!(entry["bytes"], file.text.len(), "{}: size", file.name);
        let doc = parse_vectors(file.name, file.text);
        let mut results: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0;
        for g in doc["testGroups"].as_array().expect("testGroups") {
            for t in g["tests"].as_array().expect("tests") {
                n += 1;
                *results
                    .entry(t["result"].as_str().expect("result").to_owned())
                    .or_default() += 1;
            }
        }
        assert_eq!(doc["numberOfTests"], n, "{}: numberOfTests", file.name);
        assert_eq!(
            entry["numberOfTests"], n,
            "{}: SOURCE.json numberOfTests",
            file.name
        );
        assert_eq!(
            entry["groups"],
            doc["testGroups"].as_array().map_or(0, Vec::len),
            "{}: SOURCE.json groups",
            file.name
        );
        let want: BTreeMap<String, usize> = entry["results"]
            .as_object()
            .expect("results")
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    usize::try_from(v.as_u64().expect("count")).expect("count"),
                )
            })
            .collect();
        assert_eq!(results, want, "{}: SOURCE.json results", file.name);
    }
}

/// `*` matches any run of characters (the only wildcard known_issues.json uses).
fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => name.strip_prefix(head).is_some_and(|rest| {
            (0..=rest.len()).any(|i| rest.is_char_boundary(i) && glob_match(tail, &rest[i..]))
        }),
    }
}

/// The known_issues.json entries about these files hold, and the harness follows them:
/// tcId 8 of each PKCS#1 file is the one `acceptable` MissingNull case (decided: reject),
/// and nine groups of each ECDSA file have no `publicKeyJwk` (their JWK is built from
/// `wx`/`wy`).
#[test]
fn known_issues_for_signature_files_hold() {
    let doc = parse_vectors("known_issues.json", KNOWN_ISSUES);
    let mut matched = 0;
    for e in doc["entries"].as_array().expect("entries") {
        let pattern = e["file"]
            .as_str()
            .and_then(|p| p.strip_prefix("testvectors_v1/"))
            .expect("file");
        let files: Vec<&VectorFile> = FILES
            .iter()
            .filter(|f| glob_match(pattern, f.name))
            .collect();
        if files.is_empty() {
            continue;
        }
        matched += 1;
        for file in files {
            let v = parse_vectors(file.name, file.text);
            let groups = v["testGroups"].as_array().expect("testGroups");
            match (&e["tcIds"], e["kind"].as_str()) {
                (Value::Array(ids), Some("acceptable")) => {
                    let ids: BTreeSet<u64> = ids.iter().filter_map(Value::as_u64).collect();
                    let acceptable: BTreeSet<u64> = groups
                        .iter()
                        .flat_map(|g| g["tests"].as_array().expect("tests"))
                        .filter(|t| t["result"] == "acceptable")
                        .map(|t| {
                            let flags = t["flags"].as_array().expect("flags");
                            assert!(
                                flags.iter().any(|f| f == "MissingNull"),
                                "{}: acceptable tcId {} is MissingNull",
                                file.name,
                                t["tcId"]
                            );
                            t["tcId"].as_u64().expect("tcId")
                        })
                        .collect();
                    assert_eq!(
                        acceptable, ids,
                        "{}: acceptable cases vs known_issues",
                        file.name
                    );
                    let (_, accept, _) = ACCEPTABLE_POLICY
                        .iter()
                        .find(|(f, _, _)| *f == "MissingNull")
                        .expect("MissingNull policy");
                    assert!(!accept, "known_issues recommends rejecting MissingNull");
                }
                (Value::String(s), Some("format")) if s.contains("without publicKeyJwk") => {
                    let n: usize = s
                        .split_once('(')
                        .and_then(|(_, r)| r.split_whitespace().next())
                        .and_then(|n| n.parse().ok())
                        .expect("count in known_issues");
                    let without = groups
                        .iter()
                        .filter(|g| g.get("publicKeyJwk").is_none())
                        .count();
                    assert_eq!(without, n, "{}: groups without publicKeyJwk", file.name);
                }
                other => panic!("known_issues entry for {pattern} not handled: {other:?}"),
            }
        }
    }
    assert_eq!(
        matched, 2,
        "known_issues.json entries about signature files"
    );
}

#[test]
fn glob_matching_is_exact_apart_from_stars() {
    assert!(glob_match(
        "rsa_signature_*_test.json",
        "rsa_signature_2048_sha256_test.json"
    ));
    assert!(glob_match(
        "ecdsa_secp*_p1363_test.json",
        "ecdsa_secp384r1_sha384_p1363_test.json"
    ));
    assert!(!glob_match(
        "rsa_signature_*_test.json",
        "rsa_pss_2048_sha256_mgf1_32_test.json"
    ));
    assert!(!glob_match("a", "ab"));
    assert!(glob_match("*", ""));
}
