//! `jobframe serve` end to end: the binary serves a fixture canon on a free port; the tests fetch
//! over plain HTTP (raw sockets, so request paths go out byte for byte), edit and break the
//! canon, try to escape the served folder, and stop the server with SIGINT.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::server::Server;
use common::{GOOD_LEVELS, ROLE_FILE, minimal_canon, write_role};

/// What the issue promises for an edit to show up.
const REBUILD_VISIBLE: Duration = Duration::from_secs(2);

/// A fixture canon in a temp folder: (the temp folder, its `canon/`).
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let canon = temp.path().join("canon");
    minimal_canon(&canon, GOOD_LEVELS);
    (temp, canon)
}

const PROFILE: &str = "/ops/planning/p4/";
const SCRIPT_TAG: &str = "<script src=\"/__jobframe/live.js?g=";

#[test]
fn serves_pages_with_their_content_types_and_injects_the_script_only_when_serving() {
    let (_temp, canon) = fixture();
    let server = Server::start(&canon, &[]);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );

    let page = server.get(PROFILE);
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("text/html"));
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(page.body.contains("Runs the plan"));
    assert!(
        page.body
            .contains(&format!("{SCRIPT_TAG}1\" defer></script></body>"))
    );
    let on_disk =
        std::fs::read_to_string(server.site().join("ops/planning/p4/index.html")).unwrap();
    assert!(on_disk.contains("Runs the plan"));
    assert!(
        !on_disk.contains("__jobframe"),
        "built files stay untouched"
    );

    let css = page
        .body
        .split('"')
        .find(|part| part.ends_with(".css"))
        .expect("a stylesheet link")
        .trim_start_matches("../")
        .to_string();
    let style = server.get(&format!("/{css}"));
    assert_eq!(
        (style.status, style.header("content-type")),
        (200, "text/css")
    );
    assert!(!style.body.contains("__jobframe"));

    let manifest = std::fs::read_dir(server.site().join("search"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("manifest-"))
        .unwrap();
    let json = server.get(&format!("/search/{manifest}"));
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), "application/json");

    let script = server.get("/__jobframe/live.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.body.contains("EventSource(\"/__jobframe/events\")"));
    assert!(
        !script.body.contains("innerHTML"),
        "the overlay uses textContent only"
    );

    let robots = server.get("/robots.txt");
    assert_eq!(robots.status, 200);
    assert_eq!(robots.header("content-type"), "text/plain; charset=utf-8");
    let goals = server.get("/ops/planning/p4/goals/goals.txt");
    assert_eq!(
        (goals.status, goals.header("content-type")),
        (200, "text/plain; charset=utf-8")
    );
    assert!(goals.body.contains("⟨target⟩"), "{}", goals.body);
    let lines = server.get("/downloads/lines.csv");
    assert_eq!(
        (lines.status, lines.header("content-type")),
        (200, "text/csv; charset=utf-8")
    );

    assert_eq!(
        server.status(),
        serde_json::json!({"ok": true, "generation": 1, "diagnostics": []})
    );
}

