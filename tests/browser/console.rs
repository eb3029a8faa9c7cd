//! The browser console stays clean: no JavaScript error and no Content-Security-Policy
//! violation on any page type, including the search page at work and the goals page's buttons.

use anyhow::{Result, ensure};
use fantoccini::Locator;

use crate::harness::{self, Browser, PAGE_TYPES, SEED_GOALS};

/// Console entries at warning level or above, as `level message` lines.
async fn complaints(browser: &Browser) -> Result<Vec<String>> {
    Ok(browser
        .console()
        .await?
        .into_iter()
        .filter(|(level, _)| level == "SEVERE" || level == "WARNING")
        .map(|(level, message)| format!("{level} {message}"))
        .collect())
}

#[test]
fn no_script_errors_or_policy_violations_on_any_page() {
    harness::run(|browser| async move {
        let mut found = Vec::new();
        for (name, path) in PAGE_TYPES {
            browser.open(path).await?;
            // Go on without results, so the console says why they never came.
            if let Err(error) = harness::settled(&browser, name).await {
                found.push(format!("{name}: {error:#}"));
            }
            if path == SEED_GOALS {
                browser
                    .click(Locator::Css("details.plain-text summary"))
                    .await?;
                browser.click(Locator::Css("button.copy")).await?;
                // The print dialog cannot be driven; the button's own work runs all the same.
                browser.js("window.print = () => {};", vec![]).await?;
                browser.click(Locator::Css("button.print-block")).await?;
                browser
                    .js("window.dispatchEvent(new Event('afterprint'))", vec![])
                    .await?;
            }
            let own_status = format!("{} - Failed to load resource", browser.url(path));
            found.extend(
                complaints(&browser)
                    .await?
                    .into_iter()
                    // The 404 page is meant to answer with status 404, which Chromium logs.
                    .filter(|line| !(name == "not-found" && line.contains(&own_status)))
                    .map(|line| format!("{name}: {line}")),
            );
        }
        // The console check itself works: a script error on purpose is reported.
        browser
            .js(
                "setTimeout(() => { throw new Error('planted by the test') })",
                vec![],
            )
            .await?;
        let planted = browser
            .wait_for("the planted error", || async {
                let lines = complaints(&browser).await?;
                Ok(lines
                    .iter()
                    .any(|line| line.contains("planted by the test"))
                    .then_some(()))
            })
            .await;
        ensure!(
            planted.is_ok(),
            "the console log does not report script errors"
        );
        ensure!(
            found.is_empty(),
            "console complaints:\n  {}",
            found.join("\n  ")
        );
        Ok(())
    })
}
