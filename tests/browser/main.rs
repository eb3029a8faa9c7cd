//! Browser tests: the built bundled site, served under `/careers/`, driven in headless Chromium.
//! See `harness.rs` for the set-up and for how the tests skip on machines without a browser.
#![cfg(unix)]

#[path = "../common/mod.rs"]
mod common;
mod harness;

mod accessibility;
mod changes;
mod compare;
mod console;
mod copy;
mod guides;
mod layout;
mod live_reload;
mod navigation;
mod pay;
mod print;
mod screenshots;
mod search;
