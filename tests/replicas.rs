//! Three `normbot serve` processes (the real binary) on one PostgreSQL, behind a round-robin
//! proxy on loopback that the test starts, as an operator deploys them behind a load balancer.
//! Every interaction is signed with a real Ed25519 key pair. They need `NORMBOT_TEST_POSTGRES`
//! (`.ci/run` sets it); without it they pass with a message saying how to run them.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde_json::{Value, json};
use support::bot::shipped;
use support::discord_server::{self as server, FakeDiscord, TOKEN};

/// One replica: the process and its address.
struct Replica {
    child: std::process::Child,
    url: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The round-robin proxy: which upstream each request went to, and how it fared.
struct Proxy {
    upstreams: Vec<String>,
    next: AtomicUsize,
    client: reqwest::Client,
}

async fn forward(State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: Bytes) -> Response {
    let index = proxy.next.fetch_add(1, Ordering::Relaxed) % proxy.upstreams.len();
    let mut request = proxy.client.post(format!("{}/interactions", proxy.upstreams[index])).body(body);
    for name in ["x-signature-ed25519", "x-signature-timestamp", "content-type"] {
        if let Some(value) = headers.get(name) {
            request = request.header(name, value);
        }
    }
    let upstream = [("x-upstream", index.to_string())];
    match request.send().await {
        Ok(response) => {
            let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
            (status, upstream, response.bytes().await.unwrap_or_default()).into_response()
        }
        Err(_) => (StatusCode::BAD_GATEWAY, upstream, "upstream failed").into_response(),
    }
}

struct Cluster {
    replicas: Vec<Replica>,
    proxy: String,
    pair: Arc<Ed25519KeyPair>,
    client: reqwest::Client,
    database: String,
    server: FakeDiscord,
    dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The test PostgreSQL's URL with a new, empty schema as its search path.
fn schema(url: &str, name: &str) -> String {
    let schema = format!("normbot_test_{name}");
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};")).unwrap();
    format!("{url}?options=-c%20search_path%3D{schema}")
}

impl Cluster {
    async fn start(name: &str, cooldown_seconds: f64) -> Option<Cluster> {
        Cluster::start_with(name, &format!("cooldown_seconds = {cooldown_seconds:?}")).await
    }

