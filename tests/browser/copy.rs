//! Copy blocks on the goals page: the keyboard toggle of the plain text, and the exact text each
//! Copy button puts on the clipboard without the block being opened.

use anyhow::{Result, bail, ensure};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

use crate::common;
use crate::harness::{self, Browser, SEED_GOALS};

/// Each block's `<pre>` id and the reference text its Copy button must produce.
fn expected_blocks() -> [(&'static str, String); 4] {
    let seed = |name: &str| common::reference(&format!("seed-copy-blocks/{name}.txt"));
    [
        ("smart-text", seed("smart")),
        ("okrs-text", seed("okrs")),
        ("mbo-text", seed("mbo")),
        ("scorecard-text", seed("scorecard")),
    ]
}

/// Whether the block holding `#id` is open, and which of its state labels is visible.
async fn block_state(browser: &Browser, id: &str) -> Result<(bool, String)> {
    let state = browser
        .js(
            "const block = document.getElementById(arguments[0]).closest('details'); \
             const shown = [...block.querySelectorAll('.state > span')].filter(s => s.checkVisibility()); \
             return [block.open, shown.map(s => s.textContent).join('|')];",
            vec![Value::from(id)],
        )
        .await?;
    Ok(serde_json::from_value(state)?)
}

/// Moves the keyboard focus with Tab, from wherever it is, to the summary of `#id`'s block.
async fn tab_to_summary(browser: &Browser, id: &str) -> Result<()> {
    for _ in 0..300 {
        let there = browser
            .js(
                "return document.activeElement === \
                 document.getElementById(arguments[0]).closest('details').querySelector('summary')",
                vec![Value::from(id)],
            )
            .await?;
        if there == true {
            return Ok(());
        }
        browser.press(Key::Tab).await?;
    }
    bail!("300 presses of Tab did not reach the summary of #{id}")
}

/// Opens `#id`'s block with the keyboard.
async fn open_block(browser: &Browser, id: &str) -> Result<()> {
    tab_to_summary(browser, id).await?;
    browser.press(Key::Enter).await
}

#[test]
fn show_and_hide_toggle_works_from_the_keyboard() {
    harness::run(|browser| async move {
        browser.open(SEED_GOALS).await?;
        for (id, _) in expected_blocks() {
            let start = block_state(&browser, id).await?;
            ensure!(
                start == (false, "show ▾".into()),
                "{id} starts as {start:?}"
            );
            open_block(&browser, id).await?;
            let opened = block_state(&browser, id).await?;
            ensure!(
                opened == (true, "hide ▴".into()),
                "Enter on {id}'s summary gave {opened:?}"
            );
            browser.press(Key::Space).await?;
            let closed = block_state(&browser, id).await?;
            ensure!(
                closed == (false, "show ▾".into()),
                "Space on {id}'s summary gave {closed:?}"
            );
        }
        Ok(())
    })
}

#[test]
fn each_copy_button_puts_the_reference_text_on_the_clipboard() {
    harness::run(|browser| async move {
        browser.open(SEED_GOALS).await?;
        browser.grant("clipboard-read").await?;
        browser.grant("clipboard-write").await?;
        for (id, expected) in expected_blocks() {
            // The buttons are usable without opening the plain-text block.
            let (open, _) = block_state(&browser, id).await?;
            ensure!(!open, "{id}'s block starts open");
            let button = format!("button.copy[data-copy='{id}']");
            browser.click(Locator::Css(&button)).await?;
            let status = browser
                .wait_for("the Copied. status", || async {
                    let status = browser
                        .js(
                            "return document.querySelector(`button[data-copy='${arguments[0]}'] ~ .copy-status`).textContent",
                            vec![Value::from(id)],
                        )
                        .await?;
                    Ok((status != "").then_some(status))
                })
                .await?;
            ensure!(status == "Copied.", "{id}: status {status}");
            let clipboard = browser
                .js_async(
                    "const done = arguments[arguments.length - 1]; \
                     navigator.clipboard.readText().then(done, (error) => done({ error: String(error) }));",
                    vec![],
                )
                .await?;
            let text = clipboard.as_str().unwrap_or_default();
            ensure!(
                text == expected,
                "{id}: clipboard holds {clipboard}, expected {expected:?}"
            );
        }
        Ok(())
    })
}
