//! A running `jobframe serve` for the tests (`tests/serve.rs` and the browser tests): started
//! on a free port, its stderr collected, requests sent over raw sockets (so paths go out byte
//! for byte), stopped with SIGINT when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the machine may be busy with other test binaries.
pub const STARTUP: Duration = Duration::from_secs(10);

/// A running `jobframe serve`; killed when dropped, so a failing test leaves no process.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// The temporary folder it builds into (the printed `building into …/site`'s parent).
    pub temp: PathBuf,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(canon: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jobframe"))
            .args(["serve", "--port", "0", "--canon"])
            .arg(canon)
            .args(extra)
            .env_remove("RAYON_NUM_THREADS")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("jobframe starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("piped stderr");
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            temp: PathBuf::new(),
            log,
        };
        let serving = server.wait_for_line("serving http://", STARTUP);
        server.address = serving
            .trim_start_matches("serving http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let building = server.wait_for_line("building into ", Duration::ZERO);
        server.temp = PathBuf::from(building.trim_start_matches("building into "))
            .parent()
            .unwrap()
            .to_path_buf();
        server
    }

    pub fn site(&self) -> PathBuf {
        self.temp.join("site")
    }

    pub fn stderr(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The first stderr line starting with `prefix`, waiting up to `limit` for it.
    pub fn wait_for_line(&mut self, prefix: &str, limit: Duration) -> String {
        let until = Instant::now() + limit;
        loop {
            if let Some(line) = self
                .log
                .lock()
                .unwrap()
                .iter()
                .find(|line| line.starts_with(prefix))
            {
                return line.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("jobframe serve exited ({status}):\n{}", self.stderr());
            }
            assert!(
                Instant::now() < until,
                "no `{prefix}` line within {limit:?}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits up to five seconds for stderr to contain `text`, and returns all of stderr. The
    /// server prints a build's summary after it swaps the site in and publishes its status, and
    /// stderr is read on another thread, so a test that has seen either must still wait for it.
    pub fn stderr_once_it_contains(&self, text: &str) -> String {
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            let log = self.stderr();
            if log.contains(text) {
                return log;
            }
            assert!(
                Instant::now() < until,
                "no `{text}` on stderr within 5 s:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// GET `path` exactly as written (no normalisation, no encoding).
    pub fn get(&self, path: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.address).expect("server accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("a whole response");
        Reply::parse(&String::from_utf8_lossy(&raw))
    }

    /// Polls `path` until `done` holds for its reply; returns the reply and how long it took.
    pub fn poll(
        &self,
        path: &str,
        limit: Duration,
        done: impl Fn(&Reply) -> bool,
    ) -> (Reply, Duration) {
        let started = Instant::now();
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return (reply, started.elapsed());
            }
            assert!(
                started.elapsed() < limit,
                "{path} did not change within {limit:?}; last reply:\n{}\nstderr:\n{}",
                reply.body,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The status once its `ok` is `ok`: a build swaps the new site in a moment before it
    /// publishes its status, so a page can show an edit while the status still lags.
    pub fn status_when_ok_is(&self, ok: bool) -> serde_json::Value {
        let wanted = format!("\"ok\":{ok}");
        let (reply, _) = self.poll("/__jobframe/status", Duration::from_secs(5), |reply| {
            reply.body.contains(&wanted)
        });
        serde_json::from_str(&reply.body).expect("status is JSON")
    }

    pub fn status(&self) -> serde_json::Value {
        let reply = self.get("/__jobframe/status");
        assert_eq!(reply.status, 200);
        serde_json::from_str(&reply.body).expect("status is JSON")
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the process to end.
    pub fn interrupt(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let until = Instant::now() + STARTUP;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "still running after SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    /// Stops the server as Ctrl-C would, so that it removes its temporary folder; kills it if
    /// it does not stop, and then removes the folder itself.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status();
            let until = Instant::now() + Duration::from_secs(5);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if self
            .temp
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with("jobframe-serve-"))
        {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn parse(raw: &str) -> Reply {
        let (head, body) = raw.split_once("\r\n\r\n").expect("headers end");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, value)| value.as_str())
    }
}
