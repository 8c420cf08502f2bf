//! Strict PEM armor (RFC 7468) for keys: exactly one block, no headers.
//!
//! Only whitespace may surround the block; the BEGIN and END labels must be identical
//! and follow the RFC 7468 label grammar; body lines hold nothing but the standard
//! base64 alphabet (at most 76 characters each, LF or CRLF line ends, no blank lines),
//! and the joined body must be canonical padded base64. Encrypted PEM (RFC 1421
//! `Proc-Type`/`DEK-Info` headers) is refused. The body may be a private key, so it is
//! decoded with the constant-time `base64ct`, and every buffer holding it is zeroized.

use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Larger inputs are refused before any parsing: no key comes close.
const MAX_INPUT: usize = 64 * 1024;
/// RFC 7468 writers use 64; 76 (MIME) is the longest line we tolerate.
const MAX_LINE: usize = 76;
const WHITESPACE: [char; 4] = [' ', '\t', '\r', '\n'];
const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// One PEM block: its label and its decoded body. `Debug` shows the body's length only.
pub(crate) struct Pem {
    /// The label between `-----BEGIN ` and `-----`, e.g. `PRIVATE KEY`.
    pub(crate) label: String,
    /// The decoded body.
    pub(crate) der: Zeroizing<Vec<u8>>,
}

impl core::fmt::Debug for Pem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pem")
            .field("label", &self.label)
            .field("der_len", &self.der.len())
            .finish()
    }
}

/// RFC 7468: `label = [ labelchar *( ["-" / SP] labelchar ) ]`, where `labelchar` is
/// printable ASCII except `-`. The empty label is refused: every key has one.
fn valid_label(label: &str) -> bool {
    let is_labelchar = |b: &u8| (0x21..=0x7e).contains(b) && *b != b'-';
    let bytes = label.as_bytes();
    bytes.first().is_some_and(is_labelchar)
        && bytes.last().is_some_and(is_labelchar)
        && bytes.iter().all(|b| (0x20..=0x7e).contains(b))
        && bytes.windows(2).all(|pair| pair.iter().any(is_labelchar))
}

/// The label of a `-----BEGIN label-----` or `-----END label-----` line.
fn boundary<'a>(line: Option<&'a str>, prefix: &str) -> Option<&'a str> {
    line?.strip_prefix(prefix)?.strip_suffix(DASHES)
}

fn check_body_line(line: &str) -> Result<()> {
    if line.starts_with(DASHES) {
        return Err(Error::invalid_key("more than one PEM block"));
    }
    if line.starts_with("Proc-Type:") || line.starts_with("DEK-Info:") {
        return Err(Error::invalid_key("encrypted PEM is not supported"));
    }
    if line.contains(':') {
        return Err(Error::invalid_key("PEM headers are not supported"));
    }
    if line.is_empty() {
        return Err(Error::invalid_key("blank line in PEM body"));
    }
    if line.len() > MAX_LINE {
        return Err(Error::invalid_key("PEM line too long"));
    }
    if !line
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return Err(Error::invalid_key("invalid character in PEM body"));
    }
    Ok(())
}

/// Parses exactly one PEM block.
pub(crate) fn parse(text: &str) -> Result<Pem> {
    if text.len() > MAX_INPUT {
        return Err(Error::invalid_key("PEM input too large"));
    }
    let mut lines = text
        .trim_matches(WHITESPACE)
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let label = boundary(lines.next(), BEGIN)
        .ok_or_else(|| Error::invalid_key("no valid PEM BEGIN line"))?;
    let end = boundary(lines.next_back(), END)
        .ok_or_else(|| Error::invalid_key("no valid PEM END line"))?;
    if !valid_label(label) {
        return Err(Error::invalid_key("invalid PEM label"));
    }
    if end != label {
        return Err(Error::invalid_key("PEM BEGIN and END labels differ"));
    }
    // Sized up front so the secret body is never copied by a reallocation.
    let mut body = Zeroizing::new(String::with_capacity(text.len()));
    for line in lines {
        check_body_line(line)?;
        body.push_str(line);
    }
    if body.is_empty() {
        return Err(Error::invalid_key("empty PEM body"));
    }
    let mut der = Zeroizing::new(alloc::vec![0u8; body.len() / 4 * 3]);
    let len = Base64::decode(body.as_bytes(), &mut der)
        .map_err(|_| Error::invalid_key("invalid base64 in PEM body"))?
        .len();
    der.truncate(len);
    Ok(Pem {
        label: label.into(),
        der,
    })
}

