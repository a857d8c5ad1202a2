//! A Discord-compatible server on loopback, for testing the bot with serenity's real gateway and
//! HTTP code: REST and gateway on one port, every REST call recorded.
//!
//! It speaks the gateway protocol as far as a bot needs: HELLO, IDENTIFY -> READY, heartbeat ->
//! ACK, RESUME -> RESUMED, and dispatches (INTERACTION_CREATE, MESSAGE_CREATE) pushed by the test.
//! Every payload it sends is first parsed with serenity's own model types, because serenity drops
//! a payload it cannot parse without a word.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

pub const APP_ID: &str = "1000";
pub const GUILD_ID: &str = "4000";
pub const CHANNEL_ID: &str = "5000";
/// A well-formed, recognisable fake token (its first part is the bot's id in base64).
pub const TOKEN: &str = "MTAwMA.FAKE-TOKEN-must-never-be-logged.abcdefghijklmnopqrstuvwxyz0123";

/// A REST call the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: Value,
    pub at: Instant,
}

/// How the server answers the next interaction callbacks (for fault tests).
#[derive(Debug, Clone, Copy)]
pub enum Fault {
    ServerError,
    TooManyRequests,
    Hang,
}

enum Push {
    Dispatch(&'static str, Value),
    /// A dispatch whose `d` is sent as this raw JSON text, unchecked (for payloads a JSON value
    /// cannot hold, such as a lone surrogate escape).
    Raw(&'static str, String),
    Drop,
}

struct Shared {
    port: u16,
    calls: Mutex<Vec<Call>>,
    called: Notify,
    gateway: Mutex<Option<mpsc::UnboundedSender<Push>>>,
    connected: Notify,
    identifies: AtomicUsize,
    /// The `shard` of each IDENTIFY, as sent.
    shards: Mutex<Vec<Value>>,
    resumes: AtomicUsize,
    sequence: AtomicU64,
    faults: Mutex<std::collections::VecDeque<Fault>>,
    /// Dispatches made while no session was connected: replayed on RESUME, as Discord does.
    pending: Mutex<Vec<(&'static str, Value)>>,
    /// Answer the next RESUME with INVALID_SESSION (not resumable), forcing a new IDENTIFY.
    refuse_resume: std::sync::atomic::AtomicBool,
    /// Dispatches that a new session (IDENTIFY) did not get, as with Discord.
    lost: AtomicUsize,
    /// Paths whose POSTs are recorded and then never answered (a channel that hangs).
    hanging: Mutex<Vec<String>>,
    /// The messages created, as posted; a post with `enforce_nonce` and a nonce already used
    /// returns the first message and creates none, as Discord does.
    created: Mutex<Vec<Value>>,
}

/// The running server.
pub struct FakeDiscord {
    shared: Arc<Shared>,
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        // serenity's HTTP client must not send loopback traffic to a proxy.
        unsafe { std::env::set_var("NO_PROXY", "127.0.0.1,localhost") };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            port,
            calls: Mutex::new(Vec::new()),
            called: Notify::new(),
            gateway: Mutex::new(None),
            connected: Notify::new(),
            identifies: AtomicUsize::new(0),
            shards: Mutex::new(Vec::new()),
            resumes: AtomicUsize::new(0),
            sequence: AtomicU64::new(0),
            faults: Mutex::new(std::collections::VecDeque::new()),
            pending: Mutex::new(Vec::new()),
            refuse_resume: std::sync::atomic::AtomicBool::new(false),
            lost: AtomicUsize::new(0),
            hanging: Mutex::new(Vec::new()),
            created: Mutex::new(Vec::new()),
        });
        let app = Router::new().route("/gateway", get(gateway)).fallback(rest).with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeDiscord { shared }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.shared.port)
    }

    /// The next interaction callbacks fail this way, one fault each.
    pub fn fail_next(&self, faults: &[Fault]) {
        self.shared.faults.lock().unwrap().extend(faults.iter().copied());
    }

    /// Every POST to `path` from now on is recorded at once and answered only 30 s later (a
    /// channel that hangs), e.g. `/api/v10/channels/7000/messages`.
    pub fn hang_posts_to(&self, path: &str) {
        self.shared.hanging.lock().unwrap().push(path.to_owned());
    }

    /// The `shard` ([id, total]) of every IDENTIFY so far.
    pub fn identified_shards(&self) -> Vec<Value> {
        self.shared.shards.lock().unwrap().clone()
    }

    pub fn identifies(&self) -> usize {
        self.shared.identifies.load(Ordering::SeqCst)
    }

    pub fn resumes(&self) -> usize {
        self.shared.resumes.load(Ordering::SeqCst)
    }

    /// Answer the next RESUME with INVALID_SESSION, so the bot must identify again.
    pub fn refuse_next_resume(&self) {
        self.shared.refuse_resume.store(true, Ordering::SeqCst);
    }

    /// Dispatches made during an outage that ended with a new session (lost, as with Discord).
    pub fn lost(&self) -> usize {
        self.shared.lost.load(Ordering::SeqCst)
    }

    /// The messages created in channels (a repeated nonce with `enforce_nonce` creates none).
    pub fn created(&self) -> Vec<Value> {
        self.shared.created.lock().unwrap().clone()
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.calls.lock().unwrap().clone()
    }

    /// Waits until a bot has identified (or resumed) and the gateway is ready for dispatches.
    pub async fn wait_connected(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.shared.gateway.lock().unwrap().is_none() || self.identifies() == 0 {
            assert!(Instant::now() < deadline, "the bot never connected to the gateway");
            let _ = tokio::time::timeout(Duration::from_millis(100), self.shared.connected.notified()).await;
        }
    }

    /// Waits for a REST call matching `pred` made after `since`, and returns it.
    pub async fn wait_call(&self, since: usize, pred: impl Fn(&Call) -> bool) -> Call {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // Register for the next call before looking, so that none slips in between.
            let notified = self.shared.called.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let found = self.shared.calls.lock().unwrap().iter().skip(since).find(|c| pred(c)).cloned();
            if let Some(call) = found {
                return call;
            }
            assert!(Instant::now() < deadline, "no matching call; calls: {:#?}", self.calls());
            let _ = tokio::time::timeout(Duration::from_millis(200), notified).await;
        }
    }

    /// Sends a dispatch to the connected bot, after checking that serenity can parse it; while
    /// the bot is disconnected, keeps it for a RESUME.
    pub fn dispatch(&self, event: &'static str, data: Value) {
        check_parses(event, &data);
        let gateway = self.shared.gateway.lock().unwrap();
        let sent = match gateway.as_ref() {
            Some(sender) => sender.send(Push::Dispatch(event, data.clone())).is_ok(),
            None => false,
        };
        if !sent {
            self.shared.pending.lock().unwrap().push((event, data));
        }
    }

    /// Sends a dispatch as raw JSON text, without checking that serenity can parse it.
    pub fn dispatch_raw(&self, event: &'static str, data: String) {
        let sender = self.shared.gateway.lock().unwrap().clone().expect("no gateway connection");
        sender.send(Push::Raw(event, data)).unwrap();
    }

    /// Drops the gateway connection without a close frame, as a network failure would.
    pub fn drop_gateway(&self) {
        if let Some(sender) = self.shared.gateway.lock().unwrap().take() {
            let _ = sender.send(Push::Drop);
        }
    }

    /// Sends an interaction and waits for the bot's callback; returns the callback's body.
    pub async fn interact(&self, interaction: Value) -> Value {
        let id = interaction["id"].as_str().unwrap().to_owned();
        let since = self.shared.calls.lock().unwrap().len();
        self.dispatch("INTERACTION_CREATE", interaction);
        let path = format!("/api/v10/interactions/{id}/");
        self.wait_call(since, |c| c.path.starts_with(&path) && c.path.ends_with("/callback")).await.body
    }
}

