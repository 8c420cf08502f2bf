//! Wycheproof (C2SP/wycheproof, unmodified files in `vectors/wycheproof/`): every case of
//! `json_web_signature_test.json` (401) and `json_web_key_test.json` (26), all groups:
//! HS256, ES256 (with the special-case `r`/`s` values), RS256/384/512, PS256/384/512, the
//! RFC 7520 tokens (RS256, PS384, ES512, HS256), keys meant for encryption, key sets.
//! The ES512 (P-521) cases, 347 and 351, are refused in every build for their JWK's
//! unregistered `alg` "ES521" (a named exception); with the aws-lc-rs backend their
//! signatures are also verified with the point bound to ES512 (`jws_347_351_*`).
//! Neither file has JWE groups; their one JSON-serialization case is refused as malformed.
//!
//! - Keys come only from the group's JWKs, through the crate's JWK API, bound to the
//!   algorithm the JWK names (`alg`), never to the token's header: `public` when the
//!   group has one, otherwise `private` (a shared secret, or a private JWK through
//!   [`Jwk::to_signing_key`] and its verifying key). The few JWKs without `alg` are bound
//!   by [`ALG_FOR_JWKS_WITHOUT_ALG`]. Private JWKs must give the same public key
//!   (`*_private_jwks_match_public_jwks`).
//! - Each case runs through a verifier allowing exactly the key's algorithm
//!   ([`Verifier::verify_signature_only`]: the payloads are not JWT claims).
//! - Cases whose upstream label is wrong or assumes another API are listed in
//!   `vectors/wycheproof/known_issues.json`; each one is a NAMED exception below, with
//!   the outcome this crate must have and why. Crate limitations not in that file would
//!   be named exceptions too, marked as such (none at present). Every exception must be
//!   hit, and the known-issue ones must be exactly the file's known issues.
//! - Every rejection must also have the expected [`ErrorKind`] (a table with a comment per
//!   entry), so a case is never "passed" for the wrong reason.
//! - Test-case and group members the harness does not read fail the run (see
//!   `common::Fields`), and so do flags it does not know (`KNOWN_FLAGS`, checked with
//!   the signature suite's in `flags.rs`).

