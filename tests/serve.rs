//! `normbot serve` end to end: Discord's HTTP interactions endpoint on loopback, every request
//! signed with a real Ed25519 key pair, the bot's own REST calls (registration, quiz rounds) going
//! to the loopback Discord-compatible server. No network, no real token.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use normbot::config::Config;
use normbot::discord::DiscordError;
use normbot::live::LiveKnowledge;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::{Value, json};
use support::bot::{Bot, assert_no_token, logs, moderator, shipped};
use support::discord_server::{self as server, FakeDiscord, TOKEN};
use tokio::sync::oneshot;

/// One `serve` replica, its REST server and the key pair Discord would sign with.
struct Served {
    url: String,
    server: FakeDiscord,
    pair: Ed25519KeyPair,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), DiscordError>>,
    _state: tempfile::TempDir,
}

/// The tests that start bots run one at a time: two of them time what a moderator or a student
/// sees (an edit live on every replica within two seconds, a quiz round's window), and bots
/// started by the other tests at once on a two-core machine made them miss it (CI, session 9).
static TIMED: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn key_pair() -> Ed25519KeyPair {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap()
}

fn config(state: &Path) -> Config {
    let mut config = Config::default();
    config.discord.guild_ids = vec![server::GUILD_ID.parse().unwrap()];
    config.discord.cooldown_seconds = 0.0;
    config.discord.watch_knowledge = false;
    config.state.database = state.join("state.sqlite");
    config.state.backups = state.join("backups");
    config
}

fn live(config: &Config) -> Arc<LiveKnowledge> {
    Arc::new(LiveKnowledge::load(&config.knowledge, config.matcher).unwrap())
}

impl Served {
    async fn start(configure: impl FnOnce(&mut Config)) -> Served {
        let server = FakeDiscord::start().await;
        let state = tempfile::tempdir().unwrap();
        let mut config = config(state.path());
        config.knowledge = shipped();
        configure(&mut config);
        let pair = key_pair();
        let key = hex::encode(pair.public_key().as_ref()).parse().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let live = live(&config);
        let task =
            tokio::spawn(normbot::discord::serve(config, live, TOKEN, Some(server.base()), key, listener, async {
                let _ = stopped.await;
            }));
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let served = Served { url, server, pair, client, stop: Some(stop), task, _state: state };
        served.wait_healthy().await;
        served
    }