fn check_parses(event: &str, data: &Value) {
    match event {
        "INTERACTION_CREATE" => {
            serde_json::from_value::<serenity::all::Interaction>(data.clone())
                .unwrap_or_else(|e| panic!("serenity cannot parse this interaction: {e}\n{data:#}"));
        }
        "MESSAGE_CREATE" => {
            serde_json::from_value::<serenity::all::Message>(data.clone())
                .unwrap_or_else(|e| panic!("serenity cannot parse this message: {e}\n{data:#}"));
        }
        "READY" => {
            serde_json::from_value::<serenity::all::Ready>(data.clone())
                .unwrap_or_else(|e| panic!("serenity cannot parse READY: {e}\n{data:#}"));
        }
        _ => {}
    }
}

pub fn bot_user() -> Value {
    json!({"id": APP_ID, "username": "normbot", "discriminator": "0", "global_name": null, "avatar": null, "bot": true})
}

pub fn student(id: u64) -> Value {
    json!({"id": id.to_string(), "username": format!("student{id}"), "discriminator": "0", "global_name": null, "avatar": null})
}

fn ready(port: u16) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": GUILD_ID, "unavailable": true}],
        "session_id": "session-1",
        "resume_gateway_url": format!("ws://127.0.0.1:{port}/gateway"),
        "shard": [0, 1],
        "application": {"id": APP_ID, "flags": 0},
        "private_channels": [],
    })
}

fn member(user: u64) -> Value {
    json!({
        "user": student(user), "roles": [], "joined_at": "2021-07-01T00:00:00.000000+00:00",
        "deaf": false, "mute": false, "flags": 0, "permissions": "0",
    })
}

