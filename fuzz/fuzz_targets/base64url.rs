//! `base64url`: the hand-written decoder against `base64ct` (same accept/reject, same
//! bytes, on every entry point), and encode/decode round trips.
#![no_main]

use base64ct::{Base64UrlUnpadded, Encoding};
use libfuzzer_sys::fuzz_target;
use strict_jwt::{ErrorKind, base64url};

fuzz_target!(|data: &[u8]| {
    // The input as encoded text.
    let ours = base64url::decode(data);
    let reference = Base64UrlUnpadded::decode_vec(&String::from_utf8_lossy(data));
    // Non-UTF-8 input is never base64; lossy conversion keeps it non-base64.
    match (&ours, &reference) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "decoded bytes differ"),
        (Err(e), Err(_)) => assert_eq!(e.kind(), ErrorKind::Malformed),
        _ => panic!(
            "accept/reject differs: ours {:?}, base64ct {:?}",
            ours.as_ref().map(Vec::len),
            reference.as_ref().map(Vec::len)
        ),
    }
    // Every entry point agrees with `decode`.
    assert_eq!(base64url::validate(data).is_ok(), ours.is_ok(), "validate");
    let mut reused = vec![0xAA; data.len() % 7];
    let to_vec = base64url::decode_to_vec(data, &mut reused);
    assert_eq!(to_vec.is_ok(), ours.is_ok(), "decode_to_vec");
    if let Ok(decoded) = &ours {
        assert_eq!(&reused, decoded, "decode_to_vec bytes");
        let mut exact = vec![0u8; decoded.len()];
        let into = base64url::decode_into(data, &mut exact).expect("decode_into, exact buffer");
        assert_eq!(into, &decoded[..]);
        // One byte short is refused, never a partial write reported as success.
        if !decoded.is_empty() {
            let mut short = vec![0u8; decoded.len() - 1];
            assert!(base64url::decode_into(data, &mut short).is_err());
        }
        // Canonical: the decoded bytes encode back to the input exactly.
        assert_eq!(base64url::encode(decoded).as_bytes(), data, "not canonical");
    } else {
        assert!(
            reused.is_empty(),
            "decode_to_vec leaves `out` empty on error"
        );
        let mut big = vec![0u8; data.len()];
        assert!(base64url::decode_into(data, &mut big).is_err());
    }

    // The input as bytes to encode.
    let encoded = base64url::encode(data);
    assert_eq!(
        encoded,
        Base64UrlUnpadded::encode_string(data),
        "encoding differs"
    );
    let mut appended = String::from("x");
    base64url::encode_into(data, &mut appended);
    assert_eq!(&appended[1..], encoded);
    assert_eq!(
        base64url::decoded_len(encoded.len()).expect("length of an encoding"),
        data.len()
    );
    assert_eq!(base64url::decode(&encoded).expect("round trip"), data);
});