/// Encodes one PEM block with 64-character lines and a final newline. `label` is
/// written as given (callers pass fixed labels such as `PUBLIC KEY`).
pub(crate) fn encode(label: &str, der: &[u8]) -> Zeroizing<String> {
    let lines = der.len().div_ceil(48);
    let capacity = [
        BEGIN.len() + END.len() + 2 * (DASHES.len() + 1),
        label.len().saturating_mul(2),
        Base64::encoded_len(der),
        lines,
    ]
    .iter()
    .fold(0usize, |sum, n| sum.saturating_add(*n));
    let mut out = Zeroizing::new(String::with_capacity(capacity));
    out.push_str(BEGIN);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    // 48 input bytes make exactly one 64-character line.
    let mut line = Zeroizing::new([0u8; 64]);
    for chunk in der.chunks(48) {
        if let Ok(encoded) = Base64::encode(chunk, line.as_mut_slice()) {
            out.push_str(encoded);
        }
        out.push('\n');
    }
    out.push_str(END);
    out.push_str(label);
    out.push_str(DASHES);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use alloc::string::ToString;

    const KEY: &str = "-----BEGIN PRIVATE KEY-----\n\
        MC4CAQAwBQYDK2VwBCIEILWMeryPB5d83MyTpqQIWceV3vKqadqRIhPdO3yg3YrN\n\
        -----END PRIVATE KEY-----\n";

    fn kind(text: &str) -> ErrorKind {
        parse(text).map_or_else(|e| e.kind(), |_| panic!("accepted: {text:?}"))
    }

    #[test]
    fn parses_openssl_output() {
        let pem = parse(KEY).unwrap();
        assert_eq!(pem.label, "PRIVATE KEY");
        assert_eq!(pem.der.len(), 48);
        assert_eq!(pem.der.get(..2), Some(&[0x30, 0x2e][..]));
        assert_eq!(&*encode("PRIVATE KEY", &pem.der), KEY);
    }

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 1..data.len() {
            let der = data.get(..len).unwrap();
            let text = encode("PUBLIC KEY", der);
            assert!(text.lines().all(|l| l.len() <= 64));
            assert_eq!(
                text.len(),
                text.capacity(),
                "encode sized its buffer exactly"
            );
            let pem = parse(&text).unwrap();
            assert_eq!(
                (pem.label.as_str(), pem.der.as_slice()),
                ("PUBLIC KEY", der)
            );
        }
    }

    #[test]
    fn line_endings_and_surrounding_whitespace() {
        let trimmed = KEY.trim_end();
        let crlf = KEY.replace('\n', "\r\n");
        let padded = ["\n \t\r\n", trimmed, " \r\n\n"].concat();
        for text in [KEY, trimmed, crlf.as_str(), padded.as_str()] {
            assert_eq!(parse(text).unwrap().der.len(), 48, "{text:?}");
        }
    }

    #[test]
    fn refuses_surrounding_garbage_and_bad_structure() {
        let second = ["\n", KEY].concat();
        let cases = [
            ["junk\n", KEY].concat(),
            [KEY, "junk"].concat(),
            [KEY, second.as_str()].concat(),
            KEY.replace("END PRIVATE", "END PUBLIC"),
            KEY.replace("BEGIN PRIVATE KEY", "BEGIN PRIVATE  KEY")
                .replace("END PRIVATE KEY", "END PRIVATE  KEY"),
            KEY.replace("PRIVATE KEY", "-KEY"),
            KEY.replace("PRIVATE KEY", ""),
            KEY.replace("-----\nMC4", "-----\n\nMC4"),
            KEY.replace("MC4C", "MC4 C"),
            KEY.replace("MC4C", "MC4.C"),
            KEY.replace("MC4C", "MC4-C"),
            KEY.replace("MC4C", "MC4\rC"),
            KEY.replace("Yr", "Y\u{e9}r"),
            KEY.replace("-----BEGIN", "----BEGIN"),
            KEY.replace("\n-----END PRIVATE KEY-----\n", ""),
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n".to_string(),
            String::new(),
            KEY.replace("MC4C", &"A".repeat(80)),
            KEY.repeat(1400),
        ];
        for text in cases {
            assert_eq!(kind(&text), ErrorKind::InvalidKey, "{text:?}");
        }
    }

    #[test]
    fn refuses_headers_and_encryption() {
        let encrypted = KEY.replace(
            "-----\nMC4",
            "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMC4",
        );
        let err = parse(&encrypted).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
        assert!(format!("{err:?}").contains("encrypted PEM is not supported"));
        let header = KEY.replace("-----\nMC4", "-----\nComment: hi\nMC4");
        assert_eq!(kind(&header), ErrorKind::InvalidKey);
    }

    #[test]
    fn refuses_non_canonical_base64() {
        let one_block = |body: &str| format!("-----BEGIN K-----\n{body}\n-----END K-----\n");
        assert_eq!(parse(&one_block("AAE=")).unwrap().der.as_slice(), [0, 1]);
        assert_eq!(
            parse(&one_block("AA==\nAA=="))
                .map(|_| ())
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidKey
        );
        for body in ["AAF=", "AB==", "AAE", "AAE==", "AA=A", "=AAA", "AAAAA"] {
            assert_eq!(kind(&one_block(body)), ErrorKind::InvalidKey, "{body}");
        }
        // Short lines are fine; padding only at the very end of the body.
        assert_eq!(parse(&one_block("AA\nE=")).unwrap().der.as_slice(), [0, 1]);
        // Padding only at the very end: a padded line followed by more body.
        assert_eq!(kind(&one_block("AAE=\nAAAA")), ErrorKind::InvalidKey);
    }

    #[test]
    fn accepts_rfc7468_labels_only() {
        for label in ["X", "PUBLIC KEY", "A-B C", "X509 CRL"] {
            assert!(valid_label(label), "{label}");
        }
        for label in [
            "", " A", "A ", "-A", "A-", "A--B", "A  B", "A- B", "A\tB", "\u{e9}",
        ] {
            assert!(!valid_label(label), "{label:?}");
        }
    }
}
