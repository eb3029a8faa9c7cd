//! Browser-test set-up: the bundled site built once, served under `/careers/`, and a fresh
//! headless Chromium per scenario, driven over WebDriver (chromedriver + fantoccini).
//!
//! Without Chromium or chromedriver every scenario passes after saying, once, that it was
//! skipped and why. With `JOBFRAME_REQUIRE_BROWSER=1` (set by `.ci/run`) a missing tool fails.

use std::future::Future;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::common;

/// The sub-path the site is served under, to prove sub-path hosting.
pub const SUB_PATH: &str = "/careers/";
/// Set to `1` to turn a missing browser, driver or axe-core into a failure instead of a skip.
pub const REQUIRE_VAR: &str = "JOBFRAME_REQUIRE_BROWSER";
/// The reference profile's readable path under the site root.
pub const SEED_PROFILE: &str = "channel-partner-sales/channel-partner-sales/p5/";
pub const SEED_GOALS: &str = "channel-partner-sales/channel-partner-sales/p5/goals/";
pub const SEED_ID: &str = "CHANNE.CHANNEL.P5";

/// The page types the accessibility, console and layout scenarios visit: `(name, path)`.
pub const PAGE_TYPES: [(&str, &str); 12] = [
    ("home", ""),
    ("family", "channel-partner-sales/"),
    ("role", "channel-partner-sales/channel-partner-sales/"),
    ("profile", SEED_PROFILE),
    ("goals", SEED_GOALS),
    ("levels", "levels/"),
    ("level", "levels/p5/"),
    ("search", "search/?q=partner"),
    ("compare", COMPARE_FOUR),
    ("downloads", "downloads/"),
    ("guide", "levels-and-tracks/"),
    // At the site root, where the static test server's 404 page's relative links work.
    ("not-found", "no-such-page.html"),
];

/// The compare page with the reference profile, its P4 and P6, and one from another family.
pub const COMPARE_FOUR: &str =
    "compare/?ids=CHANNE.CHANNEL.P5,CHANNE.CHANNEL.P4,CHANNE.CHANNEL.P6,ENGINE.SWE.P5";

/// Desktop and phone widths used by the scenarios and the screenshots.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);
/// The narrowest phone the theme supports.
pub const SMALL_PHONE: (u32, u32) = (360, 740);

/// The programs a browser test needs, found on this machine.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

/// Which built site a scenario runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// The bundled canon (`canon/`).
    Bundled,
    /// A small canon whose texts are markup and script ([`HOSTILE_LINE`]).
    Hostile,
    /// The bundled canon's next release (`tests/common/next_release.rs`), built with
    /// `--previous canon`: the changes page and the "Changed in" notes.
    NextRelease,
    /// A site built beforehand, at `JOBFRAME_BENCH_SITE` (the search benchmark's 100,000
    /// generated profiles: `bench/search.sh`).
    Bench,
}

/// A responsibility of the hostile site's one profile: markup that must stay text.
pub const HOSTILE_LINE: &str = "Ships <script>alert(1)</script> & <b>bold</b> plans";

/// Runs one browser scenario against the bundled site, or skips it when the tools are missing.
pub fn run<F, Fut>(scenario: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    run_on(Site::Bundled, scenario)
}

/// Runs one browser scenario against `site`, or skips it when the tools are missing.
pub fn run_on<F, Fut>(site: Site, scenario: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let Some(tools) = tools() else { return };
    // One browser at a time: two cores cannot run several Chromiums without timeouts.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let base = served_site(site);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let outcome = runtime.block_on(async {
        let driver = Driver::start(tools)?;
        let client = driver.connect().await?;
        let browser = Browser {
            client: client.clone(),
            base: base.clone(),
        };
        let result = scenario(browser).await;
        let _ = client.close().await;
        drop(driver);
        result
    });
    if let Err(error) = outcome {
        panic!("browser scenario failed: {error:#}");
    }
}

/// Finds Chromium and chromedriver, or reports (once) why the browser tests are skipped.
fn tools() -> Option<&'static Tools> {
    static TOOLS: OnceLock<Result<Tools, String>> = OnceLock::new();
    let found = TOOLS.get_or_init(|| {
        let chromium = find_program("JOBFRAME_CHROMIUM", &["chromium", "chromium-browser"]);
        let chromedriver = find_program("JOBFRAME_CHROMEDRIVER", &["chromedriver"]);
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Ok(Tools {
                chromium,
                chromedriver,
            }),
            (chromium, _) => {
                let missing = if chromium.is_none() {
                    "chromium"
                } else {
                    "chromedriver"
                };
                let why = format!(
                    "browser tests skipped: `{missing}` not found on PATH or at JOBFRAME_{} \
                     (install Debian's `chromium` and `chromium-driver` packages, or point \
                     JOBFRAME_CHROMIUM and JOBFRAME_CHROMEDRIVER at them; `.ci/run` installs them)",
                    missing.to_uppercase()
                );
                require_or_say(&why);
                Err(why)
            }
        }
    });
    found.as_ref().ok()
}

