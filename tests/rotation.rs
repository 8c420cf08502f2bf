//! Key rotation (issue 4): the issuer signs with its current key (whose `kid` is in the
//! header) and publishes a JWK set holding the current and the previous key; tokens
//! signed before a rotation keep verifying until their key leaves the set.
//!
//! Every relying party here builds its verifier from the published JSON, as a service
//! fetching a `jwks_uri` would. The clock is injected (`verify_at`).
//!
//! Keys: ES256, EdDSA and HS256 keys are generated (their `kid` is their RFC 7638
//! thumbprint). RSA keys cannot be generated (`ring`), so the two RS256 generations are
//! fixed keys: the OpenSSL test key in `tests/keys/rsa2048.pem` and the RFC 7520 §3.4
//! example key (`vectors/rfc7520/cookbook/jwk/3_4.rsa_private_key.json`).

use serde_json::Value;
use std::time::Duration;
use strict_jwt::{
    Algorithm, Claims, ErrorKind, Jwk, JwkSet, NumericDate, Signer, SigningKey, ThumbprintHash,
    UntrustedToken, Verifier, insecure_decode_without_verification,
};

const RSA_OLD_PEM: &str = include_str!("keys/rsa2048.pem");
const RSA_NEW_JWK: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_4.rsa_private_key.json");

const ISSUER: &str = "https://auth.example";
const AUDIENCE: &str = "orders-api";
const DAY: u64 = 24 * 60 * 60;
/// 2026-01-01T00:00:00Z.
const EPOCH: i64 = 1_767_225_600;
/// The rotation happens on day 30; the previous key leaves the set on day 31.
const ROTATION_DAY: u64 = 30;
const REMOVAL_DAY: u64 = 31;
/// Long enough that the token signed on day 29 is still unexpired on the removal day:
/// its refusal then can only come from the key's removal.
const TOKEN_LIFETIME: Duration = Duration::from_secs(7 * DAY);

fn day(n: u64) -> NumericDate {
    NumericDate::from_secs(EPOCH).saturating_add(Duration::from_secs(n * DAY))
}

#[derive(serde::Serialize, serde::Deserialize, Debug)]
struct Access {
    scope: String,
}

/// One rotation: the previous and the current signing key, and the algorithms the
/// relying parties allow.
struct Rotation {
    name: &'static str,
    old: SigningKey,
    new: SigningKey,
    allow: &'static [Algorithm],
}

impl Rotation {
    fn old_kid(&self) -> &str {
        self.old
            .kid()
            .unwrap_or_else(|| panic!("{}: old key has no kid", self.name))
    }

    fn new_kid(&self) -> &str {
        self.new
            .kid()
            .unwrap_or_else(|| panic!("{}: new key has no kid", self.name))
    }
}

fn generate(alg: Algorithm) -> SigningKey {
    SigningKey::generate(alg).unwrap_or_else(|e| panic!("generate {alg:?}: {e:?}"))
}

/// A key named by its RFC 7638 thumbprint, as generated keys are.
fn thumbprint_kid(key: SigningKey) -> SigningKey {
    let kid = key
        .thumbprint(ThumbprintHash::Sha256)
        .unwrap_or_else(|e| panic!("thumbprint: {e:?}"));
    key.with_kid(kid)
}

/// The previous RSA key: `tests/keys/rsa2048.pem` (PKCS#8).
fn rsa_old(alg: Algorithm) -> SigningKey {
    thumbprint_kid(
        SigningKey::from_pem(alg, RSA_OLD_PEM)
            .unwrap_or_else(|e| panic!("tests/keys/rsa2048.pem as {alg:?}: {e:?}")),
    )
}

/// The current RSA key: the RFC 7520 §3.4 private JWK.
fn rsa_new(alg: Algorithm) -> SigningKey {
    thumbprint_kid(
        Jwk::from_json(RSA_NEW_JWK)
            .and_then(|j| j.to_signing_key(alg))
            .unwrap_or_else(|e| panic!("RFC 7520 §3.4 RSA key as {alg:?}: {e:?}")),
    )
}

