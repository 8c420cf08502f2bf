//! What `benches/hs256.rs` and `benches/asym.rs` share: the key material of each algorithm,
//! every library set up with the same keys and the same validation rules, the sanity checks
//! that prove it, and the benchmark groups.
//!
//! Each bench file supplies only its crypto floor through [`Floor`]: the HMAC floor in
//! `hs256.rs`, the raw primitive of strict-jwt's active backend (`ring` or `aws-lc-rs`)
//! in `asym.rs`. The floor also names the floor's and strict-jwt's ids ([`Floor::RAW`],
//! [`Floor::STRICT`]), so that the asymmetric ids carry the backend.
//!
//! Groups are `<ALG>_verify` and `<ALG>_sign`; ids are `<library>[/<variant>]`:
//! the floor (`raw` for HMAC, `raw ring` / `raw aws-lc-rs` for the asymmetric
//! algorithms), `<strict>/owned`, `<strict>/borrowed` (verify), `<strict>` (sign) where
//! `<strict>` is `strict-jwt` for HMAC (the same code in every build) and
//! `strict-jwt (ring)` / `strict-jwt (aws-lc-rs)` otherwise, then the peers, whose ids do
//! not depend on strict-jwt's features: `jsonwebtoken-rust_crypto`,
//! `jsonwebtoken-aws_lc_rs`, `jwt-simple`, `jwt-compact`. A peer that lacks an algorithm
//! has no id in its groups (jsonwebtoken: ES512 and ES256K; jwt-simple: ES512;
//! jwt-compact: ES384 and ES512).

use std::hint::black_box;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use aws_lc_rs::signature as als;
use base64ct::{Base64UrlUnpadded, Encoding as _};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion};
use ring::rand::SystemRandom;
use ring::signature::{self as rs, EcdsaKeyPair, Ed25519KeyPair};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use jsonwebtoken as jwt;
use jwt::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jwt_compact::{self as jc, AlgorithmExt as _};
use jwt_simple::prelude as js;
use jwt_simple::prelude::{
    ECDSAP256KeyPairLike as _, ECDSAP256PublicKeyLike as _, ECDSAP256kKeyPairLike as _,
    ECDSAP256kPublicKeyLike as _, ECDSAP384KeyPairLike as _, ECDSAP384PublicKeyLike as _,
    EdDSAKeyPairLike as _, EdDSAPublicKeyLike as _, MACLike as _, RSAKeyPairLike as _,
    RSAPublicKeyLike as _,
};
use strict_jwt::{Algorithm, HmacKey, Signer, SigningKey, Verifier};

use crate::workload::{self, AUDIENCE, Borrowed, ISSUER, Owned, SUBJECT, unix_now};

/// A 2048-bit RSA key made for these benchmarks with
/// `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`, stored as PKCS#1
/// `RSAPrivateKey` DER. Every RSA peer loads this key. It protects nothing.
pub const RSA_PKCS1_DER: &[u8] = include_bytes!("../keys/rsa2048-pkcs1.der");

/// HMAC secrets as long as the hash output (RFC 7518 §3.2), the minimum `strict_jwt`
/// accepts. HS256's is the 32-byte secret the HS256 benchmark always used.
const SECRET_HS256: &[u8; 32] = b"0123456789abcdef0123456789ABCDEF";
const SECRET_HS384: &[u8; 48] = b"0123456789abcdef0123456789ABCDEF0123456789abcdef";
const SECRET_HS512: &[u8; 64] = b"0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF";

pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).expect("base64url")
}

/// `(signing input, decoded signature)` of a compact JWS.
pub fn split(token: &str) -> (&[u8], Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').expect("three parts");
    (input.as_bytes(), unb64(sig))
}

/// `token` with one bit of its signature flipped.
fn tamper(token: &str) -> String {
    let (input, mut sig) = split(token);
    let mid = sig.len() / 2;
    sig[mid] ^= 1;
    format!(
        "{}.{}",
        std::str::from_utf8(input).expect("ASCII"),
        b64(&sig)
    )
}

// ---------------------------------------------------------------------------------------
// Key material, shared by every library
// ---------------------------------------------------------------------------------------

/// The integers of a PKCS#1 `RSAPrivateKey`, big-endian without leading zeros.
pub struct RsaParts {
    pub n: Vec<u8>,
    pub e: Vec<u8>,
    pub d: Vec<u8>,
    pub p: Vec<u8>,
    pub q: Vec<u8>,
    pub dp: Vec<u8>,
    pub dq: Vec<u8>,
    pub qi: Vec<u8>,
}

/// One DER TLV: `(tag, contents, rest)`. Definite lengths only, as PKCS#1 has.
fn der_tlv(der: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = der[0];
    let first = der[1];
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        let len = der[2..2 + n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, 2 + n)
    };
    (tag, &der[header..header + len], &der[header + len..])
}

impl RsaParts {
    /// Reads `RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dp, dq, qi }`.
    fn from_pkcs1_der(der: &[u8]) -> Self {
        let (tag, mut body, rest) = der_tlv(der);
        assert!(tag == 0x30 && rest.is_empty(), "PKCS#1: one SEQUENCE");
        let mut ints = Vec::new();
        while !body.is_empty() {
            let (tag, value, rest) = der_tlv(body);
            assert_eq!(tag, 0x02, "PKCS#1: INTEGER");
            let start = value.iter().position(|&b| b != 0).unwrap_or(value.len());
            ints.push(value[start..].to_vec());
            body = rest;
        }
        assert_eq!(ints.len(), 9, "PKCS#1: two-prime key");
        assert!(ints[0].is_empty(), "PKCS#1: version 0");
        let mut it = ints.into_iter().skip(1);
        let mut next = || it.next().expect("integer");
        Self {
            n: next(),
            e: next(),
            d: next(),
            p: next(),
            q: next(),
            dp: next(),
            dq: next(),
            qi: next(),
        }
    }
}