/// Fails under `JOBFRAME_REQUIRE_BROWSER=1`; otherwise prints `why` past the test harness's
/// output capture, so `cargo test` shows it even though the scenario passes.
pub fn require_or_say(why: &str) {
    if std::env::var(REQUIRE_VAR).as_deref() == Ok("1") {
        panic!("{why}; {REQUIRE_VAR}=1 makes this a failure");
    }
    let _ = writeln!(std::io::stderr().lock(), "note: {why}");
}

fn find_program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path)).filter(|path| path.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// The text of each page of a PDF, read by poppler's `pdftotext` (Debian's `poppler-utils`),
/// or `None` after saying why it is unavailable.
pub fn pdf_pages(pdf: &[u8]) -> Result<Option<Vec<String>>> {
    let Some(pdftotext) = find_program("JOBFRAME_PDFTOTEXT", &["pdftotext"]) else {
        require_or_say(
            "PDF checks skipped: `pdftotext` not found on PATH or at JOBFRAME_PDFTOTEXT \
             (install Debian's `poppler-utils`; `.ci/run` installs it)",
        );
        return Ok(None);
    };
    // `-raw`: the text in the order it was drawn (the page's own), so columns side by side stay
    // apart and a word hyphenated at a line end keeps its hyphen.
    let text = run_on_pdf(&pdftotext, pdf, &["-raw"], &["-"])?;
    let text = String::from_utf8(text)?;
    // Pages end with a form feed; the last one is followed by nothing.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|page| page.trim().is_empty()) {
        pages.pop();
    }
    Ok(Some(pages))
}

/// Renders page `page` (1-based) of a PDF as a PNG at `dpi`, with poppler's `pdftoppm`.
pub fn pdf_page_png(pdf: &[u8], page: u32, dpi: u32) -> Result<Vec<u8>> {
    let pdftoppm = find_program("JOBFRAME_PDFTOPPM", &["pdftoppm"])
        .ok_or_else(|| anyhow!("`pdftoppm` not found (Debian's `poppler-utils`)"))?;
    let (page, dpi) = (page.to_string(), dpi.to_string());
    // Without an output name, pdftoppm writes the one page to standard output.
    let flags = ["-png", "-singlefile", "-r", &dpi, "-f", &page, "-l", &page];
    run_on_pdf(&pdftoppm, pdf, &flags, &[])
}

/// Writes `pdf` to a temporary file and runs `program` with `before`, the file and `after` as
/// arguments; returns its standard output.
fn run_on_pdf(program: &Path, pdf: &[u8], before: &[&str], after: &[&str]) -> Result<Vec<u8>> {
    let folder = tempfile::tempdir()?;
    let file = folder.path().join("page.pdf");
    std::fs::write(&file, pdf)?;
    let output = Command::new(program)
        .args(before)
        .arg(&file)
        .args(after)
        .output()
        .with_context(|| format!("cannot run {}", program.display()))?;
    if !output.status.success() {
        bail!(
            "{} failed: {}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(output.stdout)
}

/// The axe-core script (`tests/browser/node_modules`, installed by `npm ci` from the committed
/// lock file when missing), or `None` after saying why it is unavailable.
pub fn axe_source() -> Option<&'static str> {
    static AXE: OnceLock<Option<String>> = OnceLock::new();
    AXE.get_or_init(|| {
        let folder = common::repo().join("tests/browser");
        let script = folder.join("node_modules/axe-core/axe.min.js");
        if !script.is_file() {
            let installed = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(&folder)
                .stdout(Stdio::null())
                .status();
            if !matches!(installed, Ok(status) if status.success()) {
                require_or_say(&format!(
                    "accessibility checks skipped: `npm ci --prefix tests/browser` could not \
                     install axe-core ({installed:?}); `.ci/run` installs it"
                ));
                return None;
            }
        }
        match std::fs::read_to_string(&script) {
            Ok(source) => Some(source),
            Err(error) => {
                require_or_say(&format!(
                    "accessibility checks skipped: {}: {error}",
                    script.display()
                ));
                None
            }
        }
    })
    .as_deref()
}

/// Builds the bundled canon once per test run, with the jobframe binary itself.
pub fn site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_site("browser-site", &common::repo().join("canon"), &[]))
}

/// Builds the bundled canon's next release with `--previous canon`, once per test run.
fn next_release_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let canon = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-next-canon");
        let _ = std::fs::remove_dir_all(&canon);
        common::next_release::write(&common::repo().join("canon"), &canon)
            .expect("the next release is written");
        let previous = common::repo().join("canon");
        build_site(
            "browser-next-site",
            &canon,
            &["--previous", &previous.to_string_lossy()],
        )
    })
}

