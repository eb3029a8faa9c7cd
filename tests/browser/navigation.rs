//! Navigation under the sub-path: clicks from home to the reference goals page, previous and
//! next level links, and the permalink redirect.

use anyhow::{Result, ensure};
use fantoccini::Locator;

use crate::harness::{self, Browser, SEED_GOALS, SEED_ID, SEED_PROFILE};

const SEED_ROLE: &str = "channel-partner-sales/channel-partner-sales/";

/// Clicks the link `locator` finds and checks the browser lands on `path` under the site root.
async fn click_to(browser: &Browser, locator: Locator<'_>, path: &str) -> Result<()> {
    browser.click(locator).await?;
    let landed = browser.current_url().await?;
    let expected = browser.url(path);
    ensure!(
        landed == expected,
        "clicking {locator:?} went to {landed}, not {expected}"
    );
    Ok(())
}

#[test]
fn home_to_the_reference_goals_page_by_clicks_only() {
    harness::run(|browser| async move {
        browser.open("").await?;
        let home = browser.current_url().await?;
        ensure!(
            home == browser.url(""),
            "home is at {home}, not the sub-path"
        );
        let family = Locator::LinkText("Channel & Partner Sales");
        click_to(&browser, family, "channel-partner-sales/index.html").await?;
        let role =
            Locator::Css("main a[href$='/channel-partner-sales/channel-partner-sales/index.html']");
        click_to(&browser, role, &format!("{SEED_ROLE}index.html")).await?;
        let profile = Locator::Css("main a[href$='/channel-partner-sales/p5/index.html']");
        click_to(&browser, profile, &format!("{SEED_PROFILE}index.html")).await?;
        let goals = Locator::LinkText("Goal templates for this level");
        click_to(&browser, goals, &format!("{SEED_GOALS}index.html")).await?;
        let heading = browser.text_of("h1").await?;
        ensure!(
            heading.contains("Channel & Partner Sales"),
            "goals page heading: {heading}"
        );
        Ok(())
    })
}

#[test]
fn previous_and_next_level_links_walk_the_ladder() {
    harness::run(|browser| async move {
        browser.open(SEED_PROFILE).await?;
        let (next, previous) = (Locator::Css("a[rel=next]"), Locator::Css("a[rel=prev]"));
        click_to(&browser, next, &format!("{SEED_ROLE}p6/index.html")).await?;
        click_to(&browser, previous, &format!("{SEED_PROFILE}index.html")).await?;
        click_to(&browser, previous, &format!("{SEED_ROLE}p4/index.html")).await?;
        Ok(())
    })
}

#[test]
fn a_profile_id_permalink_redirects_to_the_readable_url() {
    harness::run(|browser| async move {
        browser.open(&format!("id/{SEED_ID}/")).await?;
        let landed = browser.wait_for_url("the redirect", SEED_PROFILE).await?;
        let heading = browser.text_of("h1").await?;
        ensure!(
            heading.contains("P5"),
            "landed on {landed} with heading {heading}"
        );
        Ok(())
    })
}
