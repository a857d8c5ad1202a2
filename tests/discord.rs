//! The Discord bot end to end: serenity's real gateway and HTTP code against the loopback
//! Discord-compatible server in `support::discord_server`. No network, no real token.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use normbot::KnowledgeBase;
use normbot::config::Config;
use normbot::live::LiveKnowledge;
use normbot::matcher::Matcher;
use normbot::reply::Reply;
use serde_json::{Value, json};
use support::bot::{Binary, Bot, assert_no_mentions, embed, moderator, shipped};
use support::discord_server::{self as server, FakeDiscord, TOKEN};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_its_commands_in_the_configured_server() {
    let bot = Bot::start(|_| {}).await;
    let path = format!("/api/v10/applications/{}/guilds/{}/commands", server::APP_ID, server::GUILD_ID);
    let call = bot.server.wait_call(0, |c| c.method == "PUT" && c.path == path).await;
    let names: Vec<&str> = call.body.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    let expected = [
        "ask",
        "norm",
        "source",
        "topics",
        "quiz",
        "leaderboard",
        "compare",
        "timeline",
        "about",
        "help",
        "stats",
        "review",
        "teach",
        "reload",
    ];
    assert_eq!(names, expected);
    for moderator in &call.body.as_array().unwrap()[10..] {
        assert_eq!(moderator["default_member_permissions"], "32", "Manage Server");
    }
    let ask = &call.body[0];
    assert_eq!(ask["options"][0]["name"], "question");
    assert_eq!(ask["options"][0]["required"], true);
    assert_eq!(ask["options"][1]["type"], 5);
    assert_eq!(call.body[1]["options"][0]["autocomplete"], true);
    assert_eq!(call.body[2]["options"][0]["max_value"], 33);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_with_the_same_entry_as_the_core() {
    let bot = Bot::start(|_| {}).await;
    let question = "what is the public core of the internet?";
    let callback = bot.ask(2001, 7, question).await;
    assert_eq!(callback["type"], 4);
    assert_no_mentions(&callback);
    let core = Reply::to(&bot.matcher, question);
    let answer = core.answer.expect("the core answers it");
    assert_eq!(embed(&callback)["title"], answer.title);
    let fields = embed(&callback)["fields"].as_array().unwrap();
    let sources = fields.iter().find(|f| f["name"] == "Sources").expect("a Sources field");
    assert!(sources["value"].as_str().unwrap().contains("[24]"));
    assert!(embed(&callback)["footer"]["text"].as_str().unwrap().contains("Xu Peixi"));
    let flags = callback["data"]["flags"].as_u64().unwrap_or(0);
    assert_eq!(flags & 64, 0, "public by default");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ambiguous_questions_offer_buttons_that_open_the_answer() {
    // A wide margin makes close questions ambiguous, as an operator may configure it.
    let bot = Bot::start(|c| {
        c.matcher.margin = 0.5;
        c.matcher.sure = 1.0;
        c.matcher.lead = 1.0;
    })
    .await;
    let callback = bot.ask(2002, 7, "internet governance china").await;
    assert!(callback["data"]["content"].as_str().unwrap().starts_with("Did you mean"), "{callback:#}");
    let buttons = callback["data"]["components"][0]["components"].as_array().unwrap();
    assert!((2..=3).contains(&buttons.len()), "{buttons:#?}");
    let custom_id = buttons[1]["custom_id"].as_str().unwrap().to_owned();
    let label = buttons[1]["label"].as_str().unwrap().to_owned();
    let opened = bot.server.interact(server::component(2003, 7, &custom_id, &[])).await;
    assert_eq!(
        embed(&opened)["title"].as_str().unwrap().chars().take(40).collect::<String>(),
        label.chars().take(40).collect::<String>()
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_outside_the_paper_get_a_polite_no() {
    let bot = Bot::start(|_| {}).await;
    let callback = bot.ask(2004, 7, "what is the capital of australia").await;
    let content = callback["data"]["content"].as_str().unwrap();
    assert!(content.contains("couldn't find that"), "{content}");
    assert!(embed(&callback).is_null());
    assert_no_mentions(&callback);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_questions_and_hurried_students_are_refused_privately() {
    let bot = Bot::start(|c| c.discord.cooldown_seconds = 60.0).await;
    let long = "why ".repeat(150);
    let callback = bot.ask(2005, 7, &long).await;
    assert_eq!(callback["data"]["flags"], 64, "ephemeral");
    assert!(callback["data"]["content"].as_str().unwrap().contains("500"));

    let first = bot.ask(2006, 8, "great firewall year").await;
    assert!(embed(&first)["title"].is_string());
    let second = bot.ask(2007, 8, "great firewall year").await;
    assert_eq!(second["data"]["flags"], 64);
    assert!(second["data"]["content"].as_str().unwrap().contains("ask again"), "{second:#}");
    let other = bot.ask(2008, 9, "great firewall year").await;
    assert!(embed(&other)["title"].is_string(), "the cooldown is per student");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_in_a_question_never_pings() {
    let bot = Bot::start(|_| {}).await;
    for (id, question) in
        [(2009, "@everyone what is the public core norm"), (2010, "@here <@&123> <@456> ```x``` qwertyuiop")]
    {
        let callback = bot.ask(id, 7, question).await;
        assert_no_mentions(&callback);
        let text = callback["data"].to_string();
        assert!(!text.contains("@everyone") && !text.contains("@here") && !text.contains("<@"), "{text}");
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn norm_and_source_autocomplete_and_open_cards() {
    let bot = Bot::start(|_| {}).await;
    let choices = bot.server.interact(server::autocomplete(2011, 7, "norm", "name", 3, "public co")).await;
    assert_eq!(choices["type"], 8);
    let list = choices["data"]["choices"].as_array().unwrap();
    assert!(list.iter().any(|c| c["value"] == "public-core-norm"), "{list:#?}");

    let options = json!([{"name": "name", "type": 3, "value": "public-core-norm"}]);
    let card = bot.server.interact(server::command(2012, 7, "norm", options)).await;
    assert!(embed(&card)["title"].as_str().unwrap().contains("Public Core"));
    let fields = embed(&card)["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["name"] == "In its own words"));

    let choices = bot.server.interact(server::autocomplete(2013, 7, "source", "number", 4, "2")).await;
    let list = choices["data"]["choices"].as_array().unwrap();
    assert!(list.iter().any(|c| c["value"] == 24), "{list:#?}");
    let options = json!([{"name": "number", "type": 4, "value": 5}]);
    let source = bot.server.interact(server::command(2014, 7, "source", options)).await;
    assert_eq!(embed(&source)["title"], "Endnote 5");
    assert!(embed(&source)["description"].as_str().unwrap().contains("White Paper"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn topics_browse_sections_then_questions() {
    let bot = Bot::start(|_| {}).await;
    let topics = bot.server.interact(server::command(2015, 7, "topics", json!([]))).await;
    let menu = &topics["data"]["components"][0]["components"][0];
    assert_eq!(menu["custom_id"], "topics");
    let section = bot.server.interact(server::component(2016, 7, "topics", &["development"])).await;
    assert!(embed(&section)["title"].as_str().unwrap().to_lowercase().contains("development"));
    let questions = &section["data"]["components"][0]["components"][0];
    let first = questions["options"][0]["value"].as_str().unwrap().to_owned();
    let answer = bot.server.interact(server::component(2017, 7, "open:menu", &[&first])).await;
    assert!(embed(&answer)["description"].is_string());

    let about = bot.server.interact(server::command(2018, 7, "about", json!([]))).await;
    assert!(embed(&about)["description"].as_str().unwrap().contains("Xu Peixi"));
    let help = bot.server.interact(server::command(2019, 7, "help", json!([]))).await;
    assert!(help["data"]["content"].as_str().unwrap().contains("/ask"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_gateway_is_resumed_and_answers_go_on() {
    let bot = Bot::start(|_| {}).await;
    assert!(embed(&bot.ask(2020, 7, "great firewall year").await)["title"].is_string());
    bot.server.drop_gateway();
    let deadline = Instant::now() + Duration::from_secs(30);
    while bot.server.resumes() + bot.server.identifies() < 2 {
        assert!(Instant::now() < deadline, "the bot did not come back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bot.server.wait_connected().await;
    assert!(bot.server.resumes() >= 1, "the session was re-identified, not resumed");
    assert!(embed(&bot.ask(2021, 7, "great firewall year").await)["title"].is_string());
    bot.stop().await;
}

/// Waits until each interaction in `ids` has had its callback; panics if one had two.
async fn wait_answered(bot: &Bot, ids: std::ops::Range<u64>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let mut counts = std::collections::HashMap::new();
        for call in bot.server.calls().iter().filter(|c| c.path.ends_with("/callback")) {
            let id: u64 = call.path.split('/').nth(4).unwrap().parse().unwrap();
            *counts.entry(id).or_insert(0) += 1;
        }
        assert!(ids.clone().all(|id| counts.get(&id).copied().unwrap_or(0) <= 1), "an interaction answered twice");
        let answered = ids.clone().filter(|id| counts.contains_key(id)).count();
        if answered == ids.clone().count() {
            return;
        }
        assert!(Instant::now() < deadline, "{answered} of {} answered", ids.clone().count());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The gateway drops in the middle of a burst: the session is RESUMED and what was sent during
/// the outage is replayed and answered, once each. Then a resume is refused (INVALID_SESSION):
/// the bot identifies again and answers on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_drops_mid_burst_are_resumed_or_reidentified_and_nothing_is_lost() {
    let bot = Bot::start(|_| {}).await;
    let ask = |id: u64| {
        let options = json!([{"name": "question", "type": 3, "value": "great firewall year"}]);
        server::command(id, 60_000 + id % 50, "ask", options)
    };
    for id in 20_000..20_200 {
        bot.server.dispatch("INTERACTION_CREATE", ask(id));
    }
    bot.server.drop_gateway();
    for id in 20_200..20_400 {
        bot.server.dispatch("INTERACTION_CREATE", ask(id));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while bot.server.resumes() == 0 {
        assert!(Instant::now() < deadline, "the bot did not resume");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for id in 20_400..20_500 {
        bot.server.dispatch("INTERACTION_CREATE", ask(id));
    }
    wait_answered(&bot, 20_000..20_500).await;
    assert_eq!((bot.server.identifies(), bot.server.lost()), (1, 0));
    bot.server.refuse_next_resume();
    bot.server.drop_gateway();
    let deadline = Instant::now() + Duration::from_secs(30);
    while bot.server.identifies() < 2 {
        assert!(Instant::now() < deadline, "the bot did not identify again after INVALID_SESSION");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    bot.server.wait_connected().await;
    for id in 20_500..20_600 {
        bot.server.dispatch("INTERACTION_CREATE", ask(id));
    }
    wait_answered(&bot, 20_000..20_600).await;
    assert_eq!(bot.server.lost(), 0);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_guild_ids_the_commands_are_registered_globally() {
    let bot = Bot::start(|c| c.discord.guild_ids.clear()).await;
    let path = format!("/api/v10/applications/{}/commands", server::APP_ID);
    let call = bot.server.wait_call(0, |c| c.method == "PUT" && c.path == path).await;
    assert_eq!(call.body.as_array().unwrap().len(), 14);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mention_mode_answers_a_mention_in_the_channel() {
    let bot = Bot::start(|c| c.discord.mention_mode = true).await;
    let since = bot.server.calls().len();
    let content = format!("<@{}> what is the public core norm?", server::APP_ID);
    bot.server.dispatch("MESSAGE_CREATE", server::channel_message(2022, 7, &content, true));
    let call = bot.server.wait_call(since, |c| c.method == "POST" && c.path.ends_with("/messages")).await;
    assert!(call.body["embeds"][0]["title"].as_str().unwrap().contains("Public Core"), "{:#}", call.body);
    assert_eq!(call.body["allowed_mentions"], json!({"parse": [], "roles": [], "users": []}));
    bot.stop().await;
}

/// `cargo test --release --test discord -- --ignored --nocapture latency`: the time from an
/// INTERACTION_CREATE sent to the bot's callback received, over 1,000 interactions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn latency_of_a_thousand_interactions() {
    let bot = Bot::start(|_| {}).await;
    let questions = ["what is the public core norm", "great firewall year", "who wrote the paper", "qwertyuiop"];
    let mut times = Vec::new();
    for i in 0..1000u64 {
        let options = json!([{"name": "question", "type": 3, "value": questions[i as usize % questions.len()]}]);
        let start = Instant::now();
        bot.server.interact(server::command(10_000 + i, 1000 + i, "ask", options)).await;
        times.push(start.elapsed());
    }
    times.sort();
    let callbacks = bot.server.calls().iter().filter(|c| c.path.ends_with("/callback")).count();
    println!(
        "interactions 1000, callbacks {callbacks}, median {:?}, p99 {:?}, max {:?}",
        times[500], times[990], times[999]
    );
    assert_eq!(callbacks, 1000, "none lost, none answered twice");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_url_not_from_the_api_base_is_refused() {
    let kb = KnowledgeBase::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")).unwrap();
    let matcher = Arc::new(Matcher::new(Arc::new(kb), Default::default()));
    // Nothing listens on port 9 of loopback: GET /gateway fails and serenity falls back to
    // Discord's own gateway, which the bot must notice rather than connect to.
    let live = Arc::new(LiveKnowledge::serving(&shipped(), Arc::try_unwrap(matcher).unwrap()));
    let result =
        normbot::discord::run(Config::default(), live, TOKEN, Some("http://127.0.0.1:9".into()), async {}).await;
    let error = result.unwrap_err();
    assert!(matches!(error, normbot::discord::DiscordError::GatewayNotFromApiBase { .. }), "{error}");
    assert!(!error.to_string().contains(TOKEN));
}

/// The binary as an operator runs it: `DISCORD_TOKEN=… NORMBOT_DISCORD_API_BASE=… normbot run`.
/// It registers, answers /ask exactly as `normbot ask` does, stops cleanly on SIGTERM, and never
/// writes the token anywhere, even at debug level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_runs_against_the_api_base_and_never_logs_the_token() {
    let server = FakeDiscord::start().await;
    let root = env!("CARGO_MANIFEST_DIR");
    let binary = Binary::start(&server, "", "cooldown_seconds = 0", &shipped(), "debug").await;

    let question = "how big is china's digital economy";
    let options = json!([{"name": "question", "type": 3, "value": question}]);
    let callback = server.interact(server::command(3001, 7, "ask", options)).await;
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_normbot"))
        .args(["ask", "--json", "--knowledge"])
        .arg(Path::new(root).join("knowledge"))
        .arg(question)
        .output()
        .unwrap();
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(embed(&callback)["title"], cli["answer"]["title"]);

    let (stdout, stderr) = binary.stop().await;
    assert!(stderr.contains("connected"), "{stderr}");
    for secret in [TOKEN, TOKEN.split('.').nth(1).unwrap(), TOKEN.split('.').nth(2).unwrap()] {
        assert!(!stderr.contains(secret) && !stdout.contains(secret), "the token leaked into the output");
    }
}

/// The reload loop an outside harness found: with the watcher on (the default), one `/reload` or
/// one edit set off reloads that never stopped, each posted to the moderators' channel. The real
/// binary, one `/reload`, one edit, one broken edit and its fix, 10 s idle after each: exactly one
/// report per change, none while idle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_reports_each_knowledge_change_once_and_nothing_while_idle() {
    let server = FakeDiscord::start().await;
    let knowledge = copy_of_shipped();
    let discord = format!("cooldown_seconds = 0\nmoderator_channel_id = {MOD_CHANNEL}");
    let binary = Binary::start(&server, "", &discord, knowledge.path(), "info").await;
    let reports = || -> Vec<String> {
        server
            .calls()
            .iter()
            .filter(|c| c.method == "POST" && c.path == format!("/api/v10/channels/{MOD_CHANNEL}/messages"))
            .map(|c| c.body["content"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let idle = || tokio::time::sleep(Duration::from_secs(10));

    let answer = server.interact(moderator(server::command(9101, 9, "reload", json!([])))).await;
    assert!(answer["data"]["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{answer:#}");
    idle().await;
    assert_eq!(reports().len(), 1, "one /reload, one report: {:#?}", reports());

    let file = knowledge.path().join("qa-development.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let edited = original.replacen("It was valued at 39.2", "EDITED: it was valued at 39.2", 1);
    std::fs::write(&file, &edited).unwrap();
    idle().await;
    let after_edit = reports();
    assert_eq!(after_edit.len(), 2, "one edit, one report: {after_edit:#?}");
    assert!(after_edit[1].starts_with("Knowledge reloaded"), "{}", after_edit[1]);
    let answer = embed(
        &server.interact(server::command(9102, 7, "ask", ask("How big was China's digital economy in 2020?"))).await,
    )
    .clone();
    assert!(answer["description"].as_str().unwrap().starts_with("EDITED"), "{answer:#}");

    std::fs::write(&file, edited.replacen("[[qa]]", "[[qa]", 1)).unwrap();
    idle().await;
    let after_break = reports();
    assert_eq!(after_break.len(), 3, "one broken edit, one report: {after_break:#?}");
    assert!(after_break[2].contains("still serving the last good knowledge"), "{}", after_break[2]);

    std::fs::write(&file, &original).unwrap();
    idle().await;
    let after_fix = reports();
    assert_eq!(after_fix.len(), 4, "one fix, one report: {after_fix:#?}");
    assert!(after_fix[3].starts_with("Knowledge reloaded"), "{}", after_fix[3]);
    let (_, stderr) = binary.stop().await;
    assert_eq!(stderr.matches("knowledge reloaded").count(), 3, "{stderr}");
}

fn ask(question: &str) -> Value {
    json!([{"name": "question", "type": 3, "value": question}])
}

fn copy_of_shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    support::copy_files(&shipped().join("xu-2021"), dir.path());
    dir
}

const MOD_CHANNEL: u64 = 7000;

/// Asks until the answer's text satisfies `done` (a reload is asynchronous), or fails.
async fn ask_until(bot: &Bot, first_id: u64, question: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    for id in first_id.. {
        let callback = bot.ask(id, 7, question).await;
        let text = embed(&callback)["description"].as_str().unwrap_or_default().to_owned();
        if done(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "the edit never went live: {text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    unreachable!()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_on_disk_goes_live_and_a_broken_one_changes_nothing() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |c| {
        c.discord.watch_knowledge = true;
        c.discord.moderator_channel_id = Some(MOD_CHANNEL);
    })
    .await;
    let question = "How big was China's digital economy in 2020?";
    let file = dir.path().join("qa-development.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let since = bot.server.calls().len();
    std::fs::write(&file, original.replacen("It was valued at 39.2", "EDITED: it was valued at 39.2", 1)).unwrap();
    ask_until(&bot, 4001, question, |t| t.starts_with("EDITED")).await;
    let posted = bot.server.wait_call(since, |c| c.path == format!("/api/v10/channels/{MOD_CHANNEL}/messages")).await;
    assert!(posted.body["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{:#}", posted.body);

    // A broken edit: the moderators hear of it with file:line:column, students see no change.
    let since = bot.server.calls().len();
    let broken = original.replacen("It was valued at 39.2", "BROKEN", 1).replacen("[[qa]]", "[[qa]", 1);
    std::fs::write(&file, broken).unwrap();
    let posted = bot
        .server
        .wait_call(since, |c| {
            c.path == format!("/api/v10/channels/{MOD_CHANNEL}/messages")
                && c.body["content"].as_str().is_some_and(|t| t.contains("problem"))
        })
        .await;
    let report = posted.body["content"].as_str().unwrap();
    assert!(report.contains("still serving the last good knowledge"), "{report}");
    assert!(report.contains("qa-development.toml:") && report.contains("TOML syntax"), "{report}");
    let text = ask_until(&bot, 4100, question, |_| true).await;
    assert!(text.starts_with("EDITED"), "the last good knowledge is still served: {text}");
    bot.stop().await;
}

/// The knowledge folder becoming unreadable under the running bot (a file that cannot be read,
/// then the whole folder gone): each /reload says so, students keep the last good knowledge, and
/// the bot recovers as soon as the folder is back, with no restart. (Permissions cannot make a
/// file unreadable to root, so an unreadable file is a link to /proc/self/mem, which fails to read.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_or_vanished_knowledge_folder_keeps_the_last_good_knowledge() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |_| {}).await;
    let reload = |id: u64| moderator(server::command(id, 9, "reload", json!([])));
    let file = dir.path().join("qa-development.toml");
    let saved = dir.path().with_extension("saved");
    std::fs::rename(&file, &saved).unwrap();
    std::os::unix::fs::symlink("/proc/self/mem", &file).unwrap();
    let report = bot.server.interact(reload(9501)).await;
    let text = report["data"]["content"].as_str().unwrap();
    assert!(text.contains("qa-development.toml") && text.contains("cannot read the file"), "{text}");
    assert!(text.contains("still serving the last good knowledge"), "{text}");
    let answer = bot.ask(9502, 7, "How big was China's digital economy in 2020?").await;
    assert!(embed(&answer)["description"].as_str().unwrap().contains("39.2 trillion"), "{answer:#}");
    std::fs::remove_file(&file).unwrap();
    std::fs::rename(&saved, &file).unwrap();
    let gone = dir.path().with_extension("gone");
    std::fs::rename(dir.path(), &gone).unwrap();
    let report = bot.server.interact(reload(9503)).await;
    assert!(report["data"]["content"].as_str().unwrap().contains("still serving the last good knowledge"));
    assert!(embed(&bot.ask(9504, 7, "great firewall year").await)["title"].is_string());
    std::fs::rename(&gone, dir.path()).unwrap();
    let report = bot.server.interact(reload(9505)).await;
    assert!(report["data"]["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{report:#}");
    bot.stop().await;
}

/// A deleted Q&A file loads cleanly, so only the entry count shows it: past the configured share
/// the reload is held (students keep every entry) until a moderator confirms with
/// `/reload confirm:True`, and the report names the file and its ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_that_removes_many_entries_waits_for_confirm() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |c| c.max_removed_share = 0.02).await;
    let question = "Which book by Ray Huang does the paper cite?";
    let before = embed(&bot.ask(9601, 7, question).await)["title"].as_str().unwrap().to_owned();
    std::fs::remove_file(dir.path().join("qa-sources.toml")).unwrap();

    let held = bot.server.interact(moderator(server::command(9602, 9, "reload", json!([])))).await;
    let text = held["data"]["content"].as_str().unwrap();
    assert!(text.starts_with("Reload held: 6 entries of the last good knowledge are gone"), "{text}");
    assert!(text.contains("all of qa-sources.toml (") && text.contains("/reload confirm:True"), "{text}");
    assert_eq!(embed(&bot.ask(9603, 7, question).await)["title"].as_str().unwrap(), before, "still served");

    let confirm = json!([{"name": "confirm", "type": 5, "value": true}]);
    let done = bot.server.interact(moderator(server::command(9604, 9, "reload", confirm))).await;
    let text = done["data"]["content"].as_str().unwrap();
    assert!(text.starts_with("Knowledge reloaded") && text.contains("Note: 6 entries"), "{text}");
    let after = bot.ask(9605, 7, question).await;
    assert_ne!(embed(&after)["title"].as_str(), Some(before.as_str()), "{after:#}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_moderators_can_reload() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |c| c.discord.moderator_role_ids = vec![8000]).await;
    let file = dir.path().join("qa-development.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, original.replacen("It was valued at 39.2", "RELOADED: it was valued at 39.2", 1)).unwrap();

    let refused = bot.server.interact(server::command(5001, 7, "reload", json!([]))).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert!(refused["data"]["content"].as_str().unwrap().contains("Only moderators"));
    let before = bot.ask(5002, 7, "How big was China's digital economy in 2020?").await;
    assert!(!embed(&before)["description"].as_str().unwrap().starts_with("RELOADED"), "nothing changed");

    let mut moderator = server::command(5003, 9, "reload", json!([]));
    moderator["member"]["roles"] = json!(["8000"]);
    let done = bot.server.interact(moderator).await;
    assert!(done["data"]["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{done:#}");
    let after = bot.ask(5004, 7, "How big was China's digital economy in 2020?").await;
    assert!(embed(&after)["description"].as_str().unwrap().starts_with("RELOADED"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_are_counted_once_per_student_and_answer() {
    let bot = Bot::start(|_| {}).await;
    let answer = bot.ask(6001, 7, "great firewall year").await;
    let buttons = answer["data"]["components"][0]["components"].as_array().unwrap().clone();
    let up = buttons[0]["custom_id"].as_str().unwrap().to_owned();
    let down = buttons[1]["custom_id"].as_str().unwrap().to_owned();
    assert!(up.starts_with("vote:1:") && down.starts_with("vote:0:"));
    let thanks = bot.server.interact(server::component(6002, 7, &up, &[])).await;
    assert!(thanks["data"]["content"].as_str().unwrap().starts_with("Thanks"));
    bot.server.interact(server::component(6003, 7, &down, &[])).await;
    bot.server.interact(server::component(6004, 8, &down, &[])).await;
    let store = normbot::store::Store::open(&bot.state.path().join("state.sqlite")).unwrap();
    let id: i64 = up.rsplit(':').next().unwrap().parse().unwrap();
    assert_eq!(store.votes(id).unwrap(), (0, 2), "one vote per student, the last one counts");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_queue_groups_paraphrases_and_one_click_teaches_the_bot() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |_| {}).await;
    let question = "which sheepskin did xu get in finland";
    for (id, q) in
        [(6101, question), (6102, "what sheepskin did xu get in finland"), (6103, "what is the budapest convention")]
    {
        bot.ask(id, 7, q).await;
    }
    let refused = bot.server.interact(server::command(6104, 7, "review", json!([]))).await;
    assert!(refused["data"]["content"].as_str().unwrap().contains("Only moderators"));

    let queue = bot.server.interact(moderator(server::command(6105, 9, "review", json!([])))).await;
    let description = embed(&queue)["description"].as_str().unwrap().to_owned();
    assert!(description.contains("other wordings"), "paraphrases are one row: {description}");
    let rows = queue["data"]["components"].as_array().unwrap();
    let add = rows
        .iter()
        .flat_map(|r| r["components"].as_array().unwrap())
        .map(|b| b["custom_id"].as_str().unwrap().to_owned())
        .find(|c| c.starts_with("review:add:"))
        .expect("an add button");
    let entry = add.rsplit(':').next().unwrap().to_owned();

    let not_allowed = bot.server.interact(server::component(6106, 7, &add, &[])).await;
    assert!(not_allowed["data"]["content"].as_str().unwrap().contains("Only moderators"));
    let mut click = server::component(6107, 9, &add, &[]);
    click["member"]["permissions"] = json!("32");
    let done = bot.server.interact(click).await;
    assert!(done["data"]["content"].as_str().unwrap().contains("live now"), "{done:#}");

    // The TOML file changed, comments kept; the next /ask uses the new phrasing.
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    let wordings = [question, "what sheepskin did xu get in finland"];
    let (file, added) = files
        .iter()
        .find_map(|t| wordings.iter().find(|w| t.contains(&format!("\"{w}\""))).map(|w| (t, *w)))
        .expect("the phrasing is in a file");
    assert!(file.starts_with('#'), "the file's comments are kept");
    let answer = bot.ask(6108, 7, added).await;
    assert_eq!(embed(&answer)["title"], bot_title(&dir, &entry));

    let stats = bot.server.interact(moderator(server::command(6109, 9, "stats", json!([])))).await;
    assert!(embed(&stats)["description"].as_str().unwrap().starts_with("4 questions"), "{stats:#}");
    bot.stop().await;
}

fn bot_title(dir: &tempfile::TempDir, entry: &str) -> String {
    KnowledgeBase::load(dir.path()).unwrap().entry(entry).unwrap().title.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teach_opens_a_form_that_adds_phrasings_and_entries() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |_| {}).await;
    let refused = bot.server.interact(server::command(7001, 7, "teach", json!([]))).await;
    assert!(refused["data"]["content"].as_str().unwrap().contains("Only moderators"));
    let form = bot.server.interact(moderator(server::command(7002, 9, "teach", json!([])))).await;
    assert_eq!(form["type"], 9, "a modal");
    assert_eq!(form["data"]["custom_id"], "teach");

    let phrasing = "when did beijing start filtering the web";
    let fields = [
        ("entry", "great-firewall-2003"),
        ("question", phrasing),
        ("answer", ""),
        ("alternates", ""),
        ("endnotes", ""),
    ];
    let not_allowed = bot.server.interact(server::modal_submit(7003, 7, "teach", &fields)).await;
    assert!(not_allowed["data"]["content"].as_str().unwrap().contains("Only moderators"));
    let done = bot.server.interact(moderator(server::modal_submit(7004, 9, "teach", &fields))).await;
    assert!(done["data"]["content"].as_str().unwrap().contains("live now"), "{done:#}");
    let history = std::fs::read_to_string(dir.path().join("qa-history.toml")).unwrap();
    assert!(history.contains(phrasing) && history.starts_with('#'));

    let new = [
        ("entry", "moderator-added-entry"),
        ("question", "Does the paper discuss quantum networking standards?"),
        ("answer", "No: the paper does not discuss quantum networking; it covers the norms listed under /topics."),
        (
            "alternates",
            "quantum networking in the paper\nis quantum internet covered\npaper and quantum network standards",
        ),
        ("endnotes", ""),
    ];
    let created = bot.server.interact(moderator(server::modal_submit(7005, 9, "teach", &new))).await;
    assert!(created["data"]["content"].as_str().unwrap().contains("Created the entry"), "{created:#}");
    let answer = bot.ask(7006, 7, "is quantum internet covered").await;
    assert_eq!(embed(&answer)["title"], "Does the paper discuss quantum networking standards?");

    // A form that would break the knowledge changes nothing and says why.
    let broken = [
        ("entry", "moderator-duplicate-entry"),
        ("question", "Who is Xu Peixi?"),
        ("answer", "Xu Peixi wrote the paper; he is a professor at the Communication University of China."),
        ("alternates", "who wrote the paper on cyberspace\nname of the paper's writer\nthe paper's author is who"),
        ("endnotes", ""),
    ];
    let refused = bot.server.interact(moderator(server::modal_submit(7007, 9, "teach", &broken))).await;
    let text = refused["data"]["content"].as_str().unwrap();
    assert!(text.starts_with("Nothing was changed") && text.contains("also a phrasing of"), "{refused:#}");
    // A phrasing some entry already has: nothing to add, and the form says whose it is.
    let known = [("entry", "great-firewall-2003"), ("question", "Who is Xu Peixi?"), ("answer", "")];
    let refused = bot.server.interact(moderator(server::modal_submit(7008, 9, "teach", &known))).await;
    let text = refused["data"]["content"].as_str().unwrap();
    assert!(text.ends_with("is already a phrasing of `author-position`; nothing was changed."), "{refused:#}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_queue_can_add_a_question_to_another_entry() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |_| {}).await;
    bot.ask(7101, 7, "which sheepskin did xu get in finland").await;
    let queue = bot.server.interact(moderator(server::command(7102, 9, "review", json!([])))).await;
    let pick = queue["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_owned())
        .find(|c| c.starts_with("review:pick:"))
        .expect("an other-entry button");
    let menu = bot.server.interact(moderator(server::component(7103, 9, &pick, &[]))).await;
    let select = &menu["data"]["components"][0]["components"][0];
    let custom = select["custom_id"].as_str().unwrap().to_owned();
    assert!(select["options"].as_array().unwrap().iter().any(|o| o["value"] == "author-degrees"), "{select:#}");
    let done = bot.server.interact(moderator(server::component(7104, 9, &custom, &["author-degrees"]))).await;
    assert!(done["data"]["content"].as_str().unwrap().contains("author-degrees"), "{done:#}");
    let answer = bot.ask(7105, 7, "which sheepskin did xu get in finland").await;
    assert!(embed(&answer)["description"].as_str().unwrap().contains("Tampere"));
    bot.stop().await;
}

/// The moderators' channel hanging (its POSTs recorded, never answered): `/reload`, a `/teach` form
/// and the questions between them are each answered within Discord's 3 seconds, and each report
/// to the channel is posted only after the answer it belongs to.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_moderators_channel_never_delays_an_answer() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |c| c.discord.moderator_channel_id = Some(MOD_CHANNEL)).await;
    let channel = format!("/api/v10/channels/{MOD_CHANNEL}/messages");
    bot.server.hang_posts_to(&channel);
    let answered_within_3_s = async |id: u64, interaction: Value| {
        let started = Instant::now();
        let callback = bot.server.interact(interaction).await;
        let took = started.elapsed();
        assert!(took < Duration::from_secs(3), "interaction {id} was answered after {took:?}");
        let path = format!("/api/v10/interactions/{id}/interaction-token-{id}/callback");
        let at = bot.server.calls().iter().find(|c| c.path == path).unwrap().at;
        (callback, at)
    };
    let teach = [
        ("entry", "great-firewall-2003"),
        ("question", "when did beijing start filtering the web"),
        ("answer", ""),
        ("alternates", ""),
        ("endnotes", ""),
    ];
    let asked = |id| server::command(id, 7, "ask", ask("great firewall year"));

    let (answer, _) = answered_within_3_s(9601, asked(9601)).await;
    assert!(embed(&answer)["title"].is_string(), "{answer:#}");
    let since = bot.server.calls().len();
    let (reloaded, answered) =
        answered_within_3_s(9602, moderator(server::command(9602, 9, "reload", json!([])))).await;
    assert!(reloaded["data"]["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{reloaded:#}");
    let report = bot.server.wait_call(since, |c| c.path == channel).await;
    assert!(report.at >= answered, "the reload is reported after the answer");
    assert!(report.body["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{:#}", report.body);

    let (answer, _) = answered_within_3_s(9603, asked(9603)).await;
    assert!(embed(&answer)["title"].is_string(), "answers go on while the report hangs: {answer:#}");
    let since = bot.server.calls().len();
    let (taught, answered) = answered_within_3_s(9604, moderator(server::modal_submit(9604, 9, "teach", &teach))).await;
    assert!(taught["data"]["content"].as_str().unwrap().contains("live now"), "{taught:#}");
    let report = bot.server.wait_call(since, |c| c.path == channel).await;
    assert!(report.at >= answered, "the edit's reload is reported after the answer");

    let (answer, _) = answered_within_3_s(9605, asked(9605)).await;
    assert!(embed(&answer)["title"].is_string(), "{answer:#}");
    assert_eq!(bot.server.calls().iter().filter(|c| c.path == channel).count(), 2, "one report each");
    bot.stop().await;
}

fn custom_ids(callback: &Value) -> Vec<String> {
    let rows = callback["data"]["components"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|r| r["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// A question that is already some entry's phrasing has nothing left to teach: a down-voted
/// answer to an entry's own words is not in the queue, and a question taught elsewhere (here with
/// the editor, as `normbot teach` does, then /reload) leaves it: its stale "Other entry…" menu and
/// button say so instead of failing with "is written twice".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_already_taught_leaves_the_review_queue() {
    let dir = copy_of_shipped();
    let bot = Bot::start_with(dir.path(), |_| {}).await;
    let answer = bot.ask(7201, 7, "Who is Xu Peixi?").await;
    let down = custom_ids(&answer).into_iter().find(|c| c.starts_with("vote:0:")).expect("a down-vote button");
    bot.server.interact(server::component(7202, 7, &down, &[])).await;
    let question = "which sheepskin did xu get in finland";
    bot.ask(7203, 7, question).await;

    let queue = bot.server.interact(moderator(server::command(7204, 9, "review", json!([])))).await;
    let description = embed(&queue)["description"].as_str().unwrap().to_owned();
    assert!(description.contains(question), "{description}");
    assert!(!description.contains("Who is Xu Peixi"), "an entry's own words are not in the queue: {description}");
    let pick = custom_ids(&queue).into_iter().find(|c| c.starts_with("review:pick:")).expect("an other-entry button");
    let menu = bot.server.interact(moderator(server::component(7205, 9, &pick, &[]))).await;
    let to = custom_ids(&menu).into_iter().find(|c| c.starts_with("review:to:")).expect("a menu");

    // Taught elsewhere, then made live.
    let editor = normbot::knowledge::edit::Editor::new(dir.path(), &bot.state.path().join("backups")).unwrap();
    let edit =
        normbot::knowledge::edit::Edit::AddPhrasing { entry: "author-degrees".into(), phrasing: question.into() };
    editor.apply(&edit).unwrap();
    let reloaded = bot.server.interact(moderator(server::command(7206, 9, "reload", json!([])))).await;
    assert!(reloaded["data"]["content"].as_str().unwrap().starts_with("Knowledge reloaded"), "{reloaded:#}");

    let picked = bot.server.interact(moderator(server::component(7207, 9, &to, &["author-degrees"]))).await;
    let text = picked["data"]["content"].as_str().unwrap();
    assert_eq!(
        text,
        format!("\u{201c}{question}\u{201d} is already a phrasing of `author-degrees`; removed from the queue.")
    );
    assert_eq!(picked["data"]["flags"], 64, "only the moderator sees it");
    let again = bot.server.interact(moderator(server::component(7208, 9, &pick, &[]))).await;
    let text = again["data"]["content"].as_str().unwrap();
    assert!(text.ends_with("is already a phrasing of `author-degrees`; nothing was changed."), "{again:#}");
    let file = std::fs::read_to_string(dir.path().join("qa-history.toml")).unwrap();
    assert_eq!(file.matches(question).count(), 1, "written once");

    let queue = bot.server.interact(moderator(server::command(7209, 9, "review", json!([])))).await;
    assert!(queue["data"]["content"].as_str().unwrap().starts_with("The review queue is empty"), "{queue:#}");

    // /teach with an entry's own words says so too, and changes nothing.
    let fields = [
        ("entry", "great-firewall-2003"),
        ("question", "who is xu peixi"),
        ("answer", ""),
        ("alternates", ""),
        ("endnotes", ""),
    ];
    let taught = bot.server.interact(moderator(server::modal_submit(7210, 9, "teach", &fields))).await;
    let text = taught["data"]["content"].as_str().unwrap();
    assert!(text.contains("is already a phrasing of `author-position`"), "{taught:#}");
    bot.stop().await;
}

/// The state database deleted under the running bot: answering goes on, a new file is started
/// (logged once) and holds what comes next, with no restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_state_database_is_started_again_without_a_restart() {
    let bot = Bot::start(|_| {}).await;
    let path = bot.state.path().join("state.sqlite");
    assert!(embed(&bot.ask(9401, 7, "great firewall year").await)["title"].is_string());
    // The first question is written after its answer: wait for it, or it may land in the new file.
    let deadline = Instant::now() + Duration::from_secs(10);
    while logged_questions(&path) < 1 {
        assert!(Instant::now() < deadline, "the first question was never written");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    assert!(embed(&bot.ask(9402, 7, "what is the public core norm").await)["title"].is_string());
    assert!(embed(&bot.ask(9403, 7, "who wrote the paper").await)["title"].is_string());
    // Questions are written on the state thread after their answer: wait for them.
    let deadline = Instant::now() + Duration::from_secs(10);
    while logged_questions(&path) < 2 {
        assert!(Instant::now() < deadline, "no new state database, or not its questions");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let usage = normbot::store::Store::open(&path).unwrap().usage(0).unwrap();
    assert_eq!(usage.questions, 2, "the questions after the deletion are kept");
    let path = path.display().to_string();
    let restarts =
        support::bot::logs().lines().filter(|l| l.contains("started a new one") && l.contains(&path)).count();
    assert_eq!(restarts, 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_or_corrupt_state_database_never_stops_answering() {
    let bot = Bot::start(|_| {}).await;
    let path = bot.state.path().join("state.sqlite");
    // Another process holds the database locked: questions are still answered (unlogged).
    let locker = rusqlite::Connection::open(&path).unwrap();
    locker.execute_batch("BEGIN EXCLUSIVE; INSERT INTO audit (at, moderator, action) VALUES (0, 0, 'lock');").unwrap();
    let answer = bot.ask(8001, 7, "great firewall year").await;
    assert!(embed(&answer)["title"].is_string());
    locker.execute_batch("ROLLBACK").unwrap();
    bot.stop().await;

    // A state file that is not a database: the bot starts, answers, and says so in the log.
    let bot = Bot::start(|c| {
        let dir = std::env::temp_dir().join(format!("normbot-corrupt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("state.sqlite");
        std::fs::write(&file, "not a database at all, only some text that is long enough").unwrap();
        c.state.database = file;
    })
    .await;
    let answer = bot.ask(8002, 7, "great firewall year").await;
    assert!(embed(&answer)["title"].is_string());
    let refused = bot.server.interact(moderator(server::command(8003, 9, "stats", json!([])))).await;
    assert!(refused["data"]["content"].as_str().unwrap().contains("No state database"), "{refused:#}");
    bot.stop().await;
}

/// Sends `/ask` from 50 students at once (ids `first..first + 50`, one user each) and returns the
/// slowest latency: from the INTERACTION_CREATE sent to its callback received.
async fn burst_of_fifty(bot: &Bot, first: u64) -> Duration {
    let ids = first..first + 50;
    let mut sent = std::collections::HashMap::new();
    for id in ids.clone() {
        sent.insert(id, Instant::now());
        bot.server.dispatch("INTERACTION_CREATE", server::command(id, 20_000 + id, "ask", ask("great firewall year")));
    }
    wait_answered(bot, ids.clone()).await;
    let mut slowest = Duration::ZERO;
    for call in bot.server.calls().iter().filter(|c| c.path.ends_with("/callback")) {
        let id: u64 = call.path.split('/').nth(4).unwrap().parse().unwrap();
        if let Some(at) = sent.get(&id) {
            assert!(embed(&call.body)["title"].is_string(), "{:#}", call.body);
            slowest = slowest.max(call.at.duration_since(*at));
        }
    }
    slowest
}

/// The questions in the state database, read as another process would (0 while there is no
/// file or no table yet; the file is never created here).
fn logged_questions(path: &Path) -> i64 {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE;
    let Ok(connection) = rusqlite::Connection::open_with_flags(path, flags) else { return 0 };
    connection.busy_timeout(Duration::from_secs(5)).unwrap();
    connection.query_row("SELECT COUNT(*) FROM questions", [], |r| r.get(0)).unwrap_or(0)
}

/// Another process holds the state database locked (an exclusive transaction) for 2 s while 50
/// students ask: every answer arrives, and the slowest is no slower than with the database free
/// (SQLite runs on the state thread, and an answer never waits for its question to be logged).
/// Each try is a free burst, a locked one and a free one again; the locked burst's slowest answer
/// is compared with the slower free burst's. The machine is shared, so a try may be disturbed: up
/// to three are made. On the old code, which logged on the runtime's threads, the slowest answer
/// in the locked burst waited about 2 s in every try.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_state_database_delays_no_answer() {
    let bot = Bot::start(|_| {}).await;
    let path = bot.state.path().join("state.sqlite");
    assert!(embed(&bot.ask(9700, 7, "great firewall year").await)["title"].is_string(), "warmed up");
    let (mut tries, mut passed) = (Vec::new(), false);
    for first in [10_000, 11_000, 12_000] {
        let free_before = burst_of_fifty(&bot, first).await;
        let locker = rusqlite::Connection::open(&path).unwrap();
        locker.busy_timeout(Duration::from_secs(10)).unwrap();
        locker
            .execute_batch("BEGIN EXCLUSIVE; INSERT INTO audit (at, moderator, action) VALUES (0, 0, 'lock');")
            .unwrap();
        let locked_at = Instant::now();
        let unlock = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(2));
            locker.execute_batch("ROLLBACK").unwrap();
        });
        let locked = burst_of_fifty(&bot, first + 100).await;
        let answered_in = locked_at.elapsed();
        unlock.join().unwrap();
        let free_after = burst_of_fifty(&bot, first + 200).await;
        let free = free_before.max(free_after);
        eprintln!(
            "slowest answer: {free_before:?} and {free_after:?} with the database free, {locked:?} with it locked \
             (the locked burst answered in {answered_in:?})"
        );
        // A try counts only if the whole locked burst was answered while the lock was held.
        passed = locked.saturating_sub(free) < Duration::from_millis(100) && answered_in < Duration::from_secs(2);
        tries.push((locked, free, answered_in));
        if passed {
            break;
        }
    }
    assert!(
        passed,
        "in each try the lock delayed the slowest answer by 100 ms or more, or the locked burst outlasted the \
         lock (slowest locked, slowest free, locked burst): {tries:?}"
    );
    // Once the lock is gone the questions are written; a few may have given up waiting for it
    // (500 ms each, logged as failures).
    let asked = 1 + 150 * tries.len() as i64;
    let deadline = Instant::now() + Duration::from_secs(20);
    while logged_questions(&path) < asked - 10 * tries.len() as i64 {
        assert!(Instant::now() < deadline, "{} of {asked} questions logged", logged_questions(&path));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bot.stop().await;
}

/// Hostile questions through the whole bot: each is answered safely or refused politely; none
/// pings anyone, breaks out of formatting, or goes unanswered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_questions_are_answered_safely_or_refused_politely() {
    let bot = Bot::start(|_| {}).await;
    let corpus: Vec<String> = vec![
        "q".repeat(100_000),
        "what is\u{0} the public\u{0} core norm".into(),
        serde_json::from_str::<String>(r#""lone surrogate \ud800 public core""#)
            .unwrap_or_else(|_| "\u{FFFD} public core".into()),
        "p\u{200B}u\u{200C}b\u{200D}lic co\u{2060}re norm".into(),
        "\u{202E}mron eroc cilbup eht si tahw\u{202C}".into(),
        "@everyone @here <@123> <@!456> <@&789> <#1011> what is the public core norm".into(),
        "```\n@everyone\n``` **bold** __u__ ~~s~~ ||spoiler|| > quote [link](https://example.org) # heading".into(),
        "😀".repeat(10_000),
        "what is the of a and the is what".into(),
        "".into(),
    ];
    for (i, question) in corpus.iter().enumerate() {
        let callback = bot.ask(9000 + i as u64, 100 + i as u64, question).await;
        assert_eq!(callback["type"], 4, "question {i} got an answer");
        assert_no_mentions(&callback);
        let text = callback["data"].to_string();
        for ping in ["@everyone", "@here", "<@123>", "<@!456>", "<@&789>"] {
            assert!(!text.contains(ping), "question {i} echoed {ping}: {text}");
        }
        let content = callback["data"]["content"].as_str().unwrap_or_default();
        assert!(!content.contains("```"), "question {i} broke out of the formatting: {content}");
    }
    bot.stop().await;
}

/// Invalid surrogates through JSON escapes, as raw gateway frames: a lone `\ud800` or a reversed
/// pair in a question. serde_json refuses such a payload (no String can hold it), so serenity drops
/// that one event; the bot neither panics nor disconnects, and the next questions are answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_surrogate_escapes_in_a_payload_break_nothing() {
    let bot = Bot::start(|_| {}).await;
    for (i, escape) in [r"\ud800", r"\udc00\ud800", r"\ud83d"].iter().enumerate() {
        let id = 9300 + i as u64;
        let mut interaction =
            server::command(id, 7, "ask", json!([{"name": "question", "type": 3, "value": "SURROGATE public core"}]));
        interaction["id"] = json!(id.to_string());
        let raw = interaction.to_string().replace("SURROGATE", escape);
        bot.server.dispatch_raw("INTERACTION_CREATE", raw);
    }
    let after = bot.ask(9310, 7, "what is the public core norm").await;
    assert!(embed(&after)["title"].as_str().unwrap().contains("Public Core"), "{after:#}");
    assert_eq!(bot.server.identifies(), 1, "no reconnect");
    assert_eq!(bot.server.resumes(), 0, "no reconnect");
    let dropped = bot.server.calls().iter().filter(|c| c.path.contains("/interactions/930")).count();
    assert_eq!(dropped, 0, "serde_json cannot read these payloads, so they are dropped, not answered");
    bot.stop().await;
}

/// Discord's REST side failing: a 500, a 429 and a callback that never returns. Each failed
/// reply is logged; the bot goes on answering the next questions without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failing_callbacks_do_not_stop_the_bot() {
    let bot = Bot::start(|_| {}).await;
    let mut faults = vec![server::Fault::ServerError; 10];
    faults.extend([server::Fault::TooManyRequests, server::Fault::Hang]);
    bot.server.fail_next(&faults);
    for id in 9091..9103 {
        // Each of these reaches the server and fails there (the 429 is retried by serenity).
        bot.ask(id, 7, "great firewall year").await;
    }
    let after = bot.ask(9104, 7, "great firewall year").await;
    assert!(embed(&after)["title"].is_string(), "answers go on after failures and while one hangs");
    let logs = support::bot::logs();
    let failures: Vec<&str> = logs.lines().filter(|l| l.contains("could not send a reply")).collect();
    let calls = bot.server.calls();
    for id in 9091..9101 {
        let path = format!("/api/v10/interactions/{id}/interaction-token-{id}/callback");
        assert_eq!(calls.iter().filter(|c| c.path == path).count(), 1, "a 500 is not retried: {id}");
    }
    assert!(logs.contains(" serenity::"), "serenity's own debug log is captured (and scanned for the token) too");
    assert_eq!(failures.len(), 1, "ten failures, logged once (then once a minute with a count): {failures:#?}");
    bot.stop().await;
}

fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn peak_rss_kib() -> u64 {
    status_kib("VmHWM:")
}

/// `cargo test --release --test discord -- --ignored --nocapture burst`: 10,000 interactions from
/// 500 students in bursts of 500, with a 1 s cooldown. Every interaction gets exactly one
/// callback; no student gets two answers within the cooldown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn burst_of_ten_thousand_interactions_from_five_hundred_students() {
    let bot = Bot::start(|c| c.discord.cooldown_seconds = 1.0).await;
    let questions = ["what is the public core norm", "great firewall year", "who wrote the paper", "qwertyuiop"];
    let (students, bursts) = (500u64, 20u64);
    let mut sent_at = std::collections::HashMap::new();
    let mut rss = Vec::new();
    let start = Instant::now();
    for burst in 0..bursts {
        for student in 0..students {
            let id = 100_000 + burst * students + student;
            let options = json!([{"name": "question", "type": 3, "value": questions[(id % 4) as usize]}]);
            sent_at.insert(id, Instant::now());
            bot.server.dispatch("INTERACTION_CREATE", server::command(id, 50_000 + student, "ask", options));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        rss.push(status_kib("VmRSS:") / 1024);
    }
    let total = (students * bursts) as usize;
    let deadline = Instant::now() + Duration::from_secs(120);
    while bot.server.calls().iter().filter(|c| c.path.ends_with("/callback")).count() < total {
        assert!(Instant::now() < deadline, "callbacks missing");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let elapsed = start.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let callbacks: Vec<_> = bot.server.calls().into_iter().filter(|c| c.path.ends_with("/callback")).collect();
    let mut seen = std::collections::HashSet::new();
    let mut latencies = Vec::new();
    let mut answered_at: std::collections::HashMap<u64, Vec<Instant>> = std::collections::HashMap::new();
    let mut notices = 0;
    for call in &callbacks {
        let id: u64 = call.path.split('/').nth(4).unwrap().parse().unwrap();
        assert!(seen.insert(id), "interaction {id} answered twice");
        latencies.push(call.at.duration_since(sent_at[&id]));
        let student = (id - 100_000) % students;
        if call.body["data"]["content"].as_str().is_some_and(|c| c.contains("ask again in")) {
            notices += 1;
        } else {
            answered_at.entry(student).or_default().push(call.at);
        }
    }
    assert_eq!(callbacks.len(), total, "none lost, none answered twice");
    for (student, times) in &mut answered_at {
        times.sort();
        for pair in times.windows(2) {
            assert!(
                pair[1].duration_since(pair[0]) >= Duration::from_millis(900),
                "student {student} answered twice within the cooldown"
            );
        }
    }
    latencies.sort();
    println!(
        "interactions {total} from {students} students in {elapsed:?}: {:.0}/s, p50 {:?}, p99 {:?}, cooldown notices {notices}, peak RSS {} MiB, RSS after each burst (MiB) {rss:?}",
        total as f64 / elapsed.as_secs_f64(),
        latencies[total / 2],
        latencies[total * 99 / 100],
        peak_rss_kib() / 1024
    );
    bot.stop().await;
}

/// `cargo test --release --test discord -- --ignored --nocapture memory`: the real binary
/// (`normbot run`, its own process) answers 20 bursts of 500 interactions from 500 students
/// (10,000 in all, 1 s cooldown); its resident memory is sampled after each burst and must level
/// off: none lost, none answered twice, and the last bursts hold no more memory than the early ones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn memory_of_the_binary_stays_flat_under_bursts() {
    let server = FakeDiscord::start().await;
    let binary = Binary::start(&server, "log_level = \"warn\"", "cooldown_seconds = 1", &shipped(), "warn").await;
    let rss = |pid: u32| -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
        line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() / 1024
    };
    let questions = ["what is the public core norm", "great firewall year", "who wrote the paper", "qwertyuiop"];
    let (students, bursts) = (500u64, 20u64);
    let before = rss(binary.pid());
    let mut samples = Vec::new();
    let start = Instant::now();
    for burst in 0..bursts {
        for student in 0..students {
            let id = 300_000 + burst * students + student;
            let options = json!([{"name": "question", "type": 3, "value": questions[(id % 4) as usize]}]);
            server.dispatch("INTERACTION_CREATE", server::command(id, 70_000 + student, "ask", options));
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        samples.push(rss(binary.pid()));
    }
    let total = (students * bursts) as usize;
    let deadline = Instant::now() + Duration::from_secs(120);
    while server.calls().iter().filter(|c| c.path.ends_with("/callback")).count() < total {
        assert!(Instant::now() < deadline, "callbacks missing");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let elapsed = start.elapsed();
    let peak = std::fs::read_to_string(format!("/proc/{}/status", binary.pid())).unwrap_or_default();
    let peak = peak.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("").to_owned();
    binary.stop().await;
    let mut ids = std::collections::HashSet::new();
    for call in server.calls().iter().filter(|c| c.path.ends_with("/callback")) {
        assert!(ids.insert(call.path.clone()), "answered twice: {}", call.path);
    }
    assert_eq!(ids.len(), total);
    println!(
        "binary: {total} interactions in {elapsed:?}; RSS before {before} MiB, after each burst (MiB) {samples:?}; {peak}"
    );
    let early = samples[..5].iter().max().unwrap();
    let late = samples[bursts as usize - 5..].iter().max().unwrap();
    assert!(*late <= early + 8, "memory grows with traffic: {samples:?}");
}

/// A question in Chinese, through the loopback Discord server: the curated English answer, with
/// a Chinese line saying so; a Chinese question the paper does not answer hears so in Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_question_gets_the_english_answer_with_a_chinese_line() {
    // The shipped knowledge's Chinese names (aliases-zh.toml) lead 网络主权 to cyber sovereignty.
    let bot = Bot::start(|_| {}).await;
    let answer = bot.ask(9701, 7, "網絡主權是誰提出的？").await;
    assert_eq!(answer["data"]["content"], "论文原文为英文，以下为英文回答：", "{answer:#}");
    assert!(embed(&answer)["description"].as_str().unwrap().contains("Xi Jinping"), "{answer:#}");
    let none = bot.ask(9702, 7, "量子计算是什么").await;
    assert!(none["data"]["content"].as_str().unwrap().starts_with("论文中没有找到"), "{none:#}");
    bot.stop().await;
}

/// A student whose Discord is set to Chinese (the interaction's `locale`) hears the bot's own
/// texts in Chinese whatever the question's language; the answer stays the paper's English. A
/// student on an English client asking in English hears English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_askers_locale_chooses_the_language_of_the_fixed_texts() {
    let bot = Bot::start(|c| c.discord.cooldown_seconds = 60.0).await;
    let ask = |id: u64, user: u64, question: &str, locale: &str| {
        let options = json!([{"name": "question", "type": 3, "value": question}]);
        let mut interaction = server::command(id, user, "ask", options);
        interaction["locale"] = json!(locale);
        bot.server.interact(interaction)
    };
    let none = ask(9801, 81, "what is quantum computing", "zh-CN").await;
    assert!(none["data"]["content"].as_str().unwrap().starts_with("论文中没有找到"), "{none:#}");
    let wait = ask(9802, 81, "what is the public core norm?", "zh-CN").await;
    assert!(wait["data"]["content"].as_str().unwrap().starts_with("请稍候"), "{wait:#}");
    let answer = ask(9803, 82, "what is the public core norm?", "zh-TW").await;
    assert_eq!(answer["data"]["content"], "论文原文为英文，以下为英文回答：", "{answer:#}");
    assert!(embed(&answer)["description"].as_str().unwrap().contains("public core"), "{answer:#}");
    let english = ask(9804, 83, "what is quantum computing", "en-US").await;
    assert!(english["data"]["content"].as_str().unwrap().starts_with("I couldn't find that"), "{english:#}");
    let long = ask(9805, 84, &"网".repeat(700), "en-US").await;
    assert!(long["data"]["content"].as_str().unwrap().starts_with("这个问题有 700 个字符"), "{long:#}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_mode_serves_healthz_and_metrics_on_its_own_port() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let bot = Bot::start(|c| c.http.metrics_listen = Some(format!("127.0.0.1:{port}"))).await;
    bot.ask(9100, 7, "what is the public core norm?").await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut health = None;
    for _ in 0..200 {
        if let Ok(response) = client.get(format!("http://127.0.0.1:{port}/healthz")).send().await {
            health = Some((response.status().as_u16(), response.text().await.unwrap()));
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(health, Some((200, "ok\n".to_owned())));
    let metrics = client.get(format!("http://127.0.0.1:{port}/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("normbot_questions_total{outcome=\"answered\"}"), "{metrics}");
    bot.stop().await;
    // The port is closed with the bot.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(client.get(format!("http://127.0.0.1:{port}/healthz")).send().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_given_a_shard_range_identifies_as_those_shards_only() {
    let bot = Bot::start(|c| {
        c.discord.shards = Some("1-1".into());
        c.discord.shard_total = Some(4);
    })
    .await;
    assert_eq!(bot.server.identified_shards(), [json!([1, 4])]);
    let answer = bot.ask(9200, 7, "what is the public core norm?").await;
    assert_eq!(answer["type"], 4);
    bot.stop().await;
}