fn es256() -> Rotation {
    Rotation {
        name: "ES256",
        old: generate(Algorithm::ES256),
        new: generate(Algorithm::ES256),
        allow: &[Algorithm::ES256],
    }
}

fn eddsa() -> Rotation {
    Rotation {
        name: "EdDSA",
        old: generate(Algorithm::EdDSA),
        new: generate(Algorithm::EdDSA),
        allow: &[Algorithm::EdDSA],
    }
}

fn hs256() -> Rotation {
    Rotation {
        name: "HS256",
        old: generate(Algorithm::HS256),
        new: generate(Algorithm::HS256),
        allow: &[Algorithm::HS256],
    }
}

fn rs256() -> Rotation {
    Rotation {
        name: "RS256",
        old: rsa_old(Algorithm::RS256),
        new: rsa_new(Algorithm::RS256),
        allow: &[Algorithm::RS256],
    }
}

fn rs256_to_es256() -> Rotation {
    Rotation {
        name: "RS256 -> ES256",
        old: rsa_old(Algorithm::RS256),
        new: generate(Algorithm::ES256),
        allow: &[Algorithm::RS256, Algorithm::ES256],
    }
}

fn same_algorithm_rotations() -> Vec<Rotation> {
    vec![es256(), eddsa(), hs256(), rs256()]
}

/// The JWK a relying party gets for a key: the public JWK, or for an HMAC key the `oct`
/// secret (a set of shared secrets, never published beside public keys).
fn published_jwk(key: &SigningKey) -> Jwk {
    let jwk = if key.algorithm().is_symmetric() {
        key.to_private_jwk()
    } else {
        key.to_public_jwk()
    };
    jwk.unwrap_or_else(|e| panic!("JWK of a {:?} key: {e:?}", key.algorithm()))
}

/// The issuer's JWKS document for these keys, in this order.
fn jwks_json(case: &str, keys: &[&SigningKey]) -> String {
    let set = JwkSet::from_keys(keys.iter().map(|k| published_jwk(k)))
        .unwrap_or_else(|e| panic!("{case}: JwkSet::from_keys: {e:?}"));
    set.to_json().as_str().to_owned()
}

/// The same document with every JWK's `alg` member removed.
fn jwks_json_without_alg(case: &str, keys: &[&SigningKey]) -> String {
    let mut doc: Value = serde_json::from_str(&jwks_json(case, keys))
        .unwrap_or_else(|e| panic!("{case}: published JWKS is not JSON: {e}"));
    let list = doc["keys"]
        .as_array_mut()
        .unwrap_or_else(|| panic!("{case}: published JWKS has no `keys` array"));
    for jwk in list {
        let jwk = jwk
            .as_object_mut()
            .unwrap_or_else(|| panic!("{case}: a published JWK is not an object"));
        assert!(
            jwk.remove("alg").is_some(),
            "{case}: a published JWK had no `alg` to strip"
        );
    }
    doc.to_string()
}

/// How the issuer publishes its keys: with `alg` members (the default) or without.
type Publish = fn(&str, &[&SigningKey]) -> String;

/// A relying party: the JWKS document, parsed as fetched, and the case's allowlist.
fn relying_party(case: &str, jwks: &str, allow: &[Algorithm]) -> Verifier {
    let set =
        JwkSet::from_json(jwks).unwrap_or_else(|e| panic!("{case}: JwkSet::from_json: {e:?}"));
    assert!(
        set.skipped().is_empty(),
        "{case}: keys skipped from the JWKS: {:?}",
        set.skipped()
    );
    let mut builder = Verifier::builder().allow(allow[0]);
    for &alg in &allow[1..] {
        builder = builder.allow(alg);
    }
    builder
        .key_set(&set)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
        .unwrap_or_else(|e| panic!("{case}: verifier: {e:?}"))
}

