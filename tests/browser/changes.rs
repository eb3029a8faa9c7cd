//! The changes page of a build with `--previous`: axe-core clean, its links lead to the changed
//! profile, and that profile's "Changed in" note leads back to its entry.

use anyhow::{Result, ensure};
use fantoccini::Locator;
use serde_json::Value;

use crate::accessibility::serious_violations;
use crate::harness::{self, Browser, Site};

const PROFILE: &str = "channel-partner-sales/alliances/p4/index.html";
const ENTRY: &str = "changes/index.html#CHANNE.ALLIANCES.P4";

async fn audit(browser: &Browser, what: &str) -> Result<()> {
    let Some(axe) = harness::axe_source() else {
        return Ok(());
    };
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        browser.emulate("", scheme).await?;
        browser.open(what).await?;
        found.extend(
            serious_violations(browser, axe)
                .await?
                .into_iter()
                .map(|violation| format!("{scheme}: {violation}")),
        );
    }
    ensure!(found.is_empty(), "/{what}:\n  {}", found.join("\n  "));
    Ok(())
}

#[test]
fn changes_page_links_to_the_profile_whose_note_links_back() {
    harness::run_on(Site::NextRelease, |browser| async move {
        audit(&browser, "changes/index.html").await?;
        audit(&browser, PROFILE).await?;
        browser.emulate("", "light").await?;

        browser.open("changes/index.html").await?;
        let heading = browser.text_of("h1").await?;
        ensure!(heading == "What changed in 2026.5", "heading {heading:?}");
        let entry =
            Locator::Css("[id='CHANNE.ALLIANCES.P4'] h5 a[href$='/alliances/p4/index.html']");
        browser.click(entry).await?;
        let landed = browser.current_url().await?;
        ensure!(
            landed == browser.url(PROFILE),
            "the entry's link went to {landed}"
        );

        let note = browser.text_of(".changed-note").await?;
        ensure!(note.starts_with("Changed in 2026.5"), "note {note:?}");
        browser.click(Locator::Css(".changed-note a")).await?;
        let back = browser.current_url().await?;
        ensure!(back == browser.url(ENTRY), "the note went to {back}");
        let shown: Value = browser
            .js(
                "const entry = document.getElementById('CHANNE.ALLIANCES.P4'); \
                 const box = entry.getBoundingClientRect(); \
                 return box.top >= 0 && box.top < innerHeight;",
                vec![],
            )
            .await?;
        ensure!(
            shown == Value::Bool(true),
            "the entry is scrolled into view"
        );
        Ok(())
    });
}
