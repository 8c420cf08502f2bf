//! Unit tests of the DER reader and writer, against OpenSSL's and ring's encodings.

use super::read::*;
use super::types::*;
use super::write::*;
use crate::error::{ErrorKind, Result};
use alloc::vec::Vec;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair};

// Generated with OpenSSL 3.0: `genpkey` then `pkey -pubout`, `rsa -RSAPublicKey_out`,
// `ec -outform DER` (SEC1) and `pkcs8 -topk8 -nocrypt`. Each EC/Ed25519 pair is one key.
const RSA_SPKI: &str = "305c300d06092a864886f70d0101010500034b003048024100d0cfc4eab66623a6\
    9785fe2db5d51fedc8b7c0b2e3c71d56e367dd5aa84ffbe63847ac41ad46ff9bd5af29c3677d74bfa5348d6b\
    667e9770218ec3c795d2a8e70203010001";
const P256_SPKI: &str = "3059301306072a8648ce3d020106082a8648ce3d030107034200047c09b17b790489\
    7faa6887c52ed5496b0b49aeb57b56911ade005b0cb294f33fe4353642180e0b3f0c8dcfc6042d036d0d91e1\
    5e5498d7da87a82386b4e26ceb";
const P256_SEC1: &str = "307702010104208b13535c510e09ef570248b9440ca5a2d2cb0ec05a8b7437e1fc45e5\
    9f94bddca00a06082a8648ce3d030107a144034200047c09b17b7904897faa6887c52ed5496b0b49aeb57b56\
    911ade005b0cb294f33fe4353642180e0b3f0c8dcfc6042d036d0d91e15e5498d7da87a82386b4e26ceb";
const ED_SPKI: &str = "302a300506032b65700321005526433bc66951cd561b5a5f312240ffb12428522955\
    07767b129c166e61123d";
const ED_PKCS8_V0: &str = "302e020100300506032b657004220420b58c7abc8f07977cdccc93a6a40859c795de\
    f2aa69da912213dd3b7ca0dd8acd";
const ED448_PKCS8_V0: &str = "3047020100300506032b6571043b04393976891e6d989661521c1d7eeae3d32382\
    8df89b5e50ac426c5b307bde901aec3a989347a544ada550d0bb4a3c8bdf9c5c5e6e341a909c8000";
/// An RSA PKCS#8 header around a stub `RSAPrivateKey`: only the framing is read.
const RSA_PKCS8: &str = "3016020100300d06092a864886f70d010101050004023000";

fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    let pair = |p: &[u8]| u8::from_str_radix(core::str::from_utf8(p).unwrap(), 16).unwrap();
    digits.chunks(2).map(pair).collect()
}

/// An `AlgorithmIdentifier`'s TLVs, the key bytes, the expected error.
type Case<'a> = (&'a [&'a [u8]], &'a [u8], ErrorKind);

fn kind<T: core::fmt::Debug>(r: Result<T>) -> ErrorKind {
    r.unwrap_err().kind()
}

#[test]
fn parses_openssl_public_keys() {
    let rsa = hex(RSA_SPKI);
    let PublicKeyInfo::Rsa { n, e } = parse_spki(&rsa).unwrap() else {
        panic!()
    };
    assert_eq!((n.len(), n.first(), e), (64, Some(&0xd0), &[1, 0, 1][..]));
    assert_eq!(parse_pkcs1_public(rsa.get(20..).unwrap()).unwrap(), (n, e));
    assert_eq!(spki_rsa(n, e), rsa);

    let p256 = hex(P256_SPKI);
    let sec1 = hex(P256_SEC1);
    let parsed = parse_sec1(&sec1).unwrap();
    assert_eq!((parsed.curve, parsed.d.len()), (Some(Curve::P256), 32));
    let point = parsed.public.unwrap();
    let curve = Curve::P256;
    assert_eq!(
        parse_spki(&p256).unwrap(),
        PublicKeyInfo::Ec { curve, point }
    );
    assert_eq!(spki_ec(curve, point), p256);

    let ed = hex(ED_SPKI);
    let key = ed.get(12..).unwrap();
    assert_eq!(parse_spki(&ed).unwrap(), PublicKeyInfo::Ed25519 { key });
    assert_eq!(spki_ed25519(key), ed);
}

