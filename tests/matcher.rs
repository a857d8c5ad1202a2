//! The matcher on the shipped knowledge: accuracy floors on the truth files, honest rejection,
//! stable scores when the knowledge grows, and no panic on any input.

mod support;

use std::path::Path;
use std::sync::Arc;

use normbot::KnowledgeBase;
use normbot::eval;
use normbot::matcher::{Matcher, Outcome, Status, Thresholds};
use support::synthetic;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> Matcher {
    let kb = KnowledgeBase::load(&root().join("knowledge")).unwrap();
    Matcher::new(Arc::new(kb), Thresholds::default())
}

fn cases(file: &str) -> Vec<eval::Case> {
    eval::parse(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap()
}

fn report(matcher: &Matcher, files: &[&str]) -> eval::Report {
    let cases: Vec<eval::Case> = files.iter().flat_map(|f| cases(f)).collect();
    let report = eval::run(matcher, &cases);
    for miss in &report.misses {
        eprintln!("miss: {miss:?}");
    }
    eprintln!("{files:?}: accuracy {:.3}, rejection {:.3}", report.accuracy(), report.rejection());
    report
}

/// The floors are the figures reached when the matcher was last tuned, less a little: a change
/// that loses accuracy fails here.
#[test]
fn accuracy_floors_on_the_truth_files() {
    let matcher = shipped();
    floors(&matcher, &["eval/tune.jsonl", "eval/holdout.jsonl", "eval/fresh.jsonl"], (200, 40), 0.95, 0.95);
    // Written after the last tuning and never tuned on: the honest figure.
    floors(&matcher, &["eval/final.jsonl"], (100, 30), 0.95, 0.95);
}

/// The blind sets (eval/README.md): written from the paper alone by writers who never saw the
/// knowledge. The tuning part may be read and tuned on; the held-out part is only ever scored
/// as totals, and its floors are the figures it reached, less a little.
#[test]
fn accuracy_floors_on_the_blind_sets() {
    let matcher = shipped();
    let tuning = floors(&matcher, &["eval/blind-tune.jsonl"], (200, 85), 0.97, 0.92);
    let near = near_misses(&tuning);
    assert!(near >= 0.80, "blind tuning near misses rejected {near:.3}");
    // d: written on 2026-12-06 (session 10) from the paper alone, mostly paraphrases; 0.833,
    // 0.933 before it was tuned on, 0.887, 0.950 after.
    // Session 14 (English alias round 10): 0.940, 0.967.
    floors(&matcher, &["eval/blind-tune-d.jsonl"], (150, 60), 0.93, 0.95);
    // e: written on 2026-12-06 (session 10), mostly near misses; 0.975, 0.709 before it was tuned
    // on, 0.975, 0.782 after.
    // Session 14: 0.975, 0.855.
    floors(&matcher, &["eval/blind-tune-e.jsonl"], (40, 110), 0.95, 0.84);
    // j: written on 2026-12-06 (session 12) from the paper alone, every kind of question; 0.869,
    // 0.886 when first scored, before it was read; 0.869, 0.914 after the year and speed rules,
    // 0.881, 0.914 with alias round 9, 0.881, 0.929 when taking part is a detail.
    // Session 14: 0.912, 0.943.
    floors(&matcher, &["eval/blind-tune-j.jsonl"], (160, 70), 0.90, 0.93);
    // n: written on 2026-12-06 (session 13) from the paper alone, every kind; 0.900, 0.943 when
    // first scored, before it was read; 0.912, 0.971 at the session's end.
    // Session 14: 0.931, 0.971.
    floors(&matcher, &["eval/blind-tune-n.jsonl"], (160, 70), 0.92, 0.95);
    // o: written in session 13, mostly near misses (52 entity and 52 detail swaps); 0.925, 0.842
    // when first scored, 0.925, 0.858 at the session's end.
    // Session 14: 0.975, 0.883.
    floors(&matcher, &["eval/blind-tune-o.jsonl"], (40, 120), 0.95, 0.87);
    // q: written at session 14's start, mostly near misses (52 entity and 52 detail swaps) and
    // paraphrases; 0.863, 0.792 when first scored, 0.912, 0.875 at the session's end.
    floors(&matcher, &["eval/blind-tune-q.jsonl"], (80, 120), 0.90, 0.86);
    // s: written at session 15's start, mostly near misses and paraphrases; 0.887, 0.875 when
    // first scored, 0.887, 0.892 after the rule on a swapped name.
    floors(&matcher, &["eval/blind-tune-s.jsonl"], (80, 120), 0.88, 0.88);
}

/// Scores some truth files together and holds them to their size (in scope, out of scope) and
/// to floors of accuracy and rejection.
fn floors(matcher: &Matcher, files: &[&str], least: (usize, usize), accuracy: f64, rejection: f64) -> eval::Report {
    let report = report(matcher, files);
    assert!(report.in_scope >= least.0 && report.out_of_scope >= least.1, "{files:?}: too few questions");
    assert!(report.accuracy() >= accuracy, "{files:?}: accuracy {:.3}", report.accuracy());
    assert!(report.rejection() >= rejection, "{files:?}: rejection {:.3}", report.rejection());
    report
}

/// The blind parts, as totals: a, b and c were held out while the matcher was tuned on other
/// sets, then became tuning sets on 2026-12-04 (session 5); d is held out (never read), and its
/// questions are never printed, here or anywhere (eval/README.md). Floors: the figures each
/// reached, less a little.
#[test]
fn accuracy_floors_on_the_blind_held_out_parts() {
    let matcher = shipped();
    // Session 9: a 0.935, 0.987, 0.977; b 0.918, 0.973, 0.956; c 0.935, 0.960, 0.935; d 0.929,
    // 0.893, 0.822; e 0.894, 0.933, 0.886.
    // Session 10: a 0.941, 0.987, 0.977; b 0.929, 0.973, 0.956; c 0.953, 0.987, 0.978; d 0.941,
    // 0.920, 0.867; e 0.912, 0.947, 0.909; f 0.929, 0.907, 0.875.
    // Session 8 (phrasing round 5 and its rules): a 0.912 -> 0.935, b 0.906 -> 0.918 with the
    // same rejection, c 0.888 -> 0.918 in scope but one near miss more answered (0.933 -> 0.920).
    held_out_floors(&matcher, "eval/blind-holdout-a.jsonl", 0.92, 0.97, 0.95);
    held_out_floors(&matcher, "eval/blind-tune-b.jsonl", 0.92, 0.96, 0.93);
    held_out_floors(&matcher, "eval/blind-tune-c.jsonl", 0.94, 0.97, 0.95);
    // d: written on 2026-12-04 from the paper alone; 0.900, 0.827, 0.711 when first scored,
    // then 0.900, 0.867, 0.778 after the near-miss rules of session 5, and 0.900, 0.867 at its end.
    held_out_floors(&matcher, "eval/blind-holdout-d.jsonl", 0.93, 0.90, 0.84);
    // e: written on 2026-12-04 by another writer, scored first at the end of session 5 (0.882,
    // 0.907, 0.841); the matcher and knowledge of that session's start scored 0.847, 0.907, 0.841.
    held_out_floors(&matcher, "eval/blind-holdout-e.jsonl", 0.90, 0.93, 0.88);
    // f: written on 2026-12-05 (session 7) by a fifth writer, the blind figure: 0.888, 0.893 with
    // session 7's matcher; 0.900, 0.880, 0.833 with phrasing round 5 and its rules (session 8).
    // Session 9 (the proposer, maker and list rules, alias round 6): f 0.912, 0.907, 0.875.
    held_out_floors(&matcher, "eval/blind-holdout-f.jsonl", 0.91, 0.89, 0.85);
    // g: written on 2026-12-05 (session 9) by a sixth writer, the blind figure from now on:
    // 0.918, 0.947, 0.909 when first scored (with the maker and list rules), the same with alias
    // round 6.
    // Session 10 (detail after its word, what someone said, no stand-in for a missing kind of
    // answer, alias round 7, answers completed): g 0.965, 0.960, 0.932, its third scoring.
    held_out_floors(&matcher, "eval/blind-holdout-g.jsonl", 0.95, 0.95, 0.91);
    // h: written on 2026-12-06 (session 10) by a seventh writer, the blind figure from now on:
    // 0.906, 0.907, 0.867 with the matcher of the session's start, 0.929, 0.920, 0.889 after the
    // paraphrase work, the same at the end.
    held_out_floors(&matcher, "eval/blind-holdout-h.jsonl", 0.92, 0.91, 0.88);
    // i: written on 2026-12-06 (session 11) by an eighth writer, the blind figure from now on:
    // 0.918, 0.933, 0.909 with the matcher and knowledge of session 11's start, the same after
    // its alias and phrasing rounds, and the same in session 12 (homophones; then the year, speed
    // and Chinese rules with alias rounds 9 and zh-3). Session 12's end: d 0.941, 0.920; e 0.918,
    // 0.947; f 0.935, 0.893; g 0.971, 0.960; h 0.935, 0.920.
    held_out_floors(&matcher, "eval/blind-holdout-i.jsonl", 0.91, 0.92, 0.90);
    // k: written on 2026-12-06 (session 12) by a tenth writer, the blind figure from now on:
    // 0.953, 0.920, 0.864 when first scored, with the matcher and knowledge of the session's end.
    // k is no longer fully blind: one of its questions was printed by a search over every truth
    // file while a rule was checked (eval/README.md).
    held_out_floors(&matcher, "eval/blind-holdout-k.jsonl", 0.94, 0.91, 0.85);
    // l: written on 2026-12-06 (session 12) by an eleventh writer after all of the session's
    // matcher work, the blind figure from now on: 0.971, 0.947, 0.913 when first scored.
    // Session 13 (specifics of role, kindred units, ordinals, bodies by name; the gazetteer's
    // Chinese names): d 0.947, 0.933; e 0.918, 0.973; f 0.935, 0.893; g 0.971, 0.960; h 0.929,
    // 0.947; i 0.918, 0.960; k 0.953, 0.933; l 0.971, 0.973, 0.957 (its second scoring).
    held_out_floors(&matcher, "eval/blind-holdout-l.jsonl", 0.96, 0.96, 0.93);
    // m: written on 2026-12-06 (session 13) by a twelfth writer, the blind figure from now on:
    // 0.941, 0.893, 0.833 with the matcher of the session's start, the same twice more at its end.
    // Session 14 (when-did, article numbers, a call by another name, the EU a polity; a name
    // alone is no topic; alias rounds 10 and zh-4): m 0.941, 0.920, 0.875 (third and fourth
    // scorings); d 0.941, 0.933; g 0.971, 0.973; h 0.924, 0.947; the rest unchanged.
    held_out_floors(&matcher, "eval/blind-holdout-m.jsonl", 0.93, 0.90, 0.86);
    // p: written at session 14's start by a fourteenth writer, the blind figure from now on:
    // 0.924, 0.973, 0.956 with the matcher of the session's start, the same twice more.
    held_out_floors(&matcher, "eval/blind-holdout-p.jsonl", 0.91, 0.96, 0.94);
    // r: written at session 15's start by a fifteenth writer, the blind figure from now on:
    // 0.953, 0.960, 0.957 with the matcher of the session's start, the same after its rules and
    // Chinese phrasing round.
    held_out_floors(&matcher, "eval/blind-holdout-r.jsonl", 0.94, 0.94, 0.93);
}

/// Questions in Chinese (issue 14): the tuning parts, and the blind held-out parts written from
/// the paper alone, as totals only. zh-holdout-2 (session 7): 0.730, 0.800 when first scored,
/// 0.730, 0.780 after session 10, 0.780, 0.820 in session 11. zh-holdout-3 (session 11): 0.690,
/// 0.860 with the matcher of the session's start, then 0.680, 0.920 (Chinese near-miss rules),
/// 0.730, 0.920 (alias and phrasing rounds), 0.740, 0.920 (Chinese thresholds and chit-chat),
/// 0.750, 0.920 (homophone slips mended, session 12), 0.780, 0.900 (session 12's rules and alias
/// rounds: one more near miss answered); zh-holdout-2 0.790, 0.860 then. zh-tune-3 (session 12):
/// 0.750, 0.900 when first scored, 0.758, 0.900 with homophones mended, 0.758, 0.960 with 几条 and
/// jieba's names, 0.850, 0.960 with Chinese alias round 3. zh-holdout-4 (session 12, the Chinese
/// blind figure then): 0.800, 0.840 when first scored, at the session's end. Session 13: zh-tune-4
/// 0.858, 0.900 when first scored, 0.858, 0.940 at the end; zh-tune-5 (mostly near misses) 0.825,
/// 0.680 then 0.825, 0.760; zh-holdout-5 (the Chinese blind figure from now on) 0.820, 0.780 with
/// the matcher of the session's start, 0.820, 0.860 at its end; zh-holdout-4 0.800, 0.860.
/// Session 14: zh-tune-6 (paraphrase-heavy) 0.760, 0.900 when first scored, 0.950, 0.920 after
/// Chinese alias round 4 (written from its misses); zh-holdout-6 (the Chinese blind figure from
/// now on) 0.850, 0.900 at the session's start and end; zh-holdout 0.905, 0.879; -2 0.830, 0.900;
/// -3 0.810, 0.940; -4 0.810, 0.860; -5 0.840, 0.880. Session 15: zh-tune-7 (paraphrases and near
/// misses) 0.800, 0.783 when first scored; zh-holdout-7 (the Chinese blind figure from now on)
/// 0.800, 1.000 at the session's start, 0.870, 0.980 after the colloquial Chinese phrasing round
/// (written from the paper and the knowledge only) and the rules; the older held-out parts then:
/// zh-holdout 0.905, 0.879; -2 0.820, 0.900; -3 0.860, 0.920; -4 0.870, 0.860; -5 0.930, 0.920;
/// -6 0.890, 0.860. zh-holdout-8, written after the session's rules, threshold and phrasing round:
/// 0.890, 0.940, then 0.900, 0.940 with chat fillers as stop words (the matcher and knowledge of the
/// session's start: 0.800, 0.900). zh-holdout-9, written after every change and every decision
/// informed by held-out totals, scored once: 0.880, 0.840 (the session's start: 0.830, 0.880).
#[test]
fn accuracy_floors_in_chinese() {
    let matcher = shipped();
    let sets = [
        ("eval/zh-tune.jsonl", (85, 47), 0.92, 0.87),
        ("eval/zh-tune-2.jsonl", (100, 50), 0.91, 0.92),
        ("eval/zh-tune-3.jsonl", (120, 50), 0.90, 0.94),
        ("eval/zh-holdout.jsonl", (95, 33), 0.89, 0.84),
        ("eval/zh-holdout-2.jsonl", (100, 50), 0.81, 0.88),
        ("eval/zh-holdout-3.jsonl", (100, 50), 0.85, 0.90),
        ("eval/zh-holdout-4.jsonl", (100, 50), 0.86, 0.84),
        ("eval/zh-tune-4.jsonl", (120, 50), 0.91, 0.96),
        ("eval/zh-tune-5.jsonl", (40, 100), 0.85, 0.82),
        ("eval/zh-holdout-5.jsonl", (100, 50), 0.92, 0.90),
        ("eval/zh-tune-6.jsonl", (100, 50), 0.95, 0.90),
        ("eval/zh-holdout-6.jsonl", (100, 50), 0.88, 0.84),
        ("eval/zh-tune-7.jsonl", (100, 60), 0.88, 0.80),
        ("eval/zh-holdout-7.jsonl", (100, 50), 0.86, 0.96),
        ("eval/zh-holdout-8.jsonl", (100, 50), 0.89, 0.92),
        ("eval/zh-holdout-9.jsonl", (100, 50), 0.87, 0.82),
    ];
    for (file, least, accuracy, rejection) in sets {
        let report = eval::run(&matcher, &cases(file));
        let totals = format!("{file}: accuracy {:.3}, rejection {:.3}", report.accuracy(), report.rejection());
        eprintln!("{totals}");
        assert!(report.in_scope >= least.0 && report.out_of_scope >= least.1, "{totals}");
        assert!(report.accuracy() >= accuracy && report.rejection() >= rejection, "{totals}");
    }
}

fn held_out_floors(matcher: &Matcher, file: &str, accuracy: f64, rejection: f64, near_floor: f64) {
    let held_out = eval::run(matcher, &cases(file));
    let near = near_misses(&held_out);
    let totals = format!(
        "{file}: accuracy {:.3}, rejection {:.3}, near misses {near:.3}",
        held_out.accuracy(),
        held_out.rejection()
    );
    eprintln!("{totals}");
    assert!(held_out.in_scope >= 170 && held_out.out_of_scope >= 75, "{totals}");
    assert!(held_out.accuracy() >= accuracy && held_out.rejection() >= rejection && near >= near_floor, "{totals}");
}

/// The share of near misses (entity and detail swaps) that were refused.
fn near_misses(report: &eval::Report) -> f64 {
    let (passed, total) = ["entity_swap", "detail_swap"]
        .iter()
        .filter_map(|k| report.by_kind.get(*k))
        .fold((0, 0), |(p, t), (kp, kt)| (p + kp, t + kt));
    eval::ratio(passed, total)
}

/// The shapes of near miss that independent writers of truth sets kept finding: a US figure
/// answered from "US dollars", a pair of countries that never agreed, a count the paper gives
/// otherwise, a view on a topic it does not give, a speed. Each is refused; the questions the
/// paper does answer in the same words still are.
#[test]
fn near_misses_that_share_every_word_but_one_are_refused() {
    let matcher = shipped();
    let answered = |q: &str| match matcher.ask(q) {
        Outcome::Answered { entry, .. } => Some(matcher.entry(entry).id.clone()),
        _ => None,
    };
    for question in [
        "How big was the US digital economy in 2020?",
        "When did the UK and India agree on the cyber espionage norm?",
        "What were the other five norms in Microsoft's 2014 proposal?",
        "What does the Tallinn Manual 2.0 say about cyber espionage?",
        "How fast was the Sprint line in 1994?",
        "How much does a printed copy of the series cost?",
        "what share of indias gdp is the digital economy",
        // Who took part, where the paper tells only who made it; how fast, where it gives a size.
        "Which states have joined the Contract for the Web?",
        "Which governments endorsed the Global Data Security Initiative?",
        "How fast did China's digital economy grow in 2020?",
        // The same shapes asked in Chinese: another country, a growth rate, a person's view.
        "德国的数字经济占GDP的多少？",
        "中国数字经济的增速是多少",
        "普京对网络主权怎么看",
        // A place or a school of thought the paper does not give it for, a pair that never
        // agreed, a speaker it never names, a penalty and a chair it never gives.
        "香港的互联网用户有多少？",
        "墨家思想在作者的光谱上属于哪一端？",
        "What does the paper say Mohism stands for on the spectrum?",
        "中俄两国哪一年达成了网络间谍共识？",
        "日本政府怎么回应网络主权这个说法？",
        "违反欧盟网络安全法会受到什么处罚？",
        "十一届三中全会由谁主持？",
        // A meeting the paper never names, asked for with a Chinese "which".
        "习近平在哪个峰会上宣布了网络主权？",
        // Another city than the paper's two, in Chinese and in English.
        "上海和广州的网约车政策有什么不同？",
        "How do Shanghai's ride-sharing rules differ from Guangzhou's?",
        // A month the paper does not give, and how many wars.
        "清洁网络计划是哪年哪月正式启动的？",
        "国耻时期中国一共经历了多少场战争？",
        // A list the paper counts but does not give, and a sender it does not name.
        "What do the other papers in the Cyberstability Series argue?",
        "What are the eight principles of the Contract for the Web?",
        "Who sent China's first email to Germany in 1987?",
        "What were the other five Microsoft norms besides the one on backdoors?",
        // Every one of a list the paper tells only some of.
        "Please list all eight norms of the GCSC package",
        "What are the eight GCSC norms, one by one?",
        // A body or places by name, where the entry names none.
        "Which German university did China's first email reach?",
        // Another law than the entry's, and a maker asked with "composed".
        "When did China pass its cybersecurity law?",
        "Who composed China's national anthem?",
        // A detail asked for by a word the entry lacks, and the words around it do not help.
        "What military budget does the Leading Small Group have?",
        "Which emperor unified China in 221 BC?",
        // Words or views of a body the entry never names.
        "What did the European Union say about the Clean Network Initiative?",
        "What is Japan's position on the Paris Call?",
        // A maker the paper does not name, asked with a word between "who" and the verb.
        "Who actually drafted the Tallinn Manual?",
        "who really sent the first chinese email",
        // A role the paper never gives: who chairs or oversees a body it names.
        "Who chairs the Leading Small Group?",
        "Which body oversees the Contract for the Web?",
        // A body the knowledge never names, of the kind of one it does (the Hoover Institution).
        "What seminar series did the Cato Institution run on the rise of digital authoritarianism?",
        "Which seminar on digital authoritarianism did the Brookings Institution organise?",
        // One place in a list the paper does not order.
        "微软那六条规范里第四条讲的是什么",
        "What was the second of the six norms Microsoft proposed in December 2014?",
        // "When did …" of an entry that gives no date, nor a condition.
        "When did China join the WTO?",
        "When did Xu Peixi get his doctorate from CUC?",
        // Another article, another call by a name the paper never uses, the EU's figure.
        "What does Article 19 of the International Covenant on Civil and Political Rights prohibit?",
        "How many principles does the Christchurch Call contain?",
        "What is the value of the EU's digital economy in euros?",
        // Who founded a body, where the paper says who directs it.
        "Who founded the Global Internet Governance Studies Center?",
        // An entry that shares only a country's name is about something else.
        "How many Internet users does Canada have?",
        "When was the Leading Small Group for Cybersecurity and Informatization upgraded into a commission?",
        // Another speaker for China's comment: not the card that names the EU for its own law.
        "What did the European Union comment on the OEWG pre-draft regarding the public core concept?",
    ] {
        assert_eq!(answered(question), None, "{question:?}");
    }
    for (question, id) in [
        ("How much was China's digital economy worth in US dollars?", "digital-economy-size"),
        ("When did China and Britain reconfirm the cyber espionage norm?", "espionage-norm-bilateral-reconfirmations"),
        // The paper's own cities, and Beijing standing for China's government.
        ("How do Beijing and Shenzhen differ on ride-sharing?", "beijing-shenzhen-ride-sharing"),
        ("When did Beijing propose cyber sovereignty?", "cyber-sovereignty-proposal"),
        ("北京什么时候提出网络主权", "cyber-sovereignty-proposal"),
        ("What does the Tallinn Manual 2.0 say about propaganda?", "tallinn-manual"),
        ("中国数字经济占GDP的多少", "digital-economy-gdp-share"),
        ("網絡主權是誰提出的", "cyber-sovereignty"),
        // A book asked for with a Chinese "which", where the entry cites one.
        ("讲游牧民族入侵时作者引用了哪本书？", "ray-huang-source"),
        // Lists the paper gives are answered.
        ("What are the four norms?", "four-norm-examples"),
        ("Name the four theories of the press the paper lists.", "four-theories-list"),
        // The paper tells of some of the GCSC's eight norms.
        ("What are the eight norms of the GCSC?", "gcsc"),
        ("Which pairs of countries reconfirmed the espionage norm?", "espionage-norm-bilateral-reconfirmations"),
        ("When did China pass its marriage law?", "gender-equality-marriage-law"),
        // A first word that qualifies or measures what is asked: the entry has the word after it.
        ("What span of years did China's era of national humiliation last?", "era-of-national-humiliation"),
        ("Which national advisory body is Xu a member of?", "author-mag-china-igf"),
        // A date or a condition answers "when did …"; the article the paper names is answered.
        ("When was the Leading Small Group for Cybersecurity and Informatization established?", "leading-small-group"),
        ("when did the nomads invade china", "nomad-invasions"),
        ("What does Article 20 of the ICCPR prohibit?", "iccpr-article-20"),
    ] {
        let got = answered(question);
        assert!(got.as_deref().is_some_and(|got| got.starts_with(id)), "{question:?}: {got:?}");
    }
}

/// The examples of issue 11, as a new user typed them: each gets its right answer, or "not in
/// the paper" with the closest topics, and for a swapped country or person, what the paper says
/// instead, marked as such.
#[test]
fn a_question_about_another_country_or_detail_never_gets_chinas_figure() {
    let matcher = shipped();
    let answered = |q: &str| match matcher.ask(q) {
        Outcome::Answered { entry, .. } => Some(matcher.entry(entry).id.clone()),
        _ => None,
    };
    assert_eq!(answered("wat r the 4 norms xu talks abt").as_deref(), Some("four-norm-examples"));
    assert_eq!(answered("digital economy size").as_deref(), Some("digital-economy-size"));
    for (question, given) in [
        ("what share of the US economy is digital?", Some("digital-economy-gdp-share")),
        ("How much was Japan's digital economy worth in 2020?", Some("digital-economy-size")),
        ("What share of Germany's GDP is the digital economy?", Some("digital-economy-gdp-share")),
        ("How many people work in China's digital economy?", Some("internet-users-number")),
        ("What did Brazil say about the Global Data Security Initiative?", None),
        ("What budget does the Leading Small Group have?", None),
        ("what did Obama say about the Great Firewall", Some("great-firewall-2003")),
    ] {
        let reply = normbot::reply::Reply::to(&matcher, question);
        assert_ne!(reply.status, Status::Answered, "{question:?} was answered: {:?}", reply.answer.map(|a| a.id));
        assert!(!reply.suggestions.is_empty(), "{question:?}: no closest topics");
        let instead = reply.instead.unwrap_or_else(|| panic!("{question:?}: no word of what the paper gives"));
        assert!(instead.note.starts_with("The paper does not") || instead.note.starts_with("The paper gives no"));
        if let Some(given) = given {
            assert_eq!(instead.answer.id, given, "{question:?}");
        }
    }
    let germany = normbot::reply::Reply::to(&matcher, "What share of Germany's GDP is the digital economy?");
    let instead = germany.instead.unwrap();
    assert!(instead.note.contains("Germany") && instead.note.contains("China"), "{}", instead.note);
    assert!(instead.gist.contains("38.6") && instead.answer.sources.iter().any(|s| s.endnote == 5));
}

/// The same near misses asked in Chinese: a name jieba does not know (cut into characters), a
/// question word jieba cuts in two ("哪 年"), "which countries" where the entry names none, a
/// maker asked by its noun ("作曲人是谁": who composed it), a count the paper does not give
/// ("几项": how many items), a foreign name jieba knows as pieces of names (马斯克, Musk).
#[test]
fn chinese_near_misses_are_refused_too() {
    let matcher = shipped();
    for question in [
        "谷歌发布过哪些网络规范？",
        "塔林手册2.0是哪年写成的",
        "哪些国家批评了网络主权",
        "國歌的作曲人是誰",
        "联合国政府专家组的共识报告有几项建议？",
        "马斯克对网络主权怎么看",
        // Australia, fused by jieba with the "and" before it, where the paper names other pairs.
        "中國和澳洲在哪一年重申了不竊取知識產權的網絡間諜規範?",
        // How many companies signed it: a count of something the entry never counts.
        "Contract for the Web 有几家公司签署",
        // By how much something fell: a change the paper never measures.
        "网络间谍规范签了以后中国遭到的黑客攻击下降了多少",
        // Bodies by their Chinese names: BRICS and ASEAN, where the paper tells of the SCO.
        "金砖国家向联合国提交过什么信息安全行为准则",
        "东盟提交给联合国的信息安全行为准则叫什么",
        // Which countries backed it: who took part, which the paper does not list.
        "哪几个国家支持清洁网络计划",
        // When, of an entry with no date; a vote; an entry that shares only a country's name.
        "中国什么时候加入WTO",
        "中国对OEWG最终报告投赞成票了吗",
        "加拿大有多少互联网用户？",
        // Who compiled it, a market value: a maker and a detail the paper does not give.
        "《塔林手册2.0》是谁编写的？",
        "字节跳动和美团的市值分别是多少？",
        // A question that shares one character with an entry (链: the supply chain) and
        // nothing else.
        "区块链的原理是啥",
    ] {
        let outcome = matcher.ask(question);
        assert!(!matches!(outcome, Outcome::Answered { .. }), "{question:?}: {outcome:?}");
    }
    // The same words with nothing asked that the entries lack are still answered, and
    // "specifically" or "refers to" does not lead elsewhere.
    for (question, id) in [
        ("塔林手册2.0说了什么", "tallinn-manual"),
        ("全球数据安全倡议是什么", "global-initiative-on-data-security"),
        ("游牧民族啥时候打过来", "nomad-invasions"),
        ("中国有多少网民", "internet-users-number"),
        ("微软提了几条规范", "microsoft"),
        ("网络主权具体指什么？", "cyber-sovereignty"),
        ("作者具体是哪个大学的", "author"),
    ] {
        let outcome = matcher.ask(question);
        let Outcome::Answered { entry, .. } = outcome else { panic!("{question:?}: {outcome:?}") };
        assert!(matcher.entry(entry).id.starts_with(id), "{question:?}: {}", matcher.entry(entry).id);
    }
}

#[test]
fn acronyms_are_the_names_they_stand_for() {
    let matcher = shipped();
    for question in ["What is the U.S. share of the digital economy?", "what share of the US economy is digital"] {
        let reply = normbot::reply::Reply::to(&matcher, question);
        assert_ne!(reply.status, Status::Answered, "{question:?}");
        assert!(reply.instead.is_some_and(|i| i.note.contains("United States")), "{question:?}");
    }
    // "us" in lower case is still the pronoun.
    assert!(matches!(matcher.ask("tell us about the public core norm"), Outcome::Answered { .. }));
}

#[test]
fn every_shared_dev_question_passes() {
    let dev = root().join("../shared/eval/dev-questions.jsonl");
    let Ok(text) = std::fs::read_to_string(&dev) else {
        eprintln!("skipped: {} is not here", dev.display());
        return;
    };
    let report = eval::run(&shipped(), &eval::parse(&text).unwrap());
    assert!(report.misses.is_empty(), "{:#?}", report.misses);
}

#[test]
fn questions_outside_the_paper_are_not_answered_from_common_words() {
    let matcher = shipped();
    for question in [
        "what is the",
        "what is the Budapest Convention?",
        "what is GDPR",
        "quantum",
        "what is the capital of australia",
        "who is the best",
        "",
        "?!?",
    ] {
        let outcome = matcher.ask(question);
        assert!(!matches!(outcome, Outcome::Answered { .. }), "{question:?} was answered: {outcome:?}");
    }
}

#[test]
fn typos_and_casual_wording_still_find_the_entry() {
    let matcher = shipped();
    for (question, id) in [
        ("wat is the publc core norm", "public-core-norm"),
        ("great firewall year", "great-firewall-2003"),
        ("how big is china's digital economy", "digital-economy-size"),
    ] {
        match matcher.ask(question) {
            Outcome::Answered { entry, .. } => assert_eq!(matcher.entry(entry).id, id, "{question:?}"),
            other => panic!("{question:?}: {other:?}"),
        }
    }
}

/// Chinese typed on a pinyin keyboard slips to a word of the same sound: 网落主全 for 网络主权,
/// 四诺登 for 斯诺登 (Snowden), 冷站 for 冷战 (the Cold War).
#[test]
fn chinese_homophone_slips_still_find_the_entry() {
    let matcher = shipped();
    let answered = |question: &str| match matcher.ask(question) {
        Outcome::Answered { entry, .. } => matcher.entry(entry).id.clone(),
        other => panic!("{question:?}: {other:?}"),
    };
    for (slip, written, id) in [
        ("网落主全是谁提的", "网络主权是谁提的", "cyber-sovereignty-proposal"),
        ("四诺登揭露了什么", "斯诺登揭露了什么", "snowden-"),
        ("冷站思维是什么", "冷战思维是什么", "orientalism-cold-war-huntington"),
    ] {
        let (mended, right) = (answered(slip), answered(written));
        assert_eq!(mended, right, "{slip:?} is read as {written:?}");
        assert!(mended.starts_with(id), "{slip:?}: {mended}");
    }
}

#[test]
fn the_same_question_always_gets_the_same_outcome() {
    let matcher = shipped();
    let again = shipped();
    for case in cases("eval/tune.jsonl").iter().take(60) {
        assert_eq!(matcher.ask(&case.q), matcher.ask(&case.q));
        assert_eq!(matcher.rank(&case.q), again.rank(&case.q), "{}", case.q);
    }
}

#[test]
fn scores_are_between_0_and_1() {
    let matcher = shipped();
    for case in cases("eval/tune.jsonl") {
        for candidate in matcher.rank(&case.q) {
            assert!((0.0..=1.0).contains(&candidate.score), "{}: {}", case.q, candidate.score);
        }
    }
}

/// A score means the same when entries are added: 1,000 more entries, sharing words with the
/// paper, leave nearly every outcome of the truth file as it was and move scores very little.
#[test]
fn scores_hold_when_the_knowledge_grows() {
    let paper = root().join("knowledge/xu-2021");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&paper)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let base = Matcher::new(
        Arc::new(KnowledgeBase::from_texts(files.iter().map(|(n, t)| (n.as_str(), t.clone()))).unwrap()),
        Thresholds::default(),
    );
    let real_words: Vec<String> =
        ["china", "internet", "norm", "cyber", "security", "paper", "state", "global", "digital", "governance"]
            .iter()
            .map(|w| w.to_string())
            .collect();
    files.push(("zz-synthetic.toml".into(), synthetic::qa_entries(1000, 7, 33, &real_words)));
    let grown = Matcher::new(
        Arc::new(KnowledgeBase::from_texts(files.iter().map(|(n, t)| (n.as_str(), t.clone()))).unwrap()),
        Thresholds::default(),
    );

    let cases = cases("eval/tune.jsonl");
    let (mut same, mut drift) = (0, 0.0f32);
    let answered = |m: &Matcher, q: &str| match m.ask(q) {
        Outcome::Answered { entry, .. } => Some(m.entry(entry).id.clone()),
        _ => None,
    };
    for case in &cases {
        same += usize::from(answered(&base, &case.q) == answered(&grown, &case.q));
        let best = |m: &Matcher| m.rank(&case.q).first().map_or(0.0, |c| c.score);
        drift += (best(&base) - best(&grown)).abs();
    }
    let agreement = same as f32 / cases.len() as f32;
    let mean_drift = drift / cases.len() as f32;
    eprintln!("same outcome {agreement:.3}, mean drift of the best score {mean_drift:.4}");
    assert!(agreement >= 0.95, "same outcome for {agreement}");
    assert!(mean_drift <= 0.03, "mean drift {mean_drift}");
}

#[test]
fn hostile_questions_do_not_panic() {
    let matcher = shipped();
    let huge = "public core ".repeat(10_000);
    let emoji = "😀".repeat(10_000);
    let one_word = "x".repeat(100_000);
    for question in [
        huge.as_str(),
        emoji.as_str(),
        one_word.as_str(),
        "\u{0}\u{1}\u{7f}",
        "\u{202E}mron eroc cilbup\u{202C}",
        "p\u{200B}u\u{200D}blic c\u{FEFF}ore",
        "@everyone what is the public core norm",
        "```rust\nfn main() {}\n``` **bold** ||spoiler||",
        "العربية 中文 हिन्दी",
        "the the the the of of of what what",
    ] {
        let _ = matcher.ask(question);
        let _ = matcher.explain(question, 5);
    }
}
