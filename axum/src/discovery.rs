//! The OpenID Connect discovery document (OpenID Connect Discovery 1.0 §3), only the
//! members [`RemoteJwks`](crate::RemoteJwks) uses.

use crate::remote::RemoteJwksError;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct Discovery {
    pub(crate) issuer: String,
    pub(crate) jwks_uri: String,
    #[serde(rename = "id_token_signing_alg_values_supported")]
    pub(crate) algorithms: Option<Vec<String>>,
}

impl Discovery {
    /// Parses the document; a repeated `issuer`, `jwks_uri` or algorithm list is refused
    /// (serde's derived visitor reports duplicate fields).
    pub(crate) fn parse(body: &[u8]) -> Result<Self, RemoteJwksError> {
        serde_json::from_slice(body).map_err(|_| {
            RemoteJwksError::InvalidDiscovery("not a JSON object with string issuer and jwks_uri")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_typed_and_unique() {
        let d =
            Discovery::parse(br#"{"issuer":"https://i","jwks_uri":"https://i/k","other":[1,{}]}"#)
                .unwrap();
        assert_eq!(
            (d.issuer.as_str(), d.jwks_uri.as_str()),
            ("https://i", "https://i/k")
        );
        assert!(d.algorithms.is_none());
        for bad in [
            &br#"{"issuer":"https://i","issuer":"https://evil","jwks_uri":"https://i/k"}"#[..],
            br#"{"issuer":"https://i"}"#,
            br#"{"issuer":1,"jwks_uri":"https://i/k"}"#,
            br#"{"issuer":"https://i","jwks_uri":"https://i/k","id_token_signing_alg_values_supported":"RS256"}"#,
            b"<html>",
        ] {
            assert!(Discovery::parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
