//! Serve mode's HTTP edge: the routes, the request-path guard, script injection into HTML,
//! the status JSON and the server-sent event stream.

use std::convert::Infallible;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Json, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::watch;
use tower_http::services::ServeDir;

use super::live::{self, Status};

/// HTML responses larger than this are passed through without the script (no page is near it).
const INJECT_LIMIT: usize = 64 << 20;

/// What every request handler shares.
pub struct App {
    /// The served folder, canonical (symlinks resolved), so escapes can be detected.
    site: PathBuf,
    files: ServeDir,
    status: watch::Receiver<Status>,
    /// Becomes true on Ctrl-C: open event streams end so the server can shut down.
    shutdown: watch::Receiver<bool>,
}

impl App {
    pub fn new(
        site: PathBuf,
        status: watch::Receiver<Status>,
        shutdown: watch::Receiver<bool>,
    ) -> App {
        let files = ServeDir::new(&site)
            .append_index_html_on_directories(true)
            .redirect_to_trailing_slash(true);
        App {
            site,
            files,
            status,
            shutdown,
        }
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(live::SCRIPT_PATH, get(script))
        .route(live::STATUS_PATH, get(status))
        .route(live::EVENTS_PATH, get(events))
        .fallback(site)
        .layer(axum::middleware::map_response(no_store))
        .layer(axum::middleware::map_response(utf8_text))
        .with_state(app)
}

/// Plain text and CSV (`goals.txt`, `robots.txt`, the CSV downloads) are UTF-8: say so, or
/// browsers showing them guess another encoding and garble dashes and the `⟨target⟩` marks.
async fn utf8_text(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let with_charset = match headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes) {
        Some(b"text/plain") => "text/plain; charset=utf-8",
        Some(b"text/csv") => "text/csv; charset=utf-8",
        _ => return response,
    };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(with_charset));
    response
}

/// Every response, so that a reload always shows the latest build.
async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        live::LIVE_JS,
    )
}

async fn status(State(app): State<Arc<App>>) -> Json<Status> {
    Json(app.status.borrow().clone())
}

/// One `status` event now, then one after every build, until the server shuts down.
async fn events(State(app): State<Arc<App>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let start = (app.status.clone(), app.shutdown.clone(), true);
    let stream =
        futures_util::stream::unfold(start, |(mut status, mut shutdown, first)| async move {
            if !first {
                tokio::select! {
                    changed = status.changed() => changed.ok()?,
                    _ = shutdown.wait_for(|stop| *stop) => return None,
                }
            }
            let data = serde_json::to_string(&*status.borrow_and_update()).ok()?;
            let event = Event::default().event("status").data(data);
            Some((Ok(event), (status, shutdown, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The site's files, behind the path guard; HTML gets the live-reload script.
async fn site(State(app): State<Arc<App>>, request: Request) -> Response {
    // The error page is made while the status is borrowed; the borrow ends before any await.
    let (generation, error_page) = {
        let status = app.status.borrow();
        let error_page = (!status.has_site).then(|| live::error_page(&status));
        (status.generation, error_page)
    };
    let head = request.method() == Method::HEAD;
    let response = match error_page {
        None => serve_file(&app, request).await,
        Some(page) => (StatusCode::INTERNAL_SERVER_ERROR, Html(page)).into_response(),
    };
    if head {
        response
    } else {
        with_script(response, generation).await
    }
}

async fn serve_file(app: &App, mut request: Request) -> Response {
    match guard(&app.site, request.uri().path()).await {
        Verdict::Serve => {}
        Verdict::BadRequest => {
            return (StatusCode::BAD_REQUEST, "bad request path\n").into_response();
        }
        Verdict::NotFound => return not_found(&app.site).await,
    }
    // Whole, fresh files only: a range or a 304 would defeat the injection and the reload.
    for name in [
        header::RANGE,
        header::IF_RANGE,
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
    ] {
        request.headers_mut().remove(name);
    }
    match app.files.clone().try_call(request).await {
        Ok(response) if response.status() == StatusCode::NOT_FOUND => not_found(&app.site).await,
        Ok(response) => response.map(Body::new),
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::PermissionDenied
            ) =>
        {
            not_found(&app.site).await
        }
        Err(error) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read the file: {error}\n"),
        )
            .into_response(),
    }
}

/// The site's own `404.html` with status 404.
async fn not_found(site: &Path) -> Response {
    match tokio::fs::read(site.join(crate::canon::urls::NOT_FOUND_FILE)).await {
        Ok(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// Inserts the live-reload script into an HTML response; other responses pass unchanged.
async fn with_script(response: Response, generation: u64) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, INJECT_LIMIT).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page\n").into_response();
    };
    let body = match std::str::from_utf8(&bytes) {
        Ok(html) => Body::from(live::inject(html, generation)),
        Err(_) => Body::from(bytes),
    };
    for changed in [
        header::CONTENT_LENGTH,
        header::ETAG,
        header::LAST_MODIFIED,
        header::ACCEPT_RANGES,
    ] {
        parts.headers.remove(changed);
    }
    Response::from_parts(parts, body)
}

/// What to do with a request path.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Serve,
    /// Not valid UTF-8 once decoded, or a `..`, backslash or NUL: an attempt to leave the site.
    BadRequest,
    /// A hidden file (such as the `.jobframe-site` marker), or a symlink leading out of the site.
    NotFound,
}

/// Checks a request path: first its text, then that what it names resolves inside `site`.
async fn guard(site: &Path, raw: &str) -> Verdict {
    let segments = match segments(raw) {
        Ok(segments) => segments,
        Err(verdict) => return verdict,
    };
    let path = segments
        .iter()
        .fold(site.to_path_buf(), |path, s| path.join(s));
    let mut candidates = vec![path.clone()];
    if tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_dir()) {
        candidates.push(path.join("index.html"));
    }
    for candidate in candidates {
        if let Ok(real) = tokio::fs::canonicalize(&candidate).await
            && !real.starts_with(site)
        {
            return Verdict::NotFound;
        }
    }
    Verdict::Serve
}

/// The percent-decoded, non-empty segments of a request path, or why it is refused.
fn segments(raw: &str) -> Result<Vec<String>, Verdict> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| Verdict::BadRequest)?;
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if segment == ".." || segment.contains(['\\', '\0']) {
            return Err(Verdict::BadRequest);
        }
        if segment.starts_with('.') {
            return Err(Verdict::NotFound);
        }
        segments.push(segment.to_string());
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_split_and_decoded() {
        assert_eq!(segments("/"), Ok(vec![]));
        assert_eq!(
            segments("/sales/a%20b/index.html"),
            Ok(vec!["sales".into(), "a b".into(), "index.html".into()])
        );
        assert_eq!(segments("//a/./b/"), Ok(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn traversal_in_any_encoding_is_a_bad_request() {
        for raw in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/%2E%2E%5Cetc",
            "/a%00b",
            "/%ff",
        ] {
            assert_eq!(segments(raw), Err(Verdict::BadRequest), "{raw}");
        }
    }

    #[test]
    fn hidden_files_are_not_found() {
        assert_eq!(segments("/.jobframe-site"), Err(Verdict::NotFound));
        assert_eq!(segments("/a/%2egit/config"), Err(Verdict::NotFound));
    }
}
