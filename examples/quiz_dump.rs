//! Prints every quiz question with its key facts (to review them): `cargo run --example quiz_dump`.
fn main() {
    let kb = normbot::KnowledgeBase::load(std::path::Path::new("knowledge")).unwrap();
    for q in normbot::quiz::questions(&kb, None) {
        let facts: Vec<String> =
            q.facts.iter().map(|f| f.forms.iter().map(|w| w.join(" ")).collect::<Vec<_>>().join("|")).collect();
        println!(
            "{:?} {} :: {} :: [{}]",
            q.asks,
            q.entry,
            q.prompt.chars().take(80).collect::<String>(),
            facts.join("; ")
        );
    }
}
