//! `jwk`: arbitrary bytes as a JWK and as a JWK set. Never panics; what parses
//! serializes to JSON that parses to the same key (a fixed point after one round), with
//! the same thumbprint; keys that import for an algorithm round-trip through their
//! public JWK; a set's usable bindings import.
#![no_main]

use fuzz_common::import_kind;
use libfuzzer_sys::fuzz_target;
use strict_jwt::{Algorithm, Jwk, JwkSet, ThumbprintHash};

fn check_jwk(jwk: &Jwk) {
    let json = jwk.to_json();
    let again = Jwk::from_json(&json).expect("own JSON parses");
    assert_eq!(*again.to_json(), *json, "to_json is not a fixed point");
    let thumb = jwk.thumbprint(ThumbprintHash::Sha256);
    assert_eq!(
        thumb.as_ref().ok(),
        again.thumbprint(ThumbprintHash::Sha256).as_ref().ok()
    );
    if let Err(e) = &thumb {
        import_kind(e.kind());
    }
    for alg in Algorithm::ALL {
        match jwk.to_verifying_key(alg) {
            Ok(key) => {
                assert_eq!(key.algorithm(), alg);
                // Only secret (oct) keys verify from private material.
                assert!(!jwk.is_private() || alg.name().starts_with("HS"));
                // The public JWK of an imported key imports again, with the same thumbprint.
                if let Ok(public) = key.to_public_jwk() {
                    let back = public
                        .to_verifying_key(alg)
                        .expect("own public JWK imports");
                    assert_eq!(
                        back.thumbprint(ThumbprintHash::Sha256).ok(),
                        key.thumbprint(ThumbprintHash::Sha256).ok()
                    );
                }
            }
            Err(e) => import_kind(e.kind()),
        }
        match jwk.to_signing_key(alg) {
            Ok(key) => {
                let msg = b"eyJhbGciOiJub25lIn0.e30";
                let sig = strict_jwt::internal::sign_raw(&key, msg).expect("signs");
                strict_jwt::internal::verify_raw(&key.verifying_key(), msg, &sig)
                    .expect("public half verifies");
            }
            Err(e) => import_kind(e.kind()),
        }
    }
    if let Ok(public) = jwk.to_public() {
        assert!(!public.is_private());
        assert_eq!(
            public.thumbprint(ThumbprintHash::Sha256).ok(),
            jwk.thumbprint(ThumbprintHash::Sha256).ok(),
            "to_public changed the thumbprint"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Jwk::from_json(text) {
        Ok(jwk) => check_jwk(&jwk),
        Err(e) => import_kind(e.kind()),
    }
    match JwkSet::from_json(text) {
        Ok(set) => {
            let json = set.to_json();
            let again = JwkSet::from_json(&json).expect("own JSON parses");
            assert_eq!(*again.to_json(), *json, "set to_json is not a fixed point");
            assert_eq!(again.keys().len(), set.keys().len());
            for key in set.verifying_keys() {
                // A binding is usable: its public JWK imports for its algorithm.
                if let Ok(public) = key.to_public_jwk() {
                    public
                        .to_verifying_key(key.algorithm())
                        .expect("a usable binding re-imports");
                }
            }
            for s in set.skipped() {
                import_kind(s.error().kind());
            }
        }
        Err(e) => import_kind(e.kind()),
    }
});
