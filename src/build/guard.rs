//! The build's checkpoints: interruption (Ctrl-C, SIGTERM), the time limit `serve` sets on a
//! rebuild, and the fault-injection hook the tests use to prove that a failed build leaves
//! nothing behind.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::BuildError;
use crate::output;

/// Checks made between the build's steps and before each page: an atomic load for
/// interruption, a clock read for the time limit, and the test fault.
pub(super) struct Guard<'a> {
    stop: &'a AtomicBool,
    /// When the build must give up, and the limit that set it.
    deadline: Option<(Instant, Duration)>,
    fault: Option<Fault>,
    pages: AtomicUsize,
}

impl<'a> Guard<'a> {
    /// Watches `stop` and, from now on, `time_limit`; `with_faults` reads the test hook from
    /// the environment.
    pub(super) fn new(
        stop: &'a AtomicBool,
        started: Instant,
        time_limit: Option<Duration>,
        with_faults: bool,
    ) -> Guard<'a> {
        Guard {
            stop,
            deadline: time_limit.map(|limit| (started + limit, limit)),
            fault: if with_faults { Fault::from_env() } else { None },
            pages: AtomicUsize::new(0),
        }
    }
}

impl Guard<'_> {
    pub(super) fn check(&self) -> Result<(), BuildError> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(BuildError::Interrupted);
        }
        match self.deadline {
            Some((deadline, limit)) if Instant::now() >= deadline => {
                Err(BuildError::TimedOut(limit))
            }
            _ => Ok(()),
        }
    }

    pub(super) fn page(&self, file: &str) -> Result<(), BuildError> {
        self.check()?;
        let done = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
        match self.fault {
            Some(Fault::WriteError(after)) if done == after => {
                Err(BuildError::Output(output::OutputError::Io {
                    path: PathBuf::from(file),
                    source: std::io::Error::other(format!("injected by {FAULT_VARIABLE}")),
                }))
            }
            Some(Fault::Panic(after)) if done == after => panic!("injected by {FAULT_VARIABLE}"),
            Some(Fault::Pause(after)) if done == after => {
                // Holds the build mid-write until it is interrupted or out of time (or a minute
                // passes).
                let until = Instant::now() + Duration::from_secs(60);
                while self.check().is_ok() && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(10));
                }
                self.check()
            }
            _ => Ok(()),
        }
    }
}

/// Test hook: `JOBFRAME_TEST_FAULT=write-error:N` fails the write of the N-th page,
/// `panic:N` panics there, `pause:N` waits there for a signal or the time limit. Lets the tests prove that a
/// failed or interrupted build leaves nothing behind.
const FAULT_VARIABLE: &str = "JOBFRAME_TEST_FAULT";

#[derive(Debug, Clone, Copy)]
enum Fault {
    WriteError(usize),
    Panic(usize),
    Pause(usize),
}

impl Fault {
    fn from_env() -> Option<Fault> {
        let value = std::env::var(FAULT_VARIABLE).ok()?;
        let (kind, after) = value.split_once(':')?;
        let after = after.parse().ok()?;
        match kind {
            "write-error" => Some(Fault::WriteError(after)),
            "panic" => Some(Fault::Panic(after)),
            "pause" => Some(Fault::Pause(after)),
            _ => None,
        }
    }
}
