//! Guide pages: the header's Guide menu reaches each bundled guide by mouse and keyboard, a word
//! only a guide contains is found by search and lands on its heading, the table of contents
//! links land on their headings, and screenshots of a guide and the open menu.

use anyhow::{Result, ensure};
use fantoccini::Locator;
use fantoccini::key::Key;

use crate::common;
use crate::harness::{self, Browser, DESKTOP, PHONE};

/// The bundled guide pages in menu order: (address, title).
const GUIDES: [(&str, &str); 4] = [
    ("reading-a-profile/", "How to read a profile"),
    ("goal-templates/", "Using the goal templates in a review"),
    ("levels-and-tracks/", "How levels and tracks work"),
    ("promotion-faq/", "Promotion FAQ"),
];

/// A word of the promotion FAQ's last answer that no profile, level or other guide contains.
const GUIDE_ONLY_WORD: &str = "eligibility";
const GUIDE_ONLY_HEADING: &str = "who-should-i-ask";

async fn menu_is_open(browser: &Browser) -> Result<bool> {
    let open = browser
        .js(
            "return document.querySelector('.nav-menu details').open",
            vec![],
        )
        .await?;
    Ok(open.as_bool() == Some(true))
}

/// The menu's entries: (text, href as written).
async fn menu_entries(browser: &Browser) -> Result<Vec<(String, String)>> {
    let entries = browser
        .js(
            "return [...document.querySelectorAll('.nav-menu a')].map(a => [a.textContent, a.getAttribute('href')])",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(entries)?)
}

#[test]
fn the_guide_menu_reaches_each_bundled_guide() {
    harness::run(|browser| async move {
        for size in [DESKTOP, PHONE] {
            browser.viewport(size).await?;
            for (address, title) in GUIDES {
                browser.open("levels/").await?;
                let entries = menu_entries(&browser).await?;
                let titles: Vec<&str> = entries.iter().map(|(text, _)| text.as_str()).collect();
                let wanted: Vec<&str> = GUIDES.iter().map(|(_, title)| *title).collect();
                ensure!(titles == wanted, "menu {titles:?}");
                ensure!(!menu_is_open(&browser).await?, "the menu starts closed");
                browser.click(Locator::Css(".nav-menu summary")).await?;
                ensure!(menu_is_open(&browser).await?, "a click opens the menu");
                browser.click(Locator::LinkText(title)).await?;
                let landed = browser.current_url().await?;
                ensure!(
                    landed == browser.url(&format!("{address}index.html")),
                    "{title} at {size:?} went to {landed}"
                );
                let heading = browser.text_of("main h1").await?;
                ensure!(heading == title, "{address}: h1 {heading:?}");
            }
        }
        Ok(())
    })
}

#[test]
fn the_guide_menu_works_from_the_keyboard() {
    harness::run(|browser| async move {
        browser.open("").await?;
        // Focus the menu's button the way Tab would reach it, then open it with Enter.
        browser
            .js(
                "document.querySelector('.nav-menu summary').focus()",
                vec![],
            )
            .await?;
        browser.press(Key::Enter).await?;
        ensure!(menu_is_open(&browser).await?, "Enter opens the menu");
        browser.press(Key::Tab).await?;
        let focused = browser
            .js("return document.activeElement.textContent", vec![])
            .await?;
        ensure!(
            focused.as_str() == Some(GUIDES[0].1),
            "Tab moves into the menu, reached {focused}"
        );
        browser.press(Key::Escape).await?;
        ensure!(!menu_is_open(&browser).await?, "Escape closes the menu");
        let focused = browser
            .js(
                "return document.activeElement.matches('.nav-menu summary')",
                vec![],
            )
            .await?;
        ensure!(
            focused.as_bool() == Some(true),
            "focus returns to the menu button"
        );
        // A click elsewhere closes an open menu.
        browser.click(Locator::Css(".nav-menu summary")).await?;
        browser.click(Locator::Css("main h1")).await?;
        ensure!(
            !menu_is_open(&browser).await?,
            "a click outside closes the menu"
        );
        Ok(())
    })
}

#[test]
fn a_word_only_a_guide_contains_is_found_and_lands_on_its_heading() {
    harness::run(|browser| async move {
        browser
            .open(&format!("search/?q={GUIDE_ONLY_WORD}"))
            .await?;
        let status = harness::search_settled(&browser, GUIDE_ONLY_WORD).await?;
        ensure!(
            status == format!("1 page matches “{GUIDE_ONLY_WORD}”."),
            "status {status:?}"
        );
        let meta = browser.text_of("#search-results .meta").await?;
        ensure!(meta.starts_with("Guide · "), "meta {meta:?}");
        browser.click(Locator::Css("a.result-title")).await?;
        let landed = browser.current_url().await?;
        let wanted = browser.url(&format!("promotion-faq/index.html#{GUIDE_ONLY_HEADING}"));
        ensure!(landed == wanted, "landed on {landed}, not {wanted}");
        let target = browser
            .js(
                "const h = document.querySelector(':target'); \
                 const r = h.getBoundingClientRect(); \
                 return [h.tagName, h.nextElementSibling.textContent, r.top >= 0 && r.top < innerHeight]",
                vec![],
            )
            .await?;
        ensure!(target[0] == "H2", "the target is {target}");
        ensure!(
            target[1]
                .as_str()
                .is_some_and(|text| text.contains(GUIDE_ONLY_WORD)),
            "the word is under the heading: {target}"
        );
        ensure!(target[2] == true, "the heading is in view: {target}");
        Ok(())
    })
}

#[test]
fn the_table_of_contents_links_land_on_their_headings() {
    harness::run(|browser| async move {
        for (address, _) in GUIDES {
            browser.open(address).await?;
            let ids = browser
                .js(
                    "return [...document.querySelectorAll('.guide-toc a')].map(a => a.getAttribute('href').slice(1))",
                    vec![],
                )
                .await?;
            let ids: Vec<String> = serde_json::from_value(ids)?;
            ensure!(ids.len() >= 3, "{address}: a contents list of {ids:?}");
            for id in ids {
                browser
                    .click(Locator::Css(&format!(".guide-toc a[href='#{id}']")))
                    .await?;
                let at = browser
                    .js(
                        "const t = document.querySelector(':target'); \
                         const r = t && t.getBoundingClientRect(); \
                         return t ? [t.id, /^H[2-3]$/.test(t.tagName), r.top > -1 && r.bottom <= innerHeight] : null",
                        vec![],
                    )
                    .await?;
                ensure!(at[0] == id.as_str(), "{address}#{id}: target {at}");
                ensure!(at[1] == true, "{address}#{id}: not a heading");
                ensure!(at[2] == true, "{address}#{id}: the heading is out of view");
            }
        }
        Ok(())
    })
}

#[test]
fn screenshots_of_a_guide_page() {
    harness::run(|browser| async move {
        let folder = common::repo().join("docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        for size in [DESKTOP, PHONE] {
            browser.viewport(size).await?;
            browser.open("levels-and-tracks/").await?;
            let png = browser.client.screenshot().await?;
            std::fs::write(folder.join(format!("guide-{}.png", size.0)), png)?;
        }
        browser.viewport(PHONE).await?;
        browser.open("").await?;
        browser.click(Locator::Css(".nav-menu summary")).await?;
        let png = browser.client.screenshot().await?;
        std::fs::write(folder.join("guide-menu-390.png"), png)?;
        Ok(())
    })
}
