//! What an operator watches: `GET /healthz` and `GET /metrics` (Prometheus text), served by
//! `normbot serve` beside its interactions and, on a port of their own, by `normbot run`.
//!
//! The handler records through the `metrics` facade (no-ops until a recorder is installed);
//! [`recorder`] installs metrics-exporter-prometheus's once per process. The metric names are
//! here, in one place, so that dashboards and the README can rely on them.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::live::LiveKnowledge;
use crate::store::Store;

/// Questions answered, by outcome (`answered`, `ambiguous`, `no_match`, …: the reply's status).
pub const QUESTIONS: &str = "normbot_questions_total";
/// Seconds from an interaction's arrival to its response being ready, by kind.
pub const ANSWER_SECONDS: &str = "normbot_answer_seconds";
/// Knowledge reloads, by result (`ok`, `held`, `refused`).
pub const RELOADS: &str = "normbot_reloads_total";
/// Failures, by kind (`reply`, `store`, `panic`, `signature`).
pub const ERRORS: &str = "normbot_errors_total";
/// Quiz rounds played.
pub const QUIZ_ROUNDS: &str = "normbot_quiz_rounds_total";

/// The answer-time histogram's buckets, in seconds: a question takes tens of microseconds in
/// the matcher, so the interesting part is the database and the runtime around it.
const BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// This process's Prometheus recorder, installed on first use.
pub fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(ANSWER_SECONDS.into()), BUCKETS)
            .expect("the buckets are not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // Another recorder already installed (a library user's own) keeps recording; ours then
        // renders what was registered through it, which is nothing.
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
        }
        handle
    })
}

/// What `/healthz` checks: the knowledge is loaded (it is, once this exists) and the state
/// database answers.
#[derive(Clone)]
pub struct Health {
    pub live: Arc<LiveKnowledge>,
    pub store: Option<Arc<Store>>,
}

impl Health {
    /// None when healthy, else why not.
    pub async fn problem(&self) -> Option<String> {
        if self.live.current().knowledge().entries().is_empty() {
            return Some("no knowledge loaded".into());
        }
        let Some(store) = self.store.clone() else {
            return Some("the state database could not be opened".into());
        };
        let ping = tokio::task::spawn_blocking(move || store.ping());
        match tokio::time::timeout(Duration::from_secs(2), ping).await {
            Ok(Ok(Ok(()))) => None,
            Ok(Ok(Err(error))) => Some(format!("the state database does not answer: {error}")),
            _ => Some("the state database did not answer within 2 s".into()),
        }
    }
}

/// `GET /healthz` and `GET /metrics`.
pub fn routes(health: Health) -> Router {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics_text)).with_state(health)
}

async fn healthz(State(health): State<Health>) -> impl IntoResponse {
    match health.problem().await {
        None => (StatusCode::OK, "ok\n".to_owned()),
        Some(problem) => (StatusCode::SERVICE_UNAVAILABLE, format!("{problem}\n")),
    }
}

async fn metrics_text() -> impl IntoResponse {
    let text = recorder().render();
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

/// Serves [`routes`] on `listen` until `shutdown` completes: the gateway mode's own port.
pub async fn serve_routes(
    listen: std::net::SocketAddr,
    health: Health,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    recorder();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!(%listen, "serving /healthz and /metrics");
    axum::serve(listener, routes(health)).with_graceful_shutdown(shutdown).await
}
