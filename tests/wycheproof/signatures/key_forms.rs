//! The key forms of a group: every form the file gives, imported through the crate.

use super::harness::*;
use super::*;

/// One serialization of a group's key, imported by the crate.
pub(crate) struct Form {
    pub(crate) name: &'static str,
    /// The algorithm the form was bound to (the Ed25519 extra form differs).
    pub(crate) alg: Algorithm,
    pub(crate) key: Result<VerifyingKey, Error>,
}

pub(crate) fn jwk_form(name: &'static str, alg: Algorithm, jwk: &Value) -> Form {
    Form {
        name,
        alg,
        key: Jwk::from_json(&jwk.to_string()).and_then(|j| j.to_verifying_key(alg)),
    }
}

pub(crate) fn der_form(ctx: &str, alg: Algorithm, der_hex: &str) -> Form {
    Form {
        name: "publicKeyDer (SPKI)",
        alg,
        key: VerifyingKey::from_spki_der(alg, &hex_decode(ctx, der_hex)),
    }
}

pub(crate) fn pem_form(alg: Algorithm, pem: &str) -> Form {
    Form {
        name: "publicKeyPem",
        alg,
        key: VerifyingKey::from_pem(alg, pem),
    }
}

pub(crate) fn curve_jwk_name(curve: &str) -> &'static str {
    match curve {
        "secp256r1" => "P-256",
        "secp384r1" => "P-384",
        "secp521r1" => "P-521",
        "secp256k1" => "secp256k1",
        other => panic!("unexpected curve {other}"),
    }
}

pub(crate) fn field_len(curve: &str) -> usize {
    match curve {
        "secp256r1" | "secp256k1" => 32,
        "secp384r1" => 48,
        "secp521r1" => 66,
        other => panic!("unexpected curve {other}"),
    }
}

/// The ECDSA `publicKey` member: checks `wx`/`wy` against `uncompressed`, returns
/// `(curve, uncompressed point, x, y)`.
pub(crate) fn ec_public_key(ctx: &str, pk: &Value) -> (String, Vec<u8>, Vec<u8>, Vec<u8>) {
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
    let point = hex_decode(ctx, f.str("uncompressed"));
    let x = left_pad(ctx, &hex_decode(ctx, f.str("wx")), len);
    let y = left_pad(ctx, &hex_decode(ctx, f.str("wy")), len);
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
pub(crate) fn ecdsa_forms(
    ctx: &str,
    g: &mut Fields<'_>,
    alg: Algorithm,
    with_point: bool,
) -> Vec<Form> {
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

pub(crate) fn ed25519_forms(ctx: &str, g: &mut Fields<'_>, alg: Algorithm) -> Vec<Form> {
    let mut f = Fields::new(format!("{ctx} publicKey"), g.req("publicKey"));
    assert_eq!(f.str("type"), "EDDSAPublicKey", "{ctx}: publicKey type");
    assert_eq!(f.str("curve"), "edwards25519", "{ctx}: curve");
    assert_eq!(f.i64("keySize"), 255, "{ctx}: keySize");
    let pk = hex_decode(ctx, f.str("pk"));
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

pub(crate) fn rsa_forms(
    ctx: &str,
    g: &mut Fields<'_>,
    alg: Algorithm,
    jwk_member: &str,
) -> Vec<Form> {
    let mut f = Fields::new(format!("{ctx} publicKey"), g.req("publicKey"));
    let n = hex_decode(ctx, f.str("modulus"));
    let e = hex_decode(ctx, f.str("publicExponent"));
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
            key: VerifyingKey::from_pkcs1_der(alg, &hex_decode(ctx, g.str("publicKeyAsn"))),
        },
        Form {
            name: "publicKey.modulus/publicExponent",
            alg,
            key: VerifyingKey::from_rsa_components(alg, n, e),
        },
    ]
}