    async fn wait_healthy(&self) {
        for _ in 0..200 {
            if let Ok(response) = self.client.get(format!("{}/healthz", self.url)).send().await
                && response.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("serve did not become healthy");
    }

    fn now() -> String {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string()
    }

    /// POSTs `body` with the given headers (None: left out).
    async fn post_raw(&self, signature: Option<String>, timestamp: Option<String>, body: Vec<u8>) -> (u16, String) {
        let mut request = self.client.post(format!("{}/interactions", self.url)).body(body);
        if let Some(signature) = signature {
            request = request.header("X-Signature-Ed25519", signature);
        }
        if let Some(timestamp) = timestamp {
            request = request.header("X-Signature-Timestamp", timestamp);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    fn sign_with(pair: &Ed25519KeyPair, timestamp: &str, body: &[u8]) -> String {
        hex::encode(pair.sign(&[timestamp.as_bytes(), body].concat()).as_ref())
    }

    /// POSTs an interaction as Discord does, signed now; the status and the response's JSON.
    async fn post(&self, interaction: &Value) -> (u16, Value) {
        let body = serde_json::to_vec(interaction).unwrap();
        let timestamp = Served::now();
        let signature = Served::sign_with(&self.pair, &timestamp, &body);
        let (status, text) = self.post_raw(Some(signature), Some(timestamp), body).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let response = self.client.get(format!("{}{path}", self.url)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Stops serving; the Discord server stays up, to see what the bot posts afterwards.
    async fn stop(mut self) -> FakeDiscord {
        let _ = self.stop.take().unwrap().send(());
        let result = tokio::time::timeout(Duration::from_secs(10), self.task).await;
        assert!(matches!(result, Ok(Ok(Ok(())))), "serve did not shut down cleanly: {result:?}");
        assert_no_token(&logs(), "log");
        self.server
    }
}

fn ask(id: u64, question: &str) -> Value {
    server::command(id, 7, "ask", json!([{"name": "question", "type": 3, "value": question}]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_gets_a_pong_and_the_commands_are_registered_at_start() {
    let _timed = TIMED.lock().await;
    let served = Served::start(|_| {}).await;
    assert_eq!(served.post(&server::ping(1)).await, (200, json!({"type": 1})));
    let path = format!("/api/v10/applications/{}/guilds/{}/commands", server::APP_ID, server::GUILD_ID);
    let call = served.server.wait_call(0, |c| c.method == "PUT" && c.path == path).await;
    let names: Vec<&str> = call.body.as_array().unwrap().iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.contains(&"ask") && names.contains(&"quiz"), "{names:?}");
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_forgery_is_refused_with_401_and_answers_nothing() {
    let _timed = TIMED.lock().await;
    let served = Served::start(|_| {}).await;
    let body = serde_json::to_vec(&ask(2, "what is the public core norm?")).unwrap();
    let now = Served::now();
    let good = Served::sign_with(&served.pair, &now, &body);
    let mut tampered = body.clone();
    let at = tampered.len() - 10;
    tampered[at] ^= 1;
    let stale = (now.parse::<i64>().unwrap() - 600).to_string();
    let cases = [
        ("tampered body", Some(good.clone()), Some(now.clone()), tampered),
        ("wrong key", Some(Served::sign_with(&key_pair(), &now, &body)), Some(now.clone()), body.clone()),
        ("stale timestamp", Some(Served::sign_with(&served.pair, &stale, &body)), Some(stale), body.clone()),
        ("other timestamp than signed", Some(good.clone()), Some(stale_or_future(&now)), body.clone()),
        ("no signature", None, Some(now.clone()), body.clone()),
        ("no timestamp", Some(good.clone()), None, body.clone()),
        ("malformed signature", Some("not hex".into()), Some(now.clone()), body.clone()),
    ];
    for (what, signature, timestamp, body) in cases {
        let (status, text) = served.post_raw(signature, timestamp, body).await;
        assert_eq!(status, 401, "{what}: {text}");
    }
    // The genuine request still passes.
    let (status, response) = served.post(&ask(2, "what is the public core norm?")).await;
    assert_eq!(status, 200, "{response}");
    served.stop().await;
}

fn stale_or_future(now: &str) -> String {
    (now.parse::<i64>().unwrap() + 1).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_over_http_is_the_gateway_modes_answer_in_the_response_body() {
    let _timed = TIMED.lock().await;
    let served = Served::start(|_| {}).await;
    let gateway = Bot::start(|_| {}).await;
    for (id, question) in
        [(10, "what is the public core norm?"), (11, "什么是网络主权"), (12, "who won the 2018 world cup")]
    {
        let (status, over_http) = served.post(&ask(id, question)).await;
        assert_eq!(status, 200);
        let over_gateway = gateway.ask(id, 7, question).await;
        assert_eq!(over_http, over_gateway, "{question}");
    }
    // The answer went back in the body: no callback was POSTed to Discord.
    assert!(!served.server.calls().iter().any(|c| c.path.ends_with("/callback")));
    let answered = &served.post(&ask(13, "what is the public core norm?")).await.1;
    assert_eq!(answered["type"], 4);
    assert!(answered["data"]["embeds"][0]["title"].as_str().unwrap().contains("Public Core"), "{answered:#}");
    assert_eq!(answered["data"]["allowed_mentions"], json!({"parse": [], "roles": [], "users": []}));
    gateway.stop().await;
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_buttons_and_moderator_commands_work_over_http() {
    let _timed = TIMED.lock().await;
    let served = Served::start(|_| {}).await;
    let (status, suggestions) = served.post(&server::autocomplete(20, 7, "norm", "name", 3, "public co")).await;
    assert_eq!((status, suggestions["type"].clone()), (200, json!(8)), "{suggestions}");
    assert!(!suggestions["data"]["choices"].as_array().unwrap().is_empty());
    let (_, topics) = served.post(&server::command(21, 7, "topics", json!([]))).await;
    assert_eq!(topics["type"], 4, "{topics}");
    // A vote button under an answer: recorded through the state database, thanked in the body.
    let (_, answer) = served.post(&ask(24, "what is the public core norm?")).await;
    let vote = answer["data"]["components"][0]["components"][0]["custom_id"].as_str().unwrap().to_owned();
    let (_, thanks) = served.post(&server::component(25, 8, &vote, &[])).await;
    assert!(thanks["data"]["content"].as_str().unwrap().contains("vote is counted"), "{thanks}");
    let (_, denied) = served.post(&server::command(22, 7, "stats", json!([]))).await;
    assert!(denied["data"]["content"].as_str().unwrap_or_default().contains("moderator"), "{denied}");
    let (_, stats) = served.post(&moderator(server::command(23, 7, "stats", json!([])))).await;
    assert_eq!(stats["type"], 4, "{stats}");
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_started_over_http_posts_its_rounds_through_rest() {
    let _timed = TIMED.lock().await;
    let served = Served::start(|c| c.discord.quiz_seconds = 1).await;
    let options = json!([{"name": "rounds", "type": 4, "value": 1}]);
    let (status, first) = served.post(&server::command(30, 7, "quiz", options)).await;
    assert_eq!(status, 200);
    assert_eq!(first["type"], 4, "{first}");
    let messages = format!("/api/v10/channels/{}/messages", server::CHANNEL_ID);
    let reveal = served.server.wait_call(0, |c| c.method == "POST" && c.path == messages).await;
    assert!(reveal.body.to_string().contains("nswer"), "{}", reveal.body);
    served.stop().await;
}

/// A quiz outlives a restart of the bot: its round, kept in the SQLite state file, is revealed by
/// the next process on that file, and the process that stopped posts nothing more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_outlives_a_restart_of_the_bot() {
    let _timed = TIMED.lock().await;
    let state = tempfile::tempdir().unwrap();
    let database = state.path().join("kept.sqlite");
    let on_file = |c: &mut Config| {
        c.discord.quiz_seconds = 2;
        c.state.database = database.clone();
    };
    let before = Served::start(on_file).await;
    let options = json!([{"name": "rounds", "type": 4, "value": 2}]);
    let (_, first) = before.post(&server::command(60, 7, "quiz", options)).await;
    assert!(first["data"]["embeds"][0]["title"].as_str().unwrap().contains("Question 1 of 2"), "{first}");
    let old = before.stop().await;
    let after = Served::start(on_file).await;
    let messages = format!("/api/v10/channels/{}/messages", server::CHANNEL_ID);
    let reveal = after.server.wait_call(0, |c| c.method == "POST" && c.path == messages).await;
    assert!(reveal.body["embeds"][0]["title"].as_str().unwrap().starts_with("Answer 1 of 2"), "{}", reveal.body);
    let busy = after.post(&server::command(61, 8, "quiz", json!([]))).await.1;
    assert!(busy["data"]["content"].as_str().unwrap().contains("already running"), "round 2 is on: {busy}");
    assert!(old.created().is_empty(), "the stopped process revealed nothing");
    after.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_metrics_report_what_an_operator_watches() {
    let _timed = TIMED.lock().await;
    let served = Served::start(|_| {}).await;
    assert_eq!(served.get("/healthz").await, (200, "ok\n".into()));
    served.post(&ask(40, "what is the public core norm?")).await;
    served.post(&ask(41, "who won the 2018 world cup")).await;
    let (status, metrics) = served.get("/metrics").await;
    assert_eq!(status, 200);
    for expected in [
        "normbot_questions_total{outcome=\"answered\"}",
        "normbot_questions_total{outcome=\"no_match\"}",
        "normbot_answer_seconds_bucket{kind=\"command\"",
        "normbot_errors_total{kind=\"signature\"}",
    ] {
        if expected.contains("signature") {
            served.post_raw(None, None, b"{}".to_vec()).await;
            let (_, metrics) = served.get("/metrics").await;
            assert!(metrics.contains(expected), "{expected} not in:\n{metrics}");
        } else {
            assert!(metrics.contains(expected), "{expected} not in:\n{metrics}");
        }
    }
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_its_state_database_serve_still_answers_and_healthz_says_why_not_healthy() {
    let _timed = TIMED.lock().await;
    let server = FakeDiscord::start().await;
    let state = tempfile::tempdir().unwrap();
    let mut config = config(state.path());
    config.knowledge = shipped();
    // A directory where the database file should be: SQLite cannot open it.
    std::fs::create_dir_all(state.path().join("state.sqlite")).unwrap();
    let pair = key_pair();
    let key = hex::encode(pair.public_key().as_ref()).parse().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    config.state.database = state.path().join("state.sqlite");
    let live = live(&config);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(normbot::discord::serve(config, live, TOKEN, Some(server.base()), key, listener, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let served = Served { url, server, pair, client, stop: Some(stop), task, _state: state };
    let mut health = (0, String::new());
    for _ in 0..200 {
        if let Ok(response) = served.client.get(format!("{}/healthz", served.url)).send().await {
            health = (response.status().as_u16(), response.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(health.0, 503, "{health:?}");
    assert!(health.1.contains("state database"), "{health:?}");
    let (status, answer) = served.post(&ask(50, "what is the public core norm?")).await;
    assert_eq!((status, answer["type"].clone()), (200, json!(4)), "{answer}");
    served.stop().await;
}

/// The test PostgreSQL's URL with a new, empty schema as its search path, or None (with a message).
#[cfg(feature = "postgres")]
fn postgres_schema(test: &str) -> Option<String> {
    let Some(url) = std::env::var("NORMBOT_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) else {
        eprintln!("skipped {test}: set NORMBOT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run it");
        return None;
    };
    let schema = format!("normbot_test_{test}");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};")).unwrap();
    Some(format!("{url}?options=-c%20search_path%3D{schema}"))
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_postgres_share_cooldowns_questions_and_votes() {
    let _timed = TIMED.lock().await;
    // The sync PostgreSQL client must not run on the test runtime's threads.
    let Some(database) = tokio::task::spawn_blocking(|| postgres_schema("serve_replicas")).await.unwrap() else {
        return;
    };
    let shared = |c: &mut Config| {
        c.discord.cooldown_seconds = 30.0;
        c.state.database = database.clone().into();
    };
    let (a, b) = (Served::start(shared).await, Served::start(shared).await);
    let (_, first) = a.post(&ask(60, "what is the public core norm?")).await;
    assert_eq!(first["type"], 4);
    assert!(first["data"]["embeds"][0]["title"].is_string(), "{first}");
    let (_, again) = b.post(&ask(61, "what is wu wei?")).await;
    assert!(again["data"]["content"].as_str().unwrap_or_default().contains("you can ask again"), "{again}");
    // Another student is not held up; their question, logged through B, is voted on through A.
    let (_, other) = b
        .post(&server::command(62, 8, "ask", json!([{"name": "question", "type": 3, "value": "what is wu wei?"}])))
        .await;
    let vote = other["data"]["components"][0]["components"][1]["custom_id"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await; // the question is written off the answer's path
    let (_, thanks) = a.post(&server::component(63, 9, &vote, &[])).await;
    assert!(thanks["data"]["content"].as_str().unwrap().contains("vote is counted"), "{thanks}");
    let usage = tokio::task::spawn_blocking(move || normbot::store::Store::open(Path::new(&database))?.usage(0));
    assert_eq!(usage.await.unwrap().unwrap().questions, 2, "both replicas logged into the one database");
    a.stop().await;
    b.stop().await;
}

/// A moderator's form (`/teach`) as Discord submits it.
fn teach(id: u64, entry: &str, question: &str) -> Value {
    let fields = [("entry", entry), ("question", question), ("answer", ""), ("alternates", ""), ("endnotes", "")];
    moderator(server::modal_submit(id, 9, "teach", &fields))
}

/// Asks through `replica` until `entry` answers `question` (edits travel asynchronously), or
/// fails after `within`; how long it took.
async fn until_answered(
    replica: &Served,
    first_id: u64,
    question: &str,
    entry_title: &str,
    within: Duration,
) -> Duration {
    let started = std::time::Instant::now();
    for id in first_id.. {
        let (_, answer) = replica
            .post(&server::command(id, 100 + id, "ask", json!([{"name": "question", "type": 3, "value": question}])))
            .await;
        if answer["data"]["embeds"][0]["title"].as_str() == Some(entry_title) {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "{question:?} not answered by {entry_title:?} within {within:?}: {answer}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    unreachable!()
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_knowledge_edit_through_one_replica_is_live_on_every_replica_within_two_seconds() {
    let _timed = TIMED.lock().await;
    let Some(database) = tokio::task::spawn_blocking(|| postgres_schema("serve_edits")).await.unwrap() else {
        return;
    };
    let copies: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    for copy in &copies {
        support::copy_files(&shipped().join("xu-2021"), copy.path());
    }
    let replica = |i: usize| {
        let (database, knowledge) = (database.clone(), copies[i].path().to_path_buf());
        move |c: &mut Config| {
            c.state.database = database.into();
            c.knowledge = knowledge;
        }
    };
    let (a, b) = (Served::start(replica(0)).await, Served::start(replica(1)).await);
    let title = |entry: &str| {
        let kb = normbot::KnowledgeBase::load(&shipped()).unwrap();
        kb.entry(entry).unwrap().title.clone()
    };
    let (firewall_title, wuwei_title) = (title("great-firewall-2003"), title("wuwei-effortless-action"));
    assert!(firewall_title.contains("Firewall"), "{firewall_title}");
    // Two moderators at once, through two replicas.
    let one = "how did the xanthic ribbon of quokka code begin";
    let two = "the zibbly quokka doctrine of doing nothing at all";
    // Nothing answers these yet.
    for (id, question) in [(68, one), (69, two)] {
        let (_, before) =
            b.post(&server::command(id, 5, "ask", json!([{"name": "question", "type": 3, "value": question}]))).await;
        assert!(before["data"]["embeds"][0]["title"].as_str() != Some(&firewall_title), "{before}");
        assert!(before["data"]["embeds"][0]["title"].as_str() != Some(&wuwei_title), "{before}");
    }
    let (form_a, form_b) = (teach(70, "great-firewall-2003", one), teach(71, "wuwei-effortless-action", two));
    let (done_a, done_b) = tokio::join!(a.post(&form_a), b.post(&form_b));
    for (_, done) in [&done_a, &done_b] {
        assert!(done["data"]["content"].as_str().unwrap_or_default().contains("live now"), "{done}");
    }
    // Two seconds is the promise, for a release build (a reload takes tens of milliseconds there).
    // A debug build reloads the knowledge several times slower (about 0.5 s), and the edit may
    // be applied after two reloads: a test build gets twice the time. The figure is printed.
    let within = if cfg!(debug_assertions) { Duration::from_secs(4) } else { Duration::from_secs(2) };
    let took = until_answered(&b, 1000, one, &firewall_title, within).await;
    until_answered(&a, 2000, two, &wuwei_title, within).await;
    eprintln!("an edit through A was live on B after {took:?}");
    let holds = |dir: &Path, text: &str| {
        std::fs::read_dir(dir).unwrap().any(|f| std::fs::read_to_string(f.unwrap().path()).unwrap().contains(text))
    };
    assert!(holds(copies[1].path(), one) && holds(copies[0].path(), two), "written into each replica's files");
    // A replica started later gets both.
    let c = Served::start(replica(2)).await;
    until_answered(&c, 3000, one, &firewall_title, within + Duration::from_secs(1)).await;
    until_answered(&c, 4000, two, &wuwei_title, within + Duration::from_secs(1)).await;
    for served in [a, b, c] {
        served.stop().await;
    }
}

#[tokio::test]
async fn serve_refuses_a_configuration_that_needs_the_gateway() {
    for configure in
        [|c: &mut Config| c.discord.mention_mode = true, |c: &mut Config| c.discord.quiz_channel_answers = true]
    {
        let state = tempfile::tempdir().unwrap();
        let mut config = config(state.path());
        config.knowledge = shipped();
        configure(&mut config);
        let live = live(&config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let key = "00".repeat(32).parse().unwrap();
        let result = normbot::discord::serve(config, live, TOKEN, None, key, listener, async {}).await;
        let error = result.unwrap_err().to_string();
        assert!(error.contains("needs the gateway") && error.contains("normbot run"), "{error}");
    }
}

#[test]
fn the_binary_names_what_is_missing_and_prints_an_invite() {
    let output = assert_cmd::Command::cargo_bin("normbot")
        .unwrap()
        .args(["serve", "--knowledge"])
        .arg(shipped())
        .env("DISCORD_TOKEN", TOKEN)
        .env_remove("DISCORD_PUBLIC_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("DISCORD_PUBLIC_KEY"), "{stderr}");
    assert_no_token(&stderr, "error");
    let output = assert_cmd::Command::cargo_bin("normbot")
        .unwrap()
        .args(["serve", "--knowledge"])
        .arg(shipped())
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_PUBLIC_KEY", "abc")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("64 hexadecimal digits"));
    let output = assert_cmd::Command::cargo_bin("normbot")
        .unwrap()
        .args(["invite", "--application-id", "1000"])
        .output()
        .unwrap();
    let url = String::from_utf8(output.stdout).unwrap();
    assert!(url.contains("client_id=1000") && url.contains("applications.commands"), "{url}");
    assert!(url.contains(&format!("permissions={}", normbot::discord::permissions().bits())), "{url}");
}