#[test]
fn edits_show_within_two_seconds_and_a_broken_canon_keeps_the_last_good_site() {
    let (_temp, canon) = fixture();
    let server = Server::start(&canon, &[]);
    assert!(server.get(PROFILE).body.contains("Runs the plan"));

    write_role(
        &canon,
        &GOOD_LEVELS.replace("Runs the plan", "Runs the revised plan"),
    );
    let (page, took) = server.poll(PROFILE, REBUILD_VISIBLE, |reply| {
        reply.body.contains("Runs the revised plan")
    });
    assert_eq!(page.status, 200);
    assert!(page.body.contains(SCRIPT_TAG));
    eprintln!("the edit showed after {took:?}");

    // An unknown key: the build fails, the last good site stays up, the status says why.
    write_role(
        &canon,
        &GOOD_LEVELS.replace(
            "    jfm_responsibilities:\n      - Sets",
            "    sumary: x\n    jfm_responsibilities:\n      - Sets",
        ),
    );
    let (status, _) = server.poll("/__jobframe/status", REBUILD_VISIBLE, |reply| {
        reply.body.contains("\"ok\":false")
    });
    let status: serde_json::Value = serde_json::from_str(&status.body).unwrap();
    let diagnostics = status["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{status}");
    let line = diagnostics[0].as_str().unwrap();
    let expected = format!(
        "{}:9:5: error[JF0301]: levels.P5.sumary: unknown key `sumary`",
        canon.join(ROLE_FILE).display()
    );
    assert!(line.starts_with(&expected), "{line}\nwanted {expected}");
    let page = server.get(PROFILE);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Runs the revised plan"),
        "the old content is still served"
    );
    assert!(page.body.contains(SCRIPT_TAG), "so the overlay can show");
    let log = server.stderr_once_it_contains("serving the last good site");
    assert!(log.contains("build failed ("), "{log}");

    // A YAML syntax error reports its position too.
    std::fs::write(canon.join(ROLE_FILE), "code: PLAN\nname: [Planning\n").unwrap();
    let (status, _) = server.poll("/__jobframe/status", REBUILD_VISIBLE, |reply| {
        reply
            .body
            .contains(&format!("{}:", canon.join(ROLE_FILE).display()))
            && !reply.body.contains("sumary")
    });
    assert!(status.body.contains("\"ok\":false"), "{}", status.body);

    // Fixed: the site is rebuilt and the status recovers.
    write_role(
        &canon,
        &GOOD_LEVELS.replace("Runs the plan", "Runs the fixed plan"),
    );
    server.poll(PROFILE, REBUILD_VISIBLE, |reply| {
        reply.body.contains("Runs the fixed plan")
    });
    let status = server.status_when_ok_is(true);
    assert_eq!(status["diagnostics"], serde_json::json!([]));
}

#[test]
fn guide_pages_are_rebuilt_on_save_like_the_canon() {
    let (_temp, canon) = fixture();
    let server = Server::start(&canon, &[]);
    assert_eq!(server.get("/onboarding/").status, 404);

    // A new pages/ folder and page appear without a restart.
    std::fs::create_dir_all(canon.join("pages")).unwrap();
    let page = canon.join("pages/onboarding.md");
    std::fs::write(
        &page,
        "---\ntitle: Onboarding\n---\n\n## First week\n\nMeet the team.\n",
    )
    .unwrap();
    let (reply, took) = server.poll("/onboarding/", REBUILD_VISIBLE, |reply| {
        reply.body.contains("Meet the team.")
    });
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains(SCRIPT_TAG));
    eprintln!("the new page showed after {took:?}");

    // An edit shows; an unknown front-matter key is reported at its line, the page stays up.
    std::fs::write(
        &page,
        "---\ntitle: Onboarding\n---\n\nMeet the whole team.\n",
    )
    .unwrap();
    server.poll("/onboarding/", REBUILD_VISIBLE, |reply| {
        reply.body.contains("Meet the whole team.")
    });
    std::fs::write(&page, "---\ntitle: Onboarding\nnav_oder: 1\n---\n\nText.\n").unwrap();
    let (status, _) = server.poll("/__jobframe/status", REBUILD_VISIBLE, |reply| {
        reply.body.contains("\"ok\":false")
    });
    let wanted = format!("{}:3:1: error[JF0301]:", page.display());
    assert!(
        status.body.contains(&wanted),
        "{}\nwanted {wanted}",
        status.body
    );
    assert!(
        server
            .get("/onboarding/")
            .body
            .contains("Meet the whole team.")
    );
}

