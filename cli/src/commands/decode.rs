//! `jwt decode`: a token's header and claims, printed WITHOUT verifying anything.

use crate::args::TokenInput;
use crate::failure::{Failure, Outcome};
use crate::input::{json_of, read_token};
use crate::output::print_err;
use strict_jwt::insecure_decode_without_verification;

pub(crate) fn decode(input: &TokenInput) -> Outcome<String> {
    let token = read_token(input)?;
    let parts = insecure_decode_without_verification(&token).map_err(|e| Failure::token(&e))?;
    let header = json_of(&parts.header, "header")?;
    let claims = json_of(&parts.payload, "payload")?;
    print_err("warning: NOT VERIFIED: the signature and the claims were not checked");
    Ok(serde_json::json!({"header": header, "claims": claims}).to_string())
}