/// The key of one algorithm in every form some library wants.
pub enum Keys {
    Hmac(&'static [u8]),
    Rsa(RsaParts),
    /// `pkcs8` as ring (P-256, P-384) or aws-lc-rs (P-521, secp256k1) writes it; `d` the
    /// scalar; `point` = 0x04 || x || y.
    Ec {
        pkcs8: Vec<u8>,
        d: Vec<u8>,
        x: Vec<u8>,
        y: Vec<u8>,
        point: Vec<u8>,
    },
    /// `pkcs8` (v2) as ring writes it; the 32-byte seed and public key.
    Ed {
        pkcs8: Vec<u8>,
        seed: Vec<u8>,
        public: Vec<u8>,
    },
}

/// The private members of `key`'s JWK, as `strict_jwt` exports them.
fn private_jwk_members(key: &SigningKey) -> serde_json::Value {
    let jwk = key.to_private_jwk().expect("private JWK");
    serde_json::from_str(&jwk.to_json()).expect("JWK JSON")
}

fn member(jwk: &serde_json::Value, name: &str) -> Vec<u8> {
    unb64(jwk[name].as_str().expect("JWK member"))
}

impl Keys {
    /// The keys of `alg` and the `strict_jwt` signing key made from them. RSA: the key
    /// file; EC and Ed25519: generated once per process, by ring for the curves ring has
    /// (the same keys in both backends' runs), by aws-lc-rs for P-521 and secp256k1.
    fn new(alg: Algorithm) -> (Self, SigningKey) {
        let rng = SystemRandom::new();
        match alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                let secret: &'static [u8] = match alg {
                    Algorithm::HS256 => SECRET_HS256,
                    Algorithm::HS384 => SECRET_HS384,
                    _ => SECRET_HS512,
                };
                let key = HmacKey::new(alg, secret).expect("strict_jwt HMAC key");
                (Self::Hmac(secret), key.into())
            }
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => (
                Self::Rsa(RsaParts::from_pkcs1_der(RSA_PKCS1_DER)),
                SigningKey::from_pkcs1_der(alg, RSA_PKCS1_DER).expect("strict_jwt RSA key"),
            ),
            Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 | Algorithm::ES256K => {
                let pkcs8 = match alg {
                    Algorithm::ES256 => ring_ec_pkcs8(&rs::ECDSA_P256_SHA256_FIXED_SIGNING),
                    Algorithm::ES384 => ring_ec_pkcs8(&rs::ECDSA_P384_SHA384_FIXED_SIGNING),
                    Algorithm::ES512 => aws_lc_ec_pkcs8(&als::ECDSA_P521_SHA512_FIXED_SIGNING),
                    _ => aws_lc_ec_pkcs8(&als::ECDSA_P256K1_SHA256_FIXED_SIGNING),
                };
                let key = SigningKey::from_pkcs8_der(alg, &pkcs8).expect("EC key");
                let jwk = private_jwk_members(&key);
                let (x, y) = (member(&jwk, "x"), member(&jwk, "y"));
                let point = [&[4u8][..], &x, &y].concat();
                let keys = Self::Ec {
                    pkcs8,
                    d: member(&jwk, "d"),
                    x,
                    y,
                    point,
                };
                (keys, key)
            }
            Algorithm::EdDSA => {
                let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).expect("Ed25519 keygen");
                let key = SigningKey::from_pkcs8_der(alg, pkcs8.as_ref()).expect("Ed25519 key");
                let jwk = private_jwk_members(&key);
                let keys = Self::Ed {
                    pkcs8: pkcs8.as_ref().to_vec(),
                    seed: member(&jwk, "d"),
                    public: member(&jwk, "x"),
                };
                (keys, key)
            }
            other => panic!("not benchmarked: {other:?}"),
        }
    }
}

fn ring_ec_pkcs8(alg: &'static rs::EcdsaSigningAlgorithm) -> Vec<u8> {
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(alg, &SystemRandom::new()).expect("ring EC keygen");
    pkcs8.as_ref().to_vec()
}

fn aws_lc_ec_pkcs8(alg: &'static als::EcdsaSigningAlgorithm) -> Vec<u8> {
    let rng = aws_lc_rs::rand::SystemRandom::new();
    let pkcs8 = als::EcdsaKeyPair::generate_pkcs8(alg, &rng).expect("aws-lc-rs EC keygen");
    pkcs8.as_ref().to_vec()
}

/// secp256k1's group order over 2, big-endian: an ES256K signature whose `s` is above it
/// is "high-S". k256, which jwt-simple verifies with, rejects those (the Bitcoin low-S
/// rule); JWS (RFC 8812) does not require low-S, and aws-lc does not normalize, so about
/// half of strict-jwt's ES256K tokens are high-S.
const SECP256K1_HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Whether `token` is an ES256K token with a high-S signature.
fn high_s(alg: Algorithm, token: &str) -> bool {
    if alg != Algorithm::ES256K {
        return false;
    }
    let (_, sig) = split(token);
    sig.len() == 64 && sig[32..] > SECP256K1_HALF_ORDER[..]
}

// ---------------------------------------------------------------------------------------
// jsonwebtoken, with both backends in one process
// ---------------------------------------------------------------------------------------

