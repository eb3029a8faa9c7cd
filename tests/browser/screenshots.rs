//! Screenshots of the home, role, profile and goals pages at desktop and phone widths, written
//! to `docs/screenshots/` for the README, so its pictures always show the current product.

use anyhow::{Context, ensure};

use crate::common;
use crate::harness::{self, DESKTOP, PHONE, SEED_GOALS, SEED_PROFILE};

const PAGES: [(&str, &str); 4] = [
    ("home", ""),
    ("role", "channel-partner-sales/channel-partner-sales/"),
    ("profile", SEED_PROFILE),
    ("goals", SEED_GOALS),
];

#[test]
fn screenshots_for_the_readme() {
    harness::run(|browser| async move {
        let folder = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        browser.emulate("", "light").await?;
        for size in [DESKTOP, PHONE] {
            browser.viewport(size).await?;
            for (name, path) in PAGES {
                browser.open(path).await?;
                let width = browser.js("return innerWidth", vec![]).await?;
                ensure!(
                    width == size.0,
                    "viewport is {width} px wide, not {}",
                    size.0
                );
                let overflow = browser
                    .js(
                        "return document.documentElement.scrollWidth - innerWidth",
                        vec![],
                    )
                    .await?;
                ensure!(
                    overflow.as_i64() <= Some(0),
                    "{name} at {} px scrolls sideways by {overflow} px",
                    size.0
                );
                let png = browser.client.screenshot().await?;
                ensure!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
                let file = folder.join(format!("{name}-{}.png", size.0));
                std::fs::write(&file, png)
                    .with_context(|| format!("cannot write {}", file.display()))?;
            }
        }
        Ok(())
    })
}
