//! `normbot serve`: Discord's HTTP interactions endpoint. Discord POSTs each interaction, signed,
//! to `/interactions`; the answer goes back in the HTTP response's body. No gateway connection is
//! kept, so any number of replicas behind a load balancer can answer.
//!
//! This module only checks the signature, parses the interaction with serenity's own model and
//! hands it to the same [`Handler`] as the gateway mode: no command is handled twice.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::post;
use serenity::all::{Http, Interaction};

use super::Handler;
use super::signature::{self, PublicKey};
use super::telemetry::{self, Health};

/// What one replica needs to answer interactions.
pub struct Endpoint {
    pub handler: Handler,
    /// For what a handler sends besides the response: quiz rounds, the moderators' channel.
    pub http: Arc<Http>,
    pub key: PublicKey,
}

/// `POST /interactions`, `GET /healthz` and `GET /metrics`.
pub fn router(endpoint: Endpoint, health: Health) -> Router {
    telemetry::recorder();
    Router::new()
        .route("/interactions", post(interactions))
        .with_state(Arc::new(endpoint))
        .merge(telemetry::routes(health))
}

async fn interactions(State(endpoint): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = signature::verify(
        &endpoint.key,
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
        &body,
        crate::store::now(),
    );
    if let Err(error) = signed {
        metrics::counter!(telemetry::ERRORS, "kind" => "signature").increment(1);
        tracing::debug!(%error, "refused an interaction");
        return (StatusCode::UNAUTHORIZED, error.to_string()).into_response();
    }
    let interaction: Interaction = match serde_json::from_slice(&body) {
        Ok(interaction) => interaction,
        Err(error) => {
            // Signed by Discord but not a shape serenity knows: a new interaction type, say.
            tracing::warn!(%error, "a signed body that is not an interaction serenity knows");
            return (StatusCode::BAD_REQUEST, "not an interaction this bot knows").into_response();
        }
    };
    if let Interaction::Ping(_) = interaction {
        return Json(serde_json::json!({ "type": 1 })).into_response();
    }
    match endpoint.handler.respond(&endpoint.http, &interaction).await {
        Some(response) => Json(response).into_response(),
        None => (StatusCode::BAD_REQUEST, "not an interaction this bot answers").into_response(),
    }
}