fn interaction(id: u64, user: u64, kind: u8, data: Value) -> Value {
    json!({
        "id": id.to_string(), "application_id": APP_ID, "type": kind, "data": data,
        "guild_id": GUILD_ID, "channel_id": CHANNEL_ID, "member": member(user),
        "token": format!("interaction-token-{id}"), "version": 1, "app_permissions": "0",
        "locale": "en-GB", "guild_locale": "en-GB", "entitlements": [],
        "authorizing_integration_owners": {}, "context": 0, "attachment_size_limit": 8388608,
    })
}

/// Discord's check that an Interactions Endpoint URL answers (type 1, PING).
pub fn ping(id: u64) -> Value {
    json!({"id": id.to_string(), "application_id": APP_ID, "type": 1, "token": format!("interaction-token-{id}"), "version": 1})
}

/// `GET /oauth2/applications/@me`: the application, as `normbot serve` reads it at start.
fn application() -> Value {
    json!({
        "id": APP_ID, "name": "normbot", "icon": null, "description": "", "bot_public": true,
        "bot_require_code_grant": false, "owner": null, "verify_key": "00", "team": null, "flags": 0,
        "role_connections_verification_url": null, "approximate_guild_count": 1,
        "approximate_user_install_count": 0, "guild": null, "redirect_uris": [], "interactions_endpoint_url": null,
    })
}

/// A slash command: `options` as Discord sends them ([{"name", "type", "value"}]).
pub fn command(id: u64, user: u64, name: &str, options: Value) -> Value {
    interaction(id, user, 2, json!({"id": "3000", "name": name, "type": 1, "options": options}))
}

/// An autocomplete request while the student types `value` into option `option` (type 3 or 4).
pub fn autocomplete(id: u64, user: u64, name: &str, option: &str, kind: u8, value: &str) -> Value {
    let options = json!([{"name": option, "type": kind, "value": value, "focused": true}]);
    interaction(id, user, 4, json!({"id": "3000", "name": name, "type": 1, "options": options}))
}

/// A message the bot posted earlier, as components carry it back.
pub fn bot_message() -> Value {
    json!({
        "id": "6000", "channel_id": CHANNEL_ID, "author": bot_user(), "content": "",
        "timestamp": "2021-07-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "pinned": false, "type": 0,
    })
}

/// A click on a button (`values` empty) or a choice in a select menu.
pub fn component(id: u64, user: u64, custom_id: &str, values: &[&str]) -> Value {
    let data = if values.is_empty() {
        json!({"custom_id": custom_id, "component_type": 2})
    } else {
        json!({"custom_id": custom_id, "component_type": 3, "values": values})
    };
    let mut value = interaction(id, user, 3, data);
    value["message"] = bot_message();
    value
}

/// A message in a channel, from a student.
pub fn channel_message(id: u64, user: u64, content: &str, mentions_bot: bool) -> Value {
    let mut message = bot_message();
    message["id"] = json!(id.to_string());
    message["author"] = student(user);
    message["content"] = json!(content);
    message["guild_id"] = json!(GUILD_ID);
    if mentions_bot {
        message["mentions"] = json!([bot_user()]);
    }
    message
}

async fn gateway(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| session(socket, shared))
}

async fn send(socket: &mut WebSocket, value: Value) -> bool {
    socket.send(Message::Text(value.to_string().into())).await.is_ok()
}

