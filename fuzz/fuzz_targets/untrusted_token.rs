//! `untrusted_token`: arbitrary bytes through the byte gate and header parse. Whatever
//! parses re-serialises to exactly the input, agrees with the insecure decoder, and
//! respects the length cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strict_jwt::{DEFAULT_MAX_TOKEN_LEN, ErrorKind, UntrustedToken, base64url};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = UntrustedToken::parse(text);
    let insecure = strict_jwt::insecure_decode_without_verification(text);
    match &parsed {
        Ok(token) => {
            assert_eq!(token.as_str(), text);
            assert!(text.len() <= DEFAULT_MAX_TOKEN_LEN);
            // Parsing implies three canonical segments: re-encoding them gives the input.
            let parts = insecure.expect("a parsed token decodes");
            let mut again = base64url::encode(&parts.header);
            again.push('.');
            base64url::encode_into(&parts.payload, &mut again);
            again.push('.');
            base64url::encode_into(&parts.signature, &mut again);
            assert_eq!(again, text, "re-serialisation differs from the input");
            // The header that parsed is the decoded first segment, parsed strictly.
            let header = strict_jwt::internal::parse_header(&parts.header)
                .expect("the header parses on its own");
            assert_eq!(header.algorithm(), token.header().algorithm());
            assert_eq!(header.kid(), token.header().kid());
            assert_eq!(header.typ(), token.header().typ());
            assert!(token.header().crit().is_none(), "crit is refused");
            assert!(
                fuzz_common::members(&parts.header) == fuzz_common::Members::Unique,
                "accepted a header serde_json sees as invalid or duplicated"
            );
        }
        Err(e) => {
            let kind = e.kind();
            assert!(
                matches!(
                    kind,
                    ErrorKind::Malformed
                        | ErrorKind::TooLarge
                        | ErrorKind::UnsupportedAlgorithm
                        | ErrorKind::CritUnsupported
                ),
                "unexpected kind {kind:?}"
            );
            // An encoding the insecure decoder accepts fails only in the header.
            if insecure.is_ok() {
                assert_ne!(kind, ErrorKind::TooLarge);
            }
        }
    }
    // A cap below the length refuses with TooLarge before anything else.
    if !text.is_empty() {
        let capped = UntrustedToken::parse_with_max_len(text, text.len() - 1);
        assert_eq!(
            capped.map(|_| ()).map_err(|e| e.kind()),
            Err(ErrorKind::TooLarge)
        );
    }
});