fn claims(issued: NumericDate) -> Claims<Access> {
    let access = Access {
        scope: "read:orders".into(),
    };
    Claims::new_at(access, issued)
        .issuer(ISSUER)
        .subject("alice")
        .audience(AUDIENCE)
        .issued_now()
        .expires_in(TOKEN_LIFETIME)
}

fn sign_with(case: &str, signer: &Signer, issued: NumericDate) -> String {
    signer
        .sign(&claims(issued))
        .unwrap_or_else(|e| panic!("{case}: sign: {e:?}"))
}

/// What the issuer does: `Signer::new(key)`, whose header carries the key's kid.
fn sign(case: &str, key: &SigningKey, issued: NumericDate) -> String {
    sign_with(case, &Signer::new(key.clone()), issued)
}

/// `Ok(kid of the verified header)` or the error kind.
fn verify(verifier: &Verifier, token: &str, now: NumericDate) -> Result<Option<String>, ErrorKind> {
    verifier
        .verify_at::<Access>(token, now)
        .map(|v| v.header().kid().map(str::to_owned))
        .map_err(|e| e.kind())
}

/// The whole timeline: before the rotation the set holds the old key; during the
/// overlap, the new and the old key; after the removal, the new key only.
fn run_rotation(r: &Rotation, publish: Publish) {
    let case = r.name;
    let (old_kid, new_kid) = (Some(r.old_kid().to_owned()), Some(r.new_kid().to_owned()));
    assert_ne!(old_kid, new_kid, "{case}: the two generations share a kid");

    let before = relying_party(case, &publish(case, &[&r.old]), r.allow);
    let overlap = relying_party(case, &publish(case, &[&r.new, &r.old]), r.allow);
    let after = relying_party(case, &publish(case, &[&r.new]), r.allow);

    // Signed the day before the rotation, still unexpired on the removal day.
    let old_token = sign(case, &r.old, day(ROTATION_DAY - 1));
    let new_token = sign(case, &r.new, day(ROTATION_DAY));

    assert_eq!(
        verify(&before, &old_token, day(ROTATION_DAY - 1)),
        Ok(old_kid.clone()),
        "{case}: old key's token, old set, before the rotation"
    );
    assert_eq!(
        verify(&overlap, &old_token, day(ROTATION_DAY)),
        Ok(old_kid.clone()),
        "{case}: old key's token signed before the rotation, overlap set"
    );
    assert_eq!(
        verify(&overlap, &old_token, day(REMOVAL_DAY)),
        Ok(old_kid.clone()),
        "{case}: old key's token on the removal day, while its key is still in the set"
    );
    assert_eq!(
        verify(&overlap, &new_token, day(ROTATION_DAY)),
        Ok(new_kid.clone()),
        "{case}: new key's token, overlap set"
    );
    assert_eq!(
        verify(&before, &new_token, day(ROTATION_DAY)),
        Err(ErrorKind::UnknownKey),
        "{case}: new key's token against a set fetched before the new key was published"
    );
    assert_eq!(
        verify(&after, &old_token, day(REMOVAL_DAY)),
        Err(ErrorKind::UnknownKey),
        "{case}: old key's unexpired token once its key left the set"
    );
    assert_eq!(
        verify(&after, &new_token, day(REMOVAL_DAY)),
        Ok(new_kid),
        "{case}: new key's token after the old key's removal"
    );
}

// ---- (a) tokens signed before a rotation verify until their key leaves the set ----

#[test]
fn es256_token_signed_before_rotation_verifies_until_its_key_leaves_the_set() {
    run_rotation(&es256(), jwks_json);
}

#[test]
fn eddsa_token_signed_before_rotation_verifies_until_its_key_leaves_the_set() {
    run_rotation(&eddsa(), jwks_json);
}

#[test]
fn hs256_oct_set_token_signed_before_rotation_verifies_until_its_key_leaves_the_set() {
    run_rotation(&hs256(), jwks_json);
}

