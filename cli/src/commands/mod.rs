//! One module per command (the `key` subcommands together); each returns what goes on
//! stdout, or the failure.

pub(crate) mod decode;
pub(crate) mod key;
pub(crate) mod sign;
pub(crate) mod verify;
