//! Screenshots for the README, written to `docs/screenshots/` so its pictures always show the
//! current product: the main page kinds at desktop and phone widths in the light scheme, two in
//! the dark scheme, page 1 of the printed goals page, the changes page of a build with
//! `--previous`, the reference profile's pay table, and search results for a misspelt word.

use std::path::Path;

use anyhow::{Context, ensure};

use crate::common;
use crate::harness::{self, Browser, DESKTOP, PHONE, SEED_GOALS, SEED_PROFILE};

const PAGES: [(&str, &str); 5] = [
    ("home", ""),
    ("role", "channel-partner-sales/channel-partner-sales/"),
    ("profile", SEED_PROFILE),
    ("goals", SEED_GOALS),
    ("levels", "levels/"),
];

/// The pages also shown in the dark colour scheme.
const DARK_PAGES: [&str; 2] = ["home", "goals"];

/// Resolution of the print preview picture: an A4 page about 660 px wide.
const PRINT_DPI: u32 = 80;

fn save(folder: &Path, name: &str, png: &[u8]) -> anyhow::Result<()> {
    ensure!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
    let file = folder.join(format!("{name}.png"));
    std::fs::write(&file, png).with_context(|| format!("cannot write {}", file.display()))
}

async fn shoot(browser: &Browser, folder: &Path, path: &str, name: &str) -> anyhow::Result<()> {
    browser.open(path).await?;
    let png = browser.client.screenshot().await?;
    save(folder, name, &png)
}

#[test]
fn screenshots_for_the_readme() {
    harness::run(|browser| async move {
        let folder = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        for scheme in ["light", "dark"] {
            browser.emulate("", scheme).await?;
            for size in [DESKTOP, PHONE] {
                browser.viewport(size).await?;
                for (name, path) in PAGES {
                    let dark = scheme == "dark";
                    if dark && (size != DESKTOP || !DARK_PAGES.contains(&name)) {
                        continue;
                    }
                    let suffix = if dark { "-dark" } else { "" };
                    shoot(
                        &browser,
                        &folder,
                        path,
                        &format!("{name}-{}{suffix}", size.0),
                    )
                    .await?;
                }
            }
        }
        browser.emulate("", "light").await?;
        browser.viewport(DESKTOP).await?;
        browser.open(SEED_GOALS).await?;
        let pdf = browser.print_to_pdf().await?;
        if harness::pdf_pages(&pdf)?.is_some() {
            save(
                &folder,
                "goals-print-1",
                &harness::pdf_page_png(&pdf, 1, PRINT_DPI)?,
            )?;
        }
        Ok(())
    })
}

#[test]
fn screenshots_of_the_changes_page() {
    harness::run_on(harness::Site::NextRelease, |browser| async move {
        let folder = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        browser.emulate("", "light").await?;
        for size in [DESKTOP, PHONE] {
            browser.viewport(size).await?;
            shoot(
                &browser,
                &folder,
                "changes/",
                &format!("changes-{}", size.0),
            )
            .await?;
        }
        Ok(())
    })
}

/// The search page with a misspelt query: the "showing results for" note, marked word forms.
#[test]
fn screenshots_of_search_results() {
    harness::run(|browser| async move {
        let folder = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        browser.emulate("", "light").await?;
        for size in [DESKTOP, PHONE] {
            browser.viewport(size).await?;
            browser.open("search/?q=managment").await?;
            harness::search_settled(&browser, "managment").await?;
            let png = browser.client.screenshot().await?;
            save(&folder, &format!("search-{}", size.0), &png)?;
        }
        Ok(())
    })
}

#[test]
fn screenshots_of_the_pay_table() {
    harness::run(|browser| async move {
        let folder = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        browser.emulate("", "light").await?;
        for size in [DESKTOP, PHONE] {
            browser.viewport(size).await?;
            let path = format!("{SEED_PROFILE}#pay");
            shoot(&browser, &folder, &path, &format!("pay-{}", size.0)).await?;
        }
        Ok(())
    })
}