/// Builds the hostile canon once per test run.
fn hostile_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let canon = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-hostile-canon");
        let _ = std::fs::remove_dir_all(&canon);
        let line = serde_json::to_string(HOSTILE_LINE).expect("a string serializes");
        common::minimal_canon(
            &canon,
            &format!("  P4:\n    jfm_responsibilities:\n      - {line}\n"),
        );
        build_site("browser-hostile-site", &canon, &[])
    })
}

/// The site the search benchmark built, named by `JOBFRAME_BENCH_SITE`.
pub fn bench_site_dir() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        PathBuf::from(
            std::env::var_os("JOBFRAME_BENCH_SITE")
                .expect("JOBFRAME_BENCH_SITE names a built site (bench/search.sh sets it)"),
        )
    })
}

fn build_site(name: &str, canon: &Path, more: &[&str]) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let (canon, out_arg) = (canon.to_string_lossy(), out.to_string_lossy());
    let mut args = vec!["build", "--canon", &canon, "--out", &out_arg];
    args.extend_from_slice(more);
    let output = common::jobframe(&common::repo(), &args);
    assert!(
        output.status.success(),
        "building {} failed:\n{}",
        canon,
        common::stderr(&output)
    );
    out
}

/// Serves a built site under `/careers/` on a loopback port, from a thread of its own for
/// the rest of the test run; returns the site's base URL, ending in `/careers/`.
fn served_site(site: Site) -> String {
    static BUNDLED: OnceLock<String> = OnceLock::new();
    static HOSTILE: OnceLock<String> = OnceLock::new();
    static NEXT: OnceLock<String> = OnceLock::new();
    static BENCH: OnceLock<String> = OnceLock::new();
    let (base, dir): (_, fn() -> &'static Path) = match site {
        Site::Bundled => (&BUNDLED, site_dir),
        Site::Hostile => (&HOSTILE, hostile_site_dir),
        Site::NextRelease => (&NEXT, next_release_site_dir),
        Site::Bench => (&BENCH, bench_site_dir),
    };
    base.get_or_init(|| {
        let site = dir().to_path_buf();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let address = listener.local_addr().expect("local address");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        std::thread::spawn(move || serve_forever(listener, &site));
        format!("http://{address}{SUB_PATH}")
    })
    .clone()
}

fn serve_forever(listener: TcpListener, site: &Path) {
    use tower_http::services::{ServeDir, ServeFile};
    let files = ServeDir::new(site).not_found_service(ServeFile::new(site.join("404.html")));
    let app = axum::Router::new().nest_service(SUB_PATH.trim_end_matches('/'), files);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        axum::serve(listener, app).await.expect("serve the site");
    });
}

/// A chromedriver process in a process group of its own, killed with its browsers on drop.
struct Driver {
    child: Child,
    address: SocketAddr,
    chromium: PathBuf,
    profile: tempfile::TempDir,
}