use crate::common::{
    Fields, b64u_decode, b64u_decode_lenient, expect_valid, hex_encode, kind, parse_vectors,
    reference, set_keys,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use strict_jwt::{
    Algorithm, Backend, Error, ErrorKind, Jwk, JwkSet, VerifiedJws, Verifier, VerifyingKey,
};

/// The tests: the two runs, and the named exceptions and harness checks one by one.
mod cases;
/// The harness: keys from the groups' JWKs, one verifier per group, the run and its report.
mod harness;

pub(crate) const JWS_FILE: &str = "json_web_signature_test.json";
pub(crate) const JWS_VECTORS: &str =
    include_str!("../../../vectors/wycheproof/testvectors_v1/json_web_signature_test.json");
pub(crate) const JWK_FILE: &str = "json_web_key_test.json";
pub(crate) const JWK_VECTORS: &str =
    include_str!("../../../vectors/wycheproof/testvectors_v1/json_web_key_test.json");
pub(crate) const KNOWN_ISSUES: &str = include_str!("../../../vectors/wycheproof/known_issues.json");
pub(crate) const SOURCE: &str = include_str!("../../../vectors/wycheproof/SOURCE.json");

use Algorithm::{ES256, ES512, RS256};
use ErrorKind::{
    AlgorithmNotAllowed, IncompatibleKey, InvalidKey, InvalidSignature, Malformed, UnknownKey,
    UnsupportedAlgorithm, UnsupportedKey, WeakKey,
};

/// Every case of `json_web_signature_test.json`.
pub(crate) const JWS_SELECTION: &[RangeInclusive<u64>] = &[1..=401];

/// Every case of `json_web_key_test.json`.
pub(crate) const JWK_SELECTION: &[RangeInclusive<u64>] = &[1..=26];

/// Groups whose JWKs have no `alg` (keys meant for encryption), by the group's first
/// tcId: the algorithm the application binds the key to. Any other RS*/PS* or ES256
/// choice meets the same refusal, since the JWK's `use`/`key_ops` forbid signatures.
pub(crate) const ALG_FOR_JWKS_WITHOUT_ALG: &[(u64, Algorithm)] =
    &[(353, RS256), (354, ES256), (355, RS256), (356, ES256)];

/// Why each rejected JWS case must be rejected by this crate.
pub(crate) const JWS_REJECTIONS: &[(RangeInclusive<u64>, ErrorKind)] = &[
    // group hs256: an oct key bound to HS256
    (2..=3, InvalidSignature),       // modified MAC; empty MAC segment
    (4..=4, Malformed),              // two segments
    (5..=6, InvalidSignature),       // modified payload; empty payload segment
    (7..=7, Malformed),              // two segments
    (8..=8, UnknownKey),             // modified header: kid "Xid-aes-sign"
    (9..=13, Malformed),             // empty header segment; one or two segments; ""
    (14..=15, Malformed),            // four segments
    (16..=16, UnsupportedAlgorithm), // alg none
    (17..=17, Malformed),            // JSON serialization (named exception)
    // group es256: a P-256 JWK bound to ES256
    (19..=20, InvalidSignature), // modified signature; empty signature (length != 64)
    (21..=21, Malformed),        // two segments
    (22..=23, InvalidSignature), // modified payload; empty payload segment
    (24..=24, Malformed),        // two segments
    (25..=25, UnknownKey),       // modified header: kid "Xid-ec-sign"
    (26..=30, Malformed),        // empty header segment; one or two segments; ""
    // An HS256 token with the EC key's kid: the verifier allows ES256 only. (The EC JWK
    // never becomes an HMAC key either: `jws_tc31_symmetric_confusion_...`.)
    (31..=31, AlgorithmNotAllowed),
    // Header `jwk` with the attacker's key: never a key source, so the signature is
    // checked with the configured key, and fails.
    (32..=32, InvalidSignature),
    // group rs256 (kid-rsa-sign): an RSA JWK bound to RS256
    (34..=35, InvalidSignature),  // modified signature; empty signature
    (36..=36, Malformed),         // two segments
    (37..=38, InvalidSignature),  // modified payload; empty payload segment
    (39..=39, Malformed),         // two segments
    (40..=40, UnknownKey),        // modified header: kid "Xid-rsa-sign"
    (41..=45, Malformed),         // empty header segment; one or two segments; ""
    (46..=258, InvalidSignature), // modified PKCS#1 v1.5 DigestInfo encodings
    // group ps256
    (276..=286, InvalidSignature), // modified mHash; changed salt length
    (289..=315, InvalidSignature), // modified padding, hash, PS, salt, maskedDB, EM; s = 0, 1, n-1, n
    (316..=319, InvalidSignature), // signature not of the modulus length
    // group ps384
    (324..=324, InvalidSignature), // modified signature
    // group ps512: tokens by other algorithms with the PS512 key's kid
    (329..=330, InvalidSignature),     // modified mHash
    (331..=331, InvalidSignature),     // header PS512, signed with RS256
    (332..=332, AlgorithmNotAllowed),  // header RS256
    (333..=333, InvalidSignature),     // header PS512, signed with RS384
    (334..=334, AlgorithmNotAllowed),  // header RS384
    (335..=335, InvalidSignature),     // header PS512, signed with RS512
    (336..=336, AlgorithmNotAllowed),  // header RS512
    (337..=337, InvalidSignature),     // header PS512, signed with PS256
    (338..=338, AlgorithmNotAllowed),  // header PS256
    (339..=339, InvalidSignature),     // header PS512, signed with PS384
    (340..=340, AlgorithmNotAllowed),  // header PS384
    (341..=344, UnsupportedAlgorithm), // alg "none" / "NONE": no such Algorithm
    // RFC 7520 groups (named exceptions)
    (346..=346, AlgorithmNotAllowed), // PS384 token, the JWK says PS256
    (347..=347, IncompatibleKey),     // JWK alg "ES521": not a JWS algorithm name
    (350..=350, AlgorithmNotAllowed), // PS384 token, the JWK says PS256
    (351..=351, IncompatibleKey),     // JWK alg "ES521": not a JWS algorithm name
    // keys for encryption (named exceptions; labels agree)
    (353..=354, IncompatibleKey), // JWK use "enc"
    (355..=356, IncompatibleKey), // JWK key_ops ["encrypt"]: no "verify"
    // group base64: an oct key bound to HS256
    (360..=360, Malformed), // spaces in the MAC
    (361..=364, Malformed), // '?' or other invalid characters in the MAC
    (365..=365, Malformed), // spaces in the header
    (366..=366, Malformed), // '#' in the header
    (368..=368, Malformed), // spaces in the payload
    (369..=369, Malformed), // '#' in the payload
    (371..=371, Malformed), // '?' in the payload
    (372..=372, Malformed), // '?' in the header (named exception)
    (373..=373, Malformed), // '?' in the payload (named exception)
    (374..=374, Malformed), // non-zero unused bits in the payload ("AB")
    (375..=375, Malformed), // the same, with the MAC of those exact bytes
    // group SpecialCaseEs256
    (379..=385, InvalidSignature), // 66- or 514-byte signatures (ES256 is exactly 64)
    (386..=401, InvalidSignature), // r, s in {0, 1, n-1, n}
];

/// Why each rejected JWK case must be rejected by this crate.
pub(crate) const JWK_REJECTIONS: &[(RangeInclusive<u64>, ErrorKind)] = &[
    (1..=1, InvalidKey),       // keyset mixes symmetric and asymmetric keys
    (3..=3, InvalidSignature), // modified signature
    // Duplicate kid. (The second key's `k`, "...Bingge", is also not canonical base64url;
    // set-level checks come first, so the kid is what is reported. The encoding problem
    // alone: `jwk_tc4_second_key_is_not_canonical_base64url`.)
    (4..=4, InvalidKey),
    (6..=6, IncompatibleKey), // JWK alg "RSA1_5" (and use "enc"): not a JWS algorithm
    (7..=7, WeakKey),         // RSA modulus with the ROCA fingerprint (CVE-2017-15361)
    (8..=8, WeakKey),         // 1024-bit RSA modulus (RFC 7518 3.3: at least 2048)
    (9..=9, WeakKey),         // RSA public exponent 1
    (10..=10, WeakKey),       // 31-byte HS256 key
    (11..=11, WeakKey),       // 47-byte HS384 key
    (12..=12, WeakKey),       // 63-byte HS512 key
    (16..=16, WeakKey),       // empty HS256 key
    (17..=17, WeakKey),       // empty HS384 key
    (18..=18, WeakKey),       // empty HS512 key
    (19..=19, IncompatibleKey), // P-256 key with alg "ES521": not a JWS algorithm name
    (20..=20, IncompatibleKey), // P-256 key with alg "ES224": not a JWS algorithm name
    (21..=21, IncompatibleKey), // use "enc"
    (22..=22, InvalidKey),    // point not on P-256
    (23..=23, IncompatibleKey), // crv "P-384" for alg ES256
    (24..=24, IncompatibleKey), // kty "RSA" for alg ES256
    (25..=25, IncompatibleKey), // oct key with alg A256GCM used for HS256
    (26..=26, IncompatibleKey), // oct key with alg A256KW used for HS256
];

/// A case whose Wycheproof label this crate does not follow, or whose outcome depends on
/// a choice of the crate.
pub(crate) struct Exception {
    pub(crate) tc_id: u64,
    /// The outcome this crate must have.
    pub(crate) expect_valid: bool,
    /// Listed in `known_issues.json` (otherwise a crate-specific limitation or policy).
    pub(crate) known_issue: bool,
    pub(crate) reason: &'static str,
}

pub(crate) const JWS_EXCEPTIONS: &[Exception] = &[
    Exception {
        tc_id: 17,
        expect_valid: false,
        known_issue: true,
        reason: "JSON serialization fed to a compact-only API must be refused \
                 (label invalid agrees; known_issues: API assumption)",
    },
    Exception {
        tc_id: 346,
        expect_valid: false,
        known_issue: true,
        reason: "RFC 7520 4.2 PS384 token, but the verification JWK says alg PS256: a key is \
                 bound to one algorithm, so the token's PS384 is not allowed; label valid overridden",
    },
    Exception {
        tc_id: 347,
        expect_valid: false,
        known_issue: true,
        reason: "RFC 7520 4.3 ES512 token with a P-521 JWK whose alg is the unregistered \
                 \"ES521\": a JWK is bound to the algorithm it names, and ES521 is none \
                 (IncompatibleKey, in every build; the signature itself is a correct ES512 \
                 one, checked with aws-lc-rs in jws_347_351_*); label valid overridden",
    },
    Exception {
        tc_id: 350,
        expect_valid: false,
        known_issue: true,
        reason: "as 346, with key_ops [\"verify\"]: PS256 JWK, PS384 token; label valid overridden",
    },
    Exception {
        tc_id: 351,
        expect_valid: false,
        known_issue: true,
        reason: "as 347, with key_ops [\"verify\"]: alg \"ES521\", P-521; label valid overridden",
    },
    Exception {
        tc_id: 353,
        expect_valid: false,
        known_issue: true,
        reason: "RSA JWK with use \"enc\": refused for verification (label invalid agrees; \
                 known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 354,
        expect_valid: false,
        known_issue: true,
        reason: "EC JWK with use \"enc\": refused for verification (label invalid agrees; \
                 known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 355,
        expect_valid: false,
        known_issue: true,
        reason: "RSA JWK with key_ops [\"encrypt\"]: refused for verification (label invalid \
                 agrees; known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 356,
        expect_valid: false,
        known_issue: true,
        reason: "EC JWK with key_ops [\"encrypt\"]: refused for verification (label invalid \
                 agrees; known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 357,
        expect_valid: true,
        known_issue: true,
        reason: "correct HS256 token, byte-identical to 367/370 \
                 (label valid agrees; upstream C2SP/wycheproof#236)",
    },
    Exception {
        tc_id: 367,
        expect_valid: true,
        known_issue: true,
        reason: "byte-identical to 357, a correct HS256 token: the padding this case \
                 is named for was lost upstream (C2SP/wycheproof#236); label invalid overridden",
    },
    Exception {
        tc_id: 370,
        expect_valid: true,
        known_issue: true,
        reason: "byte-identical to 357, a correct HS256 token: the padding this case \
                 is named for was lost upstream (C2SP/wycheproof#236); label invalid overridden",
    },
    Exception {
        tc_id: 372,
        expect_valid: false,
        known_issue: true,
        reason: "'?' inserted in the header segment: RFC 7515 §2 base64url allows no \
                 other characters, a strict decoder refuses it; label valid overridden",
    },
    Exception {
        tc_id: 373,
        expect_valid: false,
        known_issue: true,
        reason: "'?' inserted in the payload segment: RFC 7515 §2 base64url allows no \
                 other characters, a strict decoder refuses it; label valid overridden",
    },
];

/// No JWK case needs an exception. (tcId 7, the ROCA-vulnerable RSA key, was one while
/// the crate had no ROCA fingerprint check; it now refuses the key as `WeakKey`.)
pub(crate) const JWK_EXCEPTIONS: &[Exception] = &[];

/// Every flag of the two files, and what it means here. A flag not listed fails the
/// run (`every_flag_is_known_to_the_harness`).
pub(crate) const KNOWN_FLAGS: &[(&str, &str)] = &[
    (
        "JsonSerialization",
        "JWS JSON serialization: compact only, Malformed",
    ),
    (
        "ModifiedPadding",
        "RS256 DigestInfo modified: InvalidSignature",
    ),
    (
        "ModifiedSignature",
        "PS* signature or padding modified: InvalidSignature",
    ),
    (
        "WrongPrimitive",
        "signed by another algorithm than the key's: InvalidSignature, or AlgorithmNotAllowed \
         when the header says so",
    ),
    ("AlgIsNone", "alg none in any case: UnsupportedAlgorithm"),
    (
        "MixedKeySet",
        "JWK set mixing oct and asymmetric keys: InvalidKey",
    ),
    ("DuplicateKid", "JWK set with a duplicate kid: InvalidKey"),
    (
        "Ambiguous",
        "not well defined by the RFCs, best practice is to reject: rejected",
    ),
];
