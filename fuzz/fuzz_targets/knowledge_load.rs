//! Any text as one knowledge file, loaded with the shipped or a minimal paper around it
//! (`KnowledgeBase::from_texts`, the in-memory loader). Loading never panics; when it fails,
//! every problem names a file that was given and a line and column inside it; when it
//! succeeds, the knowledge base is consistent and everything the bot renders from it fits
//! Discord's limits.
//!
//! Input: one byte choosing the files around the fuzzed one, then the fuzzed file's text.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::knowledge_load::run(data));
