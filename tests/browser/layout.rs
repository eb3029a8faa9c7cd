//! Layout at phone and desktop widths: no page scrolls sideways, no table cell's content spills
//! out of its box, and a table wider than its frame says that it scrolls.

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::harness::{self, Browser, DESKTOP, PAGE_TYPES, PHONE, SMALL_PHONE};

/// Cells whose content is wider or taller than the cell, described for the failure message.
const SPILLING_CELLS: &str = "return [...document.querySelectorAll('td, th')] \
     .filter(cell => cell.checkVisibility() && \
       (cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1)) \
     .slice(0, 5) \
     .map(cell => `${cell.tagName} ${JSON.stringify(cell.textContent.slice(0, 40))}: ` + \
       `${cell.scrollWidth}×${cell.scrollHeight} in ${cell.clientWidth}×${cell.clientHeight}`);";

async fn check_page(browser: &Browser, name: &str, path: &str, width: u32) -> Result<()> {
    browser.open(path).await?;
    harness::settled(browser, name).await?;
    let overflow = browser
        .js(
            "return document.documentElement.scrollWidth - innerWidth",
            vec![],
        )
        .await?;
    ensure!(
        overflow.as_i64() <= Some(0),
        "{name} (/{path}) at {width} px scrolls sideways by {overflow} px"
    );
    let spilling: Vec<String> = serde_json::from_value(browser.js(SPILLING_CELLS, vec![]).await?)?;
    ensure!(
        spilling.is_empty(),
        "{name} (/{path}) at {width} px: cell content overflows its box: {spilling:?}"
    );
    Ok(())
}

#[test]
fn no_page_scrolls_sideways_and_no_cell_overflows_from_360_px_up() {
    harness::run(|browser| async move {
        for size in [SMALL_PHONE, PHONE, DESKTOP] {
            browser.viewport(size).await?;
            for (name, path) in PAGE_TYPES {
                check_page(&browser, name, path, size.0).await?;
            }
        }
        Ok(())
    })
}

#[test]
fn a_table_wider_than_its_frame_is_marked_as_scrolling() {
    harness::run(|browser| async move {
        browser.viewport(PHONE).await?;
        browser.open("levels/").await?;
        let hint = "const frame = document.querySelector('.table-wrap'); \
                    const hint = frame.nextElementSibling; \
                    return [frame.scrollWidth > frame.clientWidth, frame.hasAttribute('data-scrolls'), \
                            hint.classList.contains('scroll-hint') && hint.checkVisibility()];";
        let state: Value = browser.js(hint, vec![]).await?;
        ensure!(
            state == serde_json::json!([true, true, true]),
            "at 390 px the levels table should scroll inside its frame and say so: \
             [scrolls, marked, hint shown] = {state}"
        );
        // The first column stays in view while the table scrolls sideways.
        let pinned = browser
            .js(
                "const frame = document.querySelector('.table-wrap'); \
                 const first = frame.querySelector('tbody th'); \
                 const before = first.getBoundingClientRect().left; \
                 frame.scrollLeft = 200; \
                 return Math.abs(first.getBoundingClientRect().left - before) < 1;",
                vec![],
            )
            .await?;
        ensure!(
            pinned == true,
            "the first column scrolls away with the table"
        );
        browser.viewport(DESKTOP).await?;
        browser.open("levels/").await?;
        let state: Value = browser.js(hint, vec![]).await?;
        ensure!(
            state == serde_json::json!([false, false, false]),
            "at 1280 px the levels table fits its frame and says nothing: {state}"
        );
        Ok(())
    })
}