/// jsonwebtoken 11 compiles both backends when both features are on, but picks one
/// process-wide `CryptoProvider`, installed once. To time both backends in the same run,
/// the benchmarks install a provider whose factories forward to the chosen backend's own
/// `DEFAULT_PROVIDER` factories. The cost is one relaxed atomic load and one indirect call
/// per `encode`/`decode`.
static BACKEND: AtomicU8 = AtomicU8::new(0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum JwtBackend {
    RustCrypto = 1,
    AwsLc = 2,
}

impl JwtBackend {
    pub const BOTH: [Self; 2] = [Self::RustCrypto, Self::AwsLc];

    pub fn id(self) -> &'static str {
        match self {
            Self::RustCrypto => "jsonwebtoken-rust_crypto",
            Self::AwsLc => "jsonwebtoken-aws_lc_rs",
        }
    }

    fn select(self) {
        BACKEND.store(self as u8, Ordering::Relaxed);
    }

    fn selected() -> &'static CryptoProvider {
        match BACKEND.load(Ordering::Relaxed) {
            1 => &jwt::crypto::rust_crypto::DEFAULT_PROVIDER,
            2 => &jwt::crypto::aws_lc::DEFAULT_PROVIDER,
            _ => panic!("no jsonwebtoken backend selected"),
        }
    }
}

fn dispatch_signer(
    alg: &jwt::Algorithm,
    key: &jwt::EncodingKey,
) -> jwt::errors::Result<Box<dyn JwtSigner>> {
    (JwtBackend::selected().signer_factory)(alg, key)
}

fn dispatch_verifier(
    alg: &jwt::Algorithm,
    key: &jwt::DecodingKey,
) -> jwt::errors::Result<Box<dyn JwtVerifier>> {
    (JwtBackend::selected().verifier_factory)(alg, key)
}

/// JWK helpers (`key_utils`) are not used by `encode`/`decode`, so they are left out.
static DISPATCH: CryptoProvider = CryptoProvider {
    signer_factory: dispatch_signer,
    verifier_factory: dispatch_verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

fn install_dispatch() {
    if let Err(other) = DISPATCH.install_default() {
        assert!(
            std::ptr::eq(other, &DISPATCH),
            "another jsonwebtoken CryptoProvider is installed"
        );
    }
}

struct JwtPeer {
    enc_key: jwt::EncodingKey,
    dec_key: jwt::DecodingKey,
    header: jwt::Header,
    validation: jwt::Validation,
}

impl JwtPeer {
    /// `None` where jsonwebtoken 11 lacks the algorithm: ES512 and ES256K (its
    /// `Algorithm` has neither, with either backend).
    fn new(alg: Algorithm, keys: &Keys) -> Option<Self> {
        let jalg: jwt::Algorithm = alg.name().parse().ok()?;
        let (enc_key, dec_key) = match keys {
            Keys::Hmac(secret) => (
                jwt::EncodingKey::from_secret(secret),
                jwt::DecodingKey::from_secret(secret),
            ),
            Keys::Rsa(parts) => (
                jwt::EncodingKey::from_rsa_der(RSA_PKCS1_DER),
                jwt::DecodingKey::from_rsa_raw_components(&parts.n, &parts.e),
            ),
            Keys::Ec { pkcs8, x, y, .. } => (
                jwt::EncodingKey::from_ec_der(pkcs8),
                jwt::DecodingKey::from_ec_components(&b64(x), &b64(y)).expect("EC key"),
            ),
            Keys::Ed { pkcs8, public, .. } => (
                jwt::EncodingKey::from_ed_der(pkcs8),
                jwt::DecodingKey::from_ed_components(&b64(public)).expect("Ed25519 key"),
            ),
        };

        // strict_jwt's rules. jsonwebtoken's defaults differ: leeway 60 s and nbf not
        // validated, so both are set; iss/aud/sub are compared only when present, so they
        // are made required. nbf stays optional (checked when present), as in strict_jwt.
        let mut validation = jwt::Validation::new(jalg);
        validation.leeway = 0;
        validation.reject_tokens_expiring_in_less_than = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.sub = Some(SUBJECT.to_owned());
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);

        Some(Self {
            enc_key,
            dec_key,
            header: jwt::Header::new(jalg),
            validation,
        })
    }

    fn sign(&self, backend: JwtBackend, claims: &impl Serialize) -> String {
        backend.select();
        jwt::encode(&self.header, claims, &self.enc_key).expect("jsonwebtoken encode")
    }

    /// A token for `claims` signed with this key under another algorithm's header.
    fn sign_as(&self, alg: jwt::Algorithm, claims: &Owned) -> String {
        JwtBackend::RustCrypto.select();
        jwt::encode(&jwt::Header::new(alg), claims, &self.enc_key).expect("encode")
    }

    fn decode(&self, token: &str) -> jwt::errors::Result<Owned> {
        jwt::decode::<Owned>(token, &self.dec_key, &self.validation).map(|d| d.claims)
    }

    fn accepts(&self, backend: JwtBackend, token: &str) -> bool {
        backend.select();
        jwt::decode::<IgnoredAny>(token, &self.dec_key, &self.validation).is_ok()
    }
}

// ---------------------------------------------------------------------------------------
// jwt-simple
// ---------------------------------------------------------------------------------------

/// jwt-simple's custom claims: the workload's claims that are not registered in its
/// `JWTClaims` (`iat`, `exp`, `nbf`, `iss`, `sub`, `aud`, `jti` are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsCustom {
    pub name: String,
    pub role: String,
}

type JsClaims = js::JWTClaims<JsCustom>;

enum JsKey {
    Hs256(js::HS256Key),
    Hs384(js::HS384Key),
    Hs512(js::HS512Key),
    Rs256(js::RS256KeyPair, js::RS256PublicKey),
    Rs384(js::RS384KeyPair, js::RS384PublicKey),
    Rs512(js::RS512KeyPair, js::RS512PublicKey),
    Ps256(js::PS256KeyPair, js::PS256PublicKey),
    Ps384(js::PS384KeyPair, js::PS384PublicKey),
    Ps512(js::PS512KeyPair, js::PS512PublicKey),
    Es256(js::ES256KeyPair, js::ES256PublicKey),
    Es384(js::ES384KeyPair, js::ES384PublicKey),
    Es256k(js::ES256kKeyPair, js::ES256kPublicKey),
    Ed(js::Ed25519KeyPair, js::Ed25519PublicKey),
}

