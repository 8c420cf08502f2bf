//! `sign_verify_roundtrip`: structured input (claims, algorithm, key, header options) ->
//! sign, then verify with a verifier configured from the same values: it succeeds, and
//! the claims and header come back identical, owned and borrowed.
#![no_main]

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use fuzz_common::{NOW, fixed, now};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use strict_jwt::{
    Algorithm, DEFAULT_MAX_TOKEN_LEN, ErrorKind, HmacKey, Jwk, MAX_KID_LEN, Signer, SigningKey,
    Verifier,
};

/// A JSON value from the input; floats are finite (JSON has no NaN or infinity).
#[derive(Debug)]
struct Json(Value);

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        json(u, 0).map(Json)
    }
}

fn json(u: &mut Unstructured<'_>, depth: u32) -> arbitrary::Result<Value> {
    let leaf = depth >= 4;
    Ok(match u.int_in_range(0..=if leaf { 5 } else { 7 })? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => Value::from(u.arbitrary::<u64>()?),
        4 => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        5 => Value::String(u.arbitrary()?),
        6 => Value::Array(
            (0..u.int_in_range(0..=4)?)
                .map(|_| json(u, depth + 1))
                .collect::<arbitrary::Result<_>>()?,
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..u.int_in_range(0..=4)? {
                m.insert(u.arbitrary()?, json(u, depth + 1)?);
            }
            Value::Object(m)
        }
    })
}

#[derive(Debug, Arbitrary)]
struct Input {
    alg: u8,
    hmac_secret: Vec<u8>,
    ed25519_seed: [u8; 32],
    kid: Option<String>,
    typ: Option<String>,
    cty: Option<String>,
    iss: Option<String>,
    sub: Option<String>,
    aud: Vec<String>,
    jti: Option<String>,
    exp_ahead: u32,
    nbf_back: Option<u32>,
    iat_back: Option<u16>,
    fractional_exp: bool,
    custom: Vec<(String, Json)>,
}

const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// Generated once per process: the backends make ECDSA keys only from randomness.
fn ec_key(alg: Algorithm) -> SigningKey {
    static P384: OnceLock<SigningKey> = OnceLock::new();
    static P521: OnceLock<SigningKey> = OnceLock::new();
    static K256: OnceLock<SigningKey> = OnceLock::new();
    let cell = match alg {
        Algorithm::ES256 => return fixed()[2].signer.clone(),
        Algorithm::ES384 => &P384,
        Algorithm::ES512 => &P521,
        _ => &K256,
    };
    cell.get_or_init(|| SigningKey::generate(alg).expect("EC key"))
        .clone()
}

fn rsa_key(alg: Algorithm) -> SigningKey {
    static JWK: OnceLock<Jwk> = OnceLock::new();
    JWK.get_or_init(|| Jwk::from_json(include_str!("../keys/rs256.jwk.json")).expect("JWK"))
        .to_signing_key(alg)
        .expect("RSA key for every RS/PS alg")
}

/// PKCS#8 v1 for an Ed25519 seed (RFC 8410): any 32 bytes are a private key.
fn ed25519_key(alg: Algorithm, seed: &[u8; 32]) -> SigningKey {
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(seed);
    SigningKey::from_pkcs8_der(alg, &der).expect("Ed25519 seed key")
}

