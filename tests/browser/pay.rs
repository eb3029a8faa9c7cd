//! The pay table of the reference profile: readable at 390 px (one block per zone, every amount
//! whole and labelled, nothing wider than the screen), printed whole on one page, free of
//! axe-core violations in both colour schemes; and pay rows on the compare page.

use anyhow::{Result, ensure};
use serde_json::Value;

use crate::accessibility::serious_violations;
use crate::harness::{self, Browser, PHONE, SEED_ID, SEED_PROFILE};

/// What the pay table looks like at the current width: for each row, its cells' visible text
/// (the `::before` label and the cell's own text), their boxes, and whether any overflows.
async fn pay_layout(browser: &Browser) -> Result<Value> {
    browser
        .js(
            "const table = document.querySelector('table.pay-table'); \
             if (!table) return null; \
             const width = document.documentElement.clientWidth; \
             const rows = [...table.tBodies[0].rows].map((row) => [...row.cells].map((cell) => { \
               const box = cell.getBoundingClientRect(); \
               const label = getComputedStyle(cell, '::before').content; \
               return { text: cell.textContent.trim(), label, left: box.left, right: box.right, \
                        top: box.top, clipped: cell.scrollWidth > cell.clientWidth + 1, \
                        size: parseFloat(getComputedStyle(cell).fontSize) }; })); \
             return { width, page: document.documentElement.scrollWidth, \
                      right: table.getBoundingClientRect().right, rows };",
            vec![],
        )
        .await
}

#[test]
fn the_pay_table_reads_as_one_block_per_zone_at_390_px() {
    harness::run(|browser| async move {
        browser.viewport(PHONE).await?;
        browser.open(SEED_PROFILE).await?;
        let layout = pay_layout(&browser).await?;
        ensure!(!layout.is_null(), "no pay table on the reference profile");
        let width = layout["width"].as_f64().unwrap_or(0.0);
        ensure!(
            layout["page"].as_f64() <= Some(width) && layout["right"].as_f64() <= Some(width),
            "the pay table is wider than the screen: {layout}"
        );
        let rows = layout["rows"].as_array().cloned().unwrap_or_default();
        ensure!(rows.len() == 3, "three zones: {layout}");
        for row in &rows {
            let cells = row.as_array().cloned().unwrap_or_default();
            let [zone, min, mid, max, source] = cells.as_slice() else {
                anyhow::bail!("five cells per row: {row}");
            };
            // The zone on its own line, then the three amounts side by side on one line, each
            // under its label, then the table the range comes from.
            ensure!(
                min["top"] == mid["top"] && mid["top"] == max["top"],
                "{row}"
            );
            ensure!(zone["top"].as_f64() < min["top"].as_f64(), "{row}");
            ensure!(source["top"].as_f64() > min["top"].as_f64(), "{row}");
            for (cell, label) in [(min, "Minimum"), (mid, "Midpoint"), (max, "Maximum")] {
                ensure!(cell["label"] == format!("\"{label}\""), "{label}: {cell}");
                ensure!(cell["clipped"] == false, "an amount is cut: {cell}");
                ensure!(cell["size"].as_f64() >= Some(14.0), "too small: {cell}");
            }
            ensure!(
                source["text"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("From the ")),
                "{source}"
            );
        }
        let us = &rows[0];
        ensure!(
            us[1]["text"] == "Minimum$136,000" || us[1]["text"] == "$136,000",
            "{us}"
        );
        ensure!(
            us[3]["text"]
                .as_str()
                .is_some_and(|t| t.ends_with("$178,000")),
            "{us}"
        );
        Ok(())
    })
}

#[test]
fn the_pay_table_prints_whole_on_one_page_and_has_no_axe_violations() {
    harness::run(|browser| async move {
        browser.viewport(PHONE).await?;
        if let Some(axe) = harness::axe_source() {
            for scheme in ["light", "dark"] {
                browser.emulate("", scheme).await?;
                browser.open(SEED_PROFILE).await?;
                let found = serious_violations(&browser, axe).await?;
                ensure!(found.is_empty(), "{scheme} at 390 px: {found:#?}");
            }
        }
        browser.emulate("", "light").await?;
        browser.open(SEED_PROFILE).await?;
        let pdf = browser.print_to_pdf().await?;
        let Some(pages) = harness::pdf_pages(&pdf)? else {
            return Ok(());
        };
        let squeeze = |text: &str| text.split_whitespace().collect::<String>();
        let holding = |needle: &str| {
            pages
                .iter()
                .position(|page| squeeze(page).contains(&squeeze(needle)))
        };
        let first = holding("Annual base pay, effective 2026-10-01");
        ensure!(first.is_some(), "the caption is printed");
        for needle in [
            "Zone Minimum Midpoint Maximum Source",
            "United States USD $136,000 $158,000 $178,000 From the Channel & Partner Sales family table",
            "United Kingdom GBP £85,000 £98,000 £110,000",
            "Germany EUR €86,000 €99,000 €112,000 From the ladder-wide table",
        ] {
            ensure!(
                holding(needle) == first,
                "{needle:?} not on the caption's page"
            );
        }
        Ok(())
    })
}

#[test]
fn the_compare_page_has_a_pay_row_per_zone() {
    harness::run(|browser| async move {
        let other = "CHANNE.ALLIANCE.P5";
        browser
            .open(&format!("compare/?ids={SEED_ID},{other}"))
            .await?;
        harness::compare_settled(&browser).await?;
        let rows: Value = browser
            .js(
                "return [...document.querySelectorAll('#compare-table tbody tr')] \
                   .filter((row) => row.cells[0].textContent.startsWith('Pay · ')) \
                   .map((row) => [...row.cells].map((cell) => cell.textContent.trim()))",
                vec![],
            )
            .await?;
        let rows = rows.as_array().cloned().unwrap_or_default();
        ensure!(rows.len() == 3, "a row per zone: {rows:?}");
        ensure!(rows[0][0] == "Pay · United States (USD)", "{rows:?}");
        ensure!(
            rows[0][1]
                .as_str()
                .is_some_and(|t| t.starts_with("$136,000 – $178,000")),
            "{rows:?}"
        );
        Ok(())
    })
}