#[test]
fn the_event_stream_reports_the_status_at_once() {
    let (_temp, canon) = fixture();
    let server = Server::start(&canon, &[]);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /__jobframe/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut seen = String::new();
    let mut buffer = [0u8; 4096];
    while !seen.contains("\"generation\":1") {
        let read = stream.read(&mut buffer).expect("an event within 5 s");
        assert!(read > 0, "stream closed early: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(seen.contains("content-type: text/event-stream"), "{seen}");
    assert!(seen.contains("event: status\n"), "{seen}");
    assert!(seen.contains("data: {\"ok\":true,\"generation\":1,\"diagnostics\":[]}"));
}

#[test]
fn unknown_paths_get_the_sites_404_and_escapes_get_404_or_400() {
    let (temp, canon) = fixture();
    let server = Server::start(&canon, &[]);

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.header("content-type").starts_with("text/html"));
    assert!(missing.body.contains("Page not found"), "{}", missing.body);

    // No listing for a folder without index.html.
    let folder = server.get("/assets/");
    assert_eq!(folder.status, 404);
    assert_eq!(folder.body, missing.body, "the 404 page, not a listing");

    // A secret beside the served folder, and symlinks inside it that point at it.
    let secret = temp.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    std::os::unix::fs::symlink(&secret, server.site().join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(temp.path(), server.site().join("outside")).unwrap();

    for path in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/assets/..%5c..%5csecret.txt",
        "/leak.txt",
        "/outside/secret.txt",
        "/outside/",
        "/.jobframe-site",
        "/%2ejobframe-site",
    ] {
        let reply = server.get(path);
        assert!(
            reply.status == 404 || reply.status == 400,
            "{path}: {} {}",
            reply.status,
            reply.body
        );
        for leaked in [
            "TOP-SECRET",
            "root:",
            "[package]",
            "written by `jobframe build`",
        ] {
            assert!(!reply.body.contains(leaked), "{path} leaked {leaked}");
        }
    }
    // A symlink that stays inside the served folder still works.
    std::os::unix::fs::symlink(
        server.site().join("robots.txt"),
        server.site().join("robots-link.txt"),
    )
    .unwrap();
    assert_eq!(server.get("/robots-link.txt").status, 200);
}

/// A missing page two folders deep, where relative links on the 404 page would lead nowhere.
const DEEP_UNKNOWN: &str = "/engineering/no-such-role/";

#[test]
fn every_link_on_a_deep_404_leads_to_a_page_of_the_preview() {
    let server = Server::start(&common::repo().join("canon"), &[]);
    assert_every_link_resolves(&server, DEEP_UNKNOWN);
}

#[test]
fn the_404_links_stay_on_the_preview_when_the_canon_sets_a_base_url() {
    let (_temp, canon) = fixture();
    std::fs::write(canon.join("canon.yaml"), common::settings_with_base_url()).unwrap();
    let server = Server::start(&canon, &[]);
    let page = assert_every_link_resolves(&server, DEEP_UNKNOWN);
    assert!(!page.contains(common::BASE_URL), "{page}");
    assert!(!page.contains("rel=\"canonical\""), "{page}");
}

/// Requests `path`, which must get the 404 page, and asserts that every `href`, `src` and form
/// `action` on it, resolved against the requested URL, is a 200 from this server (`#fragment`
/// links aside). Returns the page.
fn assert_every_link_resolves(server: &Server, path: &str) -> String {
    let requested = url::Url::parse(&format!("http://{}{path}", server.address)).unwrap();
    let page = server.get(path);
    assert_eq!(page.status, 404, "{}", page.body);
    let links = common::link_targets(&page.body);
    let mut assets = 0;
    for link in links.iter().filter(|link| !link.starts_with('#')) {
        let target = requested
            .join(link)
            .unwrap_or_else(|error| panic!("`{link}` is not a URL: {error}"));
        assert_eq!(
            target.origin(),
            requested.origin(),
            "`{link}` leaves the preview"
        );
        let target_path = &target[url::Position::BeforePath..url::Position::AfterQuery];
        let reply = server.get(target_path);
        assert_eq!(reply.status, 200, "`{link}` from {path} → {target_path}");
        assets += usize::from(target.path().starts_with("/assets/"));
    }
    assert!(
        assets >= 3,
        "the stylesheet, script and favicon are among {links:?}"
    );
    page.body
}

#[test]
fn a_canon_broken_at_startup_shows_its_errors_until_fixed() {
    let (_temp, canon) = fixture();
    std::fs::write(
        canon.join(ROLE_FILE),
        "code: PLAN\nname: Planning\ndescription: Plans.\nlevels:\n  P4:\n    bogus: <b>x</b>\n",
    )
    .unwrap();
    let server = Server::start(&canon, &[]);

    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.header("content-type").starts_with("text/html"));
    let role = canon.join(ROLE_FILE).display().to_string();
    assert!(
        page.body.contains(&format!("{role}:6:5: error[JF0301]:")),
        "{}",
        page.body
    );
    assert!(page.body.contains("bogus"), "{}", page.body);
    assert!(!page.body.contains("<b>x</b>"), "diagnostics are escaped");
    assert!(page.body.contains(SCRIPT_TAG));
    assert_eq!(server.status()["ok"], false);

    minimal_canon(&canon, GOOD_LEVELS);
    let (page, _) = server.poll(PROFILE, REBUILD_VISIBLE, |reply| reply.status == 200);
    assert!(page.body.contains("Runs the plan"));
    server.status_when_ok_is(true);
}