fn run(input: Input) {
    let alg = Algorithm::ALL[usize::from(input.alg) % Algorithm::ALL.len()];
    let key: SigningKey = match alg {
        Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
            match HmacKey::new(alg, &input.hmac_secret) {
                Ok(k) => k.into(),
                Err(e) => {
                    // Short secrets are weak; serialized keys are refused as key material.
                    let min = match alg {
                        Algorithm::HS256 => 32,
                        Algorithm::HS384 => 48,
                        _ => 64,
                    };
                    if input.hmac_secret.len() < min {
                        assert_eq!(e.kind(), ErrorKind::WeakKey);
                    } else {
                        assert_eq!(e.kind(), ErrorKind::IncompatibleKey);
                    }
                    return;
                }
            }
        }
        Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 | Algorithm::ES256K => ec_key(alg),
        Algorithm::EdDSA | Algorithm::Ed25519 => ed25519_key(alg, &input.ed25519_seed),
        _ => rsa_key(alg),
    };
    let verifying = key.verifying_key();
    // The header's kid: the one given to the signer, else the key's own.
    let kid = input.kid.clone().or_else(|| key.kid().map(String::from));

    let mut claims = Map::new();
    for (name, Json(value)) in input.custom {
        if !REGISTERED.contains(&name.as_str()) {
            claims.insert(name, value);
        }
    }
    let exp = NOW + 1 + i64::from(input.exp_ahead);
    claims.insert(
        "exp".into(),
        if input.fractional_exp {
            Value::from(exp as f64 + 0.5)
        } else {
            Value::from(exp)
        },
    );
    if let Some(back) = input.nbf_back {
        claims.insert("nbf".into(), Value::from(NOW - i64::from(back)));
    }
    if let Some(back) = input.iat_back {
        claims.insert("iat".into(), Value::from(NOW - i64::from(back)));
    }
    // A token naming a kid verifies only under a key with that kid (rule 2).
    let verifying = match &kid {
        Some(k) => verifying.with_kid(k.clone()),
        None => verifying,
    };
    let mut builder = Verifier::builder().allow(alg).key(verifying);
    if let Some(iss) = &input.iss {
        claims.insert("iss".into(), iss.clone().into());
        builder = builder.issuer(iss.clone());
    }
    if let Some(sub) = &input.sub {
        claims.insert("sub".into(), sub.clone().into());
        builder = builder.subject(sub.clone());
    }
    match input.aud.as_slice() {
        [] => {}
        [one] => {
            claims.insert("aud".into(), one.clone().into());
            builder = builder.audience(one.clone());
        }
        many => {
            claims.insert("aud".into(), many.to_vec().into());
            builder = builder.audience(many[many.len() - 1].clone());
        }
    }
    if let Some(jti) = &input.jti {
        claims.insert("jti".into(), jti.clone().into());
    }
    if input.iat_back.is_some() {
        builder = builder
            .reject_issued_in_future()
            .max_age(std::time::Duration::from_secs(70_000));
    }

    let mut signer = Signer::new(key);
    if let Some(kid) = &input.kid {
        signer = signer.with_kid(kid.clone());
    }
    match &input.typ {
        Some(typ) => {
            signer = signer.with_typ(typ.clone());
            builder = builder.require_type(typ);
        }
        None => signer = signer.without_typ(),
    }
    if let Some(cty) = &input.cty {
        signer = signer.with_cty(cty.clone());
    }
    let claims = Value::Object(claims);
    let token = match signer.sign(&claims) {
        Ok(t) => t,
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Configuration);
            let nested = input.cty.as_deref().is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                c == "jwt" || c == "application/jwt"
            });
            assert!(nested || kid.is_some_and(|k| k.len() > MAX_KID_LEN));
            return;
        }
    };
    let verifier = builder
        .build()
        .expect("a verifier from the signer's values");

    let verified = match verifier.verify_at::<Value>(&token, now()) {
        Ok(v) => v,
        Err(e) if e.kind() == ErrorKind::TooLarge => {
            assert!(token.len() > DEFAULT_MAX_TOKEN_LEN);
            return;
        }
        Err(e) => panic!("{alg:?}: own token refused: {e} ({:?})", e.kind()),
    };
    assert_eq!(verified.claims(), &claims, "claims changed");
    let h = verified.header();
    assert_eq!(h.algorithm(), alg);
    assert_eq!(h.kid(), kid.as_deref());
    assert_eq!(h.typ(), input.typ.as_deref());
    assert_eq!(h.cty(), input.cty.as_deref());
    let r = verified.registered();
    assert_eq!(r.iss.as_deref(), input.iss.as_deref());
    assert_eq!(r.sub.as_deref(), input.sub.as_deref());
    assert_eq!(r.jti.as_deref(), input.jti.as_deref());
    assert_eq!(r.exp.map(|e| e.as_secs()), Some(exp));
    let auds: Vec<&str> = r.aud.iter().flat_map(|a| a.iter()).collect();
    assert_eq!(
        auds,
        input.aud.iter().map(String::as_str).collect::<Vec<_>>()
    );

    let mut buf = Vec::new();
    let borrowed = verifier
        .verify_borrowed_at::<Value>(&token, now(), &mut buf)
        .expect("borrowed verification agrees");
    assert_eq!(borrowed.claims(), &claims);
    assert_eq!(borrowed.registered(), r);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) {
        run(input);
    }
});
