//! The `jobframe` binary: parses the command line and hands over to `jobframe::cli`.

use clap::Parser;

/// Rendering allocates many short-lived strings on every thread; mimalloc's thread-local free
/// lists make that markedly cheaper than the system allocator (see README, performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    jobframe::cli::run(jobframe::cli::Cli::parse())
}