#[test]
fn ring_pkcs8_round_trips_byte_for_byte() {
    let rng = SystemRandom::new();
    let p256 = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let p384 = &signature::ECDSA_P384_SHA384_FIXED_SIGNING;
    for (alg, curve) in [(p256, Curve::P256), (p384, Curve::P384)] {
        let doc = EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
        assert_eq!(
            pkcs8_algorithm(doc.as_ref()).unwrap(),
            KeyAlgorithm::Ec(curve)
        );
        let (found, d, point) = pkcs8_private_parts(doc.as_ref()).unwrap();
        assert_eq!(
            (found, d.len()),
            (KeyAlgorithm::Ec(curve), curve.scalar_len())
        );
        let rebuilt = ec_pkcs8(curve, d, point.unwrap());
        assert_eq!(rebuilt.as_slice(), doc.as_ref());
        assert_eq!(rebuilt.len(), rebuilt.capacity());
    }
    let doc = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    assert_eq!(
        pkcs8_algorithm(doc.as_ref()).unwrap(),
        KeyAlgorithm::Ed25519
    );
    let (_, seed, public) = pkcs8_private_parts(doc.as_ref()).unwrap();
    assert_eq!(
        ed25519_pkcs8(seed, public.unwrap()).as_slice(),
        doc.as_ref()
    );
}

#[test]
fn openssl_private_keys_convert_for_ring() {
    // OpenSSL 1.1 PKCS#8 keeps the [0] curve inside the ECPrivateKey.
    let sec1 = hex(P256_SEC1);
    let wrapped = tlv(OCTET_STRING, &[&sec1]);
    let doc = tlv(
        SEQUENCE,
        &[&[INTEGER, 1, 0], &ec_algorithm(Curve::P256), &wrapped],
    );
    let (alg, d, point) = pkcs8_private_parts(&doc).unwrap();
    assert_eq!(
        (alg, point),
        (
            KeyAlgorithm::Ec(Curve::P256),
            parse_sec1(&sec1).unwrap().public
        )
    );
    let ring_alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
    let rebuilt = ec_pkcs8(Curve::P256, d, point.unwrap());
    let pair = EcdsaKeyPair::from_pkcs8(ring_alg, &rebuilt, &SystemRandom::new()).unwrap();
    assert_eq!(Some(pair.public_key().as_ref()), point);

    let ed = hex(ED_PKCS8_V0);
    let (alg, seed, public) = pkcs8_private_parts(&ed).unwrap();
    assert_eq!((alg, public), (KeyAlgorithm::Ed25519, None));
    let derived = Ed25519KeyPair::from_seed_unchecked(seed).unwrap();
    assert_eq!(
        derived.public_key().as_ref(),
        hex(ED_SPKI).get(12..).unwrap()
    );
    let rebuilt = ed25519_pkcs8(seed, derived.public_key().as_ref());
    assert!(Ed25519KeyPair::from_pkcs8(&rebuilt).is_ok());
}

#[test]
fn recognises_and_refuses_algorithms() {
    let ed448 = hex(ED448_PKCS8_V0);
    assert_eq!(pkcs8_algorithm(&ed448).unwrap(), KeyAlgorithm::Ed448);
    let (alg, seed, public) = pkcs8_private_parts(&ed448).unwrap();
    assert_eq!((alg, seed.len(), public), (KeyAlgorithm::Ed448, 57, None));
    let short = hex(&ED_PKCS8_V0.replace("032b6570", "032b6571"));
    assert_eq!(kind(pkcs8_private_parts(&short)), ErrorKind::InvalidKey);
    assert_eq!(pkcs8_algorithm(&hex(RSA_PKCS8)).unwrap(), KeyAlgorithm::Rsa);
    assert_eq!(
        kind(pkcs8_private_parts(&hex(RSA_PKCS8))),
        ErrorKind::InvalidKey
    );
    let p521 = ec_pkcs8(Curve::P521, &[1; 66], &[4; 133]);
    assert_eq!(
        pkcs8_algorithm(&p521).unwrap(),
        KeyAlgorithm::Ec(Curve::P521)
    );
    let p521 = spki_ec(Curve::P521, &[4; 133]);
    assert!(matches!(
        parse_spki(&p521),
        Ok(PublicKeyInfo::Ec {
            curve: Curve::P521,
            ..
        })
    ));
    let oid = |o: &[u8]| tlv(OID, &[o]);
    let (p256, null, point) = (oid(OID_P256), [NULL, 0], [4; 65]);
    let dsa = oid(&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);
    let pss = oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]);
    let k1 = oid(&[0x2b, 0x81, 0x04, 0x00, 0x0a]);
    // brainpoolP256r1: a real curve no JWS algorithm uses.
    let brainpool = oid(&[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07]);
    let k1_spki = tlv(
        SEQUENCE,
        &[
            &tlv(SEQUENCE, &[&oid(OID_EC), &k1]),
            &tlv(BIT_STRING, &[&[0], &[4; 65]]),
        ],
    );
    assert!(matches!(
        parse_spki(&k1_spki),
        Ok(PublicKeyInfo::Ec {
            curve: Curve::Secp256k1,
            ..
        })
    ));
    let (ec, ed, ed448, rsa) = (oid(OID_EC), oid(OID_ED25519), oid(OID_ED448), oid(OID_RSA));
    // Encoding faults and unusable keys are the key's fault (InvalidKey), algorithms and
    // curves no backend has are UnsupportedKey.
    let (invalid_key, malformed) = (ErrorKind::InvalidKey, ErrorKind::InvalidKey);
    let unsupported = ErrorKind::UnsupportedKey;
    let cases: [Case<'_>; 11] = [
        (&[&dsa], &point, unsupported),
        (&[&pss], &point, unsupported),
        (&[&ec, &brainpool], &point, unsupported),
        (&[&ec, &null], &point, invalid_key),
        (&[&ec], &point, invalid_key),
        (&[&ec, &p256], &[], malformed),
        (&[&ec, &p256, &null], &point, malformed),
        (&[&rsa], &point, malformed),
        (&[&ed, &null], &[0; 32], malformed),
        (&[&ed], &[0; 31], invalid_key),
        (&[&ed448], &[0; 57], unsupported),
    ];
    for (alg, key, expected) in cases {
        let doc = spki(&tlv(SEQUENCE, alg), key);
        assert_eq!(kind(parse_spki(&doc)), expected, "{doc:02x?}");
    }
}

