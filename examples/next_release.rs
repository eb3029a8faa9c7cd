//! Writes a "next release" of the bundled canon, to try `jobframe diff` and `build --previous`:
//!
//!     cargo run --example next_release -- /tmp/next-canon
//!     cargo run --release -- diff canon /tmp/next-canon
//!     cargo run --release -- build --canon /tmp/next-canon --previous canon

#[path = "../tests/common/next_release.rs"]
mod next_release;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(to) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: cargo run --example next_release -- <NEW-CANON-FOLDER>");
        return ExitCode::from(2);
    };
    if to.exists() {
        eprintln!(
            "error: `{}` exists; name a folder that does not",
            to.display()
        );
        return ExitCode::from(2);
    }
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("canon");
    match next_release::write(&from, &to) {
        Ok(()) => {
            println!(
                "wrote canon {} into {}",
                next_release::NEXT_VERSION,
                to.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
