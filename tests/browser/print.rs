//! Printing the goals page: every copy block expanded, no navigation chrome.

use anyhow::ensure;
use serde_json::Value;

use crate::harness::{self, SEED_GOALS};

#[test]
fn printing_expands_every_block_and_hides_the_chrome() {
    harness::run(|browser| async move {
        browser.open(SEED_GOALS).await?;
        browser.emulate("print", "light").await?;
        let blocks: Vec<(String, bool)> = serde_json::from_value(
            browser
                .js(
                    "return [...document.querySelectorAll('details.copy-block pre')] \
                     .map(pre => [pre.id, pre.checkVisibility() && pre.getBoundingClientRect().height > 0]);",
                    vec![],
                )
                .await?,
        )?;
        ensure!(blocks.len() == 4, "expected four blocks, found {blocks:?}");
        ensure!(
            blocks.iter().all(|(_, shown)| *shown),
            "a block is collapsed in print: {blocks:?}"
        );
        let chrome = [
            ".site-header",
            ".crumbs",
            ".site-footer",
            ".skip-link",
            ".pager",
            "button.copy",
        ];
        for selector in chrome {
            let shown: Value = browser
                .js(
                    "return [...document.querySelectorAll(arguments[0])].filter(e => e.checkVisibility()).length",
                    vec![Value::from(selector)],
                )
                .await?;
            ensure!(shown == 0, "{selector} is visible in print ({shown} shown)");
        }
        let nav_present: Value = browser
            .js(
                "return document.querySelectorAll('.site-header, .crumbs').length",
                vec![],
            )
            .await?;
        ensure!(
            nav_present.as_u64() >= Some(2),
            "the chrome this test hides is missing on screen"
        );
        browser.emulate("", "light").await?;
        let collapsed: Value = browser
            .js(
                "return [...document.querySelectorAll('details.copy-block pre')].filter(p => p.checkVisibility()).length",
                vec![],
            )
            .await?;
        ensure!(
            collapsed == 0,
            "blocks stay expanded on screen after printing: {collapsed}"
        );
        Ok(())
    })
}
