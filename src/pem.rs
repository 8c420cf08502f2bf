//! Temporary stub; replaced by the PEM armor module.
use crate::error::{Error, ErrorKind, Result};
use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroizing;
pub(crate) struct Pem {
    pub(crate) label: String,
    pub(crate) der: Zeroizing<Vec<u8>>,
}
pub(crate) fn parse(_text: &str) -> Result<Pem> {
    Err(Error::new(ErrorKind::Malformed, "stub"))
}
pub(crate) fn encode(_label: &str, _der: &[u8]) -> Zeroizing<String> {
    Zeroizing::new(String::new())
}
