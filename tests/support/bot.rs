//! The bot running against the loopback Discord-compatible server, for the end-to-end tests.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use normbot::config::Config;
use normbot::live::LiveKnowledge;
use normbot::matcher::Matcher;
use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::discord_server::{self as server, FakeDiscord, TOKEN};

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
        let server = FakeDiscord::start().await;
        let mut config = Config::default();
        config.discord.guild_ids = vec![server::GUILD_ID.parse().unwrap()];
        config.discord.cooldown_seconds = 0.0;
        config.discord.watch_knowledge = false;
        let state = tempfile::tempdir().unwrap();
        config.state.database = state.path().join("state.sqlite");
        config.state.backups = state.path().join("backups");
        configure(&mut config);
        let live = Arc::new(LiveKnowledge::load(knowledge, config.matcher).unwrap());
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