    /// Three replicas with these lines in their `[discord]` table.
    async fn start_with(name: &str, discord: &str) -> Option<Cluster> {
        let Some(url) = std::env::var("NORMBOT_TEST_POSTGRES").ok().filter(|u| !u.is_empty()) else {
            eprintln!("skipped {name}: set NORMBOT_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run it");
            return None;
        };
        let name = name.to_owned();
        let database = tokio::task::spawn_blocking(move || schema(&url, &name)).await.unwrap();
        let server = FakeDiscord::start().await;
        let dir = tempfile::tempdir().unwrap();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
        let pair = Arc::new(Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap());
        let client = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(64).build().unwrap();
        for i in 0..3 {
            let port = free_port();
            std::fs::write(
                dir.path().join(format!("replica-{i}.toml")),
                format!(
                    "[discord]\nguild_ids = [{}]\n{discord}\nwatch_knowledge = false\n\
                     [state]\ndatabase = {database:?}\nbackups = {:?}\n[http]\nlisten = \"127.0.0.1:{port}\"\n",
                    server::GUILD_ID,
                    dir.path().join("backups"),
                ),
            )
            .unwrap();
        }
        let mut replicas = Vec::new();
        for i in 0..3 {
            replicas.push(Cluster::spawn(dir.path(), i, &pair, &server, &client).await);
        }
        let proxy = Arc::new(Proxy {
            upstreams: replicas.iter().map(|r| r.url.clone()).collect(),
            next: AtomicUsize::new(0),
            client: client.clone(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy_url = format!("http://{}/interactions", listener.local_addr().unwrap());
        let app = Router::new().fallback(forward).with_state(proxy);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Some(Cluster { replicas, proxy: proxy_url, pair, client, database, server, dir })
    }

    /// Starts replica `i` (again) from its config file, and waits until it is healthy.
    async fn spawn(
        dir: &std::path::Path,
        i: usize,
        pair: &Ed25519KeyPair,
        server: &FakeDiscord,
        client: &reqwest::Client,
    ) -> Replica {
        let config = dir.join(format!("replica-{i}.toml"));
        let listen = std::fs::read_to_string(&config).unwrap();
        let port = listen.split("listen = \"127.0.0.1:").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let log = |kind: &str| {
            let file =
                std::fs::OpenOptions::new().create(true).append(true).open(dir.join(format!("replica-{i}.{kind}")));
            file.unwrap()
        };
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_normbot"))
            .args(["serve", "--config"])
            .arg(&config)
            .arg("--knowledge")
            .arg(shipped())
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_PUBLIC_KEY", hex::encode(pair.public_key().as_ref()))
            .env("NORMBOT_DISCORD_API_BASE", server.base())
            .env("RUST_LOG", "warn")
            .stdout(log("out"))
            .stderr(log("err"))
            .spawn()
            .unwrap();
        let replica = Replica { child, url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let health = client.get(format!("{}/healthz", replica.url)).send().await;
            if health.is_ok_and(|r| r.status() == 200) {
                return replica;
            }
            assert!(Instant::now() < deadline, "replica {i} did not become healthy");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends a signed interaction straight to replica `i`: the response's data.
    async fn send_to(&self, i: usize, interaction: &Value) -> Value {
        let url = format!("{}/interactions", self.replicas[i].url);
        let (status, _, response) = Cluster::send(&self.client, &url, &self.pair, interaction).await;
        assert_eq!(status, 200, "{response}");
        response["data"].clone()
    }

    /// Kills replica `i` with SIGKILL: no clean shutdown of any kind.
    fn kill(&mut self, i: usize) {
        let victim = &mut self.replicas[i];
        std::process::Command::new("kill").args(["-KILL", &victim.child.id().to_string()]).status().unwrap();
        let _ = victim.child.wait();
    }

    /// Sends one signed interaction through the proxy: (status, upstream index, response).
    async fn send(
        client: &reqwest::Client,
        proxy: &str,
        pair: &Ed25519KeyPair,
        interaction: &Value,
    ) -> (u16, usize, Value) {
        let body = serde_json::to_vec(interaction).unwrap();
        let timestamp =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
        let signature = hex::encode(pair.sign(&[timestamp.as_bytes(), &body].concat()).as_ref());
        let response = client
            .post(proxy)
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", timestamp)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        // Which replica the proxy chose (none when sent straight to one).
        let upstream =
            response.headers().get("x-upstream").map_or(usize::MAX, |u| u.to_str().unwrap().parse().unwrap());
        (status, upstream, response.json().await.unwrap_or(Value::Null))
    }

    /// Questions in the shared database.
    async fn questions_logged(&self) -> u32 {
        let database = self.database.clone();
        let store = tokio::task::spawn_blocking(move || {
            normbot::store::Store::open(std::path::Path::new(&database)).unwrap().usage(0).unwrap().questions
        });
        store.await.unwrap()
    }
}

const QUESTIONS: [&str; 5] = [
    "what is the public core norm?",
    "how big is china's digital economy",
    "what is wu wei",
    "who wrote the paper",
    "what is the great firewall",
];

fn ask(id: u64, student: u64, question: &str) -> Value {
    server::command(id, student, "ask", json!([{"name": "question", "type": 3, "value": question}]))
}

/// 10,000 interactions from 500 students through three replicas, 64 at a time; each student asks
/// 20 questions in a row with a cooldown of an hour, so that only the first is answered, whichever
/// replica each reaches.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_interactions_through_three_replicas_none_lost_cooldowns_held() {
    let Some(cluster) = Cluster::start("replicas_burst", 3600.0).await else { return };
    let started = Instant::now();
    let students = 500u64;
    let limit = Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = Vec::new();
    for student in 0..students {
        let (client, proxy, pair, limit) =
            (cluster.client.clone(), cluster.proxy.clone(), cluster.pair.clone(), limit.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire_owned().await.unwrap();
            let mut outcomes = Vec::new();
            for n in 0..20u64 {
                let id = 1_000_000 + student * 100 + n;
                let question = QUESTIONS[((student + n) % 5) as usize];
                let (status, upstream, response) =
                    Cluster::send(&client, &proxy, &pair, &ask(id, 10_000 + student, question)).await;
                assert_eq!(status, 200, "{response}");
                let content = response["data"]["content"].as_str().unwrap_or_default().to_owned();
                let answered = response["data"]["embeds"][0]["title"].is_string();
                assert!(answered || content.contains("you can ask again"), "{response}");
                outcomes.push((answered, upstream));
            }
            outcomes
        }));
    }
    let mut answered = 0;
    let mut waited = 0;
    let mut by_upstream: HashMap<usize, usize> = HashMap::new();
    for task in tasks {
        let outcomes = task.await.unwrap();
        assert!(outcomes[0].0, "a student's first question is answered");
        for (was_answered, upstream) in outcomes {
            *by_upstream.entry(upstream).or_default() += 1;
            if was_answered { answered += 1 } else { waited += 1 }
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "10,000 interactions in {elapsed:?}: {answered} answered, {waited} told to wait, by replica {by_upstream:?}"
    );
    assert_eq!((answered, waited), (500, 9_500), "one answer per student, whichever replica they reached");
    assert!(by_upstream.values().all(|&n| n > 3_000), "{by_upstream:?}");
    // Each answered question logged once, in the one database, by whichever replica answered it.
    let deadline = Instant::now() + Duration::from_secs(10);
    while cluster.questions_logged().await < 500 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(cluster.questions_logged().await, 500);
}

/// A replica killed with SIGKILL in the middle of a burst: the requests routed to it fail (502 from
/// the proxy), every other one is answered, and the two left keep answering afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_mid_burst_fails_only_its_own_requests() {
    let Some(mut cluster) = Cluster::start("replicas_kill", 0.0).await else { return };
    let total = 1_500u64;
    let mut results = Vec::new();
    for id in 0..total {
        if id == 500 {
            cluster.kill(1);
        }
        let question = QUESTIONS[(id % 5) as usize];
        results.push((
            id,
            Cluster::send(&cluster.client, &cluster.proxy, &cluster.pair, &ask(2_000_000 + id, 20_000 + id, question))
                .await,
        ));
    }
    for (id, (status, upstream, response)) in &results {
        if *upstream == 1 && *id >= 500 {
            assert_eq!(*status, 502, "a request to the killed replica");
        } else {
            assert_eq!(*status, 200, "request {id} through replica {upstream}: {response}");
            assert!(response["data"]["embeds"][0]["title"].is_string(), "{response}");
        }
    }
    let failed = results.iter().filter(|(_, (status, ..))| *status != 200).count();
    eprintln!("{total} requests, replica 1 killed after 500: {failed} failed, all routed to it");
    assert!((300..=340).contains(&failed), "{failed}");
}

/// A quiz started through replica A, answered through B and C, with A killed with SIGKILL before
/// the first reveal and started again at once: each round is revealed exactly once, by whichever
/// replica's clock comes first (one message per reveal, the scores recorded once), the answer given
/// through B counts when another replica reveals, the replica started again takes part as if
/// nothing had happened, and the quiz survives a restart of every replica.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_runs_across_replicas_and_survives_the_one_that_started_it() {
    // Eight-second rounds: each answer goes through a replica that may have just been started
    // again, and on a loaded machine (a CI run beside a build) four seconds once ran out before
    // round 2's answer arrived.
    let Some(mut cluster) = Cluster::start_with("replicas_quiz", "quiz_seconds = 8").await else { return };
    let (id, rounds) = (7_000_001u64, 2);
    let live = normbot::live::LiveKnowledge::load(&shipped(), normbot::config::Config::default().matcher).unwrap();
    let matcher = live.current();
    let right = game_right(&matcher, id, rounds, 1);
    let options =
        json!([{"name": "rounds", "type": 4, "value": rounds}, {"name": "choices", "type": 5, "value": true}]);
    let first = cluster.send_to(0, &server::command(id, 31, "quiz", options)).await;
    assert!(first["embeds"][0]["title"].as_str().unwrap().contains("Question 1 of 2"), "{first:#}");
    let busy = cluster.send_to(1, &server::command(id + 1, 32, "quiz", json!([]))).await;
    assert!(busy["content"].as_str().unwrap().contains("already running"), "one quiz a channel, on every replica");
    let pick = |user: u64, n: u64, round: usize, option: usize| {
        server::component(n, user, &format!("quiz:pick:{id}:{round}:{option}"), &[])
    };
    let counted = cluster.send_to(1, &pick(41, id + 2, 1, right)).await;
    assert!(counted["content"].as_str().unwrap().contains("Your answer is in"), "{counted}");
    cluster.send_to(2, &pick(42, id + 3, 1, (right + 1) % 4)).await;
    let twice = cluster.send_to(2, &pick(41, id + 4, 1, (right + 2) % 4)).await;
    assert!(twice["content"].as_str().unwrap().contains("first answer counts"), "B's answer is seen on C");
    cluster.kill(0);
    let reveals = |cluster: &Cluster, round: usize| -> Vec<Value> {
        let title = format!("Answer {round} of {rounds}");
        let created = cluster.server.created();
        created
            .into_iter()
            .filter(|m| m["embeds"][0]["title"].as_str().is_some_and(|t| t.starts_with(&title)))
            .collect()
    };
    let wait_for = async |cluster: &Cluster, round: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while reveals(cluster, round).is_empty() {
            assert!(Instant::now() < deadline, "round {round} was never revealed");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    // The replica that started the quiz comes back at once. Starting it (a debug build loading the
    // knowledge) may take longer than a round on a slow machine, so it starts while round 1 runs
    // out, not inside round 2's window.
    let again = Cluster::spawn(cluster.dir.path(), 0, &cluster.pair, &cluster.server, &cluster.client).await;
    cluster.replicas[0] = again;
    wait_for(&cluster, 1).await;
    let reveal = &reveals(&cluster, 1)[0];
    let fields = reveal["embeds"][0]["fields"].to_string();
    assert!(fields.contains("<@41>") && fields.contains("<@42>"), "both answers, made through B and C: {fields}");
    let second_questions = |cluster: &Cluster| {
        let created = cluster.server.created();
        created.iter().filter(|m| m["embeds"][0]["title"].to_string().contains("Question 2 of 2")).count()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while second_questions(&cluster) == 0 {
        assert!(Instant::now() < deadline, "the second question was never posted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(second_questions(&cluster), 1, "the second question, posted once");
    let counted = cluster.send_to(0, &pick(42, id + 5, 2, game_right(&matcher, id, rounds, 2))).await;
    assert!(counted["content"].as_str().unwrap().contains("Your answer is in"), "{counted}");
    // Every replica killed and started again: the quiz is in the database, not in them.
    for i in 0..3 {
        cluster.kill(i);
    }
    for i in 0..3 {
        cluster.replicas[i] =
            Cluster::spawn(cluster.dir.path(), i, &cluster.pair, &cluster.server, &cluster.client).await;
    }
    wait_for(&cluster, 2).await;
    // Let every clock tick a few more times: still one message per reveal, nothing more posted.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!((reveals(&cluster, 1).len(), reveals(&cluster, 2).len()), (1, 1), "each round revealed once");
    let posts = cluster.server.calls().iter().filter(|c| c.method == "POST" && c.path.ends_with("/messages")).count();
    assert_eq!(cluster.server.created().len(), 3, "reveal, question, last reveal ({posts} posts)");
    let last = reveals(&cluster, 2)[0]["embeds"][0]["fields"].to_string();
    assert!(last.contains("Quiz over"), "{last}");
    let database = cluster.database.clone();
    let board = tokio::task::spawn_blocking(move || {
        let store = normbot::store::Store::open(std::path::Path::new(&database)).unwrap();
        store.leaderboard(server::GUILD_ID.parse().unwrap(), 10).unwrap()
    })
    .await
    .unwrap();
    let board: Vec<(u64, u32, u32)> = board.iter().map(|s| (s.user, s.right, s.answered)).collect();
    assert_eq!(board, [(41, 1, 1), (42, 1, 2)], "scores recorded once per round");
}

/// The right option of round `round` of the quiz a `/quiz` with this id draws.
fn game_right(matcher: &normbot::matcher::Matcher, id: u64, rounds: usize, round: usize) -> usize {
    let mut game = normbot::quiz::Game::new(
        normbot::quiz::draw(normbot::quiz::questions(matcher.knowledge(), None), rounds, id, Some(matcher)),
        Some(matcher),
        id,
    );
    for _ in 1..round {
        game.reveal();
    }
    game.choices().unwrap().correct
}

/// Throughput and latency for one, two and three replicas, in one run (the figures in
/// `docs/reliability.md`): 20,000 `/ask` interactions, 32 at a time, through a round-robin proxy
/// over the first N replicas of one cluster. Ignored by default (it measures, it checks little):
/// `NORMBOT_TEST_POSTGRES=… cargo test --release --test replicas -- --ignored --nocapture scaling`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run it with --ignored --release"]
async fn scaling_throughput_and_latency_for_one_two_and_three_replicas() {
    let Some(cluster) = Cluster::start("replicas_scaling", 0.0).await else { return };
    let (total, concurrency) = (20_000u64, 32usize);
    println!("| replicas | interactions | throughput (per s) | p50 | p99 | max |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for n in 1..=3usize {
        let proxy = Arc::new(Proxy {
            upstreams: cluster.replicas[..n].iter().map(|r| r.url.clone()).collect(),
            next: AtomicUsize::new(0),
            client: cluster.client.clone(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/interactions", listener.local_addr().unwrap());
        let app = Router::new().fallback(forward).with_state(proxy);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let limit = Arc::new(tokio::sync::Semaphore::new(concurrency));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..total {
            let (client, url, pair, limit) = (cluster.client.clone(), url.clone(), cluster.pair.clone(), limit.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = limit.acquire_owned().await.unwrap();
                let id = 9_000_000 + n as u64 * 100_000 + i;
                let sent = Instant::now();
                let (status, _, response) =
                    Cluster::send(&client, &url, &pair, &ask(id, 50_000 + i, QUESTIONS[(i % 5) as usize])).await;
                assert_eq!(status, 200, "{response}");
                sent.elapsed()
            }));
        }
        let mut latencies = Vec::new();
        for task in tasks {
            latencies.push(task.await.unwrap());
        }
        let elapsed = started.elapsed();
        latencies.sort();
        let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
        println!(
            "| {n} | {total} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms |",
            total as f64 / elapsed.as_secs_f64(),
            at(0.50).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            latencies.last().unwrap().as_secs_f64() * 1e3,
        );
    }
}