struct JsPeer {
    key: JsKey,
    claims: JsClaims,
    options: js::VerificationOptions,
}

macro_rules! js_rsa {
    ($variant:ident, $pair:ident, $public:ident, $parts:expr) => {
        JsKey::$variant(
            js::$pair::from_der(RSA_PKCS1_DER).expect("jwt-simple RSA key"),
            js::$public::from_components(&$parts.n, &$parts.e).expect("jwt-simple RSA key"),
        )
    };
}

impl JsPeer {
    /// `None` where jwt-simple lacks the algorithm: ES512 (it has no P-521).
    fn new(alg: Algorithm, keys: &Keys, claims: &Owned) -> Option<Self> {
        let key = match (alg, keys) {
            (Algorithm::HS256, Keys::Hmac(s)) => JsKey::Hs256(js::HS256Key::from_bytes(s)),
            (Algorithm::HS384, Keys::Hmac(s)) => JsKey::Hs384(js::HS384Key::from_bytes(s)),
            (Algorithm::HS512, Keys::Hmac(s)) => JsKey::Hs512(js::HS512Key::from_bytes(s)),
            (Algorithm::RS256, Keys::Rsa(r)) => js_rsa!(Rs256, RS256KeyPair, RS256PublicKey, r),
            (Algorithm::RS384, Keys::Rsa(r)) => js_rsa!(Rs384, RS384KeyPair, RS384PublicKey, r),
            (Algorithm::RS512, Keys::Rsa(r)) => js_rsa!(Rs512, RS512KeyPair, RS512PublicKey, r),
            (Algorithm::PS256, Keys::Rsa(r)) => js_rsa!(Ps256, PS256KeyPair, PS256PublicKey, r),
            (Algorithm::PS384, Keys::Rsa(r)) => js_rsa!(Ps384, PS384KeyPair, PS384PublicKey, r),
            (Algorithm::PS512, Keys::Rsa(r)) => js_rsa!(Ps512, PS512KeyPair, PS512PublicKey, r),
            (Algorithm::ES256, Keys::Ec { d, point, .. }) => JsKey::Es256(
                js::ES256KeyPair::from_bytes(d).expect("jwt-simple P-256 key"),
                js::ES256PublicKey::from_bytes(point).expect("jwt-simple P-256 key"),
            ),
            (Algorithm::ES384, Keys::Ec { d, point, .. }) => JsKey::Es384(
                js::ES384KeyPair::from_bytes(d).expect("jwt-simple P-384 key"),
                js::ES384PublicKey::from_bytes(point).expect("jwt-simple P-384 key"),
            ),
            (Algorithm::ES256K, Keys::Ec { d, point, .. }) => JsKey::Es256k(
                js::ES256kKeyPair::from_bytes(d).expect("jwt-simple secp256k1 key"),
                js::ES256kPublicKey::from_bytes(point).expect("jwt-simple secp256k1 key"),
            ),
            (Algorithm::EdDSA, Keys::Ed { seed, public, .. }) => JsKey::Ed(
                js::Ed25519KeyPair::from_bytes(&[seed.as_slice(), public].concat())
                    .expect("jwt-simple Ed25519 key"),
                js::Ed25519PublicKey::from_bytes(public).expect("jwt-simple Ed25519 key"),
            ),
            (Algorithm::ES512, _) => return None,
            (other, _) => panic!("no jwt-simple key for {other:?}"),
        };

        // The header's algorithm must be the key's (verify_token checks it). exp is
        // checked only when present: `verify` below adds the presence check. nbf is
        // checked when present (accept_future = false). iss, aud and sub are required
        // and compared. Leeway 0 (the default is 15 minutes).
        let options = js::VerificationOptions {
            allowed_issuers: Some(std::iter::once(ISSUER.to_owned()).collect()),
            allowed_audiences: Some(std::iter::once(AUDIENCE.to_owned()).collect()),
            required_subject: Some(SUBJECT.to_owned()),
            time_tolerance: Some(js::Duration::from_secs(0)),
            accept_future: false,
            ..Default::default()
        };
        let claims = serde_json::to_value(claims).expect("claims to JSON");
        Some(Self {
            key,
            claims: serde_json::from_value(claims).expect("jwt-simple claims"),
            options,
        })
    }

    /// Signs `claims`. jwt-simple takes the claims by value, so they are cloned.
    fn sign(&self, claims: &JsClaims) -> Result<String, String> {
        let c = claims.clone();
        match &self.key {
            JsKey::Hs256(k) => k.authenticate(c),
            JsKey::Hs384(k) => k.authenticate(c),
            JsKey::Hs512(k) => k.authenticate(c),
            JsKey::Rs256(k, _) => k.sign(c),
            JsKey::Rs384(k, _) => k.sign(c),
            JsKey::Rs512(k, _) => k.sign(c),
            JsKey::Ps256(k, _) => k.sign(c),
            JsKey::Ps384(k, _) => k.sign(c),
            JsKey::Ps512(k, _) => k.sign(c),
            JsKey::Es256(k, _) => k.sign(c),
            JsKey::Es384(k, _) => k.sign(c),
            JsKey::Es256k(k, _) => k.sign(c),
            JsKey::Ed(k, _) => k.sign(c),
        }
        .map_err(|e| e.to_string())
    }