async fn session(mut socket: WebSocket, shared: Arc<Shared>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Push>();
    if !send(&mut socket, json!({"op": 10, "d": {"heartbeat_interval": 41250}})).await {
        return;
    }
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { break };
                let text = match message {
                    Message::Text(text) => text.to_string(),
                    Message::Close(_) => break,
                    _ => continue,
                };
                let Ok(payload) = serde_json::from_str::<Value>(&text) else { continue };
                match payload["op"].as_u64() {
                    Some(1) => { send(&mut socket, json!({"op": 11})).await; }
                    Some(2) => {
                        let dropped = std::mem::take(&mut *shared.pending.lock().unwrap()).len();
                        shared.lost.fetch_add(dropped, Ordering::SeqCst);
                        let data = ready(shared.port);
                        check_parses("READY", &data);
                        let s = shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
                        send(&mut socket, json!({"op": 0, "t": "READY", "s": s, "d": data})).await;
                        *shared.gateway.lock().unwrap() = Some(tx.clone());
                        shared.identifies.fetch_add(1, Ordering::SeqCst);
                        shared.shards.lock().unwrap().push(payload["d"]["shard"].clone());
                        shared.connected.notify_waiters();
                    }
                    Some(6) if shared.refuse_resume.swap(false, Ordering::SeqCst) => {
                        send(&mut socket, json!({"op": 9, "d": false})).await;
                    }
                    Some(6) => {
                        let s = shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
                        send(&mut socket, json!({"op": 0, "t": "RESUMED", "s": s, "d": {}})).await;
                        // Replay what was missed, then take new dispatches (under the lock, so
                        // that none is queued in between).
                        {
                            let mut gateway = shared.gateway.lock().unwrap();
                            for (event, data) in std::mem::take(&mut *shared.pending.lock().unwrap()) {
                                let _ = tx.send(Push::Dispatch(event, data));
                            }
                            *gateway = Some(tx.clone());
                        }
                        shared.resumes.fetch_add(1, Ordering::SeqCst);
                        shared.connected.notify_waiters();
                    }
                    _ => {}
                }
            }
            push = rx.recv() => match push {
                Some(Push::Dispatch(event, data)) => {
                    let s = shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
                    if !send(&mut socket, json!({"op": 0, "t": event, "s": s, "d": data})).await { break }
                }
                Some(Push::Raw(event, data)) => {
                    let s = shared.sequence.fetch_add(1, Ordering::SeqCst) + 1;
                    let frame = format!(r#"{{"op":0,"t":"{event}","s":{s},"d":{data}}}"#);
                    if socket.send(Message::Text(frame.into())).await.is_err() { break }
                }
                Some(Push::Drop) | None => return, // dropped without a close frame
            },
        }
    }
}

async fn rest(State(shared): State<Arc<Shared>>, method: Method, uri: Uri, body: Bytes) -> Response {
    let path = uri.path().to_owned();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if method == Method::POST && shared.hanging.lock().unwrap().contains(&path) {
        shared.calls.lock().unwrap().push(Call { method: method.to_string(), path, body, at: Instant::now() });
        shared.called.notify_waiters();
        tokio::time::sleep(Duration::from_secs(30)).await;
        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({"message": "hung", "code": 0}))).into_response();
    }
    let response = match (method.as_str(), path.as_str()) {
        ("GET", "/api/v10/gateway") => json_response(json!({"url": format!("ws://127.0.0.1:{}/gateway", shared.port)})),
        ("GET", "/api/v10/gateway/bot") => json_response(json!({
            "url": format!("ws://127.0.0.1:{}/gateway", shared.port),
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
        })),
        ("GET", "/api/v10/oauth2/applications/@me") => json_response(application()),
        ("PUT", p) if p.ends_with("/commands") => json_response(json!([])),
        ("POST", p) if p.ends_with("/callback") => {
            let fault = shared.faults.lock().unwrap().pop_front();
            match fault {
                None => StatusCode::NO_CONTENT.into_response(),
                Some(Fault::ServerError) => (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    axum::Json(json!({"message": "500: Internal Server Error", "code": 0})),
                )
                    .into_response(),
                Some(Fault::TooManyRequests) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "0.1")],
                    axum::Json(json!({"message": "You are being rate limited.", "retry_after": 0.1, "global": false})),
                )
                    .into_response(),
                Some(Fault::Hang) => {
                    // Recorded now, answered (too late) much later.
                    shared.calls.lock().unwrap().push(Call {
                        method: method.to_string(),
                        path,
                        body,
                        at: Instant::now(),
                    });
                    shared.called.notify_waiters();
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    return StatusCode::NO_CONTENT.into_response();
                }
            }
        }
        ("PUT", p) if p.starts_with("/api/v10/channels/") && p.contains("/reactions/") => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", p) if p.starts_with("/api/v10/channels/") && p.ends_with("/messages") => {
            let mut message = bot_message();
            message["content"] = body["content"].clone();
            let mut created = shared.created.lock().unwrap();
            let repeated = body["enforce_nonce"] == json!(true)
                && !body["nonce"].is_null()
                && created.iter().any(|m| m["nonce"] == body["nonce"]);
            if !repeated {
                created.push(body.clone());
            }
            json_response(message)
        }
        _ => (StatusCode::NOT_FOUND, axum::Json(json!({"message": "Unknown", "code": 0}))).into_response(),
    };
    shared.calls.lock().unwrap().push(Call { method: method.to_string(), path, body, at: Instant::now() });
    shared.called.notify_waiters();
    response
}

fn json_response(value: Value) -> Response {
    axum::Json(value).into_response()
}

/// A submitted form (modal): `fields` are (custom id, value) pairs.
pub fn modal_submit(id: u64, user: u64, custom_id: &str, fields: &[(&str, &str)]) -> Value {
    let rows: Vec<Value> = fields
        .iter()
        .map(|(name, value)| json!({"type": 1, "components": [{"type": 4, "custom_id": name, "value": value}]}))
        .collect();
    interaction(id, user, 5, json!({"custom_id": custom_id, "components": rows}))
}
