//! Navigation under the sub-path: clicks from home to the reference goals page, previous and
//! next level links, and the permalink redirect.

use anyhow::{Result, ensure};
use fantoccini::Locator;

use crate::harness::{self, Browser, SEED_GOALS, SEED_ID, SEED_PROFILE};

async fn click(browser: &Browser, css: &str) -> Result<String> {
    let link = browser.client.find(Locator::Css(css)).await?;
    link.click().await?;
    browser.current_url().await
}

async fn click_link_text(browser: &Browser, text: &str) -> Result<String> {
    let link = browser.client.find(Locator::LinkText(text)).await?;
    link.click().await?;
    browser.current_url().await
}

#[test]
fn home_to_the_reference_goals_page_by_clicks_only() {
    harness::run(|browser| async move {
        browser.open("").await?;
        ensure!(
            browser.current_url().await? == browser.url(""),
            "home is not at the sub-path"
        );
        let family = click_link_text(&browser, "Channel & Partner Sales").await?;
        ensure!(
            family == browser.url("channel-partner-sales/index.html"),
            "family link went to {family}"
        );
        let role = click(
            &browser,
            "main a[href$='/channel-partner-sales/channel-partner-sales/index.html']",
        )
        .await?;
        ensure!(
            role == browser.url("channel-partner-sales/channel-partner-sales/index.html"),
            "role link went to {role}"
        );
        let profile = click(
            &browser,
            "main a[href$='/channel-partner-sales/p5/index.html']",
        )
        .await?;
        ensure!(
            profile == browser.url(&format!("{SEED_PROFILE}index.html")),
            "went to {profile}"
        );
        let goals = click_link_text(&browser, "Goal templates for this level").await?;
        ensure!(
            goals == browser.url(&format!("{SEED_GOALS}index.html")),
            "went to {goals}"
        );
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
        let next = click(&browser, "a[rel=next]").await?;
        ensure!(
            next.ends_with("/channel-partner-sales/p6/index.html"),
            "next went to {next}"
        );
        let back = click(&browser, "a[rel=prev]").await?;
        ensure!(
            back == browser.url(&format!("{SEED_PROFILE}index.html")),
            "prev went to {back}"
        );
        let previous = click(&browser, "a[rel=prev]").await?;
        ensure!(
            previous.ends_with("/channel-partner-sales/p4/index.html"),
            "prev went to {previous}"
        );
        Ok(())
    })
}

#[test]
fn a_profile_id_permalink_redirects_to_the_readable_url() {
    harness::run(|browser| async move {
        browser.open(&format!("id/{SEED_ID}/")).await?;
        let target = browser.url(SEED_PROFILE);
        let landed = browser
            .wait_for("the redirect", || async {
                let url = browser.current_url().await?;
                Ok(url.starts_with(&target).then_some(url))
            })
            .await?;
        let heading = browser.text_of("h1").await?;
        ensure!(
            heading.contains("P5"),
            "landed on {landed} with heading {heading}"
        );
        Ok(())
    })
}