    /// Verifies `token` with jwt-simple and adds what it cannot be told to check: that
    /// `exp` is present. `verify_token` takes the options by value, so they are cloned.
    fn verify(&self, token: &str) -> Result<JsClaims, String> {
        let o = Some(self.options.clone());
        let claims = match &self.key {
            JsKey::Hs256(k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Hs384(k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Hs512(k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Rs256(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Rs384(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Rs512(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Ps256(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Ps384(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Ps512(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Es256(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Es384(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Es256k(_, k) => k.verify_token::<JsCustom>(token, o),
            JsKey::Ed(_, k) => k.verify_token::<JsCustom>(token, o),
        }
        .map_err(|e| e.to_string())?;
        if claims.expires_at.is_none() {
            return Err("no exp".into());
        }
        Ok(claims)
    }
}

fn js_secs(t: Option<js::UnixTimeStamp>) -> i64 {
    i64::try_from(t.expect("timestamp").as_secs()).expect("timestamp fits i64")
}

/// jwt-simple's verified claims as the workload's `Owned` (strings are moved).
fn js_owned(c: JsClaims) -> Owned {
    Owned {
        sub: c.subject.expect("sub"),
        name: c.custom.name,
        role: c.custom.role,
        iss: c.issuer.expect("iss"),
        aud: c
            .audiences
            .expect("aud")
            .into_string()
            .expect("one audience"),
        iat: js_secs(c.issued_at),
        nbf: js_secs(c.invalid_before),
        exp: js_secs(c.expires_at),
        jti: c.jwt_id.expect("jti"),
    }
}

// ---------------------------------------------------------------------------------------
// jwt-compact
// ---------------------------------------------------------------------------------------

/// jwt-compact's custom claims: all but `exp`, `nbf` and `iat`, which its `Claims` holds.
/// jwt-compact has no `iss`/`aud`/`sub` checks, so the fields are required strings
/// (a missing one fails deserialization) and `verify` below compares them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JcCustom {
    pub sub: String,
    pub name: String,
    pub role: String,
    pub iss: String,
    pub aud: String,
    pub jti: String,
}

type JcClaims = jc::Claims<JcCustom>;
type JcSigning<A> = <A as jc::Algorithm>::SigningKey;
type JcVerifying<A> = <A as jc::Algorithm>::VerifyingKey;

enum JcKey {
    Hs256(jc::alg::Hs256Key),
    Hs384(jc::alg::Hs384Key),
    Hs512(jc::alg::Hs512Key),
    Rsa(jc::alg::Rsa, jc::alg::RsaPrivateKey, jc::alg::RsaPublicKey),
    Es256(JcSigning<jc::alg::Es256>, JcVerifying<jc::alg::Es256>),
    /// The k256 backend (feature `k256`), SHA-256.
    Es256k(
        jc::alg::Es256k,
        JcSigning<jc::alg::Es256k>,
        JcVerifying<jc::alg::Es256k>,
    ),
    Ed(JcSigning<jc::alg::Ed25519>, JcVerifying<jc::alg::Ed25519>),
}

struct JcPeer {
    key: JcKey,
    header: jc::Header,
    claims: JcClaims,
    time: jc::TimeOptions,
}

fn jc_jwk(json: &serde_json::Value) -> jc::jwk::JsonWebKey<'static> {
    serde_json::from_value(json.clone()).expect("jwt-compact JWK")
}

impl JcPeer {
    /// `None` where jwt-compact lacks the algorithm: ES384 and ES512 (it has neither
    /// P-384 nor P-521).
    fn new(alg: Algorithm, keys: &Keys, claims: &Owned) -> Option<Self> {
        let key = match (alg, keys) {
            (Algorithm::HS256, Keys::Hmac(s)) => JcKey::Hs256(jc::alg::Hs256Key::new(s)),
            (Algorithm::HS384, Keys::Hmac(s)) => JcKey::Hs384(jc::alg::Hs384Key::new(s)),
            (Algorithm::HS512, Keys::Hmac(s)) => JcKey::Hs512(jc::alg::Hs512Key::new(s)),
            (_, Keys::Rsa(r)) => {
                let jwk = jc_jwk(&serde_json::json!({
                    "kty": "RSA", "n": b64(&r.n), "e": b64(&r.e), "d": b64(&r.d),
                    "p": b64(&r.p), "q": b64(&r.q), "dp": b64(&r.dp), "dq": b64(&r.dq),
                    "qi": b64(&r.qi),
                }));
                JcKey::Rsa(
                    jc::alg::Rsa::with_name(alg.name()),
                    (&jwk).try_into().expect("jwt-compact RSA key"),
                    (&jwk).try_into().expect("jwt-compact RSA key"),
                )
            }
            (Algorithm::ES256, Keys::Ec { d, x, y, .. }) => {
                let jwk = jc_jwk(&serde_json::json!({
                    "kty": "EC", "crv": "P-256", "x": b64(x), "y": b64(y), "d": b64(d),
                }));
                JcKey::Es256(
                    (&jwk).try_into().expect("jwt-compact P-256 key"),
                    (&jwk).try_into().expect("jwt-compact P-256 key"),
                )
            }
            (Algorithm::ES256K, Keys::Ec { d, x, y, .. }) => {
                let jwk = jc_jwk(&serde_json::json!({
                    "kty": "EC", "crv": "secp256k1", "x": b64(x), "y": b64(y), "d": b64(d),
                }));
                JcKey::Es256k(
                    jc::alg::Es256k::default(),
                    (&jwk).try_into().expect("jwt-compact secp256k1 key"),
                    (&jwk).try_into().expect("jwt-compact secp256k1 key"),
                )
            }
            (Algorithm::EdDSA, Keys::Ed { seed, public, .. }) => {
                let jwk = jc_jwk(&serde_json::json!({
                    "kty": "OKP", "crv": "Ed25519", "x": b64(public), "d": b64(seed),
                }));
                JcKey::Ed(
                    (&jwk).try_into().expect("jwt-compact Ed25519 key"),
                    (&jwk).try_into().expect("jwt-compact Ed25519 key"),
                )
            }
            (Algorithm::ES384 | Algorithm::ES512, _) => return None,
            (other, _) => panic!("no jwt-compact key for {other:?}"),
        };
        // Leeway 0 (the default is 60 s). `TimeDelta::default()` is zero; chrono is not
        // a dependency of the benches, so it is reached through the field's type.
        let mut time = jc::TimeOptions::default();
        time.leeway = Default::default();
        let claims = serde_json::to_value(claims).expect("claims to JSON");
        Some(Self {
            key,
            // `typ: JWT`, as every other library writes, so the tokens are the same size.
            header: jc::Header::empty().with_token_type("JWT"),
            claims: serde_json::from_value(claims).expect("jwt-compact claims"),
            time,
        })
    }

    fn sign(&self, claims: &JcClaims) -> Result<String, jc::CreationError> {
        let h = &self.header;
        match &self.key {
            JcKey::Hs256(k) => jc::alg::Hs256.token(h, claims, k),
            JcKey::Hs384(k) => jc::alg::Hs384.token(h, claims, k),
            JcKey::Hs512(k) => jc::alg::Hs512.token(h, claims, k),
            JcKey::Rsa(alg, k, _) => alg.token(h, claims, k),
            JcKey::Es256(k, _) => jc::alg::Es256.token(h, claims, k),
            JcKey::Es256k(alg, k, _) => alg.token(h, claims, k),
            JcKey::Ed(k, _) => jc::alg::Ed25519.token(h, claims, k),
        }
    }

    /// What an application has to write with jwt-compact: parse, check the algorithm
    /// and signature (the validator), then `exp` (required), `nbf` (when present), and
    /// compare `iss`, `aud` and `sub` itself.
    fn verify(&self, token: &str) -> Result<JcClaims, String> {
        let untrusted: jc::UntrustedToken<'_> =
            jc::UntrustedToken::new(token).map_err(|e| e.to_string())?;
        let verified = match &self.key {
            JcKey::Hs256(k) => jc::alg::Hs256.validator::<JcCustom>(k).validate(&untrusted),
            JcKey::Hs384(k) => jc::alg::Hs384.validator::<JcCustom>(k).validate(&untrusted),
            JcKey::Hs512(k) => jc::alg::Hs512.validator::<JcCustom>(k).validate(&untrusted),
            JcKey::Rsa(alg, _, k) => alg.validator::<JcCustom>(k).validate(&untrusted),
            JcKey::Es256(_, k) => jc::alg::Es256.validator::<JcCustom>(k).validate(&untrusted),
            JcKey::Es256k(alg, _, k) => alg.validator::<JcCustom>(k).validate(&untrusted),
            JcKey::Ed(_, k) => jc::alg::Ed25519
                .validator::<JcCustom>(k)
                .validate(&untrusted),
        }
        .map_err(|e| e.to_string())?;
        let (_, claims) = verified.into_parts();
        claims
            .validate_expiration(&self.time)
            .map_err(|e| e.to_string())?;
        if claims.not_before.is_some() {
            claims
                .validate_maturity(&self.time)
                .map_err(|e| e.to_string())?;
        }
        let c = &claims.custom;
        if c.iss != ISSUER || c.aud != AUDIENCE || c.sub != SUBJECT {
            return Err("wrong iss, aud or sub".into());
        }
        Ok(claims)
    }
}

/// jwt-compact's verified claims as the workload's `Owned` (strings are moved).
fn jc_owned(c: JcClaims) -> Owned {
    Owned {
        sub: c.custom.sub,
        name: c.custom.name,
        role: c.custom.role,
        iss: c.custom.iss,
        aud: c.custom.aud,
        iat: c.issued_at.expect("iat").timestamp(),
        nbf: c.not_before.expect("nbf").timestamp(),
        exp: c.expiration.expect("exp").timestamp(),
        jti: c.custom.jti,
    }
}

// ---------------------------------------------------------------------------------------
// The crypto floor, supplied by each bench file
// ---------------------------------------------------------------------------------------

pub trait Floor: Sized {
    /// The floor's id: `raw` (HMAC), `raw ring`, `raw aws-lc-rs`.
    const RAW: &'static str;
    /// strict-jwt's id in the same groups: `strict-jwt` (HMAC, the same code in every
    /// build), `strict-jwt (ring)`, `strict-jwt (aws-lc-rs)`.
    const STRICT: &'static str;

    fn new(alg: Algorithm, keys: &Keys) -> Self;

    /// A token for `claims` made by the floor's signer. `strict_token` is `strict_jwt`'s
    /// token for the same claims (the asymmetric floors sign its signing input).
    fn token(&self, claims: &Owned, strict_token: &str) -> String;

    /// Whether the floor's verifier accepts `token` (the HMAC floor: and decodes it to
    /// `claims`). The floor checks no claims.
    fn accepts(&self, token: &str, claims: &Owned) -> bool;

    /// Adds the [`Floor::RAW`] id (and any labelled variants of it) to a verify group;
    /// `strict_token` is the token to verify.
    fn bench_verify(&self, g: &mut BenchmarkGroup<'_, WallTime>, strict_token: &str);

    /// Adds the [`Floor::RAW`] id to a sign group.
    fn bench_sign(&self, g: &mut BenchmarkGroup<'_, WallTime>, claims: &Owned, strict_token: &str);
}

// ---------------------------------------------------------------------------------------
// One algorithm, set up identically in every library
// ---------------------------------------------------------------------------------------

struct Case<F> {
    alg: Algorithm,
    claims: Owned,
    signer: Signer,
    verifier: Verifier,
    /// `None` where the peer lacks the algorithm (see the peers' `new`).
    jwt: Option<JwtPeer>,
    js: Option<JsPeer>,
    jc: Option<JcPeer>,
    floor: F,
}

/// Algorithms whose signatures are deterministic: the floor's token must be
/// byte-identical to `strict_jwt`'s.
fn deterministic(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::HS256
            | Algorithm::HS384
            | Algorithm::HS512
            | Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::EdDSA
    )
}

/// Another algorithm the same key can sign with (HMAC: another hash; RSA: the other
/// padding), for the "only the benchmarked algorithm" check.
fn same_key_other_alg(alg: Algorithm) -> Option<jwt::Algorithm> {
    Some(match alg {
        Algorithm::HS256 => jwt::Algorithm::HS512,
        Algorithm::HS384 | Algorithm::HS512 => jwt::Algorithm::HS256,
        Algorithm::RS256 => jwt::Algorithm::PS256,
        Algorithm::RS384 => jwt::Algorithm::PS384,
        Algorithm::RS512 => jwt::Algorithm::PS512,
        Algorithm::PS256 => jwt::Algorithm::RS256,
        Algorithm::PS384 => jwt::Algorithm::RS384,
        Algorithm::PS512 => jwt::Algorithm::RS512,
        _ => return None,
    })
}

impl<F: Floor> Case<F> {
    fn new(alg: Algorithm) -> Self {
        install_dispatch();
        let (keys, signing_key) = Keys::new(alg);
        let claims = workload::claims();
        // exp required (default), nbf checked when present, leeway 0 (default), iat
        // only type-checked (default); iss, aud and sub required and compared.
        let verifier = Verifier::builder()
            .allow(alg)
            .key(signing_key.verifying_key())
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(SUBJECT)
            .build()
            .expect("verifier");
        let case = Self {
            alg,
            signer: Signer::new(signing_key),
            verifier,
            jwt: JwtPeer::new(alg, &keys),
            js: JsPeer::new(alg, &keys, &claims),
            jc: JcPeer::new(alg, &keys, &claims),
            floor: F::new(alg, &keys),
            claims,
        };
        for (peer, present) in [
            ("jsonwebtoken", case.jwt.is_some()),
            ("jwt-simple", case.js.is_some()),
            ("jwt-compact", case.jc.is_some()),
        ] {
            if !present {
                eprintln!("{}: {peer} does not support it; skipped", alg.name());
            }
        }
        case.sanity_checks();
        case
    }

    fn strict_token(&self) -> String {
        self.signer.sign(&self.claims).expect("strict_jwt sign")
    }

    fn strict_accepts(&self, token: &str) -> bool {
        self.verifier.verify::<IgnoredAny>(token).is_ok()
    }

    /// Every library verifies every library's token (and the floor's) to the same claims;
    /// every library rejects a bad signature, the 10 altered-claims tokens and (HMAC,
    /// RSA) a token of another algorithm made with the same key; all accept a token
    /// without `nbf`. One exception, checked as such: jwt-simple rejects high-S ES256K
    /// signatures (see [`SECP256K1_HALF_ORDER`]), which strict-jwt and the floor make
    /// about half of the time.
    fn sanity_checks(&self) {
        let name = self.alg.name();
        let strict_token = self.strict_token();
        let mut tokens = vec![(F::STRICT, strict_token.clone())];
        if let Some(jwt) = &self.jwt {
            for backend in JwtBackend::BOTH {
                tokens.push((backend.id(), jwt.sign(backend, &self.claims)));
            }
        }
        if let Some(js) = &self.js {
            tokens.push(("jwt-simple", js.sign(&js.claims).expect("jwt-simple sign")));
        }
        if let Some(jc) = &self.jc {
            tokens.push((
                "jwt-compact",
                jc.sign(&jc.claims).expect("jwt-compact sign"),
            ));
        }
        let raw_token = self.floor.token(&self.claims, &strict_token);
        if deterministic(self.alg) {
            assert_eq!(raw_token, strict_token, "{name}: raw token differs");
        }
        tokens.push((F::RAW, raw_token));

        for (who, token) in &tokens {
            // Same header size, same claims: every library's token is the same length.
            assert_eq!(
                token.len(),
                strict_token.len(),
                "{name}: {who}'s token size"
            );
            let what = format!("{name}: {who}'s token");
            let got = self
                .verifier
                .verify::<Owned>(token)
                .unwrap_or_else(|e| panic!("{what}: strict_jwt rejects: {e:?}"));
            assert_eq!(got.claims(), &self.claims);
            let mut buf = Vec::new();
            let got = self
                .verifier
                .verify_borrowed::<Borrowed>(token, &mut buf)
                .unwrap_or_else(|e| panic!("{what}: strict_jwt (borrowed) rejects: {e:?}"));
            assert_eq!(got.claims().to_owned_claims(), self.claims);
            if let Some(jwt) = &self.jwt {
                for backend in JwtBackend::BOTH {
                    backend.select();
                    let got = jwt
                        .decode(token)
                        .unwrap_or_else(|e| panic!("{what}: {} rejects: {e:?}", backend.id()));
                    assert_eq!(got, self.claims);
                }
            }
            if let Some(js) = &self.js {
                if high_s(self.alg, token) {
                    assert!(js.verify(token).is_err(), "{what}: jwt-simple, high S");
                } else {
                    let got = js
                        .verify(token)
                        .unwrap_or_else(|e| panic!("{what}: jwt-simple rejects: {e}"));
                    assert_eq!(js_owned(got), self.claims);
                }
            }
            if let Some(jc) = &self.jc {
                let got = jc
                    .verify(token)
                    .unwrap_or_else(|e| panic!("{what}: jwt-compact rejects: {e}"));
                assert_eq!(jc_owned(got), self.claims);
            }
            assert!(
                self.floor.accepts(token, &self.claims),
                "{what}: raw rejects"
            );
        }

        let mut bad = vec![("bad signature".to_owned(), tamper(&strict_token))];
        for (what, patch) in workload::rejected_claim_patches(unix_now()) {
            bad.push((what.to_owned(), self.sign_patched(&patch)));
        }
        if let (Some(other), Some(jwt)) = (same_key_other_alg(self.alg), &self.jwt) {
            let token = jwt.sign_as(other, &self.claims);
            bad.push((format!("{other:?} with the same key"), token));
        }
        for (what, token) in &bad {
            let what = format!("{name}: {what}");
            assert!(!self.strict_accepts(token), "{what}: strict_jwt accepts");
            if let Some(jwt) = &self.jwt {
                for backend in JwtBackend::BOTH {
                    assert!(
                        !jwt.accepts(backend, token),
                        "{what}: {} accepts",
                        backend.id()
                    );
                }
            }
            if let Some(js) = &self.js {
                assert!(js.verify(token).is_err(), "{what}: jwt-simple accepts");
            }
            if let Some(jc) = &self.jc {
                assert!(jc.verify(token).is_err(), "{what}: jwt-compact accepts");
            }
        }
        assert!(
            !self.floor.accepts(&bad[0].1, &self.claims),
            "{name}: raw accepts a bad signature"
        );

        // nbf is checked when present, not required. A low-S token, for jwt-simple.
        let token = loop {
            let token = self.sign_patched(&serde_json::json!({"nbf": null}));
            if !high_s(self.alg, &token) {
                break token;
            }
        };
        assert!(self.strict_accepts(&token), "{name}: strict_jwt, no nbf");
        if let Some(jwt) = &self.jwt {
            for backend in JwtBackend::BOTH {
                assert!(
                    jwt.accepts(backend, &token),
                    "{name}: {}, no nbf",
                    backend.id()
                );
            }
        }
        if let Some(js) = &self.js {
            assert!(js.verify(&token).is_ok(), "{name}: jwt-simple, no nbf");
        }
        if let Some(jc) = &self.jc {
            assert!(jc.verify(&token).is_ok(), "{name}: jwt-compact, no nbf");
        }
    }

    fn sign_patched(&self, patch: &serde_json::Value) -> String {
        let v = workload::patched(&self.claims, patch);
        self.signer.sign(&v).expect("sign patched claims")
    }
}

// ---------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------

fn group<'a>(c: &'a mut Criterion, alg: Algorithm, op: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(format!("{}_{op}", alg.name()));
    // HMAC ids take about a microsecond; the slowest asymmetric ones a few milliseconds.
    // 20 samples of 2 s keep a full run of both files near 10 minutes.
    let samples = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => 40,
        _ => 20,
    };
    g.sample_size(samples)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2));
    g
}

impl<F: Floor> Case<F> {
    fn bench_verify(&self, c: &mut Criterion) {
        let strict_token = self.strict_token();
        let mut g = group(c, self.alg, "verify");

        // The floor and strict-jwt first and next to each other: their ratio is the
        // target.
        self.floor.bench_verify(&mut g, &strict_token);
        g.bench_function(BenchmarkId::new(F::STRICT, "owned"), |b| {
            b.iter(|| {
                self.verifier
                    .verify::<Owned>(black_box(strict_token.as_str()))
                    .expect("strict_jwt verifies")
            });
        });
        let mut buf = Vec::new();
        g.bench_function(BenchmarkId::new(F::STRICT, "borrowed"), |b| {
            b.iter(|| {
                let v = self
                    .verifier
                    .verify_borrowed::<Borrowed>(black_box(strict_token.as_str()), &mut buf)
                    .expect("strict_jwt verifies");
                black_box(&v);
            });
        });
        // Each library verifies the token it produced itself (same size, same claims;
        // headers and member order differ); jsonwebtoken's token serves both backends.
        if let Some(jwt) = &self.jwt {
            let jwt_token = jwt.sign(JwtBackend::RustCrypto, &self.claims);
            for backend in JwtBackend::BOTH {
                g.bench_function(backend.id(), |b| {
                    backend.select();
                    b.iter(|| {
                        jwt.decode(black_box(jwt_token.as_str()))
                            .expect("jsonwebtoken verifies")
                    });
                });
            }
        }
        if let Some(js) = &self.js {
            let js_token = js.sign(&js.claims).expect("jwt-simple sign");
            g.bench_function("jwt-simple", |b| {
                b.iter(|| {
                    js.verify(black_box(js_token.as_str()))
                        .map(js_owned)
                        .expect("jwt-simple verifies")
                });
            });
        }
        if let Some(jc) = &self.jc {
            let jc_token = jc.sign(&jc.claims).expect("jwt-compact sign");
            g.bench_function("jwt-compact", |b| {
                b.iter(|| {
                    jc.verify(black_box(jc_token.as_str()))
                        .map(jc_owned)
                        .expect("jwt-compact verifies")
                });
            });
        }
        g.finish();
    }

    fn bench_sign(&self, c: &mut Criterion) {
        let strict_token = self.strict_token();
        let mut g = group(c, self.alg, "sign");

        self.floor.bench_sign(&mut g, &self.claims, &strict_token);
        g.bench_function(F::STRICT, |b| {
            b.iter(|| {
                self.signer
                    .sign(black_box(&self.claims))
                    .expect("strict_jwt sign")
            });
        });
        if let Some(jwt) = &self.jwt {
            for backend in JwtBackend::BOTH {
                g.bench_function(backend.id(), |b| {
                    backend.select();
                    b.iter(|| {
                        jwt::encode(&jwt.header, black_box(&self.claims), &jwt.enc_key)
                            .expect("jsonwebtoken encode")
                    });
                });
            }
        }
        if let Some(js) = &self.js {
            g.bench_function("jwt-simple", |b| {
                b.iter(|| js.sign(black_box(&js.claims)).expect("jwt-simple sign"));
            });
        }
        if let Some(jc) = &self.jc {
            g.bench_function("jwt-compact", |b| {
                b.iter(|| jc.sign(black_box(&jc.claims)).expect("jwt-compact sign"));
            });
        }
        g.finish();
    }
}

/// Sets up each algorithm (with its sanity checks) and runs its verify and sign groups.
pub fn run<F: Floor>(c: &mut Criterion, algorithms: &[Algorithm]) {
    for &alg in algorithms {
        let case = Case::<F>::new(alg);
        case.bench_verify(c);
        case.bench_sign(c);
    }
}
