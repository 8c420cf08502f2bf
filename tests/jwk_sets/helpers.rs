//! Vector files, fixed keys, and the JWK, thumbprint, signing and key-set helpers the
//! modules share. The canonical JSON and digests of thumbprints are built here by hand
//! (`sha2`), independently of the crate.

use crate::common::{b64u_encode, kind, parse_vectors};
use serde_json::{Map, Value, json};
use sha2::Digest as _;
use std::time::Duration;
use strict_jwt::Algorithm::{ES256K, ES512, RS256};
use strict_jwt::ErrorKind::UnsupportedKey;
use strict_jwt::{
    Algorithm, Backend, Claims, Error, ErrorKind, Jwk, JwkSet, NumericDate, Signer, SigningKey,
    ThumbprintHash, UntrustedToken, Verifier, VerifyingKey,
};

pub(crate) const RFC7638_FILE: &str = "rfc7638_thumbprint.json";
pub(crate) const RFC7638: &str = include_str!("../../vectors/rfc7638/rfc7638_thumbprint.json");
pub(crate) const RFC8037_FILE: &str = "rfc8037_appendix_a.json";
pub(crate) const RFC8037: &str = include_str!("../../vectors/rfc8037/rfc8037_appendix_a.json");
pub(crate) const KEY_3_1: &str =
    include_str!("../../vectors/rfc7520/cookbook/jwk/3_1.ec_public_key.json");
pub(crate) const KEY_3_2: &str =
    include_str!("../../vectors/rfc7520/cookbook/jwk/3_2.ec_private_key.json");
pub(crate) const KEY_3_3: &str =
    include_str!("../../vectors/rfc7520/cookbook/jwk/3_3.rsa_public_key.json");
pub(crate) const KEY_3_4: &str =
    include_str!("../../vectors/rfc7520/cookbook/jwk/3_4.rsa_private_key.json");
pub(crate) const KEY_3_5: &str =
    include_str!("../../vectors/rfc7520/cookbook/jwk/3_5.symmetric_key_mac_computation.json");
pub(crate) const WYCHEPROOF_JWK_FILE: &str = "json_web_key_test.json";
pub(crate) const WYCHEPROOF_JWK: &str =
    include_str!("../../vectors/wycheproof/testvectors_v1/json_web_key_test.json");
pub(crate) const WYCHEPROOF_SECP256K1_FILE: &str = "ecdsa_secp256k1_sha256_p1363_test.json";
pub(crate) const WYCHEPROOF_SECP256K1: &str =
    include_str!("../../vectors/wycheproof/testvectors_v1/ecdsa_secp256k1_sha256_p1363_test.json");

// Fixed keys (tests/keys/): an OpenSSL 2048-bit RSA key and a P-384 test key.
pub(crate) const RSA_PEM: &str = include_str!("../keys/rsa2048.pem");
pub(crate) const RSA_PUB_PEM: &str = include_str!("../keys/rsa2048_pub.pem");
pub(crate) const ES384_PRIVATE_JWK: &str = include_str!("../keys/es384_private.jwk.json");

/// The RFC 7515 A.3 P-256 public key (also the example of `JwkSet`'s documentation).
pub(crate) const P256_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
pub(crate) const P256_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
/// The RFC 8037 A.6 X25519 public key (RFC 7748 §6.1 Alice's), an ECDH key.
pub(crate) const X25519_X: &str = "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo";
/// A 32-byte HMAC secret.
pub(crate) const SECRET: [u8; 32] = *b"jwk-sets test secret, 32 bytes!!";
/// A 64-byte HMAC secret (long enough for HS512).
pub(crate) const SECRET_64: [u8; 64] =
    *b"jwk-sets test secret of 64 bytes, long enough for HS384 & HS512!";

pub(crate) const NOW: i64 = 1_700_000_000;
pub(crate) const HASHES: [ThumbprintHash; 3] = [
    ThumbprintHash::Sha256,
    ThumbprintHash::Sha384,
    ThumbprintHash::Sha512,
];

pub(crate) fn now() -> NumericDate {
    NumericDate::from_secs(NOW)
}

/// Parses JSON text written in this file (or by the crate) into a `Value`.
pub(crate) fn value(ctx: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{ctx}: not JSON: {e}"))
}

pub(crate) fn jwk(ctx: &str, text: &str) -> Jwk {
    Jwk::from_json(text).unwrap_or_else(|e| panic!("{ctx}: must parse as a JWK: {e:?}"))
}

