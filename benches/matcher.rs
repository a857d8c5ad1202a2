//! Matcher speed and size: question latency on the shipped knowledge and on synthetic knowledge
//! of 1,000 and 10,000 entries, the time to build a matcher, and the heap a built one holds.
//!
//! `cargo bench --bench matcher`

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use normbot::KnowledgeBase;
use normbot::matcher::{Matcher, Thresholds};

/// Counts the bytes live on the heap, to measure what a built matcher holds.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn shipped() -> Arc<KnowledgeBase> {
    Arc::new(KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap())
}

fn synthetic_kb(entries: usize) -> Arc<KnowledgeBase> {
    let files = synthetic::paper(entries, 42);
    Arc::new(KnowledgeBase::from_texts(files.iter().map(|(n, t)| (*n, t.clone()))).unwrap())
}

/// Student-like questions for the shipped knowledge (from the truth file).
fn shipped_questions() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/tune.jsonl")).unwrap();
    normbot::eval::parse(&text).unwrap().into_iter().map(|c| c.q).collect()
}

/// Questions in Chinese for the shipped knowledge (the Chinese tuning set).
fn chinese_questions() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/zh-tune.jsonl")).unwrap();
    normbot::eval::parse(&text).unwrap().into_iter().map(|c| c.q).collect()
}

/// Questions for synthetic knowledge: its phrasings with a word dropped and a letter changed.
fn synthetic_questions(kb: &KnowledgeBase) -> Vec<String> {
    let mut rng = synthetic::Rng::new(9);
    (0..200)
        .map(|_| {
            let entry = &kb.entries()[rng.below(kb.entries().len())];
            let mut words: Vec<String> = entry.phrasings[0].split(' ').map(str::to_owned).collect();
            words.remove(rng.below(words.len()));
            let i = rng.below(words.len());
            if words[i].len() > 4 {
                words[i].replace_range(1..2, "x");
            }
            format!("what is {}", words.join(" "))
        })
        .collect()
}

fn heap_of(build: impl FnOnce() -> Matcher) -> (Matcher, isize) {
    let before = LIVE.load(Ordering::Relaxed);
    let matcher = build();
    (matcher, LIVE.load(Ordering::Relaxed) - before)
}

fn bench_questions(c: &mut Criterion, name: &str, matcher: &Matcher, questions: &[String]) {
    let mut i = 0;
    c.bench_function(name, |b| {
        b.iter(|| {
            i = (i + 1) % questions.len();
            black_box(matcher.ask(black_box(&questions[i])))
        })
    });
}

fn benches(c: &mut Criterion) {
    let kb = shipped();
    let (matcher, bytes) = heap_of(|| Matcher::new(kb.clone(), Thresholds::default()));
    eprintln!("memory: matcher on the shipped knowledge ({} entries) holds {} KiB", kb.entries().len(), bytes / 1024);
    bench_questions(c, "ask/shipped", &matcher, &shipped_questions());
    bench_questions(c, "ask/chinese", &matcher, &chinese_questions());
    c.bench_function("build/shipped", |b| b.iter(|| black_box(Matcher::new(kb.clone(), Thresholds::default()))));

    for entries in [1_000, 10_000] {
        let kb = synthetic_kb(entries);
        let (matcher, bytes) = heap_of(|| Matcher::new(kb.clone(), Thresholds::default()));
        eprintln!("memory: matcher on {entries} synthetic entries holds {} KiB", bytes / 1024);
        bench_questions(c, &format!("ask/synthetic_{entries}"), &matcher, &synthetic_questions(&kb));
    }
    let kb = synthetic_kb(10_000);
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("synthetic_10000", |b| b.iter(|| black_box(Matcher::new(kb.clone(), Thresholds::default()))));
    group.finish();
}

/// Study mode: grading a typed answer, and building a question's four options (one ranking of
/// the question plus the checks that every wrong option grades wrong).
fn study(c: &mut Criterion) {
    let kb = shipped();
    let matcher = Matcher::new(kb.clone(), Thresholds::default());
    let questions = normbot::quiz::questions(&kb, None);
    let mut i = 0;
    c.bench_function("quiz/grade", |b| {
        b.iter(|| {
            i = (i + 1) % questions.len();
            black_box(normbot::quiz::grade_question(&questions[i], "on 20 april 1994 through sprnt, I think"))
        })
    });
    c.bench_function("quiz/choices", |b| {
        b.iter(|| {
            i = (i + 1) % questions.len();
            black_box(normbot::quiz::choices(&matcher, &questions[i], i as u64))
        })
    });
    c.bench_function("quiz/questions", |b| b.iter(|| black_box(normbot::quiz::questions(&kb, None))));
    quiz_row(c, &matcher);
}

/// An answer to a running quiz as the bot takes it: the quiz's row read under a lock, the game
/// read from JSON, the answer graded, the game written back (SQLite in memory: the database's
/// own round trip is not in it). A 10-round multiple-choice quiz, 30 students answered already.
fn quiz_row(c: &mut Criterion, matcher: &Matcher) {
    let drawn = normbot::quiz::draw(normbot::quiz::questions(matcher.knowledge(), None), 10, 7, Some(matcher));
    let mut game = normbot::quiz::Game::new(drawn, Some(matcher), 7);
    for user in 0..30 {
        game.pick(user, (user % 4) as usize);
    }
    let store = normbot::store::Store::in_memory().unwrap();
    let row = normbot::store::QuizRow {
        channel: 1,
        quiz: 7,
        guild: Some(2),
        starter: 3,
        state: game.to_json(),
        deadline_ms: i64::MAX,
        stopping: false,
        version: 0,
    };
    store.quiz_start(&row).unwrap();
    let mut user = 1_000u64;
    c.bench_function("quiz/answer_through_the_store", |b| {
        b.iter(|| {
            user += 1;
            let result = store.quiz_update(1, 0, |row| {
                let mut game = normbot::quiz::Game::from_json(&row.state).unwrap();
                let result = game.answer(user, "on 20 april 1994 through sprnt, I think");
                row.state = game.to_json();
                (false, result)
            });
            black_box(result.unwrap())
        })
    });
    eprintln!("a 10-round quiz with 30 answers is {} bytes of JSON", row.state.len());
}

criterion_group!(matcher, benches, study);
criterion_main!(matcher);
