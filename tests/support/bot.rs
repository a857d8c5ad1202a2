//! The bot running against the loopback Discord-compatible server, for the end-to-end tests.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use normbot::config::Config;
use normbot::live::LiveKnowledge;
use normbot::matcher::Matcher;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::discord_server::{self as server, FakeDiscord, TOKEN};

/// Every log line of this test binary (normbot's and serenity's, at debug level), so that tests
/// can check what was logged and every bot checks, when it stops, that its token never was.
static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

#[derive(Clone)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_logs() {
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Capture(buffer.clone());
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug,hyper=info,h2=info,rustls=info,tungstenite=info,tokio_tungstenite=info")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init();
        buffer
    });
}

/// The log so far (of every test of this binary).
pub fn logs() -> String {
    LOGS.get().map(|b| String::from_utf8_lossy(&b.lock().unwrap()).into_owned()).unwrap_or_default()
}

/// Panics if the fake token, or any of its three parts, is anywhere in `text`.
pub fn assert_no_token(text: &str, what: &str) {
    for secret in std::iter::once(TOKEN).chain(TOKEN.split('.').filter(|p| p.len() > 8)) {
        assert!(!text.contains(secret), "the token (or part of it) is in the {what}");
    }
}

pub struct Bot {
    pub server: FakeDiscord,
    pub state: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), normbot::discord::DiscordError>>,
    pub matcher: Arc<Matcher>,
}

pub fn shipped() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

impl Bot {
    pub async fn start(configure: impl FnOnce(&mut Config)) -> Bot {
        Bot::start_with(&shipped(), configure).await
    }

    pub async fn start_with(knowledge: &Path, configure: impl FnOnce(&mut Config)) -> Bot {
        capture_logs();
        let server = FakeDiscord::start().await;
        let mut config = Config::default();
        config.discord.guild_ids = vec![server::GUILD_ID.parse().unwrap()];
        config.discord.cooldown_seconds = 0.0;
        config.discord.watch_knowledge = false;
        let state = tempfile::tempdir().unwrap();
        config.state.database = state.path().join("state.sqlite");
        config.state.backups = state.path().join("backups");
        configure(&mut config);
        let record = normbot::knowledge::removals::record_path(&config.state.backups, knowledge);
        let (live, _) = LiveKnowledge::load(knowledge, config.matcher)
            .unwrap()
            .guarding_removals(config.max_removed_share, Some(record));
        let live = Arc::new(live);
        let matcher = live.current();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(normbot::discord::run(config, live, TOKEN, Some(server.base()), async {
            let _ = stopped.await;
        }));
        server.wait_connected().await;
        Bot { server, state, stop: Some(stop), task, matcher }
    }

    pub async fn ask(&self, id: u64, user: u64, question: &str) -> Value {
        let options = json!([{"name": "question", "type": 3, "value": question}]);
        self.server.interact(server::command(id, user, "ask", options)).await
    }

    pub async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        let result = tokio::time::timeout(Duration::from_secs(10), self.task).await;
        assert!(matches!(result, Ok(Ok(Ok(())))), "the bot did not shut down cleanly: {result:?}");
        assert_no_token(&logs(), "log");
    }
}

pub fn embed(callback: &Value) -> &Value {
    &callback["data"]["embeds"][0]
}

pub fn assert_no_mentions(callback: &Value) {
    assert_eq!(callback["data"]["allowed_mentions"], json!({"parse": [], "roles": [], "users": []}), "{callback:#}");
}

/// The interaction as a moderator (Manage Server) sends it.
pub fn moderator(mut interaction: Value) -> Value {
    interaction["member"]["permissions"] = json!("32");
    interaction
}

/// The real `normbot run` binary as an operator runs it (`DISCORD_TOKEN=… NORMBOT_DISCORD_API_BASE=…
/// normbot run --config … --knowledge …`), against the loopback server, its output kept in files.
pub struct Binary {
    pub child: std::process::Child,
    pub dir: tempfile::TempDir,
}

impl Binary {
    /// Starts the binary with a config of `[discord]` lines (after the test server's guild) and
    /// top-level lines (before it), and waits until it has registered its commands.
    pub async fn start(server: &FakeDiscord, top: &str, discord: &str, knowledge: &Path, rust_log: &str) -> Binary {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("normbot.toml");
        std::fs::write(
            &config,
            format!(
                "{top}\n[discord]\nguild_ids = [{}]\n{discord}\n[state]\ndatabase = {:?}\nbackups = {:?}\n",
                server::GUILD_ID,
                dir.path().join("state.sqlite"),
                dir.path().join("backups")
            ),
        )
        .unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_normbot"))
            .args(["run", "--config"])
            .arg(&config)
            .arg("--knowledge")
            .arg(knowledge)
            .env("DISCORD_TOKEN", TOKEN)
            .env("NORMBOT_DISCORD_API_BASE", server.base())
            .env("RUST_LOG", rust_log)
            .stdout(std::fs::File::create(dir.path().join("stdout.log")).unwrap())
            .stderr(std::fs::File::create(dir.path().join("stderr.log")).unwrap())
            .spawn()
            .unwrap();
        server.wait_connected().await;
        server.wait_call(0, |c| c.method == "PUT" && c.path.ends_with("/commands")).await;
        Binary { child, dir }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits (at most 15 s) for a clean stop; returns its stdout and stderr.
    pub async fn stop(mut self) -> (String, String) {
        std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(std::time::Instant::now() < deadline, "normbot run did not stop on SIGTERM");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(status.success(), "{status}");
        let read = |name: &str| std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
        (read("stdout.log"), read("stderr.log"))
    }
}
