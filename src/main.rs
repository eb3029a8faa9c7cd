//! The `jobframe` binary: parses the command line and hands over to `jobframe::cli`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    jobframe::cli::run(jobframe::cli::Cli::parse())
}
