//! One test per applicable rule of the security model (`docs/security-model.md`), named
//! after its section.
//!
//! Tokens with hand-written headers and payloads are signed here with the `hmac` crate
//! directly, independently of the library's signer, so that the verifier sees exactly
//! the bytes each attack needs.

use hmac::{KeyInit, Mac};
use serde_json::{Value, json};
use std::time::Duration;
use strict_jwt::base64url::encode as b64;
use strict_jwt::{
    Algorithm, Claims, ErrorKind, HmacKey, Jwk, JwkSet, NumericDate, Signer, UntrustedToken,
    Verifier,
};

const SECRET: [u8; 32] = *b"0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_700_000_000;

fn now() -> NumericDate {
    NumericDate::from_secs(NOW)
}

fn hmac256(key: &[u8], input: &[u8]) -> Vec<u8> {
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(input);
    m.finalize().into_bytes().to_vec()
}

/// A token with exactly these header and payload bytes, HS256-signed with `key`.
fn token_with(header: &str, payload: &str, key: &[u8]) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let sig = hmac256(key, input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

fn valid_payload() -> String {
    json!({"sub": "alice", "exp": NOW + 60}).to_string()
}

fn verifier() -> Verifier {
    Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .build()
        .unwrap()
}

fn kind(v: &Verifier, token: &str) -> Option<ErrorKind> {
    v.verify_at::<Value>(token, now()).err().map(|e| e.kind())
}

fn assert_kind(v: &Verifier, token: &str, want: ErrorKind, case: &str) {
    assert_eq!(kind(v, token), Some(want), "case: {case}");
}

// ---- 0. Inputs are typed before they are trusted ----

#[test]
fn rule0_alg_none_in_every_spelling_is_never_an_algorithm() {
    let v = verifier();
    for alg in ["none", "None", "NONE", "nOnE", "\\u006eone"] {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        let t = format!(
            "{}.{}.",
            b64(header.as_bytes()),
            b64(valid_payload().as_bytes())
        );
        assert_kind(&v, &t, ErrorKind::UnsupportedAlgorithm, alg);
        // Even with a correct HMAC over it.
        assert_kind(
            &v,
            &token_with(&header, &valid_payload(), &SECRET),
            ErrorKind::UnsupportedAlgorithm,
            alg,
        );
    }
}

#[test]
fn rule0_keys_are_bound_to_one_algorithm() {
    // An HMAC key cannot be made for a non-HMAC algorithm (any of them, whatever the
    // backend: ES512 and ES256K too, which only `aws-lc-rs` implements).
    let asymmetric: Vec<Algorithm> = Algorithm::ALL
        .into_iter()
        .filter(|a| !a.is_symmetric())
        .collect();
    assert_eq!(asymmetric.len(), 12);
    for alg in asymmetric {
        assert_eq!(
            HmacKey::new(alg, &[7; 64]).unwrap_err().kind(),
            ErrorKind::IncompatibleKey,
            "{alg}"
        );
    }
    // An HS256 key does not verify an HS384 token, even when allowed by the verifier.
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .allow(Algorithm::HS384)
        .key_with_kid("a", HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .key_with_kid("b", HmacKey::new(Algorithm::HS384, &[1; 48]).unwrap())
        .build()
        .unwrap();
    let t = token_with(r#"{"alg":"HS384","kid":"a"}"#, &valid_payload(), &SECRET);
    assert_kind(
        &v,
        &t,
        ErrorKind::KeyMismatch,
        "HS384 header, kid of HS256 key",
    );
}

#[test]
fn rule0_rs256_to_hs256_confusion_is_impossible() {
    // The classic attack HMACs with the verifier's public key as the secret. No
    // asymmetric JWK can become HMAC material, whatever algorithm is asked for.
    let rsa = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#;
    let ec = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    for (name, jwk) in [("rsa", rsa), ("ec", ec)] {
        let jwk = Jwk::from_json(jwk).unwrap();
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            assert_eq!(
                jwk.to_verifying_key(alg).unwrap_err().kind(),
                ErrorKind::IncompatibleKey,
                "{name} {alg}"
            );
            assert_eq!(
                jwk.to_hmac_signing_key(alg).unwrap_err().kind(),
                ErrorKind::IncompatibleKey,
                "{name} {alg}"
            );
        }
    }
    // And a verifier built for RS256 cannot hold an HMAC key.
    let e = Verifier::builder()
        .allow(Algorithm::RS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
}

#[test]
fn rule0_hmac_key_minimum_is_the_hash_output() {
    for (alg, min) in [
        (Algorithm::HS256, 32),
        (Algorithm::HS384, 48),
        (Algorithm::HS512, 64),
    ] {
        for short in [0, 1, min - 1] {
            let e = HmacKey::new(alg, &vec![9; short]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::WeakKey, "{alg} with {short} bytes");
        }
        assert!(
            HmacKey::new(alg, &vec![9; min]).is_ok(),
            "{alg} with {min} bytes"
        );
        assert_eq!(HmacKey::generate(alg).unwrap().expose_secret().len(), min);
    }
}

#[test]
fn rule0_jwk_members_must_agree_with_the_algorithm() {
    let k = b64(&SECRET);
    let cases = [
        (
            format!(r#"{{"kty":"oct","k":"{k}","alg":"HS384"}}"#),
            ErrorKind::IncompatibleKey,
            "alg differs",
        ),
        (
            format!(r#"{{"kty":"oct","k":"{k}","alg":"A256GCM"}}"#),
            ErrorKind::IncompatibleKey,
            "AES alg",
        ),
        (
            format!(r#"{{"kty":"oct","k":"{k}","use":"enc"}}"#),
            ErrorKind::IncompatibleKey,
            "use enc",
        ),
        (
            format!(r#"{{"kty":"oct","k":"{k}","key_ops":["sign"]}}"#),
            ErrorKind::IncompatibleKey,
            "key_ops without verify",
        ),
        (
            format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{k}"}}"#),
            ErrorKind::IncompatibleKey,
            "kty OKP",
        ),
        (
            r#"{"kty":"oct","k":""}"#.to_string(),
            ErrorKind::WeakKey,
            "empty k",
        ),
        (
            r#"{"kty":"oct"}"#.to_string(),
            ErrorKind::InvalidKey,
            "no k",
        ),
    ];
    for (jwk, want, case) in cases {
        let got = Jwk::from_json(&jwk).and_then(|j| j.to_verifying_key(Algorithm::HS256));
        assert_eq!(got.unwrap_err().kind(), want, "{case}");
    }
    let ok = format!(r#"{{"kty":"oct","k":"{k}","alg":"HS256","use":"sig","key_ops":["verify"]}}"#);
    assert!(
        Jwk::from_json(&ok)
            .unwrap()
            .to_verifying_key(Algorithm::HS256)
            .is_ok()
    );
}

// ---- 1. Gate the bytes ----

#[test]
fn rule1_length_cap_is_checked_before_anything_else() {
    let v = verifier();
    // Not even valid base64url: the size is reported, not the content.
    let huge = "!".repeat(strict_jwt::DEFAULT_MAX_TOKEN_LEN + 1);
    assert_kind(&v, &huge, ErrorKind::TooLarge, "256 KiB + 1 of garbage");
    let dots = ".".repeat(1_000_000);
    assert_kind(
        &v,
        &dots,
        ErrorKind::TooLarge,
        "a million dots (CVE-2025-30204)",
    );
    let small = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .max_token_len(64)
        .build()
        .unwrap();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    assert!(t.len() > 64);
    assert_kind(&small, &t, ErrorKind::TooLarge, "configured cap");
    assert!(v.verify_at::<Value>(&t, now()).is_ok());
}

#[test]
fn rule1_compact_serialization_has_exactly_three_segments() {
    let v = verifier();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    let parts: Vec<&str> = t.split('.').collect();
    let cases = [
        (format!("{}.{}", parts[0], parts[1]), "two segments"),
        (format!("{t}."), "trailing dot"),
        (format!("{t}.{}", parts[2]), "four segments"),
        (
            format!(
                "{}.{}.{}.{}.{}",
                parts[0], parts[1], parts[1], parts[1], parts[2]
            ),
            "JWE-like five segments",
        ),
        (
            format!(
                r#"{{"protected":"{}","payload":"{}","signature":"{}"}}"#,
                parts[0], parts[1], parts[2]
            ),
            "JWS JSON serialization",
        ),
        (String::new(), "empty"),
        (format!(".{}.{}", parts[1], parts[2]), "empty header"),
    ];
    for (token, case) in cases {
        assert_kind(&v, &token, ErrorKind::Malformed, case);
    }
}

#[test]
fn rule1_only_the_base64url_alphabet_without_padding_or_whitespace() {
    let v = verifier();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    let (h, rest) = t.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    for bad in ["=", " ", "\n", "+", "/", "?", "\u{e9}"] {
        for (i, seg) in ["header", "payload", "signature"].iter().enumerate() {
            let mut segs = [h.to_string(), p.to_string(), s.to_string()];
            segs[i].insert_str(segs[i].len() / 2, bad);
            let token = segs.join(".");
            assert_kind(
                &v,
                &token,
                ErrorKind::Malformed,
                &format!("{bad:?} in {seg}"),
            );
        }
    }
    // Padding at the end of a segment whose length is otherwise valid.
    let padded = format!("{h}.{p}.{s}=");
    assert_kind(&v, &padded, ErrorKind::Malformed, "padded signature");
}

#[test]
fn rule1_base64url_is_canonical() {
    let v = verifier();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    let (input, sig) = t.rsplit_once('.').unwrap();
    // 32-byte tag = 43 chars; the last char carries 2 unused bits. Setting them gives a
    // string lenient decoders map to the same tag (CVE-2022-25898 style).
    let last = sig.as_bytes()[42];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.iter().position(|&c| c == last).unwrap();
    for extra in 1..4 {
        let tweaked = alphabet[(idx & !3) | extra] as char;
        let token = format!("{input}.{}{tweaked}", &sig[..42]);
        assert_kind(
            &v,
            &token,
            ErrorKind::Malformed,
            &format!("unused bits {extra}"),
        );
    }
    // Length with remainder 1 is never valid.
    assert_kind(
        &v,
        &format!("{input}.{sig}AB"),
        ErrorKind::Malformed,
        "45-char signature",
    );
}

#[test]
fn rule1_signature_covers_the_exact_received_bytes() {
    // RFC 7515 A.1: the header has CR LF and a space; re-serializing it breaks the MAC.
    let key = strict_jwt::base64url::decode(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
    )
    .unwrap();
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &key).unwrap())
        .build()
        .unwrap();
    let before_exp = NumericDate::from_secs(1_300_819_379);
    assert!(v.verify_at::<Value>(token, before_exp).is_ok());
    let reencoded_header = b64(br#"{"typ":"JWT","alg":"HS256"}"#);
    let rest = token.split_once('.').unwrap().1;
    let e = v
        .verify_at::<Value>(&format!("{reencoded_header}.{rest}"), before_exp)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidSignature);
}

// ---- 2. Header policy ----

#[test]
fn rule2_duplicate_header_members_are_rejected_at_every_level() {
    let v = verifier();
    for header in [
        r#"{"alg":"HS256","alg":"none"}"#,
        r#"{"alg":"none","alg":"HS256"}"#,
        r#"{"alg":"HS256","\u0061lg":"HS256"}"#,
        r#"{"alg":"HS256","ext":{"a":1,"a":2}}"#,
        r#"{"alg":"HS256","kid":"a","kid":"a"}"#,
    ] {
        assert_kind(
            &v,
            &token_with(header, &valid_payload(), &SECRET),
            ErrorKind::Malformed,
            header,
        );
    }
}

#[test]
fn rule2_header_is_a_utf8_json_object_with_a_string_alg() {
    let v = verifier();
    for header in [
        r#"["alg","HS256"]"#,
        r#"{"alg":"HS256""#,
        r#"{"typ":"JWT"}"#,
        r#"{"alg":["HS256"]}"#,
        r#"{"alg":null}"#,
        "\u{feff}{\"alg\":\"HS256\"}",
    ] {
        assert_kind(
            &v,
            &token_with(header, &valid_payload(), &SECRET),
            ErrorKind::Malformed,
            header,
        );
    }
    // Invalid UTF-8 in the header bytes.
    let input = format!(
        "{}.{}",
        b64(b"{\"alg\":\"HS256\",\"x\":\"\xff\"}"),
        b64(valid_payload().as_bytes())
    );
    let t = format!("{input}.{}", b64(&hmac256(&SECRET, input.as_bytes())));
    assert_kind(&v, &t, ErrorKind::Malformed, "invalid UTF-8");
    // Case-sensitive names.
    assert_kind(
        &v,
        &token_with(r#"{"alg":"hs256"}"#, &valid_payload(), &SECRET),
        ErrorKind::UnsupportedAlgorithm,
        "hs256",
    );
}

#[test]
fn rule2_alg_must_be_allowed_before_any_cryptography() {
    let v = verifier();
    // A correct HS384 MAC would not matter: the allowlist refuses first, even with a
    // garbage signature.
    let t = format!(
        "{}.{}.AAAA",
        b64(br#"{"alg":"HS384"}"#),
        b64(valid_payload().as_bytes())
    );
    assert_kind(
        &v,
        &t,
        ErrorKind::AlgorithmNotAllowed,
        "HS384 to an HS256 verifier",
    );
    let t = format!(
        "{}.{}.AAAA",
        b64(br#"{"alg":"RS256"}"#),
        b64(valid_payload().as_bytes())
    );
    assert_kind(
        &v,
        &t,
        ErrorKind::AlgorithmNotAllowed,
        "RS256 to an HS256 verifier",
    );
}

#[test]
fn rule2_crit_is_refused_and_must_be_well_formed() {
    let v = verifier();
    let cases = [
        (
            r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
            ErrorKind::Malformed,
            "lists a claim-like name that is registered? no: exp is not a header name, so it is well formed",
        ),
        (
            r#"{"alg":"HS256","crit":[],"x":1}"#,
            ErrorKind::Malformed,
            "empty",
        ),
        (
            r#"{"alg":"HS256","crit":"x","x":1}"#,
            ErrorKind::Malformed,
            "not an array",
        ),
        (
            r#"{"alg":"HS256","crit":[1]}"#,
            ErrorKind::Malformed,
            "not strings",
        ),
        (
            r#"{"alg":"HS256","crit":["x","x"],"x":1}"#,
            ErrorKind::Malformed,
            "repeated",
        ),
        (
            r#"{"alg":"HS256","crit":["kid"],"kid":"a"}"#,
            ErrorKind::Malformed,
            "registered name",
        ),
        (
            r#"{"alg":"HS256","crit":["x"]}"#,
            ErrorKind::Malformed,
            "absent member",
        ),
        (
            r#"{"alg":"HS256","crit":["http://example.com/UNDEFINED"],"http://example.com/UNDEFINED":true}"#,
            ErrorKind::CritUnsupported,
            "RFC 7515 E with HS256",
        ),
    ];
    for (header, want, case) in &cases[1..] {
        assert_kind(
            &v,
            &token_with(header, &valid_payload(), &SECRET),
            *want,
            case,
        );
    }
    // `exp` is not a registered *header* name, so a crit naming it is well formed and
    // refused as not understood.
    assert_kind(
        &v,
        &token_with(cases[0].0, &valid_payload(), &SECRET),
        ErrorKind::CritUnsupported,
        "crit exp",
    );
}

#[test]
fn rule2_b64_never_changes_the_signing_input() {
    let v = verifier();
    let payload = valid_payload();
    let with_crit = token_with(
        r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
        &payload,
        &SECRET,
    );
    assert_kind(&v, &with_crit, ErrorKind::CritUnsupported, "b64 in crit");
    let without_crit = token_with(r#"{"alg":"HS256","b64":false}"#, &payload, &SECRET);
    assert_kind(
        &v,
        &without_crit,
        ErrorKind::Malformed,
        "b64 false without crit",
    );
    // An RFC 7797 signature over the raw payload never verifies as a JWT.
    let header = b64(br#"{"alg":"HS256","b64":true}"#);
    let raw_input = format!("{header}.{payload}");
    let t = format!(
        "{header}.{}.{}",
        b64(payload.as_bytes()),
        b64(&hmac256(&SECRET, raw_input.as_bytes()))
    );
    assert_kind(
        &v,
        &t,
        ErrorKind::InvalidSignature,
        "signature over unencoded payload",
    );
}

#[test]
fn rule2_embedded_keys_are_never_a_source_of_keys() {
    let v = verifier();
    let attacker = [0x42u8; 32];
    let jwk = format!(r#"{{"kty":"oct","k":"{}"}}"#, b64(&attacker));
    for header in [
        format!(r#"{{"alg":"HS256","jwk":{jwk}}}"#),
        r#"{"alg":"HS256","jku":"https://attacker.example/jwks.json"}"#.to_string(),
        r#"{"alg":"HS256","x5u":"https://attacker.example/cert.pem"}"#.to_string(),
        r#"{"alg":"HS256","x5c":["MIIB"]}"#.to_string(),
    ] {
        let t = token_with(&header, &valid_payload(), &attacker);
        assert_kind(&v, &t, ErrorKind::InvalidSignature, &header);
        let untrusted = UntrustedToken::parse(&t).unwrap();
        assert!(
            untrusted.header().other_member_names().count() == 1,
            "{header}"
        );
    }
}

#[test]
fn rule2_kid_is_matched_exactly_with_no_fallback() {
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key_with_kid("key-1", HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .build()
        .unwrap();
    let ok = token_with(
        r#"{"alg":"HS256","kid":"key-1"}"#,
        &valid_payload(),
        &SECRET,
    );
    assert!(v.verify_at::<Value>(&ok, now()).is_ok());
    for kid in ["KEY-1", "key-1 ", "key-2", ""] {
        let t = token_with(
            &format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#),
            &valid_payload(),
            &SECRET,
        );
        assert_kind(&v, &t, ErrorKind::UnknownKey, kid);
    }
    let long = "k".repeat(strict_jwt::MAX_KID_LEN + 1);
    let t = token_with(
        &format!(r#"{{"alg":"HS256","kid":"{long}"}}"#),
        &valid_payload(),
        &SECRET,
    );
    assert_kind(&v, &t, ErrorKind::Malformed, "kid over the length cap");
}

#[test]
fn rule2_duplicate_kids_are_refused_at_import() {
    let k = b64(&SECRET);
    let set = format!(
        r#"{{"keys":[{{"kty":"oct","kid":"a","alg":"HS256","k":"{k}"}},{{"kty":"oct","kid":"a","alg":"HS256","k":"{k}"}}]}}"#
    );
    assert_eq!(
        JwkSet::from_json(&set).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
    let e = Verifier::builder()
        .allow(Algorithm::HS256)
        .key_with_kid("a", HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .key_with_kid("a", HmacKey::new(Algorithm::HS256, &[3; 32]).unwrap())
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
}

#[test]
fn rule2_without_kid_only_a_bounded_number_of_keys_for_the_alg_are_tried() {
    let secrets: Vec<[u8; 32]> = (1..=6u8).map(|i| [i; 32]).collect();
    let mut b = Verifier::builder()
        .allow(Algorithm::HS256)
        .allow(Algorithm::HS512)
        .key(HmacKey::new(Algorithm::HS512, &[9; 64]).unwrap());
    for s in &secrets {
        b = b.key(HmacKey::new(Algorithm::HS256, s).unwrap());
    }
    let v = b.build().unwrap();
    assert_eq!(strict_jwt::MAX_KEYS_TRIED_WITHOUT_KID, 4);
    for (i, s) in secrets.iter().enumerate() {
        let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), s);
        let got = kind(&v, &t);
        if i < 4 {
            assert_eq!(got, None, "key {i} is within the bound");
        } else {
            assert_eq!(
                got,
                Some(ErrorKind::InvalidSignature),
                "key {i} is beyond the bound"
            );
        }
    }
}

#[test]
fn rule2_typ_policy_compares_normalised_media_types() {
    let key = || HmacKey::new(Algorithm::HS256, &SECRET).unwrap();
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key())
        .require_type("at+jwt")
        .build()
        .unwrap();
    for (typ, ok) in [
        ("at+jwt", true),
        ("AT+JWT", true),
        ("application/at+jwt", true),
        ("Application/AT+JWT", true),
        ("JWT", false),
        ("at+jwt ", false),
    ] {
        let t = token_with(
            &format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#),
            &valid_payload(),
            &SECRET,
        );
        assert_eq!(
            kind(&v, &t),
            if ok { None } else { Some(ErrorKind::WrongType) },
            "{typ}"
        );
    }
    assert_kind(
        &v,
        &token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET),
        ErrorKind::WrongType,
        "typ absent",
    );
    // Without the policy, typ is not checked.
    let t = token_with(
        r#"{"alg":"HS256","typ":"anything"}"#,
        &valid_payload(),
        &SECRET,
    );
    assert_eq!(kind(&verifier(), &t), None);
}

#[test]
fn rule2_nested_jwt_cty_is_refused() {
    for cty in ["JWT", "jwt", "application/JWT"] {
        let t = token_with(
            &format!(r#"{{"alg":"HS256","cty":"{cty}"}}"#),
            &valid_payload(),
            &SECRET,
        );
        assert_kind(&verifier(), &t, ErrorKind::WrongType, cty);
    }
}

// ---- 3. The signature, exact and constant-time ----

#[test]
fn rule3_signature_has_the_exact_length_for_the_algorithm() {
    let v = verifier();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    let (input, sig) = t.rsplit_once('.').unwrap();
    let tag = strict_jwt::base64url::decode(sig).unwrap();
    for bad in [
        &tag[..31],
        &tag[..16],
        &[tag.clone(), vec![0]].concat()[..],
        &[][..],
    ] {
        let token = format!("{input}.{}", b64(bad));
        assert_kind(
            &v,
            &token,
            ErrorKind::InvalidSignature,
            &format!("{} bytes", bad.len()),
        );
    }
    // A 48-byte HS384-length tag for an HS256 token.
    let token = format!("{input}.{}", b64(&[0u8; 48]));
    assert_kind(&v, &token, ErrorKind::InvalidSignature, "48 bytes");
}

#[test]
fn rule3_every_bit_of_the_tag_matters_and_zero_tags_fail() {
    // The comparison is `subtle::ConstantTimeEq` (src/alg/hmac.rs); timing is not
    // measured in tests. Behaviourally, any change of the tag fails.
    let v = verifier();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    let (input, sig) = t.rsplit_once('.').unwrap();
    let tag = strict_jwt::base64url::decode(sig).unwrap();
    for bit in 0..tag.len() * 8 {
        let mut bad = tag.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert_kind(
            &v,
            &format!("{input}.{}", b64(&bad)),
            ErrorKind::InvalidSignature,
            &format!("bit {bit}"),
        );
    }
    assert_kind(
        &v,
        &format!("{input}.{}", b64(&[0u8; 32])),
        ErrorKind::InvalidSignature,
        "all-zero tag",
    );
}

#[test]
fn rule3_signature_failure_is_opaque() {
    let v = verifier();
    let t = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &SECRET);
    let (input, _) = t.rsplit_once('.').unwrap();
    let wrong_key = token_with(r#"{"alg":"HS256"}"#, &valid_payload(), &[1; 32]);
    let short = format!("{input}.{}", b64(&[0; 16]));
    let errors: Vec<String> = [wrong_key, short]
        .iter()
        .map(|t| v.verify_at::<Value>(t, now()).unwrap_err().to_string())
        .collect();
    assert_eq!(errors[0], "invalid signature");
    assert_eq!(errors[0], errors[1]);
}

// ---- 4. Claims, only after the signature passed ----

#[test]
fn rule4_claims_are_not_parsed_before_the_signature() {
    // Acceptance: bad signature + invalid claims JSON reports invalid_signature.
    let v = verifier();
    for payload in [
        "{not json",
        r#"{"exp":1,"exp":2}"#,
        r#"{"nbf":"soon"}"#,
        "[]",
        "\u{0}",
    ] {
        let t = token_with(r#"{"alg":"HS256"}"#, payload, &[1; 32]);
        assert_kind(&v, &t, ErrorKind::InvalidSignature, payload);
        // With the right key the same payloads are caught by the claims parser.
        let t = token_with(r#"{"alg":"HS256"}"#, payload, &SECRET);
        let k = kind(&v, &t).unwrap();
        assert!(
            matches!(k, ErrorKind::Malformed | ErrorKind::InvalidClaim),
            "{payload}: {k:?}"
        );
    }
    // Invalid UTF-8 in the payload: opaque signature failure first.
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256"}"#),
        b64(b"{\"a\":\"\xff\"}")
    );
    let forged = format!("{input}.{}", b64(&hmac256(&[1; 32], input.as_bytes())));
    assert_kind(
        &v,
        &forged,
        ErrorKind::InvalidSignature,
        "non-UTF-8 payload, forged",
    );
    let signed = format!("{input}.{}", b64(&hmac256(&SECRET, input.as_bytes())));
    assert_kind(
        &v,
        &signed,
        ErrorKind::Malformed,
        "non-UTF-8 payload, signed",
    );
}

#[test]
fn rule4_duplicate_claims_are_rejected_at_every_level() {
    let v = verifier();
    for payload in [
        format!(r#"{{"exp":{},"exp":{}}}"#, NOW + 60, NOW + 60),
        format!(r#"{{"exp":{},"sub":"a","s\u0075b":"b"}}"#, NOW + 60),
        format!(
            r#"{{"exp":{},"ctx":{{"role":"user","role":"admin"}}}}"#,
            NOW + 60
        ),
    ] {
        assert_kind(
            &v,
            &token_with(r#"{"alg":"HS256"}"#, &payload, &SECRET),
            ErrorKind::Malformed,
            &payload,
        );
    }
}

#[test]
fn rule4_wrong_typed_registered_claims_are_errors_never_absent() {
    // CVE-2026-25537: a string `nbf` was treated as absent.
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .allow_tokens_without_expiry()
        .build()
        .unwrap();
    for (claim, value) in [
        ("nbf", json!("1800000000")),
        ("exp", json!("1800000000")),
        ("iat", json!(null)),
        ("exp", json!(true)),
        ("iss", json!(7)),
        ("sub", json!(["alice"])),
        ("jti", json!({})),
        ("aud", json!(7)),
        ("aud", json!(["a", 7])),
    ] {
        let payload = json!({ claim: value }).to_string();
        let t = token_with(r#"{"alg":"HS256"}"#, &payload, &SECRET);
        let e = v.verify_at::<Value>(&t, now()).unwrap_err();
        assert_eq!(
            (e.kind(), e.detail()),
            (ErrorKind::InvalidClaim, claim),
            "{payload}"
        );
    }
}

#[test]
fn rule4_numeric_dates_are_finite_numbers_and_may_be_fractional() {
    let v = verifier();
    let frac = format!(r#"{{"exp":{}.5}}"#, NOW);
    let t = token_with(r#"{"alg":"HS256"}"#, &frac, &SECRET);
    assert!(
        v.verify_at::<Value>(&t, now()).is_ok(),
        "exp = now + 0.5 is still valid"
    );
    assert_eq!(
        v.verify_at::<Value>(&t, NumericDate::from_secs(NOW + 1))
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    for exp in ["1e400", "-1e400", "9223372036854775808", "1e19"] {
        let t = token_with(
            r#"{"alg":"HS256"}"#,
            &format!(r#"{{"exp":{exp}}}"#),
            &SECRET,
        );
        assert_kind(&v, &t, ErrorKind::InvalidClaim, exp);
    }
    for exp in ["NaN", "Infinity", "0x10", "+1", "1."] {
        let t = token_with(
            r#"{"alg":"HS256"}"#,
            &format!(r#"{{"exp":{exp}}}"#),
            &SECRET,
        );
        assert_kind(&v, &t, ErrorKind::Malformed, exp);
    }
}

#[test]
fn rule4_leeway_arithmetic_saturates() {
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .leeway(Duration::MAX)
        .max_age(Duration::MAX)
        .reject_issued_in_future()
        .build()
        .unwrap();
    let payload = json!({"exp": i64::MAX, "nbf": i64::MIN, "iat": i64::MIN}).to_string();
    let t = token_with(r#"{"alg":"HS256"}"#, &payload, &SECRET);
    // exp + leeway and iat + max_age + leeway saturate at the top, nbf - leeway at the
    // bottom: no overflow, no panic, and every instant is inside the window.
    for at in [i64::MIN, 0, i64::MAX] {
        assert!(
            v.verify_at::<Value>(&t, NumericDate::from_secs(at)).is_ok(),
            "at {at}"
        );
    }
    // With the extremes the other way round, a leeway of `Duration::MAX` (longer than
    // the whole i64 range) still covers every instant: the arithmetic is exact, so
    // `i64::MIN + u64::MAX s` saturates at the top instead of wrapping to -1.
    let payload = json!({"exp": i64::MIN, "nbf": i64::MAX, "iat": i64::MIN}).to_string();
    let t = token_with(r#"{"alg":"HS256"}"#, &payload, &SECRET);
    assert!(
        v.verify_at::<Value>(&t, NumericDate::from_secs(i64::MAX))
            .is_ok()
    );
    // A leeway of i64::MAX seconds does not: exp + leeway is -1, before i64::MAX.
    let narrower = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .leeway(Duration::from_secs(i64::MAX.unsigned_abs()))
        .build()
        .unwrap();
    let e = narrower
        .verify_at::<Value>(&t, NumericDate::from_secs(i64::MAX))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Expired);
}

#[test]
fn rule4_exp_is_required_by_default_and_now_equal_exp_is_expired() {
    let v = verifier();
    let no_exp = token_with(r#"{"alg":"HS256"}"#, r#"{"sub":"a"}"#, &SECRET);
    let e = v.verify_at::<Value>(&no_exp, now()).unwrap_err();
    assert_eq!((e.kind(), e.detail()), (ErrorKind::MissingClaim, "exp"));
    let relaxed = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .allow_tokens_without_expiry()
        .build()
        .unwrap();
    assert!(relaxed.verify_at::<Value>(&no_exp, now()).is_ok());

    let t = token_with(
        r#"{"alg":"HS256"}"#,
        &format!(r#"{{"exp":{NOW}}}"#),
        &SECRET,
    );
    assert_kind(&v, &t, ErrorKind::Expired, "now == exp");
    assert!(
        v.verify_at::<Value>(&t, NumericDate::from_secs(NOW - 1))
            .is_ok()
    );
    let lenient = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .leeway(Duration::from_secs(30))
        .build()
        .unwrap();
    assert!(
        lenient
            .verify_at::<Value>(&t, NumericDate::from_secs(NOW + 29))
            .is_ok()
    );
    assert_eq!(
        lenient
            .verify_at::<Value>(&t, NumericDate::from_secs(NOW + 30))
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
}

#[test]
fn rule4_nbf_is_checked_whenever_present() {
    let v = verifier();
    let t = token_with(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW + 600, "nbf": NOW}).to_string(),
        &SECRET,
    );
    assert!(
        v.verify_at::<Value>(&t, now()).is_ok(),
        "now == nbf is valid"
    );
    assert_eq!(
        v.verify_at::<Value>(&t, NumericDate::from_secs(NOW - 1))
            .unwrap_err()
            .kind(),
        ErrorKind::NotYetValid
    );
}

#[test]
fn rule4_iat_policies_future_and_max_age() {
    let base = || {
        Verifier::builder()
            .allow(Algorithm::HS256)
            .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
    };
    let future = base().reject_issued_in_future().build().unwrap();
    let aged = base().max_age(Duration::from_secs(300)).build().unwrap();
    let tok = |iat: Option<i64>| {
        let mut c = json!({"exp": NOW + 600});
        if let Some(iat) = iat {
            c["iat"] = json!(iat);
        }
        token_with(r#"{"alg":"HS256"}"#, &c.to_string(), &SECRET)
    };
    assert_kind(
        &future,
        &tok(Some(NOW + 1)),
        ErrorKind::IssuedInFuture,
        "iat in the future",
    );
    assert_eq!(kind(&future, &tok(Some(NOW))), None);
    assert_eq!(
        kind(&future, &tok(None)),
        None,
        "iat optional without max_age"
    );
    assert_kind(
        &aged,
        &tok(Some(NOW - 301)),
        ErrorKind::TooOld,
        "older than max_age",
    );
    assert_eq!(kind(&aged, &tok(Some(NOW - 300))), None);
    assert_kind(
        &aged,
        &tok(None),
        ErrorKind::MissingClaim,
        "max_age makes iat required",
    );
    // Without policy a future iat is accepted.
    assert_eq!(kind(&verifier(), &tok(Some(NOW + 1000))), None);
}

#[test]
fn rule4_iss_and_sub_are_exact_strings_and_expected_values_make_them_required() {
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .issuer("https://a.example")
        .issuer("https://b.example")
        .subject("alice")
        .build()
        .unwrap();
    let tok = |c: Value| token_with(r#"{"alg":"HS256"}"#, &c.to_string(), &SECRET);
    let exp = NOW + 60;
    assert_eq!(
        kind(
            &v,
            &tok(json!({"exp": exp, "iss": "https://b.example", "sub": "alice"}))
        ),
        None
    );
    assert_kind(
        &v,
        &tok(json!({"exp": exp, "iss": "https://A.example", "sub": "alice"})),
        ErrorKind::WrongIssuer,
        "case differs",
    );
    assert_kind(
        &v,
        &tok(json!({"exp": exp, "sub": "alice"})),
        ErrorKind::MissingClaim,
        "iss absent",
    );
    assert_kind(
        &v,
        &tok(json!({"exp": exp, "iss": "https://a.example", "sub": "bob"})),
        ErrorKind::WrongSubject,
        "sub differs",
    );
    assert_kind(
        &v,
        &tok(json!({"exp": exp, "iss": "https://a.example"})),
        ErrorKind::MissingClaim,
        "sub absent",
    );
}

#[test]
fn rule4_aud_is_a_string_or_array_matched_exactly() {
    // CVE-2020-26160: an aud array must be matched element-wise, exactly.
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .audience("api")
        .build()
        .unwrap();
    let tok = |aud: Value| {
        token_with(
            r#"{"alg":"HS256"}"#,
            &json!({"exp": NOW + 60, "aud": aud}).to_string(),
            &SECRET,
        )
    };
    assert_eq!(kind(&v, &tok(json!("api"))), None);
    assert_eq!(kind(&v, &tok(json!(["other", "api"]))), None);
    for aud in [
        json!("API"),
        json!("api "),
        json!(["other"]),
        json!([]),
        json!(["apix"]),
    ] {
        assert_kind(
            &v,
            &tok(aud.clone()),
            ErrorKind::WrongAudience,
            &aud.to_string(),
        );
    }
    let none = token_with(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW + 60}).to_string(),
        &SECRET,
    );
    assert_kind(
        &v,
        &none,
        ErrorKind::MissingClaim,
        "aud absent but expected",
    );
}

#[test]
fn rule4_aud_present_while_none_expected_is_refused() {
    let t = token_with(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW + 60, "aud": "api"}).to_string(),
        &SECRET,
    );
    assert_kind(
        &verifier(),
        &t,
        ErrorKind::WrongAudience,
        "aud without expected audience",
    );
}

#[test]
fn rule4_required_claims_must_be_present() {
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .require_claim("jti")
        .require_claim("tenant")
        .build()
        .unwrap();
    let t = token_with(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW + 60, "jti": "x"}).to_string(),
        &SECRET,
    );
    let e = v.verify_at::<Value>(&t, now()).unwrap_err();
    assert_eq!((e.kind(), e.detail()), (ErrorKind::MissingClaim, "tenant"));
    let t = token_with(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW + 60, "jti": "x", "tenant": null}).to_string(),
        &SECRET,
    );
    assert_eq!(kind(&v, &t), None);
}

#[test]
fn rule4_the_clock_is_injectable() {
    let key = HmacKey::new(Algorithm::HS256, &SECRET).unwrap();
    let t = Signer::new(key.clone())
        .sign(
            &Claims::new_at(json!({}), NumericDate::from_secs(1000))
                .issued_now()
                .expires_in(Duration::from_secs(10)),
        )
        .unwrap();
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key)
        .build()
        .unwrap();
    assert!(
        v.verify_at::<Value>(&t, NumericDate::from_secs(1009))
            .is_ok()
    );
    assert_eq!(
        v.verify_at::<Value>(&t, NumericDate::from_secs(1010))
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    // And against the real clock, that token is long expired.
    assert_eq!(
        v.verify::<Value>(&t).unwrap_err().kind(),
        ErrorKind::Expired
    );
}

// ---- 5. Results ----

#[test]
fn rule5_one_primary_error_in_rule_order() {
    let v = verifier();
    let expired = json!({"exp": NOW - 10}).to_string();
    // Forged and expired: the signature is reported, never "expired" (CVE-2024-51744).
    assert_kind(
        &v,
        &token_with(r#"{"alg":"HS256"}"#, &expired, &[1; 32]),
        ErrorKind::InvalidSignature,
        "forged + expired",
    );
    // Header policy before signature.
    assert_kind(
        &v,
        &token_with(r#"{"alg":"HS512"}"#, &expired, &[1; 32]),
        ErrorKind::AlgorithmNotAllowed,
        "not allowed + forged",
    );
    // Byte gate before header: alg none with a bad base64 payload.
    let t = format!("{}.a+b.", b64(br#"{"alg":"none"}"#));
    assert_kind(
        &v,
        &t,
        ErrorKind::Malformed,
        "alg none + bad payload encoding",
    );
    // Size before everything.
    let mut big = token_with(r#"{"alg":"none"}"#, &expired, &[1; 32]);
    big.push_str(&"A".repeat(strict_jwt::DEFAULT_MAX_TOKEN_LEN));
    assert_kind(&v, &big, ErrorKind::TooLarge, "too large + everything else");
    // Signed and expired: now the claims speak.
    assert_kind(
        &v,
        &token_with(r#"{"alg":"HS256"}"#, &expired, &SECRET),
        ErrorKind::Expired,
        "signed + expired",
    );
}

#[test]
fn rule5_display_never_prints_key_bytes_or_the_token() {
    let v = verifier();
    let secret_b64 = b64(&SECRET);
    let t = token_with(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW - 1, "sub": "secret-subject"}).to_string(),
        &SECRET,
    );
    let mut tokens = vec![t.clone(), format!("{t}x"), t.replace('.', "")];
    tokens.push(token_with(
        r#"{"alg":"HS256"}"#,
        r#"{"exp":"secret-subject"}"#,
        &SECRET,
    ));
    for token in &tokens {
        let e = v.verify_at::<Value>(token, now()).unwrap_err();
        for shown in [e.to_string(), format!("{e:?}")] {
            assert!(
                !shown.contains(token.as_str()) && !shown.contains(&secret_b64),
                "{shown}"
            );
            assert!(
                !shown.contains("secret-subject") && !shown.contains("0123456789abcdef"),
                "{shown}"
            );
        }
    }
    let key = HmacKey::new(Algorithm::HS256, &SECRET).unwrap();
    let jwk = Jwk::from_json(&format!(r#"{{"kty":"oct","k":"{secret_b64}"}}"#)).unwrap();
    for shown in [
        format!("{key:?}"),
        format!("{jwk:?}"),
        format!("{v:?}"),
        format!("{:?}", UntrustedToken::parse(&t).unwrap()),
    ] {
        assert!(
            !shown.contains("0123456789abcdef")
                && !shown.contains(&secret_b64)
                && !shown.contains(&t),
            "{shown}"
        );
    }
}

#[test]
fn rule5_application_errors_are_kept_apart_from_token_errors() {
    assert!(ErrorKind::Configuration.is_application_error());
    assert!(ErrorKind::WeakKey.is_application_error());
    assert!(!ErrorKind::InvalidSignature.is_application_error());
    assert!(!ErrorKind::Expired.is_application_error());
    let e = Verifier::builder()
        .allow(Algorithm::HS256)
        .allow(Algorithm::HS512)
        .key(HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .build()
        .unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Configuration,
        "allowed algorithm without a key"
    );
}

#[test]
fn rule2_a_parsed_token_routed_by_kid_is_verified_under_the_verifiers_rules() {
    let t = token_with(r#"{"alg":"HS256","kid":"k1"}"#, &valid_payload(), &SECRET);
    let parsed = UntrustedToken::parse(&t).unwrap();
    assert_eq!(parsed.header().kid(), Some("k1"));
    let v = Verifier::builder()
        .allow(Algorithm::HS256)
        .key_with_kid("k1", HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .build()
        .unwrap();
    let ok = v.verify_parsed_at::<Value>(&parsed, now()).unwrap();
    assert_eq!(ok.registered().sub.as_deref(), Some("alice"));
    // Same rules as for a string: expiry, signature, and this verifier's length cap.
    let late = NumericDate::from_secs(NOW + 60);
    assert_eq!(
        v.verify_parsed_at::<Value>(&parsed, late)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
    let forged = token_with(r#"{"alg":"HS256","kid":"k1"}"#, &valid_payload(), &[1; 32]);
    let forged = UntrustedToken::parse(&forged).unwrap();
    assert_eq!(
        v.verify_parsed_at::<Value>(&forged, now())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSignature
    );
    let small = Verifier::builder()
        .allow(Algorithm::HS256)
        .key_with_kid("k1", HmacKey::new(Algorithm::HS256, &SECRET).unwrap())
        .max_token_len(16)
        .build()
        .unwrap();
    assert_eq!(
        small
            .verify_parsed_at::<Value>(&parsed, now())
            .unwrap_err()
            .kind(),
        ErrorKind::TooLarge
    );
}
