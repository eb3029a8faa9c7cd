//! `jobframe serve`: builds into a temporary folder, serves it over HTTP, rebuilds on every change
//! to the canon or theme and reloads open pages; removes the folder on Ctrl-C.

mod http;
pub mod live;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;

use crate::build::BuildOptions;
use crate::console::{EXIT_CANON_ERRORS, say};
use crate::load;
use crate::load::source::CanonSource;
use crate::render;

/// Where the site is served: every 404 page's links start from here.
const SITE_ROOT: &str = "/";

/// How long open connections get to finish once Ctrl-C is pressed.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

pub struct ServeOptions {
    pub canon: PathBuf,
    pub theme: Option<PathBuf>,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    /// A rebuild still running after this long is abandoned; `None`: no limit.
    pub build_timeout: Option<Duration>,
    /// The previous release, as `build --previous`: every rebuild compares with it, so the
    /// changes page and the "Changed in" notes follow each save.
    pub previous: Option<CanonSource>,
    /// Preview without pay, as `build --without-pay`.
    pub without_pay: bool,
}

/// Runs until Ctrl-C or SIGTERM. Errors are those that stop it from starting (a missing canon or
/// theme folder, a port in use); a canon with errors only shows them, on the console and on
/// every page.
pub fn run(options: ServeOptions) -> anyhow::Result<()> {
    load::ensure_folder(&options.canon)?;
    if let Some(theme) = &options.theme {
        render::ensure_theme_folder(theme)?;
    }
    let wanted = SocketAddr::new(options.bind, options.port);
    if !options.bind.is_loopback() {
        say!(
            "warning: listening on {} makes the preview reachable from other machines; \
             the default --bind 127.0.0.1 keeps it on this one",
            options.bind
        );
    }
    let listener =
        TcpListener::bind(wanted).with_context(|| format!("cannot listen on {wanted}"))?;
    listener.set_nonblocking(true)?;

    let temp = temp_folder()?;
    let temp_shown = temp.path().display().to_string();
    let site = std::fs::canonicalize(temp.path())
        .with_context(|| format!("cannot resolve `{temp_shown}`"))?
        .join("site");
    say!("building into {}", site.display());

    let (status, status_seen) = tokio::sync::watch::channel(live::Status::initial());
    let builder = Arc::new(watch::Builder {
        options: BuildOptions {
            previous: options.previous.clone(),
            without_pay: options.without_pay,
            canon: options.canon.clone(),
            theme: options.theme.clone(),
            out: site.clone(),
            time_limit: options.build_timeout,
            not_found_root: Some(SITE_ROOT.to_string()),
        },
        stop: Arc::new(AtomicBool::new(false)),
        status,
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the HTTP server's runtime")?;
    // Signals are caught from here on, so that even the first build can be interrupted cleanly.
    let (shutdown, shutdown_seen) = tokio::sync::watch::channel(false);
    let signals = {
        let _context = runtime.enter();
        stop_signal()?
    };
    let stop = Arc::clone(&builder.stop);
    runtime.spawn(async move {
        signals.await;
        say!("stopping");
        stop.store(true, Ordering::Relaxed);
        let _ = shutdown.send(true);
    });

    let served = match builder.build("") {
        Err(error) if error.exit_code() != EXIT_CANON_ERRORS => {
            if builder.stop.load(Ordering::Relaxed) {
                Ok(())
            } else {
                // The canon or output folder is unusable: nothing to wait for.
                Err(error.into())
            }
        }
        _ => watch_and_serve(
            &runtime,
            &builder,
            &options,
            listener,
            site,
            status_seen,
            shutdown_seen,
        ),
    };

    drop(runtime);
    temp.close()
        .with_context(|| format!("cannot remove the temporary folder `{temp_shown}`"))?;
    say!("stopped; removed {temp_shown}");
    served
}

/// Serves until the shutdown signal, rebuilding on every change meanwhile.
fn watch_and_serve(
    runtime: &tokio::runtime::Runtime,
    builder: &Arc<watch::Builder>,
    options: &ServeOptions,
    listener: TcpListener,
    site: PathBuf,
    status: tokio::sync::watch::Receiver<live::Status>,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let mut roots = vec![root(&options.canon)?];
    if let Some(theme) = &options.theme {
        roots.push(root(theme)?);
    }
    let watching = watch::start(Arc::clone(builder), roots)?;
    let served = runtime.block_on(serve(listener, site, status, shutdown, options.open));
    builder.stop.store(true, Ordering::Relaxed);
    watching.stop();
    served
}

/// The folder the site is built into: in `$TMPDIR` when it is set, else in RAM-backed
/// `/dev/shm` where there is one (a rebuild there takes a third of the time it takes on this
/// project's virtual disk), else in the system's temporary folder.
fn temp_folder() -> anyhow::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("jobframe-serve-");
    let shm = Path::new("/dev/shm");
    if std::env::var_os("TMPDIR").is_none()
        && shm.is_dir()
        && let Ok(temp) = builder.tempdir_in(shm)
    {
        return Ok(temp);
    }
    builder
        .tempdir()
        .context("cannot create a temporary folder for the site")
}

fn root(shown: &Path) -> anyhow::Result<watch::Root> {
    let real = std::fs::canonicalize(shown)
        .with_context(|| format!("cannot resolve `{}`", shown.display()))?;
    Ok(watch::Root {
        real,
        shown: shown.to_path_buf(),
    })
}

async fn serve(
    listener: TcpListener,
    site: PathBuf,
    status: tokio::sync::watch::Receiver<live::Status>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    open: bool,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let url = format!("http://{}/", listener.local_addr()?);
    let app = Arc::new(http::App::new(site, status, shutdown.clone()));
    let mut stopping = shutdown.clone();
    let server = axum::serve(listener, http::router(app)).with_graceful_shutdown(async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    });
    let server = tokio::spawn(server.into_future());

    say!("serving {url} (Ctrl-C to stop)");
    if open && let Err(error) = open::that_detached(&url) {
        say!("warning: cannot open a browser ({error}); browse {url}");
    }
    let mut stopping = shutdown;
    let _ = stopping.wait_for(|stop| *stop).await;
    match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        Ok(Ok(result)) => result.context("the HTTP server failed"),
        Ok(Err(panic)) => Err(anyhow::anyhow!("the HTTP server stopped: {panic}")),
        Err(_) => {
            say!("warning: connections still open after {SHUTDOWN_GRACE:?}; closing them");
            Ok(())
        }
    }
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when this is called.
#[cfg(unix)]
fn stop_signal() -> anyhow::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot catch Ctrl-C")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot catch SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> anyhow::Result<impl Future<Output = ()>> {
    Ok(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}
