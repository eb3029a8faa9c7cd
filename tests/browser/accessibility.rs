//! Accessibility: axe-core finds no serious or critical violation on each page type, in the
//! light and the dark colour scheme.

use anyhow::{Result, bail, ensure};
use serde_json::Value;

use crate::harness::{self, Browser, PAGE_TYPES};

/// Serious and critical violations axe-core reports on the open page, one line each.
pub async fn serious_violations(browser: &Browser, axe: &str) -> Result<Vec<String>> {
    browser.js(axe, vec![]).await?;
    let report = browser
        .js_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, { resultTypes: ['violations'] }).then( \
               (result) => done(result.violations \
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical') \
                 .map((v) => `${v.impact} ${v.id}: ${v.help} — ` + \
                   v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))), \
               (error) => done({ error: String(error) }));",
            vec![],
        )
        .await?;
    if let Some(error) = report.get("error") {
        bail!("axe-core failed: {error}");
    }
    Ok(serde_json::from_value(report)?)
}

fn audit(page: &'static str) {
    let path = PAGE_TYPES
        .iter()
        .find(|(name, _)| *name == page)
        .map(|(_, path)| *path)
        .expect("a listed page type");
    harness::run(|browser| async move {
        let Some(axe) = harness::axe_source() else {
            return Ok(());
        };
        let mut found = Vec::new();
        for scheme in ["light", "dark"] {
            browser.emulate("", scheme).await?;
            browser.open(path).await?;
            let scheme_now: Value = browser
                .js(
                    "return matchMedia('(prefers-color-scheme: dark)').matches",
                    vec![],
                )
                .await?;
            ensure!(
                scheme_now == (scheme == "dark"),
                "{scheme} scheme not emulated"
            );
            harness::settled(&browser, page).await?;
            found.extend(
                serious_violations(&browser, axe)
                    .await?
                    .into_iter()
                    .map(|violation| format!("{scheme}: {violation}")),
            );
        }
        ensure!(
            found.is_empty(),
            "{page} page (/{path}):\n  {}",
            found.join("\n  ")
        );
        Ok(())
    })
}

#[test]
fn home_page_has_no_serious_violations() {
    audit("home");
}

#[test]
fn family_page_has_no_serious_violations() {
    audit("family");
}

#[test]
fn role_page_has_no_serious_violations() {
    audit("role");
}

#[test]
fn profile_page_has_no_serious_violations() {
    audit("profile");
}

#[test]
fn goals_page_has_no_serious_violations() {
    audit("goals");
}

#[test]
fn levels_page_has_no_serious_violations() {
    audit("levels");
}

#[test]
fn search_page_has_no_serious_violations() {
    audit("search");
}

#[test]
fn compare_page_has_no_serious_violations() {
    audit("compare");
}

#[test]
fn level_page_has_no_serious_violations() {
    audit("level");
}

#[test]
fn guide_page_has_no_serious_violations() {
    audit("guide");
}

#[test]
fn not_found_page_has_no_serious_violations() {
    audit("not-found");
}
