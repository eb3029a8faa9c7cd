//! `jobframe serve` seen from a browser: an open page reloads itself after an edit, shows the
//! overlay with the diagnostics over the last good page while the canon is broken, and recovers
//! when it is fixed — with no console error or CSP violation from the injected script.

use std::path::Path;

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::common::server::Server;
use crate::common::{self, GOOD_LEVELS};
use crate::harness::{self, Browser};

const PROFILE: &str = "ops/planning/p4/";

/// Rewrites the fixture's role with its P4 line ("Runs the plan") replaced by `p4_line`.
fn edit_p4_line(canon: &Path, p4_line: &str) {
    common::write_role(canon, &GOOD_LEVELS.replace("Runs the plan", p4_line));
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
        common::minimal_canon(&canon, GOOD_LEVELS);
        let serve = Server::start(&canon, &[]);
        browser
            .client
            .goto(&format!("http://{}/{PROFILE}", serve.address))
            .await?;
        let main = browser.text_of("main").await?;
        ensure!(main.contains("Runs the plan"), "first page: {main}");
        browser
            .js("window.plantedBeforeEdit = true", vec![])
            .await?;

        edit_p4_line(&canon, "Runs the revised plan");
        let main = |state: &Value| state["main"].as_str().unwrap_or_default().to_string();
        wait_until(&browser, "the page to reload with the edit", |state| {
            main(state).contains("Runs the revised plan") && state["planted"] == false
        })
        .await?;

        browser
            .js("window.plantedBeforeEdit = true", vec![])
            .await?;
        edit_p4_line(&canon, "Runs the plan\n    sumary: typo");
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

        edit_p4_line(&canon, "Runs the fixed plan");
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