#[test]
fn theme_edits_rebuild_too_and_template_errors_show_like_canon_errors() {
    let (temp, canon) = fixture();
    let theme = temp.path().join("theme");
    common::copy_theme(&theme);
    let theme_arg = theme.to_str().unwrap().to_string();
    let server = Server::start(&canon, &["--theme", &theme_arg]);
    let template = theme.join("templates/404.html");
    let original = std::fs::read_to_string(&template).unwrap();

    std::fs::write(
        &template,
        original.replace("Page not found", "Nothing here"),
    )
    .unwrap();
    server.poll("/missing", REBUILD_VISIBLE, |reply| {
        reply.status == 404 && reply.body.contains("Nothing here")
    });

    std::fs::write(&template, original.replace("{% endblock main %}", "")).unwrap();
    let (status, _) = server.poll("/__jobframe/status", REBUILD_VISIBLE, |reply| {
        reply.body.contains("\"ok\":false")
    });
    assert!(status.body.contains("404.html"), "{}", status.body);
    assert!(
        server.get("/missing").body.contains("Nothing here"),
        "the last good site"
    );
}

#[test]
fn a_non_loopback_address_is_served_with_a_warning() {
    let (_temp, canon) = fixture();
    let mut server = Server::start(&canon, &["--bind", "0.0.0.0"]);
    assert!(server.address.starts_with("0.0.0.0:"), "{}", server.address);
    let warning = server.wait_for_line("warning: listening on 0.0.0.0", Duration::ZERO);
    assert!(warning.contains("--bind 127.0.0.1"), "{warning}");
    assert_eq!(server.interrupt().code(), Some(0));
}