impl Driver {
    fn start(tools: &Tools) -> Result<Driver> {
        use std::os::unix::process::CommandExt;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .arg("--log-level=SEVERE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .with_context(|| format!("cannot start {}", tools.chromedriver.display()))?;
        let driver = Driver {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            chromium: tools.chromium.clone(),
            profile: tempfile::tempdir()?,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(driver.address).is_err() {
            if Instant::now() > deadline {
                bail!(
                    "chromedriver did not listen on {} within 15 s",
                    driver.address
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    async fn connect(&self) -> Result<Client> {
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--lang=en-GB",
            &format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
            &format!("--user-data-dir={}", self.profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": self.chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(Capabilities::from_iter(capabilities))
            .connect(&format!("http://{}", self.address))
            .await
            .context("cannot open a Chromium session through chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The negative pid names the whole group: chromedriver and the Chromium it started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// A WebDriver command fantoccini has no method for: chromedriver's log, permission and
/// DevTools endpoints, under `/session/{id}/`.
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or(""),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Waits until a page kind that fills itself in by script is done: search results for
/// `partner`, or the compare page's table. Other kinds are done when loaded.
pub async fn settled(browser: &Browser, kind: &str) -> Result<()> {
    match kind {
        "search" => search_settled(browser, "partner").await.map(drop),
        "compare" => compare_settled(browser).await.map(drop),
        _ => Ok(()),
    }
}

/// Waits until the compare page has laid out its table; returns its status line.
pub async fn compare_settled(browser: &Browser) -> Result<String> {
    browser
        .wait_for("the comparison", || async {
            let status = browser.text_of("#compare-status").await?;
            Ok(
                (status.starts_with("Comparing") || status.starts_with("Add a profile"))
                    .then_some(status),
            )
        })
        .await
}

/// Waits until the status line reports on `query` (the search runs 120 ms after typing).
pub async fn search_settled(browser: &Browser, query: &str) -> Result<String> {
    browser
        .wait_for(&format!("results for {query:?}"), || async {
            let status = browser.text_of("#search-status").await?;
            let url = browser.current_url().await?;
            let current = url.contains(&format!("q={}", query.replace(' ', "+")));
            Ok((current && status.contains("match")).then_some(status))
        })
        .await
}

/// One scenario's browser session, with the served site's base URL.
pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl Browser {
    /// The absolute URL of a path under the site root (`""` is the home page).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn open(&self, path: &str) -> Result<()> {
        self.client.goto(&self.url(path)).await?;
        Ok(())
    }

    pub async fn current_url(&self) -> Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Runs a script (its body, with `arguments`) and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Runs a script whose last argument is the callback to call with the result.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute_async(script, args).await?)
    }

    /// Clicks the element `locator` finds.
    pub async fn click(&self, locator: Locator<'_>) -> Result<()> {
        self.client.find(locator).await?.click().await?;
        Ok(())
    }

    pub async fn text_of(&self, css: &str) -> Result<String> {
        let element = self.client.find(Locator::Css(css)).await?;
        Ok(element.text().await?)
    }

    /// Polls `probe` every 50 ms until it returns `Some`, for up to 10 s.
    pub async fn wait_for<T, P, F>(&self, what: &str, mut probe: P) -> Result<T>
    where
        P: FnMut() -> F,
        F: Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(value) = probe().await? {
                return Ok(value);
            }
            if Instant::now() > deadline {
                bail!("timed out after 10 s waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the browser is at `path` under the site root (or below it); returns the URL.
    pub async fn wait_for_url(&self, what: &str, path: &str) -> Result<String> {
        let expected = self.url(path);
        self.wait_for(what, || async {
            let url = self.current_url().await?;
            Ok(url.starts_with(&expected).then_some(url))
        })
        .await
    }

    async fn session_command(&self, path: &'static str, body: Value) -> Result<Value> {
        self.client
            .issue_cmd(SessionCommand { path, body })
            .await
            .with_context(|| format!("WebDriver command {path}"))
    }

    /// Calls a Chrome DevTools Protocol method through chromedriver.
    pub async fn devtools(&self, method: &str, params: Value) -> Result<Value> {
        self.session_command(
            "goog/cdp/execute",
            json!({ "cmd": method, "params": params }),
        )
        .await
    }

    /// Emulates a CSS media type (`"print"`, or `""` for the screen) and colour scheme.
    pub async fn emulate(&self, media: &str, scheme: &str) -> Result<()> {
        let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
        self.devtools(
            "Emulation.setEmulatedMedia",
            json!({ "media": media, "features": features }),
        )
        .await?;
        Ok(())
    }

    /// Prints the open page to PDF on A4 paper, as Chromium's print dialog would with the
    /// page's own `@page` rules (margins, landscape pages), without headers or footers.
    pub async fn print_to_pdf(&self) -> Result<Vec<u8>> {
        use base64::Engine;
        let printed = self
            .devtools(
                "Page.printToPDF",
                json!({
                    "paperWidth": 8.27,
                    "paperHeight": 11.69,
                    "preferCSSPageSize": true,
                    "displayHeaderFooter": false,
                }),
            )
            .await?;
        let data = printed["data"]
            .as_str()
            .ok_or_else(|| anyhow!("Page.printToPDF returned no data: {printed}"))?;
        Ok(base64::engine::general_purpose::STANDARD.decode(data)?)
    }

    /// Grants a permission (e.g. `clipboard-read`) to the site's origin.
    pub async fn grant(&self, permission: &str) -> Result<()> {
        self.session_command(
            "permissions",
            json!({ "descriptor": { "name": permission }, "state": "granted" }),
        )
        .await?;
        Ok(())
    }

    /// The browser console's entries since the last call: `(level, message)`.
    pub async fn console(&self) -> Result<Vec<(String, String)>> {
        let entries = self
            .session_command("se/log", json!({ "type": "browser" }))
            .await?;
        let entries = entries
            .as_array()
            .ok_or_else(|| anyhow!("the browser log is not a list: {entries}"))?;
        Ok(entries
            .iter()
            .map(|entry| {
                let field = |name: &str| entry[name].as_str().unwrap_or_default().to_string();
                (field("level"), field("message"))
            })
            .collect())
    }

    /// Presses and releases `key` on whatever has the keyboard focus, as a person would.
    pub async fn press(&self, key: fantoccini::key::Key) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value = char::from(key);
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Sets the viewport to exactly `width` × `height` CSS pixels (a phone below 500 px).
    pub async fn viewport(&self, (width, height): (u32, u32)) -> Result<()> {
        self.devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500 }),
        )
        .await?;
        Ok(())
    }
}