pub(crate) fn jwk_of(ctx: &str, v: &Value) -> Jwk {
    jwk(ctx, &v.to_string())
}

/// A JWK's `to_json()` as a `Value`.
pub(crate) fn exported(ctx: &str, j: &Jwk) -> Value {
    value(ctx, &j.to_json())
}

pub(crate) fn set(ctx: &str, keys: Vec<Value>) -> JwkSet {
    JwkSet::from_json(&json!({ "keys": keys }).to_string())
        .unwrap_or_else(|e| panic!("{ctx}: the set must import: {e:?}"))
}

/// Required members of each `kty` (RFC 7638 §3.2, RFC 8037 §2), in lexicographic order.
pub(crate) fn required_members(kty: &str) -> &'static [&'static str] {
    match kty {
        "RSA" => &["e", "kty", "n"],
        "EC" => &["crv", "kty", "x", "y"],
        "OKP" => &["crv", "kty", "x"],
        "oct" => &["k", "kty"],
        other => panic!("no RFC 7638 members for kty {other:?}"),
    }
}

/// The RFC 7638 §3 canonical JSON of a JWK, built here: the required members only,
/// sorted, no whitespace.
pub(crate) fn canonical_json(ctx: &str, jwk: &Value) -> String {
    let kty = jwk["kty"]
        .as_str()
        .unwrap_or_else(|| panic!("{ctx}: kty is not a string"));
    let members: Vec<String> = required_members(kty)
        .iter()
        .map(|name| {
            let v = jwk[*name]
                .as_str()
                .unwrap_or_else(|| panic!("{ctx}: required member {name} is not a string"));
            format!("{}:{}", Value::from(*name), Value::from(v))
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

pub(crate) fn digest(hash: ThumbprintHash, bytes: &[u8]) -> Vec<u8> {
    match hash {
        ThumbprintHash::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
        ThumbprintHash::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
        ThumbprintHash::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
        other => panic!("no independent digest for {other:?}: add it here"),
    }
}

/// The thumbprint computed independently of the crate.
pub(crate) fn expected_thumbprint(ctx: &str, jwk: &Value, hash: ThumbprintHash) -> String {
    b64u_encode(&digest(hash, canonical_json(ctx, jwk).as_bytes()))
}

pub(crate) fn thumbprint(ctx: &str, j: &Jwk, hash: ThumbprintHash) -> String {
    j.thumbprint(hash)
        .unwrap_or_else(|e| panic!("{ctx}: {hash:?} thumbprint: {e:?}"))
}

pub(crate) fn rsa_signing(alg: Algorithm) -> SigningKey {
    SigningKey::from_pem(alg, RSA_PEM).unwrap_or_else(|e| panic!("tests/keys/rsa2048.pem: {e:?}"))
}

pub(crate) fn rsa_public(alg: Algorithm) -> VerifyingKey {
    VerifyingKey::from_pem(alg, RSA_PUB_PEM)
        .unwrap_or_else(|e| panic!("tests/keys/rsa2048_pub.pem: {e:?}"))
}

/// The public JWK of the fixture RSA key as a JSON object (with `alg` RS256, no kid).
pub(crate) fn rsa_public_jwk_value() -> Map<String, Value> {
    let j = rsa_public(RS256)
        .to_public_jwk()
        .expect("fixture RSA public JWK");
    match exported("fixture RSA public JWK", &j) {
        Value::Object(m) => m,
        other => panic!("fixture RSA public JWK: not an object: {other}"),
    }
}

pub(crate) fn generate(alg: Algorithm) -> SigningKey {
    SigningKey::generate(alg).unwrap_or_else(|e| panic!("generate {alg:?}: {e:?}"))
}

/// A generated key without a `kid` (through PKCS#8, which carries none).
pub(crate) fn generate_without_kid(alg: Algorithm) -> SigningKey {
    let der = generate(alg).to_pkcs8_der().expect("PKCS#8 export");
    let key = SigningKey::from_pkcs8_der(alg, &der).expect("PKCS#8 import");
    assert_eq!(key.kid(), None, "a PKCS#8 import carries no kid");
    key
}

/// The public JWK of a signing key as a JSON object; `kid` as given (none: removed).
pub(crate) fn public_jwk_value(key: &SigningKey, kid: Option<&str>) -> Value {
    let j = key.to_public_jwk().expect("public JWK");
    let mut v = exported("public JWK", &j);
    let obj = v.as_object_mut().expect("object");
    obj.remove("kid");
    if let Some(kid) = kid {
        obj.insert("kid".into(), kid.into());
    }
    v
}

/// A JWT signed with `key`, carrying `kid` (none: the key's own kid, if any).
pub(crate) fn sign(key: &SigningKey, kid: Option<&str>) -> String {
    let signer = Signer::new(key.clone());
    let signer = match kid {
        Some(k) => signer.with_kid(k),
        None => signer,
    };
    signer
        .sign(&Claims::new_at(json!({"sub": "alice"}), now()).expires_in(Duration::from_secs(300)))
        .unwrap_or_else(|e| panic!("sign with {:?}: {e:?}", key.algorithm()))
}

pub(crate) fn verify(v: &Verifier, token: &str) -> Result<(), Error> {
    v.verify_at::<Value>(token, now()).map(|_| ())
}

/// A key-set verifier allowing exactly `algs`.
pub(crate) fn set_verifier(algs: &[Algorithm], set: &JwkSet) -> Result<Verifier, Error> {
    let (first, rest) = algs.split_first().expect("at least one algorithm");
    let mut b = Verifier::builder().allow(*first);
    for a in rest {
        b = b.allow(*a);
    }
    b.key_set(set).build()
}

/// (index, kid, kind) of each skipped key.
pub(crate) fn skipped(set: &JwkSet) -> Vec<(usize, Option<String>, ErrorKind)> {
    set.skipped()
        .iter()
        .map(|s| (s.index(), s.kid().map(String::from), s.error().kind()))
        .collect()
}

pub(crate) fn kid_of(token: &str) -> Option<String> {
    UntrustedToken::parse(token)
        .expect("token parses")
        .header()
        .kid()
        .map(String::from)
}

/// Whether this build has the aws-lc-rs backend (the `aws-lc-rs` feature, which serves
/// every algorithm when it is on): ES512 (P-521), ES256K (secp256k1) and RSA key
/// generation, which ring lacks. `Backend::ACTIVE` must agree with the features.
pub(crate) fn has_aws_lc() -> bool {
    let aws = cfg!(feature = "aws-lc-rs");
    let want = if aws { Backend::AwsLcRs } else { Backend::Ring };
    assert_eq!(Backend::ACTIVE, want, "the backend the features choose");
    for alg in [ES512, ES256K] {
        assert_eq!(
            Backend::ACTIVE.supports(alg),
            aws,
            "{alg} support of {:?}",
            Backend::ACTIVE
        );
    }
    aws
}

/// The algorithms to generate keys for: `base`, and with aws-lc-rs also ES512, ES256K
/// and RS256 (with ring, generating any of those is `UnsupportedKey`: checked).
pub(crate) fn generated_algs(base: &[Algorithm]) -> Vec<Algorithm> {
    let extra = [ES512, ES256K, RS256];
    if has_aws_lc() {
        base.iter().copied().chain(extra).collect()
    } else {
        for alg in extra {
            assert_eq!(
                kind(&SigningKey::generate(alg)),
                Some(UnsupportedKey),
                "generate {alg:?} with ring"
            );
        }
        base.to_vec()
    }
}

/// A secp256k1 public JWK (RFC 8812 §3.1: `kty` "EC", `crv` "secp256k1"): RFC 8812 prints
/// no example key, so this is the `publicKeyJwk` of the first group of Wycheproof's
/// `ecdsa_secp256k1_sha256_p1363_test.json` (its placeholder `kid` "none" removed).
pub(crate) fn secp256k1_jwk() -> Value {
    let doc = parse_vectors(WYCHEPROOF_SECP256K1_FILE, WYCHEPROOF_SECP256K1);
    let group = &doc["testGroups"][0];
    assert_eq!(
        group["publicKey"]["curve"], "secp256k1",
        "{WYCHEPROOF_SECP256K1_FILE} group 0"
    );
    let mut jwk = group["publicKeyJwk"].clone();
    assert_eq!(
        jwk["kid"], "none",
        "{WYCHEPROOF_SECP256K1_FILE} group 0 kid"
    );
    jwk.as_object_mut().expect("object").remove("kid");
    assert_eq!(
        (&jwk["kty"], &jwk["crv"]),
        (&Value::from("EC"), &Value::from("secp256k1")),
        "{WYCHEPROOF_SECP256K1_FILE} group 0 JWK"
    );
    jwk
}