#[test]
fn editor_temp_files_do_not_trigger_a_rebuild() {
    let (_temp, canon) = fixture();
    let server = Server::start(&canon, &[]);
    for noise in [
        ".planning.yaml.swp",
        "planning.yaml~",
        "4913",
        ".#planning.yaml",
        "x.tmp",
    ] {
        std::fs::write(canon.join("ops").join(noise), "junk: [").unwrap();
    }
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.status()["generation"], 1, "{}", server.stderr());
    // A real edit still does.
    write_role(
        &canon,
        &GOOD_LEVELS.replace("Runs the plan", "Runs the real plan"),
    );
    server.poll(PROFILE, REBUILD_VISIBLE, |reply| {
        reply.body.contains("Runs the real plan")
    });
    server.stderr_once_it_contains(&format!("({} changed)", canon.join(ROLE_FILE).display()));
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_the_temporary_folder() {
    let (_temp, canon) = fixture();
    let mut server = Server::start(&canon, &[]);
    assert!(server.site().join("index.html").is_file());
    // An open event stream must not hold the shutdown up.
    let mut events = TcpStream::connect(&server.address).unwrap();
    write!(events, "GET /__jobframe/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut first = [0u8; 64];
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    assert!(events.read(&mut first).unwrap() > 0);

    let started = Instant::now();
    let status = server.interrupt();
    assert_eq!(status.code(), Some(0), "{}", server.stderr());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(!server.temp.exists(), "{} is left", server.temp.display());
    server.stderr_once_it_contains(&format!("removed {}", server.temp.display()));
}

#[test]
fn a_port_in_use_or_a_missing_theme_exits_2() {
    let (temp, canon) = fixture();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let canon_arg = canon.to_str().unwrap();
    let output = common::jobframe(
        temp.path(),
        &["serve", "--canon", canon_arg, "--port", &port],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = common::stderr(&output);
    assert!(
        err.starts_with(&format!("error: cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );

    let output = common::jobframe(
        temp.path(),
        &[
            "serve",
            "--canon",
            canon_arg,
            "--port",
            "0",
            "--theme",
            "no-such-theme",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("theme folder `no-such-theme` not found"));

    let output = common::jobframe(temp.path(), &["serve", "--canon", "nowhere", "--port", "0"]);
    assert_eq!(output.status.code(), Some(2), "{}", common::stderr(&output));
    assert!(common::stderr(&output).contains("canon folder `nowhere` does not exist"));
}

/// Regression: rebuild messages went through `eprintln!`, which panics once stderr is closed
/// (a terminal gone, `jobframe serve 2>&1 | head`), killing the rebuild thread: the first edit
/// after the hang-up was never published.
#[test]
fn rebuilds_go_on_after_stderr_is_closed() {
    let (_temp, canon) = fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobframe"))
        .args(["serve", "--port", "0", "--canon"])
        .arg(&canon)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jobframe starts");
    let stderr = BufReader::new(child.stderr.take().expect("piped stderr"));
    let mut temp = PathBuf::new();
    let mut address = String::new();
    for line in stderr.lines().map_while(Result::ok) {
        if let Some(site) = line.strip_prefix("building into ") {
            temp = Path::new(site).parent().unwrap().to_path_buf();
        }
        if let Some(url) = line.strip_prefix("serving http://") {
            address = url.split('/').next().unwrap().to_string();
            break;
        }
    }
    // The read end of the pipe is closed here, when the line reader is dropped.
    assert!(!address.is_empty(), "serve printed no URL");
    let server = Server {
        child,
        address,
        temp,
        log: Arc::default(),
    };
    for text in ["Runs the revised plan", "Runs the final plan"] {
        write_role(&canon, &GOOD_LEVELS.replace("Runs the plan", text));
        server.poll(PROFILE, REBUILD_VISIBLE * 2, |reply| {
            reply.body.contains(text)
        });
    }
}

#[test]
fn a_rebuild_over_the_time_limit_is_abandoned_and_the_next_save_rebuilds() {
    let (temp, canon) = fixture();
    let server = Server::start(&canon, &["--build-timeout", "2"]);
    assert!(server.get(PROFILE).body.contains("Runs the plan"));

    // A family of 1,500 roles (some 6,000 pages: many seconds of work for the debug build),
    // moved into the canon in one step so that one rebuild sees all of it.
    let bulk = temp.path().join("bulk");
    let role = common::role_yaml(GOOD_LEVELS);
    std::fs::create_dir(&bulk).unwrap();
    std::fs::write(bulk.join("family.yaml"), "code: BULK\nname: Bulk\n").unwrap();
    for n in 0..1500 {
        let role = role.replacen("code: PLAN", &format!("code: R{n}"), 1);
        std::fs::write(bulk.join(format!("role-{n}.yaml")), role).unwrap();
    }
    std::fs::rename(&bulk, canon.join("bulk")).unwrap();

    let (status, _) = server.poll("/__jobframe/status", Duration::from_secs(60), |reply| {
        reply.body.contains("gave up after")
    });
    let status: serde_json::Value = serde_json::from_str(&status.body).unwrap();
    assert_eq!(status["ok"], false, "{status}");
    assert_eq!(
        status["diagnostics"],
        serde_json::json!([
            "gave up after 2 s, the time limit for a build (serve --build-timeout); nothing was written"
        ])
    );
    let page = server.get(PROFILE);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Runs the plan"),
        "the last good site stays up"
    );
    server.stderr_once_it_contains(
        "gave up after 2 s, the time limit for a build (serve --build-timeout); nothing was written; serving the last good site",
    );

    // The next save starts a fresh rebuild, which completes.
    std::fs::remove_dir_all(canon.join("bulk")).unwrap();
    write_role(
        &canon,
        &GOOD_LEVELS.replace("Runs the plan", "Runs the lean plan"),
    );
    server.poll(PROFILE, Duration::from_secs(20), |reply| {
        reply.body.contains("Runs the lean plan")
    });
    server.status_when_ok_is(true);
}

#[test]
fn serve_with_previous_shows_the_changes_page_and_follows_edits() {
    let (temp, canon) = fixture();
    let previous = temp.path().join("previous");
    minimal_canon(&previous, GOOD_LEVELS);
    let previous_arg = previous.to_string_lossy().into_owned();
    let server = Server::start(&canon, &["--previous", &previous_arg]);
    let unchanged = server.get("/changes/");
    assert_eq!(unchanged.status, 200);
    assert!(
        unchanged.body.contains("What changed in"),
        "{}",
        unchanged.body
    );
    assert!(!server.get(PROFILE).body.contains("changed-note"));

    write_role(
        &canon,
        &GOOD_LEVELS.replace("Runs the plan", "Runs the revised plan"),
    );
    let (page, _) = server.poll(PROFILE, REBUILD_VISIBLE, |reply| {
        reply.body.contains("Runs the revised plan")
    });
    assert!(
        page.body.contains("class=\"changed-note\""),
        "the note follows the edit"
    );
    let changes = server.get("/changes/");
    assert!(
        changes.body.contains("<ins>revised</ins>"),
        "{}",
        changes.body
    );
}