#[test]
fn rs256_token_signed_before_rotation_verifies_until_its_key_leaves_the_set() {
    run_rotation(&rs256(), jwks_json);
}

// ---- (b) the signer's header names the current key ----

#[test]
fn signer_header_carries_the_current_keys_kid_as_published() {
    let mut rotations = same_algorithm_rotations();
    rotations.push(rs256_to_es256());
    for r in &rotations {
        let case = r.name;
        let token = sign(case, &r.new, day(ROTATION_DAY));

        let parsed = UntrustedToken::parse(&token)
            .unwrap_or_else(|e| panic!("{case}: UntrustedToken::parse: {e:?}"));
        assert_eq!(
            parsed.header().kid(),
            Some(r.new_kid()),
            "{case}: UntrustedToken header kid"
        );
        assert_eq!(
            parsed.header().algorithm(),
            r.new.algorithm(),
            "{case}: UntrustedToken header alg"
        );

        let raw = insecure_decode_without_verification(&token)
            .unwrap_or_else(|e| panic!("{case}: insecure decode: {e:?}"));
        let header: Value = serde_json::from_slice(&raw.header)
            .unwrap_or_else(|e| panic!("{case}: header is not JSON: {e}"));
        assert_eq!(header["kid"], r.new_kid(), "{case}: raw header kid");
        assert_eq!(
            header["alg"],
            r.new.algorithm().name(),
            "{case}: raw header alg"
        );

        // The kid in the header is the one the JWKS publishes for the current key.
        let set = JwkSet::from_json(&jwks_json(case, &[&r.new, &r.old]))
            .unwrap_or_else(|e| panic!("{case}: JwkSet::from_json: {e:?}"));
        let published = set
            .find(r.new_kid())
            .unwrap_or_else(|e| panic!("{case}: header kid not in the JWKS: {e:?}"));
        assert_eq!(
            published.algorithm_name(),
            Some(r.new.algorithm().name()),
            "{case}: published JWK alg"
        );
    }
}

// ---- (c) the previous key signing under the current key's kid ----

#[test]
fn old_key_signing_under_the_current_kid_fails_invalid_signature() {
    for r in &same_algorithm_rotations() {
        let case = r.name;
        let overlap = relying_party(case, &jwks_json(case, &[&r.new, &r.old]), r.allow);
        let after = relying_party(case, &jwks_json(case, &[&r.new]), r.allow);
        let now = day(ROTATION_DAY);

        // Control: the same claims under the old key's own kid verify during the overlap.
        let honest = sign(case, &r.old, now);
        assert_eq!(
            verify(&overlap, &honest, now),
            Ok(Some(r.old_kid().to_owned())),
            "{case}: control, old key under its own kid"
        );

        let swapped = sign_with(case, &Signer::new(r.old.clone()).with_kid(r.new_kid()), now);
        let header = UntrustedToken::parse(&swapped)
            .unwrap_or_else(|e| panic!("{case}: parse swapped token: {e:?}"));
        assert_eq!(
            header.header().kid(),
            Some(r.new_kid()),
            "{case}: swapped token names the current key"
        );
        assert_eq!(
            verify(&overlap, &swapped, now),
            Err(ErrorKind::InvalidSignature),
            "{case}: old key under the current kid, overlap set"
        );
        assert_eq!(
            verify(&after, &swapped, now),
            Err(ErrorKind::InvalidSignature),
            "{case}: old key under the current kid, after the removal"
        );
    }
}

// ---- (d) a rotation that changes the algorithm ----

#[test]
fn rs256_to_es256_rotation_keeps_both_generations_verifying_during_overlap() {
    run_rotation(&rs256_to_es256(), jwks_json);
}

