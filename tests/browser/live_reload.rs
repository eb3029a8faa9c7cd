//! `jobframe serve` seen from a browser: an open page reloads itself after an edit, shows the
//! overlay with the diagnostics over the last good page while the canon is broken, and recovers
//! when it is fixed — with no console error or CSP violation from the injected script.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use serde_json::Value;

use crate::common;
use crate::harness::{self, Browser};

const ROLE_FILE: &str = "ops/planning.yaml";
const PROFILE: &str = "ops/planning/p4/";

fn role(p4_line: &str) -> String {
    format!(
        "code: PLAN\nname: Planning\ndescription: Plans things.\nlevels:\n  P4:\n    \
         jfm_responsibilities:\n      - {p4_line}\n  P5:\n    jfm_responsibilities:\n      - Sets the plan\n"
    )
}

/// A `jobframe serve` child process, stopped with SIGINT (then killed) on drop.
struct Serve {
    child: Child,
    url: String,
}

impl Serve {
    fn start(canon: &Path) -> Result<Serve> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobframe"))
            .args(["serve", "--port", "0", "--canon"])
            .arg(canon)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot start jobframe serve")?;
        let stderr = child.stderr.take().context("serve's stderr")?;
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            // Reads to the end even after the URL is found: a closed pipe would fail serve's
            // later messages.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut serve = Serve {
            child,
            url: String::new(),
        };
        loop {
            let line = received
                .recv_timeout(Duration::from_secs(20))
                .context("jobframe serve printed no URL within 20 s")?;
            if let Some(rest) = line.strip_prefix("serving ") {
                serve.url = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                return Ok(serve);
            }
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        for _ in 0..50 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page's responsibility lines, whether the overlay is up (and its text), and whether the
/// marker planted before the edit survived (it does not survive a reload).
async fn page_state(browser: &Browser) -> Result<Value> {
    browser
        .js(
            "const overlay = document.getElementById('jobframe-overlay'); \
             return { main: document.querySelector('main').textContent, \
                      overlay: overlay ? overlay.textContent : null, \
                      planted: window.plantedBeforeEdit === true };",
            vec![],
        )
        .await
}

async fn wait_until(browser: &Browser, what: &str, test: impl Fn(&Value) -> bool) -> Result<Value> {
    browser
        .wait_for(what, || async {
            let state = page_state(browser).await?;
            Ok(test(&state).then_some(state))
        })
        .await
}

#[test]
fn an_open_page_reloads_after_an_edit_and_shows_errors_until_fixed() {
    harness::run(|browser| async move {
        let temp = tempfile::tempdir()?;
        let canon = temp.path().join("canon");
        common::minimal_canon(&canon, "");
        std::fs::write(canon.join(ROLE_FILE), role("Runs the plan"))?;
        let serve = Serve::start(&canon)?;
        browser
            .client
            .goto(&format!("{}{PROFILE}", serve.url))
            .await?;
        let main = browser.text_of("main").await?;
        ensure!(main.contains("Runs the plan"), "first page: {main}");
        browser
            .js("window.plantedBeforeEdit = true", vec![])
            .await?;

        std::fs::write(canon.join(ROLE_FILE), role("Runs the revised plan"))?;
        let main = |state: &Value| state["main"].as_str().unwrap_or_default().to_string();
        wait_until(&browser, "the page to reload with the edit", |state| {
            main(state).contains("Runs the revised plan") && state["planted"] == false
        })
        .await?;

        browser
            .js("window.plantedBeforeEdit = true", vec![])
            .await?;
        std::fs::write(
            canon.join(ROLE_FILE),
            role("Runs the plan\n    sumary: typo"),
        )?;
        let broken = wait_until(&browser, "the error overlay", |state| {
            state["overlay"].is_string()
        })
        .await?;
        let overlay = broken["overlay"].as_str().unwrap_or_default();
        ensure!(
            overlay.contains("ops/planning.yaml:") && overlay.contains("unknown key `sumary`"),
            "the overlay does not show the diagnostic: {overlay}"
        );
        ensure!(
            main(&broken).contains("Runs the revised plan"),
            "the last good page is gone under the overlay: {}",
            main(&broken)
        );

        std::fs::write(canon.join(ROLE_FILE), role("Runs the fixed plan"))?;
        wait_until(&browser, "recovery", |state| {
            state["overlay"].is_null() && main(state).contains("Runs the fixed plan")
        })
        .await?;

        let complaints: Vec<_> = browser
            .console()
            .await?
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .collect();
        ensure!(
            complaints.is_empty(),
            "console errors in serve mode: {complaints:?}"
        );
        drop(serve);
        Ok(())
    })
}
