//! Writing to stdout and stderr.

use std::io::Write;

/// Writes to stdout; a closed pipe is not worth a panic.
pub(crate) fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

pub(crate) fn print_err(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