#[test]
fn refuses_non_der() {
    assert_eq!(
        parse_pkcs1_public(&hex("3006020105020103")).unwrap(),
        (&[5][..], &[3][..])
    );
    let cases = [
        "3007020200050201 03",       // INTEGER with a superfluous 0x00
        "30070202ff850201 03",       // INTEGER with a superfluous 0xff
        "3006020185020103",          // negative modulus
        "3006020105020100",          // zero exponent
        "3005020105020100",          // empty INTEGER
        "308106020105020103",        // long form for a short length
        "30820006020105020103",      // two length bytes where one would do
        "3080020105020103 0000",     // indefinite length
        "3006020105020103 00",       // trailing byte
        "3007020105020103",          // length past the input
        "3f06020105020103",          // high tag number form
        "3084000000060201050201 03", // four length bytes
        "3006040105020103",          // OCTET STRING where INTEGER is due
    ];
    for case in cases {
        assert_eq!(
            kind(parse_pkcs1_public(&hex(case))),
            ErrorKind::InvalidKey,
            "{case}"
        );
    }
    let mut huge = hex("3082ffff");
    huge.resize(4 + 0xffff, 0);
    assert!(format!("{:?}", parse_spki(&huge)).contains("too large"));
    assert_eq!(
        kind(parse_spki(&hex(&ED_SPKI.replace("032100", "032101")))),
        ErrorKind::InvalidKey
    );
    // Version 2 is unknown; version 0 may not carry a public key; SEC1 is version 1.
    let ed_v0 = hex(ED_PKCS8_V0);
    let ed_v2 = hex(&ED_PKCS8_V0.replacen("020100", "020102", 1));
    assert_eq!(kind(pkcs8_algorithm(&ed_v2)), ErrorKind::InvalidKey);
    let body = ed_v0.get(2..).unwrap();
    let with_public = tlv(SEQUENCE, &[body, &tlv(CONTEXT_1_IMPLICIT, &[&[0; 33]])]);
    assert_eq!(kind(pkcs8_algorithm(&with_public)), ErrorKind::InvalidKey);
    let sec1_v0 = hex(&P256_SEC1.replacen("020101", "020100", 1));
    assert_eq!(kind(parse_sec1(&sec1_v0)), ErrorKind::InvalidKey);
}

/// Every truncation and many single-byte mutations of every fixture, through every
/// parser: errors are fine, panics are not.
#[test]
fn never_panics_on_damaged_keys() {
    let rng = SystemRandom::new();
    let p256 = EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng);
    let ed = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
    let mut fixtures: Vec<Vec<u8>> = [RSA_SPKI, P256_SPKI, P256_SEC1, ED_SPKI, ED_PKCS8_V0]
        .iter()
        .map(|h| hex(h))
        .collect();
    fixtures.extend([p256.unwrap().as_ref().to_vec(), ed.as_ref().to_vec()]);
    let parse_all = |b: &[u8]| {
        let _ = (parse_spki(b), parse_pkcs1_public(b), pkcs8_algorithm(b));
        let _ = (parse_sec1(b), pkcs8_private_parts(b));
    };
    for fixture in &fixtures {
        for len in 0..=fixture.len() {
            parse_all(fixture.get(..len).unwrap());
        }
        for i in 0..fixture.len() {
            for value in [0x00, 0x01, 0x1f, 0x7f, 0x80, 0x81, 0x82, 0x83, 0xff] {
                let mut damaged = fixture.clone();
                *damaged.get_mut(i).unwrap() = value;
                parse_all(&damaged);
                *damaged.get_mut(i).unwrap() ^= fixture.get(i).unwrap() ^ 0x55;
                parse_all(&damaged);
            }
        }
    }
}
