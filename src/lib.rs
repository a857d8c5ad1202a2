//! normbot: questions and answers about one paper of the Cyberstability Paper Series.
//!
//! The library is the whole product except its edges: it loads and validates the curated
//! knowledge (`knowledge`), matches a student's question against it (`matcher`) and renders the
//! reply (`reply`). The core knows nothing of Discord or of the terminal; the CLI (`src/main.rs`)
//! and the Discord adapter drive it the same way, and so do the tests and the benchmarks.
//!
//! The Discord adapter (`discord`, with serenity and tokio) is behind the `discord` feature, on
//! by default. `cargo build --no-default-features` builds the core alone, without either; the
//! only thing the core knows of Discord is the size of what it may post ([`limits`]), which the
//! knowledge checks hold the curated texts to.

pub mod compare;
pub mod config;
#[cfg(feature = "discord")]
pub mod discord;
pub mod eval;
pub mod knowledge;
pub mod limits;
pub mod live;
pub mod matcher;
pub mod problem;
pub mod quiz;
pub mod reply;
pub mod review;
pub mod shared_edits;
pub mod store;
pub mod text;
pub mod timeline;

pub use knowledge::{Card, Endnote, Entry, EntryKind, KnowledgeBase, Paper, Section};
pub use problem::{LoadError, Problem};