#[test]
fn rs256_to_es256_overlap_needs_both_algorithms_allowed() {
    let r = rs256_to_es256();
    let case = r.name;
    let jwks = jwks_json(case, &[&r.new, &r.old]);
    let now = day(ROTATION_DAY);
    let old_token = sign(case, &r.old, now);
    let new_token = sign(case, &r.new, now);

    // A set key whose algorithm is not allowed is dropped, not an error.
    let es256_only = relying_party(case, &jwks, &[Algorithm::ES256]);
    assert_eq!(
        verify(&es256_only, &old_token, now),
        Err(ErrorKind::AlgorithmNotAllowed),
        "{case}: RS256 token, ES256-only verifier"
    );
    assert_eq!(
        verify(&es256_only, &new_token, now),
        Ok(Some(r.new_kid().to_owned())),
        "{case}: ES256 token, ES256-only verifier"
    );
    let rs256_only = relying_party(case, &jwks, &[Algorithm::RS256]);
    assert_eq!(
        verify(&rs256_only, &new_token, now),
        Err(ErrorKind::AlgorithmNotAllowed),
        "{case}: ES256 token, RS256-only verifier"
    );
    assert_eq!(
        verify(&rs256_only, &old_token, now),
        Ok(Some(r.old_kid().to_owned())),
        "{case}: RS256 token, RS256-only verifier"
    );
}

#[test]
fn rs256_to_es256_old_key_under_the_new_kid_fails_key_mismatch() {
    let r = rs256_to_es256();
    let case = r.name;
    let overlap = relying_party(case, &jwks_json(case, &[&r.new, &r.old]), r.allow);
    let now = day(ROTATION_DAY);
    // The header says RS256 and names the ES256 key: that key is bound to ES256 only.
    let swapped = sign_with(case, &Signer::new(r.old.clone()).with_kid(r.new_kid()), now);
    assert_eq!(
        verify(&overlap, &swapped, now),
        Err(ErrorKind::KeyMismatch),
        "{case}: RS256 signature under the ES256 key's kid"
    );
}

// ---- (e) a JWKS without `alg` members ----

#[test]
fn jwks_without_alg_members_supports_the_whole_rotation() {
    let mut rotations = same_algorithm_rotations();
    rotations.push(rs256_to_es256());
    for r in &rotations {
        let case = r.name;
        let set = JwkSet::from_json(&jwks_json_without_alg(case, &[&r.new, &r.old]))
            .unwrap_or_else(|e| panic!("{case}: JWKS without alg: {e:?}"));
        assert!(
            set.keys().iter().all(|k| k.algorithm_name().is_none()),
            "{case}: `alg` was not stripped"
        );
        assert_eq!(set.keys().len(), 2, "{case}: keys in the stripped JWKS");
        run_rotation(r, jwks_json_without_alg);
    }
}

#[test]
fn jwks_without_alg_does_not_let_the_header_choose_an_unallowed_algorithm() {
    // An RSA key without `alg` serves RS* and PS*; the verifier allows PS256 only.
    let r = rs256();
    let case = "RS256 token, RSA JWK without alg, PS256-only verifier";
    let jwks = jwks_json_without_alg(case, &[&r.new, &r.old]);
    let ps256_only = relying_party(case, &jwks, &[Algorithm::PS256]);
    let now = day(ROTATION_DAY);
    assert_eq!(
        verify(&ps256_only, &sign(case, &r.new, now), now),
        Err(ErrorKind::AlgorithmNotAllowed),
        "{case}"
    );
    // The same key as PS256 (same kid, same material) is accepted.
    let ps256_key = thumbprint_kid(
        Jwk::from_json(RSA_NEW_JWK)
            .and_then(|j| j.to_signing_key(Algorithm::PS256))
            .unwrap_or_else(|e| panic!("{case}: RFC 7520 key as PS256: {e:?}")),
    );
    assert_eq!(
        ps256_key.kid(),
        r.new.kid(),
        "{case}: kid is the key's thumbprint"
    );
    assert_eq!(
        verify(&ps256_only, &sign(case, &ps256_key, now), now),
        Ok(Some(r.new_kid().to_owned())),
        "{case}: PS256 token by the same key"
    );
}
